import type { WorkspaceSnapshot } from '../schema/read';
import type { StageKind } from '../schema/workshop';
import { attendanceOf } from '../workshop/attendance';
import { latestSessionId, sessionStateOf, type SessionState, type VerdictOf } from '../workshop/session';
import type { SignatureCache } from '../workshop/signed';

/*
 * What a workshop session produced, as the facilitator's report opens with it
 * (docs/workshop.md, "Session: the outcome"): who came and when, the agenda as
 * run with its stage times, and, from the other parts of the workshop, what
 * was drafted, revealed, voted and committed (`sections`, filled by those
 * parts). Plain and serialisable, so it crosses to the export worker as is.
 */

export interface OutcomeStage {
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

export interface WorkshopOutcome {
  sessionId: string;
  facilitatorName: string;
  startedAt: number;
  endedAt: number | null;
  attendance: OutcomeVisit[];
  agenda: OutcomeStage[];
  sections: OutcomeSection[];
}

export function workshopOutcomeOf(state: SessionState, records: WorkspaceSnapshot['attendance'], verdictOf: VerdictOf, sections: OutcomeSection[] = []): WorkshopOutcome {
  const { visits } = attendanceOf(records.values(), state.sessionId, state.facilitatorId, verdictOf);
  return {
    sessionId: state.sessionId,
    facilitatorName: state.facilitatorName,
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    // A visit still open when the session ended ended with it.
    attendance: visits.map((v) => ({ name: v.name, joinedAt: v.joinedAt, leftAt: v.leftAt ?? state.endedAt })),
    agenda: state.stages.map((s) => ({ title: s.title, kind: s.kind, skipped: s.skipped, startedAt: s.startedAt, endedAt: s.endedAt })),
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
