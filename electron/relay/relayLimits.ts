/**
 * What one relay accepts, as the signaling server's limits do for signaling:
 * enough for an organisation's weekly check-ins, little enough that one
 * misbehaving client or address cannot take the relay from everyone else.
 * Each can be set on the command line (`cairn relay --max-connections N`, see
 * relayLimitOptions in electron/cli/relay.ts).
 */
export const RELAY_LIMITS = {
  /** The largest WebSocket message (ws's maxPayload): a whole workspace of years of check-ins fits. */
  maxMessageBytes: 16 * 1024 * 1024,
  /** Past this (the loaded state plus what arrived since), a workspace takes no more writes. */
  maxDocumentBytes: 64 * 1024 * 1024,
  maxConnections: 5_000,
  maxConnectionsPerAddress: 32,
  /** Workspaces one connection may open (Hocuspocus multiplexes documents on one socket). */
  maxDocumentsPerConnection: 4,
  /** Bytes a connection may send for workspaces it has not been admitted to (Hocuspocus queues them). */
  maxUnadmittedBytes: 1024 * 1024,
  messagesPerSecond: 50,
  messageBurst: 400,
  addressMessagesPerSecond: 200,
  addressMessageBurst: 2_000,
  /**
   * Bytes, not only messages: 50 messages a second of 16 MiB each would
   * otherwise pass. The bursts hold two of the largest messages (a first sync
   * of a big workspace); the rates are far above weekly check-ins.
   */
  bytesPerSecond: 256 * 1024,
  byteBurst: 32 * 1024 * 1024,
  addressBytesPerSecond: 1024 * 1024,
  addressByteBurst: 64 * 1024 * 1024,
  /**
   * Presence (awareness) is kept for 30 s and sent to every connection of the
   * workspace, so it gets limits of its own: the largest awareness message, and
   * the awareness clients one connection may hold state for (a provider has one).
   */
  maxAwarenessBytes: 16 * 1024,
  maxAwarenessClientsPerConnection: 4,
};

export type RelayLimits = { -readonly [K in keyof typeof RELAY_LIMITS]: number };

/** Limits that cannot work together, as one sentence each (empty when they can); `nameOf` names a limit as its reader knows it. */
export function inconsistentLimits(limits: RelayLimits, nameOf: (limit: keyof RelayLimits) => string = (limit) => limit): string[] {
  const problems: string[] = [];
  const atLeast = (burst: keyof RelayLimits, floor: keyof RelayLimits) => {
    if (limits[burst] < limits[floor]) {
      problems.push(`${nameOf(burst)} (${limits[burst]}) is below ${nameOf(floor)} (${limits[floor]}): a message of the largest size could never pass`);
    }
  };
  atLeast('byteBurst', 'maxMessageBytes');
  atLeast('addressByteBurst', 'maxMessageBytes');
  for (const name of Object.keys(limits) as (keyof RelayLimits)[]) {
    if (!Number.isSafeInteger(limits[name]) || limits[name] <= 0) problems.push(`${nameOf(name)} must be a whole number above 0, not ${limits[name]}`);
  }
  return problems;
}

/** A token bucket: `burst` at once, then `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes `amount` tokens if there are that many. */
  take(amount = 1): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}
