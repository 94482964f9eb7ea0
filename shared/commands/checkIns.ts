import * as Y from 'yjs';
import { newId } from '../ids';
import { toWellFormed } from '../text';
import { checkInSchema, readCheckIn, readQuestion } from '../schema/read';
import { ANSWERS, type Answer, type CheckIn, type Question } from '../schema/types';
import { answeredCount, answersOf, questionsOf } from '../queries/progress';
import { checkInEntries, effectiveCheckIns, type CheckInEntry } from '../queries/checkInHistory';
import { CommandError, transact, type CommandContext } from './context';
import { requireEntity } from './entities';
import { requireTrackedKeyResult } from './tracked';
import { rootMap } from '../schema/roots';

export interface NewCheckIn {
  /** Ignored for learning KRs: their value is the number of answered questions. */
  value: number;
  confidence?: number | null;
  note?: string;
  /** Learning KRs: the answers given in this check-in, by question id. */
  answers?: Readonly<Record<string, Answer>>;
}

/** Whether a stored check-in names this KR; a cheap look before reading it whole. */
function isRecordOf(raw: unknown, keyResultId: string): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { keyResultId?: unknown }).keyResultId === keyResultId;
}

/** The KR's live questions and its check-ins, read from the document. */
function learningState(ctx: CommandContext, keyResultId: string): { questions: Question[]; history: CheckIn[] } {
  const all: Question[] = [];
  rootMap(ctx.doc, 'questions').forEach((raw, id) => {
    // Only this KR's questions are read: an XL workspace holds thousands, and each check-in asks again.
    if (raw instanceof Y.Map && raw.get('keyResultId') !== keyResultId) return;
    const read = readQuestion(id, raw);
    if (read.ok) all.push(read.value);
  });
  const history: CheckIn[] = [];
  rootMap(ctx.doc, 'checkIns').forEach((raw, id) => {
    // Only this KR's check-ins are read (and validated): a workspace holds tens of thousands.
    if (!isRecordOf(raw, keyResultId)) return;
    const read = readCheckIn(id, raw);
    if (read.ok && read.value.keyResultId === keyResultId) history.push(read.value);
  });
  return { questions: questionsOf(keyResultId, all), history: effectiveCheckIns(history) };
}

/** Only the answers that change something, checked against the KR's questions. */
function checkAnswers(ctx: CommandContext, keyResultId: string, given: Readonly<Record<string, Answer>>): { answers: Record<string, Answer>; value: number } {
  const { questions, history } = learningState(ctx, keyResultId);
  const standing = answersOf(questions, history);
  const answers: Record<string, Answer> = {};
  for (const [questionId, answer] of Object.entries(given)) {
    if (!ANSWERS.includes(answer)) throw new CommandError(`Unknown answer "${String(answer)}".`);
    if (!standing.has(questionId)) throw new CommandError('That question no longer exists.');
    if (standing.get(questionId) !== answer) answers[questionId] = answer;
    standing.set(questionId, answer);
  }
  return { answers, value: answeredCount(standing) };
}

/**
 * Appends an immutable check-in. The KR's current value is derived from its
 * latest check-in; nothing is overwritten, so concurrent offline check-ins
 * from two people both survive a merge.
 */
export function recordCheckIn(ctx: CommandContext, keyResultId: string, input: NewCheckIn): string {
  // A closed or dropped KR (or one of a closed objective) is no longer tracked: no new check-ins.
  const kr = requireTrackedKeyResult(ctx, keyResultId, 'check in');
  const learning = kr.get('kind') === 'learning' ? checkAnswers(ctx, keyResultId, input.answers ?? {}) : null;
  const value = learning ? learning.value : input.value;
  const record: CheckIn = { id: newId(), keyResultId, ...checkedMeasure(value, input.confidence, input.note), author: ctx.actor, at: ctx.now() };
  if (learning && Object.keys(learning.answers).length) record.answers = learning.answers;
  return append(ctx, record);
}

/** Value, confidence and note as every check-in record needs them. */
function checkedMeasure(value: number, confidenceGiven: number | null | undefined, noteGiven: string | undefined): Pick<CheckIn, 'value' | 'confidence' | 'note'> {
  if (!Number.isFinite(value)) throw new CommandError('A check-in needs a number.', 'value');
  const confidence = confidenceGiven ?? null;
  if (confidence !== null && (!Number.isInteger(confidence) || confidence < 0 || confidence > 10)) {
    throw new CommandError('Confidence is a whole number from 0 to 10.', 'confidence');
  }
  const note = toWellFormed((noteGiven ?? '').trim());
  if (note.length > 2000) throw new CommandError('The note is too long (at most 2,000 characters).', 'note');
  return { value, confidence, note };
}

