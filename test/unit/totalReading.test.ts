import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../../electron/common/fileStore';
import type { CliIo } from '../../electron/cli/io';
import { runCli } from '../../electron/cli/run';
import { readWorkspaceInput } from '../../electron/cli/workspaceInput';
import { localContext, type CommandContext } from '../../shared/commands/context';
import { addInitiative, linkInitiative, setInitiativeKind } from '../../shared/commands/initiatives';
import { addJournalEntry, editJournalText, linkJournalEntry } from '../../shared/commands/journal';
import { addKeyResult, setMetric } from '../../shared/commands/keyResults';
import { addObjective, editObjectiveText, moveObjective } from '../../shared/commands/objectives';
import { addTeam, renameTeam } from '../../shared/commands/teams';
import { initWorkspace, setCycle } from '../../shared/commands/workspace';
import { workspaceToFile, readWorkspaceFile } from '../../shared/format/workspaceFile';
import { fixWorkspaceFacts } from '../../shared/schema/fixedFacts';
import { readWorkspace, type WorkspaceSnapshot } from '../../shared/schema/read';
import { newWorkspace } from '../support/workspace';
import { rootMap } from '../../shared/schema/roots';

/*
 * Reading is total (docs/schema.md, "Reading a workspace"): one bad field is
 * repaired and reported, never the reason a record, a workspace or its file
 * disappears. Each case is what two real replicas can produce: two Y.Docs
 * exchanging updates with Y.applyUpdate.
 */

/** What a peer's edit sends: the update from `from` that `to` lacks. */
function send(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote');
}

function peerOf(doc: Y.Doc, actor: string): { doc: Y.Doc; ctx: CommandContext } {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return { doc: copy, ctx: localContext(copy, actor, () => Date.UTC(2026, 6, 2)) };
}

function fieldsReported(snapshot: WorkspaceSnapshot, map: string, id: string): string[] {
  return snapshot.problems.filter((p) => p.map === map && p.id === id).map((p) => p.field ?? '(record)');
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function memoryIo(files: Record<string, Uint8Array>): { io: CliIo; out: string[]; err: string[]; written: Record<string, Uint8Array> } {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, Uint8Array> = {};
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    readFile: async (p) => {
      const file = files[p] ?? written[p];
      if (!file) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return file;
    },
    writeFile: async (p, data) => void (written[p] = data),
  };
  return { io, out, err, written };
}

describe('a peer writes meta.cycleStart = 42', () => {
  function flipped() {
    const { doc, ctx } = newWorkspace('Ana', 'ws-cycle-42');
    addObjective(ctx, { title: 'Still here' });
    const peer = peerOf(doc, 'Ben');
    peer.doc.transact(() => rootMap(peer.doc, 'meta').set('cycleStart', 42), 'remote-script');
    send(peer.doc, doc);
    return { doc, ctx, peer };
  }

  it('keeps the workspace readable, the cycle read from the other date, and reports the field', () => {
    const { doc } = flipped();
    const snapshot = readWorkspace(doc);
    expect(snapshot.meta).toMatchObject({ id: 'ws-cycle-42', title: 'Growth Q3', cycleStart: '2026-09-30', cycleEnd: '2026-09-30' });
    expect(snapshot.objectives.size).toBe(1);
    expect(fieldsReported(snapshot, 'meta', '')).toEqual(['cycleStart']);
  });

  it('saves a file that Cairn reads back, and the Electron file store keeps saving it', async () => {
    const { doc } = flipped();
    const bytes = workspaceToFile(doc, '1.0.0', 1);
    const loaded = readWorkspaceFile(bytes);
    expect(loaded.snapshot.meta.id).toBe('ws-cycle-42');
    expect(loaded.snapshot.problems.map((p) => p.field)).toEqual(['cycleStart']);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-total-'));
    dirs.push(root);
    await expect(createFileStore({ root }).save('ws-cycle-42', bytes)).resolves.toMatchObject({ savedAt: expect.any(Number) });
  });

  it('is accepted by an archivist restarted on that file (the file it would merge into the room)', async () => {
    const { doc } = flipped();
    const { io } = memoryIo({ '/archive/team.cairn': workspaceToFile(doc, '1.0.0', 1) });
    await expect(readWorkspaceInput('/archive/team.cairn', io)).resolves.toMatchObject({ header: { workspaceId: 'ws-cycle-42', kind: 'team' } });
  });

  it('is repaired for everyone by setting the cycle again', () => {
    const { doc, ctx, peer } = flipped();
    setCycle(ctx, '2026-07-01', '2026-09-30');
    send(doc, peer.doc);
    for (const replica of [doc, peer.doc]) {
      expect(readWorkspace(replica).problems).toEqual([]);
      expect(readWorkspace(replica).meta.cycleStart).toBe('2026-07-01');
    }
  });
});

