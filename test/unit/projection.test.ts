import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective, editObjectiveText } from '../../shared/commands/objectives';
import { fullProjection, observeProjection, type Projection } from '../../renderer/state/projection';
import { seededRandom } from '../support/random';
import { randomEdit, type Created } from '../support/randomEdits';
import { newWorkspace } from '../support/workspace';
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
    editObjectiveText(ctx, a, 'title', 'A2');
    recordCheckIn(ctx, kr, { value: 1 });
    expect(latest).toBe(before); // batched until the next frame
    frames.flush();
    expect(latest.objectives[a]?.title).toBe('A2');
    expect(latest.objectives[b]).toBe(before.objectives[b]);
    expect(latest.keyResults).toBe(before.keyResults);
    expect(latest.checkInsByKeyResult[kr]).toHaveLength(1);
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
