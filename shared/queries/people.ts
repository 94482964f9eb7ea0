import type { Person } from '../schema/people';
import { compareStrings } from '../order';
import { recordsOf, type WorkspaceSnapshot } from '../schema/read';
import { RECORD_ROOT_NAMES } from '../schema/roots';

/*
 * A workspace's people, derived: those added by hand (the `people` root),
 * everyone who signed a record (an author, a creator, who deleted something),
 * every owner named on an objective, KR or initiative, and (in the app) who is
 * present in the workshop. One person per name, compared case-insensitively:
 * two peers adding "Ana" offline leave two records that read as one person.
 * See docs/schema.md, "people".
 */

const SOURCES = ['added', 'author', 'owner', 'present'] as const;
export type PersonSource = (typeof SOURCES)[number];

export interface WorkspacePerson {
  /** The name compared: trimmed, spaces folded, NFC, lower case. */
  key: string;
  /** The name shown: the hand-added record's spelling if any, else the first seen. */
  name: string;
  initials: string;
  /** The avatar's background; white initials on it have a contrast of at least 4.5:1. */
  colour: string;
  /** The live hand-added records of this name (two after a concurrent add), oldest first. */
  personIds: string[];
  sources: PersonSource[];
}

/** Any record that may name a person: what peopleOf reads from each. */
export interface SignedRecord {
  createdBy?: unknown;
  author?: unknown;
  deletedBy?: unknown;
  owner?: unknown;
}

/**
 * Background colours of avatars (white initials). Each has a contrast of at
 * least 4.5:1 with white (test/unit/people.test.ts checks it), so the initials
 * read the same in the light and the dark theme.
 */
export const AVATAR_COLOURS: readonly string[] = [
  '#1864ab',
  '#0b7285',
  '#087f5b',
  '#2b7a0b',
  '#5f3dc4',
  '#862e9c',
  '#a61e4d',
  '#c92a2a',
  '#364fc7',
  '#9c3d00',
  '#495057',
  '#6741d9',
];

/** The key two spellings of one name share: "Ana", " ana " and "ANA" are one person. */
export function personKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The palette index a name's key hashes to (FNV-1a): its colour when nothing else claims it. */
function homeIndex(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % AVATAR_COLOURS.length;
}

/**
 * A colour for a name alone, the same on every device: for a name no
 * workspace knows yet (the name prompt, someone present who wrote nothing).
 * In a workspace, people take their colour from `assignColours`.
 */
export function colourOfName(name: string): string {
  return AVATAR_COLOURS[homeIndex(personKey(name))]!;
}

/**
 * Distinct colours for the people of one workspace, as far as the palette
 * goes: in the order of their keys (the same on every device), each takes its
 * name's colour, or the next one no one has taken yet. Once all twelve are
 * taken a new round starts, so colours are shared as evenly as they can be.
 * A name's colour can change when someone new joins the workspace: distinct
 * colours are worth more than fixed ones. Returns a colour per key.
 */
export function assignColours(keys: Iterable<string>): Map<string, string> {
  const colours = new Map<string, string>();
  let taken = new Set<number>();
  for (const key of [...new Set(keys)].sort(compareStrings)) {
    if (taken.size === AVATAR_COLOURS.length) taken = new Set();
    let index = homeIndex(key);
    while (taken.has(index)) index = (index + 1) % AVATAR_COLOURS.length;
    taken.add(index);
    colours.set(key, AVATAR_COLOURS[index]!);
  }
  return colours;
}

/** The colour of `name` among colours from `assignColours`; a name not among them has its own. */
export function colourIn(colours: ReadonlyMap<string, string>, name: string): string {
  return colours.get(personKey(name)) ?? colourOfName(name);
}

const graphemes = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

function firstGrapheme(word: string): string {
  if (graphemes) {
    for (const { segment } of graphemes.segment(word)) return segment;
    return '';
  }
  return Array.from(word)[0] ?? '';
}

/** First letter of the first and of the last word, upper-cased ("Ana María López" → "AL"); one word gives one. */
export function initialsOf(name: string): string {
  const words = name.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = firstGrapheme(words[0]!);
  const last = words.length > 1 ? firstGrapheme(words[words.length - 1]!) : '';
  return (first + last).toUpperCase();
}

export interface PeopleSources {
  /** Records of the `people` root; removed ones are left out. */
  added: Iterable<Person>;
  /** Every record that may name an author or an owner, of any root. */
  records: Iterable<Iterable<SignedRecord>>;
  /** Names of who is in the workshop now (the renderer's presence). */
  present?: Iterable<string>;
}

/** The workspace's people, deduplicated by name, sorted by name (code units of the key: the same everywhere). */
export function peopleOf({ added, records, present = [] }: PeopleSources): WorkspacePerson[] {
  const byKey = new Map<string, WorkspacePerson>();
  // A workspace has thousands of records and a few dozen names: each spelling is normalized once.
  const keyOf = new Map<string, string>();
  const note = (rawName: unknown, source: PersonSource, personId?: string) => {
    if (typeof rawName !== 'string') return;
    let key = keyOf.get(rawName);
    if (key === undefined) {
      key = personKey(rawName);
      keyOf.set(rawName, key);
    }
    if (!key) return;
    let person = byKey.get(key);
    if (!person) {
      const name = rawName.normalize('NFC').trim().replace(/\s+/g, ' ');
      person = { key, name, initials: initialsOf(name), colour: colourOfName(name), personIds: [], sources: [] };
      byKey.set(key, person);
    }
    if (!person.sources.includes(source)) person.sources.push(source);
    if (personId !== undefined) person.personIds.push(personId);
  };
  // Hand-added first, oldest first: their spelling is the one shown.
  const live = [...added].filter((p) => p.deletedAt === null).sort((a, b) => a.createdAt - b.createdAt || compareStrings(a.id, b.id));
  for (const person of live) note(person.name, 'added', person.id);
  for (const list of records) {
    for (const record of list) {
      note(record.owner, 'owner');
      note(record.createdBy, 'author');
      note(record.author, 'author');
      note(record.deletedBy, 'author');
    }
  }
  // Colours from the workspace's own people only: who is present differs from one laptop to the next
  // (each leaves itself out), and a colour must be the same on all of them.
  const colours = assignColours([...byKey.keys()]);
  for (const name of present) note(name, 'present');
  const people = [...byKey.values()].sort((a, b) => compareStrings(a.key, b.key));
  for (const person of people) {
    person.sources.sort((a, b) => SOURCES.indexOf(a) - SOURCES.indexOf(b));
    person.colour = colours.get(person.key) ?? person.colour;
  }
  return people;
}

/** The person a name refers to among `people`, or null. */
export function findPerson(people: readonly WorkspacePerson[], name: string): WorkspacePerson | null {
  const key = personKey(name);
  return people.find((p) => p.key === key) ?? null;
}

function* signed(values: Iterable<unknown>): Iterable<SignedRecord> {
  for (const value of values) if (typeof value === 'object' && value !== null) yield value;
}

/** The people of a read workspace (the CLI, exports, tests): every root's records are looked at. */
export function peopleOfWorkspace(snapshot: WorkspaceSnapshot, present: Iterable<string> = []): WorkspacePerson[] {
  return peopleOf({ added: snapshot.people.values(), records: RECORD_ROOT_NAMES.map((root) => signed(recordsOf(snapshot, root).values())), present });
}
