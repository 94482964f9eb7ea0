import * as Y from 'yjs';
import { recordCheckIn } from '../shared/commands/checkIns';
import { localContext } from '../shared/commands/context';
import { addKeyResult, deleteKeyResult, editKeyResultText, restoreKeyResult } from '../shared/commands/keyResults';
import { addObjective, deleteObjective, editObjectiveText, moveObjective, restoreObjective, setObjectiveOwner } from '../shared/commands/objectives';
import { initWorkspace, setCycle } from '../shared/commands/workspace';
import { exportWorkspace } from '../shared/format/exportBundle';
import { runImport } from '../shared/format/importBundle';
import { readText } from '../shared/schema/doc';
import { rootMap } from '../shared/schema/roots';
import { seededRandom, type Random } from '../test/support/random';

/** What a year of a team's use amounts to: ten cycles of the figures below each. */
export const YEAR_OF_HISTORY = {
  cycles: 10,
  objectivesPerCycle: 20,
  keyResultsPerObjective: 5,
  checkInsPerCycle: 5_000,
  /** Titles retyped per cycle, keystroke by keystroke (one transaction each, as the title field writes). */
  objectiveTitlesRetyped: 40,
  keyResultTitlesRetyped: 100,
  /** Soft deletes per cycle, and how many of them are restored. */
  objectivesDeleted: 4,
  objectivesRestored: 2,
  keyResultsDeleted: 12,
  keyResultsRestored: 5,
  movesAndOwnerChanges: 30,
} as const;

const DAY_MS = 86_400_000;
const CYCLE_DAYS = 36;
const PEOPLE = ['Ana', 'Ben', 'Chen', 'Dana', 'Eli', 'Fatima', 'Goran', 'Hana'];
const NOTES = ['', 'Two pilots converted', 'Holiday week, slow', 'New onboarding live', 'Blocked on data access', 'On track', 'Churn spike in EU'];
const WORDS = ['grow', 'activation', 'retention', 'for', 'teams', 'in', 'the', 'EU', 'self-serve', 'onboarding', 'pipeline', 'reliable', 'weekly', 'launch', 'pricing', 'partners'];
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function titleOf(random: Random, prefix: string): string {
  const words = Array.from({ length: 4 + random.int(5) }, () => random.pick(WORDS)!);
  return `${prefix} ${words.join(' ')}`;
}

/**
 * Retypes a title as a person does in the board: select all, then one
 * keystroke at a time, each an edit of what the field showed before.
 */
function retype(edit: (next: string, previous: string) => void, before: string, after: string): void {
  let shown = before;
  for (let i = 1; i <= after.length; i++) {
    const next = after.slice(0, i);
    edit(next, shown);
    shown = next;
  }
}

export interface HistoryDocuments {
  /** The workspace as a year of edits left it. */
  history: Y.Doc;
  /** The same final content written in one go (its JSON export imported into a new workspace). */
  fresh: Y.Doc;
  counts: { objectives: number; keyResults: number; checkIns: number; transactions: number };
}