describe('keys deleted from an entity read as defaults, reported, the entity still shown', () => {
  it('cycle dates, an objective’s order, a team’s name and an initiative’s kind; each command sets its field right again', () => {
    const { doc, ctx } = newWorkspace('Ana', 'ws-deleted-keys');
    const first = addObjective(ctx, { title: 'First' });
    const second = addObjective(ctx, { title: 'Second' });
    const team = addTeam(ctx, { name: 'Platform' });
    const kr = addKeyResult(ctx, first, { title: 'k', kind: 'milestone' });
    const initiative = addInitiative(ctx, { title: 'Spike', kind: 'experiment', keyResultIds: [kr] });
    const peer = peerOf(doc, 'Ben');
    peer.doc.transact(() => {
      rootMap(peer.doc, 'meta').delete('cycleStart');
      rootMap(peer.doc, 'meta').delete('cycleEnd');
      rootMap(peer.doc, 'objectives').get(second)!.delete('order');
      rootMap(peer.doc, 'teams').get(team)!.delete('name');
      rootMap(peer.doc, 'initiatives').get(initiative)!.delete('kind');
    }, 'remote-script');
    send(peer.doc, doc);

    const snapshot = readWorkspace(doc);
    // Both dates gone: the day the workspace was created, the same on every replica.
    expect(snapshot.meta).toMatchObject({ cycleStart: '2026-07-01', cycleEnd: '2026-07-01' });
    expect(fieldsReported(snapshot, 'meta', '').sort()).toEqual(['cycleEnd', 'cycleStart']);
    expect(snapshot.objectives.get(second)).toMatchObject({ title: 'Second', order: 'a0' });
    expect(fieldsReported(snapshot, 'objectives', second)).toEqual(['order']);
    expect(snapshot.alignment.teams.get(team)).toMatchObject({ name: '' });
    expect(fieldsReported(snapshot, 'teams', team)).toEqual(['name']);
    expect(snapshot.initiatives.get(initiative)).toMatchObject({ title: 'Spike', kind: 'activity', keyResultIds: [kr] });
    expect(fieldsReported(snapshot, 'initiatives', initiative)).toEqual(['kind']);
    expect(readWorkspace(peer.doc).problems).toEqual(snapshot.problems);

    setCycle(ctx, '2026-07-01', '2026-09-30');
    moveObjective(ctx, second, 1);
    renameTeam(ctx, team, 'Platform');
    setInitiativeKind(ctx, initiative, 'experiment');
    expect(readWorkspace(doc).problems).toEqual([]);
  });
});

