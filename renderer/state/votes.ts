import { create } from 'zustand';
import { CommandError, type CommandContext } from '../../shared/commands/context';
import { revealKeptBallots } from '../../shared/commands/votes';
import type { Ballot, Vote } from '../../shared/schema/votes';
import type { BallotSecret } from '../../shared/workshop/commitReveal';
import type { ParticipantKey } from '../../shared/workshop/participantKey';
import { tallyVotes, type TalliedVote, type VoteProblem } from '../../shared/workshop/voteTally';
import { deviceEntries, devicePut } from './deviceStore';
import { NameNeeded } from './identity';
import { localParticipant } from './participant';
import { reportError } from './toasts';
import { runCommand, useWorkspace } from './workspaceSession';

/*
 * Votes in the app: the tallies of the open workspace's votes, checked
 * (signatures are verified asynchronously, so they live in their own store
 * rather than in the projection), this laptop's participant id, and the
 * auto-reveal: whenever the document changes, each ballot kept on this laptop
 * whose vote shows a signed close is revealed (now, or on reconnect when the
 * close arrives later). Ballot secrets live in the device store under
 * `ballot:<workspaceId>:<voteId>:<commitment>`, never in the document.
 */

export interface VotesState {
  tallies: readonly TalliedVote[];
  problems: readonly VoteProblem[];
  /** This laptop's participant id, once its key is loaded. */
  me: string | null;
}

export const useVotes = create<VotesState>(() => ({ tallies: [], problems: [], me: null }));

const secretPrefix = (workspaceId: string): string => `ballot:${workspaceId}:`;

function isSecret(value: unknown): value is BallotSecret {
  const s = value as Partial<BallotSecret> | null;
  return !!s && typeof s.voteId === 'string' && typeof s.commitment === 'string' && typeof s.nonce === 'string' && (typeof s.choice === 'number' || typeof s.choice === 'object');
}

async function keptSecrets(workspaceId: string): Promise<BallotSecret[]> {
  return (await deviceEntries(secretPrefix(workspaceId))).map(([, value]) => value).filter(isSecret);
}

/**
 * Runs an asynchronous vote command as this laptop's participant; a refusal
 * becomes a message on screen. Returns undefined when refused.
 */
export async function actVote<T>(command: (ctx: CommandContext, key: ParticipantKey, workspaceId: string) => Promise<T>, what = 'That did not work'): Promise<T | undefined> {
  try {
    const key = await localParticipant();
    const workspaceId = useWorkspace.getState().workspaceId;
    if (!workspaceId) throw new CommandError('No workspace is open.');
    return await runCommand((ctx) => command(ctx, key, workspaceId));
  } catch (error) {
    if (error instanceof NameNeeded) return undefined;
    if (!(error instanceof CommandError)) console.error(error);
    reportError(error, what);
    return undefined;
  }
}

/** Keeps a ballot's secret on this laptop (the `keep` of commitBallot). */
export function keepSecret(workspaceId: string): (secret: BallotSecret) => Promise<void> {
  return (secret) => devicePut(`${secretPrefix(workspaceId)}${secret.voteId}:${secret.commitment}`, secret);
}

let generation = 0;

async function refresh(workspaceId: string | null, votes: Readonly<Record<string, Vote>>, ballots: Readonly<Record<string, Ballot>>): Promise<void> {
  const mine = ++generation;
  const result = await tallyVotes(new Map(Object.entries(votes)), new Map(Object.entries(ballots)));
  if (mine !== generation) return; // a newer change is being tallied
  useVotes.setState({ tallies: result.tallies, problems: [...result.refused, ...result.tallies.flatMap((t) => t.problems)] });
  if (!workspaceId || !result.tallies.some((t) => t.closed)) return;
  try {
    const key = await localParticipant();
    const secrets = await keptSecrets(workspaceId);
    if (secrets.length === 0 || useWorkspace.getState().workspaceId !== workspaceId) return;
    await runCommand((ctx) => revealKeptBallots(ctx, key, secrets));
  } catch (error) {
    // The next change tries again; a reveal that never comes shows as "did not reveal".
    console.warn('[cairn] a kept ballot could not be revealed yet', error);
  }
}

let started = false;

/** Starts tallying the open workspace's votes (once per window). */
export function startVotes(): void {
  if (started) return;
  started = true;
  void localParticipant().then((key) => useVotes.setState({ me: key.id }), () => undefined);
  let last: { votes: unknown; ballots: unknown; id: string | null } = { votes: null, ballots: null, id: null };
  const check = (s: ReturnType<typeof useWorkspace.getState>) => {
    if (s.votes === last.votes && s.ballots === last.ballots && s.workspaceId === last.id) return;
    last = { votes: s.votes, ballots: s.ballots, id: s.workspaceId };
    void refresh(s.workspaceId, s.votes, s.ballots);
  };
  useWorkspace.subscribe(check);
  check(useWorkspace.getState());
}
