import path from 'node:path';
import * as Y from 'yjs';
import { hasWorkspace, readMeta } from '../../shared/schema/read';
import { fixWorkspaceFacts, fixedKindOf } from '../../shared/schema/fixedFacts';
import { IMPORT_ORIGIN } from '../../shared/origins';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import { InviteError, hasRoom, parseInvite, type Invite, type RelayInvite, type WorkshopInvite } from '../../shared/sync/invite';
import { connectRelay, RELAY_REFUSED_MESSAGE, type RelayConnection, type RelayStatus } from '../../shared/sync/relayConnection';
import { parseRelay } from '../../shared/sync/relaySettings';
import { ID_PATTERN } from '../../shared/ids';
import WebSocket from 'ws';
import type { WrtcLike } from '../../shared/sync/workshopConnection';
import { isKindDisputed, isPrivate } from '../../shared/sync/privacy';
import { connectWorkshop, type SyncStatus, type WorkshopConnection } from '../../shared/sync/workshopConnection';
import { APP_VERSION } from '../common/version';
import type { CliCommand } from './command';
import { BadInput, EXIT_OK } from './errors';
import type { CliIo } from './io';
import { readWorkspaceInputIfExists } from './workspaceInput';
import { patientWebSocket } from './patientWebSocket';
import { sweepStaleTempFilesOf } from '../common/atomicWrite';
import { rootMap } from '../../shared/schema/roots';

/*
 * `cairn join`: a headless workshop peer (and/or a follower of the workspace on a relay). It joins the room like any teammate,
 * keeps a `.cairn` copy of the workspace on disk while edits arrive, and stays
 * when the others leave, so a latecomer still finds the workspace (an
 * archivist). An existing file of the same workspace is merged in, never
 * replaced; a file of another workspace is refused before anything is sent.
 */

/** Write a few seconds behind changes, never more than this far behind. */
const WRITE_DEBOUNCE_MS = 1000;
const WRITE_MAX_DELAY_MS = 5000;
/** With --once, give up when no one has sent the workspace by then. */
const ONCE_TIMEOUT_MS = 60_000;

export interface JoinOptions {
  /** The room to join; null to follow the relay alone. */
  invite: WorkshopInvite | null;
  /** The workspace's relay to follow as well as (or instead of) the room. */
  relay?: RelayInvite | null;
  outPath: string;
  /** Exit after the first complete sync has been written. */
  once: boolean;
  io: CliIo;
  /** WebRTC for the room; not needed to follow a relay alone. */
  wrtc?: WrtcLike;
  /** Resolves when the user stops the peer (Ctrl+C). */
  stopped: Promise<void>;
  now?: () => number;
}

function describeStatus(status: SyncStatus): string {
  switch (status.state) {
    case 'connecting':
      return 'connecting to the signaling server';
    case 'offline':
      return 'offline: cannot reach the signaling server; retrying';
    case 'looking':
      return 'looking for peers';
    case 'connected':
      return `connected to ${status.peers} peer${status.peers === 1 ? '' : 's'}, syncing`;
    case 'in-sync':
      return `in sync with ${status.peers} peer${status.peers === 1 ? '' : 's'}`;
  }
}

function relayHoldsAll(status: RelayStatus | undefined): boolean {
  return status?.state === 'live' && status.unconfirmed === 0;
}

function describeRelay(status: RelayStatus, accepted: boolean): string {
  switch (status.state) {
    case 'connecting':
      return 'relay: connecting';
    case 'offline':
      return 'relay: offline: cannot reach the relay; retrying';
    case 'refused':
      return `relay: ${RELAY_REFUSED_MESSAGE}`;
    case 'live':
      if (!accepted) return 'relay: connected; it holds no workspace yet';
      return status.unconfirmed === 0 ? 'relay: in sync' : 'relay: connected, sending changes';
  }
}

/** `ws` with the browser's one-argument constructor (what the relay's provider calls). */
class NodeWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
  }
}

/** Log lines on stdout, each led by the time of day (UTC). */
function timestampedLog(io: CliIo, now: () => number = Date.now): (line: string) => void {
  return (line) => io.stdout(`${new Date(now()).toISOString().slice(11, 19)} ${line}\n`);
}

