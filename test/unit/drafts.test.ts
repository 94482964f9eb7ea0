import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { adoptCandidate, clusterCandidates, editCandidateText, openDraftRound, publishDrafts, revealDraftRound } from '../../shared/commands/drafts';
import type { CommandContext } from '../../shared/commands/context';
import { addObjective } from '../../shared/commands/objectives';
import { draftsOutcome, draftsOutcomeOf } from '../../shared/queries/draftsOutcome';
import { readWorkspace } from '../../shared/schema/read';
import { rootMap } from '../../shared/schema/roots';
import { createUndoManager } from '../../shared/undo';
import { draftsToPublish, draftsView, signReveal, signRoundOpening, verifyRounds, type DraftsView, type LocalDraft } from '../../shared/workshop/drafts';
import { newParticipantKey, type ParticipantKey } from '../../shared/workshop/participantKey';
import type { DraftTarget, RevealMode } from '../../shared/schema/drafts';
import { newWorkspace, replicaOf, syncBoth } from '../support/workspace';

/*
 * Workshop drafting (shared/workshop/drafts.ts, shared/commands/drafts.ts):
 * signed rounds and reveals, publishing after the reveal only, clustering,
 * adoption, and what a hostile peer cannot do.
 */

async function viewOf(doc: Y.Doc): Promise<DraftsView> {
  const snapshot = readWorkspace(doc);
  return draftsView(snapshot, await verifyRounds(snapshot.draftRounds.values(), snapshot.revealedDrafts.values()));
}

async function openRound(ctx: CommandContext, key: ParticipantKey, target: DraftTarget = 'objective', objectiveIds: string[] = [], id = 'round0001'): Promise<void> {
  const round = await signRoundOpening(key, { id, stageId: 'stage-draft', target, objectiveIds, openedAt: ctx.now(), openerName: 'Fay' });
  openDraftRound(ctx, round);
}

async function reveal(ctx: CommandContext, key: ParticipantKey, mode: RevealMode = 'named', roundId = 'round0001'): Promise<void> {
  const round = readWorkspace(ctx.doc).draftRounds.get(roundId)!;
  revealDraftRound(ctx, roundId, await signReveal(key, round, mode, ctx.now()));
}

const local = (id: string, text: string, roundId = 'round0001'): LocalDraft => ({ id, stageId: 'stage-draft', roundId, text, updatedAt: 1 });

/** What a laptop does when it sees the document: publish its drafts of revealed rounds. */
async function publishAs(ctx: CommandContext, drafts: LocalDraft[], name: string): Promise<number> {
  const view = await viewOf(ctx.doc);
  const present = new Set(rootMap(ctx.doc, 'revealedDrafts').keys());
  return publishDrafts(ctx, draftsToPublish(drafts, view, present, name, ctx.now()));
}

describe('a drafting round', () => {
  it('publishes nothing before the reveal, everything after, with names or without', async () => {
    for (const mode of ['named', 'anonymous'] as const) {
      const fay = await newParticipantKey();
      const { ctx } = newWorkspace('Fay');
      const ana = replicaOf(ctx.doc, 'Ana');
      await openRound(ctx, fay);
      syncBoth(ctx.doc, ana.doc);
      expect(await publishAs(ana.ctx, [local('draftAna01', 'Delight new users')], 'Ana')).toBe(0);
      expect(rootMap(ana.doc, 'revealedDrafts').size).toBe(0);
      await reveal(ctx, fay, mode);
      syncBoth(ctx.doc, ana.doc);
      expect(await publishAs(ana.ctx, [local('draftAna01', 'Delight new users')], 'Ana')).toBe(1);
      syncBoth(ctx.doc, ana.doc);
      const view = await viewOf(ctx.doc);
      expect(view.drafts.map((d) => [d.text, d.shownAuthor])).toEqual([['Delight new users', mode === 'named' ? 'Ana' : null]]);
      expect(view.problems).toEqual([]);
      // Anonymous: the record itself carries no name either.
      expect(rootMap(ctx.doc, 'revealedDrafts').get('draftAna01')).toMatchObject({ author: mode === 'named' ? 'Ana' : null });
    }
  });

  it('publishes each draft once: a second tab or a second pass writes nothing new', async () => {
    const fay = await newParticipantKey();
    const { ctx } = newWorkspace('Fay');
    await openRound(ctx, fay);
    await reveal(ctx, fay);
    const tabA = replicaOf(ctx.doc, 'Ana');
    const tabB = replicaOf(ctx.doc, 'Ana');
    const drafts = [local('draftAna01', 'One'), local('draftAna02', 'Two')];
    expect(await publishAs(tabA.ctx, drafts, 'Ana')).toBe(2);
    expect(await publishAs(tabB.ctx, drafts, 'Ana')).toBe(2); // not synced yet: both write, the same ids
    syncBoth(tabA.doc, tabB.doc);
    expect(await publishAs(tabA.ctx, drafts, 'Ana')).toBe(0);
    expect((await viewOf(tabA.doc)).drafts.map((d) => d.text)).toEqual(['One', 'Two']);
  });

  it('a participant offline at the reveal publishes when it reconnects', async () => {
    const fay = await newParticipantKey();
    const { ctx } = newWorkspace('Fay');
    await openRound(ctx, fay);
    const ben = replicaOf(ctx.doc, 'Ben'); // then Ben's laptop goes offline
    await reveal(ctx, fay);
    expect(await publishAs(ben.ctx, [local('draftBen01', 'Halve churn')], 'Ben')).toBe(0);
    syncBoth(ctx.doc, ben.doc); // back in the room
    expect(await publishAs(ben.ctx, [local('draftBen01', 'Halve churn')], 'Ben')).toBe(1);
    syncBoth(ctx.doc, ben.doc);
    expect((await viewOf(ctx.doc)).drafts.map((d) => [d.text, d.shownAuthor])).toEqual([['Halve churn', 'Ben']]);
  });
});

