/*
 * One process of relay clients for bench/relay.ts: Hocuspocus's own provider
 * over `ws`, as the app will connect, each client from a loopback address of
 * its own (a laptop each, so per-address limits count them apart). It records
 * when each check-in first reaches each client; the driver reads the times.
 * Driven over IPC (test/support/servePeerCommands.ts).
 */
import * as Y from 'yjs';
import { recordCheckIn } from '../shared/commands/checkIns';
import { localContext } from '../shared/commands/context';
import { rootMap } from '../shared/schema/roots';
import { exitAfterAnswer, serveCommands } from '../test/support/servePeerCommands';
import { connectClient, type RelayClient } from '../test/relay/relayClient';

export interface ClientSpec {
  url: string;
  workspaceId: string;
  token: string;
  keyResultId: string;
  from: string;
  /** The workspace as its creator holds it (base64 Yjs update), for one client per workspace; the others start empty. */
  seed?: string;
}

export type RelayClientsCommand =
  | { type: 'connect'; clients: ClientSpec[] }
  | { type: 'synced' }
  | { type: 'edit'; client: number; value: number }
  | { type: 'arrivals'; ids: string[] }
  | { type: 'close' }
  | { type: 'exit' };

const now = () => performance.timeOrigin + performance.now();

const clients: { spec: ClientSpec; client: RelayClient }[] = [];
/** Check-in id → when it first reached each client of this process (by index), in ms since the epoch. */
const arrivals = new Map<string, Map<number, number>>();

function watch(index: number, doc: Y.Doc): void {
  rootMap(doc, 'checkIns').observe((event) => {
    const at = now();
    for (const id of event.keysChanged) {
      let seen = arrivals.get(id);
      if (!seen) arrivals.set(id, (seen = new Map()));
      if (!seen.has(index)) seen.set(index, at);
    }
  });
}

async function handle(command: RelayClientsCommand): Promise<unknown> {
  switch (command.type) {
    case 'connect': {
      for (const spec of command.clients) {
        const doc = new Y.Doc();
        if (spec.seed) Y.applyUpdate(doc, Buffer.from(spec.seed, 'base64'));
        watch(clients.length, doc);
        clients.push({ spec, client: connectClient(spec.url, spec.workspaceId, spec.token, doc, spec.from) });
      }
      return { clients: clients.length };
    }
    case 'synced':
      return { synced: clients.filter(({ client }) => client.confirmed()).length, total: clients.length };
    case 'edit': {
      const { spec, client } = clients[command.client]!;
      let clock = Date.UTC(2026, 6, 2, 9);
      const ctx = localContext(client.doc, `Member ${command.client}`, () => (clock += 60_000));
      const at = now();
      const id = recordCheckIn(ctx, spec.keyResultId, { value: command.value, confidence: 7 });
      return { id, at };
    }
    case 'arrivals':
      return command.ids.map((id) => [...(arrivals.get(id)?.entries() ?? [])]);
    case 'close':
      for (const { client } of clients.splice(0)) client.close();
      return { ok: true };
    case 'exit':
      return exitAfterAnswer();
  }
}

serveCommands(handle, { pid: process.pid });