function append(ctx: CommandContext, record: CheckIn): string {
  const checked = checkInSchema.safeParse(record);
  if (!checked.success) throw new CommandError(`This check-in cannot be stored: ${checked.error.issues[0]?.message ?? 'invalid'}.`);
  transact(ctx, () => rootMap(ctx.doc, 'checkIns').set(record.id, record));
  return record.id;
}

export interface CheckInCorrection {
  value: number;
  confidence: number | null;
  note: string;
  /** Why it was wrong; optional ("typed 12,5 for 12,500"). */
  reason?: string;
}

/** The original check-in a revision would apply to, with its standing, after the author check. */
function revisable(ctx: CommandContext, checkInId: string, verb: 'correct' | 'withdraw'): CheckInEntry {
  const raw = rootMap(ctx.doc, 'checkIns').get(checkInId);
  const read = raw === undefined ? null : readCheckIn(checkInId, raw);
  if (!read?.ok) throw new CommandError('That check-in no longer exists.');
  if (read.value.corrects !== undefined) throw new CommandError(`That is already a correction: ${verb} the original check-in instead.`);
  if (read.value.author !== ctx.actor) {
    throw new CommandError(`Only ${read.value.author || 'its author'}, who recorded this check-in, can ${verb} it. Record a new check-in instead.`);
  }
  const records: CheckIn[] = [];
  rootMap(ctx.doc, 'checkIns').forEach((value, id) => {
    if (!isRecordOf(value, read.value.keyResultId)) return;
    const r = readCheckIn(id, value);
    if (r.ok) records.push(r.value);
  });
  const entry = checkInEntries(records).find((e) => e.original.id === checkInId)!;
  // An unreadable one does not count either, but its author can set it right.
  if (entry.withdrawn && !entry.unreadable) throw new CommandError('That check-in was withdrawn; record a new check-in instead.');
  return entry;
}

/**
 * When a revision is stamped: now, but always after the check-in's earlier
 * revisions, so the latest one the author made is the one that counts even
 * within one millisecond or on a device whose clock is behind.
 */
function revisionTime(ctx: CommandContext, entry: CheckInEntry): number {
  return Math.max(ctx.now(), ...entry.revisions.map((r) => r.at + 1));
}

function checkedReason(reason: string | undefined, required: boolean): string {
  const text = toWellFormed((reason ?? '').trim());
  if (required && !text) throw new CommandError('Say why you withdraw this check-in.', 'reason');
  if (text.length > 2000) throw new CommandError('The reason is too long (at most 2,000 characters).', 'reason');
  return text;
}

/**
 * Corrects the author's own check-in by appending a record that supersedes it:
 * the original stays, keeps its time, and its new values count from now on
 * (shared/queries/checkInHistory.ts). Learning check-ins are withdrawn, not corrected.
 */
export function correctCheckIn(ctx: CommandContext, checkInId: string, input: CheckInCorrection): string {
  const entry = revisable(ctx, checkInId, 'correct');
  const kr = requireEntity(rootMap(ctx.doc, 'keyResults'), entry.original.keyResultId, 'key result');
  if (kr.get('kind') === 'learning') throw new CommandError('Answers cannot be corrected: withdraw this check-in and record a new one with the right answers.');
  const measure = checkedMeasure(input.value, input.confidence, input.note);
  const was = entry.effective;
  if (measure.value === was.value && measure.confidence === was.confidence && measure.note === was.note) {
    throw new CommandError('Nothing to correct: the value, confidence and note are as they were.');
  }
  const reason = checkedReason(input.reason, false);
  const record: CheckIn = { id: newId(), keyResultId: was.keyResultId, ...measure, author: ctx.actor, at: revisionTime(ctx, entry), corrects: checkInId };
  if (reason) record.reason = reason;
  return append(ctx, record);
}

/** Withdraws the author's own check-in (it no longer counts), with the reason, by appending a record. */
export function withdrawCheckIn(ctx: CommandContext, checkInId: string, reason: string): string {
  const entry = revisable(ctx, checkInId, 'withdraw');
  const { value, confidence, note, keyResultId } = entry.effective;
  const at = revisionTime(ctx, entry);
  const record: CheckIn = { id: newId(), keyResultId, value, confidence, note, author: ctx.actor, at, corrects: checkInId, withdrawn: true, reason: checkedReason(reason, true) };
  return append(ctx, record);
}