describe('a hostile peer', () => {
  it('a draft published before the reveal is ignored and reported, and stays ignored after it', async () => {
    const fay = await newParticipantKey();
    const { ctx } = newWorkspace('Fay');
    await openRound(ctx, fay);
    const mallory = replicaOf(ctx.doc, 'Mallory');
    // Written straight into the document, as a modified client would.
    rootMap(mallory.doc, 'revealedDrafts').set('early0001', { id: 'early0001', roundId: 'round0001', text: 'I go first', target: 'objective', author: 'Mallory', reveal: { at: 1, mode: 'named', sig: 'x'.repeat(86) }, publishedAt: 1 });
    syncBoth(ctx.doc, mallory.doc);
    let view = await viewOf(ctx.doc);
    expect(view.drafts).toEqual([]);
    expect(view.problems).toEqual(['Draft early0001 was published before its round was revealed: ignored.']);
    await reveal(ctx, fay);
    view = await viewOf(ctx.doc);
    expect(view.drafts).toEqual([]);
    expect(view.problems).toContain('Draft early0001 was published before its round was revealed: ignored.');
  });

  it('a reveal not signed by the round’s opener is ignored and reported: nobody publishes', async () => {
    const fay = await newParticipantKey();
    const mallorysKey = await newParticipantKey();
    const { ctx } = newWorkspace('Fay');
    await openRound(ctx, fay);
    const mallory = replicaOf(ctx.doc, 'Mallory');
    await reveal(mallory.ctx, mallorysKey, 'named');
    syncBoth(ctx.doc, mallory.doc);
    const ana = replicaOf(ctx.doc, 'Ana');
    expect(await publishAs(ana.ctx, [local('draftAna01', 'Secret idea')], 'Ana')).toBe(0);
    const view = await viewOf(ana.doc);
    expect(view.rounds.map((r) => r.revealed)).toEqual([false]);
    expect(view.problems).toEqual(["The reveal of drafting round round0001 is not signed by the round's opener: ignored."]);
  });

  it('a round whose signature does not match its opener is ignored and reported', async () => {
    const fay = await newParticipantKey();
    const other = await newParticipantKey();
    const { ctx } = newWorkspace('Fay');
    const round = await signRoundOpening(fay, { id: 'round0001', stageId: 's', target: 'objective', objectiveIds: [], openedAt: 5, openerName: 'Fay' });
    openDraftRound(ctx, { ...round, openedBy: other.id });
    const view = await viewOf(ctx.doc);
    expect(view.rounds).toEqual([]);
    expect(view.problems).toEqual(['Drafting round round0001 is not signed by the participant it names as its opener: ignored.']);
  });

  it('a malformed record is reported by the reader, never a crash', async () => {
    const { ctx } = newWorkspace('Fay');
    rootMap(ctx.doc, 'revealedDrafts').set('bad01', 42);
    rootMap(ctx.doc, 'draftRounds').set('bad02', new Y.Map());
    const snapshot = readWorkspace(ctx.doc);
    expect(snapshot.problems.map((p) => p.map)).toEqual(expect.arrayContaining(['revealedDrafts', 'draftRounds']));
    expect((await viewOf(ctx.doc)).drafts).toEqual([]);
  });
});

async function revealedRoom() {
  const fay = await newParticipantKey();
  const { ctx } = newWorkspace('Fay');
  await openRound(ctx, fay);
  await reveal(ctx, fay);
  await publishAs(ctx, [local('draftFay01', 'Win the mid-market'), local('draftFay02', 'Grow mid-market revenue'), local('draftFay03', 'Cut onboarding time')], 'Fay');
  return { ctx, fay };
}

