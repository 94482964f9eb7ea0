// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { recordCheckIn, withdrawCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { canonicalJson } from '../../shared/format/canonical';
import * as readRecords from '../../shared/schema/readRecords';
import { rootMap } from '../../shared/schema/roots';
import { selectPeople } from '../../renderer/state/people';
import { fullProjection, observeProjection, type IdleSlices, type Projection } from '../../renderer/state/projection';
import { useWorkspace } from '../../renderer/state/workspaceSession';
import { newWorkspace } from '../support/workspace';

/*
 * Opening a workspace reads its check-ins per key result as each KR is looked
 * up (renderer/state/checkInsOnDemand.ts), not all of them before the first
 * projection. Counted, not timed: the check-in records read (calls of the
 * reader, `readCheckIn`) by the time the first projection is delivered, then
 * after one KR is looked up. The answers are the full read's, hostile records
 * included.
 */

vi.mock(import('../../shared/schema/readRecords'), async (original) => {
  const module = await original();
  return { ...module, readCheckIn: vi.fn(module.readCheckIn) };
});
const readCheckIn = vi.mocked(readRecords.readCheckIn);

const KEY_RESULTS = 5;
const CHECK_INS_EACH = 4;

function checkedInWorkspace(authors: readonly string[] = ['Ana']) {
  const { doc, ctx, tick } = newWorkspace();
  const objective = addObjective(ctx, { title: 'Grow' });
  const krs = Array.from({ length: KEY_RESULTS }, (_, i) => addKeyResult(ctx, objective, { title: `kr ${i}`, kind: 'milestone' }));
  const ids: string[] = [];
  for (let round = 0; round < CHECK_INS_EACH; round++) {
    for (const kr of krs) {
      tick();
      ids.push(recordCheckIn({ ...ctx, actor: authors[ids.length % authors.length]! }, kr, { value: round }));
    }
  }
  return { doc, ctx, krs, ids };
}

/** Idle slices run by hand, each as long as `more` allows. */
function manualIdle() {
  const slices: ((more: () => boolean) => boolean)[] = [];
  const idle: IdleSlices = (slice) => {
    slices.push(slice);
    return () => slices.splice(slices.indexOf(slice), 1);
  };
  const runAll = () => {
    while (slices.length) if (slices[0]!(() => true)) slices.shift();
  };
  return { idle, runAll, pending: () => slices.length };
}

const noFrames = () => {};

