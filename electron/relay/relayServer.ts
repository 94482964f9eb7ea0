import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import { Connection, Hocuspocus, MessageType, type Document, type Extension } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { ID_PATTERN } from '../../shared/ids';
import { isPrivate } from '../../shared/sync/privacy';
import { createPresenceTally } from './awarenessLimit';
import { clientAddressReader, trustedProxies } from './clientAddress';
import { createConnectionGuard, type GuardStats } from './connectionGuard';
import { inconsistentLimits, RELAY_LIMITS, type RelayLimits } from './relayLimits';
import { openRelayStore, type RelayStore } from './relayStore';
import { loadRelaySecret, tokenFor, tokenMatches } from './relayTokens';

/*
 * Cairn's relay: a Hocuspocus server that keeps each workspace (a Yjs
 * document named by its workspace id) for the peers that are never online
 * together. It treats documents as opaque Yjs: it merges and stores them and
 * never reads their content, except to refuse a personal journal (privacy.ts).
 */

export interface RelayOptions {
  host?: string;
  port?: number;
  /** Holds relay.sqlite and, without `secretFile`, the generated relay-secret. */
  dataDir: string;
  secretFile?: string;
  /** redis://[user:password@]host[:port][/db]; several instances with the same Redis and data share the load. */
  redisUrl?: string;
  limits?: Partial<RelayLimits>;
  /**
   * Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed:
   * behind them, the per-address limits count the client's address, not the proxy's.
   */
  trustProxy?: readonly string[];
  /** Hocuspocus's debounce of the store (compaction) hook; appends are immediate whatever it is. */
  storeDebounceMs?: number;
}

export interface RelayStats extends GuardStats {
  workspacesLoaded: number;
}

export interface Relay {
  port: number;
  stats(): RelayStats;
  close(): Promise<void>;
}

export const RELAY_DATABASE_FILE = 'relay.sqlite';

/** The one refusal for every authentication that fails: it does not say whether the workspace exists. */
class AccessRefused extends Error {
  override name = 'AccessRefused';
  readonly reason = 'permission-denied';
  constructor() {
    super(''); // no message: Hocuspocus logs messages, and a refusal is not the operator's error
  }
}

/**
 * A message refused while handling it: Hocuspocus closes the connection with
 * this code and reason. No message text, as a refusal is not the operator's error.
 */
class MessageRefusal extends Error {
  override name = 'MessageRefusal';
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super('');
  }
}
/** A write to a workspace past its size limit. */
const workspaceTooLarge = () => new MessageRefusal(1009, 'workspace too large');
/** A message Cairn never sends and the relay would fan out to everyone (stateless broadcasts). */
const notAccepted = () => new MessageRefusal(1008, 'message not accepted');
/** Presence past its limits (awarenessLimit.ts): too large for a presence is 1009, like any message too big. */
const awarenessRefused = (reason: string) => new MessageRefusal(reason === 'awareness too large' ? 1009 : 1008, reason);

/** What the relay knows of a loaded workspace beyond Hocuspocus's document. */
interface Loaded {
  /** Rows the document has held since it was loaded; compaction may replace them. */
  upToRow: number;
  ownRows: number[];
  /**
   * Loaded state plus what arrived since: an upper bound of the stored size. A client's write is
   * counted when it is let through (beforeHandleMessage), not once applied, so that writes sent back
   * to back, all checked before the first is applied, are each checked against those before them
   * (a deletion-only write adds no structs and is not counted: deletions are small).
   */
  bytes: number;
}

const SYNC_STEP_1 = 0;
/** Y.encodeStateAsUpdate of nothing: zero structs, an empty delete set. */
const EMPTY_UPDATE_BYTES = 2;

export function openRelayData(dataDir: string, secretFile?: string): { store: RelayStore; secret: Buffer } {
  return { store: openRelayStore(path.join(dataDir, RELAY_DATABASE_FILE)), secret: loadRelaySecret(dataDir, secretFile) };
}

