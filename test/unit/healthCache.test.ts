// @vitest-environment happy-dom
import { personDateWords } from '../../renderer/ui/format';
import { afterEach, describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective, editObjectiveText } from '../../shared/commands/objectives';
import { glanceOfSnapshot, standingsOfSnapshot } from '../../shared/queries/glance';
import { readWorkspace } from '../../shared/schema/read';
import { healthByKeyResult, objectiveHealthOf, selectGlance } from '../../renderer/state/health';
import { observeProjection, type Projection } from '../../renderer/state/projection';
import { day, newCycleWorkspace } from './issue4Fixtures';

/*
 * The renderer's health selectors, over the live projection as the app builds
 * it: the same verdicts as the shared standings the report reads, and the same
 * objects while nothing they depend on changed (every row asks on each keystroke).
 */

const metric = { direction: 'increase', baseline: 0, target: 100, unit: 'teams' } as const;

let stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

function workspace() {
  const ws = newCycleWorkspace();
  const { ctx, clock } = ws;
  const o1 = addObjective(ctx, { title: 'Grow' });
  const o2 = addObjective(ctx, { title: 'Keep' });
  const krs = [
    addKeyResult(ctx, o1, { title: 'On pace', kind: 'metric', metric }),
    addKeyResult(ctx, o1, { title: 'Behind', kind: 'metric', metric }),
    addKeyResult(ctx, o2, { title: 'Unsure', kind: 'metric', metric }),
  ];
  clock.t = day(44);
  recordCheckIn(ctx, krs[0]!, { value: 50, confidence: 8 });
  recordCheckIn(ctx, krs[1]!, { value: 10, confidence: 8 });
  recordCheckIn(ctx, krs[2]!, { value: 50, confidence: 5 });
  let projection!: Projection;
  stops.push(observeProjection(ws.doc, (p) => (projection = p), (flush) => flush()));
  return { ...ws, o1, o2, krs, projection: () => projection };
}

describe('health in the renderer', () => {
  it('gives each KR and objective the verdict of the standings the report reads, and the same glance', () => {
    const ws = workspace();
    const now = day(45);
    const standings = standingsOfSnapshot(readWorkspace(ws.doc), now, personDateWords());
    const byKr = healthByKeyResult(ws.projection(), now);
    for (const o of standings) {
      expect(objectiveHealthOf(o.objective.id, ws.projection(), now)).toEqual(o.health);
      for (const kr of o.keyResults) expect(byKr.get(kr.keyResult.id)).toEqual(kr.health);
    }
    expect([...byKr.values()].map((v) => v.health)).toEqual(['on-track', 'off-track', 'at-risk']);
    const glance = selectGlance(ws.projection(), now);
    const shared = glanceOfSnapshot(readWorkspace(ws.doc), now, personDateWords());
    expect({ ...glance, objectives: glance.objectives.map((o) => [o.id, o.progress, o.health]) }).toEqual({
      ...shared,
      objectives: shared.objectives.map((o) => [o.id, o.progress, o.health]),
    });
  });

  it('keeps every verdict’s identity through an objective’s rename, and recomputes only the KR checked in on', () => {
    const ws = workspace();
    const now = day(45);
    const before = healthByKeyResult(ws.projection(), now);
    editObjectiveText(ws.ctx, ws.o1, 'title', 'Grow faster', 'Grow');
    const renamed = healthByKeyResult(ws.projection(), now);
    for (const id of ws.krs) expect(renamed.get(id)).toBe(before.get(id));

    ws.clock.t = day(45);
    recordCheckIn(ws.ctx, ws.krs[1]!, { value: 45, confidence: 8 });
    const after = healthByKeyResult(ws.projection(), now);
    expect(after.get(ws.krs[1]!)?.health).toBe('on-track');
    expect(after.get(ws.krs[0]!)).toBe(before.get(ws.krs[0]!));
    expect(after.get(ws.krs[2]!)).toBe(before.get(ws.krs[2]!));
  });
});