describe('opening a workspace: check-ins read on demand', () => {
  afterEach(() => readCheckIn.mockClear());

  it('reads no check-in before the first projection, and a KR’s own when it is looked up', () => {
    const { doc, krs } = checkedInWorkspace();
    const idle = manualIdle();
    readCheckIn.mockClear();
    let first!: Projection;
    const stop = observeProjection(doc, (p) => (first ??= p), noFrames, idle.idle);
    // Before: every one of the 20 check-ins was read here.
    expect(readCheckIn).toHaveBeenCalledTimes(0);
    const expected = fullProjection(doc);
    readCheckIn.mockClear();
    const kr = krs[2]!;
    expect(first.checkInsByKeyResult[kr]).toEqual(expected.checkInsByKeyResult[kr]);
    expect(first.checkInRecordsByKeyResult[kr]).toEqual(expected.checkInRecordsByKeyResult[kr]);
    expect(readCheckIn).toHaveBeenCalledTimes(CHECK_INS_EACH);
    // Read once: a second look is the same array.
    expect(first.checkInsByKeyResult[kr]).toBe(first.checkInsByKeyResult[kr]);
    expect(readCheckIn).toHaveBeenCalledTimes(CHECK_INS_EACH);
    // The rest in idle time; then every KR is there, read once each.
    idle.runAll();
    expect(readCheckIn).toHaveBeenCalledTimes(KEY_RESULTS * CHECK_INS_EACH);
    expect(canonicalJson(first)).toBe(canonicalJson(expected));
    stop();
  });

  it('gives every consumer what the full read gives: walks, lookups of unknown KRs, withdrawn histories', () => {
    const { doc, ctx, krs, ids } = checkedInWorkspace();
    // Every check-in of the first KR withdrawn: it has records but no effective history.
    for (const id of ids.filter((_, i) => i % KEY_RESULTS === 0)) withdrawCheckIn(ctx, id, 'wrong KR');
    const idle = manualIdle();
    let first!: Projection;
    const stop = observeProjection(doc, (p) => (first ??= p), noFrames, idle.idle);
    const expected = fullProjection(doc);
    expect(first.checkInsByKeyResult[krs[0]!]).toBeUndefined();
    expect(krs[0]! in first.checkInsByKeyResult).toBe(false);
    expect(Object.hasOwn(first.checkInRecordsByKeyResult, krs[0]!)).toBe(true);
    expect(first.checkInsByKeyResult['no-such-kr']).toBeUndefined();
    expect(Object.keys(first.checkInsByKeyResult).sort()).toEqual(Object.keys(expected.checkInsByKeyResult).sort());
    expect({ ...first.checkInRecordsByKeyResult }).toEqual(expected.checkInRecordsByKeyResult);
    expect(Object.values(first.checkInsByKeyResult).flat().length).toBe(Object.values(expected.checkInsByKeyResult).flat().length);
    stop();
  });

  it('files hostile check-ins where the reader puts them and publishes their problems once read', () => {
    const { doc, krs } = checkedInWorkspace();
    const kr = krs[1]!;
    const valid = { keyResultId: kr, value: 3, confidence: null, note: '', author: 'Eve', at: Date.UTC(2026, 6, 2) };
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    const checkIns = rootMap(peer, 'checkIns');
    checkIns.set('h-null', null);
    checkIns.set('h-number', 42);
    checkIns.set('h-kr-number', { ...valid, id: 'h-kr-number', keyResultId: 7 });
    checkIns.set('h-kr-not-an-id', { ...valid, id: 'h-kr-not-an-id', keyResultId: 'not an id!' });
    checkIns.set('h-value', { ...valid, id: 'h-value', value: 'lots' });
    checkIns.set('h-id', { ...valid, id: 'someone-else' });
    checkIns.set('h-ymap', new Y.Map());
    // Authors on records the reader repairs: whether they count is the reader's to say, the same on both paths.
    checkIns.set('h-refused', { ...valid, id: 'not-h-refused', author: 'Mallory' });
    checkIns.set('h-long-author', { ...valid, id: 'h-long-author', author: 'M'.repeat(600) });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)), 'remote');
    const expected = fullProjection(doc);
    expect(expected.problems.length).toBeGreaterThan(0);

    const idle = manualIdle();
    const published: Projection[] = [];
    const stop = observeProjection(doc, (p) => published.push(p), noFrames, idle.idle);
    const first = published[0]!;
    expect(first.checkInRecordsByKeyResult[kr]).toEqual(expected.checkInRecordsByKeyResult[kr]);
    idle.runAll();
    const last = published.at(-1)!;
    const problemKeys = (p: Projection) => p.problems.map((problem) => canonicalJson(problem)).sort();
    expect(problemKeys(last)).toEqual(problemKeys(expected));
    expect(canonicalJson({ ...last, problems: [] })).toBe(canonicalJson({ ...expected, problems: [] }));
    const people = (p: Projection) => selectPeople({ ...useWorkspace.getState(), ...p }, []).map((person) => person.name);
    expect(people(published[0]!)).toEqual(people(expected));
    stop();
  });

  it('finds the people who signed check-ins by reading one record per author', () => {
    const { doc } = checkedInWorkspace(['Ana', 'Ben', 'Chen']);
    let first!: Projection;
    const stop = observeProjection(doc, (p) => (first ??= p), noFrames, manualIdle().idle);
    readCheckIn.mockClear();
    const people = selectPeople({ ...useWorkspace.getState(), ...first }, []).map((person) => person.name);
    // Before: every check-in (20) was read to find them.
    expect(readCheckIn).toHaveBeenCalledTimes(3);
    expect(people).toEqual(selectPeople({ ...useWorkspace.getState(), ...fullProjection(doc) }, []).map((person) => person.name));
    expect(people).toEqual(expect.arrayContaining(['Ana', 'Ben', 'Chen']));
    stop();
  });

  it('shows a person by the spelling the full read meets first when two spellings are one person', () => {
    const { doc, ctx, tick } = newWorkspace();
    const objective = addObjective({ ...ctx, actor: 'Zed' }, { title: 'Grow' });
    const kr = addKeyResult({ ...ctx, actor: 'Zed' }, objective, { title: 'kr', kind: 'milestone' });
    tick();
    recordCheckIn({ ...ctx, actor: 'ana' }, kr, { value: 0 });
    tick();
    recordCheckIn({ ...ctx, actor: 'Ana' }, kr, { value: 1 });
    let first!: Projection;
    const stop = observeProjection(doc, (p) => (first ??= p), noFrames, manualIdle().idle);
    const names = (projection: Projection) => selectPeople({ ...useWorkspace.getState(), ...projection }, []).map((person) => person.name);
    // Before: "ana" (stored first) on open, "Ana" (newest first) once any check-in made the section be read whole.
    expect(names(first)).toEqual(names(fullProjection(doc)));
    stop();
  });

  it('finds the author of a check-in a peer stored as a Y.Map, as the full read does', () => {
    const { doc, ctx, tick } = newWorkspace();
    const objective = addObjective({ ...ctx, actor: 'Zed' }, { title: 'Grow' });
    const kr = addKeyResult({ ...ctx, actor: 'Zed' }, objective, { title: 'kr', kind: 'milestone' });
    tick();
    recordCheckIn({ ...ctx, actor: 'Ana' }, kr, { value: 0 });
    const record = new Y.Map<unknown>();
    rootMap(doc, 'checkIns').set('ymapCheckIn1', record as never);
    for (const [key, value] of Object.entries({ id: 'ymapCheckIn1', keyResultId: kr, value: 1, confidence: null, note: '', author: 'Mallory', at: Date.UTC(2026, 6, 2) })) record.set(key, value);
    const full = fullProjection(doc);
    expect(full.problems).toEqual([]);
    let first!: Projection;
    const stop = observeProjection(doc, (p) => (first ??= p), noFrames, manualIdle().idle);
    const people = (projection: Projection) => selectPeople({ ...useWorkspace.getState(), ...projection }, []).map((person) => [person.name, person.colour]);
    // Before: Mallory was missing on open (the record's author was not seen in a Y.Map), and the colours differed.
    expect(people(first)).toEqual(people(full));
    expect(people(first).map(([name]) => name)).toContain('Mallory');
    stop();
  });

  it('reads what is left when a check-in changes before every KR was read, and moves it as before', () => {
    const { doc, ctx, krs } = checkedInWorkspace();
    const idle = manualIdle();
    let latest!: Projection;
    const stop = observeProjection(doc, (p) => (latest = p), noFrames, idle.idle);
    recordCheckIn(ctx, krs[3]!, { value: 99 });
    expect(latest.checkInsByKeyResult[krs[3]!]?.[0]?.value).toBe(99);
    expect(canonicalJson(latest)).toBe(canonicalJson(fullProjection(doc)));
    stop();
    expect(idle.pending()).toBe(0);
  });
});