/** Runs the headless peer until stopped (or, with --once, until the first full copy is on disk). */
export async function runJoin(options: JoinOptions): Promise<number> {
  const { invite, outPath, io } = options;
  const relay = options.relay ?? null;
  const now = options.now ?? Date.now;
  const name = path.basename(outPath);
  const existing = await readWorkspaceInputIfExists(outPath, io);
  if (existing?.header.kind === 'journal') throw new BadInput(`${name} is a personal journal: journals are private and never join a workshop or a relay.`);
  if (!invite && !relay) throw new BadInput('Nothing to join: give an invite, or --relay and --token-file.');
  if (relay && existing && existing.header.workspaceId !== relay.workspaceId) {
    throw new BadInput(`${name} holds another workspace ("${existing.header.title}") than the relay's ${relay.workspaceId}; choose another --out file.`);
  }

  // An empty document joins; the file is merged only once the room (or relay) proves to hold the same workspace.
  const doc = new Y.Doc();
  const log = timestampedLog(io, now);
  let connection: WorkshopConnection | null = null;
  let relayConnection: RelayConnection | null = null;
  try {
    if (invite) {
      if (!options.wrtc) throw new Error('Joining a workshop room needs WebRTC.');
      connection = connectWorkshop(doc, { code: invite.code, signaling: invite.signaling, wrtc: options.wrtc, broadcastChannel: false });
    }
    if (relay) relayConnection = connectRelay(doc, { url: relay.url, token: relay.token, workspaceId: relay.workspaceId, WebSocket: NodeWebSocket });
  } catch (error) {
    connection?.leave();
    throw new BadInput((error as Error).message);
  }
  if (invite) log(`joining workshop ${invite.title ? `"${invite.title}" ` : ''}via ${invite.signaling.join(', ')}`);
  if (relay) log(`following workspace ${relay.workspaceId} on the relay ${relay.url}`);
  const leaveAll = () => {
    connection?.leave();
    relayConnection?.close();
  };
  /** Every path here holds what we hold: the room's peers, or the relay that confirmed all our changes. */
  const inSync = () => connection?.status().state === 'in-sync' || relayHoldsAll(relayConnection?.status());

  return new Promise<number>((resolve, reject) => {
    let accepted = false;
    let dirty = false;
    let firstDirtyAt = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let writing: Promise<void> = Promise.resolve();
    let written = false;
    let finished = false;

    const finish = (error: Error | null) => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      clearTimeout(onceTimer);
      offStatus();
      offRelayStatus();
      doc.off('update', onUpdate);
      rootMap(doc, 'meta').unobserve(onMeta);
      // The last write completes before we leave; then the room is left cleanly.
      const flush = accepted && dirty ? write() : writing;
      flush.then(
        () => {
          leaveAll();
          if (error) reject(error);
          else resolve(EXIT_OK);
        },
        (writeError: unknown) => {
          leaveAll();
          reject(error ?? writeError);
        },
      );
    };

    const write = (): Promise<void> => {
      if (timer) clearTimeout(timer);
      timer = null;
      dirty = false;
      const bytes = workspaceToFile(doc, APP_VERSION, now());
      writing = writing.then(() => io.writeFile(outPath, bytes));
      return writing.then(() => {
        if (!written) log(`saved the workspace to ${outPath} (${Math.ceil(bytes.length / 1024)} KB); keeping it in sync until stopped`);
        written = true;
        if (options.once && inSync()) finish(null);
      });
    };
    const fail = (error: unknown) => finish(error instanceof Error ? error : new Error(String(error)));
    const scheduleWrite = () => {
      if (!accepted) return;
      if (!dirty) firstDirtyAt = now();
      dirty = true;
      if (timer) clearTimeout(timer);
      const wait = Math.max(0, Math.min(WRITE_DEBOUNCE_MS, firstDirtyAt + WRITE_MAX_DELAY_MS - now()));
      timer = setTimeout(() => write().catch(fail), wait);
    };
    const onUpdate = () => scheduleWrite();

    let reportedKind = false;
    const onMeta = () => {
      // The room holds the workspace of our file: the kind our file was saved with is the one it
      // was created with, whatever a peer has written to meta.kind since.
      if (existing && rootMap(doc, 'meta').get('id') === existing.header.workspaceId) fixWorkspaceFacts(doc, { id: existing.header.workspaceId, kind: existing.header.kind });
      // A later write to the kind is ignored (the kind is fixed at creation): said once, and the archivist syncs on.
      if (isKindDisputed(doc) && !reportedKind) {
        reportedKind = true;
        log(`a peer wrote "${String(rootMap(doc, 'meta').get('kind'))}" as this workspace's kind; it stays a ${fixedKindOf(doc) ?? 'team'} workspace (a kind is fixed when a workspace is created), and ${name} keeps it so. The host can write it back with Restore the workspace kind.`);
      }
      if (isPrivate(doc)) return fail(new BadInput('This room holds a personal journal; Cairn does not keep copies of journals.'));
      if (accepted || !hasWorkspace(doc)) return;
      const meta = readMeta(doc);
      if (existing && existing.header.workspaceId !== meta.value.id) {
        return fail(
          new BadInput(`${name} holds another workspace ("${existing.header.title}"), not "${meta.value.title}"; choose another --out file.`),
        );
      }
      accepted = true;
      log(`received workspace "${meta.value.title}"`);
      // What the file knew that the room may not (edits from an earlier session) goes back in.
      if (existing) Y.applyUpdate(doc, existing.update, IMPORT_ORIGIN);
      scheduleWrite();
    };

    /**
     * Every peer here has answered our (empty) state without sending a
     * workspace: the room holds none, so the file's copy is the workspace and
     * the archivist hands it to them, and to whoever comes next.
     */
    const serveOwnCopy = (synced: boolean) => {
      if (!existing || accepted || !synced || hasWorkspace(doc)) return;
      accepted = true;
      log(`no one here has the workspace yet; sharing "${existing.snapshot.meta?.title ?? existing.header.title}" from ${name}`);
      Y.applyUpdate(doc, existing.update, IMPORT_ORIGIN);
    };

    let lastState = '';
    const offStatus = (connection?.onStatus((status) => {
      serveOwnCopy(status.state === 'in-sync');
      // Peers that have exchanged nothing but empty states are not "in sync" on any workspace.
      const line = accepted || status.state !== 'in-sync' ? describeStatus(status) : `connected to ${status.peers} peer${status.peers === 1 ? '' : 's'}; no one has sent the workspace yet`;
      if (line !== lastState) log(line);
      lastState = line;
      // "In sync" after the workspace arrived: with --once, the copy on disk is complete once written.
      if (options.once && accepted && written && status.state === 'in-sync' && !dirty) finish(null);
    }) ?? (() => {})) as () => void;
    let lastRelayLine = '';
    const offRelayStatus = (relayConnection?.onStatus((status) => {
      // The relay answered our (empty) state and sent no workspace: it holds none yet, so the file's copy goes up.
      serveOwnCopy(status.state === 'live');
      if (status.state === 'refused') return fail(new BadInput(RELAY_REFUSED_MESSAGE));
      const line = describeRelay(status, accepted);
      if (line !== lastRelayLine) log(line);
      lastRelayLine = line;
      if (options.once && accepted && written && relayHoldsAll(status) && !dirty) finish(null);
    }) ?? (() => {})) as () => void;
    doc.on('update', onUpdate);
    rootMap(doc, 'meta').observe(onMeta);
    const onceTimer = setTimeout(() => {
      if (options.once && !written) {
        fail(new Error(invite ? 'No one in this workshop sent the workspace within a minute. Check the invite, and that someone is hosting.' : 'The relay did not send the workspace within a minute. Check its address, and that it is running.'));
      }
    }, ONCE_TIMEOUT_MS);
    options.stopped.then(() => {
      log('stopping');
      finish(null);
    }, fail);
  });
}

