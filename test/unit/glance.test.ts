import { describe, expect, it } from 'vitest';
import { dateWordsFor } from '../../shared/dateWords';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { setKeyResultStatus } from '../../shared/commands/lifecycle';
import { addObjective } from '../../shared/commands/objectives';
import { compareSignalsByImportance, glanceOf, glanceOfSnapshot, standingsOfSnapshot, TOP_SIGNALS } from '../../shared/queries/glance';
import { buildReport } from '../../shared/queries/report';
import type { Signal } from '../../shared/queries/signals';
import { readWorkspace } from '../../shared/schema/read';
import { day, newCycleWorkspace } from './issue4Fixtures';
import { buildRichWorkspace } from './richWorkspace';

const EN = dateWordsFor('en-US');

describe('at a glance', () => {
  it('says the same as the report: each objective’s progress and health, and the KRs’ health', () => {
    const rich = buildRichWorkspace();
    const snapshot = readWorkspace(rich.doc);
    const glance = glanceOfSnapshot(snapshot, rich.now, EN);
    const report = buildReport(snapshot, { scope: { kind: 'workspace' }, now: rich.now, locale: 'en-US' });
    const reported = new Map(report.groups.flatMap((g) => g.objectives).map((o) => [o.id, o]));
    expect(glance.objectives.length).toBeGreaterThan(1);
    for (const o of glance.objectives) {
      const r = reported.get(o.id)!;
      expect({ id: o.id, progress: o.progress, health: o.health.health, reasons: o.health.reasons }).toEqual({ id: r.id, progress: r.progress, health: r.health, reasons: r.healthReasons });
    }
    // The counts by health are the report's open objectives' KRs, counted.
    const counted = { 'on-track': 0, 'at-risk': 0, 'off-track': 0 };
    for (const o of report.groups.flatMap((g) => g.objectives)) {
      if (o.status === 'closed') continue;
      for (const kr of o.keyResults) if (kr.health) counted[kr.health]++;
    }
    expect(glance.keyResultsByHealth).toEqual(counted);
    expect(counted['on-track'] + counted['at-risk'] + counted['off-track']).toBeGreaterThan(0);
  });

  it('counts KRs by health, leaves closed ones out, and lists what is due this week, overdue first', () => {
    const { doc, ctx, clock } = newCycleWorkspace();
    const o = addObjective(ctx, { title: 'Grow' });
    const metric = (title: string) => addKeyResult(ctx, o, { title, kind: 'metric', metric: { direction: 'increase', baseline: 0, target: 100, unit: '' } });
    const onTrack = metric('On track');
    const behind = metric('Behind');
    const quiet = metric('Quiet');
    const closed = metric('Closed');
    clock.t = day(30);
    recordCheckIn(ctx, quiet, { value: 40, confidence: 8 });
    clock.t = day(40);
    recordCheckIn(ctx, onTrack, { value: 45, confidence: 8 });
    recordCheckIn(ctx, behind, { value: 5, confidence: 8 });
    recordCheckIn(ctx, closed, { value: 0, confidence: 1 });
    setKeyResultStatus(ctx, closed, { status: 'closed', closedAs: 'abandoned', reason: 'Not ours' });
    // Day 41 is 2026-02-11, a Wednesday: this week ends on Sunday the 15th.
    const glance = glanceOfSnapshot(readWorkspace(doc), day(41) + 12 * 3_600_000, EN);
    expect(glance.keyResultsByHealth).toEqual({ 'on-track': 1, 'at-risk': 1, 'off-track': 1 });
    expect(glance.dueThisWeek.map((d) => [d.title, d.due.overdue])).toEqual([['Quiet', true]]);
    expect(glance.objectives.map((x) => x.health.health)).toEqual(['at-risk']);
    expect(glance.topSignals.map((s) => [s.keyResultTitle, s.signal.kind])).toEqual([
      ['Behind', 'behind-pace'],
      ['Quiet', 'stale'],
    ]);
  });

  it('ranks signals: behind pace, confidence drop, divergence, then stale; newest evidence first; breakthroughs left out; five at most', () => {
    const signal = (kind: Signal['kind'], at: number, key: string): Signal => ({ kind, keyResultId: 'kr1', explanation: key, at, key });
    const ranked = [signal('stale', 9, 's'), signal('divergence', 5, 'd'), signal('behind-pace', 1, 'b1'), signal('confidence-drop', 3, 'c'), signal('behind-pace', 2, 'b2')].sort(
      compareSignalsByImportance,
    );
    expect(ranked.map((s) => s.key)).toEqual(['b2', 'b1', 'c', 'd', 's']);

    const { doc, ctx, clock } = newCycleWorkspace();
    const o = addObjective(ctx, { title: 'Many' });
    for (let i = 0; i < 7; i++) addKeyResult(ctx, o, { title: `KR ${i}`, kind: 'milestone' });
    clock.t = day(60);
    const standings = standingsOfSnapshot(readWorkspace(doc), day(60), EN);
    const glance = glanceOf(standings, day(60));
    expect(glance.openSignalCount).toBe(7);
    expect(glance.topSignals).toHaveLength(TOP_SIGNALS);
  });
});
