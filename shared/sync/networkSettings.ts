/*
 * Network settings for teams that do have a network path between them: extra
 * signaling servers and STUN/TURN servers. On a LAN none are needed, and by
 * default none are used (no public STUN server is ever contacted unasked).
 * Written by people, one entry per line, so parsing explains each mistake.
 */

export interface IceServer {
  urls: string;
  username?: string;
  credential?: string;
}

export interface NetworkSettings {
  /** Signaling servers used in addition to an invite's own (ws:// or wss://). */
  signaling: string[];
  /** STUN/TURN servers for WebRTC; empty on a LAN. */
  iceServers: IceServer[];
}

export const DEFAULT_NETWORK_SETTINGS: NetworkSettings = { signaling: [], iceServers: [] };

const MAX_ENTRIES = 8;
const SIGNALING_URL = /^wss?:\/\/[^\s/?#]+(\/\S*)?$/;
const ICE_URL = /^(stun|stuns|turn|turns):[^\s]+$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function lines(text: string): { line: number; text: string }[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t.trim() }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
}

/** One ws:// or wss:// address per line. */
export function parseSignalingList(text: string): Parsed<string[]> {
  const entries = lines(text);
  if (entries.length > MAX_ENTRIES) return { ok: false, error: `At most ${MAX_ENTRIES} signaling servers.` };
  for (const { line, text: url } of entries) {
    if (!SIGNALING_URL.test(url)) return { ok: false, error: `Line ${line}: "${url.slice(0, 60)}" is not a ws:// or wss:// address.` };
  }
  return { ok: true, value: [...new Set(entries.map((e) => e.text))] };
}

/** One server per line: `stun:host:port`, or `turn:host:port username credential`. */
export function parseIceServers(text: string): Parsed<IceServer[]> {
  const entries = lines(text);
  if (entries.length > MAX_ENTRIES) return { ok: false, error: `At most ${MAX_ENTRIES} STUN/TURN servers.` };
  const servers: IceServer[] = [];
  for (const { line, text: entry } of entries) {
    const [urls = '', username, credential, ...rest] = entry.split(/\s+/);
    if (!ICE_URL.test(urls)) return { ok: false, error: `Line ${line}: "${urls.slice(0, 60)}" must start with stun:, stuns:, turn: or turns:.` };
    if (rest.length > 0) return { ok: false, error: `Line ${line}: expected an address, then optionally a username and a credential.` };
    const isTurn = urls.startsWith('turn');
    if (isTurn && (!username || !credential)) return { ok: false, error: `Line ${line}: a TURN server needs a username and a credential after its address.` };
    if (!isTurn && username) return { ok: false, error: `Line ${line}: a STUN server takes no username.` };
    servers.push(isTurn ? { urls, username, credential } : { urls });
  }
  return { ok: true, value: servers };
}

export function formatSignalingList(urls: readonly string[]): string {
  return urls.join('\n');
}

export function formatIceServers(servers: readonly IceServer[]): string {
  return servers.map((s) => [s.urls, s.username, s.credential].filter(Boolean).join(' ')).join('\n');
}

/** Settings read back from storage: anything unexpected falls back to the defaults. */
export function readNetworkSettings(stored: unknown): NetworkSettings {
  if (!stored || typeof stored !== 'object') return DEFAULT_NETWORK_SETTINGS;
  const { signaling, iceServers } = stored as { signaling?: unknown; iceServers?: unknown };
  const sig = Array.isArray(signaling) ? parseSignalingList(signaling.filter((s) => typeof s === 'string').join('\n')) : null;
  const ice = Array.isArray(iceServers)
    ? parseIceServers(
        formatIceServers(
          iceServers.filter((s): s is IceServer => !!s && typeof s === 'object' && typeof (s as IceServer).urls === 'string'),
        ),
      )
    : null;
  return { signaling: sig?.ok ? sig.value : [], iceServers: ice?.ok ? ice.value : [] };
}

/** The signaling servers to use: the invite's own first, then the extra ones. */
export function signalingFor(inviteSignaling: readonly string[], settings: NetworkSettings): string[] {
  return [...new Set([...inviteSignaling, ...settings.signaling])];
}
