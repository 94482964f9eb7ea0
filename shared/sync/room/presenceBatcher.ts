/*
 * Relayed presence, coalesced. In a partial mesh every awareness change a
 * peer receives goes on to its other links; at 30 peers each renewing every
 * 1.5 s that would be hundreds of small messages a second on every link. So
 * relayed changes are queued per link (a set of client ids: a client queued
 * twice goes once, with its state as it is at the flush) and flushed
 * together at most every BATCH_INTERVAL_MS; the first change after a quiet
 * spell goes at once. Our own changes never wait (the room sends them
 * directly). Timers are injected, so the batching is unit-tested.
 */

export const BATCH_INTERVAL_MS = 250;

export interface BatchClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: BatchClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class PresenceBatcher<Link> {
  private pending = new Map<Link, Set<number>>();
  private timer: unknown = null;
  private lastFlush = -Infinity;

  /**
   * @param send called once per flush with the clients queued for each link;
   *   the caller encodes the clients' current states (leaving out any that
   *   are gone by then or that a link sent itself) and groups the links that
   *   end up with the same clients (`groupBySameClients`), so each group's
   *   message is encoded once.
   */
  constructor(
    private readonly send: (pending: ReadonlyMap<Link, ReadonlySet<number>>) => void,
    private readonly clock: BatchClock = realClock,
    private readonly intervalMs = BATCH_INTERVAL_MS,
  ) {}

  /** Queues `clients` for each of `links`. */
  queue(clients: readonly number[], links: readonly Link[]): void {
    if (clients.length === 0 || links.length === 0) return;
    for (const link of links) {
      let set = this.pending.get(link);
      if (!set) this.pending.set(link, (set = new Set()));
      for (const client of clients) set.add(client);
    }
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  /** A link that closed: nothing more is sent to it. */
  drop(link: Link): void {
    this.pending.delete(link);
  }

  /** Sends everything queued now. */
  flush(): void {
    this.lastFlush = this.clock.now();
    if (this.pending.size === 0) return;
    const pending = this.pending;
    this.pending = new Map();
    this.send(pending);
  }

  destroy(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}

/** The links that are to get the same clients, together (ids ascending): one message to encode per group. */
export function groupBySameClients<Link>(perLink: ReadonlyMap<Link, Iterable<number>>): { clients: number[]; links: Link[] }[] {
  const groups = new Map<string, { clients: number[]; links: Link[] }>();
  for (const [link, unsorted] of perLink) {
    const clients = [...unsorted].sort((a, b) => a - b);
    if (clients.length === 0) continue;
    const key = clients.join(',');
    const group = groups.get(key);
    if (group) group.links.push(link);
    else groups.set(key, { clients, links: [link] });
  }
  return [...groups.values()];
}