describe('whatever a peer writes into one field', () => {
  // Long strings are not shrunk: shrinking a 100,000-character counterexample would take minutes.
  const junk = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.noShrink(fc.string({ minLength: 100_001, maxLength: 100_002 })));
  const RECORDS = ['objectives', 'keyResults', 'initiatives', 'teams'] as const;

  it('of a record: the record, the workspace and its file stay readable', () => {
    const { doc, ctx } = newWorkspace('Ana', 'ws-fuzz-fields');
    const objective = addObjective(ctx, { title: 'o' });
    const ids = {
      objectives: objective,
      keyResults: addKeyResult(ctx, objective, { title: 'k', kind: 'output', output: { target: 3, unit: '' } }),
      initiatives: addInitiative(ctx, { title: 'i', kind: 'activity' }),
      teams: addTeam(ctx, { name: 't' }),
    };
    const base = Y.encodeStateAsUpdate(doc);
    fc.assert(
      fc.property(fc.constantFrom(...RECORDS), fc.constantFrom('id', 'title', 'order', 'createdAt', 'kind', 'status', 'target', 'objectiveId', 'name', 'colour', 'keyResultIds', 'x'), junk, (root, field, value) => {
        const replica = new Y.Doc();
        Y.applyUpdate(replica, base);
        const entity = replica.getMap<Y.Map<unknown>>(root).get(ids[root])!;
        replica.transact(() => (value === undefined ? entity.delete(field) : entity.set(field, value)));
        const snapshot = readWorkspace(replica);
        const kept = root === 'teams' ? snapshot.alignment.teams : snapshot[root];
        expect(kept.has(ids[root])).toBe(true);
        expect(readWorkspaceFile(workspaceToFile(replica, '1.0.0', 1)).snapshot.problems).toEqual(snapshot.problems);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('of meta: the workspace reads, its file saves and reads back, and the store-side check accepts it', () => {
    const { doc } = newWorkspace('Ana', 'ws-fuzz-meta');
    const base = Y.encodeStateAsUpdate(doc);
    fc.assert(
      // Not schemaVersion: a higher version is how a newer Cairn marks its documents, and is refused by design (docs/schema.md).
      fc.property(fc.constantFrom('id', 'kind', 'title', 'cycleStart', 'cycleEnd', 'createdAt'), junk, (field, value) => {
        // This device's copy: opened with the id and kind its library lists (renderer/state/docStorage.ts).
        const replica = new Y.Doc();
        fixWorkspaceFacts(replica, { id: 'ws-fuzz-meta', kind: 'team' });
        Y.applyUpdate(replica, base);
        replica.transact(() => (value === undefined ? rootMap(replica, 'meta').delete(field) : rootMap(replica, 'meta').set(field, value)));
        expect(readWorkspace(replica).meta.id).toBe('ws-fuzz-meta');
        // Saving and reading back is what the Electron store checks before it writes (electron/common/fileStore.ts).
        expect(readWorkspaceFile(workspaceToFile(replica, '1.0.0', 1)).header.workspaceId).toBe('ws-fuzz-meta');
      }),
      { seed: 8, numRuns: 100 },
    );
  });
});

describe('a key result whose kind a peer broke', () => {
  it.each([['an unknown kind', 'pirate'], ['no kind', undefined]])('with %s reads as a milestone, reported, and setting a kind repairs it', (_label, kind) => {
    const { doc, ctx } = newWorkspace('Ana', 'ws-kr-kind');
    const objective = addObjective(ctx, { title: 'o' });
    const kr = addKeyResult(ctx, objective, { title: 'Broken', kind: 'metric', metric: { direction: 'increase', baseline: 0, target: 10, unit: '' } });
    doc.transact(() => {
      const map = rootMap(doc, 'keyResults').get(kr)!;
      if (kind === undefined) map.delete('kind');
      else map.set('kind', kind);
    }, 'remote-script');
    const snapshot = readWorkspace(doc);
    expect(snapshot.keyResults.get(kr)).toMatchObject({ title: 'Broken', kind: 'milestone' });
    expect(fieldsReported(snapshot, 'keyResults', kr)).toEqual(['kind']);
    setMetric(ctx, kr, { direction: 'increase', baseline: 0, target: 10, unit: '' });
    expect(readWorkspace(doc).problems).toEqual([]);
  });
});

describe('two edits within the command limits that exceed the reader limits together', () => {
  it('two concurrent 60,000-character descriptions are cut to the limit, the objective kept', () => {
    const { doc, ctx } = newWorkspace('Ana', 'ws-long-text');
    const id = addObjective(ctx, { title: 'Long' });
    const peer = peerOf(doc, 'Ben');
    editObjectiveText(ctx, id, 'description', 'a'.repeat(60_000));
    editObjectiveText(peer.ctx, id, 'description', 'b'.repeat(60_000));
    send(peer.doc, doc);
    const snapshot = readWorkspace(doc);
    expect(snapshot.objectives.get(id)?.description).toHaveLength(100_000);
    expect(fieldsReported(snapshot, 'objectives', id)).toEqual(['description']);
  });

  it('600 + 600 initiative links are cut to 1,000, the same ones on every replica', () => {
    const { doc, ctx } = newWorkspace('Ana', 'ws-many-links');
    const objective = addObjective(ctx, { title: 'o' });
    const krs = Array.from({ length: 1_200 }, (_, i) => addKeyResult(ctx, objective, { title: `k${i}`, kind: 'milestone' }));
    const initiative = addInitiative(ctx, { title: 'Many', kind: 'activity' });
    const peer = peerOf(doc, 'Ben');
    for (const kr of krs.slice(0, 600)) linkInitiative(ctx, initiative, kr, true);
    for (const kr of krs.slice(600)) linkInitiative(peer.ctx, initiative, kr, true);
    send(peer.doc, doc);
    send(doc, peer.doc);
    const mine = readWorkspace(doc);
    expect(mine.initiatives.get(initiative)?.keyResultIds).toHaveLength(1_000);
    expect(fieldsReported(mine, 'initiatives', initiative)).toEqual(['keyResultIds']);
    expect(readWorkspace(peer.doc).initiatives.get(initiative)?.keyResultIds).toEqual(mine.initiatives.get(initiative)?.keyResultIds);
  });

  it('600 + 600 journal links and two long answers are cut, the entry kept', () => {
    const doc = new Y.Doc();
    const ctx = localContext(doc, 'Ana', () => Date.UTC(2026, 6, 1));
    initWorkspace(ctx, { id: 'ws-journal-cut', title: 'Journal', kind: 'journal', cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
    const objective = addObjective(ctx, { title: 'o' });
    const krs = Array.from({ length: 1_200 }, (_, i) => addKeyResult(ctx, objective, { title: `k${i}`, kind: 'milestone' }));
    const entry = addJournalEntry(ctx);
    const peer = peerOf(doc, 'Ana on her laptop');
    for (const kr of krs.slice(0, 600)) linkJournalEntry(ctx, entry, kr);
    for (const kr of krs.slice(600)) linkJournalEntry(peer.ctx, entry, kr);
    editJournalText(ctx, entry, 'learned', 'a'.repeat(60_000));
    editJournalText(peer.ctx, entry, 'learned', 'b'.repeat(60_000));
    send(peer.doc, doc);
    const snapshot = readWorkspace(doc);
    expect(snapshot.journalEntries.get(entry)?.links).toHaveLength(1_000);
    expect(snapshot.journalEntries.get(entry)?.learned).toHaveLength(100_000);
    expect(fieldsReported(snapshot, 'journalEntries', entry).sort()).toEqual(['learned', 'links']);
    expect(rootMap(doc, 'journalEntries').get(entry)).toBeInstanceOf(Y.Map);
  });
});

describe('out-of-order delivery', () => {
  /**
   * Ana edits twice; Ben receives the second update first. Yjs keeps the
   * second update's new value pending (it lacks Ana's earlier clock) but
   * applies its deletion of the value Ben has: the key reads as absent.
   */
  function laterFirst() {
    const { doc, ctx } = newWorkspace('Ana', 'ws-out-of-order');
    addObjective(ctx, { title: 'o' });
    const ben = peerOf(doc, 'Ben');
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    addObjective(ctx, { title: 'an earlier edit' });
    setCycle(ctx, '2026-07-06', '2026-09-30');
    expect(updates).toHaveLength(2);
    Y.applyUpdate(ben.doc, updates[1]!, 'remote');
    return { ana: doc, ben: ben.doc, updates };
  }

  it('reads the workspace while the new value waits, the cycle reported', () => {
    const { ben } = laterFirst();
    expect(rootMap(ben, 'meta').has('cycleStart')).toBe(false);
    const snapshot = readWorkspace(ben);
    // setCycle wrote both dates in one transaction: both wait, both read as the creation day.
    expect(snapshot.meta).toMatchObject({ id: 'ws-out-of-order', cycleStart: '2026-07-01', cycleEnd: '2026-07-01' });
    expect(fieldsReported(snapshot, 'meta', '').sort()).toEqual(['cycleEnd', 'cycleStart']);
  });

  it('a .cairn written in that window is read back by Cairn’s own reader, and heals once the rest arrives', () => {
    const { ben, updates } = laterFirst();
    const loaded = readWorkspaceFile(workspaceToFile(ben, '1.0.0', 1));
    expect(loaded.snapshot.meta.id).toBe('ws-out-of-order');
    Y.applyUpdate(loaded.doc, updates[0]!, 'remote');
    expect(readWorkspace(loaded.doc).meta.cycleStart).toBe('2026-07-06');
    expect(readWorkspace(loaded.doc).problems).toEqual([]);
  });

  it('`cairn inspect` and `cairn export` succeed on that file and list the problems', async () => {
    const { ben } = laterFirst();
    const { io, out, written } = memoryIo({ '/files/ben.cairn': workspaceToFile(ben, '1.0.0', 1) });
    expect(await runCli(['inspect', '/files/ben.cairn'], io)).toBe(0);
    expect(out.join('')).toMatch(/Problems:\s+2\n\s+- meta: cycleStart: missing, read as its default\n/);
    expect(await runCli(['export', '/files/ben.cairn', '--format', 'json', '--out', '/files/ben.json'], io)).toBe(0);
    const exported = JSON.parse(new TextDecoder().decode(written['/files/ben.json'])) as { meta: { id: string } };
    expect(exported.meta.id).toBe('ws-out-of-order');
  });
});
