import * as Y from 'yjs';
import { alignObjective, markNorthStar } from '../../shared/commands/alignment';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { localContext } from '../../shared/commands/context';
import { recordDecision } from '../../shared/commands/decisions';
import { addDependency } from '../../shared/commands/dependencies';
import { addInitiative } from '../../shared/commands/initiatives';
import { addJournalEntry, editJournalText } from '../../shared/commands/journal';
import { addKeyResult, deleteKeyResult } from '../../shared/commands/keyResults';
import { publishCheckpoint, setKeyResultStatus, setObjectiveStatus } from '../../shared/commands/lifecycle';
import { addObjective, deleteObjective } from '../../shared/commands/objectives';
import { addGate, addRolloutPlan, addStage, setStageCohorts, setStageStatus } from '../../shared/commands/rollouts';
import { addTeam, setObjectiveTeam } from '../../shared/commands/teams';
import { initWorkspace } from '../../shared/commands/workspace';
import { workspaceToFile } from '../../shared/format/workspaceFile';

/*
 * Workspaces with something in every view, built through the app's own
 * commands and saved as `.cairn` files, so the accessibility check sees
 * objectives and key results in many states (active, closed, draft, behind
 * pace, stale, breached), signals and decisions, teams and alignment,
 * rollouts, changes since publishing, deleted items and a journal.
 */

const DAY = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const TEAM_TITLE = 'Growth team Q3';
export const JOURNAL_TITLE = 'My PM journal';
/** Named so the tests can open their details, forms and menus. */
export const METRIC_KR = 'Weekly active teams';
export const OBJECTIVE = 'Make onboarding delightful';

