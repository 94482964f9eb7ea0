import * as Y from 'yjs';
import { localContext, type CommandContext } from '../../shared/commands/context';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { initWorkspace } from '../../shared/commands/workspace';
import { readAll } from '../../shared/schema/readCommon';
import { rootMap } from '../../shared/schema/roots';
import { readBallot, readVote } from '../../shared/schema/votes';
import type { SchemaProblem } from '../../shared/schema/types';
import { tallyVotes } from '../../shared/workshop/voteTally';
import type { BallotSecret } from '../../shared/workshop/commitReveal';

/** A workshop workspace with one objective and one metric KR, and a context acting as `actor`. */
export function workshopDoc(actor = 'Fay'): { doc: Y.Doc; ctx: CommandContext; objectiveId: string; krId: string } {
  const doc = new Y.Doc();
  const ctx = localContext(doc, actor, () => 1_800_000_000_000);
  initWorkspace(ctx, { id: 'workshop-votes', title: 'Workshop', kind: 'workshop', cycleStart: '2026-10-01', cycleEnd: '2026-12-31' });
  const objectiveId = addObjective(ctx, { title: 'Grow' });
  const krId = addKeyResult(ctx, objectiveId, { title: 'Signups', kind: 'metric', metric: { direction: 'increase', baseline: 10, target: 500, unit: '' } });
  return { doc, ctx, objectiveId, krId };
}

/** A peer's copy of `doc`, acting as `actor`. */
export function peerOf(doc: Y.Doc, actor: string): CommandContext {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return localContext(copy, actor, () => 1_800_000_000_000);
}

export function sync(...docs: Y.Doc[]): void {
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

export async function talliesOf(doc: Y.Doc) {
  const problems: SchemaProblem[] = [];
  const votes = readAll(rootMap(doc, 'votes'), readVote, problems);
  const ballots = readAll(rootMap(doc, 'ballots'), readBallot, problems);
  return { ...(await tallyVotes(votes, ballots)), schemaProblems: problems };
}

/** A device store in memory: what `keep` wrote. */
export function keeper(): { kept: BallotSecret[]; keep: (secret: BallotSecret) => Promise<void> } {
  const kept: BallotSecret[] = [];
  return { kept, keep: async (secret) => void kept.push(secret) };
}
