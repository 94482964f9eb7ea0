import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { localContext } from '../../shared/commands/context';
import { closeVote, commitBallot, openVote, revealKeptBallots } from '../../shared/commands/votes';
import { rootMap } from '../../shared/schema/roots';
import { newParticipantKey, type ParticipantKey } from '../../shared/workshop/participantKey';
import { newBallot, type BallotSecret } from '../../shared/workshop/commitReveal';
import { reportedProblems } from '../../shared/workshop/voteTally';
import { seededRandom } from '../support/random';
import { peerOf, talliesOf, workshopDoc } from './voteFixtures';

/*
 * Seeded randomized sessions of one confidence vote on three replicas: five
 * voters commit on their own replica (one of them sometimes twice), the
 * facilitator closes on replica 0 at a random moment, replica 0 is cut off
 * from the others for a while (a partition that heals), updates travel in
 * random order between random pairs, and laptops reveal whenever they see the
 * close. After healing, every replica must show the same outcome, and it must
 * follow the partition rule (docs/workshop.md, "Votes").
 */

const SEEDS = 12;
const STEPS = 40;

interface Laptop {
  key: ParticipantKey;
  replica: number;
  kept: BallotSecret[];
  name: string;
}

function syncPair(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

async function summary(doc: Y.Doc) {
  const result = await talliesOf(doc);
  const t = result.tallies[0]!;
  return {
    closed: t.closed?.accepted ?? null,
    counted: t.counted.map((c) => `${c.name}=${String(c.choice)}`).sort(),
    didNotReveal: t.didNotReveal.map((v) => v.name).sort(),
    late: t.lateCommits.map((v) => v.name).sort(),
    problems: reportedProblems(result).map((p) => `${p.name}:${p.reason}:${p.recordId}`).sort(),
  };
}

describe('votes converge across a healed partition', () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    it(`seed ${seed}`, async () => {
      const random = seededRandom(seed * 7919);
      const { doc, ctx, krId } = workshopDoc('Fay');
      const fay = await newParticipantKey();
      const voteId = await openVote(ctx, fay, { kind: 'confidence', keyResultId: krId, scale: 10, named: false });
      const replicas = [doc, peerOf(doc, 'x').doc, peerOf(doc, 'x').doc];
      const laptops: Laptop[] = [];
      for (let i = 0; i < 5; i++) laptops.push({ key: await newParticipantKey(), replica: 1 + (i % 2), kept: [], name: `P${i}` });
      laptops[4]!.replica = 0;
      const closeAt = 10 + random.int(20);
      const partitionFrom = random.int(closeAt);
      const partitionTo = closeAt + 1 + random.int(10);
      const cutOff = (a: number, b: number, step: number) => step >= partitionFrom && step < partitionTo && (a === 0) !== (b === 0);
      for (let step = 0; step < STEPS; step++) {
        const laptop = random.pick(laptops)!;
        const here = replicas[laptop.replica]!;
        const action = random.int(4);
        if (step === closeAt) await closeVote(ctx, fay, voteId).catch(() => undefined);
        else if (action === 0 && laptop.kept.length === 0) {
          await commitBallot(localContext(here, laptop.name), laptop.key, voteId, random.int(11), async (s) => void laptop.kept.push(s)).catch(() => undefined);
        } else if (action === 1 && random.chance(0.15) && laptop.kept.length === 1) {
          // A hostile second commit, written past the command's check.
          const { commit, secret } = await newBallot(laptop.key, voteId, laptop.name, random.int(11), step);
          laptop.kept.push(secret);
          rootMap(here, 'ballots').set(commit.id, commit);
        } else if (action === 2) {
          await revealKeptBallots(localContext(here, laptop.name), laptop.key, laptop.kept);
        } else {
          const a = random.int(3);
          const b = random.int(3);
          if (a !== b && !cutOff(a, b, step)) syncPair(replicas[a]!, replicas[b]!);
        }
      }
      if (!rootMap(doc, 'votes').get(voteId) || !(await talliesOf(doc)).tallies[0]!.closed) await closeVote(ctx, fay, voteId);
      // Healed: everyone syncs, every laptop reveals on reconnect, everyone syncs again.
      for (const a of replicas) for (const b of replicas) if (a !== b) syncPair(a, b);
      for (const laptop of laptops) await revealKeptBallots(localContext(replicas[laptop.replica]!, laptop.name), laptop.key, laptop.kept);
      for (const a of replicas) for (const b of replicas) if (a !== b) syncPair(a, b);

      const outcomes = await Promise.all(replicas.map(summary));
      expect(outcomes[1]).toEqual(outcomes[0]);
      expect(outcomes[2]).toEqual(outcomes[0]);
      const { tallies } = await talliesOf(doc);
      const tally = tallies[0]!;
      const accepted = new Set(tally.closed!.accepted);
      for (const laptop of laptops) {
        const inClose = laptop.kept.filter((s) => accepted.has(s.commitment));
        const counted = tally.counted.find((c) => c.voter === laptop.key.id);
        // Counted exactly when one commitment of theirs is in the close, with the choice they kept.
        if (inClose.length === 1) expect(counted?.choice).toBe(inClose[0]!.choice);
        else expect(counted).toBeUndefined();
      }
    });
  }
});
