import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
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
export async function authenticate(client: Pick<RawClient, 'send' | 'next'>, documentName: string, token: string): Promise<void> {
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

/** A client WebSocket frame (binary, final, masked as RFC 6455 requires of clients). */
function clientFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const header = length < 126 ? Buffer.from([0x82, 0x80 | length]) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126 && length < 65_536) {
    header.writeUInt8(0x82, 0);
    header.writeUInt8(0x80 | 126, 1);
    header.writeUInt16BE(length, 2);
  } else if (length >= 65_536) {
    header.writeUInt8(0x82, 0);
    header.writeUInt8(0x80 | 127, 1);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i] = masked[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, masked]);
}

/** Server frames (unmasked, unfragmented, as ws sends them) read off the front of `buffer`; returns what is left. */
function readServerFrames(buffer: Buffer, onMessage: (payload: Uint8Array) => void): Buffer {
  let rest = buffer;
  for (;;) {
    if (rest.length < 2) return rest;
    const opcode = rest[0]! & 0x0f;
    let length = rest[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (rest.length < 4) return rest;
      length = rest.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (rest.length < 10) return rest;
      length = Number(rest.readBigUInt64BE(2));
      offset = 10;
    }
    if (rest.length < offset + length) return rest;
    if (opcode === 0x2) onMessage(new Uint8Array(rest.subarray(offset, offset + length)));
    rest = rest.subarray(offset + length);
  }
}

/**
 * A client on a bare TCP socket that can send several frames in one write, as
 * one TCP chunk: the server's ws then emits them all at once, before the
 * relay has handled the first. (A ws client writes each frame on its own.)
 */
export async function openPipelinedClient(url: string, from: string): Promise<Omit<RawClient, 'socket' | 'closed'> & { sendAtOnce(frames: Uint8Array[]): void; end(): void }> {
  const { hostname, port } = new URL(url);
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const request = http.request({
      host: hostname,
      port: Number(port),
      localAddress: from,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64') },
    });
    request.once('upgrade', (_response, upgraded, head: Buffer) => {
      if (head.length > 0) upgraded.unshift(head);
      resolve(upgraded);
    });
    request.once('response', (response) => reject(new Error(`the relay answered ${response.statusCode} instead of upgrading`)));
    request.once('error', reject);
    request.end();
  });
  const received: Received[] = [];
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = readServerFrames(Buffer.concat([pending, chunk]), (payload) => received.push(decodeReceived(payload)));
  });
  socket.on('error', () => socket.destroy());
  return {
    received,
    send: (bytes) => socket.write(clientFrame(bytes)),
    sendAtOnce: (frames) => socket.write(Buffer.concat(frames.map(clientFrame))),
    async next(matches, what) {
      await until(() => received.some(matches), what, 10_000);
      return received.find(matches)!;
    },
    end: () => socket.destroy(),
  };
}
