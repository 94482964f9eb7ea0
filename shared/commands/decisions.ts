import { newId } from '../ids';
import { firstProblem } from '../schema/readCommon';
import { readDecision } from '../schema/read';
import { DECISION_KINDS, type Decision, type DecisionKind } from '../schema/types';
import { toWellFormed } from '../text';
import { CommandError, transact, type CommandContext } from './context';
import { rootMap } from '../schema/roots';

export interface NewDecision {
  kind: DecisionKind;
  rationale: string;
  keyResultIds: readonly string[];
  checkInIds?: readonly string[];
  /** Keys of the signals this decision answers (and so closes). */
  signalKeys?: readonly string[];
}

const unique = (ids: readonly string[]) => [...new Set(ids)].sort();

/**
 * Records a decision — persevere, pivot, stop or escalate — with its rationale,
 * the KRs it affects and its evidence. Immutable once recorded: a later
 * decision supersedes it, nothing rewrites it.
 */
export function recordDecision(ctx: CommandContext, input: NewDecision): string {
  if (!DECISION_KINDS.includes(input.kind)) throw new CommandError(`Unknown decision "${String(input.kind)}".`);
  const rationale = toWellFormed(input.rationale.trim());
  if (!rationale) throw new CommandError('Say why: a decision needs its rationale.', 'rationale');
  if (rationale.length > 10_000) throw new CommandError('The rationale is too long (at most 10,000 characters).', 'rationale');
  const keyResultIds = unique(input.keyResultIds);
  if (keyResultIds.length === 0) throw new CommandError('Name at least one key result the decision affects.', 'keyResults');
  for (const id of keyResultIds) if (!rootMap(ctx.doc, 'keyResults').has(id)) throw new CommandError('A key result the decision names no longer exists.');
  const checkInIds = unique(input.checkInIds ?? []);
  for (const id of checkInIds) if (!rootMap(ctx.doc, 'checkIns').has(id)) throw new CommandError('A check-in the decision cites no longer exists.');
  const record: Decision = {
    id: newId(),
    kind: input.kind,
    rationale,
    keyResultIds,
    checkInIds,
    signalKeys: unique(input.signalKeys ?? []),
    author: ctx.actor,
    at: ctx.now(),
  };
  const checked = readDecision(record.id, record);
  const problem = firstProblem(checked);
  if (problem) throw new CommandError(`This decision cannot be stored: ${problem.message}.`);
  transact(ctx, () => rootMap(ctx.doc, 'decisions').set(record.id, record));
  return record.id;
}
