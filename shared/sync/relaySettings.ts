import type { RelayTarget } from './relayConnection';

/*
 * A workspace's relay as a person types it (Network settings) or an invite
 * carries it: a ws:// or wss:// address and the workspace's token. The token
 * is a secret of this device's person: it is kept on the device, never in the
 * synced document.
 */

const RELAY_URL = /^wss?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/;
/** What `cairn relay token` prints (base64url), with room for other relays' formats; no spaces or control characters. */
const RELAY_TOKEN = /^[A-Za-z0-9._~+/=-]{16,256}$/;
const MAX_URL_LENGTH = 300;

/* Here rather than in relayConnection.ts: the app shows it without loading the relay's provider, which it loads only for a workspace with a relay. */
export const RELAY_REFUSED_MESSAGE = 'The relay refused this workspace’s token: it is wrong, or it was revoked. Ask the relay’s operator for the current one.';

export const CLEAR_TEXT_WARNING = 'This is a ws:// address on another machine: the workspace travels in clear text, readable by anyone on the network between you and the relay. Use wss:// (the relay behind TLS).';

export type ParsedRelay = { ok: true; value: RelayTarget; warning: string | null } | { ok: false; error: string };

function hostOf(url: string): string {
  const authority = url.replace(/^wss?:\/\//, '').split('/')[0] ?? '';
  // [::1]:4455 → ::1; host:port → host
  if (authority.startsWith('[')) return authority.slice(1, authority.indexOf(']'));
  return authority.replace(/:\d*$/, '').toLowerCase();
}

/** Loopback: the relay on this very machine (a test, or a tunnel's local end), where ws:// leaves nothing on the network. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function relayUrlError(url: string): string | null {
  if (url.length > MAX_URL_LENGTH) return `The relay address is longer than ${MAX_URL_LENGTH} characters.`;
  if (!RELAY_URL.test(url)) return 'The relay address must start with wss:// (or ws://), like wss://relay.example.org.';
  return null;
}

export function relayTokenError(token: string): string | null {
  if (token === '') return 'Enter the workspace’s relay token (the relay’s operator gives it: `cairn relay token WORKSPACE_ID`).';
  if (!RELAY_TOKEN.test(token)) return 'This is not a relay token: it should be one word of letters, digits, - and _, as `cairn relay token` prints it.';
  return null;
}

/** The warning to show for an address that would carry the workspace unencrypted over a network, or null. */
export function clearTextWarning(url: string): string | null {
  return url.startsWith('ws://') && !isLoopbackHost(hostOf(url)) ? CLEAR_TEXT_WARNING : null;
}

/** Reads an address and a token as typed; every mistake is explained. */
export function parseRelay(urlInput: string, tokenInput: string): ParsedRelay {
  const url = urlInput.trim().replace(/\/+$/, '');
  const token = tokenInput.trim();
  const error = relayUrlError(url) ?? relayTokenError(token);
  if (error) return { ok: false, error };
  return { ok: true, value: { url, token }, warning: clearTextWarning(url) };
}

/** A relay read back from device storage: anything unexpected reads as none. */
export function readStoredRelay(stored: unknown): RelayTarget | null {
  if (!stored || typeof stored !== 'object') return null;
  const { url, token } = stored as { url?: unknown; token?: unknown };
  if (typeof url !== 'string' || typeof token !== 'string') return null;
  const parsed = parseRelay(url, token);
  return parsed.ok ? parsed.value : null;
}

/** Where this device keeps a workspace's relay (the device store, never the synced document). */
export const relayStorageKey = (workspaceId: string) => `relay:${workspaceId}`;

/** The relay's host (and port) as a person reads it: what a join asks them to trust. */
export function relayHostOf(url: string): string {
  return url.replace(/^wss?:\/\//, '').split('/')[0] ?? url;
}

export const RELAY_OPERATOR_NOTICE = 'The relay’s operator can read this workspace.';

/*
 * An invite names a workspace by id, and whoever runs the relay it names
 * sends the document. For a workspace already on this device, taking the
 * invite's relay would send it, from then on, wherever the invite says: an
 * invite never replaces a relay this device keeps, and gives one to a
 * workspace that has none only once the person has confirmed.
 */
export type RelayJoinCheck =
  /** Not on this device: joining adds it, with the invite's relay. */
  | { kind: 'new' }
  /** On this device, through this very relay: joining changes no setting. */
  | { kind: 'same' }
  /** On this device without a relay: it gets the invite's relay only if the person confirms. */
  | { kind: 'adopt'; message: string }
  /** On this device through another relay (or token): refused. */
  | { kind: 'conflict'; message: string };

export function relayJoinCheck(onDevice: boolean, stored: RelayTarget | null, invite: RelayTarget): RelayJoinCheck {
  if (!onDevice) return { kind: 'new' };
  if (!stored) {
    return {
      kind: 'adopt',
      message: `This workspace is already on this device, without a relay. Joining merges the relay’s copy into yours and makes your workspace sync through ${relayHostOf(invite.url)} from now on.`,
    };
  }
  if (stored.url === invite.url && stored.token === invite.token) return { kind: 'same' };
  return {
    kind: 'conflict',
    message: `This workspace is already on this device and syncs through ${relayHostOf(stored.url)}; the invite names ${stored.url === invite.url ? 'another token for it' : `another relay, ${relayHostOf(invite.url)}`}. Nothing was joined or changed. If the relay really changed, set it in Share… → Relay.`,
  };
}