async function loadWrtc(): Promise<WrtcLike> {
  try {
    const module = (await import('@roamhq/wrtc')) as unknown as { default?: WrtcLike } & WrtcLike;
    return module.default ?? module;
  } catch {
    throw new Error('WebRTC for Node (@roamhq/wrtc) is not installed for this platform, so `cairn join` cannot run here.');
  }
}

/** The invite given as the positional argument, if any. */
function inviteFrom(positionals: string[], address: string | undefined): Invite | null {
  if (positionals.length > 1) throw new BadInput('expected at most one invite (link, invite text or code)');
  if (positionals.length === 0) return null;
  try {
    return parseInvite(positionals[0]!, address);
  } catch (error) {
    if (error instanceof InviteError) throw new BadInput(error.message.replace('the facilitator’s address', 'the facilitator’s address with --address'));
    throw error;
  }
}

const TOKEN_ENV = 'CAIRN_RELAY_TOKEN';

/**
 * The relay token: from --token-file (first line), else --token, else the
 * environment. A token on the command line is visible to every user of the
 * machine (`ps`) and stays in shell history; a file or the environment is not.
 */
async function relayTokenFrom(values: Record<string, unknown>, io: CliIo): Promise<string | undefined> {
  const file = values['token-file'];
  if (typeof file === 'string') {
    let bytes: Uint8Array;
    try {
      bytes = await io.readFile(path.resolve(file));
    } catch (error) {
      throw new BadInput(`cannot read the token file ${file}: ${(error as Error).message}`);
    }
    return new TextDecoder().decode(bytes).split(/\r?\n/)[0]!.trim();
  }
  if (typeof values.token === 'string') return values.token;
  return process.env[TOKEN_ENV] || undefined;
}

