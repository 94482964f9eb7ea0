import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { CommandError, localContext, type CommandContext } from '../../shared/commands/context';
import { recordDecision } from '../../shared/commands/decisions';
import {
  JOURNAL_PROMPTS,
  addJournalEntry,
  deleteJournalEntry,
  editJournalText,
  linkJournalEntry,
  restoreJournalEntry,
  unlinkJournalEntry,
} from '../../shared/commands/journal';
import { addKeyResult, deleteKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { initWorkspace } from '../../shared/commands/workspace';
import { workspaceToJson } from '../../shared/format/json';
import { mondayOf } from '../../shared/dates';
import { dueReflection, journalTimeline, searchJournal } from '../../shared/queries/journal';
import { dateWordsFor } from '../../shared/dateWords';
import { readWorkspace } from '../../shared/schema/read';
import { createUndoManager } from '../../shared/undo';
import { newWorkspace } from '../support/workspace';
import { rootMap } from '../../shared/schema/roots';

const EN_US = dateWordsFor('en-US');

/** The field a refused command names, for the form to show its message under. */
function refusalField(command: () => unknown): string | null {
  try {
    command();
  } catch (error) {
    if (error instanceof CommandError) return error.field;
    throw error;
  }
  throw new Error('the command was not refused');
}

/** A moment in local time, so "today" and "this week" do not depend on the machine's time zone. */
const local = (month: number, date: number, hour = 12) => new Date(2026, month - 1, date, hour).getTime();
/** Wednesday 11 March 2026; its ISO week starts on Monday the 9th. */
const WEDNESDAY = local(3, 11);

function newJournal(actor = 'Ana', id = 'ws-journal-0001') {
  const doc = new Y.Doc();
  const clock = { t: WEDNESDAY };
  const ctx = localContext(doc, actor, () => clock.t);
  initWorkspace(ctx, { id, title: 'My journal', kind: 'journal', cycleStart: '2026-01-01', cycleEnd: '2026-03-31' });
  return { doc, ctx, clock };
}

function replicaOf(doc: Y.Doc, actor: string): { doc: Y.Doc; ctx: CommandContext } {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return { doc: copy, ctx: localContext(copy, actor, () => WEDNESDAY) };
}

function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB, 'remote');
  Y.applyUpdate(a, toA, 'remote');
}

const entryOf = (doc: Y.Doc, id: string) => readWorkspace(doc).journalEntries.get(id);

/** A journal with one objective, a metric KR and a check-in on it. */
function journalWithOkr() {
  const journal = newJournal();
  const objective = addObjective(journal.ctx, { title: 'Become a better coach' });
  const kr = addKeyResult(journal.ctx, objective, { title: 'Hold 1:1s every week', kind: 'output', output: { target: 12, unit: '1:1s' } });
  journal.clock.t = local(3, 10);
  const checkIn = recordCheckIn(journal.ctx, kr, { value: 3, note: 'Skipped Friday’s café meeting' });
  journal.clock.t = WEDNESDAY;
  return { ...journal, objective, kr, checkIn };
}

