import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CommandError } from '../../shared/commands/context';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective, deleteObjective, setObjectiveOwner } from '../../shared/commands/objectives';
import { addPerson, removePerson, renamePerson } from '../../shared/commands/people';
import { workspaceToJson } from '../../shared/format/json';
import { AVATAR_COLOURS, assignColours, colourIn, colourOfName, initialsOf, peopleOf, peopleOfWorkspace, personKey } from '../../shared/queries/people';
import { readWorkspace } from '../../shared/schema/read';
import { readPerson } from '../../shared/schema/people';
import { rootMap } from '../../shared/schema/roots';
import { newWorkspace, replicaOf, syncBoth } from '../support/workspace';

/** WCAG relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}
const contrastWithWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

const names = (doc: Y.Doc) => peopleOfWorkspace(readWorkspace(doc)).map((p) => p.name);

describe("a workspace's people", () => {
  it('are those added by hand, the authors of its records and the owners named on objectives and KRs', () => {
    const { doc, ctx } = newWorkspace('Ana');
    const objectiveId = addObjective(ctx, { title: 'Grow', owner: 'Ben' });
    const krId = addKeyResult(ctx, objectiveId, { title: 'Signups', kind: 'milestone', owner: 'Chloé' });
    recordCheckIn({ ...ctx, actor: 'Dev' }, krId, { value: 1, confidence: 7, note: '' });
    addPerson(ctx, 'Eve');
    expect(names(doc)).toEqual(['Ana', 'Ben', 'Chloé', 'Dev', 'Eve']);
  });

  it('include who is present in the workshop, and say where each comes from', () => {
    const { doc, ctx } = newWorkspace('Ana');
    addObjective(ctx, { title: 'Grow', owner: 'Ana' });
    const people = peopleOfWorkspace(readWorkspace(doc), ['Zoe', 'ana']);
    expect(people.map((p) => [p.name, p.sources])).toEqual([
      ['Ana', ['author', 'owner', 'present']],
      ['Zoe', ['present']],
    ]);
  });

  it('are one person per name, whatever its case and spacing, shown as added by hand', () => {
    const { doc, ctx } = newWorkspace('ana');
    addObjective(ctx, { title: 'Grow', owner: 'ANA  ' });
    addPerson(ctx, 'Ana');
    const people = peopleOfWorkspace(readWorkspace(doc));
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ name: 'Ana', initials: 'A' });
  });

  it('leave out names that are empty and people removed by hand', () => {
    const { doc, ctx } = newWorkspace('Ana');
    addObjective(ctx, { title: 'Grow', owner: '   ' });
    removePerson(ctx, addPerson(ctx, 'Ben'));
    expect(names(doc)).toEqual(['Ana']);
  });

  it('are sorted the same way on every device', () => {
    const people = peopleOf({ added: [], records: [[{ author: 'bob' }, { author: 'Álvaro' }, { author: 'Ana' }]] });
    expect(people.map((p) => p.name)).toEqual(['Ana', 'bob', 'Álvaro']);
  });
});

describe('initials and colours', () => {
  it.each([
    ['Ana', 'A'],
    ['ana maría lópez', 'AL'],
    ['Jean-Luc Picard', 'JP'],
    ['李小龙', '李'],
    ['Мария Иванова', 'МИ'],
    ['محمد علي', 'مع'],
    ['  ', '?'],
    ['Zoë 👩🏽‍💻', 'Z👩🏽‍💻'],
  ])('%s → %s', (name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });

  it('give a name the same colour every time, whatever its case', () => {
    expect(colourOfName('Ana')).toBe(colourOfName('Ana'));
    expect(colourOfName(' ana ')).toBe(colourOfName('Ana'));
    // Fixed, so a device updated later still agrees with the others.
    expect(colourOfName('Ana')).toMatchInlineSnapshot(`"#9c3d00"`);
  });

  it('spread names over the palette', () => {
    const used = new Set(Array.from({ length: 200 }, (_, i) => colourOfName(`Person ${i}`)));
    expect(used.size).toBe(AVATAR_COLOURS.length);
  });

  const TEAM = ['Ana', 'Ben', 'Chloé', 'Dara', 'Emeka', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kofi', 'Lea', 'Mateo', 'Nora'];
  const colours = (people: readonly { name: string; colour: string }[]) => Object.fromEntries(people.map((p) => [p.name, p.colour]));

  it('give the people of one workspace distinct colours while the palette has enough', () => {
    const twelve = TEAM.slice(0, AVATAR_COLOURS.length);
    // Hashed alone, some of these names share a colour: the reason for assigning them.
    expect(new Set(twelve.map(colourOfName)).size).toBeLessThan(twelve.length);
    const people = peopleOf({ added: [], records: [twelve.map((owner) => ({ owner }))] });
    expect(new Set(people.map((p) => p.colour)).size).toBe(twelve.length);
    // More people than colours: no colour is worn by more than two of fourteen.
    const all = peopleOf({ added: [], records: [TEAM.map((owner) => ({ owner }))] });
    const wearers = new Map<string, number>();
    for (const p of all) wearers.set(p.colour, (wearers.get(p.colour) ?? 0) + 1);
    expect(wearers.size).toBe(AVATAR_COLOURS.length);
    expect(Math.max(...wearers.values())).toBe(2);
  });

  it('give every device the same colours, whatever order it read the names in and whoever it sees present', () => {
    const seeded = (seed: number) => [...TEAM].sort((a, b) => ((a.charCodeAt(0) * seed) % 17) - ((b.charCodeAt(0) * seed) % 17));
    const one = colours(peopleOf({ added: [], records: [seeded(3).map((author) => ({ author }))], present: ['Ana'] }));
    const other = colours(peopleOf({ added: [], records: [seeded(7).map((owner) => ({ owner: owner.toUpperCase() === owner ? owner : ` ${owner} ` }))], present: ['Zed', 'Ben'] }));
    delete one['Zed'];
    delete other['Zed'];
    expect(other).toEqual(one);
    expect(assignColours(TEAM.map(personKey))).toEqual(assignColours([...TEAM].reverse().map(personKey)));
  });

  it('give someone present who wrote nothing the colour of their name alone, as their own laptop does', () => {
    const people = peopleOf({ added: [], records: [[{ owner: 'Ana' }]], present: ['Yusuf Demir'] });
    expect(people.find((p) => p.name === 'Yusuf Demir')?.colour).toBe(colourOfName('Yusuf Demir'));
    expect(colourIn(assignColours(['ana']), 'Yusuf Demir')).toBe(colourOfName('Yusuf Demir'));
  });

  it.each(AVATAR_COLOURS)('%s keeps white initials at a contrast of at least 4.5:1', (colour) => {
    expect(contrastWithWhite(colour)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('people commands', () => {
  it('add a person once: the same name again is refused', () => {
    const { doc, ctx } = newWorkspace();
    addPerson(ctx, '  Ben   Okafor ');
    expect(() => addPerson(ctx, 'ben okafor')).toThrow(CommandError);
    expect(() => addPerson(ctx, ' ')).toThrow("Type the person's name.");
    expect([...readWorkspace(doc).people.values()].map((p) => [p.name, p.createdBy])).toEqual([['Ben Okafor', 'Ana']]);
  });

  it('renaming a person renames the owners that named them, deleted objectives included, and never an author', () => {
    const { doc, ctx } = newWorkspace('Ana');
    const id = addPerson(ctx, 'Ben');
    const kept = addObjective(ctx, { title: 'Grow', owner: 'ben' });
    const deleted = addObjective(ctx, { title: 'Old', owner: 'Ben' });
    const other = addObjective(ctx, { title: 'Other', owner: 'Benjamin' });
    const krId = addKeyResult({ ...ctx, actor: 'Ben' }, kept, { title: 'Signups', kind: 'milestone', owner: 'Ben' });
    deleteObjective(ctx, deleted);
    expect(renamePerson(ctx, id, 'Ben Okafor')).toBe(3);
    const snapshot = readWorkspace(doc);
    expect(snapshot.objectives.get(kept)?.owner).toBe('Ben Okafor');
    expect(snapshot.objectives.get(deleted)?.owner).toBe('Ben Okafor');
    expect(snapshot.objectives.get(other)?.owner).toBe('Benjamin');
    expect(snapshot.keyResults.get(krId)).toMatchObject({ owner: 'Ben Okafor', createdBy: 'Ben' });
  });

  it('refuse to rename to the name of another person added by hand', () => {
    const { ctx } = newWorkspace();
    addPerson(ctx, 'Ben');
    const id = addPerson(ctx, 'Chloé');
    expect(() => renamePerson(ctx, id, 'BEN')).toThrow("BEN is already one of this workspace's people.");
  });

  it('removing a person keeps the owners that named them', () => {
    const { doc, ctx } = newWorkspace();
    const id = addPerson(ctx, 'Ben');
    const objectiveId = addObjective(ctx, { title: 'Grow' });
    setObjectiveOwner(ctx, objectiveId, 'Ben');
    removePerson(ctx, id);
    const snapshot = readWorkspace(doc);
    expect(snapshot.people.get(id)).toMatchObject({ deletedBy: 'Ana' });
    expect(snapshot.objectives.get(objectiveId)?.owner).toBe('Ben');
    expect(peopleOfWorkspace(snapshot).find((p) => p.name === 'Ben')?.sources).toEqual(['owner']);
  });

  it('are exported to JSON under people', () => {
    const { doc, ctx } = newWorkspace();
    addPerson(ctx, 'Ben');
    expect(workspaceToJson(readWorkspace(doc)).people).toMatchObject([{ name: 'Ben', createdBy: 'Ana', deletedAt: null }]);
  });
});

describe('people across peers', () => {
  it('two peers adding the same name offline end with one person, and both records kept', () => {
    const a = newWorkspace('Ana');
    const b = replicaOf(a.doc, 'Ben');
    addPerson(a.ctx, 'Chloé');
    addPerson(b.ctx, 'chloé ');
    syncBoth(a.doc, b.doc);
    for (const doc of [a.doc, b.doc]) {
      expect(readWorkspace(doc).people.size).toBe(2);
      const chloe = peopleOfWorkspace(readWorkspace(doc)).filter((p) => p.key === personKey('Chloé'));
      expect(chloe).toHaveLength(1);
      expect(chloe[0]?.personIds).toHaveLength(2);
    }
    expect(peopleOfWorkspace(readWorkspace(a.doc))).toEqual(peopleOfWorkspace(readWorkspace(b.doc)));
  });

  it('a rename and a removal made offline both stay', () => {
    const a = newWorkspace('Ana');
    const id = addPerson(a.ctx, 'Chloé');
    const b = replicaOf(a.doc, 'Ben');
    renamePerson(a.ctx, id, 'Chloé Martin');
    removePerson(b.ctx, id);
    syncBoth(a.doc, b.doc);
    expect(readWorkspace(a.doc).people.get(id)).toMatchObject({ name: 'Chloé Martin', deletedBy: 'Ben' });
  });
});

describe('reading people is total', () => {
  it.each([
    ['a plain object instead of a map', { id: 'p1', name: 'Ana' }],
    ['a number', 42],
    ['null', null],
  ])('skips and reports %s', (_, raw) => {
    const read = readPerson('person-0001', raw);
    expect(read.ok).toBe(false);
  });

  it('reads hostile fields as their defaults and reports each', () => {
    const doc = new Y.Doc();
    const person = new Y.Map<unknown>();
    doc.transact(() => {
      rootMap(doc, 'people').set('person-0001', person);
      person.set('id', 'person-0001');
      person.set('name', 'x'.repeat(10_000));
      person.set('createdAt', 'yesterday');
      person.set('createdBy', { evil: true });
      person.set('deletedAt', -5);
    });
    const read = readPerson('person-0001', person);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value).toMatchObject({ createdAt: 0, createdBy: '', deletedAt: null });
    expect(read.value.name.length).toBeLessThanOrEqual(500);
    expect(read.problems.map((p) => p.field).sort()).toEqual(['createdAt', 'createdBy', 'deletedAt', 'name']);
  });

  it('a workspace with a hostile people record still reads whole', () => {
    const { doc, ctx } = newWorkspace();
    addPerson(ctx, 'Ben');
    rootMap(doc, 'people').set('bad', new Y.Map());
    const snapshot = readWorkspace(doc);
    expect([...snapshot.people.values()].map((p) => p.name)).toContain('Ben');
    expect(names(doc)).toEqual(['Ana', 'Ben']);
  });
});