/** A year of a team's edits through the app's commands (seeded), and the same content written afresh. */
export function generateYearOfHistory(seed = 3, plan = YEAR_OF_HISTORY): HistoryDocuments {
  const random = seededRandom(seed);
  const doc = new Y.Doc();
  let transactions = 0;
  doc.on('afterTransaction', () => transactions++);
  const start = Date.UTC(2026, 0, 5);
  let now = start;
  const ctx = (actor = random.pick(PEOPLE)!) => localContext(doc, actor, () => now);
  initWorkspace(ctx('Ana'), { id: 'historyWorkspace1', title: 'A year of OKRs', kind: 'team', cycleStart: isoDate(start), cycleEnd: isoDate(start + (CYCLE_DAYS - 1) * DAY_MS) });
  const objectives: string[] = [];
  const keyResults: string[] = [];
  const deletedObjectives: string[] = [];
  const deletedKeyResults: string[] = [];
  const live = (id: string, root: 'objectives' | 'keyResults') => rootMap(doc, root).get(id)?.get('deletedAt') == null;
  const titleNow = (id: string, root: 'objectives' | 'keyResults') => readText(rootMap(doc, root).get(id)!, 'title') ?? '';
  let checkIns = 0;

  for (let cycle = 0; cycle < plan.cycles; cycle++) {
    const cycleStart = start + cycle * CYCLE_DAYS * DAY_MS;
    now = cycleStart;
    if (cycle > 0) setCycle(ctx(), isoDate(cycleStart), isoDate(cycleStart + (CYCLE_DAYS - 1) * DAY_MS));
    for (let o = 0; o < plan.objectivesPerCycle; o++) {
      const objectiveId = addObjective(ctx(), { title: titleOf(random, `C${cycle + 1}`), owner: random.pick(PEOPLE)! });
      objectives.push(objectiveId);
      for (let k = 0; k < plan.keyResultsPerObjective; k++) {
        const title = titleOf(random, 'Reach');
        const kr = k % 5 === 4 ? { title, kind: 'milestone' as const } : { title, kind: 'metric' as const, metric: { direction: 'increase' as const, baseline: 10, target: 40 + random.int(60), unit: 'teams' } };
        keyResults.push(addKeyResult(ctx(), objectiveId, { ...kr, owner: random.pick(PEOPLE)! }));
      }
    }
    // The cycle's days pass: check-ins, retyped titles, deletes and restores, moves, in a seeded mix.
    const steps = plan.checkInsPerCycle + plan.objectiveTitlesRetyped + plan.keyResultTitlesRetyped + plan.movesAndOwnerChanges;
    for (let step = 0; step < steps; step++) {
      now = cycleStart + Math.floor((step / steps) * (CYCLE_DAYS - 1) * DAY_MS);
      const roll = random.int(steps);
      if (roll < plan.objectiveTitlesRetyped) {
        const id = random.pick(objectives)!;
        if (live(id, 'objectives')) {
          const c = ctx();
          retype((next, previous) => editObjectiveText(c, id, 'title', next, previous), titleNow(id, 'objectives'), titleOf(random, `C${cycle + 1}`));
        }
      } else if (roll < plan.objectiveTitlesRetyped + plan.keyResultTitlesRetyped) {
        const id = random.pick(keyResults)!;
        if (live(id, 'keyResults')) {
          const c = ctx();
          retype((next, previous) => editKeyResultText(c, id, 'title', next, previous), titleNow(id, 'keyResults'), titleOf(random, 'Reach'));
        }
      } else if (roll < plan.objectiveTitlesRetyped + plan.keyResultTitlesRetyped + plan.movesAndOwnerChanges) {
        const id = random.pick(objectives)!;
        if (!live(id, 'objectives')) continue;
        if (random.chance(0.5)) setObjectiveOwner(ctx(), id, random.pick(PEOPLE)!);
        else moveObjective(ctx(), id, random.int(objectives.length));
      } else {
        const id = keyResults[keyResults.length - 1 - random.int(plan.objectivesPerCycle * plan.keyResultsPerObjective)]!;
        if (!live(id, 'keyResults')) continue;
        const objectiveId = rootMap(doc, 'keyResults').get(id)!.get('objectiveId') as string;
        if (!live(objectiveId, 'objectives')) continue;
        recordCheckIn(ctx(), id, { value: 10 + random.int(50), confidence: random.int(11), note: random.pick(NOTES)! });
        checkIns++;
      }
    }
    for (let i = 0; i < plan.keyResultsDeleted; i++) {
      const id = random.pick(keyResults)!;
      if (!live(id, 'keyResults')) continue;
      deleteKeyResult(ctx(), id);
      deletedKeyResults.push(id);
    }
    for (let i = 0; i < plan.objectivesDeleted; i++) {
      const id = random.pick(objectives)!;
      if (!live(id, 'objectives')) continue;
      deleteObjective(ctx(), id);
      deletedObjectives.push(id);
    }
    for (let i = 0; i < plan.keyResultsRestored && deletedKeyResults.length; i++) restoreKeyResult(ctx(), deletedKeyResults.splice(random.int(deletedKeyResults.length), 1)[0]!);
    for (let i = 0; i < plan.objectivesRestored && deletedObjectives.length; i++) restoreObjective(ctx(), deletedObjectives.splice(random.int(deletedObjectives.length), 1)[0]!);
  }

  const [json] = exportWorkspace(doc, { formats: ['json'], now, locale: 'en-US' });
  const fresh = new Y.Doc();
  Y.applyUpdate(fresh, runImport({ fileName: json!.name, bytes: json!.bytes, target: null, actor: 'Ana', now }).update);
  return { history: doc, fresh, counts: { objectives: objectives.length, keyResults: keyResults.length, checkIns, transactions } };
}