describe('journal entries', () => {
  it('defaults to a weekly reflection dated the Monday of this week, with the three prompts empty and no links', () => {
    const { doc, ctx } = newJournal();
    const id = addJournalEntry(ctx);
    expect(entryOf(doc, id)).toEqual({
      id,
      date: '2026-03-09',
      period: 'week',
      moved: '',
      learned: '',
      next: '',
      links: [],
      createdAt: WEDNESDAY,
      createdBy: 'Ana',
      deletedAt: null,
      deletedBy: null,
    });
  });

  it('dates a daily reflection today, and a weekly one given any day at that week’s Monday', () => {
    const { doc, ctx } = newJournal();
    const daily = addJournalEntry(ctx, { period: 'day', moved: 'Shipped the draft' });
    const weekly = addJournalEntry(ctx, { date: '2026-03-01' }); // a Sunday
    expect(entryOf(doc, daily)).toMatchObject({ date: '2026-03-11', period: 'day', moved: 'Shipped the draft' });
    expect(entryOf(doc, weekly)?.date).toBe('2026-02-23');
  });

  it('refuses an impossible date and any workspace that is not a journal', () => {
    const { ctx } = newJournal();
    expect(() => addJournalEntry(ctx, { date: '2026-02-30' })).toThrow(new CommandError('Choose the day this reflection is for.', 'date'));
    expect(refusalField(() => addJournalEntry(ctx, { date: '' }))).toBe('date');
    expect(() => addJournalEntry(newWorkspace().ctx)).toThrow('personal journal');
  });

  it('edits a prompt’s answer in place through the shared text editing', () => {
    const { doc, ctx } = newJournal();
    const id = addJournalEntry(ctx, { learned: 'Listening' });
    editJournalText(ctx, id, 'learned', 'Listening first', 'Listening');
    expect(entryOf(doc, id)?.learned).toBe('Listening first');
    expect(rootMap(doc, 'journalEntries').get(id)?.get('learned')).toBeInstanceOf(Y.Text);
  });

  it('names the prompt when an answer is too long', () => {
    const { ctx } = newJournal();
    const id = addJournalEntry(ctx);
    expect(() => editJournalText(ctx, id, 'next', 'x'.repeat(100_001))).toThrow('“What do I decide next?” is too long: 1 character over the 100,000 allowed.');
    // The form shows it under that prompt (CommandError.field).
    expect(refusalField(() => editJournalText(ctx, id, 'next', 'x'.repeat(100_001)))).toBe('next');
  });

  it('offers the three prompts in order, each with a hint', () => {
    expect(JOURNAL_PROMPTS.map((p) => [p.field, p.label])).toEqual([
      ['moved', 'What moved?'],
      ['learned', 'What did I learn?'],
      ['next', 'What do I decide next?'],
    ]);
    expect(JOURNAL_PROMPTS.every((p) => p.hint.length > 0 && !p.hint.includes('\n'))).toBe(true);
  });

  it('links to a key result, a check-in and a decision, recording what each is, and unlinks', () => {
    const { doc, ctx, kr, checkIn } = journalWithOkr();
    const decision = recordDecision(ctx, { kind: 'persevere', rationale: 'Keep the rhythm', keyResultIds: [kr] });
    const id = addJournalEntry(ctx);
    for (const target of [kr, checkIn, decision]) linkJournalEntry(ctx, id, target);
    const expected = [
      { id: kr, kind: 'keyResult' },
      { id: checkIn, kind: 'checkIn' },
      { id: decision, kind: 'decision' },
    ].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(entryOf(doc, id)?.links).toEqual(expected);
    unlinkJournalEntry(ctx, id, checkIn);
    expect(entryOf(doc, id)?.links.map((l) => l.id)).not.toContain(checkIn);
  });

  it('refuses a link to something that does not exist', () => {
    const { ctx } = newJournal();
    const id = addJournalEntry(ctx);
    expect(() => linkJournalEntry(ctx, id, 'nothing-here')).toThrow('no longer exists');
    expect(refusalField(() => linkJournalEntry(ctx, id, 'nothing-here'))).toBe('links');
  });

  it('deletes softly and restores', () => {
    const { doc, ctx } = newJournal();
    const id = addJournalEntry(ctx);
    deleteJournalEntry(ctx, id);
    expect(entryOf(doc, id)).toMatchObject({ deletedAt: WEDNESDAY, deletedBy: 'Ana' });
    restoreJournalEntry(ctx, id);
    expect(entryOf(doc, id)).toMatchObject({ deletedAt: null, deletedBy: null });
  });

  it('lets Ctrl+Z undo writing an entry', () => {
    const { doc, ctx } = newJournal();
    const undo = createUndoManager(doc);
    const id = addJournalEntry(ctx);
    undo.undo();
    expect(entryOf(doc, id)).toBeUndefined();
  });
});

describe('journal entries on two devices', () => {
  it('merges typing in the same answer by character', () => {
    const { doc, ctx } = newJournal();
    const id = addJournalEntry(ctx, { moved: 'Revenue grew' });
    const laptop = replicaOf(doc, 'Ana');
    editJournalText(ctx, id, 'moved', 'Revenue grew fast', 'Revenue grew');
    editJournalText(laptop.ctx, id, 'moved', 'Our revenue grew', 'Revenue grew');
    exchange(doc, laptop.doc);
    expect(entryOf(doc, id)?.moved).toBe('Our revenue grew fast');
    expect(entryOf(laptop.doc, id)?.moved).toBe('Our revenue grew fast');
  });

  it('keeps the links made on both devices', () => {
    const { doc, ctx, kr, checkIn } = journalWithOkr();
    const id = addJournalEntry(ctx);
    const laptop = replicaOf(doc, 'Ana');
    linkJournalEntry(ctx, id, kr);
    linkJournalEntry(laptop.ctx, id, checkIn);
    exchange(doc, laptop.doc);
    expect(entryOf(doc, id)?.links.map((l) => l.id).sort()).toEqual([kr, checkIn].sort());
    expect(entryOf(laptop.doc, id)?.links).toEqual(entryOf(doc, id)?.links);
  });
});