/** The token for a workspace at its current generation (`cairn relay token`). */
export function currentToken(store: RelayStore, secret: Buffer, workspaceId: string): string {
  return tokenFor(secret, workspaceId, store.generation(workspaceId));
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const limits: RelayLimits = { ...RELAY_LIMITS, ...options.limits };
  const problems = inconsistentLimits(limits);
  if (problems.length > 0) throw new Error(`the relay's limits do not work together: ${problems.join('; ')}`);
  const proxies = options.trustProxy?.length ? trustedProxies(options.trustProxy) : null;
  const { store, secret } = openRelayData(options.dataDir, options.secretFile);
  const guard = createConnectionGuard(limits, clientAddressReader(proxies));
  const presenceTally = createPresenceTally(limits);
  const loaded = new Map<string, Loaded>();
  /** Workspaces that turned out to be journals: refused until the relay restarts, and never stored. */
  const journals = new Set<string>();

  const refuseJournal = (document: Document) => {
    journals.add(document.name);
    loaded.delete(document.name);
    store.forget(document.name);
    // The whole socket, not only the workspace's connection on it: the client reconnects, authenticates
    // again and gets the refusal, instead of writing on to a workspace the relay no longer listens to.
    for (const connection of document.getConnections()) connection.webSocket.terminate();
  };

  /*
   * Appended as each update is applied, synchronously, inside Yjs's update
   * event: Hocuspocus confirms an update to its sender only after applying
   * it, so a confirmed update is always in the file.
   */
  const persistEveryUpdate = (document: Document, state: Loaded) => {
    document.on('update', (update: Uint8Array, origin: unknown) => {
      if (journals.has(document.name)) return;
      if (isPrivate(document)) return refuseJournal(document);
      state.ownRows.push(store.append(document.name, update));
      // A client's write was counted when let through; others (another instance's, through Redis) are counted here.
      if (!(origin instanceof Connection)) state.bytes += update.byteLength;
    });
  };

  const relayHooks: Extension = {
    async onAuthenticate({ token, documentName, request }) {
      // The same refusal, after the same work, whether the name is no workspace id, the token is wrong
      // or revoked, or the workspace is a refused journal.
      const name = ID_PATTERN.test(documentName) ? documentName : '';
      const expected = tokenFor(secret, name, store.generation(name));
      if (!tokenMatches(token, expected) || name === '' || journals.has(name)) throw new AccessRefused();
      guard.admitted(request, documentName);
    },
    async afterLoadDocument({ document, documentName }) {
      const state: Loaded = loaded.get(documentName) ?? { upToRow: 0, ownRows: [], bytes: 0 };
      loaded.set(documentName, state);
      if (isPrivate(document)) return refuseJournal(document);
      persistEveryUpdate(document, state);
    },
    async beforeHandleMessage({ documentName, update, document, connection }) {
      if (isStateless(update)) throw notAccepted();
      const presence = messageTypeOf(update) === MessageType.Awareness ? presenceTally.refusal(connection.webSocket, documentName) : null;
      if (presence !== null) throw awarenessRefused(presence);
      const state = loaded.get(documentName);
      const changes = changesIn(update);
      if (state && changes !== null) {
        if (state.bytes > limits.maxDocumentBytes) throw workspaceTooLarge();
        // Synchronously with the check (see Loaded.bytes); an update the document already holds adds nothing.
        if (addsToDocument(changes, document)) state.bytes += changes.byteLength;
      }
    },
    async afterUnloadDocument({ documentName }) {
      loaded.delete(documentName);
    },
  };

  const database = new Database({
    async fetch({ documentName }) {
      const stored = store.load(documentName);
      loaded.set(documentName, { upToRow: stored?.upToRow ?? 0, ownRows: [], bytes: stored?.update.byteLength ?? 0 });
      return stored?.update ?? null;
    },
    async store({ documentName, state }) {
      const held = loaded.get(documentName);
      if (!held || journals.has(documentName)) return;
      const row = store.compact(documentName, state, { upToRow: held.upToRow, ownRows: held.ownRows });
      held.ownRows = [row];
      held.bytes = state.byteLength;
    },
  });

  // Redis before the database: its store hook takes a lock, so one instance compacts a workspace at a time.
  const extensions: Extension[] = options.redisUrl ? [redisExtension(options.redisUrl), database, relayHooks] : [database, relayHooks];
  const hocuspocus = new Hocuspocus({
    name: 'cairn-relay',
    quiet: true,
    debounce: options.storeDebounceMs ?? 2_000,
    maxDebounce: Math.max(10_000, options.storeDebounceMs ?? 0),
    extensions,
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });
  const httpServer = http.createServer((_request, response) => {
    // Nothing to list or look at over HTTP: the relay speaks WebSocket only.
    response.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' });
    response.end('Cairn relay: connect with a WebSocket client.\n');
  });
  httpServer.on('upgrade', (request: http.IncomingMessage, socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const admitted = guard.admitConnection(request);
    if (admitted !== 'ok') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 30\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // An oversize or malformed frame makes ws emit an error and close: nothing to report to anyone.
      ws.on('error', () => ws.terminate());
      // Hocuspocus hears only the messages the guard accepts: a flood is cut before it is queued.
      guard.serve(
        ws,
        request,
        () => hocuspocus.handleConnection(ws, request),
        (message) => presenceTally.accepted(ws, message),
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });

  let closing: Promise<void> | null = null;
  const close = async () => {
    httpServer.close();
    for (const client of wss.clients) client.terminate();
    hocuspocus.closeConnections();
    // Unloading a document runs its last store (compaction); appends already hold everything.
    for (let waited = 0; hocuspocus.getDocumentsCount() > 0 && waited < 5_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await hocuspocus.hooks('onDestroy', { instance: hocuspocus });
    wss.close();
    store.close();
  };

  return {
    port: (httpServer.address() as AddressInfo).port,
    stats: () => ({ ...guard.stats(), workspacesLoaded: hocuspocus.getDocumentsCount() }),
    close: () => (closing ??= close()),
  };
}

/** A Hocuspocus message's type (after the document's name), or null when it does not decode. */
function messageTypeOf(message: Uint8Array): number | null {
  try {
    const decoder = decoding.createDecoder(message);
    decoding.readVarString(decoder);
    return decoding.readVarUint(decoder);
  } catch {
    return null;
  }
}

/** Stateless messages, which Cairn never sends: the relay would pass them to every connection of the workspace. */
function isStateless(message: Uint8Array): boolean {
  const type = messageTypeOf(message);
  return type === MessageType.Stateless || type === MessageType.BroadcastStateless;
}

/**
 * The Yjs update a Hocuspocus message would apply to its document (a
 * non-empty sync step 2 or update, sent as Sync or as SyncReply: Hocuspocus
 * applies both); null for a message that reads. A message that cannot be
 * read counts as a write of all its bytes.
 */
function changesIn(message: Uint8Array): Uint8Array | null {
  try {
    const decoder = decoding.createDecoder(message);
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type !== MessageType.Sync && type !== MessageType.SyncReply) return null;
    if (decoding.readVarUint(decoder) === SYNC_STEP_1) return null;
    const update = decoding.readVarUint8Array(decoder);
    // A reader answers the relay's sync step 1 with an empty update (no structs, no deletions): let it read.
    return update.byteLength > EMPTY_UPDATE_BYTES ? update : null;
  } catch {
    return message;
  }
}

/** Whether an update has structs the document does not hold yet (a provider may send the same update twice). */
function addsToDocument(update: Uint8Array, document: Y.Doc): boolean {
  try {
    const held = Y.decodeStateVector(Y.encodeStateVector(document));
    for (const [client, clock] of Y.parseUpdateMeta(update).to) if (clock > (held.get(client) ?? 0)) return true;
    return false;
  } catch {
    return true;
  }
}

function redisExtension(url: string): Redis {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error(`--redis must be a redis:// or rediss:// URL, not "${url}"`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined;
  return new Redis({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    options: {
      username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      db: Number.isInteger(db) ? db : undefined,
      tls: parsed.protocol === 'rediss:' ? {} : undefined,
    },
  });
}
