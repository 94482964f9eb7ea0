/*
 * One laptop in a workshop vote, in its own Node process (y-webrtc allows one
 * room per process), driven over IPC by bench/votes.ts. Like the app, it
 * tallies after every change and reveals its kept ballot as soon as it sees
 * the signed close; it notes the wall-clock moment it first showed the full
 * result.
 */
import * as Y from 'yjs';
import WebSocket from 'ws';
import wrtc from '@roamhq/wrtc';
import { localContext } from '../../shared/commands/context';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { initWorkspace } from '../../shared/commands/workspace';
import { closeVote, commitBallot, openVote, revealKeptBallots } from '../../shared/commands/votes';
import { readAll } from '../../shared/schema/readCommon';
import { rootMap } from '../../shared/schema/roots';
import { readBallot, readVote } from '../../shared/schema/votes';
import type { SchemaProblem } from '../../shared/schema/types';
import { connectWorkshop, type WorkshopConnection } from '../../shared/sync/workshopConnection';
import type { BallotSecret } from '../../shared/workshop/commitReveal';
import { newParticipantKey, type ParticipantKey } from '../../shared/workshop/participantKey';
import { tallyVotes } from '../../shared/workshop/voteTally';
import { exitAfterAnswer, serveCommands } from '../support/servePeerCommands';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export type VotePeerCommand =
  | { type: 'create' }
  | { type: 'connect'; code: string; signaling: string[] }
  | { type: 'open'; expected: number }
  | { type: 'expect'; expected: number }
  | { type: 'commit'; value: number }
  | { type: 'close' }
  | { type: 'light' }
  | { type: 'exit' };

const name = process.env.PEER_NAME ?? 'peer';
const doc = new Y.Doc();
const ctx = () => localContext(doc, name);
let connection: WorkshopConnection | null = null;
let key: ParticipantKey | null = null;
const kept: BallotSecret[] = [];
let expected = 0;
let resultAt: number | null = null;
let commits = 0;
let revealing = false;
const wallClock = () => performance.timeOrigin + performance.now();

async function onChange(): Promise<void> {
  if (revealing || !key) return;
  revealing = true;
  try {
    if (kept.length) await revealKeptBallots(ctx(), key, kept);
    const problems: SchemaProblem[] = [];
    const { tallies } = await tallyVotes(readAll(rootMap(doc, 'votes'), readVote, problems), readAll(rootMap(doc, 'ballots'), readBallot, problems));
    const tally = tallies[0];
    commits = tally?.voted.length ?? 0;
    if (resultAt === null && tally?.closed && expected > 0 && tally.counted.length === expected) resultAt = wallClock();
  } finally {
    revealing = false;
  }
}

doc.on('update', () => void onChange().then(() => onChange()));

function voteId(): string {
  return [...rootMap(doc, 'votes').keys()][0] ?? '';
}

async function handle(command: VotePeerCommand): Promise<unknown> {
  key ??= await newParticipantKey();
  switch (command.type) {
    case 'create': {
      initWorkspace(ctx(), { id: 'voteBench01', title: 'Votes', kind: 'workshop', cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
      const objectiveId = addObjective(ctx(), { title: 'Grow' });
      addKeyResult(ctx(), objectiveId, { title: 'Signups', kind: 'milestone' });
      return { ok: true };
    }
    case 'connect':
      connection = connectWorkshop(doc, { code: command.code, signaling: command.signaling, wrtc, broadcastChannel: false });
      return { ok: true };
    case 'open': {
      expected = command.expected;
      const krId = [...rootMap(doc, 'keyResults').keys()][0]!;
      return { voteId: await openVote(ctx(), key, { kind: 'confidence', keyResultId: krId, scale: 10, named: false }) };
    }
    case 'expect':
      expected = command.expected;
      return { ok: true };
    case 'commit':
      await commitBallot(ctx(), key, voteId(), command.value, async (secret) => void kept.push(secret));
      return { ok: true };
    case 'close': {
      const at = wallClock();
      await closeVote(ctx(), key, voteId());
      return { at };
    }
    case 'light':
      void onChange(); // polling also re-tallies, in case an update came during a tally
      return { peers: connection?.status().peers ?? 0, hasVote: voteId() !== '', commits, resultAt, transport: connection?.transport ?? null };
    case 'exit':
      connection?.leave();
      return exitAfterAnswer();
  }
}

serveCommands(handle);
