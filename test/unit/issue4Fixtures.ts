import * as Y from 'yjs';
import { onTestFinished } from 'vitest';
import { observeProjection, type Projection } from '../../renderer/state/projection';
import { localContext, type CommandContext } from '../../shared/commands/context';
import { initWorkspace } from '../../shared/commands/workspace';
import { canonicalJson } from '../../shared/format/canonical';
import type { SignalsInput } from '../../shared/queries/decisions';
import { outlineOf } from '../../shared/queries/outline';
import { questionsOf } from '../../shared/queries/progress';
import { trackedKeyResults } from '../../shared/queries/tracking';
import { readWorkspace, type WorkspaceSnapshot } from '../../shared/schema/read';
import type { CheckIn, KeyResult, KeyResultBase, Question } from '../../shared/schema/types';

/*
 * Fixtures for the issue-4 specs: a 90-day cycle (2026-01-01 to the end of
 * 2026-03-31), so day 45 is exactly half-way and the pace line expects 50%.
 */

export const DAY = 86_400_000;
export const CYCLE = { cycleStart: '2026-01-01', cycleEnd: '2026-03-31' } as const;
export const CYCLE_START = Date.UTC(2026, 0, 1);
/** Midnight UTC, `n` days into the cycle. */
export const day = (n: number): number => CYCLE_START + n * DAY;

/** A settable clock, so every command runs at a chosen moment. */
export interface Clock {
  t: number;
}

export interface Replica {
  doc: Y.Doc;
  ctx: CommandContext;
  clock: Clock;
}

/** A fresh workspace over CYCLE; commands run at `clock.t` (day 0 to start with). */
export function newCycleWorkspace(actor = 'Ana'): Replica {
  const doc = new Y.Doc();
  const clock: Clock = { t: day(0) };
  const ctx = localContext(doc, actor, () => clock.t);
  initWorkspace(ctx, { id: 'ws-issue4-0001', title: 'Issue 4', kind: 'team', ...CYCLE });
  return { doc, ctx, clock };
}

/** Another device holding a copy of `doc`, with its own clock. */
export function replicaOf(doc: Y.Doc, actor: string, at: number): Replica {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const clock: Clock = { t: at };
  return { doc: copy, ctx: localContext(copy, actor, () => clock.t), clock };
}

/** Two peers meeting again: everything each lacks, both ways. */
export function syncBoth(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB, 'remote');
  Y.applyUpdate(a, toA, 'remote');
}

/** The whole validated workspace (every map) with object keys sorted: equal content, equal string. */
export const canonicalState = (doc: Y.Doc): string => canonicalJson(readWorkspace(doc));

export function keyResultOf(snapshot: WorkspaceSnapshot, id: string): KeyResult {
  const kr = snapshot.keyResults.get(id);
  if (!kr) throw new Error(`no key result ${id} in the snapshot`);
  return kr;
}

export const historyOf = (snapshot: WorkspaceSnapshot, keyResultId: string): CheckIn[] =>
  [...snapshot.checkIns.values()].filter((c) => c.keyResultId === keyResultId);

export const liveQuestionsOf = (snapshot: WorkspaceSnapshot, keyResultId: string): Question[] =>
  questionsOf(keyResultId, snapshot.questions.values());

/** What workspaceSignals needs, from a snapshot: the tracked KRs, their check-ins and questions, every decision. */
export function signalsInputOf(snapshot: WorkspaceSnapshot): SignalsInput {
  if (!snapshot.meta) throw new Error('the workspace has no readable meta');
  const keyResults = trackedKeyResults(outlineOf(snapshot));
  const checkInsByKeyResult: Record<string, CheckIn[]> = {};
  const questionsByKeyResult: Record<string, Question[]> = {};
  for (const kr of keyResults) {
    checkInsByKeyResult[kr.id] = historyOf(snapshot, kr.id);
    questionsByKeyResult[kr.id] = liveQuestionsOf(snapshot, kr.id);
  }
  return { meta: snapshot.meta, keyResults, checkInsByKeyResult, questionsByKeyResult, decisions: snapshot.decisions.values() };
}

/* Plain records for the pure queries (no document). */

const krBase: Omit<KeyResultBase, 'id'> = {
  objectiveId: 'o1',
  title: 'KR',
  description: '',
  why: '',
  carriedFrom: null,
  status: 'active',
  closedAs: null,
  addedReason: null,
  risk: null,
  owner: '',
  order: 'a0',
  createdAt: CYCLE_START,
  createdBy: 'Ana',
  deletedAt: null,
  deletedBy: null,
};

export function plainKeyResult(kr: Partial<KeyResult> & Pick<KeyResult, 'kind'>, id = 'kr1'): KeyResult {
  return { ...krBase, id, ...kr } as KeyResult;
}

let checkInSeq = 0;
export function plainCheckIn(at: number, value: number, extra: Partial<CheckIn> = {}): CheckIn {
  checkInSeq += 1;
  return { id: `c${String(checkInSeq).padStart(4, '0')}`, keyResultId: 'kr1', value, confidence: null, note: '', author: 'Ana', at, ...extra };
}

export function plainQuestion(id: string, text: string, extra: Partial<Question> = {}): Question {
  return { id, keyResultId: 'kr1', text, order: `a${id}`, createdAt: CYCLE_START, createdBy: 'Ana', deletedAt: null, ...extra };
}

/**
 * The renderer's projection of `doc` as the app keeps it, each change flushed
 * at once (no animation frame in a test); it stops following when the test ends.
 */
export function followProjection(doc: Y.Doc): () => Projection {
  let projection!: Projection;
  onTestFinished(observeProjection(doc, (p) => (projection = p), (flush) => flush()));
  return () => projection;
}
