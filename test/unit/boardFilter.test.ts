import { describe, expect, it } from 'vitest';
import { addKeyResult } from '../../shared/commands/keyResults';
import { setKeyResultStatus, setObjectiveStatus } from '../../shared/commands/lifecycle';
import { addObjective } from '../../shared/commands/objectives';
import { NO_FILTER, boardView, ownersOf, type BoardFilter, type BoardHealth, type BoardLookups } from '../../shared/queries/boardFilter';
import { outlineOf } from '../../shared/queries/outline';
import { readWorkspace } from '../../shared/schema/read';
import { newWorkspace } from '../support/workspace';

const milestone = (title: string, owner = '') => ({ title, kind: 'milestone' as const, owner });

/** Two teams' objectives with owned KRs, some health known, one check-in due. */
function board() {
  const { doc, ctx, tick } = newWorkspace();
  const onboarding = addObjective(ctx, { title: 'Make onboarding delightful', owner: 'Ana', description: 'For new admins' });
  tick();
  const activeTeams = addKeyResult(ctx, onboarding, milestone('Weekly active teams', 'Ben'));
  tick();
  const setup = addKeyResult(ctx, onboarding, milestone('Setup under five minutes'));
  tick();
  const platform = addObjective(ctx, { title: 'Reliable platform', owner: 'Chen' });
  tick();
  const sso = addKeyResult(ctx, platform, milestone('SSO connectors delivered by Platform', 'Ana'));
  tick();
  const uptime = addKeyResult(ctx, platform, milestone('Uptime above 99.9%', 'Chen'));
  tick();
  const empty = addObjective(ctx, { title: 'Hire a designer', owner: 'Dee' });
  const outline = outlineOf(readWorkspace(doc));
  const teams: Record<string, string> = { [onboarding]: 'team-growth', [platform]: 'team-platform' };
  const health: Record<string, BoardHealth> = { [activeTeams]: 'at-risk', [setup]: 'on-track', [sso]: 'off-track' };
  const lookups: BoardLookups = {
    teamOf: (id) => teams[id] ?? null,
    teamName: (id) => ({ 'team-growth': 'Growth', 'team-platform': 'Platform' })[id] ?? id,
    healthOf: (id) => health[id] ?? null,
    dueThisWeek: (id) => id === uptime,
  };
  return { doc, ctx, outline, lookups, ids: { onboarding, activeTeams, setup, platform, sso, uptime, empty } };
}

const filter = (over: Partial<BoardFilter>): BoardFilter => ({ ...NO_FILTER, ...over });

