import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageType } from '@hocuspocus/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../electron/relay/relayServer';
import { relayToken, until } from './relayClient';
import { startRelayProcess } from './relayProcesses';
import { authenticate, closedBy, madeUpStateVector, openRawClient, syncStep1Frame, type RawClient } from './rawClient';

/*
 * `--trust-proxy`: behind a reverse proxy every socket comes from the proxy,
 * so the per-address limits would put every client in one budget. The
 * "proxy" here is a raw client at 127.0.0.4 that sets X-Forwarded-For as a
 * proxy does; 127.0.0.3 is any other peer, whose X-Forwarded-For is its own say.
 */

const PROXY = '127.0.0.4';
const UNTRUSTED = '127.0.0.3';
const WORKSPACE = 'ws-proxied';
const LIMITS = {
  maxConnectionsPerAddress: 2,
  maxMessageBytes: 64 * 1024,
  byteBurst: 256 * 1024,
  bytesPerSecond: 1024,
  addressByteBurst: 300 * 1024,
  addressBytesPerSecond: 1024,
};

let dataDir: string;
let relay: Relay;
let url: string;
const opened: RawClient[] = [];

const forwardedFor = (chain: string) => ({ 'X-Forwarded-For': chain });
async function connect(from: string, chain: string): Promise<RawClient | null> {
  const raw = await openRawClient(url, from, forwardedFor(chain));
  if ('refused' in raw) return null;
  opened.push(raw);
  return raw;
}
async function closeAll(): Promise<void> {
  for (const raw of opened.splice(0)) {
    raw.socket.terminate();
    await raw.closed;
  }
  await until(() => relay.stats().connections === 0, 'every connection gone');
}

/** A sync step 1 of about 60 kB: four fit a connection's and an address's budget, five an address's do not. */
const heavyFrame = () => syncStep1Frame(WORKSPACE, madeUpStateVector(12_000));

/** Sends `count` sync steps 1 of ~60 kB each and resolves once the relay has answered each one (its step 2 and its step 1). */
async function sendHeavy(raw: RawClient, count: number): Promise<void> {
  const heavy = heavyFrame();
  const answers = () => raw.received.filter((m) => m.type === MessageType.Sync).length;
  const before = answers();
  for (let i = 0; i < count; i++) raw.send(heavy);
  await until(() => answers() >= before + 2 * count, `the relay's answers to ${count} sync steps`);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-relay-proxy-'));
  relay = await startRelay({ dataDir, limits: LIMITS, trustProxy: [PROXY] });
  url = `ws://127.0.0.1:${relay.port}`;
});

afterAll(async () => {
  for (const raw of opened) raw.socket.terminate();
  await relay.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a relay behind a trusted reverse proxy', () => {
  it("counts connections against the forwarded client's address, the right-most one the proxy did not add", async () => {
    expect(await connect(PROXY, '10.0.0.1')).not.toBeNull();
    expect(await connect(PROXY, '10.0.0.1')).not.toBeNull();
    expect(await connect(PROXY, '10.0.0.1')).toBeNull(); // its share is taken
    // The left-most entry is whatever the client wrote: the proxy appended the address it saw.
    expect(await connect(PROXY, '10.0.0.2, 10.0.0.1')).toBeNull();
    expect(await connect(PROXY, '10.0.0.2')).not.toBeNull();
    expect(await connect(PROXY, '10.0.0.1, 10.0.0.2')).not.toBeNull();
    await closeAll();
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    expect(await connect(UNTRUSTED, '10.0.0.5')).not.toBeNull();
    expect(await connect(UNTRUSTED, '10.0.0.6')).not.toBeNull();
    expect(await connect(UNTRUSTED, '10.0.0.7')).toBeNull(); // all three are 127.0.0.3
    await closeAll();
  });

  it('gives two clients behind the proxy byte budgets of their own, and one client one budget', async () => {
    const token = relayToken(dataDir, WORKSPACE);
    const [first, second, firstAgain] = [await connect(PROXY, '10.0.1.1'), await connect(PROXY, '10.0.1.2'), await connect(PROXY, '10.0.1.1')];
    for (const raw of [first, second, firstAgain]) await authenticate(raw!, WORKSPACE, token);
    const size = heavyFrame().byteLength;
    expect(size).toBeLessThan(LIMITS.maxMessageBytes);
    expect(4 * size).toBeLessThan(LIMITS.byteBurst);
    expect(6 * size).toBeGreaterThan(LIMITS.addressByteBurst);
    // 240 kB each: within a connection's budget and an address's; both addresses would be over one shared budget.
    await sendHeavy(first!, 4);
    await sendHeavy(second!, 4);
    expect(first!.socket.readyState).toBe(first!.socket.OPEN);
    // The same client on a second connection shares its address's budget, which has less than 60 kB left.
    for (let i = 0; i < 2; i++) firstAgain!.send(heavyFrame());
    expect(await closedBy(firstAgain!)).toEqual({ code: 1008, reason: 'too many bytes' });
    await closeAll();
  });

  it('takes --trust-proxy and the limits on the command line', async () => {
    const cliDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-relay-proxy-cli-'));
    const cli = await startRelayProcess({ dataDir: cliDataDir, extraArgs: ['--trust-proxy', `192.0.2.1,${PROXY}`, '--max-connections-per-address', '1'] });
    const connectCli = async (from: string, chain: string) => {
      const raw = await openRawClient(cli.url, from, forwardedFor(chain));
      if ('refused' in raw) return null;
      opened.push(raw);
      return raw;
    };
    try {
      expect(await connectCli(PROXY, '10.0.2.1')).not.toBeNull();
      expect(await connectCli(PROXY, '10.0.2.1')).toBeNull();
      expect(await connectCli(PROXY, '10.0.2.2')).not.toBeNull();
    } finally {
      for (const raw of opened.splice(0)) raw.socket.terminate();
      await cli.stop();
      fs.rmSync(cliDataDir, { recursive: true, force: true });
    }
  });
});
