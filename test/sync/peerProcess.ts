/*
 * One workshop peer in its own Node process (y-webrtc allows one room per
 * process), driven by the test over IPC. Real WebRTC via @roamhq/wrtc, through
 * whatever signaling server the test names.
 */
import * as Y from 'yjs';
import WebSocket from 'ws';
import wrtc from '@roamhq/wrtc';
import { WebrtcProvider } from 'y-webrtc';
import { localContext } from '../../shared/commands/context';
import { addObjective, editObjectiveText } from '../../shared/commands/objectives';
import { addKeyResult } from '../../shared/commands/keyResults';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { readText } from '../../shared/schema/doc';
import { initWorkspace } from '../../shared/commands/workspace';
import { canonicalJson } from '../../shared/format/canonical';
import { workspaceToJson } from '../../shared/format/json';
import { readWorkspace } from '../../shared/schema/read';
import { outlineOf } from '../../shared/queries/outline';
import { roomOf } from '../../shared/sync/invite';
import { connectWorkshop, type WorkshopConnection } from '../../shared/sync/workshopConnection';
import { framingWrtc } from '../support/framingWrtc';
import { seededRandom } from '../support/random';
import { randomEdit, type Created } from '../support/randomEdits';
import { generateWorkspace } from '../../bench/generate';
import { guardPeerProcess } from '../support/stockPeerGuard';
import { exitAfterAnswer, serveCommands } from '../support/servePeerCommands';
import { rootMap } from '../../shared/schema/roots';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
// A stock y-webrtc provider here must not be ended by what peers send it (see test/support/stockPeerGuard.ts).
const guard = guardPeerProcess();

export type PeerCommand =
  | { type: 'create'; large?: { objectives: number; keyResults: number; checkIns: number }; kind?: 'team' | 'journal' }
  | { type: 'connect'; code: string; signaling: string[]; hub?: boolean }
  | { type: 'connect-stock'; room: string; password: string | null; signaling: string[]; chunked: boolean }
  | { type: 'edits'; count: number; seed: number }
  | { type: 'set'; key: string; value: string }
  | { type: 'leave' }
  | { type: 'state' }
  | { type: 'exit' }
  // Benchmark probes: an edit stamped with the wall-clock time it was made, and where it arrived when.
  | { type: 'watch' }
  | { type: 'probe'; kind: 'app' | 'type' | 'plain'; marker: string }
  | { type: 'arrivals' }
  | { type: 'light' }
  // LAN tests: what this peer's status and presence say, cheaply (no canonical JSON); and a workspace grown by N check-ins.
  | { type: 'view'; bytes?: boolean }
  | { type: 'grow'; checkIns: number };

const name = process.env.PEER_NAME ?? 'peer';
let doc = new Y.Doc();
let connection: WorkshopConnection | null = null;
let stock: WebrtcProvider | null = null;
let clock = Date.UTC(2026, 6, 1) + Math.floor(Math.random() * 1000);
const created: Created = { objectives: new Set(), keyResults: new Set(), checkIns: new Set() };
/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
const wallClock = () => performance.timeOrigin + performance.now();
const arrivals: Record<string, number> = {};
const PROBE = 'probe:';
const TYPING = 'typing:';

function state() {
  const snapshot = readWorkspace(doc);
  const outline = outlineOf(snapshot);
  return {
    canonical: canonicalJson(workspaceToJson(snapshot)),
    stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('base64'),
    problems: snapshot.problems.length,
    liveObjectives: outline.objectives.length,
    checkIns: snapshot.checkIns.size,
    plainMap: doc.getMap('plain').toJSON(),
    undecryptable: guard.undecryptable + (connection?.relay.signalsUndecryptable ?? 0),
    status: connection?.status() ?? null,
    transport: connection?.transport ?? null,
    relay: connection?.relay ?? null,
    created: { objectives: [...created.objectives], keyResults: [...created.keyResults], checkIns: [...created.checkIns] },
  };
}