describe('reading journal entries', () => {
  it('repairs malformed entries field by field (a bad link is skipped), skipping only what is not a map', () => {
    const { doc, ctx } = newJournal();
    const good = addJournalEntry(ctx);
    const entry = (fields: Record<string, unknown>, links: Record<string, unknown> = {}) => {
      const map = new Y.Map<unknown>();
      for (const [key, value] of Object.entries({ date: '2026-03-09', createdAt: 1, createdBy: 'x', ...fields })) map.set(key, value);
      const linkMap = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(links)) linkMap.set(key, value);
      map.set('links', linkMap);
      return map;
    };
    doc.transact(() => {
      const entries = rootMap(doc, 'journalEntries') as Y.Map<unknown>;
      entries.set('plain', { id: 'plain', date: '2026-03-09' });
      entries.set('badDate', entry({ id: 'badDate', date: '2026-13-01' }));
      entries.set('badLink', entry({ id: 'badLink' }, { [good]: 'initiative' }));
      entries.set('wrongId', entry({ id: 'other' }));
    });
    const snapshot = readWorkspace(doc);
    expect([...snapshot.journalEntries.keys()].sort()).toEqual([good, 'badDate', 'badLink', 'wrongId'].sort());
    expect(snapshot.journalEntries.get('badDate')?.date).toBe('1970-01-01');
    expect(snapshot.journalEntries.get('badLink')?.links).toEqual([]);
    expect(snapshot.problems.find((p) => p.id === 'badLink')?.field).toBe('links');
    expect(snapshot.problems.map((p) => `${p.map}:${p.id}`).sort()).toEqual([
      'journalEntries:badDate',
      'journalEntries:badLink',
      'journalEntries:plain',
      'journalEntries:wrongId',
    ]);
  });

  it('exports entries in the JSON, by date then id', () => {
    const { doc, ctx } = newJournal();
    const later = addJournalEntry(ctx);
    const earlier = addJournalEntry(ctx, { date: '2026-03-02' });
    const json = workspaceToJson(readWorkspace(doc));
    expect(json.journalEntries.map((e) => e.id)).toEqual([earlier, later]);
  });
});

