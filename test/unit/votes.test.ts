import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { localContext } from '../../shared/commands/context';
import { initWorkspace } from '../../shared/commands/workspace';
import { adoptMedian, adoptWinners, closeVote, commitBallot, openVote, revealKeptBallots } from '../../shared/commands/votes';
import { rootMap } from '../../shared/schema/roots';
import { readCheckIn } from '../../shared/schema/read';
import { readVote, revealKey, type Vote } from '../../shared/schema/votes';
import { distributionOf, medianAsConfidence, rankingOf } from '../../shared/queries/votes';
import { canonicalJson, newParticipantKey, sha256, base64url, signPayload } from '../../shared/workshop/participantKey';
import { ballotPayload, commitmentOf, newBallot, revealMatches, revealOf, signedClose, signedVote } from '../../shared/workshop/commitReveal';
import { reportedProblems } from '../../shared/workshop/voteTally';
import { votesOutcome } from '../../shared/queries/votesOutcome';
import { keeper, peerOf, sync, talliesOf, workshopDoc } from './voteFixtures';

describe('commit-reveal', () => {
  it('commits to a choice with a 128-bit nonce and checks a reveal against it', async () => {
    const key = await newParticipantKey();
    const { commit, secret } = await newBallot(key, 'vote1', 'Ana', 4, 1);
    expect(secret.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(commit.commitment).toBe(await commitmentOf('vote1', key.id, 4, secret.nonce));
    expect(JSON.stringify(commit)).not.toContain(secret.nonce);
    const reveal = await revealOf(key, secret, 'closeSig', 2);
    expect(await revealMatches(reveal)).toBe(true);
    expect(await revealMatches({ ...reveal, choice: 5 })).toBe(false);
    // Two ballots for the same choice never share a commitment.
    expect((await newBallot(key, 'vote1', 'Ana', 4, 1)).commit.commitment).not.toBe(commit.commitment);
  });
});

async function confidenceVote() {
  const { doc, ctx, krId } = workshopDoc('Fay');
  const fay = await newParticipantKey();
  const voteId = await openVote(ctx, fay, { kind: 'confidence', keyResultId: krId, scale: 5, named: true });
  return { doc, ctx, krId, fay, voteId };
}

function voteIn(doc: Y.Doc, voteId: string): Vote {
  const read = readVote(voteId, rootMap(doc, 'votes').get(voteId));
  if (!read.ok) throw new Error(read.problem.message);
  return read.value;
}

const reasonsOf = async (doc: Y.Doc) => reportedProblems(await talliesOf(doc)).map((p) => `${p.name}:${p.reason}`).sort();

describe('a confidence vote', () => {
  it('hides the votes until the close, then shows the distribution, the median and who did not reveal', async () => {
    const { doc, ctx, fay, voteId } = await confidenceVote();
    const people = await Promise.all(['Ana', 'Ben', 'Cleo', 'Dan'].map(async (name) => ({ name, key: await newParticipantKey(), ctx: peerOf(doc, name), store: keeper() })));
    const choices = [1, 4, 4, 1];
    for (const [i, p] of people.entries()) await commitBallot(p.ctx, p.key, voteId, choices[i]!, p.store.keep);
    sync(doc, ...people.map((p) => p.ctx.doc));
    let { tallies } = await talliesOf(doc);
    expect(tallies[0]!.voted.map((v) => v.name).sort()).toEqual(['Ana', 'Ben', 'Cleo', 'Dan']);
    expect(tallies[0]!.counted).toEqual([]);
    await closeVote(ctx, fay, voteId);
    sync(doc, ...people.map((p) => p.ctx.doc));
    // Dan's laptop is gone: he never reveals.
    for (const p of people.slice(0, 3)) await revealKeptBallots(p.ctx, p.key, p.store.kept);
    sync(doc, ...people.map((p) => p.ctx.doc));
    ({ tallies } = await talliesOf(doc));
    const tally = tallies[0]!;
    expect(tally.didNotReveal.map((v) => v.name)).toEqual(['Dan']);
    const distribution = distributionOf(tally);
    expect(distribution.counts).toEqual([0, 1, 0, 0, 2, 0]);
    expect(distribution.median).toBe(4);
    expect(distribution.callout).toBe('1 person at 1, 2 at 4: talk about it');
    expect(reportedProblems(await talliesOf(doc))).toEqual([]);
    const checkInId = await adoptMedian(ctx, fay, voteId);
    const checkIn = readCheckIn(checkInId, rootMap(doc, 'checkIns').get(checkInId));
    expect(checkIn.ok && checkIn.value.confidence).toBe(8); // fist of five: 4 counts 8 on 0–10
    expect(checkIn.ok && checkIn.value.value).toBe(10); // the KR's current value: its baseline
    expect(voteIn(doc, voteId).adopted?.confidence).toBe(8);
  });

  it('calls out a wide spread only when it is wide', async () => {
    const { doc, ctx, fay, voteId } = await confidenceVote();
    for (const v of [3, 3, 4]) {
      const key = await newParticipantKey();
      const store = keeper();
      await commitBallot(ctx, key, voteId, v, store.keep);
      await closeVoteLater.push({ key, store });
    }
    await closeVote(ctx, fay, voteId);
    for (const { key, store } of closeVoteLater.splice(0)) await revealKeptBallots(ctx, key, store.kept);
    const tally = (await talliesOf(doc)).tallies[0]!;
    expect(distributionOf(tally).callout).toBeNull();
    expect(medianAsConfidence(tally)).toBe(6);
  });
});

const closeVoteLater: { key: Awaited<ReturnType<typeof newParticipantKey>>; store: ReturnType<typeof keeper> }[] = [];

describe('hostile peers: refused or ignored, and reported', () => {
  it('an early reveal (before the close) is refused, and not counted after it', async () => {
    const { doc, ctx, fay, voteId } = await confidenceVote();
    const mallory = await newParticipantKey();
    const store = keeper();
    await commitBallot(peerOf(doc, 'Mallory'), mallory, voteId, 5, store.keep);
    const { commit, secret } = await newBallot(mallory, voteId, 'Mallory', 5, 2);
    rootMap(doc, 'ballots').set(commit.id, commit);
    // Mallory publishes her vote while the vote is open, to sway the room.
    const early = await revealOf(mallory, secret, 'x'.repeat(86), 3);
    rootMap(doc, 'ballots').set(early.id, early);
    expect(await reasonsOf(doc)).toEqual(['Mallory:early-reveal']);
    await closeVote(ctx, fay, voteId);
    await revealKeptBallots(ctx, mallory, [secret]);
    const tally = (await talliesOf(doc)).tallies[0]!;
    expect(tally.counted).toEqual([]);
    expect(tally.didNotReveal.map((v) => v.name)).toEqual(['Mallory']);
    expect(await reasonsOf(doc)).toEqual(['Mallory:early-reveal']);
  });

  it('a vote changed after committing (a reveal that does not match) is refused', async () => {
    const { doc, ctx, fay, voteId } = await confidenceVote();
    const mallory = await newParticipantKey();
    const { commit, secret } = await newBallot(mallory, voteId, 'Mallory', 1, 2);
    rootMap(doc, 'ballots').set(commit.id, commit);
    await closeVote(ctx, fay, voteId);
    const closeSig = voteIn(doc, voteId).close!.sig;
    const changed = await revealOf(mallory, { ...secret, choice: 5 }, closeSig, 3);
    rootMap(doc, 'ballots').set(changed.id, changed);
    const tally = (await talliesOf(doc)).tallies[0]!;
    expect(tally.counted).toEqual([]);
    expect(await reasonsOf(doc)).toEqual(['Mallory:mismatched-reveal']);
  });

  it('a second commit by the same voter counts neither, and is reported; the command refuses it', async () => {
    const { doc, ctx, fay, voteId } = await confidenceVote();
    const mallory = await newParticipantKey();
    const store = keeper();
    const asMallory = localContext(doc, 'Mallory');
    await commitBallot(asMallory, mallory, voteId, 1, store.keep);
    await expect(commitBallot(asMallory, mallory, voteId, 5, store.keep)).rejects.toThrow('You have already voted.');
    const { commit, secret } = await newBallot(mallory, voteId, 'Mallory', 5, 3);
    rootMap(doc, 'ballots').set(commit.id, commit);
    await closeVote(ctx, fay, voteId);
    await revealKeptBallots(ctx, mallory, [...store.kept, secret]);
    const tally = (await talliesOf(doc)).tallies[0]!;
    expect(tally.counted).toEqual([]);
    expect(await reasonsOf(doc)).toEqual(['Mallory:double-commit']);
  });

  it('dots over the budget, or several on one when that is not allowed, are refused', async () => {
    const { doc, ctx } = workshopDoc('Fay');
    const fay = await newParticipantKey();
    const candidates = ['a', 'b', 'c'].map((id) => ({ id: `cand-${id}`, kind: 'objective' as const, label: id.toUpperCase() }));
    const voteId = await openVote(ctx, fay, { kind: 'dots', title: 'Pick', candidates, budget: 3, allowMultiple: false, named: false });
    const mallory = await newParticipantKey();
    const honest = await newParticipantKey();
    const store = keeper();
    await expect(commitBallot(ctx, mallory, voteId, { 'cand-a': 2 }, store.keep)).rejects.toThrow('one per candidate');
    await commitBallot(ctx, honest, voteId, { 'cand-a': 1, 'cand-b': 1 }, store.keep);
    const over = await newBallot(mallory, voteId, 'Mallory', { 'cand-a': 1, 'cand-b': 1, 'cand-c': 1, 'cand-d': 0 }, 2);
    rootMap(doc, 'ballots').set(over.commit.id, over.commit);
    const stacked = await newBallot(await newParticipantKey(), voteId, 'Max', { 'cand-a': 2 }, 2);
    rootMap(doc, 'ballots').set(stacked.commit.id, stacked.commit);
    await closeVote(ctx, fay, voteId);
    await revealKeptBallots(ctx, honest, store.kept);
    await revealKeptBallots(ctx, mallory, [over.secret]);
    const closeSig = voteIn(doc, voteId).close!.sig;
    const maxKey = rootMap(doc, 'ballots').get(stacked.commit.id) as { voter: string };
    expect(maxKey.voter).toBe(stacked.commit.voter);
    const tally = (await talliesOf(doc)).tallies[0]!;
    expect(tally.counted.map((c) => c.voter)).toEqual([honest.id]);
    expect(await reasonsOf(doc)).toEqual(['Mallory:invalid-choice']);
    expect(rankingOf(tally).map((r) => [r.candidate.label, r.dots])).toEqual([['A', 1], ['B', 1], ['C', 0]]);
    expect(closeSig).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(await adoptWinners(ctx, fay, voteId, 1, null)).toEqual(['cand-a', 'cand-b']);
  });

  it('a stack of dots over the budget is refused as over budget', async () => {
    const { doc, ctx } = workshopDoc('Fay');
    const fay = await newParticipantKey();
    const candidates = ['a', 'b'].map((id) => ({ id: `cand-${id}`, kind: 'draft' as const, label: id }));
    const voteId = await openVote(ctx, fay, { kind: 'dots', title: 'Pick', candidates, budget: 3, allowMultiple: true, named: true });
    const mallory = await newParticipantKey();
    const over = await newBallot(mallory, voteId, 'Mallory', { 'cand-a': 3, 'cand-b': 2 }, 2);
    rootMap(doc, 'ballots').set(over.commit.id, over.commit);
    await closeVote(ctx, fay, voteId);
    await revealKeptBallots(ctx, mallory, [over.secret]);
    expect(await reasonsOf(doc)).toEqual(['Mallory:over-budget']);
    expect((await talliesOf(doc)).tallies[0]!.counted).toEqual([]);
  });

  it("a vote forged in another person's name is refused: another key, or a signature that does not hold", async () => {
    const { doc, ctx, fay, voteId } = await confidenceVote();
    const ana = await newParticipantKey();
    const mallory = await newParticipantKey();
    // Mallory signs with her key but names Ana as the voter.
    const { commit } = await newBallot(mallory, voteId, 'Ana', 0, 2);
    const asAna = { ...commit, voter: ana.id };
    rootMap(doc, 'ballots').set(asAna.id, { ...asAna, sig: await signPayload(mallory, ballotPayload(asAna)) });
    // Mallory carries Ana's public key, without her private key to sign with.
    const second = await newBallot(mallory, voteId, 'Ana', 0, 2);
    const withAnasKey = { ...second.commit, voter: ana.id, key: { ...ana.publicJwk } };
    rootMap(doc, 'ballots').set(withAnasKey.id, { ...withAnasKey, sig: await signPayload(mallory, ballotPayload(withAnasKey)) });
    expect(await reasonsOf(doc)).toEqual(['Ana:bad-signature', 'Ana:forged-voter']);
    await closeVote(ctx, fay, voteId);
    const tally = (await talliesOf(doc)).tallies[0]!;
    expect(tally.voted).toEqual([]);
    expect(voteIn(doc, voteId).close!.accepted).toEqual([]);
  });

  it('a close not signed by the opener is ignored and reported: the vote stays open and nobody reveals', async () => {
    const { doc, fay, voteId } = await confidenceVote();
    const ana = await newParticipantKey();
    const store = keeper();
    await commitBallot(peerOf(doc, 'Ana'), ana, voteId, 2, store.keep);
    const { commit } = await newBallot(ana, voteId, 'Ana', 2, 2);
    void commit;
    const mallory = await newParticipantKey();
    const vote = voteIn(doc, voteId);
    const forgedClose = await signedClose(mallory, voteId, 5, []);
    rootMap(doc, 'votes').set(voteId, { ...vote, close: forgedClose });
    const { tallies } = await talliesOf(doc);
    expect(tallies[0]!.closed).toBeNull();
    expect(await reasonsOf(doc)).toEqual(['Fay:close-not-by-opener']);
    const ctx = peerOf(doc, 'Ana');
    expect(await revealKeptBallots(ctx, ana, store.kept)).toEqual([]);
    expect(fay.id).toBe(vote.by);
  });

  it('a commit that reached the opener after the close is shown as late, not counted (the partition rule)', async () => {
    const { doc, ctx, fay, voteId } = await confidenceVote();
    const ana = await newParticipantKey();
    const ben = await newParticipantKey();
    const anaCtx = peerOf(doc, 'Ana');
    const benCtx = peerOf(doc, 'Ben');
    const anaStore = keeper();
    const benStore = keeper();
    await commitBallot(anaCtx, ana, voteId, 3, anaStore.keep);
    sync(doc, anaCtx.doc);
    // The room splits: Ben votes on his side while Fay closes on hers.
    await commitBallot(benCtx, ben, voteId, 0, benStore.keep);
    await closeVote(ctx, fay, voteId);
    sync(doc, anaCtx.doc, benCtx.doc); // healed
    await revealKeptBallots(anaCtx, ana, anaStore.kept);
    expect(await revealKeptBallots(benCtx, ben, benStore.kept)).toEqual([]); // not in the close: Ben's vote stays secret
    sync(doc, anaCtx.doc, benCtx.doc);
    for (const d of [doc, anaCtx.doc, benCtx.doc]) {
      const tally = (await talliesOf(d)).tallies[0]!;
      expect(tally.counted.map((c) => [c.name, c.choice])).toEqual([['Ana', 3]]);
      expect(tally.lateCommits.map((v) => v.name)).toEqual(['Ben']);
      expect(await reasonsOf(d)).toEqual(['Ben:late-commit']);
    }
    expect(rootMap(doc, 'ballots').has(revealKey(benStore.kept[0]!.commitment))).toBe(false);
  });
});

describe('privacy before the close', () => {
  it('no byte leaving a laptop before the close lets anyone read its vote', async () => {
    const { doc, voteId } = await confidenceVote();
    const ana = await newParticipantKey();
    const laptop = peerOf(doc, 'Ana');
    const sent: Uint8Array[] = [];
    // Every byte this laptop's document sends to its peers (y-webrtc sends these updates and nothing else of the document).
    laptop.doc.on('update', (update: Uint8Array) => sent.push(update));
    const store = keeper();
    await commitBallot(laptop, ana, voteId, 3, store.keep);
    const secret = store.kept[0]!;
    const wire = Buffer.concat(sent).toString('latin1');
    expect(wire).toContain(secret.commitment); // the tap saw the ballot
    expect(wire).not.toContain(secret.nonce);
    expect(wire).not.toMatch(/choice/);
    // Brute force over the 11 values without the nonce finds nothing …
    for (let v = 0; v <= 10; v++) {
      const guesses = [
        await commitmentOf(voteId, ana.id, v, ''),
        base64url(await sha256(canonicalJson({ choice: v, voteId, voter: ana.id }))),
        base64url(await sha256(canonicalJson({ choice: v, nonce: null, voteId, voter: ana.id }))),
      ];
      expect(guesses).not.toContain(secret.commitment);
    }
    // … while with the nonce exactly the vote cast matches (so the check above can fail).
    const matching = [];
    for (let v = 0; v <= 10; v++) if ((await commitmentOf(voteId, ana.id, v, secret.nonce)) === secret.commitment) matching.push(v);
    expect(matching).toEqual([3]);
  });
});

describe('bytes per vote', () => {
  it('measures the commit and the reveal as Yjs update bytes', async () => {
    const { doc, ctx, fay, voteId } = await confidenceVote();
    const laptop = peerOf(doc, 'Ana');
    const ana = await newParticipantKey();
    const sizes: number[] = [];
    laptop.doc.on('update', (update: Uint8Array) => sizes.push(update.length));
    const store = keeper();
    await commitBallot(laptop, ana, voteId, 3, store.keep);
    sync(doc, laptop.doc);
    await closeVote(ctx, fay, voteId);
    sync(doc, laptop.doc);
    const before = sizes.length;
    await revealKeptBallots(laptop, ana, store.kept);
    const [commitBytes, revealBytes] = [sizes[0]!, sizes[before]!];
    console.log(`bytes per vote: commit ${commitBytes}, reveal ${revealBytes}, total ${commitBytes + revealBytes}`);
    expect(commitBytes).toBeLessThan(1000);
    expect(revealBytes).toBeLessThan(1000);
  });
});

describe('the outcome for the export', () => {
  it('lists each vote with its distribution or ranking, what was adopted and what was refused', async () => {
    const { doc, ctx, fay, voteId } = await confidenceVote();
    const ana = await newParticipantKey();
    const store = keeper();
    await commitBallot(localContext(doc, 'Ana'), ana, voteId, 2, store.keep);
    const mallory = await newParticipantKey();
    const { commit } = await newBallot(mallory, voteId, 'Mallory', 5, 2);
    rootMap(doc, 'ballots').set(commit.id, { ...commit, sig: commit.sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) });
    await closeVote(ctx, fay, voteId);
    await revealKeptBallots(ctx, ana, store.kept);
    await adoptMedian(ctx, fay, voteId);
    const { tallies, refused } = await talliesOf(doc);
    const outcome = votesOutcome(tallies, refused);
    expect(outcome.votes).toMatchObject([{ kind: 'confidence', counts: [0, 0, 1, 0, 0, 0], median: 2, ballots: [{ name: 'Ana', value: 2 }], adoptedConfidence: 4, didNotReveal: [] }]);
    expect(outcome.refused.map((p) => p.reason)).toEqual(['bad-signature']);
  });
});

