import * as Y from 'yjs';
import { localContext } from '../shared/commands/context';
import { recordCheckIn } from '../shared/commands/checkIns';
import { addKeyResult, type NewKeyResult } from '../shared/commands/keyResults';
import { addObjective } from '../shared/commands/objectives';
import { initWorkspace } from '../shared/commands/workspace';
import type { Answer } from '../shared/schema/types';
import { seededRandom } from '../test/support/random';
import { readQuestion } from '../shared/schema/read';
import { rootMap } from '../shared/schema/roots';

export interface GeneratedWorkspace {
  doc: Y.Doc;
  workspaceId: string;
  bytesWithoutCheckIns: number;
}

export interface GenerateOptions {
  /**
   * The cycle: its first day (epoch ms of a UTC midnight) and its length in
   * days; the check-ins spread evenly over its first `checkInDays`.
   * Default: Q3 2026 (92 days from 1 July), check-ins over 90 days.
   */
  timeline?: { start: number; cycleDays: number; checkInDays: number };
  /**
   * Every kind of KR: one in ten counts deliverables (output), one in ten
   * asks three questions that check-ins answer (learning). Default: metric
   * and milestone KRs only.
   */
  allKinds?: boolean;
}

const DAY_MS = 86_400_000;
const NOTES = ['', 'Two pilots converted', 'Holiday week, slow', 'New onboarding live', 'Blocked on data access', 'On track', 'Churn spike in EU'];
const PEOPLE = ['Ana', 'Ben', 'Chen', 'Dana', 'Eli', 'Fatima', 'Goran', 'Hana'];
const QUESTIONS = ['Do admins invite their team in the first week?', 'Is the price the reason trials stall?', 'Will a template gallery shorten setup?'];
const ANSWER_CHOICES: readonly Answer[] = ['validated', 'invalidated', 'open'];
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function keyResultOf(i: number, allKinds: boolean): NewKeyResult {
  if (i % 5 === 4) return { title: `Ship capability ${i}`, kind: 'milestone' };
  if (allKinds && i % 10 === 1) return { title: `Release ${5 + (i % 20)} integrations for cohort ${i}`, kind: 'output', output: { target: 5 + (i % 20), unit: 'integrations' } };
  if (allKinds && i % 10 === 2) return { title: `Learn what makes cohort ${i} stay`, kind: 'learning', questions: QUESTIONS };
  return { title: `Weekly active teams in cohort ${i}`, kind: 'metric', metric: { direction: 'increase', baseline: 10, target: 40 + (i % 60), unit: 'teams' } };
}

/** A realistic large workspace, built through the app's own commands (seeded). */
export function generateWorkspace(objectives: number, keyResults: number, checkIns: number, seed = 1, options: GenerateOptions = {}): GeneratedWorkspace {
  const random = seededRandom(seed);
  const allKinds = options.allKinds ?? false;
  const timeline = options.timeline ?? { start: Date.UTC(2026, 6, 1), cycleDays: 92, checkInDays: 90 };
  const doc = new Y.Doc();
  const start = timeline.start;
  let now = start;
  const ctx = (actor: string) => localContext(doc, actor, () => now);
  const workspaceId = 'benchWorkspace01';
  initWorkspace(ctx('Ana'), {
    id: workspaceId,
    title: 'Benchmark company',
    kind: 'team',
    cycleStart: isoDate(start),
    cycleEnd: isoDate(start + (timeline.cycleDays - 1) * DAY_MS),
  });
  const objectiveIds: string[] = [];
  for (let i = 0; i < objectives; i++) {
    objectiveIds.push(addObjective(ctx(random.pick(PEOPLE)!), { title: `Objective ${i + 1}: make onboarding delightful for segment ${i % 17}`, owner: random.pick(PEOPLE)! }));
  }
  const krIds: string[] = [];
  const krKinds = new Map<string, NewKeyResult>();
  for (let i = 0; i < keyResults; i++) {
    const objectiveId = objectiveIds[i % objectives]!;
    const input = keyResultOf(i, allKinds);
    const id = addKeyResult(ctx(random.pick(PEOPLE)!), objectiveId, { ...input, owner: random.pick(PEOPLE)! });
    krIds.push(id);
    krKinds.set(id, input);
  }
  const questionIds = new Map<string, string[]>();
  rootMap(doc, 'questions').forEach((raw, id) => {
    // Questions are Y.Maps: read, not cast (a cast read every keyResultId as undefined).
    const read = readQuestion(id, raw);
    if (read.ok) questionIds.set(read.value.keyResultId, [...(questionIds.get(read.value.keyResultId) ?? []), id]);
  });
  const bytesWithoutCheckIns = Y.encodeStateAsUpdate(doc).length;

  const planned: { at: number; krId: string; actor: string; value: number; confidence: number; note: string; answers?: Record<string, Answer> }[] = [];
  for (let i = 0; i < checkIns; i++) {
    const at = start + Math.floor((i / checkIns) * timeline.checkInDays * DAY_MS);
    const krId = krIds[random.int(krIds.length)]!;
    const check = { at, krId, actor: random.pick(PEOPLE)!, value: 10 + random.int(50), confidence: random.int(11), note: random.pick(NOTES)! };
    const kr = krKinds.get(krId)!;
    if (kr.kind === 'output') {
      // Delivered so far: around where the pace line is, sometimes well behind.
      const share = (at - start) / (timeline.cycleDays * DAY_MS);
      check.value = Math.min(kr.output!.target, Math.round(kr.output!.target * share * (0.4 + random.next())));
    }
    const questions = questionIds.get(krId);
    planned.push(questions ? { ...check, answers: { [random.pick(questions)!]: random.pick(ANSWER_CHOICES)! } } : check);
  }
  // A learning check-in reads the KR's history (the whole check-in map), so
  // those go in first, while the map is small; their times are unchanged.
  const order = allKinds ? [...planned.filter((c) => c.answers), ...planned.filter((c) => !c.answers)] : planned;
  for (const c of order) {
    now = c.at;
    recordCheckIn(ctx(c.actor), c.krId, { value: c.value, confidence: c.confidence, note: c.note, answers: c.answers });
  }
  return { doc, workspaceId, bytesWithoutCheckIns };
}
