import { customAlphabet } from 'nanoid';
import { z } from 'zod';
import { ID_PATTERN } from '../ids';
import { relayTokenError, relayUrlError } from './relaySettings';

/*
 * A workshop invite: where to find the others (signaling URLs) and the code.
 * The code names the room and is its secret (y-webrtc's password, which
 * encrypts signaling and admits peers): whoever has it can join and read.
 * It is typed by hand, so it uses an alphabet without look-alike characters.
 */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 12; // ~59 bits
const generateCode = customAlphabet(CODE_ALPHABET, CODE_LENGTH);

export function newWorkshopCode(): string {
  return formatCode(generateCode());
}

/** "ABCD-EFGH-JKMN": groups of four for reading aloud. */
export function formatCode(code: string): string {
  return normalizeCode(code).replace(/(.{4})(?=.)/g, '$1-');
}

/** Upper-cases and drops spaces and dashes, so "abcd efgh-jkmn" is accepted. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function isValidCode(input: string): boolean {
  const code = normalizeCode(input);
  return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}

/**
 * The workspace's relay (docs/relay.md), when its members use one: where it
 * is, the workspace's token there, and the workspace's id (the document's name
 * on the relay), so that a newcomer can fetch the workspace with nobody else online.
 */
export interface RelayInvite {
  url: string;
  token: string;
  workspaceId: string;
}

export interface WorkshopInvite {
  code: string;
  signaling: string[];
  /** For display before joining; the workspace itself comes from the peers. */
  title?: string;
  relay?: RelayInvite;
}

/** An invite to a workspace that is on a relay and in no workshop room. */
export interface RelayOnlyInvite {
  relay: RelayInvite;
  title?: string;
}

export type Invite = WorkshopInvite | RelayOnlyInvite;

export function hasRoom(invite: Invite): invite is WorkshopInvite {
  return 'code' in invite;
}

const signalingUrl = z
  .string()
  .max(300)
  .regex(/^wss?:\/\/[^\s/?#]+(\/[^\s]*)?$/, 'must be a ws:// or wss:// address');

const relaySchema = z.object({
  url: z.string().refine((url) => relayUrlError(url) === null, 'the relay address must be a ws:// or wss:// address'),
  token: z.string().refine((token) => relayTokenError(token) === null, 'the relay token is malformed'),
  workspace: z.string().regex(ID_PATTERN, 'the workspace id is malformed'),
});

/*
 * Version 1 throughout: the relay came as an optional field, so an invite
 * made before it still parses, and an older app reads the room of an invite
 * that has both (it ignores the relay). An invite with a relay and no room is
 * refused by an older app with "not a workshop code".
 */
const inviteSchema = z
  .object({
    v: z.literal(1),
    code: z.string().refine(isValidCode, 'not a workshop code').optional(),
    signaling: z.array(signalingUrl).min(1).max(8).optional(),
    title: z.string().max(200).optional(),
    relay: relaySchema.optional(),
  })
  .refine((invite) => (invite.code !== undefined) === (invite.signaling !== undefined), 'a workshop code needs its signaling addresses, and the reverse')
  .refine((invite) => invite.code !== undefined || invite.relay !== undefined, 'it names neither a workshop nor a relay');

/** Room name on the signaling server, derived from the code so both sides agree. */
export function roomOf(code: string): string {
  return `cairn-workshop-${normalizeCode(code)}`;
}

/** Room password: the code itself. */
export function secretOf(code: string): string {
  return normalizeCode(code);
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export const INVITE_PREFIX = 'cairn-invite:';

/** The invite as one line of text (also the payload of links and QR codes). */
export function encodeInvite(invite: Invite): string {
  const room = hasRoom(invite) ? { code: normalizeCode(invite.code), signaling: invite.signaling } : {};
  const relay = invite.relay ? { relay: { url: invite.relay.url, token: invite.relay.token, workspace: invite.relay.workspaceId } } : {};
  return `${INVITE_PREFIX}${toBase64Url(JSON.stringify({ v: 1, ...room, title: invite.title, ...relay }))}`;
}

export class InviteError extends Error {
  override name = 'InviteError';
}

/**
 * Reads an invite from what a person pasted: the invite text, a link that
 * contains it (…#/join/<invite>), or "address + code" typed by hand.
 */
export function parseInvite(input: string, typedAddress?: string): Invite {
  const text = input.trim();
  const at = text.indexOf(INVITE_PREFIX);
  if (at >= 0) {
    const payload = text.slice(at + INVITE_PREFIX.length).split(/[\s?&]/)[0] ?? '';
    let json: unknown;
    try {
      json = JSON.parse(fromBase64Url(decodeURIComponent(payload)));
    } catch {
      throw new InviteError('This invite is damaged: copy the whole link or code again.');
    }
    const parsed = inviteSchema.safeParse(json);
    if (!parsed.success) throw new InviteError(`This invite is not valid: ${parsed.error.issues[0]?.message ?? 'unknown problem'}.`);
    const { code, signaling, title } = parsed.data;
    const relay = parsed.data.relay && { url: parsed.data.relay.url, token: parsed.data.relay.token, workspaceId: parsed.data.relay.workspace };
    if (code !== undefined && signaling !== undefined) return relay ? { code: normalizeCode(code), signaling, title, relay } : { code: normalizeCode(code), signaling, title };
    if (!relay) throw new InviteError('This invite is not valid: it names neither a workshop nor a relay.');
    return { relay, title };
  }
  if (!isValidCode(text)) throw new InviteError('Enter the 12-character workshop code (like ABCD-EFGH-JKMN), or paste the invite link.');
  const address = (typedAddress ?? '').trim();
  if (!address) throw new InviteError('Enter the facilitator’s address (like 192.168.1.20:4444) as well as the code.');
  const url = /^wss?:\/\//.test(address) ? address : `ws://${address}`;
  if (!signalingUrl.safeParse(url).success) throw new InviteError('The address should look like 192.168.1.20:4444.');
  return { code: normalizeCode(text), signaling: [url] };
}
