import * as Y from 'yjs';
import { localContext, type CommandContext } from '../../shared/commands/context';
import { initWorkspace } from '../../shared/commands/workspace';
import { canonicalJson } from '../../shared/format/canonical';
import { workspaceToJson } from '../../shared/format/json';
import { orphansOf } from '../../shared/queries/orphans';
import { outlineOf } from '../../shared/queries/outline';
import { readWorkspace, type WorkspaceSnapshot } from '../../shared/schema/read';
import { createUndoManager } from '../../shared/undo';
import { layoutFailures } from './layout';
import { seededRandom, type Random } from './random';
import { randomCommand } from './randomCommands';

/*
 * One seeded multi-replica session: 3–5 people edit one workspace through
 * the app's commands, press Ctrl+Z and Ctrl+Shift+Z, receive each other's
 * updates late, partially and out of order, split into partitions and meet
 * again. At the end everyone syncs, and the session checks what a person
 * relies on: every replica shows the same thing, the document reads with no
 * problems, nothing live is out of sight, and every record sits in a root
 * of the table of roots, in its row's shape.
 *
 * Everything random comes from the seed (ids and order-key jitter too, which
 * the test file makes deterministic), so a failing seed replays exactly.
 */

const REMOTE = 'remote';

interface Replica {
  doc: Y.Doc;
  ctx: CommandContext;
  undo: Y.UndoManager;
  /** Updates this replica made that others may not have yet. */
  outbox: Uint8Array[];
}

export interface SessionResult {
  seed: number;
  replicas: number;
  commands: number;
  undos: number;
  redos: number;
  /** Check-ins whose key result is missing at the end (shown in Deleted items, but worth counting). */
  orphanedCheckIns: number;
  /** What went wrong, one line each; empty when the session passed. */
  failures: string[];
}

function syncPair(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB, REMOTE);
  Y.applyUpdate(a, toA, REMOTE);
}

function distinctClientIds(random: Random, count: number): number[] {
  const ids = new Set<number>();
  while (ids.size < count) ids.add(1 + random.int(0x7ffffffe));
  return [...ids];
}

function createReplicas(random: Random): Replica[] {
  const count = 3 + random.int(3);
  let clock = Date.UTC(2026, 6, 1, 9);
  const now = () => (clock += 60_000);
  const kind = random.chance(0.15) ? 'journal' : 'team';
  return distinctClientIds(random, count).map((clientID, i) => {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    const ctx = localContext(doc, `Person ${i}`, now);
    if (i === 0) initWorkspace(ctx, { id: 'ws-random-0001', title: 'Random session', kind, cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
    const replica: Replica = { doc, ctx, undo: createUndoManager(doc, { actor: () => ctx.actor, now }), outbox: [] };
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) replica.outbox.push(update);
    });
    return replica;
  });
}

/** Shuffles in place with the session's random (Fisher–Yates). */
function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Everything that makes a live record invisible or a replica disagree, one line each. */
export function checkConverged(docs: readonly Y.Doc[]): string[] {
  const failures: string[] = [];
  const canonical = (doc: Y.Doc) => canonicalJson(workspaceToJson(readWorkspace(doc)));
  const reference = canonical(docs[0]!);
  const vector = Y.encodeStateVector(docs[0]!).join(',');
  docs.forEach((doc, i) => {
    if (i > 0 && canonical(doc) !== reference) failures.push(`replica ${i} differs from replica 0 (canonical state)`);
    if (i > 0 && Y.encodeStateVector(doc).join(',') !== vector) failures.push(`replica ${i} has seen different updates than replica 0`);
  });
  return failures;
}

