import * as Y from 'yjs';
import { localContext, type CommandContext } from '../../shared/commands/context';
import { initWorkspace } from '../../shared/commands/workspace';

/** A fresh workspace doc and a command context with a fake clock. */
export function newWorkspace(actor = 'Ana', id = 'ws-test-0001'): { doc: Y.Doc; ctx: CommandContext; tick: (ms?: number) => void } {
  const doc = new Y.Doc();
  let now = Date.UTC(2026, 6, 1, 9, 0, 0);
  const ctx = localContext(doc, actor, () => now);
  initWorkspace(ctx, { id, title: 'Growth Q3', kind: 'team', cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
  return {
    doc,
    ctx,
    tick: (ms = 60_000) => {
      now += ms;
    },
  };
}

/** A second replica of `doc`, editing as `actor`. */
export function replicaOf(doc: Y.Doc, actor: string, clock: () => number = () => Date.UTC(2026, 6, 1, 10)): { doc: Y.Doc; ctx: CommandContext } {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return { doc: copy, ctx: localContext(copy, actor, clock) };
}

/** Exchanges everything both ways, as two peers meeting again would. */
export function syncBoth(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB, 'remote');
  Y.applyUpdate(a, toA, 'remote');
}
