import * as Y from 'yjs';
import { newId } from '../ids';
import { orderAtEnd, type Ordered } from '../order';
import type { Question } from '../schema/types';
import { toWellFormed } from '../text';
import { CommandError, transact, type CommandContext } from './context';
import { liveOrders, mapOf, requireEntity } from './entities';
import { rootMap } from '../schema/roots';

/*
 * Questions (or hypotheses) of a learning KR. Each is a Y.Map of plain values,
 * inserted whole: the text (short: last writer wins) and the soft delete are
 * separate keys, so rewording and deleting at once on two devices keep both.
 * Check-ins answer them by id.
 */

const MAX_QUESTION_LENGTH = 2_000;

/** A question's text, trimmed and checked (exported so a learning KR's questions are checked before anything is written). */
export function checkQuestionText(text: string): string {
  const value = toWellFormed(text.trim());
  if (!value) throw new CommandError('A question needs some text.');
  if (value.length > MAX_QUESTION_LENGTH) throw new CommandError(`The question is too long (at most ${MAX_QUESTION_LENGTH.toLocaleString('en')} characters).`);
  return value;
}

/** Adds questions at the end of a KR's list, in one transaction. Returns their ids. */
export function addQuestions(ctx: CommandContext, keyResultId: string, texts: readonly string[]): string[] {
  requireEntity(rootMap(ctx.doc, 'keyResults'), keyResultId, 'key result');
  const checked = texts.map(checkQuestionText);
  const siblings: Ordered[] = liveOrders(rootMap(ctx.doc, 'questions'), (q) => q.get('keyResultId') === keyResultId);
  const ids: string[] = [];
  transact(ctx, () => {
    for (const text of checked) {
      const id = newId();
      const order = orderAtEnd(siblings);
      siblings.push({ id, order });
      rootMap(ctx.doc, 'questions').set(id, questionEntity({ id, keyResultId, text, order, createdAt: ctx.now(), createdBy: ctx.actor, deletedAt: null }));
      ids.push(id);
    }
  });
  return ids;
}

/** A question as the Y.Map it is stored as, built whole before it is inserted. */
export function questionEntity(question: Question): Y.Map<unknown> {
  return mapOf({ ...question });
}

function requireQuestion(ctx: CommandContext, id: string): Y.Map<unknown> {
  const entity = rootMap(ctx.doc, 'questions').get(id);
  if (!(entity instanceof Y.Map)) throw new CommandError('That question no longer exists.');
  return entity;
}

export function editQuestion(ctx: CommandContext, id: string, text: string): void {
  const entity = requireQuestion(ctx, id);
  const value = checkQuestionText(text);
  if (value === entity.get('text')) return;
  transact(ctx, () => entity.set('text', value));
}

export function deleteQuestion(ctx: CommandContext, id: string): void {
  const entity = requireQuestion(ctx, id);
  if (entity.get('deletedAt') != null) return;
  transact(ctx, () => entity.set('deletedAt', ctx.now()));
}
