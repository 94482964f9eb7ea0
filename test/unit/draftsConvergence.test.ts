import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { adoptCandidate, clusterCandidates, editCandidateText, openDraftRound, publishDrafts, revealDraftRound } from '../../shared/commands/drafts';
import { CommandError, localContext, type CommandContext } from '../../shared/commands/context';
import { readWorkspace } from '../../shared/schema/read';
import { rootMap } from '../../shared/schema/roots';
import { createUndoManager } from '../../shared/undo';
import { draftsToPublish, draftsView, signReveal, signRoundOpening, verifyRounds, type DraftsView, type LocalDraft } from '../../shared/workshop/drafts';
import { canonicalJson, newParticipantKey } from '../../shared/workshop/participantKey';
import { seededRandom, type Random } from '../support/random';
import { newWorkspace } from '../support/workspace';

/*
 * Seeded randomized convergence of the drafting records: three laptops (two
 * of them the facilitator's tabs, so clustering and adopting can be
 * concurrent), drafts written offline and published whenever a laptop first
 * sees the reveal, random partial syncs and a partition that heals. After a
 * full sync every laptop shows the same drafts, candidates and adoptions,
 * every published draft sits in exactly one candidate, and nothing is reported.
 */

interface Laptop {
  name: string;
  ctx: CommandContext;
  /** Drafts written here and not yet published. */
  pending: LocalDraft[];
}

async function viewOf(doc: Y.Doc): Promise<DraftsView> {
  const snapshot = readWorkspace(doc);
  return draftsView(snapshot, await verifyRounds(snapshot.draftRounds.values(), snapshot.revealedDrafts.values()));
}

function sendAll(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote');
}

/** What each laptop's drafting code does on every change: publish its drafts of revealed rounds. */
async function publishPending(laptop: Laptop): Promise<void> {
  const view = await viewOf(laptop.ctx.doc);
  const present = new Set(rootMap(laptop.ctx.doc, 'revealedDrafts').keys());
  const records = draftsToPublish(laptop.pending, view, present, laptop.name, laptop.ctx.now());
  publishDrafts(laptop.ctx, records);
  const published = new Set(records.map((r) => r.id));
  laptop.pending = laptop.pending.filter((d) => !published.has(d.id) && !present.has(d.id));
}

async function facilitatorStep(random: Random, laptop: Laptop, undo: Y.UndoManager): Promise<void> {
  const open = (await viewOf(laptop.ctx.doc)).candidates.filter((c) => !c.adoptedAs);
  const roll = random.int(4);
  try {
    if (roll === 0 && open.length >= 2) {
      const chosen = open.filter(() => random.chance(0.5));
      if (chosen.length >= 2) clusterCandidates(laptop.ctx, chosen, `merged ${random.int(1000)}`);
    } else if (roll === 1 && open.length > 0) {
      adoptCandidate(laptop.ctx, random.pick(open)!, 'objective');
    } else if (roll === 2) {
      const clusters = open.filter((c) => c.kind === 'cluster');
      if (clusters.length > 0) editCandidateText(laptop.ctx, random.pick(clusters)!.id, `edited ${random.int(1000)}`);
    } else {
      undo.stopCapturing();
      if (random.chance(0.7)) undo.undo();
      else undo.redo();
    }
  } catch (error) {
    // A refusal (a candidate adopted meanwhile) is a normal outcome; anything else is a bug.
    if (!(error instanceof CommandError)) throw error;
  }
}

interface Tally {
  drafts: number;
  clusters: number;
  adopted: number;
  /** Drafts two live clusters both listed (concurrent merges). */
  contested: number;
  /** Sessions where two tabs of the opener revealed concurrently. */
  doubleReveals: number;
}

