import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpuSeconds, cpuSecondsFromStat } from '../../bench/procStat';
import { README_BEGIN, README_END, renderSyncTable, replaceReadmeTable, type SyncResults } from '../../bench/syncReport';

/*
 * The workshop sync benchmark's own arithmetic and report (bench/sync.ts):
 * CPU per peer read from /proc/<pid>/stat, and the README table that must
 * say what bench/results/workshop-sync.json says.
 */

describe('CPU time from /proc/<pid>/stat', () => {
  it('counts utime + stime after the command name, whatever the name holds', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    const line = '4242 (node (peer) x) S 1 4242 4242 0 -1 4194304 5000 0 0 0 250 50 0 0 20 0 11 0 100 0';
    expect(cpuSecondsFromStat(line)).toBe(3);
  });

  it('refuses what is not a stat line', () => {
    expect(() => cpuSecondsFromStat('hello')).toThrow();
  });

  it("reads this process's own, and nothing for a process that is gone", () => {
    expect(cpuSeconds(process.pid)).toBeGreaterThan(0);
    expect(cpuSeconds(2 ** 22 + 1)).toBeNull();
  });
});

const room = (peers: number, reached: boolean) => ({
  peers,
  formation: { allLinkedSeconds: reached ? 3.2 : null, allHeldSeconds: reached ? 2.1 : null, linked: reached ? peers : peers - 3, held: peers, joiners: peers },
  departureSeenSeconds: 0.5,
  newcomer: { roomOf: peers - 1, holdsWorkspaceSeconds: 1.25, fullyConnectedSeconds: reached ? 4 : null, contentMatches: true, bytesSentByAllPeers: 2_700_000 },
  edits: { allConnected: reached, latency: { p50Ms: 6, p95Ms: 12, maxMs: 40, missing: reached ? 0 : 7 }, messagesPerEdit: 21, bytesPerEdit: 4100, cpuPerPeerPctOfOneCore: { mean: 2.4, max: 2.7 } },
});

const fixture: SyncResults = {
  measuredAt: '2026-12-07T08:00:00.000Z',
  machine: { cpus: 2, cpuModel: 'Test CPU', node: 'v20', loadAverageAtStart: [3.5, 2, 1] },
  workspace: { objectives: 50, keyResults: 250, checkIns: 5000, encodedBytes: 900_000 },
  loopback: [{ ...room(2, true), floor: { latency: { p50Ms: 2, p95Ms: 4, maxMs: 5, missing: 0 } } }, room(30, false)],
  overFloorAt2Peers: { p50: 3, p95: 3 },
  namespaces: { ran: true, newcomerLink: { rateKbit: 5000 }, rooms: [room(10, true)] },
};

describe('the README table', () => {
  const table = renderSyncTable(fixture);
  const rows = table.split('\n').filter((line) => /^\| (loopback|namespaces)/.test(line));

  it('has one row per room, loopback first, and says what was not reached', () => {
    expect(rows.map((r) => r.split(' | ').slice(0, 2).join(' | '))).toEqual(['| loopback | 2', '| loopback | 30', '| namespaces, newcomer at 5 Mbit/s | 10']);
    expect(rows[0]).toContain('3.2 s');
    expect(rows[0]).toContain('1.25 s (2.7 MB sent)');
    expect(rows[0]).toContain('6 / 12 / 40');
    expect(rows[1]).toContain('not reached (27/30 linked, 30/30 synced)');
    expect(rows[1]).toContain('(7 missing)');
    expect(table).toContain('Cairn over the floor: 3× at p50, 3× at p95');
  });

  it('replaces only what is between the markers', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'cairn-readme-')), 'README.md');
    await writeFile(file, `# Title\n\n${README_BEGIN}\nold table\n${README_END}\n\n## Next\n`);
    await replaceReadmeTable(file, 'new table');
    await replaceReadmeTable(file, 'newer table');
    expect(await readFile(file, 'utf8')).toBe(`# Title\n\n${README_BEGIN}\nnewer table\n${README_END}\n\n## Next\n`);
  });

  it("in README.md is the one bench/results/workshop-sync.json gives (rerun the bench, or `node --import tsx bench/sync.ts --readme-only`)", () => {
    const readme = readFileSync('README.md', 'utf8');
    const results = JSON.parse(readFileSync('bench/results/workshop-sync.json', 'utf8')) as SyncResults;
    const block = readme.slice(readme.indexOf(README_BEGIN) + README_BEGIN.length, readme.indexOf(README_END)).trim();
    expect(block).toBe(renderSyncTable(results));
  });
});