describe('the board under a filter', () => {
  it('shows everything in one ungrouped list, in the team’s order, when nothing is set', () => {
    const { outline, lookups, ids } = board();
    const view = boardView(outline, NO_FILTER, lookups);
    expect(view.groups).toHaveLength(1);
    expect(view.groups[0]!.entries.map((e) => [e.objectiveId, e.keyResultIds])).toEqual([
      [ids.onboarding, [ids.activeTeams, ids.setup]],
      [ids.platform, [ids.sso, ids.uptime]],
      [ids.empty, []],
    ]);
    expect([view.hiddenObjectives, view.hiddenKeyResults]).toEqual([0, 0]);
  });

  it('keeps an objective when one of its key results matches, listing only that one and counting the rest as hidden', () => {
    const { outline, lookups, ids } = board();
    const view = boardView(outline, filter({ q: 'uptime' }), lookups);
    expect(view.groups[0]!.entries).toEqual([{ objectiveId: ids.platform, keyResultIds: [ids.uptime], hiddenKeyResults: 1 }]);
    expect([view.hiddenObjectives, view.hiddenKeyResults]).toEqual([2, 3]);
  });

  it('matches every word of the text in titles, descriptions and owner names, in any case, a KR taking its objective’s words', () => {
    const { outline, lookups, ids } = board();
    expect(boardView(outline, filter({ q: 'ADMINS setup' }), lookups).groups[0]!.entries).toEqual([
      { objectiveId: ids.onboarding, keyResultIds: [ids.setup], hiddenKeyResults: 1 },
    ]);
    expect(boardView(outline, filter({ q: 'dee' }), lookups).groups[0]!.entries).toEqual([{ objectiveId: ids.empty, keyResultIds: [], hiddenKeyResults: 0 }]);
  });

  it('keeps an objective that matches on its own even when none of its key results does', () => {
    const { outline, lookups, ids } = board();
    const view = boardView(outline, filter({ owner: 'Chen', status: 'active' }), lookups);
    // Chen owns the platform objective and its uptime KR; the SSO KR is Ana's.
    expect(view.groups[0]!.entries).toEqual([{ objectiveId: ids.platform, keyResultIds: [ids.uptime], hiddenKeyResults: 1 }]);
  });

  it('counts a KR without an owner as its objective’s owner’s', () => {
    const { outline, lookups, ids } = board();
    const view = boardView(outline, filter({ owner: 'Ana' }), lookups);
    expect(view.groups[0]!.entries.map((e) => [e.objectiveId, e.keyResultIds])).toEqual([
      [ids.onboarding, [ids.setup]],
      [ids.platform, [ids.sso]],
    ]);
  });

  it('filters by team, health and check-ins due this week, every criterion at once', () => {
    const { outline, lookups, ids } = board();
    expect(boardView(outline, filter({ team: 'team-platform' }), lookups).groups[0]!.entries.map((e) => e.objectiveId)).toEqual([ids.platform]);
    expect(boardView(outline, filter({ health: 'off-track' }), lookups).groups[0]!.entries.map((e) => e.keyResultIds)).toEqual([[ids.sso]]);
    expect(boardView(outline, filter({ due: 'week' }), lookups).groups[0]!.entries.map((e) => e.keyResultIds)).toEqual([[ids.uptime]]);
    const none = boardView(outline, filter({ team: 'team-growth', health: 'off-track' }), lookups);
    expect(none.groups).toEqual([]);
    expect([none.hiddenObjectives, none.hiddenKeyResults]).toEqual([3, 4]);
  });

  it('filters by lifecycle status, a KR of a closed objective reading as closed the same way', () => {
    const { doc, ctx, lookups, ids } = board();
    setObjectiveStatus(ctx, ids.platform, { status: 'closed', closedAs: 'abandoned', reason: 'Platform team disbanded' });
    setKeyResultStatus(ctx, ids.setup, { status: 'closed', closedAs: 'achieved' });
    const outline = outlineOf(readWorkspace(doc));
    const dropped = boardView(outline, filter({ status: 'dropped' }), lookups);
    expect(dropped.groups[0]!.entries).toEqual([{ objectiveId: ids.platform, keyResultIds: [ids.sso, ids.uptime], hiddenKeyResults: 0 }]);
    const closed = boardView(outline, filter({ status: 'closed' }), lookups);
    expect(closed.groups[0]!.entries.map((e) => e.keyResultIds)).toEqual([[ids.setup], [ids.sso, ids.uptime]]);
    expect(boardView(outline, filter({ status: 'draft' }), lookups).groups).toEqual([]);
  });
});

describe('the board in groups', () => {
  it('groups key results by owner under their objective, an objective showing under each group it has KRs in, “No owner” last', () => {
    const { outline, lookups, ids } = board();
    const view = boardView(outline, filter({ group: 'owner' }), lookups);
    expect(view.groups.map((g) => [g.label, g.entries.map((e) => [e.objectiveId, e.keyResultIds])])).toEqual([
      ['Ana', [[ids.onboarding, [ids.setup]], [ids.platform, [ids.sso]]]],
      ['Ben', [[ids.onboarding, [ids.activeTeams]]]],
      ['Chen', [[ids.platform, [ids.uptime]]]],
      ['Dee', [[ids.empty, []]]],
    ]);
    expect(view.groups[1]!.entries[0]!.hiddenKeyResults).toBe(1);
  });

  it('groups by health worst first, and by team in the board’s order with “No team” last', () => {
    const { outline, lookups } = board();
    expect(boardView(outline, filter({ group: 'health' }), lookups).groups.map((g) => g.label)).toEqual(['Off track', 'At risk', 'On track', 'No health yet']);
    expect(boardView(outline, filter({ group: 'team' }), lookups).groups.map((g) => g.label)).toEqual(['Growth', 'Platform', 'No team']);
  });

  it('groups by status, active first, a KR by its own status and an objective without KRs by its own', () => {
    const { doc, ctx, lookups, ids } = board();
    expect(boardView(outlineOf(readWorkspace(doc)), filter({ group: 'status' }), lookups).groups.map((g) => g.label)).toEqual(['Active']);
    setObjectiveStatus(ctx, ids.empty, { status: 'draft' });
    setKeyResultStatus(ctx, ids.uptime, { status: 'closed', closedAs: 'achieved' });
    const view = boardView(outlineOf(readWorkspace(doc)), filter({ group: 'status' }), lookups);
    expect(view.groups.map((g) => [g.label, g.entries.map((e) => e.objectiveId)])).toEqual([
      ['Active', [ids.onboarding, ids.platform]],
      ['Draft', [ids.empty]],
      ['Closed: achieved', [ids.platform]],
    ]);
  });
});

describe('the owners offered by the owner filter', () => {
  it('lists every owner once, alphabetically, leaving out blanks', () => {
    const { outline } = board();
    expect(ownersOf(outline)).toEqual(['Ana', 'Ben', 'Chen', 'Dee']);
  });
});
