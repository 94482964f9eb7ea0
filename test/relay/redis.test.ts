import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { actorOn, connectClient, copyOf, hasCheckIn, relayToken, sameDocument, teamWorkspace, until, type RelayClient } from './relayClient';
import { redisAvailable, REDIS_SERVER, startRedis, startRelayProcess, type Running } from './relayProcesses';

/*
 * Two `cairn relay` processes sharing one data directory and a real
 * redis-server, as behind a load balancer: clients on either instance edit the
 * same workspace; one instance is killed mid-edit and restarted.
 */

if (!redisAvailable()) console.warn(`${REDIS_SERVER} is missing: the relay's Redis test is skipped (CI installs redis-server).`);

const WORKSPACE = 'ws-redis-1';
let dataDir: string;
let redis: Running | null = null;
const relays: Running[] = [];
const clients: RelayClient[] = [];
let token: string;

function client(url: string, doc: Y.Doc): RelayClient {
  const c = connectClient(url, WORKSPACE, token, doc);
  clients.push(c);
  return c;
}

async function relayOn(port = 0) {
  const relay = await startRelayProcess({ dataDir, redisUrl: redis!.url, port });
  relays.push(relay);
  return relay;
}

beforeAll(async () => {
  if (!redisAvailable()) return;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-relay-redis-'));
  token = relayToken(dataDir, WORKSPACE);
  redis = await startRedis();
});

afterAll(async () => {
  for (const c of clients) c.close();
  for (const relay of relays) await relay.kill();
  await redis?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!redisAvailable())('two relay instances with Redis', () => {
  it('converge, lose nothing confirmed when one is killed mid-edit, and keep everything across a full restart', async () => {
    let [first, second] = [await relayOn(), await relayOn()];
    const workspace = teamWorkspace(WORKSPACE);
    const ana = client(first.url, workspace.doc);
    await until(ana.confirmed, 'Ana on the first instance');
    const ben = client(second.url, new Y.Doc());
    await until(() => ben.confirmed() && sameDocument(ben.doc, ana.doc), 'Ben on the second instance caught up');

    // Both edit; each sees the other's check-ins through Redis.
    const anaCtx = actorOn(ana.doc, 'Ana');
    const benCtx = actorOn(ben.doc, 'Ben');
    const fromBen = workspace.checkIn(benCtx, 1);
    const fromAna = workspace.checkIn(anaCtx, 2);
    await until(() => hasCheckIn(ana.doc, fromBen) && hasCheckIn(ben.doc, fromAna) && sameDocument(ana.doc, ben.doc), 'the two converge');

    // Ana writes on; what she saw confirmed is noted each time she sees it; her instance dies mid-edit.
    const staleCopy = copyOf(ana.doc);
    const made: string[] = [];
    let confirmed: string[] = [];
    let killed = false;
    const writing = (async () => {
      while (!killed) {
        made.push(workspace.checkIn(anaCtx, 100 + made.length));
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (ana.confirmed()) confirmed = [...made];
      }
    })();
    await until(() => confirmed.length >= 20, 'Ana has confirmed check-ins');
    await first.kill();
    killed = true;
    await writing;
    // Her laptop is gone too: only the relays can still have what she saw confirmed.
    ana.close();
    expect(confirmed.length).toBeGreaterThanOrEqual(20);

    first = await relayOn(first.port);
    const cleo = client(first.url, new Y.Doc());
    await until(() => cleo.confirmed() && confirmed.every((id) => hasCheckIn(cleo.doc, id)), 'a newcomer on the restarted instance has every confirmed check-in');
    await until(() => confirmed.every((id) => hasCheckIn(ben.doc, id)) && sameDocument(ben.doc, cleo.doc), 'Ben and Cleo converge');

    // A client that was away reconnects to the other instance and catches up.
    const back = client(second.url, staleCopy);
    await until(() => back.confirmed() && sameDocument(back.doc, ben.doc), 'the returning client caught up');

    // Stop everything; start again; a new client gets the whole workspace.
    const everything = copyOf(ben.doc);
    for (const c of clients) c.close();
    await first.stop();
    await second.stop();
    [first, second] = [await relayOn(first.port), await relayOn(second.port)];
    const late = client(second.url, new Y.Doc());
    await until(() => late.confirmed() && sameDocument(late.doc, everything), 'the whole workspace after a full restart');
    for (const id of [...confirmed, fromAna, fromBen]) expect(hasCheckIn(late.doc, id)).toBe(true);
  });
});