describe('clustering and adoption', () => {
  it('merges two drafts into one candidate whose history keeps both texts; Ctrl+Z undoes it', async () => {
    const { ctx } = await revealedRoom();
    const undo = createUndoManager(ctx.doc);
    const view = await viewOf(ctx.doc);
    const [a, b] = view.candidates;
    const id = clusterCandidates(ctx, [a!, b!], 'Lead the mid-market');
    let after = await viewOf(ctx.doc);
    expect(after.candidates.map((c) => [c.kind, c.text])).toEqual([
      ['cluster', 'Lead the mid-market'],
      ['draft', 'Cut onboarding time'],
    ]);
    expect(after.candidates[0]).toMatchObject({ id, memberIds: ['draftFay01', 'draftFay02'], history: [{ draftId: 'draftFay01', text: 'Win the mid-market' }, { draftId: 'draftFay02', text: 'Grow mid-market revenue' }] });
    undo.stopCapturing();
    undo.undo();
    after = await viewOf(ctx.doc);
    expect(after.candidates.map((c) => c.kind)).toEqual(['draft', 'draft', 'draft']);
  });

  it('merges a cluster with a draft into a new cluster; refuses fewer than two', async () => {
    const { ctx } = await revealedRoom();
    const [a, b, c] = (await viewOf(ctx.doc)).candidates;
    expect(() => clusterCandidates(ctx, [a!], 'x')).toThrow(/two or more/);
    clusterCandidates(ctx, [a!, b!], 'Mid-market');
    const [cluster, lone] = (await viewOf(ctx.doc)).candidates;
    expect(lone!.id).toBe(c!.id);
    clusterCandidates(ctx, [cluster!, lone!], 'Everything');
    const [merged, ...rest] = (await viewOf(ctx.doc)).candidates;
    expect(rest).toEqual([]);
    expect(merged!.history.map((h) => h.text)).toEqual(['Win the mid-market', 'Grow mid-market revenue', 'Cut onboarding time']);
    editCandidateText(ctx, merged!.id, 'One big objective');
    expect((await viewOf(ctx.doc)).candidates[0]!.text).toBe('One big objective');
  });

  it('adopts a cluster as an objective and a lone draft as a KR, linking back; the outcome says so', async () => {
    const { ctx } = await revealedRoom();
    const [a, b, c] = (await viewOf(ctx.doc)).candidates;
    clusterCandidates(ctx, [a!, b!], 'Lead the mid-market');
    const cluster = (await viewOf(ctx.doc)).candidates[0]!;
    const objectiveId = adoptCandidate(ctx, cluster, 'objective');
    expect(readWorkspace(ctx.doc).objectives.get(objectiveId)?.title).toBe('Lead the mid-market');
    const krId = adoptCandidate(ctx, c!, 'keyResult', { objectiveId });
    expect(readWorkspace(ctx.doc).keyResults.get(krId)).toMatchObject({ title: 'Cut onboarding time', objectiveId });
    const view = await viewOf(ctx.doc);
    expect(view.candidates.map((x) => x.adoptedAs)).toEqual([
      { kind: 'objective', id: objectiveId },
      { kind: 'keyResult', id: krId },
    ]);
    expect(() => adoptCandidate(ctx, view.candidates[0]!, 'objective')).toThrow(/already adopted/);
    const outcome = await draftsOutcomeOf(readWorkspace(ctx.doc));
    expect(outcome.rounds).toHaveLength(1);
    expect(outcome.rounds[0]).toMatchObject({
      revealMode: 'named',
      drafts: [
        { text: 'Win the mid-market', author: 'Fay' },
        { text: 'Grow mid-market revenue', author: 'Fay' },
        { text: 'Cut onboarding time', author: 'Fay' },
      ],
      clusters: [{ text: 'Lead the mid-market', mergedTexts: ['Win the mid-market', 'Grow mid-market revenue'], adoptedAs: { kind: 'objective', id: objectiveId, title: 'Lead the mid-market' } }],
      adopted: [
        { kind: 'objective', id: objectiveId, title: 'Lead the mid-market' },
        { kind: 'keyResult', id: krId, title: 'Cut onboarding time' },
      ],
    });
    expect(draftsOutcome(view, () => '').problems).toEqual([]);
  });

  it('across a partition: the facilitator merges on one side while a late draft arrives on the other; both stay after it heals', async () => {
    const { ctx } = await revealedRoom();
    const ben = replicaOf(ctx.doc, 'Ben');
    // Split. Fay merges two drafts; Ben, offline at the reveal, publishes his.
    const [a, b] = (await viewOf(ctx.doc)).candidates;
    clusterCandidates(ctx, [a!, b!], 'Lead the mid-market');
    expect(await publishAs(ben.ctx, [local('draftBen01', 'Win the mid-market too')], 'Ben')).toBe(1);
    syncBoth(ctx.doc, ben.doc);
    const [onFay, onBen] = [await viewOf(ctx.doc), await viewOf(ben.doc)];
    expect(onFay).toEqual(onBen);
    expect(onFay.candidates.map((c) => [c.kind, c.text])).toEqual([
      ['cluster', 'Lead the mid-market'],
      ['draft', 'Cut onboarding time'],
      ['draft', 'Win the mid-market too'],
    ]);
  });

  it('needs an objective to adopt a KR', async () => {
    const { ctx } = await revealedRoom();
    addObjective(ctx, { title: 'x' });
    const [a] = (await viewOf(ctx.doc)).candidates;
    expect(() => adoptCandidate(ctx, a!, 'keyResult')).toThrow(/Choose the objective/);
  });
});

