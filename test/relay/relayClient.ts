import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { localContext, type CommandContext } from '../../shared/commands/context';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { initWorkspace } from '../../shared/commands/workspace';
import { rootMap } from '../../shared/schema/roots';
import { currentToken, openRelayData } from '../../electron/relay/relayServer';
import { until as waitUntil } from '../support/until';

/*
 * A relay client as the app will be one: Hocuspocus's own provider, in Node
 * over `ws`, reconnecting quickly so that tests spend little time waiting.
 */

export interface RelayClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  /** The reasons of every refusal this client received. */
  refusals: string[];
  /** Synced, and every local change confirmed by the relay. */
  confirmed(): boolean;
  close(): void;
}

/**
 * `from`: the loopback address the client connects from (any of 127.0.0.0/8 on Linux), so that a test
 * can put an honest client and an attacker at different addresses of one machine.
 */
export function connectClient(url: string, workspaceId: string, token: string, doc: Y.Doc = new Y.Doc(), from = '127.0.0.1'): RelayClient {
  const FromAddress = class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { localAddress: from });
    }
  };
  const websocketProvider = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: FromAddress, delay: 50, minDelay: 50, maxDelay: 500, factor: 1.5 });
  const refusals: string[] = [];
  const provider = new HocuspocusProvider({ websocketProvider, name: workspaceId, document: doc, token, onAuthenticationFailed: ({ reason }) => refusals.push(reason) });
  provider.attach();
  return {
    doc,
    provider,
    refusals,
    confirmed: () => provider.synced && !provider.hasUnsyncedChanges,
    close() {
      provider.destroy();
      websocketProvider.destroy();
    },
  };
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs` (a deadline for a hung test, not a measure). */
/** The shared polling wait, with the longer default a relay round trip on a loaded machine needs. */
export function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  return waitUntil(condition, what, timeoutMs, 20);
}

/** Whether two replicas hold the same document. */
export function sameDocument(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b)) && Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)));
}

export interface TeamWorkspace {
  doc: Y.Doc;
  keyResultId: string;
  /** Records a check-in as `actor` and returns its id. */
  checkIn(ctx: CommandContext, value: number): string;
}

/** A team workspace with one metric key result, created by Ana. */
export function teamWorkspace(id: string, kind: 'team' | 'journal' = 'team'): TeamWorkspace {
  const doc = new Y.Doc();
  const ctx = localContext(doc, 'Ana', () => Date.UTC(2026, 6, 1, 9));
  initWorkspace(ctx, { id, title: 'Growth Q3', kind, cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
  const objective = addObjective(ctx, { title: 'Grow the forum' });
  const keyResultId = addKeyResult(ctx, objective, { title: 'Members', kind: 'metric', metric: { direction: 'increase', baseline: 0, target: 500, unit: 'members' } });
  return { doc, keyResultId, checkIn: (actorCtx, value) => recordCheckIn(actorCtx, keyResultId, { value, confidence: 7 }) };
}

/** An actor editing `doc`, with a clock that moves a minute per call. */
export function actorOn(doc: Y.Doc, actor: string): CommandContext {
  let now = Date.UTC(2026, 6, 2, 9);
  return localContext(doc, actor, () => (now += 60_000));
}

export function hasCheckIn(doc: Y.Doc, id: string): boolean {
  return rootMap(doc, 'checkIns').has(id);
}

export function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** A workspace's current token, as `cairn relay token` prints it, from the relay's data directory. */
export function relayToken(dataDir: string, workspaceId: string): string {
  const { store, secret } = openRelayData(dataDir);
  try {
    return currentToken(store, secret, workspaceId);
  } finally {
    store.close();
  }
}
