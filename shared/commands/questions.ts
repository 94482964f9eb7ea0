import { newId } from '../ids';
import { orderAtEnd, type Ordered } from '../order';
import { keyResultsMap, questionsMap } from '../schema/doc';
import type { Question } from '../schema/types';
import { toWellFormed } from '../text';
import { CommandError, transact, type CommandContext } from './context';
import { requireEntity } from './entities';

/*
 * Questions (or hypotheses) of a learning KR. Each is a small plain record,
 * replaced whole when edited (short text: last writer wins); check-ins answer
 * them by id.
 */

const MAX_QUESTION_LENGTH = 2_000;

function liveQuestionOrders(ctx: CommandContext, keyResultId: string): Ordered[] {
  const out: Ordered[] = [];
  questionsMap(ctx.doc).forEach((raw, id) => {
    const q = raw as Partial<Question> | null;
    if (q && typeof q === 'object' && q.keyResultId === keyResultId && typeof q.order === 'string' && q.deletedAt == null) out.push({ id, order: q.order });
  });
  return out;
}

/** A question's text, trimmed and checked (exported so a learning KR's questions are checked before anything is written). */
export function checkQuestionText(text: string): string {
  const value = toWellFormed(text.trim());
  if (!value) throw new CommandError('A question needs some text.');
  if (value.length > MAX_QUESTION_LENGTH) throw new CommandError(`The question is too long (at most ${MAX_QUESTION_LENGTH.toLocaleString('en')} characters).`);
  return value;
}

/** Adds questions at the end of a KR's list, in one transaction. Returns their ids. */
export function addQuestions(ctx: CommandContext, keyResultId: string, texts: readonly string[]): string[] {
  requireEntity(keyResultsMap(ctx.doc), keyResultId, 'key result');
  const checked = texts.map(checkQuestionText);
  const siblings = liveQuestionOrders(ctx, keyResultId);
  const ids: string[] = [];
  transact(ctx, () => {
    for (const text of checked) {
      const id = newId();
      const order = orderAtEnd(siblings);
      siblings.push({ id, order });
      const record: Question = { id, keyResultId, text, order, createdAt: ctx.now(), createdBy: ctx.actor, deletedAt: null };
      questionsMap(ctx.doc).set(id, record);
      ids.push(id);
    }
  });
  return ids;
}

function requireQuestion(ctx: CommandContext, id: string): Question {
  const raw = questionsMap(ctx.doc).get(id);
  if (!raw || typeof raw !== 'object') throw new CommandError('That question no longer exists.');
  return raw as Question;
}

export function editQuestion(ctx: CommandContext, id: string, text: string): void {
  const question = requireQuestion(ctx, id);
  const value = checkQuestionText(text);
  if (value === question.text) return;
  transact(ctx, () => questionsMap(ctx.doc).set(id, { ...question, text: value }));
}

export function deleteQuestion(ctx: CommandContext, id: string): void {
  const question = requireQuestion(ctx, id);
  if (question.deletedAt != null) return;
  transact(ctx, () => questionsMap(ctx.doc).set(id, { ...question, deletedAt: ctx.now() }));
}
