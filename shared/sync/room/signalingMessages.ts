import { z } from 'zod';
import type { Signal } from './peerLink';

/*
 * What peers publish to each other through the signaling server (inside the
 * sealed `data`), as y-webrtc does: an announce when a peer arrives, and
 * WebRTC signals addressed to one peer. Cairn peers add `cairn: 1`, which
 * stock peers ignore, so each side knows who speaks Cairn; a hub's announce
 * also says `hub: 1` (meshPlan.ts). A sealed message
 * can still be anything (any peer with the code can seal): it is parsed, and
 * what does not fit is counted and dropped.
 */

const peerId = z.string().min(1).max(100);
const sdp = z.string().max(60_000);

const signal = z.union([
  z.object({ type: z.enum(['offer', 'answer']), sdp }),
  z.object({
    type: z.literal('candidate'),
    candidate: z.object({ candidate: z.string().max(2000), sdpMLineIndex: z.number().int().nullish(), sdpMid: z.string().max(100).nullish() }),
  }),
]);

const message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('announce'), from: peerId, cairn: z.literal(1).optional(), hub: z.literal(1).optional() }),
  z.object({ type: z.literal('signal'), from: peerId, to: peerId, token: z.number().optional(), signal: z.unknown(), cairn: z.literal(1).optional() }),
]);

export type RoomSignal =
  | { type: 'announce'; from: string; cairn: boolean; hub: boolean }
  | { type: 'signal'; from: string; to: string; cairn: boolean; signal: Signal | null };

/** The message, or null when it is not one; a signal of a kind we do not use (simple-peer's renegotiate) has `signal: null`. */
export function readRoomSignal(data: unknown): RoomSignal | null {
  const parsed = message.safeParse(data);
  if (!parsed.success) return null;
  const m = parsed.data;
  if (m.type === 'announce') return { type: 'announce', from: m.from, cairn: m.cairn === 1, hub: m.cairn === 1 && m.hub === 1 };
  const s = signal.safeParse(m.signal);
  return { type: 'signal', from: m.from, to: m.to, cairn: m.cairn === 1, signal: s.success ? s.data : null };
}

/**
 * Our token in every signal. A stock peer that has its own offer pending
 * rejects an incoming offer with a lower token and we answer its offer
 * instead: with stock peers, Cairn is always the polite side.
 */
export const YIELDING_TOKEN = 0;
