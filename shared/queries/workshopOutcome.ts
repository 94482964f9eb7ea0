import type { WorkspaceSnapshot } from '../schema/read';
import type { StageKind } from '../schema/workshop';
import { attendanceOf } from '../workshop/attendance';
import { latestSessionId, sessionStateOf, type SessionState, type VerdictOf } from '../workshop/session';
import type { SignatureCache } from '../workshop/signed';
import type { DraftsOutcomeRound } from './draftsOutcome';
import type { ConfidenceOutcome, DotOutcome } from './votesOutcome';

/*
 * What a workshop session produced, as the facilitator's report opens with it
 * (docs/workshop.md, "Session: the outcome"): who came and when, the agenda as
 * run with its stage times, and, from the other parts of the workshop, what
 * was drafted, revealed, voted and committed (`sections`, filled by those
 * parts). Plain and serialisable, so it crosses to the export worker as is.
 */

export interface OutcomeStage {
  id: string;
  title: string;
  kind: StageKind;
  skipped: boolean;
  startedAt: number | null;
  endedAt: number | null;
}

export interface OutcomeVisit {
  name: string;
  joinedAt: number;
  leftAt: number | null;
}

/** A part of the outcome another part of the workshop adds (drafts revealed, clusters, vote results, confidence, commitments). */
export interface OutcomeSection {
  heading: string;
  items: { title: string; detail: string }[];
}

/** An objective or KR the session adopted, and what it came from. */
export interface OutcomeAdoption {
  kind: 'objective' | 'keyResult';
  title: string;
  /** "cluster “Lead the mid-market” (2 drafts)", "dot vote “Which objective?”", "confidence vote “Signups”". */
  from: string;
  /** What was adopted, in words: "8/10 confidence" for a median; empty otherwise. */
  detail: string;
}

/** The commit stage: an objective marked committed (or made active) during the session. */
export interface OutcomeCommitment {
  objectiveId: string;
  title: string;
  /** 'committed' or 'aspirational': what it is now. */
  commitment: string;
  /** What changed: "aspirational → committed", "draft → active". */
  change: string;
  by: string;
  at: number;
}

/** A record refused as hostile or malformed: shown, never counted. */
export interface OutcomeRefusal {
  /** The part it belongs to: "Drafts", or the vote's title. */
  where: string;
  reason: string;
}

/** What the session produced beyond attendance and the agenda (docs/workshop.md, "The outcome"). */
export interface SessionProduced {
  drafts: DraftsOutcomeRound[];
  votes: (ConfidenceOutcome | DotOutcome)[];
  adopted: OutcomeAdoption[];
  committed: OutcomeCommitment[];
  refused: OutcomeRefusal[];
}

export const NOTHING_PRODUCED: SessionProduced = { drafts: [], votes: [], adopted: [], committed: [], refused: [] };

export interface WorkshopOutcome {
  sessionId: string;
  facilitatorName: string;
  startedAt: number;
  endedAt: number | null;
  attendance: OutcomeVisit[];
  agenda: OutcomeStage[];
  /** Drafts, votes, adoptions, commitments and refused records: filled by shared/queries/sessionOutcome.ts. */
  produced: SessionProduced;
  sections: OutcomeSection[];
}

export function workshopOutcomeOf(state: SessionState, records: WorkspaceSnapshot['attendance'], verdictOf: VerdictOf, produced: SessionProduced = NOTHING_PRODUCED, sections: OutcomeSection[] = []): WorkshopOutcome {
  const { visits } = attendanceOf(records.values(), state.sessionId, state.facilitatorId, verdictOf);
  return {
    sessionId: state.sessionId,
    facilitatorName: state.facilitatorName,
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    // A visit still open when the session ended ended with it.
    attendance: visits.map((v) => ({ name: v.name, joinedAt: v.joinedAt, leftAt: v.leftAt ?? state.endedAt })),
    agenda: state.stages.map((s) => ({ id: s.id, title: s.title, kind: s.kind, skipped: s.skipped, startedAt: s.startedAt, endedAt: s.endedAt })),
    produced,
    sections,
  };
}

/** The outcome of `sessionId` (or of the latest session) of a read workspace, signatures checked; null when it had none. */
export async function verifiedWorkshopOutcome(snapshot: Pick<WorkspaceSnapshot, 'facilitation' | 'agendaStages' | 'attendance'>, cache: SignatureCache, sessionId: string | null = null): Promise<WorkshopOutcome | null> {
  await cache.verifyAll([...snapshot.facilitation.values(), ...snapshot.agendaStages.values(), ...snapshot.attendance.values()]);
  const verdictOf: VerdictOf = (r) => cache.verdict(r);
  const id = sessionId ?? latestSessionId(snapshot.facilitation.values(), verdictOf);
  if (id === null) return null;
  const state = sessionStateOf({ facilitation: snapshot.facilitation.values(), agendaStages: snapshot.agendaStages.values(), attendance: snapshot.attendance.values() }, id, verdictOf);
  return state ? workshopOutcomeOf(state, snapshot.attendance, verdictOf) : null;
}

/** "12 min", "1 h 5 min": how long a stage ran. */
export function formatStageDuration(startedAt: number | null, endedAt: number | null): string {
  if (startedAt === null || endedAt === null) return '';
  const minutes = Math.round((endedAt - startedAt) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