async function handle(command: PeerCommand): Promise<unknown> {
  switch (command.type) {
    case 'create': {
      if (command.large) {
        doc = generateWorkspace(command.large.objectives, command.large.keyResults, command.large.checkIns).doc;
      } else {
        initWorkspace(localContext(doc, name), { id: 'workshopTest01', title: 'Workshop', kind: command.kind ?? 'team', cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
      }
      return { bytes: Y.encodeStateAsUpdate(doc).length };
    }
    case 'connect':
      try {
        connection = connectWorkshop(doc, { code: command.code, signaling: command.signaling, wrtc, broadcastChannel: false, hub: command.hub === true });
        // Presence as the app shows it: a name in the awareness state (renderer/state/workshopSession.ts).
        connection.awareness.setLocalStateField('user', { name });
        return { ok: true };
      } catch (error) {
        return { ok: false, error: (error as Error).message };
      }
    case 'connect-stock':
      // A plain y-webrtc provider, as any other y-webrtc app would make it.
      stock = new WebrtcProvider(command.room, doc, {
        signaling: command.signaling,
        password: command.password ?? undefined,
        filterBcConns: true,
        peerOpts: { config: { iceServers: [] }, wrtc: command.chunked ? framingWrtc(wrtc) : wrtc },
      });
      return { ok: true, room: roomOf('X') };
    case 'edits': {
      const random = seededRandom(command.seed);
      const ctx = localContext(doc, name, () => (clock += 1000));
      for (let i = 0; i < command.count; i++) randomEdit(ctx, random, created);
      return { ok: true };
    }
    case 'set':
      doc.getMap('plain').set(command.key, command.value);
      return { ok: true };
    case 'leave':
      connection?.leave();
      connection = null;
      stock?.destroy();
      stock = null;
      return { ok: true };
    case 'state':
      return state();
    case 'watch': {
      // App edits arrive as new objectives (the title is Y.Text); floor edits as plain map keys.
      rootMap(doc, 'objectives').observe((event) => {
        const at = wallClock();
        for (const key of event.keysChanged) {
          const title = readText(rootMap(doc, 'objectives').get(key) as Y.Map<unknown>, 'title') ?? '';
          if (title.startsWith(PROBE)) arrivals[title] ??= at;
        }
      });
      // Typing: markers appended to one objective's title, as keystrokes through the edit command.
      // Only the typing objective's title is read per event, so measuring costs little.
      let typingTarget: Y.Map<unknown> | null = null;
      rootMap(doc, 'objectives').observeDeep(() => {
        const at = wallClock();
        typingTarget ??=
          ([...rootMap(doc, 'objectives').values()].find((e) => (readText(e as Y.Map<unknown>, 'title') ?? '').startsWith(TYPING)) as Y.Map<unknown> | undefined) ?? null;
        if (!typingTarget) return;
        const title = readText(typingTarget, 'title') ?? '';
        for (const match of title.matchAll(/‹([^›]+)›/g)) arrivals[`${PROBE}${match[1]}`] ??= at;
      });
      doc.getMap('plain').observe((event) => {
        const at = wallClock();
        for (const key of event.keysChanged) if (key.startsWith(PROBE)) arrivals[key] ??= at;
      });
      return { ok: true };
    }
    case 'probe': {
      const at = wallClock();
      if (command.kind === 'app') addObjective(localContext(doc, name), { title: `${PROBE}${command.marker}` });
      else if (command.kind === 'type') {
        const ctx = localContext(doc, name);
        let target = [...rootMap(doc, 'objectives').entries()].find(([, e]) => (readText(e as Y.Map<unknown>, 'title') ?? '').startsWith(TYPING))?.[0];
        target ??= addObjective(ctx, { title: TYPING });
        const previous = readText(rootMap(doc, 'objectives').get(target) as Y.Map<unknown>, 'title') ?? '';
        editObjectiveText(ctx, target, 'title', `${previous}‹${command.marker}›`, previous);
      }
      else doc.getMap('plain').set(`${PROBE}${command.marker}`, at);
      return { at };
    }
    case 'arrivals':
      return arrivals;
    case 'light':
      // Cheap enough to poll during a benchmark: no canonical JSON.
      return {
        status: connection?.status() ?? null,
        transport: connection?.transport ?? null,
        relay: connection?.relay ?? null,
        checkIns: rootMap(doc, 'checkIns').size,
        presence: connection?.awareness.getStates().size ?? 0,
      };
    case 'view': {
      // Whom this peer shows as present: the names in the awareness states of others.
      const presence: string[] = [];
      connection?.awareness.getStates().forEach((state, clientId) => {
        const user = (state as { user?: { name?: unknown } }).user;
        if (clientId !== connection?.awareness.clientID && typeof user?.name === 'string') presence.push(user.name);
      });
      return {
        status: connection?.status() ?? null,
        presence: presence.sort(),
        stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('base64'),
        transport: connection?.transport ?? null,
        links: connection?.links() ?? [],
        mesh: connection?.mesh() ?? null,
        relay: connection?.relay ?? null,
        // Encoding a multi-MB workspace costs; only when asked.
        bytes: command.bytes ? Y.encodeStateAsUpdate(doc).length : null,
      };
    }
    case 'grow': {
      // Through the app's commands, as people would fill a workspace over a quarter.
      const ctx = localContext(doc, name, () => (clock += 60_000));
      const objective = addObjective(ctx, { title: `Grown by ${name}` });
      const keyResults = Array.from({ length: 20 }, (_, i) => addKeyResult(ctx, objective, { title: `Grown KR ${i}`, kind: 'milestone' }));
      doc.transact(() => {
        for (let i = 0; i < command.checkIns; i++) recordCheckIn(ctx, keyResults[i % keyResults.length]!, { value: i % 100, confidence: i % 11, note: `Check-in ${i} from ${name}` });
      });
      return { bytes: Y.encodeStateAsUpdate(doc).length };
    }
    case 'exit':
      connection?.leave();
      stock?.destroy();
      return exitAfterAnswer();
  }
}

serveCommands(handle);