describe('a personal journal', () => {
  it('has no workshop votes', async () => {
    const doc = new Y.Doc();
    const ctx = localContext(doc, 'Ana');
    initWorkspace(ctx, { id: 'journal-votes', title: 'Mine', kind: 'journal', cycleStart: '2026-10-01', cycleEnd: '2026-12-31' });
    const candidates = ['a', 'b'].map((id) => ({ id: `cand-${id}`, kind: 'objective' as const, label: id }));
    await expect(openVote(ctx, await newParticipantKey(), { kind: 'dots', title: 'x', candidates, budget: 1, allowMultiple: false, named: false })).rejects.toThrow('A personal journal has no workshop votes');
    expect(rootMap(doc, 'votes').size).toBe(0);
  });
});

describe('a vote taken over', () => {
  it('a vote overwritten with one signed by another key is refused and reported', async () => {
    const { doc, voteId } = await confidenceVote();
    const mallory = await newParticipantKey();
    const original = voteIn(doc, voteId);
    const { by: _by, key: _key, sig: _sig, close: _close, adopted: _adopted, ...fields } = original;
    const takeover = await signedVote(mallory, { ...fields, name: 'Mallory' });
    rootMap(doc, 'votes').set(voteId, { ...takeover, close: await signedClose(mallory, voteId, 5, []) });
    const { tallies, refused } = await talliesOf(doc);
    expect(tallies).toEqual([]);
    expect(refused.map((p) => `${p.name}:${p.reason}`)).toEqual(['Mallory:forged-voter']);
  });
});
