/*
 * One benchmark peer in its own Node process, driven by bench/sync.ts over
 * IPC. It joins a room either as Cairn does (`connectWorkshop`, the one
 * interface the product uses, so this runs on whatever transport is behind
 * it) or as a plain stock y-webrtc provider (the floor: no Cairn transport
 * code). The peer stamps with its own clock what the driver must not poll for
 * (polling over IPC on a loaded machine would add its own delay): when it
 * first held the expected workspace, when it was first fully connected (in
 * sync with the expected number of peers, and linked to every peer its mesh
 * plan wants: the whole room up to 10 peers, a bounded set above), and when
 * each probe edit arrived.
 *
 * Bundled to one CommonJS file before a run (bench/syncPeers.ts): thirty
 * processes compiling TypeScript at once would take minutes of CPU on two cores.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import WebSocket from 'ws';
import wrtc from '@roamhq/wrtc';
import { WebrtcProvider } from 'y-webrtc';
import { localContext } from '../shared/commands/context';
import { addObjective } from '../shared/commands/objectives';
import { readText } from '../shared/schema/doc';
import { rootMap } from '../shared/schema/roots';
import { readWorkspace } from '../shared/schema/read';
import { canonicalJson } from '../shared/format/canonical';
import { workspaceToJson } from '../shared/format/json';
import { connectWorkshop, type WorkshopConnection } from '../shared/sync/workshopConnection';
import { guardPeerProcess } from '../test/support/stockPeerGuard';
import { exitAfterAnswer, serveCommands } from '../test/support/servePeerCommands';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
// The floor's stock y-webrtc provider must not be ended by what other peers send (test/support/stockPeerGuard.ts).
guardPeerProcess();

export type SyncPeerCommand =
  /** Starts from the workspace in `file` (a Yjs update), or from an empty document (null). */
  | { type: 'load'; file: string | null }
  | { type: 'connect'; code: string; signaling: string[]; hub?: boolean }
  | { type: 'connect-stock'; room: string; password: string; signaling: string[] }
  /** From now on, stamp when the document's state vector equals `stateVector` and when it is fully connected to a room of `links` other peers. */
  | { type: 'expect'; stateVector: string; links: number }
  | { type: 'edit'; marker: string }
  | { type: 'arrivals' }
  | { type: 'light' }
  | { type: 'digest' }
  | { type: 'leave' }
  | { type: 'exit' };

/** Numeric counters only: the transport part may add fields; anything else is left out. */
export type Counters = Record<string, number>;

export interface Light {
  status: { state: string; peers: number; signalingConnected: boolean } | null;
  transport: Counters;
  relay: Counters;
  /** Wall-clock stamps (ms), null until reached. */
  heldAt: number | null;
  linkedAt: number | null;
  /** Open direct links, and how many the mesh plan wants. */
  directLinks: number;
  wantedLinks: number;
  /** Of the wanted, linked; and the open links still waiting for their first exchange. */
  linkedWanted: number;
  unsyncedLinks: number;
  /** Cairn members of the room as this peer knows them (itself included). */
  members: number;
}

const name = process.env.PEER_NAME ?? 'peer';
const PROBE = 'probe:';
/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
const wallClock = () => performance.timeOrigin + performance.now();

let doc = new Y.Doc();
let connection: WorkshopConnection | null = null;
let stock: WebrtcProvider | null = null;
const arrivals: Record<string, number> = {};
let expected: { stateVector: string; links: number } | null = null;
let heldAt: number | null = null;
let linkedAt: number | null = null;

const stateVectorOf = (d: Y.Doc) => Buffer.from(Y.encodeStateVector(d)).toString('base64');

/** Numeric fields, and those one or two objects down as `a.b` / `a.b.c` (messages by type: `sent.sync.count`). */
function numericFields(source: object | null | undefined, prefix = '', depth = 0): Counters {
  const out: Counters = {};
  for (const [key, value] of Object.entries(source ?? {})) {
    if (typeof value === 'number') out[prefix + key] = value;
    else if (depth < 2 && typeof value === 'object' && value !== null) Object.assign(out, numericFields(value as object, `${prefix}${key}.`, depth + 1));
  }
  return out;
}

