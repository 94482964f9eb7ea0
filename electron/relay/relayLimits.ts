/**
 * What one relay accepts, as the signaling server's limits do for signaling:
 * enough for an organisation's weekly check-ins, little enough that one
 * misbehaving client or address cannot take the relay from everyone else.
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
};

export type RelayLimits = { -readonly [K in keyof typeof RELAY_LIMITS]: number };

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

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
