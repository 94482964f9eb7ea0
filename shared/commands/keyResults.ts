import type * as Y from 'yjs';
import { newId } from '../ids';
import { orderAtEnd, orderForMove } from '../order';
import type { TextField } from '../schema/doc';
import { METRIC_DIRECTIONS, RISKS, type KeyResultKind, type MetricDirection, type Risk } from '../schema/types';
import { addQuestions, checkQuestionText } from './questions';
import { changeRecord, latestCheckpoint, logChange, reasonForAddition } from './lifecycle';
import { toWellFormed } from '../text';
import { CommandError, transact, type CommandContext } from './context';
import { buildEntity, editText, liveOrders, requireEntity, requireLiveEntity, requireShortText, restore, softDelete } from './entities';
import { rootMap } from '../schema/roots';

/** The objective's live KRs, the siblings a move or insert is placed among. */
const liveKeyResultOrders = (ctx: CommandContext, objectiveId: string) => liveOrders(rootMap(ctx.doc, 'keyResults'), (kr) => kr.get('objectiveId') === objectiveId);

export interface MetricSettings {
  direction: MetricDirection;
  baseline: number;
  target: number;
  unit: string;
}

/** An output KR counts deliverables from 0 to `target`. */
export interface OutputSettings {
  target: number;
  unit: string;
}

export interface NewKeyResult {
  title: string;
  kind: KeyResultKind;
  description?: string;
  /** "Why this measure". */
  why?: string;
  owner?: string;
  risk?: Risk | null;
  /** Required for metric KRs. */
  metric?: MetricSettings;
  /** Required for output KRs. */
  output?: OutputSettings;
  /** Learning KRs: the questions or hypotheses to answer. */
  questions?: readonly string[];
  /** Required once the OKRs are published: why it is added mid-cycle. */
  addedReason?: string;
}

function checkOutput(output: OutputSettings): OutputSettings {
  if (!Number.isFinite(output.target) || output.target <= 0) throw new CommandError('An output key result needs a target count above zero.', 'target');
  return { target: output.target, unit: requireShortText(output.unit, 'Unit', 40) };
}

function checkRisk(risk: Risk | null | undefined): Risk | null {
  if (risk == null) return null;
  if (!RISKS.includes(risk)) throw new CommandError(`Unknown risk "${String(risk)}".`);
  return risk;
}

function checkMetric(metric: MetricSettings): MetricSettings {
  if (!METRIC_DIRECTIONS.includes(metric.direction)) throw new CommandError(`Unknown direction "${metric.direction}".`);
  if (!Number.isFinite(metric.baseline)) throw new CommandError('The baseline must be a number.', 'baseline');
  if (!Number.isFinite(metric.target)) throw new CommandError('The target must be a number.', 'target');
  if (metric.direction === 'increase' && metric.target <= metric.baseline) {
    throw new CommandError('To increase, the target must be above the baseline.', 'target');
  }
  if (metric.direction === 'decrease' && metric.target >= metric.baseline) {
    throw new CommandError('To decrease, the target must be below the baseline.', 'target');
  }
  return { ...metric, unit: requireShortText(metric.unit, 'Unit', 40) };
}

export function addKeyResult(ctx: CommandContext, objectiveId: string, input: NewKeyResult): string {
  requireLiveEntity(rootMap(ctx.doc, 'objectives'), objectiveId, 'objective');
  const addedReason = reasonForAddition(ctx, input.addedReason, 'key result');
  const id = newId();
  const fields: Record<string, unknown> = {
    id,
    objectiveId,
    kind: input.kind,
    risk: checkRisk(input.risk),
    status: 'active',
    closedAs: null,
    addedReason,
    owner: requireShortText(input.owner ?? '', 'Owner'),
    order: orderAtEnd(liveKeyResultOrders(ctx, objectiveId)),
    createdAt: ctx.now(),
    createdBy: ctx.actor,
    deletedAt: null,
    deletedBy: null,
  };
  if (input.kind === 'metric') {
    if (!input.metric) throw new CommandError('A metric key result needs a baseline and a target.');
    Object.assign(fields, checkMetric(input.metric));
  } else if (input.kind === 'output') {
    if (!input.output) throw new CommandError('An output key result needs a target count.');
    Object.assign(fields, checkOutput(input.output));
  } else if (input.kind !== 'milestone' && input.kind !== 'learning') {
    throw new CommandError(`Unknown key result kind "${String(input.kind)}".`);
  }
  // Checked before the transaction: a refused question must not leave a learning KR without any.
  const questions = (input.questions ?? []).filter((q) => q.trim()).map(checkQuestionText);
  if (input.kind === 'learning' && questions.length === 0) throw new CommandError('A learning key result needs at least one question or hypothesis.', 'questions');
  const entity = buildEntity(fields, { title: input.title, description: input.description ?? '', why: input.why ?? '' });
  const added = addedReason ? changeRecord(ctx, { entity: 'keyResult', entityId: id, kind: 'added', from: '', to: input.title.trim().slice(0, 200), reason: addedReason }) : null;
  transact(ctx, () => {
    rootMap(ctx.doc, 'keyResults').set(id, entity);
    if (input.kind === 'learning') addQuestions(ctx, id, questions);
    if (added) logChange(ctx, added);
  });
  return id;
}

export function setKeyResultRisk(ctx: CommandContext, id: string, risk: Risk | null): void {
  const entity = requireEntity(rootMap(ctx.doc, 'keyResults'), id, 'key result');
  const value = checkRisk(risk);
  transact(ctx, () => entity.set('risk', value));
}