/** In sync with `peers` others, and linked to every peer the mesh plan wants. */
function fullyConnected(peers: number): boolean {
  // The floor reports no links: it is only measured once a warm-up edit crossed.
  if (!connection) return false;
  const status = connection.status();
  const mesh = connection.mesh();
  return status.state === 'in-sync' && status.peers >= peers && mesh.members >= peers + 1 && mesh.linkedWanted === mesh.wanted;
}

function checkExpectations() {
  if (!expected || (heldAt !== null && linkedAt !== null)) return;
  const at = wallClock();
  if (heldAt === null && stateVectorOf(doc) === expected.stateVector) heldAt = at;
  if (linkedAt === null && fullyConnected(expected.links)) linkedAt = at;
}

function watch(d: Y.Doc) {
  // Probe edits arrive as new objectives whose title carries the marker.
  rootMap(d, 'objectives').observe((event) => {
    const at = wallClock();
    for (const key of event.keysChanged) {
      const entry = rootMap(d, 'objectives').get(key);
      const title = entry instanceof Y.Map ? (readText(entry, 'title') ?? '') : '';
      if (title.startsWith(PROBE)) arrivals[title] ??= at;
    }
  });
  d.on('update', checkExpectations);
}

// Links change without a document update: look often, cheaply.
setInterval(checkExpectations, 50).unref();

async function handle(command: SyncPeerCommand): Promise<unknown> {
  switch (command.type) {
    case 'load': {
      doc = new Y.Doc();
      // A newcomer starts empty, as `cairn join` does: everything it holds comes from the room.
      if (command.file) Y.applyUpdate(doc, readFileSync(command.file));
      watch(doc);
      return { bytes: Y.encodeStateAsUpdate(doc).length, stateVector: stateVectorOf(doc) };
    }
    case 'connect':
      connection = connectWorkshop(doc, { code: command.code, signaling: command.signaling, wrtc, broadcastChannel: false, hub: command.hub === true });
      connection.onStatus(checkExpectations);
      return { ok: true };
    case 'connect-stock':
      // A plain y-webrtc provider, as any other y-webrtc app would make it.
      stock = new WebrtcProvider(command.room, doc, {
        signaling: command.signaling,
        password: command.password,
        filterBcConns: true,
        peerOpts: { config: { iceServers: [] }, wrtc },
      });
      return { ok: true };
    case 'expect':
      expected = { stateVector: command.stateVector, links: command.links };
      heldAt = null;
      linkedAt = null;
      checkExpectations();
      return { ok: true };
    case 'edit': {
      const at = wallClock();
      addObjective(localContext(doc, name), { title: `${PROBE}${command.marker}` });
      return { at };
    }
    case 'arrivals':
      return arrivals;
    case 'light': {
      const status = connection?.status() ?? null;
      const light: Light = {
        status: status && { state: status.state, peers: status.peers, signalingConnected: status.signalingConnected },
        transport: numericFields(connection?.transport),
        relay: numericFields(connection?.relay),
        heldAt,
        linkedAt,
        directLinks: connection?.links().length ?? 0,
        wantedLinks: connection?.mesh().wanted ?? 0,
        linkedWanted: connection?.mesh().linkedWanted ?? 0,
        unsyncedLinks: connection?.links().filter((l) => !l.synced).length ?? 0,
        members: connection?.mesh().members ?? 0,
      };
      return light;
    }
    case 'digest':
      // The workspace as the app reads it, in canonical JSON: equal content, equal digest.
      return { stateVector: stateVectorOf(doc), contentSha256: createHash('sha256').update(canonicalJson(workspaceToJson(readWorkspace(doc)))).digest('hex') };
    case 'leave':
      connection?.leave();
      connection = null;
      stock?.destroy();
      stock = null;
      return { ok: true };
    case 'exit':
      connection?.leave();
      stock?.destroy();
      return exitAfterAnswer();
  }
}

// The driver reads this process's CPU time from /proc/<pid>/stat: report the pid (a namespace wrapper may sit in between).
serveCommands(handle, { pid: process.pid });
process.on('disconnect', () => process.exit(0));
