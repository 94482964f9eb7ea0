import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CommandError } from '../../shared/commands/context';
import {
  addInitiative,
  deleteInitiative,
  editInitiativeText,
  linkInitiative,
  restoreInitiative,
  setInitiativeFocusWeek,
  setInitiativeKind,
  setInitiativeOwner,
  setInitiativeStatus,
} from '../../shared/commands/initiatives';
import { addKeyResult, deleteKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { isoWeekOf } from '../../shared/dates';
import { initiativesOf, keyResultsWithoutWork, unlinkedWork, weeklyFocus } from '../../shared/queries/work';
import { readWorkspace, type WorkspaceSnapshot } from '../../shared/schema/read';
import type { InitiativeKind, InitiativeStatus } from '../../shared/schema/types';
import { newCycleWorkspace } from './issue4Fixtures';
import { rootMap } from '../../shared/schema/roots';

function workspaceWithKeyResults(count = 3) {
  const ws = newCycleWorkspace();
  const objective = addObjective(ws.ctx, { title: 'O' });
  const krs = Array.from({ length: count }, (_, i) => addKeyResult(ws.ctx, objective, { title: `KR ${i + 1}`, kind: 'milestone' }));
  return { ...ws, krs };
}

const liveKeyResults = (snapshot: WorkspaceSnapshot) => [...snapshot.keyResults.values()].filter((kr) => kr.deletedAt === null).sort((a, b) => (a.order < b.order ? -1 : 1));
const liveKeyResultIds = (snapshot: WorkspaceSnapshot) => new Set(liveKeyResults(snapshot).map((kr) => kr.id));
const initiative = (snapshot: WorkspaceSnapshot, id: string) => snapshot.initiatives.get(id);

describe('initiative commands', () => {
  it('adds an initiative with its links, planned activity by default, at the end of the list', () => {
    const { doc, ctx, clock, krs } = workspaceWithKeyResults();
    const first = addInitiative(ctx, { title: 'Interview five teams' });
    const second = addInitiative(ctx, { title: '  Ship the guide  ', kind: 'deliverable', owner: 'Ben', keyResultIds: [krs[1]!, krs[0]!] });
    const snapshot = readWorkspace(doc);
    expect(snapshot.problems).toEqual([]);
    expect(initiative(snapshot, second)).toEqual({
      id: second,
      title: 'Ship the guide',
      description: '',
      kind: 'deliverable',
      owner: 'Ben',
      status: 'planned',
      focusWeek: null,
      keyResultIds: [krs[0]!, krs[1]!].sort(),
      order: initiative(snapshot, second)?.order,
      createdAt: clock.t,
      createdBy: 'Ana',
      carriedFrom: null,
      deletedAt: null,
      deletedBy: null,
    });
    expect(initiative(snapshot, first)).toMatchObject({ kind: 'activity', status: 'planned', keyResultIds: [] });
    expect(initiative(snapshot, first)!.order < initiative(snapshot, second)!.order).toBe(true);
  });

  it('refuses work without a name, of an unknown kind or status, or linked to a KR that does not exist, storing nothing', () => {
    const { doc, ctx } = workspaceWithKeyResults();
    expect(() => addInitiative(ctx, { title: '   ' })).toThrow('Name the work: what will the team do?');
    expect(() => addInitiative(ctx, { title: 'x', kind: 'chore' as InitiativeKind })).toThrow(CommandError);
    expect(() => addInitiative(ctx, { title: 'x', status: 'someday' as InitiativeStatus })).toThrow(CommandError);
    expect(() => addInitiative(ctx, { title: 'x', keyResultIds: ['nosuchkr'] })).toThrow(CommandError);
    expect(readWorkspace(doc).initiatives.size).toBe(0);
  });

  it('links and unlinks key results', () => {
    const { doc, ctx, krs } = workspaceWithKeyResults();
    const id = addInitiative(ctx, { title: 'Run the experiment', kind: 'experiment' });
    linkInitiative(ctx, id, krs[2]!, true);
    linkInitiative(ctx, id, krs[0]!, true);
    expect(initiative(readWorkspace(doc), id)?.keyResultIds).toEqual([krs[0]!, krs[2]!].sort());
    linkInitiative(ctx, id, krs[2]!, false);
    linkInitiative(ctx, id, krs[1]!, false); // never linked: nothing to do
    expect(initiative(readWorkspace(doc), id)?.keyResultIds).toEqual([krs[0]]);
  });

  it('refuses a link to a missing key result but may unlink one', () => {
    const { doc, ctx, krs } = workspaceWithKeyResults();
    const id = addInitiative(ctx, { title: 'w', keyResultIds: [krs[0]!] });
    expect(() => linkInitiative(ctx, id, 'nosuchkr', true)).toThrow(CommandError);
    (rootMap(doc, 'initiatives').get(id)?.get('keyResultIds') as Y.Map<boolean>).set('ghostkr', true);
    linkInitiative(ctx, id, 'ghostkr', false);
    expect(initiative(readWorkspace(doc), id)?.keyResultIds).toEqual([krs[0]]);
  });

  it('changes status, kind, owner and text, refusing unknown values', () => {
    const { doc, ctx } = workspaceWithKeyResults();
    const id = addInitiative(ctx, { title: 'w' });
    setInitiativeStatus(ctx, id, 'active');
    setInitiativeKind(ctx, id, 'experiment');
    setInitiativeOwner(ctx, id, ' Chloé ');
    editInitiativeText(ctx, id, 'description', 'Two weeks, five teams');
    expect(initiative(readWorkspace(doc), id)).toMatchObject({ status: 'active', kind: 'experiment', owner: 'Chloé', description: 'Two weeks, five teams' });
    expect(() => setInitiativeStatus(ctx, id, 'paused' as InitiativeStatus)).toThrow(CommandError);
    expect(() => setInitiativeKind(ctx, id, 'chore' as InitiativeKind)).toThrow(CommandError);
  });

  it('sets and clears the focus week, refusing anything that is not YYYY-Www', () => {
    const { doc, ctx } = workspaceWithKeyResults();
    const id = addInitiative(ctx, { title: 'w' });
    setInitiativeFocusWeek(ctx, id, '2026-W03');
    expect(initiative(readWorkspace(doc), id)?.focusWeek).toBe('2026-W03');
    for (const week of ['2026-3', '2026-W3', '2026W03', ' 2026-W03']) expect(() => setInitiativeFocusWeek(ctx, id, week)).toThrow('A focus week looks like 2026-W48.');
    setInitiativeFocusWeek(ctx, id, null);
    expect(initiative(readWorkspace(doc), id)?.focusWeek).toBeNull();
  });

  it('deletes softly, recording who, and restores', () => {
    const { doc, ctx, clock } = workspaceWithKeyResults();
    const id = addInitiative(ctx, { title: 'w' });
    clock.t += 5_000;
    deleteInitiative(ctx, id);
    expect(initiative(readWorkspace(doc), id)).toMatchObject({ deletedAt: clock.t, deletedBy: 'Ana' });
    restoreInitiative(ctx, id);
    expect(initiative(readWorkspace(doc), id)).toMatchObject({ deletedAt: null, deletedBy: null });
  });

  it('refuses to act on an initiative that does not exist', () => {
    const { ctx } = workspaceWithKeyResults();
    expect(() => setInitiativeStatus(ctx, 'nosuchwork', 'done')).toThrow('That initiative no longer exists.');
    expect(() => deleteInitiative(ctx, 'nosuchwork')).toThrow(CommandError);
  });
});

describe('work queries', () => {
  it('lists live work that supports no live key result, in order: no links, a deleted KR, a missing KR', () => {
    const { doc, ctx, krs } = workspaceWithKeyResults();
    const none = addInitiative(ctx, { title: 'No links' });
    const toDeleted = addInitiative(ctx, { title: 'Linked to a deleted KR', keyResultIds: [krs[1]!] });
    addInitiative(ctx, { title: 'Linked to a live KR', keyResultIds: [krs[0]!] });
    addInitiative(ctx, { title: 'Live and deleted links', keyResultIds: [krs[0]!, krs[1]!] });
    const toMissing = addInitiative(ctx, { title: 'Linked to a KR no one has' });
    (rootMap(doc, 'initiatives').get(toMissing)?.get('keyResultIds') as Y.Map<boolean>).set('ghostkr', true); // as a peer could
    deleteKeyResult(ctx, krs[1]!);
    const snapshot = readWorkspace(doc);
    expect(unlinkedWork(snapshot.initiatives.values(), liveKeyResultIds(snapshot)).map((i) => i.id)).toEqual([none, toDeleted, toMissing]);
  });

  it('leaves dropped and deleted work out of the unlinked list, but not done work', () => {
    const { doc, ctx } = workspaceWithKeyResults();
    const dropped = addInitiative(ctx, { title: 'Dropped' });
    setInitiativeStatus(ctx, dropped, 'dropped');
    deleteInitiative(ctx, addInitiative(ctx, { title: 'Deleted' }));
    const done = addInitiative(ctx, { title: 'Done', status: 'done' });
    const snapshot = readWorkspace(doc);
    expect(unlinkedWork(snapshot.initiatives.values(), liveKeyResultIds(snapshot)).map((i) => i.id)).toEqual([done]);
  });

  it('lists the key results no live, undropped initiative works on, in the order given', () => {
    const { doc, ctx, krs } = workspaceWithKeyResults(4);
    addInitiative(ctx, { title: 'Active', status: 'active', keyResultIds: [krs[0]!] });
    addInitiative(ctx, { title: 'Dropped', status: 'dropped', keyResultIds: [krs[1]!] });
    deleteInitiative(ctx, addInitiative(ctx, { title: 'Deleted', keyResultIds: [krs[2]!] }));
    addInitiative(ctx, { title: 'Done', status: 'done', keyResultIds: [krs[3]!] });
    const snapshot = readWorkspace(doc);
    expect(keyResultsWithoutWork(liveKeyResults(snapshot), snapshot.initiatives.values()).map((kr) => kr.id)).toEqual([krs[1], krs[2]]);
  });

  it('lists the live initiatives of a key result, in order', () => {
    const { doc, ctx, krs } = workspaceWithKeyResults();
    const a = addInitiative(ctx, { title: 'A', keyResultIds: [krs[0]!] });
    addInitiative(ctx, { title: 'B', keyResultIds: [krs[1]!] });
    const c = addInitiative(ctx, { title: 'C', status: 'dropped', keyResultIds: [krs[0]!, krs[1]!] });
    deleteInitiative(ctx, addInitiative(ctx, { title: 'D', keyResultIds: [krs[0]!] }));
    expect(initiativesOf(krs[0]!, readWorkspace(doc).initiatives.values()).map((i) => i.id)).toEqual([a, c]);
  });

  it('groups this week’s focus by key result, leaving out other weeks, dropped and deleted work', () => {
    const { doc, ctx, krs } = workspaceWithKeyResults();
    const focus = (title: string, week: string | null, keyResultIds: string[]) => {
      const id = addInitiative(ctx, { title, keyResultIds });
      setInitiativeFocusWeek(ctx, id, week);
      return id;
    };
    const thisWeek = focus('This week', '2026-W03', [krs[0]!]);
    focus('Next week', '2026-W04', [krs[0]!]);
    focus('No week', null, [krs[0]!]);
    setInitiativeStatus(ctx, focus('Dropped', '2026-W03', [krs[0]!, krs[1]!]), 'dropped');
    deleteInitiative(ctx, focus('Deleted', '2026-W03', [krs[1]!]));
    const shared = focus('Both KRs', '2026-W03', [krs[0]!, krs[1]!]);
    const snapshot = readWorkspace(doc);
    const plan = weeklyFocus(liveKeyResults(snapshot), snapshot.initiatives.values(), '2026-W03');
    expect(plan.map((p) => [p.keyResult.id, p.work.map((w) => w.id)])).toEqual([
      [krs[0], [thisWeek, shared]],
      [krs[1], [shared]],
      [krs[2], []],
    ]);
  });
});

describe('the ISO week of a moment (local calendar)', () => {
  // Noon local time: the same calendar day in every time zone the tests may run in.
  const noon = (year: number, month: number, date: number) => new Date(year, month - 1, date, 12).getTime();

  it.each([
    [2026, 1, 1, '2026-W01'], // a Thursday: week 1 of its own year
    [2027, 1, 1, '2026-W53'], // a Friday: still the last week of 2026, which has 53
    [2024, 12, 30, '2025-W01'], // a Monday: the first week of 2025
    [2021, 1, 3, '2020-W53'], // a Sunday: the end of 2020's week 53
    [2026, 12, 31, '2026-W53'],
    [2026, 1, 15, '2026-W03'],
    [2026, 1, 19, '2026-W04'], // a Monday starts the next week
  ])('%i-%i-%i is %s', (year, month, date, week) => {
    expect(isoWeekOf(noon(year, month, date))).toBe(week);
  });

  it('treats the first and last moments of a local day alike', () => {
    expect(isoWeekOf(new Date(2026, 0, 18, 0, 0, 0, 0).getTime())).toBe('2026-W03');
    expect(isoWeekOf(new Date(2026, 0, 18, 23, 59, 59, 999).getTime())).toBe('2026-W03');
  });
});
