import { z } from 'zod';

/**
 * y-webrtc's signaling protocol (subscribe, unsubscribe, publish, ping/pong)
 * as JSON over WebSocket, so stock y-webrtc clients work with Cairn's server
 * and Cairn works with y-webrtc's. The server relays `publish` messages to
 * every subscriber of the topic; with a room password their payload is
 * encrypted end to end, so the server never learns the workspace.
 */
export const SIGNALING_LIMITS = {
  /** Largest message accepted, in bytes (SDP offers are a few KiB). */
  maxMessageBytes: 64 * 1024,
  maxTopicLength: 256,
  maxTopicsPerConnection: 32,
  maxTopics: 10_000,
  maxConnections: 2_000,
  /**
   * Connections from one address. On the facilitator's LAN every laptop has
   * its own address; 64 is two tabs each for a room of 30 with room to spare,
   * and 2,000 / 64 means 32 addresses are needed to fill the table, not one.
   */
  maxConnectionsPerAddress: 64,
  /**
   * Topic subscriptions held by one address, over all its connections. A
   * Cairn peer holds one topic per open workshop, so 256 is ample; it keeps
   * one address to 2.5% of the topic table, so a new room still finds room.
   */
  maxTopicsPerAddress: 256,
  /**
   * Bytes queued for one socket beyond which messages to it are dropped. A
   * peer's whole signaling for a room of 30 is a few dozen KiB of offers,
   * answers and candidates; 256 KiB queued means the peer has stopped reading.
   */
  maxQueuedBytes: 256 * 1024,
  /** A socket whose queue stays above maxQueuedBytes this long is closed, and what it held is freed. */
  slowReaderGraceMs: 5_000,
  /** Token bucket per connection: sustained rate and burst. */
  messagesPerSecond: 60,
  messageBurst: 300,
  /** Malformed or refused messages tolerated before the connection is closed. */
  maxBadMessages: 100,
  /** A connection that does not answer a ping within this time is closed. */
  pingIntervalMs: 30_000,
} as const;

const topic = z.string().min(1).max(SIGNALING_LIMITS.maxTopicLength);

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), topics: z.array(topic).max(SIGNALING_LIMITS.maxTopicsPerConnection) }),
  z.object({ type: z.literal('unsubscribe'), topics: z.array(topic).max(SIGNALING_LIMITS.maxTopicsPerConnection) }),
  z.object({ type: z.literal('publish'), topic }).passthrough(),
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Parses one raw message; null when it is not a valid signaling message. */
export function parseClientMessage(raw: string): ClientMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = clientMessageSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
