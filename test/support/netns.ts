/*
 * A real (virtual) LAN for tests, from Linux network namespaces: loopback hides
 * what a network does (a link that goes down, a slow Wi-Fi), namespaces do not.
 *
 *   canMakeNamespaces(): Promise<boolean>
 *     Tries once (creates and deletes a namespace): false when not root or
 *     iproute2 is missing. Callers fall back to loopback and say so.
 *
 *   createLan({ hosts, prefix? }): Promise<Lan>
 *     One bridge (br0) in a namespace of its own, one namespace per host with a
 *     veth ("eth0") into the bridge, addresses 10.77.0.(i+1)/24, loopback up.
 *     Nothing is created in the root namespace, so the machine's interfaces and
 *     routes are never touched, and two runs (each names its namespaces
 *     `<prefix>-<pid>-<n>-…`, prefix default "cairnlan") never collide, even
 *     on the same subnet. Namespaces left by a crashed run (the pid in their
 *     name no longer alive) are deleted first.
 *
 *   Lan.hosts[i]: { name, address, namespace, spawn(command, args, options) }
 *     spawn runs `ip netns exec <namespace> command …args` (node's spawn
 *     options; 'ipc' stdio works: NODE_CHANNEL_FD survives `ip netns exec`,
 *     which execs in place, so the child's pid is the command's own pid).
 *   Lan.cut(host) / heal(host)
 *     Takes the bridge side of the host's link down / up: the host loses
 *     carrier, as with a pulled cable or a dropped Wi-Fi; it is not told more.
 *   Lan.limit(host, { rateKbit, burstKb?, latencyMs? }) / unlimit(host)
 *     A token bucket (tc tbf) on both directions of the host's link: its
 *     eth0 for what it sends, the bridge side for what it receives. (This
 *     kernel has no netem: delay and loss cannot be emulated, only bandwidth.)
 *   Lan.destroy()
 *     Deletes every namespace of this LAN (processes still inside keep theirs
 *     until they exit). Idempotent; also runs on process exit and SIGINT/SIGTERM.
 */
import { execFile, execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LanHost {
  name: string;
  address: string;
  namespace: string;
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
}

export interface LinkLimit {
  rateKbit: number;
  /** The bucket: how much may go at line rate before the limit bites (default 32 kB). */
  burstKb?: number;
  /** How long a packet may wait in the queue before it is dropped (default 400 ms, a crowded Wi-Fi's buffer). */
  latencyMs?: number;
}

export interface Lan {
  hosts: LanHost[];
  /** The subnet's prefix length and the bridge's namespace, for diagnostics. */
  subnet: string;
  bridgeNamespace: string;
  cut(host: LanHost): Promise<void>;
  heal(host: LanHost): Promise<void>;
  limit(host: LanHost, limit: LinkLimit): Promise<void>;
  unlimit(host: LanHost): Promise<void>;
  destroy(): Promise<void>;
}

const DEFAULT_PREFIX = 'cairnlan';
const SUBNET = '10.77.0';

async function ip(...args: string[]): Promise<string> {
  return (await run('ip', args)).stdout;
}

let probed: Promise<boolean> | null = null;

export function canMakeNamespaces(): Promise<boolean> {
  probed ??= (async () => {
    const name = `${DEFAULT_PREFIX}-${process.pid}-probe`;
    try {
      await ip('netns', 'add', name);
      await ip('netns', 'del', name);
      return true;
    } catch {
      return false;
    }
  })();
  return probed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Namespaces `<prefix>-<pid>-…` whose pid is gone: a crashed earlier run's. */
async function removeStale(prefix: string): Promise<void> {
  const listing = await ip('netns', 'list');
  const stale = listing
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(`${prefix}-`))
    .filter((name) => {
      const pid = Number(name.slice(prefix.length + 1).split('-')[0]);
      return Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid);
    });
  for (const name of stale) await ip('netns', 'del', name).catch(() => undefined);
}

/** Every LAN of this process, for cleanup when the process ends without destroy(). */
const live = new Set<string[]>();
let exitHooked = false;

