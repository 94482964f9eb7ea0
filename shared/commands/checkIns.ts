import { newId } from '../ids';
import { toWellFormed } from '../text';
import { checkInsMap, keyResultsMap, questionsMap } from '../schema/doc';
import { checkInSchema, readCheckIn, readQuestion } from '../schema/read';
import { ANSWERS, type Answer, type CheckIn, type Question } from '../schema/types';
import { answeredCount, answersOf, questionsOf } from '../queries/progress';
import { CommandError, transact, type CommandContext } from './context';
import { requireEntity } from './entities';

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
  questionsMap(ctx.doc).forEach((raw, id) => {
    const read = readQuestion(id, raw);
    if (read.ok) all.push(read.value);
  });
  const history: CheckIn[] = [];
  checkInsMap(ctx.doc).forEach((raw, id) => {
    // Only this KR's check-ins are read (and validated): a workspace holds tens of thousands.
    if (!isRecordOf(raw, keyResultId)) return;
    const read = readCheckIn(id, raw);
    if (read.ok && read.value.keyResultId === keyResultId) history.push(read.value);
  });
  return { questions: questionsOf(keyResultId, all), history };
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
  const kr = requireEntity(keyResultsMap(ctx.doc), keyResultId, 'key result');
  const learning = kr.get('kind') === 'learning' ? checkAnswers(ctx, keyResultId, input.answers ?? {}) : null;
  const value = learning ? learning.value : input.value;
  if (!Number.isFinite(value)) throw new CommandError('A check-in needs a number.');
  const confidence = input.confidence ?? null;
  if (confidence !== null && (!Number.isInteger(confidence) || confidence < 0 || confidence > 10)) {
    throw new CommandError('Confidence is a whole number from 0 to 10.');
  }
  const note = toWellFormed((input.note ?? '').trim());
  if (note.length > 2000) throw new CommandError('The note is too long (at most 2,000 characters).');
  const record: CheckIn = { id: newId(), keyResultId, value, confidence, note, author: ctx.actor, at: ctx.now() };
  if (learning && Object.keys(learning.answers).length) record.answers = learning.answers;
  const checked = checkInSchema.safeParse(record);
  if (!checked.success) throw new CommandError(`This check-in cannot be stored: ${checked.error.issues[0]?.message ?? 'invalid'}.`);
  transact(ctx, () => checkInsMap(ctx.doc).set(record.id, record));
  return record.id;
}