async function runSession(seed: number): Promise<Tally> {
  const random = seededRandom(seed);
  const key = await newParticipantKey();
  const { doc: origin } = newWorkspace('Fay', `ws-drafts-${seed}`);
  let clock = Date.UTC(2026, 6, 1, 9);
  const now = () => (clock += 1 + random.int(1000));
  const laptops: Laptop[] = ['Fay', 'Fay', 'Ben'].map((name) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin));
    return { name, ctx: localContext(doc, name, now), pending: [] };
  });
  const [fayA, fayB] = laptops as [Laptop, Laptop, Laptop];
  const undos = new Map([fayA, fayB].map((l) => [l, createUndoManager(l.ctx.doc)]));
  const round = await signRoundOpening(key, { id: 'round0001', stageId: 'draft', target: 'objective', objectiveIds: [], openedAt: 1, openerName: 'Fay' });
  openDraftRound(fayA.ctx, round);
  for (const laptop of laptops) sendAll(fayA.ctx.doc, laptop.ctx.doc);
  let revealed = false;
  let doubleReveals = 0;
  let draftCount = 0;
  // A partition: {Fay's tab A, Ben} | {Fay's tab B} for a stretch of the session, then it heals.
  const partitionStart = 5 + random.int(10);
  const partitionEnd = partitionStart + 5 + random.int(15);
  for (let step = 0; step < 60; step++) {
    const split = step >= partitionStart && step < partitionEnd;
    const canTalk = (a: number, b: number) => !split || (a === 1) === (b === 1);
    const who = random.int(laptops.length);
    const laptop = laptops[who]!;
    const roll = random.int(10);
    if (roll < 3) {
      laptop.pending.push({ id: `d${seed}x${draftCount++}`, stageId: 'draft', roundId: 'round0001', text: `idea ${random.int(100)}`, updatedAt: clock });
    } else if (roll === 3 && !revealed && step > 3) {
      revealed = true;
      revealDraftRound(fayA.ctx, 'round0001', await signReveal(key, round, random.chance(0.5) ? 'named' : 'anonymous', now()));
      // Sometimes the facilitator's other tab reveals too before they meet: one reveal wins whole.
      if (random.chance(0.4) && readWorkspace(fayB.ctx.doc).draftRounds.get('round0001')?.reveal === null) {
        revealDraftRound(fayB.ctx, 'round0001', await signReveal(key, round, random.chance(0.5) ? 'named' : 'anonymous', now()));
        doubleReveals++;
      }
    } else if (roll < 6 && revealed && (laptop === fayA || laptop === fayB)) {
      await facilitatorStep(random, laptop, undos.get(laptop)!);
    } else {
      const other = random.int(laptops.length);
      if (other !== who && canTalk(who, other)) sendAll(laptop.ctx.doc, laptops[other]!.ctx.doc);
    }
    await publishPending(laptop);
  }
  if (!revealed) revealDraftRound(fayA.ctx, 'round0001', await signReveal(key, round, 'named', now()));
  // Heal: everyone meets, publishes what it still holds, and meets again.
  for (let pass = 0; pass < 2; pass++) {
    for (const a of laptops) for (const b of laptops) if (a !== b) sendAll(a.ctx.doc, b.ctx.doc);
    for (const laptop of laptops) await publishPending(laptop);
  }
  for (const a of laptops) for (const b of laptops) if (a !== b) sendAll(a.ctx.doc, b.ctx.doc);
  const views = await Promise.all(laptops.map((l) => viewOf(l.ctx.doc)));
  const [first, ...rest] = views.map((v) => canonicalJson(v));
  for (const other of rest) expect(other).toBe(first);
  const view = views[0]!;
  expect(view.problems).toEqual([]);
  expect(laptops.flatMap((l) => l.pending)).toEqual([]);
  expect(view.drafts).toHaveLength(draftCount - laptops.flatMap((l) => l.pending).length);
  // Every draft stands in exactly one candidate.
  const members = view.candidates.flatMap((c) => c.memberIds).sort();
  expect(members).toEqual(view.drafts.map((d) => d.id).sort());
  // Every adoption names an objective that exists on every laptop.
  for (const candidate of view.candidates) {
    if (candidate.adoptedAs) for (const laptop of laptops) expect(readWorkspace(laptop.ctx.doc).objectives.has(candidate.adoptedAs.id)).toBe(true);
  }
  const listed = [...readWorkspace(fayA.ctx.doc).draftClusters.values()].filter((c) => c.deletedAt === null).flatMap((c) => c.memberIds);
  return {
    drafts: view.drafts.length,
    clusters: view.candidates.filter((c) => c.kind === 'cluster').length,
    adopted: view.candidates.filter((c) => c.adoptedAs).length,
    contested: listed.length - new Set(listed).size,
    doubleReveals,
  };
}

describe('drafting records converge', () => {
  const tallies: Tally[] = [];
  it.each(Array.from({ length: 40 }, (_, i) => 1000 + i))('seed %i', async (seed) => {
    tallies.push(await runSession(seed));
  });

  it('the sessions exercised merging, adopting and concurrent merges of one draft', () => {
    const sum = (key: keyof Tally) => tallies.reduce((n, t) => n + t[key], 0);
    expect(tallies).toHaveLength(40);
    expect(sum('drafts')).toBeGreaterThan(100);
    expect(sum('clusters')).toBeGreaterThan(10);
    expect(sum('adopted')).toBeGreaterThan(10);
    expect(sum('contested')).toBeGreaterThan(0);
    expect(sum('doubleReveals')).toBeGreaterThan(3);
  });
});
