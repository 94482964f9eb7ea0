import type { WorkshopOutcome } from './workshopOutcome';
import type { DependencyStatus } from '../schema/alignment';
import type { Answer, Checkpoint, ClosedAs, Commitment, DecisionKind, Initiative, KeyResultKind, LifecycleStatus, Risk } from '../schema/types';
import type { Health } from './health';
import type { PromiseState } from './rollouts';
import type { ExportScope } from './scope';
import type { TrendModel } from './trend';

/*
 * The session report's model (built by buildReport in report.ts): plain and
 * serialisable, so the Markdown and HTML formats only lay it out.
 */

export interface ReportOptions {
  scope: ExportScope;
  /** The moment the report is "as of" (the trend charts' marker, overdue dependencies). */
  now: number;
  /** The exporter's locale (BCP 47): the report's days and times are written in it. */
  locale: string;
  /**
   * The reader's time zone (IANA, e.g. "Europe/Paris"): the report's moments
   * are written in it, with its offset named ("14:05 (UTC+01:00)"). UTC when
   * not given.
   */
  timeZone?: string;
  /** Adds "What changed in this session": everything after this checkpoint. */
  sessionSince?: Checkpoint | null;
  /**
   * Details only the first this many objectives in scope (the export dialog's
   * preview renders in the window, and 200 objectives of charts would block
   * it); the scope, decisions, rollouts and session stay whole.
   */
  detailObjectives?: number;
  /** Opens the report with what a workshop session produced (shared/queries/workshopOutcome.ts; signatures checked by the caller). */
  outcome?: WorkshopOutcome | null;
}

export interface ReportTeam {
  id: string;
  name: string;
  colour: string;
}

export interface ReportQuestion {
  text: string;
  answer: Answer;
}

export interface ReportKeyResult {
  id: string;
  title: string;
  kind: KeyResultKind;
  /** "Metric (increase)", "Output", "Learning", "Milestone". */
  kindLabel: string;
  risk: Risk | null;
  /** Metric and output KRs' unit ('' otherwise). */
  unit: string;
  /** Learning KRs: the number of live questions (0 otherwise). */
  questionCount: number;
  /** The report's locale, which its values are written in (the HTML's charts write theirs in it too). */
  locale: string;
  /** Why this measure (the KR's `why`; '' when none was written). */
  why: string;
  /** Null for a threshold (stay above / below): it has no baseline. */
  baseline: string | null;
  target: string;
  current: string;
  /** 0..1, or null when nothing is known yet. */
  progress: number | null;
  /** Null when not judged: closed, dropped, or of a closed objective (health.ts). */
  health: Health | null;
  /** "On track", "At risk", "Off track", or "—". */
  healthLabel: string;
  /** Why, in words with the numbers, worst first. */
  healthReasons: string[];
  confidence: number | null;
  /** "7/10 (high)", or "—". */
  confidenceLabel: string;
  /** Its own owner, else its objective's (myDueKeyResults.ts ownerOf: whom its reminders go to); '' when neither is set. */
  owner: string;
  status: string;
  /** The latest score, 0..1, or null when not scored. */
  score: number | null;
  scoreNote: string;
  /** Learning KRs: each live question with its standing answer. */
  questions: ReportQuestion[];
  trend: TrendModel | null;
  /** What the trend chart shows, in words (for assistive technology and print). */
  trendLabel: string;
}

export interface ReportDependency {
  /** 'needs': the objective's team needs it from another; 'owes': another team needs it from the objective's team. */
  direction: 'needs' | 'owes';
  what: string;
  fromTeam: string;
  toTeam: string;
  neededBy: string | null;
  blocking: boolean;
  overdue: boolean;
  status: DependencyStatus;
  statusNote: string;
  /** The KR that tracks it, when it is one of this objective's. */
  keyResultTitle: string | null;
}

export interface ReportInitiative {
  title: string;
  kind: Initiative['kind'];
  status: Initiative['status'];
  owner: string;
}

export interface ReportRetrospective {
  learned: string;
  next: string;
  reason: string;
  author: string;
  at: number;
}

