/*
 * A minimal namespace network for the sync benchmark, with the same API as
 * the test harness of the LAN tests (test/support/netns.ts, built in
 * parallel): once both are merged, the bench imports that one instead and
 * this file goes. Each host in its own Linux network namespace with a veth
 * ("eth0") into one bridge that lives in a namespace of its own, so nothing is
 * created in the machine's own namespace; `tbf` limits a host's link (this
 * kernel has no netem). Needs root and iproute2.
 */
import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ip = (...args: string[]) => run('ip', args);

export interface LanHost {
  name: string;
  address: string;
  namespace: string;
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
}

export interface LinkLimit {
  rateKbit: number;
  burstKb?: number;
  latencyMs?: number;
}

export interface Lan {
  hosts: LanHost[];
  cut(host: LanHost): Promise<void>;
  heal(host: LanHost): Promise<void>;
  /** Limits the host's link both ways: its eth0 for what it sends, the bridge side for what it receives. */
  limit(host: LanHost, limit: LinkLimit): Promise<void>;
  unlimit(host: LanHost): Promise<void>;
  destroy(): Promise<void>;
}

/** Whether this process may make network namespaces (root, iproute2): tried, not guessed. */
export async function canMakeNamespaces(): Promise<boolean> {
  const probe = `cairnbench-${process.pid}-probe`;
  try {
    await ip('netns', 'add', probe);
    await ip('netns', 'del', probe);
    return true;
  } catch {
    return false;
  }
}

let lanCount = 0;

export async function createLan(options: { hosts: number }): Promise<Lan> {
  const base = `cairnbench-${process.pid}-${++lanCount}`;
  const bridgeNamespace = `${base}-br`;
  const namespaces = [bridgeNamespace];
  const bridgeSide = (i: number) => `v${i}`;
  const destroy = async () => {
    for (const namespace of namespaces.splice(0)) await ip('netns', 'del', namespace).catch(() => undefined);
  };
  const hosts: LanHost[] = [];
  try {
    await ip('netns', 'add', bridgeNamespace);
    await ip('-n', bridgeNamespace, 'link', 'add', 'br0', 'type', 'bridge');
    await ip('-n', bridgeNamespace, 'link', 'set', 'br0', 'up');
    for (let i = 0; i < options.hosts; i++) {
      const namespace = `${base}-h${i}`;
      const address = `10.78.0.${i + 1}`;
      namespaces.push(namespace);
      await ip('netns', 'add', namespace);
      await ip('-n', bridgeNamespace, 'link', 'add', bridgeSide(i), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace);
      await ip('-n', bridgeNamespace, 'link', 'set', bridgeSide(i), 'master', 'br0', 'up');
      await ip('-n', namespace, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      await ip('-n', namespace, 'link', 'set', 'eth0', 'up');
      await ip('-n', namespace, 'link', 'set', 'lo', 'up');
      // `ip netns exec` execs in place: the child's pid is the command's, and an 'ipc' channel survives.
      hosts.push({ name: `h${i}`, address, namespace, spawn: (command, args, spawnOptions = {}) => spawn('ip', ['netns', 'exec', namespace, command, ...args], spawnOptions) });
    }
  } catch (error) {
    await destroy();
    throw error;
  }
  const sideOf = (host: LanHost) => bridgeSide(hosts.indexOf(host));
  const tbf = ({ rateKbit, burstKb = 32, latencyMs = 400 }: LinkLimit) => ['tbf', 'rate', `${rateKbit}kbit`, 'burst', `${burstKb}kb`, 'latency', `${latencyMs}ms`];
  return {
    hosts,
    cut: async (host) => void (await ip('-n', bridgeNamespace, 'link', 'set', sideOf(host), 'down')),
    heal: async (host) => void (await ip('-n', bridgeNamespace, 'link', 'set', sideOf(host), 'up')),
    async limit(host, limit) {
      await run('tc', ['-n', host.namespace, 'qdisc', 'replace', 'dev', 'eth0', 'root', ...tbf(limit)]);
      await run('tc', ['-n', bridgeNamespace, 'qdisc', 'replace', 'dev', sideOf(host), 'root', ...tbf(limit)]);
    },
    async unlimit(host) {
      await run('tc', ['-n', host.namespace, 'qdisc', 'del', 'dev', 'eth0', 'root']).catch(() => undefined);
      await run('tc', ['-n', bridgeNamespace, 'qdisc', 'del', 'dev', sideOf(host), 'root']).catch(() => undefined);
    },
    destroy,
  };
}

/** For an exit handler, which cannot wait: every namespace this process made. */
export function namespacesOfThisProcess(): string {
  return `cairnbench-${process.pid}-`;
}