/**
 * The relay to follow: --relay and its token (the workspace named by --workspace,
 * the invite, or the --out file), else the invite's own relay, else none.
 */
async function relayFrom(values: Record<string, unknown>, invite: Invite | null, io: CliIo): Promise<RelayInvite | null> {
  const url = typeof values.relay === 'string' ? values.relay : undefined;
  const tokenGiven = typeof values.token === 'string' || typeof values['token-file'] === 'string';
  if (url === undefined && !tokenGiven) return invite?.relay ?? null;
  if (url === undefined) throw new BadInput('--token (or --token-file) goes with --relay URL');
  const token = await relayTokenFrom(values, io);
  if (token === undefined) throw new BadInput(`--relay URL needs the workspace's token: --token-file FILE, or ${TOKEN_ENV} (or --token TOKEN, seen by other users in ps and kept in shell history)`);
  const parsed = parseRelay(url, token);
  if (!parsed.ok) throw new BadInput(parsed.error);
  if (parsed.warning) io.stderr(`warning: ${parsed.warning}\n`);
  let workspaceId = typeof values.workspace === 'string' ? values.workspace : invite?.relay?.workspaceId;
  if (workspaceId === undefined && typeof values.out === 'string') workspaceId = (await readWorkspaceInputIfExists(path.resolve(values.out), io))?.header.workspaceId;
  if (workspaceId === undefined) throw new BadInput('which workspace? give --workspace WORKSPACE_ID (or an existing --out file of it)');
  if (!ID_PATTERN.test(workspaceId)) throw new BadInput(`"${workspaceId.slice(0, 60)}" is not a workspace id`);
  return { ...parsed.value, workspaceId };
}

export const joinCommand: CliCommand = {
  name: 'join',
  usage: 'cairn join [INVITE] [--relay URL --token-file FILE [--workspace ID]] --out FILE.cairn [--address HOST:PORT] [--once]',
  summary:
    'join a workshop (or follow a workspace on a relay) as a headless peer, keeping a synced .cairn copy until stopped; the relay token comes from --token-file FILE or CAIRN_RELAY_TOKEN (--token TOKEN works too, but other users see it in `ps` and it stays in shell history)',
  options: {
    out: { type: 'string' },
    address: { type: 'string' },
    once: { type: 'boolean' },
    relay: { type: 'string' },
    token: { type: 'string' },
    'token-file': { type: 'string' },
    workspace: { type: 'string' },
  },
  async run(positionals, values, io) {
    const invite = inviteFrom(positionals, typeof values.address === 'string' ? values.address : undefined);
    const relay = await relayFrom(values, invite, io);
    const room = invite && hasRoom(invite) ? invite : null;
    if (!room && !relay) throw new BadInput(`expected an invite (link, invite text or code), or --relay and its token; usage: ${this.usage}`);
    const out = typeof values.out === 'string' && values.out !== '' ? values.out : relay ? `${relay.workspaceId}.cairn` : null;
    if (!out) throw new BadInput(`--out FILE.cairn is required; usage: ${this.usage}`);
    const outPath = path.resolve(out);
    const log = timestampedLog(io);
    // A write this peer was killed in the middle of left its temp file behind.
    const swept = await sweepStaleTempFilesOf(outPath);
    if (swept > 0) log(`removed ${swept} unfinished temporary file${swept === 1 ? '' : 's'} of an interrupted write beside ${path.basename(outPath)}`);
    // WebRTC only for a room: following a relay alone runs where @roamhq/wrtc does not.
    const wrtc = room ? await loadWrtc() : undefined;
    (globalThis as { WebSocket?: unknown }).WebSocket = patientWebSocket({ report: log });
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    try {
      return await runJoin({ invite: room, relay, outPath, once: values.once === true, io, wrtc, stopped });
    } finally {
      // WebRTC keeps native handles open for a while after leaving; the copy is on disk, so end
      // soon after the exit code is set (process.exitCode, by the caller).
      setTimeout(() => process.exit(), 200).unref();
    }
  },
};