/** Turns a KR into an output KR (or changes its count). Past check-ins stay. */
export function setOutput(ctx: CommandContext, id: string, output: OutputSettings, reason?: string): void {
  const entity = requireEntity(rootMap(ctx.doc, 'keyResults'), id, 'key result');
  const checked = checkOutput(output);
  requireReasonIfPublished(ctx, entity, reason, describeOutput(checked));
  changeMeasure(ctx, entity, id, reason, describeOutput(checked), () => {
    entity.set('kind', 'output');
    entity.set('target', checked.target);
    entity.set('unit', checked.unit);
  });
}

/** Turns a KR into a learning KR; its questions are added with addQuestion. */
export function makeLearning(ctx: CommandContext, id: string): void {
  const entity = requireEntity(rootMap(ctx.doc, 'keyResults'), id, 'key result');
  transact(ctx, () => entity.set('kind', 'learning'));
}

export function editKeyResultText(ctx: CommandContext, id: string, field: TextField, next: string, previous?: string): void {
  editText(ctx, requireEntity(rootMap(ctx.doc, 'keyResults'), id, 'key result'), field, next, previous);
}

export function setKeyResultOwner(ctx: CommandContext, id: string, owner: string): void {
  const entity = requireEntity(rootMap(ctx.doc, 'keyResults'), id, 'key result');
  const value = requireShortText(owner, 'Owner');
  transact(ctx, () => entity.set('owner', value));
}

/** "metric: increase 10 → 40 teams", how a measure reads in the change log. */
function describeMeasure(entity: Y.Map<unknown>): string {
  const kind = entity.get('kind');
  const unit = typeof entity.get('unit') === 'string' && entity.get('unit') ? ` ${String(entity.get('unit'))}` : '';
  if (kind === 'metric') return `${String(entity.get('direction'))} ${String(entity.get('baseline'))} → ${String(entity.get('target'))}${unit}`;
  if (kind === 'output') return `${String(entity.get('target'))}${unit} delivered`;
  return String(kind);
}

const describeMetric = (m: MetricSettings) => `${m.direction} ${m.baseline} → ${m.target}${m.unit ? ` ${m.unit}` : ''}`;
const describeOutput = (o: OutputSettings) => `${o.target}${o.unit ? ` ${o.unit}` : ''} delivered`;

/**
 * Once the OKRs are published, changing what a KR measures is a change of
 * plan: it needs a reason. Checked before anything is written.
 */
function requireReasonIfPublished(ctx: CommandContext, entity: Y.Map<unknown>, reason: string | undefined, after: string): void {
  if (latestCheckpoint(ctx.doc) === null || describeMeasure(entity) === after) return;
  if (!(reason ?? '').trim()) throw new CommandError('The OKRs were published: say why the target changes.', 'reason');
}

/** Applies a measure change and, once published, logs it with its reason (the record checked before anything is written). */
function changeMeasure(ctx: CommandContext, entity: Y.Map<unknown>, id: string, reason: string | undefined, after: string, apply: () => void): void {
  const before = describeMeasure(entity);
  const why = toWellFormed((reason ?? '').trim()).slice(0, 2_000);
  const record = latestCheckpoint(ctx.doc) !== null && before !== after ? changeRecord(ctx, { entity: 'keyResult', entityId: id, kind: 'target', from: before, to: after, reason: why }) : null;
  transact(ctx, () => {
    apply();
    if (record) logChange(ctx, record);
  });
}

/** Turns a KR into a metric (or changes its metric settings). Past check-ins stay. */
export function setMetric(ctx: CommandContext, id: string, metric: MetricSettings, reason?: string): void {
  const entity = requireEntity(rootMap(ctx.doc, 'keyResults'), id, 'key result');
  const checked = checkMetric(metric);
  requireReasonIfPublished(ctx, entity, reason, describeMetric(checked));
  changeMeasure(ctx, entity, id, reason, describeMetric(checked), () => {
    entity.set('kind', 'metric');
    for (const [key, value] of Object.entries(checked)) {
      if (entity.get(key) !== value) entity.set(key, value);
    }
  });
}

export function makeMilestone(ctx: CommandContext, id: string): void {
  const entity = requireEntity(rootMap(ctx.doc, 'keyResults'), id, 'key result');
  transact(ctx, () => entity.set('kind', 'milestone'));
}

/** Moves a KR to `targetIndex` among the live KRs of `objectiveId` (its own or another). */
export function moveKeyResult(ctx: CommandContext, id: string, objectiveId: string, targetIndex: number): void {
  const entity = requireEntity(rootMap(ctx.doc, 'keyResults'), id, 'key result');
  requireLiveEntity(rootMap(ctx.doc, 'objectives'), objectiveId, 'objective');
  const order = orderForMove(liveKeyResultOrders(ctx, objectiveId), id, targetIndex);
  transact(ctx, () => {
    if (entity.get('objectiveId') !== objectiveId) entity.set('objectiveId', objectiveId);
    entity.set('order', order);
  });
}

export function deleteKeyResult(ctx: CommandContext, id: string): void {
  softDelete(ctx, requireEntity(rootMap(ctx.doc, 'keyResults'), id, 'key result'));
}

export function restoreKeyResult(ctx: CommandContext, id: string): void {
  restore(ctx, requireEntity(rootMap(ctx.doc, 'keyResults'), id, 'key result'));
}