/** Problems the reader reports and live records nobody can reach. */
export function checkVisible(snapshot: WorkspaceSnapshot): string[] {
  const failures = snapshot.problems.map((p) => `problem: ${p.map}/${p.id}: ${p.message}`);
  const outline = outlineOf(snapshot);
  const shown = new Set([...outline.objectives.flatMap((o) => o.keyResults.map((k) => k.id)), ...outline.orphanedKeyResults.map((k) => k.id)]);
  for (const kr of snapshot.keyResults.values()) {
    if (kr.deletedAt !== null || shown.has(kr.id)) continue;
    // Deleted with its objective: it comes back when the objective (listed in Deleted items) is restored.
    const parent = snapshot.objectives.get(kr.objectiveId);
    if (parent?.deletedAt != null && parent.deletedKeyResultIds.includes(kr.id)) continue;
    failures.push(`live key result ${kr.id} is shown nowhere`);
  }
  const orphans = orphansOf({ checkIns: snapshot.checkIns.values(), questions: snapshot.questions.values() }, snapshot.keyResults);
  const listedOrphans = new Set(orphans.flatMap((g) => [...g.checkIns.map((c) => c.id), ...g.questions.map((q) => q.id)]));
  for (const c of snapshot.checkIns.values()) {
    if (!snapshot.keyResults.has(c.keyResultId) && !listedOrphans.has(c.id)) failures.push(`check-in ${c.id} of a missing key result is shown nowhere`);
  }
  for (const q of snapshot.questions.values()) {
    if (q.deletedAt === null && !snapshot.keyResults.has(q.keyResultId) && !listedOrphans.has(q.id)) failures.push(`question ${q.id} of a missing key result is shown nowhere`);
  }
  for (const part of [...snapshot.rolloutStages.values(), ...snapshot.readinessGates.values()]) {
    if (part.deletedAt === null && !snapshot.rolloutPlans.has(part.rolloutId)) failures.push(`stage or gate ${part.id} of a missing rollout plan is shown nowhere`);
  }
  return failures;
}

/** Runs the session of `seed` and returns what it found. Throws only when a command fails with something other than a refusal. */
export function runSession(seed: number): SessionResult {
  const random = seededRandom(seed);
  const replicas = createReplicas(random);
  const result: SessionResult = { seed, replicas: replicas.length, commands: 0, undos: 0, redos: 0, orphanedCheckIns: 0, failures: [] };
  // The first replica made the workspace; the others start from it.
  for (const r of replicas.slice(1)) Y.applyUpdate(r.doc, Y.encodeStateAsUpdate(replicas[0]!.doc), REMOTE);
  for (const r of replicas) r.undo.clear();
  /** Which side of a network split each replica is on; everyone together at first. */
  let side = replicas.map(() => 0);
  const reachable = (a: number, b: number) => a !== b && side[a] === side[b];

  const rounds = 20 + random.int(20);
  for (let round = 0; round < rounds; round++) {
    const network = random.next();
    if (network < 0.1) side = replicas.map(() => random.int(2));
    else if (network < 0.2) side = replicas.map(() => 0);
    for (const r of replicas) {
      const roll = random.next();
      if (roll < 0.6) result.commands += Number(randomCommand(r.ctx, random));
      else if (roll < 0.72) result.undos += Number(r.undo.undo() !== null);
      else if (roll < 0.78) result.redos += Number(r.undo.redo() !== null);
      // Each action is its own step: the capture window would make steps depend on the wall clock.
      r.undo.stopCapturing();
      if (process.env.CAIRN_TRACE) {
        const problems = readWorkspace(r.doc).problems;
        if (problems.length) console.log('TRACE', round, r.ctx.actor, roll.toFixed(2), JSON.stringify(problems));
      }
    }
    if (random.chance(0.6)) {
      // Some of one replica's updates reach another, in any order; the rest arrive later or never.
      const from = random.int(replicas.length);
      const to = random.int(replicas.length);
      if (reachable(from, to)) {
        for (const update of shuffle(random, [...replicas[from]!.outbox])) if (random.chance(0.7)) Y.applyUpdate(replicas[to]!.doc, update, REMOTE);
      }
    }
    if (random.chance(0.2)) {
      const a = random.int(replicas.length);
      const b = random.int(replicas.length);
      if (reachable(a, b)) syncPair(replicas[a]!.doc, replicas[b]!.doc);
    }
  }
  // Everyone meets again.
  const docs = replicas.map((r) => r.doc);
  for (let i = 0; i < docs.length; i++) for (let j = i + 1; j < docs.length; j++) syncPair(docs[i]!, docs[j]!);
  for (let i = 1; i < docs.length; i++) syncPair(docs[0]!, docs[i]!);
  const snapshot = readWorkspace(docs[0]!);
  result.failures.push(...checkConverged(docs), ...checkVisible(snapshot), ...layoutFailures(docs[0]!));
  result.orphanedCheckIns = [...snapshot.checkIns.values()].filter((c) => !snapshot.keyResults.has(c.keyResultId)).length;
  for (const r of replicas) r.undo.destroy();
  return result;
}
