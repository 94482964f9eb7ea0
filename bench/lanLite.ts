/*
 * A minimal namespace network for the sync benchmark: each host in its own
 * Linux network namespace, a veth pair to one bridge, its own address; `tbf`
 * to limit a host's link (this kernel has no netem). The same shape as the
 * test harness the lan part is building (test/support/netns.ts:
 * canMakeNamespaces, createLan({ hosts }) → hosts with spawn, cut, heal,
 * limit, unlimit, destroy), plus the bridge's own address, where the bench
 * runs the signaling server. Needs root and iproute2.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { Spawner } from './syncPeers';

export interface LanHost {
  name: string;
  address: string;
  namespace: string;
  spawn: Spawner;
}

export interface LinkLimit {
  rateKbit: number;
  burstKb?: number;
  latencyMs?: number;
}

export interface Lan {
  hosts: LanHost[];
  /** The bridge's address: reachable from every host and from the bench itself. */
  bridgeAddress: string;
  cut(host: LanHost): void;
  heal(host: LanHost): void;
  /** Limits the host's link both ways (what it sends and what it receives). */
  limit(host: LanHost, limit: LinkLimit): void;
  unlimit(host: LanHost): void;
  destroy(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const tc = (...args: string[]) => execFileSync('tc', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Whether this process may make network namespaces (root, iproute2), tried rather than guessed. */
export function canMakeNamespaces(): { ok: true } | { ok: false; reason: string } {
  const probe = `cbprobe${process.pid % 100000}`;
  try {
    ip('netns', 'add', probe);
    ip('netns', 'del', probe);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `cannot create a network namespace (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})` };
  }
}

export function createLan(options: { hosts: string[] }): Lan {
  // Names unique to this process (interface names have at most 15 characters).
  const tag = (process.pid % 10000).toString(36);
  const subnet = `10.213.${process.pid % 250}`;
  const bridge = `cbbr${tag}`;
  const hostSide = (i: number) => `cbv${tag}h${i}`;
  const made: string[] = [];
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    for (const namespace of made) {
      try {
        ip('netns', 'del', namespace);
      } catch {
        // already gone
      }
    }
    try {
      ip('link', 'del', bridge);
    } catch {
      // already gone
    }
  };
  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    ip('addr', 'add', `${subnet}.1/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    const hosts = options.hosts.map((name, i): LanHost => {
      const namespace = `cb${tag}-${i}`;
      const address = `${subnet}.${10 + i}`;
      ip('netns', 'add', namespace);
      made.push(namespace);
      ip('link', 'add', hostSide(i), 'type', 'veth', 'peer', 'name', `cbv${tag}n${i}`);
      ip('link', 'set', `cbv${tag}n${i}`, 'netns', namespace);
      ip('-n', namespace, 'link', 'set', `cbv${tag}n${i}`, 'name', 'eth0');
      ip('-n', namespace, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      ip('-n', namespace, 'link', 'set', 'eth0', 'up');
      ip('-n', namespace, 'link', 'set', 'lo', 'up');
      ip('link', 'set', hostSide(i), 'master', bridge);
      ip('link', 'set', hostSide(i), 'up');
      return { name, address, namespace, spawn: (command, args, opts) => spawn('ip', ['netns', 'exec', namespace, command, ...args], opts) };
    });
    const indexOf = (host: LanHost) => hosts.indexOf(host);
    return {
      hosts,
      bridgeAddress: `${subnet}.1`,
      cut: (host) => ip('link', 'set', hostSide(indexOf(host)), 'down'),
      heal: (host) => ip('link', 'set', hostSide(indexOf(host)), 'up'),
      limit(host, { rateKbit, burstKb = 32, latencyMs = 100 }) {
        const shape = ['root', 'tbf', 'rate', `${rateKbit}kbit`, 'burst', `${burstKb}kb`, 'latency', `${latencyMs}ms`];
        // The bridge side's egress is what the host receives; the namespace side's is what it sends.
        tc('qdisc', 'replace', 'dev', hostSide(indexOf(host)), ...shape);
        tc('-n', host.namespace, 'qdisc', 'replace', 'dev', 'eth0', ...shape);
      },
      unlimit(host) {
        tc('qdisc', 'del', 'dev', hostSide(indexOf(host)), 'root');
        tc('-n', host.namespace, 'qdisc', 'del', 'dev', 'eth0', 'root');
      },
      destroy,
    };
  } catch (error) {
    destroy();
    throw error;
  }
}
