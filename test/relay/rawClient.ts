import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { until } from './relayClient';

/*
 * A client that speaks Hocuspocus's protocol by hand, as an attacker would:
 * frames built with lib0 and y-protocols exactly as @hocuspocus/provider
 * builds them (the document's name, the message type, then the message), so
 * that the relay sees what a real provider would send, or anything else.
 */

/** One Hocuspocus message the relay sent: the document's name, the type and, for CLOSE, its reason. */
export interface Received {
  documentName: string;
  type: number;
  /** A CLOSE message's reason (Hocuspocus closes one document of a socket this way). */
  reason?: string;
  /** An Auth message's answer: authenticated, or refused. */
  authenticated?: boolean;
}

export interface RawClient {
  socket: WebSocket;
  /** The socket's close: its code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  received: Received[];
  send(frame: Uint8Array): void;
  /** Resolves with the first received message that `matches`; fails after a deadline (a hung test, not a measure). */
  next(matches: (message: Received) => boolean, what: string): Promise<Received>;
}

function frame(documentName: string, type: MessageType, writeRest: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, documentName);
  encoding.writeVarUint(e, type);
  writeRest(e);
  return encoding.toUint8Array(e);
}

/** @hocuspocus/provider's AuthenticationMessage: a token (AuthMessageType.Token is 0). */
export const authFrame = (documentName: string, token: string) =>
  frame(documentName, MessageType.Auth, (e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, token);
  });

/** @hocuspocus/provider's UpdateMessage, or the same update sent as `SyncReply`, which Hocuspocus applies alike. */
export const updateFrame = (documentName: string, update: Uint8Array, type: MessageType.Sync | MessageType.SyncReply = MessageType.Sync) =>
  frame(documentName, type, (e) => syncProtocol.writeUpdate(e, update));

/** @hocuspocus/provider's SyncStepOneMessage, with any state vector. */
export const syncStep1Frame = (documentName: string, stateVector: Uint8Array) =>
  frame(documentName, MessageType.Sync, (e) => {
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(e, stateVector);
  });

/** A valid state vector naming `clients` made-up clients (about 7 bytes each): the relay answers it like any other. */
export function madeUpStateVector(clients: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, clients);
  for (let client = 1; client <= clients; client++) {
    encoding.writeVarUint(e, 1_000_000 + client);
    encoding.writeVarUint(e, client);
  }
  return encoding.toUint8Array(e);
}

/** @hocuspocus/provider's AwarenessMessage, with the entries y-protocols' encodeAwarenessUpdate writes. */
export const awarenessFrame = (documentName: string, entries: { clientId: number; clock: number; state: unknown }[]) =>
  frame(documentName, MessageType.Awareness, (e) => {
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, entries.length);
    for (const { clientId, clock, state } of entries) {
      encoding.writeVarUint(update, clientId);
      encoding.writeVarUint(update, clock);
      encoding.writeVarString(update, JSON.stringify(state));
    }
    encoding.writeVarUint8Array(e, encoding.toUint8Array(update));
  });

/** @hocuspocus/common's AuthMessageType.Authenticated. */
const AUTHENTICATED = 2;

function decodeReceived(data: Uint8Array): Received {
  const decoder = decoding.createDecoder(data);
  const documentName = decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  if (type === MessageType.CLOSE) return { documentName, type, reason: decoding.readVarString(decoder) };
  if (type === MessageType.Auth) return { documentName, type, authenticated: decoding.readVarUint(decoder) === AUTHENTICATED };
  return { documentName, type };
}

/**
 * Opens a raw connection from the loopback address `from`, with `headers` (X-Forwarded-For…);
 * resolves once open, or with the refusal.
 */
export async function openRawClient(url: string, from: string, headers: Record<string, string> = {}): Promise<RawClient | { refused: true }> {
  const socket = new WebSocket(url, { localAddress: from, headers });
  const received: Received[] = [];
  socket.on('message', (data: Buffer) => received.push(decodeReceived(new Uint8Array(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const client: RawClient = {
    socket,
    closed,
    received,
    send: (bytes) => socket.send(bytes),
    async next(matches, what) {
      await until(() => received.some(matches), what, 10_000);
      return received.find(matches)!;
    },
  };
  return new Promise((resolve) => {
    socket.once('open', () => resolve(client));
    socket.once('error', () => resolve({ refused: true }));
  });
}

/** Opens a raw connection that the relay must accept. */
export async function openAccepted(url: string, from: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const raw = await openRawClient(url, from, headers);
  if ('refused' in raw) throw new Error(`the relay refused a connection from ${from} it should accept`);
  return raw;
}

/** Authenticates for `documentName` and resolves once the relay says so. */
export async function authenticate(client: RawClient, documentName: string, token: string): Promise<void> {
  client.send(authFrame(documentName, token));
  const answer = await client.next((m) => m.documentName === documentName && m.type === MessageType.Auth, `the relay's answer to authenticating for ${documentName}`);
  if (!answer.authenticated) throw new Error(`the relay refused the token for ${documentName}`);
}

/** What the relay closes a raw socket with; fails if it does not (after a deadline, for a hung test). */
export async function closedBy(raw: RawClient): Promise<{ code: number; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the relay did not close the connection')), 10_000);
  });
  try {
    return await Promise.race([raw.closed, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
