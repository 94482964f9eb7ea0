import { describe, expect, it } from 'vitest';
import { correctCheckIn, recordCheckIn, withdrawCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective, editObjectiveText } from '../../shared/commands/objectives';
import { fullProjection, observeProjection, type Projection } from '../../renderer/state/projection';
import { seededRandom } from '../support/random';
import { randomEdit, type Created } from '../support/randomEdits';
import * as Y from 'yjs';
import { newWorkspace, replicaOf } from '../support/workspace';
import { canonicalJson } from '../../shared/format/canonical';

/** Runs scheduled flushes by hand, as animation frames would. */
function manualSchedule() {
  const queue: (() => void)[] = [];
  return { schedule: (f: () => void) => queue.push(f), flush: () => queue.splice(0).forEach((f) => f()) };
}

describe('UI projection', () => {
  it('keeps the identity of entities that did not change', () => {
    const { doc, ctx } = newWorkspace();
    const a = addObjective(ctx, { title: 'A' });
    const b = addObjective(ctx, { title: 'B' });
    const kr = addKeyResult(ctx, a, { title: 'k', kind: 'milestone' });
    const frames = manualSchedule();
    let latest!: Projection;
    const stop = observeProjection(doc, (p) => (latest = p), frames.schedule);
    const before = latest;
    // A peer's changes (another origin) are batched until the next frame…
    const peer = replicaOf(doc, 'Ben');
    editObjectiveText(peer.ctx, a, 'title', 'A2');
    recordCheckIn(peer.ctx, kr, { value: 1 });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(doc)), 'remote');
    expect(latest).toBe(before);
    frames.flush();
    expect(latest.objectives[a]?.title).toBe('A2');
    expect(latest.objectives[b]).toBe(before.objectives[b]);
    expect(latest.keyResults).toBe(before.keyResults);
    expect(latest.checkInsByKeyResult[kr]).toHaveLength(1);
    // …while this user's own edits show at once, so a text field never lags what was typed.
    editObjectiveText(ctx, b, 'title', 'B2');
    expect(latest.objectives[b]?.title).toBe('B2');
    stop();
  });

  it('projects the corrected history while keeping every record for display', () => {
    const { doc, ctx, tick } = newWorkspace();
    const o = addObjective(ctx, { title: 'A' });
    const kr = addKeyResult(ctx, o, { title: 'k', kind: 'metric', metric: { direction: 'increase', baseline: 0, target: 40_000, unit: '$' } });
    const first = recordCheckIn(ctx, kr, { value: 12.5 });
    tick();
    const frames = manualSchedule();
    let latest!: Projection;
    const stop = observeProjection(doc, (p) => (latest = p), frames.schedule);
    correctCheckIn(ctx, first, { value: 12_500, confidence: null, note: '' });
    expect(latest.checkInsByKeyResult[kr]?.map((c) => [c.id, c.value])).toEqual([[first, 12_500]]);
    expect(latest.checkInRecordsByKeyResult[kr]).toHaveLength(2);
    withdrawCheckIn(ctx, first, 'not ours');
    expect(latest.checkInsByKeyResult[kr]).toBeUndefined();
    expect(canonicalJson(latest)).toBe(canonicalJson(fullProjection(doc)));
    stop();
  });

  it('always equals a projection rebuilt from scratch', () => {
    const random = seededRandom(99);
    const { doc, ctx } = newWorkspace();
    const frames = manualSchedule();
    let latest!: Projection;
    observeProjection(doc, (p) => (latest = p), frames.schedule);
    const created: Created = { objectives: new Set(), keyResults: new Set(), checkIns: new Set() };
    for (let i = 0; i < 300; i++) {
      randomEdit(ctx, random, created);
      if (random.chance(0.3)) {
        frames.flush();
        expect(canonicalJson(latest)).toBe(canonicalJson(fullProjection(doc)));
      }
    }
  });
});
