// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { localContext } from '../../shared/commands/context';
import { openDraftRound, revealDraftRound } from '../../shared/commands/drafts';
import { initWorkspace } from '../../shared/commands/workspace';
import { readWorkspace } from '../../shared/schema/read';
import { newWorkshopCode } from '../../shared/sync/invite';
import { connectWorkshop } from '../../shared/sync/workshopConnection';
import { fakePeerIn, fakeWrtc, FakeSocket, resetFakeNetwork } from '../support/fakeRoomNetwork';
import { signReveal, signRoundOpening } from '../../shared/workshop/drafts';
import { newParticipantKey } from '../../shared/workshop/participantKey';
import { databaseNameOf, withStoredDoc } from '../../renderer/state/docStorage';
import { followDrafts, saveDraft, useDrafts } from '../../renderer/state/drafts';
import { deviceEntries } from '../../renderer/state/deviceStore';
import { useIdentity } from '../../renderer/state/identity';
import { closeWorkspaceSession, openWorkspaceSession, runCommand, useWorkspace } from '../../renderer/state/workspaceSession';
import { until } from '../support/until';

/*
 * A private draft never leaves the author's laptop before the reveal: every
 * byte this laptop sends to a peer in the room (document and awareness
 * messages, in plaintext, over its data channel) is tapped, as the journal privacy test
 * does (test/unit/journalPrivacy.test.ts), and searched for a unique marker
 * typed in a draft; so is the workspace's own document and its IndexedDB.
 * After the facilitator's signed reveal arrives from the room, the draft is
 * published and the marker is in what the laptop sends.
 */

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
/** The marker as UTF-8 bytes read as latin1, the way it sits in a Yjs update. */
const MARKER = 'zq-private-draft-7f3a9c';

/** Every value in a workspace's IndexedDB database, as text. */
async function indexedDbText(name: string): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const chunks: string[] = [];
  for (const storeName of Array.from(db.objectStoreNames)) {
    const values = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction(storeName, 'readonly').objectStore(storeName).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    for (const value of values) chunks.push(value instanceof Uint8Array ? latin1(value) : JSON.stringify(value));
  }
  db.close();
  return chunks.join('\n');
}

const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  await closeWorkspaceSession();
});

describe('private drafts before the reveal', () => {
  it('leave no byte on the network, in awareness or in the workspace; after the signed reveal they are published', async () => {
    useIdentity.setState({ name: 'Ana' });
    const id = 'draftsPrivacy01';
    // The facilitator's laptop made the workspace and opens a round; Ana's laptop has it.
    const facilitator = new Y.Doc();
    const fay = localContext(facilitator, 'Fay');
    initWorkspace(fay, { id, title: 'Workshop', kind: 'workshop', cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
    const key = await newParticipantKey();
    const round = await signRoundOpening(key, { id: 'round0001', stageId: 'stage-draft', target: 'objective', objectiveIds: [], openedAt: 1, openerName: 'Fay' });
    openDraftRound(fay, round);
    await withStoredDoc(id, (d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(facilitator)));
    await openWorkspaceSession(id);
    cleanups.push(followDrafts(id));
    await until(() => useDrafts.getState().view.rounds.length === 1, 'the drafting round');

    // Ana’s laptop joins the room; a peer records what it sends.
    const doc = runCommand((c) => c.doc);
    resetFakeNetwork();
    vi.stubGlobal('WebSocket', FakeSocket);
    cleanups.push(() => vi.unstubAllGlobals());
    const code = newWorkshopCode();
    const connection = connectWorkshop(doc, { code, signaling: ['ws://127.0.0.1:9'], wrtc: fakeWrtc });
    cleanups.push(() => connection.leave());
    const peer = await fakePeerIn(code);
    const sent = peer.sent;
    const everythingSent = async () => sent.map(latin1).join('\n');

    // Ana drafts, edits, and is present (awareness traffic with her name and what she edits).
    await saveDraft({ stageId: 'stage-draft', roundId: 'round0001', text: `Delight ${MARKER} users` });
    const draft = useDrafts.getState().local[0]!;
    await saveDraft({ ...draft, text: `Delight ${MARKER} every user` });
    connection.awareness.setLocalStateField('user', { name: 'Ana', color: '#1864ab' });
    connection.awareness.setLocalStateField('editing', { entityId: 'x', field: 'title' });
    await new Promise((r) => setTimeout(r, 300));

    expect(sent.length).toBeGreaterThan(0); // the tap hears this laptop
    expect(await everythingSent()).not.toContain(MARKER);
    expect(latin1(Y.encodeStateAsUpdate(doc))).not.toContain(MARKER);
    expect(await indexedDbText(databaseNameOf(id))).not.toContain(MARKER);
    expect(JSON.stringify(connection.awareness.getLocalState())).not.toContain(MARKER);
    // Where it is: this laptop's device store, and only there.
    expect(JSON.stringify(await deviceEntries(`draft:${id}:`))).toContain(MARKER);

    // The facilitator's signed reveal arrives from the room: Ana's laptop publishes, once.
    revealDraftRound(fay, 'round0001', await signReveal(key, round, 'named', 2));
    peer.deliverUpdate(Y.encodeStateAsUpdate(facilitator, Y.encodeStateVector(doc)));
    await until(() => Object.keys(useWorkspace.getState().revealedDrafts).length === 1, 'the revealed draft');
    await new Promise((r) => setTimeout(r, 300));
    expect(await everythingSent()).toContain(MARKER);
    expect([...readWorkspace(doc).revealedDrafts.values()].map((d) => [d.text, d.author])).toEqual([[`Delight ${MARKER} every user`, 'Ana']]);
    // Published, so no longer kept privately.
    await until(() => useDrafts.getState().local.length === 0, 'the local drafts to be cleared');
    expect(await deviceEntries(`draft:${id}:`)).toEqual([]);
  });
});
