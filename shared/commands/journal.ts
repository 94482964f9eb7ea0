import * as Y from 'yjs';
import { isCalendarDate, localDateOf } from '../dates';
import { newId } from '../ids';
import { periodStartOf } from '../queries/journal';
import { JOURNAL_TEXT_FIELDS, type JournalTextField } from '../schema/doc';
import { MAX_JOURNAL_LINKS } from '../schema/read';
import { JOURNAL_PERIODS, type JournalLinkKind, type JournalPeriod } from '../schema/types';
import { toWellFormed } from '../text';
import { CommandError, transact, type CommandContext } from './context';
import { MAX_TEXT_LENGTH, editText, mapOf, requireEntity, restore, softDelete } from './entities';
import { rootMap } from '../schema/roots';

/*
 * The personal journal: dated reflections that answer three prompts and link
 * to the KRs, check-ins and decisions they are about. Links live in a nested
 * Y.Map (id → kind) created with the entry, so links made on two devices merge.
 */

export interface JournalPrompt {
  field: JournalTextField;
  label: string;
  hint: string;
}

/** The three prompts of a reflection, in the order they are asked. */
export const JOURNAL_PROMPTS: readonly JournalPrompt[] = [
  { field: 'moved', label: 'What moved?', hint: 'The numbers, work and people that changed since the last reflection.' },
  { field: 'learned', label: 'What did I learn?', hint: 'What surprised you, and what it says about your key results.' },
  { field: 'next', label: 'What do I decide next?', hint: 'One or two choices for the coming period: persevere, change course or stop.' },
];

const labelOf = (field: JournalTextField) => JOURNAL_PROMPTS.find((p) => p.field === field)?.label ?? field;

/** Every journal command runs in a journal only: a team workspace has no private reflections. */
function requireJournal(ctx: CommandContext): void {
  if (rootMap(ctx.doc, 'meta').get('kind') !== 'journal') {
    throw new CommandError('Reflections belong in a personal journal; open or create one to write them.');
  }
}

export interface NewJournalEntry {
  /** The day it is for (YYYY-MM-DD); this period's by default. A weekly entry's date becomes its week's Monday. */
  date?: string;
  /** Weekly unless said otherwise. */
  period?: JournalPeriod;
  moved?: string;
  learned?: string;
  next?: string;
}

function checkPeriod(period: JournalPeriod): JournalPeriod {
  if (!JOURNAL_PERIODS.includes(period)) throw new CommandError('Choose a week or a day for the reflection.', 'period');
  return period;
}

/** The entry's day: the given one or today, moved to the start of its period, so one week's entries share a date. */
function entryDate(ctx: CommandContext, date: string | undefined, period: JournalPeriod): string {
  // A form's date field gives '' until a whole day is chosen: the message names the field, not a format.
  if (date !== undefined && !isCalendarDate(date)) throw new CommandError('Choose the day this reflection is for.', 'date');
  return periodStartOf(date ?? localDateOf(ctx.now()), period);
}

function checkPromptText(field: JournalTextField, text: string): string {
  if (text.length > MAX_TEXT_LENGTH) {
    const over = text.length - MAX_TEXT_LENGTH;
    const characters = over === 1 ? '1 character' : `${over.toLocaleString('en')} characters`;
    throw new CommandError(`The answer to “${labelOf(field)}” is too long: ${characters} over the ${MAX_TEXT_LENGTH.toLocaleString('en')} allowed.`, field);
  }
  return toWellFormed(text);
}

/** Adds a reflection, built whole (texts and links map included) before it is inserted. Returns its id. */
export function addJournalEntry(ctx: CommandContext, input: NewJournalEntry = {}): string {
  requireJournal(ctx);
  const period = checkPeriod(input.period ?? 'week');
  const date = entryDate(ctx, input.date, period);
  const id = newId();
  const entry = mapOf({ id, date, period, createdAt: ctx.now(), createdBy: ctx.actor, deletedAt: null, deletedBy: null });
  for (const field of JOURNAL_TEXT_FIELDS) entry.set(field, new Y.Text(checkPromptText(field, input[field] ?? '')));
  entry.set('links', new Y.Map<JournalLinkKind>());
  transact(ctx, () => rootMap(ctx.doc, 'journalEntries').set(id, entry));
  return id;
}

function requireJournalEntry(ctx: CommandContext, id: string): Y.Map<unknown> {
  requireJournal(ctx);
  return requireEntity(rootMap(ctx.doc, 'journalEntries'), id, 'reflection');
}

/** Edits one prompt's answer; with `previous` (what the person saw) a concurrent edit elsewhere in the text survives. */
export function editJournalText(ctx: CommandContext, id: string, field: JournalTextField, next: string, previous?: string): void {
  const entry = requireJournalEntry(ctx, id);
  checkPromptText(field, next);
  editText(ctx, entry, field, next, previous);
}

/** What kind of entity an id names in this workspace, or null. */
function kindOfTarget(ctx: CommandContext, targetId: string): JournalLinkKind | null {
  if (rootMap(ctx.doc, 'keyResults').get(targetId) instanceof Y.Map) return 'keyResult';
  if (rootMap(ctx.doc, 'checkIns').has(targetId)) return 'checkIn';
  if (rootMap(ctx.doc, 'decisions').has(targetId)) return 'decision';
  return null;
}

function linksOf(entry: Y.Map<unknown>): Y.Map<unknown> {
  const links = entry.get('links');
  if (!(links instanceof Y.Map)) throw new CommandError('The links of this reflection are damaged in this journal.');
  return links;
}

/** Links an entry to a key result, check-in or decision of this journal (deleted ones included, like an initiative's links). */
export function linkJournalEntry(ctx: CommandContext, entryId: string, targetId: string): void {
  const links = linksOf(requireJournalEntry(ctx, entryId));
  const kind = kindOfTarget(ctx, targetId);
  if (kind === null) throw new CommandError('That key result, check-in or decision no longer exists.', 'links');
  if (links.get(targetId) === kind) return;
  // The reader refuses more: an entry must never become unreadable.
  if (!links.has(targetId) && links.size >= MAX_JOURNAL_LINKS) throw new CommandError(`A reflection can link at most ${MAX_JOURNAL_LINKS.toLocaleString('en')} items: unlink one first.`, 'links');
  transact(ctx, () => links.set(targetId, kind));
}

export function unlinkJournalEntry(ctx: CommandContext, entryId: string, targetId: string): void {
  const links = linksOf(requireJournalEntry(ctx, entryId));
  if (!links.has(targetId)) return;
  transact(ctx, () => links.delete(targetId));
}

export function deleteJournalEntry(ctx: CommandContext, id: string): void {
  softDelete(ctx, requireJournalEntry(ctx, id));
}

export function restoreJournalEntry(ctx: CommandContext, id: string): void {
  restore(ctx, requireJournalEntry(ctx, id));
}
