import { execFileSync, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { canMakeNamespaces, createLan, type Lan, type LanHost } from '../support/netns';

/*
 * The namespace LAN harness itself (test/support/netns.ts), which the LAN
 * tests and the sync benchmark stand on: a cut really cuts, a heal heals, a
 * limit limits, and nothing is left behind. A few seconds; skipped (and said)
 * where namespaces cannot be made.
 */

const available = await canMakeNamespaces();
if (!available) console.log('[lan] netns harness: skipped, namespaces cannot be made here (needs root and iproute2)');

const PREFIX = 'cairnlantest';
let lan: Lan | null = null;

afterEach(async () => {
  await lan?.destroy();
  lan = null;
});

const namespaces = () => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });

/** From `from`, opens a TCP connection to `to` (a server there answers "hi"); returns what it read, or the failure. */
function reach(from: LanHost, to: LanHost, port: number, timeoutMs = 1500): string {
  const script = `const s = require('net').connect(${port}, '${to.address}'); let got = '';
    s.on('data', (d) => (got += d)); s.on('end', () => process.stdout.write(got, () => process.exit(0)));
    s.on('error', (e) => { console.log('error ' + e.code); process.exit(0); });
    setTimeout(() => { console.log('timeout'); process.exit(0); }, ${timeoutMs});`;
  return spawnSync('ip', ['netns', 'exec', from.namespace, process.execPath, '-e', script], { encoding: 'utf8' }).stdout.trim();
}

function serve(host: LanHost, port: number, payloadBytes = 0) {
  const child = host.spawn(process.execPath, ['-e', `require('net').createServer((s) => s.end(${payloadBytes ? `Buffer.alloc(${payloadBytes}, 104)` : "'hi'"})).listen(${port}, '${host.address}', () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise<{ stop: () => void }>((resolve) => child.stdout!.once('data', () => resolve({ stop: () => child.kill() })));
}

describe.skipIf(!available)('a namespace LAN (test/support/netns.ts)', { timeout: 60_000 }, () => {
  it('connects its hosts, cuts and heals a link, and leaves nothing behind', async () => {
    lan = await createLan({ hosts: 2, prefix: PREFIX });
    const [a, b] = lan.hosts as [LanHost, LanHost];
    expect([a.address, b.address]).toEqual(['10.77.0.1', '10.77.0.2']);
    const server = await serve(b, 7000);
    try {
      expect(reach(a, b, 7000)).toBe('hi');
      await lan.cut(b);
      expect(reach(a, b, 7000)).toBe('timeout');
      await lan.heal(b);
      expect(reach(a, b, 7000)).toBe('hi');
    } finally {
      server.stop();
    }
    const mine = lan.hosts.map((h) => h.namespace).concat(lan.bridgeNamespace);
    await lan.destroy();
    await lan.destroy();
    for (const name of mine) expect(namespaces()).not.toContain(name);
  });

  it('limits a host\'s link in both directions, and unlimits it', async () => {
    lan = await createLan({ hosts: 2, prefix: PREFIX });
    const [a, b] = lan.hosts as [LanHost, LanHost];
    await lan.limit(b, { rateKbit: 1000 });
    const qdiscs = execFileSync('tc', ['-n', b.namespace, 'qdisc', 'show', 'dev', 'eth0'], { encoding: 'utf8' }) + execFileSync('tc', ['-n', lan.bridgeNamespace, 'qdisc', 'show', 'dev', 'v1'], { encoding: 'utf8' });
    expect(qdiscs.match(/tbf .* rate 1Mbit/g)).toHaveLength(2);
    // 250 kB at 1 Mbit/s takes at least 2 s, however idle or loaded the machine: the limit is real.
    const server = await serve(b, 7001, 250_000);
    try {
      const start = Date.now();
      expect(reach(a, b, 7001, 20_000)).toHaveLength(250_000);
      expect(Date.now() - start).toBeGreaterThanOrEqual(1800);
      await lan.unlimit(b);
      expect(execFileSync('tc', ['-n', b.namespace, 'qdisc', 'show', 'dev', 'eth0'], { encoding: 'utf8' })).not.toContain('tbf');
    } finally {
      server.stop();
    }
  });

  it('removes the namespaces a crashed earlier run left behind, and only those', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const leftover = `${PREFIX}-${dead}-1-h0`;
    const stillRunning = `${PREFIX}-${process.ppid}-1-h0`;
    execFileSync('ip', ['netns', 'add', leftover]);
    execFileSync('ip', ['netns', 'add', stillRunning]);
    try {
      lan = await createLan({ hosts: 1, prefix: PREFIX });
      expect(namespaces()).not.toContain(leftover);
      expect(namespaces()).toContain(stillRunning);
    } finally {
      execFileSync('ip', ['netns', 'del', stillRunning]);
      spawnSync('ip', ['netns', 'del', leftover]);
    }
  });
});