export function teamWorkspaceFile(today = Date.now()): Uint8Array {
  const doc = new Y.Doc();
  let now = today - 60 * DAY;
  const as = (actor: string) => localContext(doc, actor, () => now);
  initWorkspace(as('Ana'), { id: 'axeTeamWorkspace', title: TEAM_TITLE, kind: 'team', cycleStart: isoDate(today - 60 * DAY), cycleEnd: isoDate(today + 30 * DAY) });

  const growth = addTeam(as('Ana'), { name: 'Growth' });
  const platform = addTeam(as('Ana'), { name: 'Platform' });
  const northStar = addObjective(as('Ana'), { title: 'Become the easiest OKR tool to start with', owner: 'Ana' });
  markNorthStar(as('Ana'), northStar);
  const onboarding = addObjective(as('Ana'), { title: OBJECTIVE, owner: 'Ben', description: 'New teams write their first OKRs in one sitting.' });
  setObjectiveTeam(as('Ana'), onboarding, growth);
  alignObjective(as('Ana'), onboarding, { type: 'objective', id: northStar });
  const sso = addObjective(as('Ana'), { title: 'Migrate every team to SSO', owner: 'Chen' });
  setObjectiveTeam(as('Ana'), sso, platform);

  const metric = addKeyResult(as('Ana'), onboarding, {
    title: METRIC_KR,
    kind: 'metric',
    risk: 'execution',
    owner: 'Ben',
    metric: { direction: 'increase', baseline: 10, target: 40, unit: 'teams' },
  });
  const milestone = addKeyResult(as('Ana'), onboarding, { title: 'Ship guided setup', kind: 'milestone', risk: 'dependency' });
  const learning = addKeyResult(as('Ana'), onboarding, {
    title: 'Learn why trials stall',
    kind: 'learning',
    risk: 'understanding',
    questions: ['Is setup time the blocker?', 'Do admins drop out first?'],
  });
  const churn = addKeyResult(as('Ana'), sso, {
    title: 'Support tickets about login',
    kind: 'metric',
    metric: { direction: 'stayBelow', baseline: 30, target: 20, unit: 'tickets' },
  });
  const output = addKeyResult(as('Ana'), sso, { title: 'Teams migrated', kind: 'output', output: { target: 12, unit: 'teams' } });
  const dropped = addKeyResult(as('Ana'), sso, { title: 'Write the SSO runbook', kind: 'milestone' });

  // A slow metric (behind pace, confidence dropping), a breached threshold, a stale output.
  let checkIn = '';
  for (const [day, value, confidence, note] of [
    [-50, 12, 7, 'First pilot'],
    [-35, 13, 5, 'Holiday week, slow'],
    [-20, 14, 3, 'Blocked on data access'],
  ] as const) {
    now = today + day * DAY;
    checkIn = recordCheckIn(as('Ben'), metric, { value, confidence, note });
  }
  now = today - 10 * DAY;
  recordCheckIn(as('Chen'), churn, { value: 26, confidence: 4, note: 'Password resets spiked' });
  now = today - 40 * DAY;
  recordCheckIn(as('Chen'), output, { value: 2, confidence: 6, note: 'Two pilot teams' });
  now = today - 5 * DAY;
  recordDecision(as('Ana'), { kind: 'pivot', rationale: 'Ads do not convert: switch to onboarding calls', keyResultIds: [metric], checkInIds: [checkIn] });
  addInitiative(as('Ana'), { title: 'Onboarding calls for every trial', kind: 'experiment', owner: 'Ben', keyResultIds: [metric] });
  addInitiative(as('Ana'), { title: 'Redesign the pricing page', kind: 'deliverable' });
  addDependency(as('Ana'), { fromTeamId: growth, toTeamId: platform, what: 'Single sign-on for trial workspaces', neededBy: isoDate(today + 10 * DAY), blocking: true, keyResultId: milestone });

  const plan = addRolloutPlan(as('Ana'), { title: 'Guided setup', toggleKey: 'guided-setup', keyResultId: milestone, defaultStages: false, defaultGates: false });
  addStage(as('Ana'), plan, { kind: 'internal' });
  const early = addStage(as('Ana'), plan, { kind: 'early-access', plannedDate: isoDate(today + 7 * DAY) });
  addStage(as('Ana'), plan, { kind: 'general-availability', plannedDate: isoDate(today + 25 * DAY) });
  setStageCohorts(as('Ana'), early, ['Loyal customers', 'Tech-savvy customers']);
  setStageStatus(as('Ana'), early, 'live');
  addGate(as('Ana'), plan, { name: 'Marketing announcement', owningTeam: 'Marketing' });
  addGate(as('Ana'), plan, { name: 'Support trained' });

  // Published, then changed: the change log has entries, statuses differ.
  publishCheckpoint(as('Ana'), 'Start of Q3');
  now = today - 2 * DAY;
  setKeyResultStatus(as('Chen'), dropped, { status: 'closed', closedAs: 'abandoned', reason: 'Security team writes it' });
  const closed = addObjective(as('Ana'), { title: 'Hire a second designer', addedReason: 'Budget approved in August' });
  setObjectiveStatus(as('Ana'), closed, { status: 'closed', closedAs: 'achieved' });
  const draft = addObjective(as('Ana'), { title: 'Open an office in Lisbon', addedReason: 'Exploring', commitment: 'aspirational' });
  setObjectiveStatus(as('Ana'), draft, { status: 'draft' });
  void learning;

  // Deleted items for the trash.
  const gone = addObjective(as('Ana'), { title: 'Run a community meetup', addedReason: 'Idea from the offsite' });
  deleteObjective(as('Ana'), gone);
  const goneKr = addKeyResult(as('Ana'), onboarding, { title: 'Newsletter sign-ups', kind: 'milestone', addedReason: 'Marketing asked' });
  deleteKeyResult(as('Ana'), goneKr);

  return workspaceToFile(doc, 'axe', today);
}

export function journalWorkspaceFile(today = Date.now()): Uint8Array {
  const doc = new Y.Doc();
  const now = today - 3 * DAY;
  const ctx = localContext(doc, 'Ana', () => now);
  initWorkspace(ctx, { id: 'axeJournalWorkspace', title: JOURNAL_TITLE, kind: 'journal', cycleStart: isoDate(today - 30 * DAY), cycleEnd: isoDate(today + 60 * DAY) });
  const objective = addObjective(ctx, { title: 'Become a calmer PM' });
  const kr = addKeyResult(ctx, objective, { title: 'Meetings with an agenda', kind: 'metric', metric: { direction: 'increase', baseline: 20, target: 80, unit: '%' } });
  const checkIn = recordCheckIn(ctx, kr, { value: 45, confidence: 6, note: 'Agendas for all team meetings' });
  const entry = addJournalEntry(ctx);
  editJournalText(ctx, entry, 'learned', 'Short written agendas structure meetings better than slides.');
  void checkIn;
  return workspaceToFile(doc, 'axe', today);
}