function deleteNow(namespaces: string[]): void {
  for (const name of namespaces) {
    try {
      execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const namespaces of live) deleteNow(namespaces);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const namespaces of live) deleteNow(namespaces);
      process.kill(process.pid, signal);
    });
  }
}

let lanCount = 0;

export async function createLan(options: { hosts: number; prefix?: string }): Promise<Lan> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (!/^[a-z][a-z0-9]{0,11}$/.test(prefix)) throw new Error(`LAN prefix must be a short lowercase name, not "${prefix}"`);
  if (options.hosts < 1 || options.hosts > 250) throw new Error('a LAN has 1 to 250 hosts');
  await removeStale(prefix);
  const base = `${prefix}-${process.pid}-${++lanCount}`;
  const bridgeNamespace = `${base}-br`;
  const namespaces: string[] = [bridgeNamespace];
  live.add(namespaces);
  hookExit();
  const bridgeSide = (index: number) => `v${index}`;

  const hosts: LanHost[] = [];
  try {
    await ip('netns', 'add', bridgeNamespace);
    await ip('-n', bridgeNamespace, 'link', 'set', 'lo', 'up');
    await ip('-n', bridgeNamespace, 'link', 'add', 'br0', 'type', 'bridge');
    await ip('-n', bridgeNamespace, 'link', 'set', 'br0', 'up');
    for (let i = 0; i < options.hosts; i++) {
      const namespace = `${base}-h${i}`;
      namespaces.push(namespace);
      await ip('netns', 'add', namespace);
      await ip('-n', bridgeNamespace, 'link', 'add', bridgeSide(i), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace);
      await ip('-n', bridgeNamespace, 'link', 'set', bridgeSide(i), 'master', 'br0', 'up');
      const address = `${SUBNET}.${i + 1}`;
      await ip('-n', namespace, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      await ip('-n', namespace, 'link', 'set', 'eth0', 'up');
      await ip('-n', namespace, 'link', 'set', 'lo', 'up');
      hosts.push({
        name: `h${i}`,
        address,
        namespace,
        spawn: (command, args, spawnOptions = {}) => spawn('ip', ['netns', 'exec', namespace, command, ...args], spawnOptions),
      });
    }
  } catch (error) {
    deleteNow(namespaces);
    live.delete(namespaces);
    throw error;
  }

  const indexOf = (host: LanHost) => {
    const index = hosts.indexOf(host);
    if (index < 0) throw new Error(`${host.name} is not on this LAN`);
    return index;
  };
  const tbf = (limit: LinkLimit) => [
    'tbf',
    'rate', `${limit.rateKbit}kbit`,
    'burst', `${limit.burstKb ?? 32}kb`,
    'latency', `${limit.latencyMs ?? 400}ms`,
  ];
  let destroyed = false;
  return {
    hosts,
    subnet: `${SUBNET}.0/24`,
    bridgeNamespace,
    cut: async (host) => void (await ip('-n', bridgeNamespace, 'link', 'set', bridgeSide(indexOf(host)), 'down')),
    heal: async (host) => void (await ip('-n', bridgeNamespace, 'link', 'set', bridgeSide(indexOf(host)), 'up')),
    async limit(host, limit) {
      const index = indexOf(host);
      await run('tc', ['-n', host.namespace, 'qdisc', 'replace', 'dev', 'eth0', 'root', ...tbf(limit)]);
      await run('tc', ['-n', bridgeNamespace, 'qdisc', 'replace', 'dev', bridgeSide(index), 'root', ...tbf(limit)]);
    },
    async unlimit(host) {
      const index = indexOf(host);
      await run('tc', ['-n', host.namespace, 'qdisc', 'del', 'dev', 'eth0', 'root']).catch(() => undefined);
      await run('tc', ['-n', bridgeNamespace, 'qdisc', 'del', 'dev', bridgeSide(index), 'root']).catch(() => undefined);
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const name of namespaces) await ip('netns', 'del', name).catch(() => undefined);
      live.delete(namespaces);
    },
  };
}
