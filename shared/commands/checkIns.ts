import { newId } from '../ids';
import { toWellFormed } from '../text';
import { checkInsMap, keyResultsMap } from '../schema/doc';
import { checkInSchema } from '../schema/read';
import type { CheckIn } from '../schema/types';
import { CommandError, transact, type CommandContext } from './context';
import { requireEntity } from './entities';

export interface NewCheckIn {
  value: number;
  confidence?: number | null;
  note?: string;
}

/**
 * Appends an immutable check-in. The KR's current value is derived from its
 * latest check-in; nothing is overwritten, so concurrent offline check-ins
 * from two people both survive a merge.
 */
export function recordCheckIn(ctx: CommandContext, keyResultId: string, input: NewCheckIn): string {
  requireEntity(keyResultsMap(ctx.doc), keyResultId, 'key result');
  if (!Number.isFinite(input.value)) throw new CommandError('A check-in needs a number.');
  const confidence = input.confidence ?? null;
  if (confidence !== null && (!Number.isInteger(confidence) || confidence < 0 || confidence > 10)) {
    throw new CommandError('Confidence is a whole number from 0 to 10.');
  }
  const note = toWellFormed((input.note ?? '').trim());
  if (note.length > 2000) throw new CommandError('The note is too long (at most 2,000 characters).');
  const record: CheckIn = { id: newId(), keyResultId, value: input.value, confidence, note, author: ctx.actor, at: ctx.now() };
  const checked = checkInSchema.safeParse(record);
  if (!checked.success) throw new CommandError(`This check-in cannot be stored: ${checked.error.issues[0]?.message ?? 'invalid'}.`);
  transact(ctx, () => checkInsMap(ctx.doc).set(record.id, record));
  return record.id;
}