export interface ReportObjective {
  id: string;
  title: string;
  team: ReportTeam | null;
  commitment: Commitment;
  status: LifecycleStatus;
  closedAs: ClosedAs | null;
  /** "Active", "Closed: dropped". */
  statusLabel: string;
  /** Why it is in its status, from the change log ('' when none was given). */
  statusReason: string;
  owner: string;
  description: string;
  whyNow: string;
  /** Why it was added after the OKRs were published, or null. */
  addedReason: string | null;
  progress: number | null;
  /** Null when not judged: closed, or without tracked KRs (health.ts). */
  health: Health | null;
  healthLabel: string;
  healthReasons: string[];
  score: number | null;
  scoreExplanation: string;
  keyResults: ReportKeyResult[];
  retrospective: ReportRetrospective | null;
  dependencies: ReportDependency[];
  initiatives: ReportInitiative[];
}

export interface ReportGroup {
  /** Null: objectives without a team (or a workspace without teams). */
  team: ReportTeam | null;
  objectives: ReportObjective[];
}

export interface ReportDecision {
  kind: DecisionKind;
  rationale: string;
  keyResults: string[];
  /** The cited check-ins, one line each. */
  evidence: string[];
  author: string;
  at: number;
}

export interface ReportStage {
  name: string;
  kindLabel: string;
  audience: string;
  cohorts: string[];
  plannedDate: string | null;
  actualDate: string | null;
  status: string;
  statusReason: string;
}

export interface ReportRollout {
  title: string;
  toggleKey: string;
  /** What it belongs to: "Initiative: …", "Key result: …". */
  linkedTo: string[];
  promise: PromiseState;
  promiseExplanation: string;
  stages: ReportStage[];
  openGates: { name: string; owningTeam: string }[];
}

export interface SessionItem {
  /** What it is or what happened: "Objective added", "Dropped", "Pivot", "Check-in". */
  heading: string;
  title: string;
  detail: string;
  author: string;
  at: number;
}

export interface ReportSession {
  checkpoint: { name: string; author: string; at: number };
  added: SessionItem[];
  changed: SessionItem[];
  decided: SessionItem[];
  checkedIn: SessionItem[];
  scored: SessionItem[];
}

/** How many objectives or KRs stand in each health (glance.ts: the board's counts). */
export type HealthCounts = Record<Health, number>;

/** One of the summary's risks: one sentence with its numbers. */
export interface ReportRisk {
  kind: 'dependency' | 'key-result';
  /** Where to read more: the objective's section, when it has one in this report. */
  objectiveId: string | null;
  text: string;
}

/** Something leadership is asked for. */
export interface ReportAsk {
  kind: 'escalation' | 'dependency' | 'gate';
  text: string;
}

/** Page one: where things stand and what is asked, for a reader who stops there. */
export interface ReportSummary {
  objectives: HealthCounts;
  keyResults: HealthCounts;
  /** The health rule in one sentence (docs/health.md). */
  rule: string;
  /** At most MAX_RISKS, ranked by RISK_RULE (reportSummary.ts). */
  risks: ReportRisk[];
  /** How many risks there are in all (the summary lists the first few). */
  riskCount: number;
  /** The ranking rule of the risks, in one sentence. */
  riskRule: string;
  asks: ReportAsk[];
  /** The decisions taken, one line each, newest first (at most a few; all of them are in "Decisions taken"). */
  decisions: string[];
  decisionCount: number;
}

/** A closed or dropped objective: one line with its reason, not a full section. */
export interface ReportClosedObjective {
  id: string;
  title: string;
  team: ReportTeam | null;
  /** "Closed: achieved", "Closed: dropped". */
  statusLabel: string;
  /** Why, from the change log, else its retrospective's reason ('' when none was given). */
  reason: string;
  score: number | null;
}

export interface Report {
  title: string;
  cycle: { start: string; end: string } | null;
  scopeLabel: string;
  generatedAt: number;
  /** The locale the report's days and times are written in (see reportDates). */
  locale: string;
  /** The time zone its moments are written in (IANA; see reportDates). */
  timeZone: string;
  summary: ReportSummary;
  /** The open objectives (draft or active), by team. */
  groups: ReportGroup[];
  /** Closed and dropped objectives in scope, in order. */
  closed: ReportClosedObjective[];
  decisions: ReportDecision[];
  rollouts: ReportRollout[];
  session: ReportSession | null;
  /** The workshop session's outcome: first in the report when there is one. */
  outcome: WorkshopOutcome | null;
}

/** What a KR's values are read against: enough to write any of them. */
export type ValueScale = Pick<ReportKeyResult, 'kind' | 'unit' | 'questionCount' | 'locale'>;
