import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { combineWorkspace } from '../../shared/commands/combine';
import { localContext } from '../../shared/commands/context';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { addPerson, removePerson } from '../../shared/commands/people';
import { addTeam, setObjectiveTeam } from '../../shared/commands/teams';
import { initWorkspace } from '../../shared/commands/workspace';
import { findOverlaps } from '../../shared/queries/overlap';
import { peopleOfWorkspace } from '../../shared/queries/people';
import { readWorkspace } from '../../shared/schema/read';
import { SESSION_ROOT_NAMES } from '../../shared/schema/roots';

function teamWorkspace(id: string, team: string, objective: string, kind: 'team' | 'journal' = 'team') {
  const doc = new Y.Doc();
  const ctx = localContext(doc, team);
  initWorkspace(ctx, { id, title: team, kind, cycleStart: '2026-10-01', cycleEnd: '2026-12-31' });
  const teamId = addTeam(ctx, { name: team });
  const o = addObjective(ctx, { title: objective });
  setObjectiveTeam(ctx, o, teamId);
  const kr = addKeyResult(ctx, o, { title: `${team} KR`, kind: 'milestone' });
  recordCheckIn(ctx, kr, { value: 1 });
  return { doc, ctx };
}

describe('combining two teams’ workspaces', () => {
  it('copies the other workspace’s entities in, keeps this meta, and overlap detection then finds both teams’ look-alikes', () => {
    const growth = teamWorkspace('ws-growth-00001', 'Growth', 'Reduce onboarding time for new customers');
    const platform = teamWorkspace('ws-platform-0001', 'Platform', 'Cut customer onboarding time');
    const result = combineWorkspace(growth.ctx, platform.doc);
    expect(result).toEqual({ copied: { objectives: 1, keyResults: 1, checkIns: 1, teams: 1, objectiveTeams: 1 }, skipped: 0 });
    const combined = readWorkspace(growth.doc);
    expect(combined.problems).toEqual([]);
    expect(combined.meta?.id).toBe('ws-growth-00001');
    expect([...combined.objectives.values()].map((o) => o.title).sort()).toEqual(['Cut customer onboarding time', 'Reduce onboarding time for new customers']);
    const overlaps = findOverlaps({ ...combined, ...combined.alignment });
    expect(overlaps.map((c) => [c.a.title, c.b.title].sort())).toEqual([['Cut customer onboarding time', 'Reduce onboarding time for new customers']]);
    // Combining again copies nothing twice.
    expect(combineWorkspace(growth.ctx, platform.doc).skipped).toBe(5);
  });

  it('refuses a journal and the same workspace, writing nothing', () => {
    const growth = teamWorkspace('ws-growth-00001', 'Growth', 'Grow');
    const journal = teamWorkspace('ws-journal-0001', 'Me', 'Private', 'journal');
    const before = Y.encodeStateVector(growth.doc);
    expect(() => combineWorkspace(growth.ctx, journal.doc)).toThrow('journal stays private');
    expect(() => combineWorkspace(growth.ctx, growth.doc)).toThrow('same workspace');
    expect(Y.encodeStateVector(growth.doc)).toEqual(before);
  });
});

describe('combining carries the people added by hand', () => {
  it('copies the other workspace’s hand-added people, removed ones staying removed', () => {
    const growth = teamWorkspace('ws-growth-00001', 'Growth', 'Grow');
    const platform = teamWorkspace('ws-platform-0001', 'Platform', 'Scale');
    addPerson(platform.ctx, 'Zoé Martin');
    removePerson(platform.ctx, addPerson(platform.ctx, 'Left Long Ago'));
    const result = combineWorkspace(growth.ctx, platform.doc);
    expect(result.copied.people).toBe(2);
    const combined = readWorkspace(growth.doc);
    expect(combined.problems).toEqual([]);
    const people = peopleOfWorkspace(combined);
    expect(people.find((p) => p.name === 'Zoé Martin')?.sources).toEqual(['added']);
    expect(people.find((p) => p.name === 'Left Long Ago')).toBeUndefined();
  });

  it('does not add a second record for a name this workspace already has by hand', () => {
    const growth = teamWorkspace('ws-growth-00001', 'Growth', 'Grow');
    const platform = teamWorkspace('ws-platform-0001', 'Platform', 'Scale');
    const ana = addPerson(growth.ctx, 'Ana Díaz');
    addPerson(platform.ctx, ' ana  díaz ');
    addPerson(platform.ctx, 'Bo Chen');
    const result = combineWorkspace(growth.ctx, platform.doc);
    expect(result.copied.people).toBe(1);
    expect(result.skipped).toBe(1);
    const people = peopleOfWorkspace(readWorkspace(growth.doc));
    expect(people.find((p) => p.key === 'ana díaz')?.personIds).toEqual([ana]);
    expect(people.find((p) => p.name === 'Bo Chen')?.sources).toEqual(['added']);
  });
});

describe('combining leaves a workshop’s session behind', () => {
  it('copies the objectives a session adopted, but not its agenda, attendance, drafts or votes', () => {
    const growth = teamWorkspace('ws-growth-00002', 'Growth', 'Reduce onboarding time');
    const offsite = teamWorkspace('ws-offsite-0002', 'Offsite', 'Adopted in the workshop');
    // Whatever the session wrote: combine must not look into it, so any record will do.
    for (const name of SESSION_ROOT_NAMES) offsite.doc.getMap(name).set(`${name}-1`, { id: `${name}-1` });
    const result = combineWorkspace(growth.ctx, offsite.doc);
    expect(Object.keys(result.copied).sort()).toEqual(['checkIns', 'keyResults', 'objectiveTeams', 'objectives', 'teams']);
    for (const name of SESSION_ROOT_NAMES) expect(growth.doc.getMap(name).size).toBe(0);
  });
});
