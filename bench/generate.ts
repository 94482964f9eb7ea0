import * as Y from 'yjs';
import { localContext } from '../shared/commands/context';
import { recordCheckIn } from '../shared/commands/checkIns';
import { addKeyResult } from '../shared/commands/keyResults';
import { addObjective } from '../shared/commands/objectives';
import { initWorkspace } from '../shared/commands/workspace';
import { seededRandom } from '../test/support/random';

export interface GeneratedWorkspace {
  doc: Y.Doc;
  workspaceId: string;
  bytesWithoutCheckIns: number;
}

const NOTES = ['', 'Two pilots converted', 'Holiday week, slow', 'New onboarding live', 'Blocked on data access', 'On track', 'Churn spike in EU'];
const PEOPLE = ['Ana', 'Ben', 'Chen', 'Dana', 'Eli', 'Fatima', 'Goran', 'Hana'];

/** A realistic large workspace, built through the app's own commands (seeded). */
export function generateWorkspace(objectives: number, keyResults: number, checkIns: number, seed = 1): GeneratedWorkspace {
  const random = seededRandom(seed);
  const doc = new Y.Doc();
  const start = Date.UTC(2026, 6, 1);
  let now = start;
  const ctx = (actor: string) => localContext(doc, actor, () => now);
  const workspaceId = 'benchWorkspace01';
  initWorkspace(ctx('Ana'), { id: workspaceId, title: 'Benchmark company', kind: 'team', cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
  const objectiveIds: string[] = [];
  for (let i = 0; i < objectives; i++) {
    objectiveIds.push(addObjective(ctx(random.pick(PEOPLE)!), { title: `Objective ${i + 1}: make onboarding delightful for segment ${i % 17}`, owner: random.pick(PEOPLE)! }));
  }
  const krIds: string[] = [];
  for (let i = 0; i < keyResults; i++) {
    const objectiveId = objectiveIds[i % objectives]!;
    const milestone = i % 5 === 4;
    krIds.push(
      addKeyResult(ctx(random.pick(PEOPLE)!), objectiveId, {
        title: milestone ? `Ship capability ${i}` : `Weekly active teams in cohort ${i}`,
        kind: milestone ? 'milestone' : 'metric',
        owner: random.pick(PEOPLE)!,
        metric: { direction: 'increase', baseline: 10, target: 40 + (i % 60), unit: 'teams' },
      }),
    );
  }
  const bytesWithoutCheckIns = Y.encodeStateAsUpdate(doc).length;
  for (let i = 0; i < checkIns; i++) {
    now = start + Math.floor((i / checkIns) * 90 * 86_400_000);
    const krId = krIds[random.int(krIds.length)]!;
    recordCheckIn(ctx(random.pick(PEOPLE)!), krId, {
      value: 10 + random.int(50),
      confidence: random.int(11),
      note: random.pick(NOTES)!,
    });
  }
  return { doc, workspaceId, bytesWithoutCheckIns };
}
