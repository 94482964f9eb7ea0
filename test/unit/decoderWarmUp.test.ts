import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';

/*
 * The idle warm-up of Yjs's decoder (renderer/state/decoderWarmUp.ts): a
 * workspace-shaped document decoded once in idle time on the library, never
 * once an open has started.
 */

function idleQueue() {
  const slices = new Map<number, () => void>();
  let next = 1;
  return {
    slices,
    request: (slice: () => void) => {
      slices.set(next, slice);
      return next++;
    },
    cancel: (handle: number) => void slices.delete(handle),
    runOne: () => {
      const [handle, slice] = [...slices.entries()][0]!;
      slices.delete(handle);
      slice();
    },
  };
}

async function freshModule() {
  vi.resetModules();
  return import('../../renderer/state/decoderWarmUp');
}

describe('the decoder warm-up', () => {
  it('decodes a document with the shapes a workspace has: entity maps, co-edited text, plain check-ins', async () => {
    const { warmUpUpdate } = await freshModule();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, warmUpUpdate(10));
    expect([doc.getMap('objectives').size, doc.getMap('keyResults').size, doc.getMap('checkIns').size]).toEqual([2, 10, 100]);
    const kr = doc.getMap<Y.Map<unknown>>('keyResults').get('warmUpKeyResult3')!;
    expect(kr.get('title')).toBeInstanceOf(Y.Text);
  });

  it('runs in two idle slices, once per page', async () => {
    const { warmDecoderWhenIdle } = await freshModule();
    const idle = idleQueue();
    warmDecoderWhenIdle(idle);
    warmDecoderWhenIdle(idle);
    expect(idle.slices.size).toBe(1);
    idle.runOne();
    expect(idle.slices.size).toBe(1);
    idle.runOne();
    expect(idle.slices.size).toBe(0);
  });

  it('runs nothing more once an open has started, and never starts after one', async () => {
    const { warmDecoderWhenIdle, stopDecoderWarmUp } = await freshModule();
    const idle = idleQueue();
    warmDecoderWhenIdle(idle);
    idle.runOne();
    stopDecoderWarmUp();
    expect(idle.slices.size).toBe(0);
    const later = idleQueue();
    warmDecoderWhenIdle(later);
    expect(later.slices.size).toBe(0);
  });
});