describe('the journal timeline', () => {
  it('merges reflections and check-ins newest first, a week’s reflection above the check-ins of its week', () => {
    const { doc, ctx, clock, kr, checkIn } = journalWithOkr();
    const lastWeek = addJournalEntry(ctx, { date: '2026-03-02' });
    const thisWeek = addJournalEntry(ctx);
    const today = addJournalEntry(ctx, { period: 'day' });
    clock.t = local(3, 11, 15);
    const laterToday = recordCheckIn(ctx, kr, { value: 4 });
    const timeline = journalTimeline(readWorkspace(doc), EN_US);
    expect(timeline.map((i) => [i.type, i.id])).toEqual([
      ['entry', thisWeek],
      ['entry', today],
      ['checkIn', laterToday],
      ['checkIn', checkIn],
      ['entry', lastWeek],
    ]);
    expect(timeline[0]).toMatchObject({ title: 'Week of Mar 9, 2026', date: '2026-03-09' });
    expect(timeline[1]).toMatchObject({ title: 'Reflection on Mar 11, 2026', date: '2026-03-11' });
    expect(timeline[2]).toMatchObject({ title: 'Hold 1:1s every week', date: '2026-03-11', links: [{ id: kr, kind: 'keyResult', missing: false }] });
  });

  it.each([
    ['en-US', 'Week of Mar 9, 2026', 'Reflection on Mar 11, 2026'],
    ['en-GB', 'Week of 9 Mar 2026', 'Reflection on 11 Mar 2026'],
  ])('titles reflections in the reader locale (%s), in the timeline and in search hits', (locale, week, day) => {
    const { doc, ctx } = journalWithOkr();
    const weekly = addJournalEntry(ctx);
    const daily = addJournalEntry(ctx, { period: 'day' });
    editJournalText(ctx, weekly, 'learned', 'shared decisions');
    editJournalText(ctx, daily, 'learned', 'shared decisions');
    const dates = dateWordsFor(locale);
    const titles = journalTimeline(readWorkspace(doc), dates).map((i) => i.title);
    expect(titles).toEqual(expect.arrayContaining([week, day]));
    const hits = searchJournal(readWorkspace(doc), 'decisions', dates).map((h) => h.title);
    expect(hits.sort()).toEqual([week, day].sort());
    expect([...titles, ...hits].join(' ')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('leaves out deleted entries and the check-ins of a deleted key result', () => {
    const { doc, ctx, kr } = journalWithOkr();
    deleteJournalEntry(ctx, addJournalEntry(ctx));
    deleteKeyResult(ctx, kr);
    expect(journalTimeline(readWorkspace(doc), EN_US)).toEqual([]);
  });

  it('resolves links to titles and shows a dangling link as missing', () => {
    const { doc, ctx, kr, checkIn } = journalWithOkr();
    const id = addJournalEntry(ctx);
    linkJournalEntry(ctx, id, kr);
    linkJournalEntry(ctx, id, checkIn);
    // A peer's link to something this device never received.
    doc.transact(() => (rootMap(doc, 'journalEntries').get(id)?.get('links') as Y.Map<unknown>).set('gone-decision', 'decision'));
    const item = journalTimeline(readWorkspace(doc), EN_US).find((i) => i.id === id);
    expect(item?.links.map((l) => [l.id, l.title, l.missing]).sort()).toEqual(
      [
        [kr, 'Hold 1:1s every week', false],
        [checkIn, 'Check-in on Hold 1:1s every week', false],
        ['gone-decision', 'Missing decision', true],
      ].sort(),
    );
  });
});

describe('searching the journal', () => {
  function searchable() {
    const journal = journalWithOkr();
    const entry = addJournalEntry(journal.ctx, {
      moved: 'The team finally agreed on the résumé template after a long discussion about hiring and onboarding.',
      learned: 'Écouter avant de parler.',
    });
    return { ...journal, entry, snapshot: readWorkspace(journal.doc) };
  }

  it('ignores case and accents, both ways', () => {
    const { snapshot, entry, checkIn } = searchable();
    expect(searchJournal(snapshot, 'RESUME', EN_US).map((h) => [h.id, h.field])).toEqual([[entry, 'moved']]);
    expect(searchJournal(snapshot, 'ecouter', EN_US).map((h) => [h.id, h.field])).toEqual([[entry, 'learned']]);
    expect(searchJournal(snapshot, 'cafe', EN_US).map((h) => [h.type, h.id, h.field])).toEqual([['checkIn', checkIn, 'note']]);
  });

  it('finds only items where every word appears, in any of their fields', () => {
    const { snapshot, entry } = searchable();
    expect(searchJournal(snapshot, 'résumé parler', EN_US).map((h) => h.id)).toEqual([entry]);
    expect(searchJournal(snapshot, 'résumé coach', EN_US)).toEqual([]);
  });

  it('searches objective and key result titles too', () => {
    const { snapshot, objective, kr } = searchable();
    expect(searchJournal(snapshot, 'coach', EN_US).map((h) => [h.type, h.id, h.field])).toEqual([['objective', objective, 'title']]);
    expect(searchJournal(snapshot, '1:1s weekly every', EN_US).map((h) => h.id)).toEqual([]);
    expect(searchJournal(snapshot, 'every week', EN_US).map((h) => [h.type, h.id])).toEqual([['keyResult', kr]]);
  });

  it('finds nothing for no match or an empty query', () => {
    const { snapshot } = searchable();
    expect(searchJournal(snapshot, 'zebra', EN_US)).toEqual([]);
    expect(searchJournal(snapshot, '   ', EN_US)).toEqual([]);
  });

  it('gives a short snippet around the first match, in the original text, cut between words and marked where it was cut', () => {
    const { snapshot } = searchable();
    expect(searchJournal(snapshot, 'onboarding résumé', EN_US)[0]?.snippet).toBe('The team finally agreed on the résumé template after a long discussion about…');
    expect(searchJournal(snapshot, 'hiring', EN_US)[0]?.snippet).toBe('…template after a long discussion about hiring and onboarding.');
  });
});

describe('the due reflection', () => {
  it('is this week’s Monday until a weekly entry for this week exists', () => {
    const { doc, ctx } = newJournal();
    expect(dueReflection(readWorkspace(doc), WEDNESDAY)).toBe('2026-03-09');
    addJournalEntry(ctx, { date: '2026-03-02' }); // last week's does not count
    expect(dueReflection(readWorkspace(doc), WEDNESDAY)).toBe('2026-03-09');
    const id = addJournalEntry(ctx);
    expect(dueReflection(readWorkspace(doc), WEDNESDAY)).toBeNull();
    deleteJournalEntry(ctx, id);
    expect(dueReflection(readWorkspace(doc), WEDNESDAY)).toBe('2026-03-09');
  });

  it('is today for a daily rhythm, and next week’s Monday once the week turns', () => {
    const { doc, ctx } = newJournal();
    addJournalEntry(ctx);
    expect(dueReflection(readWorkspace(doc), WEDNESDAY, 'day')).toBe('2026-03-11');
    expect(dueReflection(readWorkspace(doc), local(3, 16, 8))).toBe('2026-03-16');
  });

  it('is never due outside a journal', () => {
    expect(dueReflection(readWorkspace(newWorkspace().doc), WEDNESDAY)).toBeNull();
  });

  it('counts weeks from Monday, across a month and a year end', () => {
    expect(mondayOf('2026-03-01')).toBe('2026-02-23');
    expect(mondayOf('2026-03-09')).toBe('2026-03-09');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });
});
