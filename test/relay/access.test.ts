import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { nodeIo } from '../../electron/cli/io';
import { runCli } from '../../electron/cli/run';
import { openRelayData, startRelay, type Relay } from '../../electron/relay/relayServer';
import { loadRelaySecret, tokenFor, tokenMatches } from '../../electron/relay/relayTokens';
import { connectClient, copyOf, sameDocument, teamWorkspace, until, type RelayClient } from './relayClient';

let dataDir: string;
let relay: Relay;
let url: string;
const clients: RelayClient[] = [];

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(argv, { ...nodeIo(), stdout: (t) => void (out += t), stderr: (t) => void (out += t) });
  return { code, out: out.trim() };
}

const tokenOf = async (workspaceId: string) => (await cli('relay', 'token', workspaceId, '--data', dataDir)).out;

function client(workspaceId: string, token: string, doc = teamWorkspace(workspaceId).doc): RelayClient {
  const c = connectClient(url, workspaceId, token, doc);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-relay-access-'));
  relay = await startRelay({ dataDir });
  url = `ws://127.0.0.1:${relay.port}`;
});

afterAll(async () => {
  for (const c of clients) c.close();
  await relay.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('relay access', () => {
  it('keeps its generated secret in a file only its owner can read', () => {
    loadRelaySecret(dataDir);
    expect(fs.statSync(path.join(dataDir, 'relay-secret')).mode & 0o777).toBe(0o600);
  });

  it('compares tokens exactly', () => {
    const secret = Buffer.from('a secret of enough length');
    const token = tokenFor(secret, 'ws-a', 0);
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token.slice(0, -1), token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenFor(secret, 'ws-a', 1)).not.toBe(token);
    expect(tokenFor(secret, 'ws-b', 0)).not.toBe(token);
  });

  it('lets a client with the workspace token read and write, and sync with another', async () => {
    const token = await tokenOf('ws-access-1');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ana = client('ws-access-1', token);
    await until(ana.confirmed, 'Ana confirmed');
    const ben = client('ws-access-1', token, new Y.Doc());
    await until(() => ben.confirmed() && sameDocument(ben.doc, ana.doc), 'Ben caught up');
    expect(ana.refusals).toEqual([]);
  });

  it('gives no token, a wrong one, another workspace\'s and a revoked one the same refusal, and nothing of the workspace', async () => {
    const workspaceId = 'ws-access-2';
    const owner = client(workspaceId, await tokenOf(workspaceId));
    await until(owner.confirmed, 'the owner confirmed');
    const revoked = await tokenOf(workspaceId);
    const revokedOutput = await cli('relay', 'revoke', workspaceId, '--data', dataDir);
    expect(revokedOutput.code).toBe(0);
    const renewed = revokedOutput.out.split('\n').at(-1)!;
    expect(renewed).not.toBe(revoked);

    const attempts = {
      none: client(workspaceId, '', new Y.Doc()),
      wrong: client(workspaceId, 'x'.repeat(43), new Y.Doc()),
      otherWorkspace: client(workspaceId, await tokenOf('ws-access-other'), new Y.Doc()),
      revoked: client(workspaceId, revoked, new Y.Doc()),
      // A workspace the relay has never seen: the refusal must not differ from one it holds.
      unknownWorkspace: client('ws-never-seen', 'y'.repeat(43), new Y.Doc()),
    };
    for (const [name, attempt] of Object.entries(attempts)) await until(() => attempt.refusals.length > 0, `the refusal of ${name}`);
    const reasons = new Set(Object.values(attempts).map((a) => a.refusals[0]));
    expect([...reasons]).toEqual(['permission-denied']);
    for (const attempt of Object.values(attempts)) {
      expect(attempt.provider.synced).toBe(false);
      expect(attempt.doc.share.size).toBe(0); // nothing of the workspace reached it
    }

    // The new token works; the revoked one still does not after a reconnect.
    const renewedClient = client(workspaceId, renewed, copyOf(owner.doc));
    await until(renewedClient.confirmed, 'the renewed token accepted');
  });

  it('answers plain HTTP with nothing to list', async () => {
    for (const pathname of ['/', '/ws-access-1', '/documents', '/api/documents']) {
      const response = await fetch(`http://127.0.0.1:${relay.port}${pathname}`);
      expect(response.status).toBe(426);
      expect(await response.text()).not.toMatch(/ws-access/);
    }
  });

  it('keeps the revocation in the data every instance opens', () => {
    const { store, secret } = openRelayData(dataDir);
    try {
      expect(store.generation('ws-access-2')).toBe(1);
      expect(store.generation('ws-access-1')).toBe(0);
      expect(secret.length).toBeGreaterThan(16);
    } finally {
      store.close();
    }
  });
});
