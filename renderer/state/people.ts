import { colourIn, peopleOf, type SignedRecord, type WorkspacePerson } from '../../shared/queries/people';
import type { Person } from '../../shared/schema/people';
import { RECORD_ROOT_NAMES, ROOT_TABLE } from '../../shared/schema/roots';
import { checkInAuthorsOf } from './checkInsOnDemand';
import { memoOn } from './selectors';
import { useWorkshop } from './workshopSession';
import { useWorkspace, type WorkspaceState } from './workspaceSession';

/*
 * The open workspace's people (shared/queries/people.ts): those added by hand,
 * the authors and owners of its records, and who is in the workshop now.
 */

/** Where each root's records sit in the projection; the check-ins are all of them, revisions included. */
const PROJECTION_PATHS = RECORD_ROOT_NAMES.map((root) => (root === 'checkIns' ? 'checkInRecordsByKeyResult' : ROOT_TABLE[root].projection));

function at(state: WorkspaceState, dotted: string): unknown {
  let value: unknown = state;
  for (const key of dotted.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** The records of one projected root: a map by id, a record by id, or (check-ins) lists by KR. */
function* recordsIn(section: unknown): Iterable<SignedRecord> {
  const values = section instanceof Map ? [...section.values()] : typeof section === 'object' && section !== null ? Object.values(section) : [];
  for (const value of values) {
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) yield item as SignedRecord;
    } else if (typeof value === 'object' && value !== null) yield value as SignedRecord;
  }
}

/**
 * The distinct (owner, createdBy, author, deletedBy) of a section's records,
 * in the order each first appears, kept per section while it is the same
 * object: a keystroke in a title changes the objectives and not the 200,000
 * check-ins of an XL workspace, whose few dozen signatures are not looked for
 * again. People found from them are the same (each spelling first seen in the
 * same order).
 */
const signaturesCache = new WeakMap<object, SignedRecord[]>();
// Per record too: a keystroke makes a new objectives section, but only one of its 2,000 records is new.
const signatureOfRecord = new WeakMap<SignedRecord, string>();
function signatureOf(record: SignedRecord): string {
  let signature = signatureOfRecord.get(record);
  if (signature === undefined) signatureOfRecord.set(record, (signature = JSON.stringify([record.owner, record.createdBy, record.author, record.deletedBy])));
  return signature;
}
function signaturesIn(section: unknown): Iterable<SignedRecord> {
  if (typeof section !== 'object' || section === null) return [];
  let signatures = signaturesCache.get(section);
  // The check-ins of an open not yet read whole: their authors without reading them (state/checkInsOnDemand.ts).
  const authors = signatures ? undefined : checkInAuthorsOf(section);
  if (authors) signaturesCache.set(section, (signatures = authors.map((author) => ({ author }))));
  if (!signatures) {
    const seen = new Set<string>();
    signatures = [];
    for (const record of recordsIn(section)) {
      const signature = signatureOf(record);
      if (seen.has(signature)) continue;
      seen.add(signature);
      const { owner, createdBy, author, deletedBy } = record;
      signatures.push({ owner, createdBy, author, deletedBy });
    }
    signaturesCache.set(section, signatures);
  }
  return signatures;
}

const peopleOfSections = memoOn((people: Readonly<Record<string, Person>>, present: readonly string[], ...sections: unknown[]): WorkspacePerson[] =>
  peopleOf({ added: Object.values(people), records: sections.map(signaturesIn), present }),
);

const presentOf = memoOn((peers: ReturnType<typeof useWorkshop.getState>['peers']) => peers.map((p) => p.name));

/** The people of the open workspace, the same array while nothing they come from changed. */
export function selectPeople(state: WorkspaceState, present: readonly string[]): WorkspacePerson[] {
  return peopleOfSections(state.people, present, ...PROJECTION_PATHS.map((path) => at(state, path)));
}

const NO_PEOPLE: WorkspacePerson[] = [];
const NO_PEOPLE_NAMES: readonly string[] = [];

/**
 * The people of the open workspace. `needed` false: none, and nothing read
 * (finding them reads every record, check-ins included). A picker on every
 * objective card asks only once someone turns to it.
 */
export function usePeople(needed = true): WorkspacePerson[] {
  const present = useWorkshop((s) => (needed ? presentOf(s.peers) : NO_PEOPLE_NAMES));
  return useWorkspace((s) => (needed ? selectPeople(s, present) : NO_PEOPLE));
}

const coloursOf = memoOn((people: readonly WorkspacePerson[]): ReadonlyMap<string, string> => new Map(people.map((p) => [p.key, p.colour])));

/**
 * The avatar colour of `name` in the open workspace: distinct among its
 * people (shared/queries/people.ts, assignColours), the same on every laptop.
 * Who is present does not change it; it is passed only so the people's list
 * is the one usePeople already computed.
 */
export function selectPersonColour(state: WorkspaceState, name: string): string {
  return colourIn(coloursOf(selectPeople(state, presentOf(useWorkshop.getState().peers))), name);
}

export function usePersonColour(name: string): string {
  return useWorkspace((s) => selectPersonColour(s, name));
}
