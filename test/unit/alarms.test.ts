import { afterEach, describe, expect, it } from 'vitest';
import { observeProjection, type Projection } from '../../renderer/state/projection';
import { openSignalsOf, selectWorkspaceSignals } from '../../renderer/state/signals';
import type { WorkspaceState } from '../../renderer/state/workspaceSession';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { recordDecision } from '../../shared/commands/decisions';
import { alignObjective } from '../../shared/commands/alignment';
import { addDependency, linkDependencyKeyResult } from '../../shared/commands/dependencies';
import { addInitiative, linkInitiative } from '../../shared/commands/initiatives';
import { addRolloutPlan } from '../../shared/commands/rollouts';
import { addTeam } from '../../shared/commands/teams';
import { addKeyResult, setKeyResultRisk } from '../../shared/commands/keyResults';
import { publishCheckpoint, setKeyResultStatus, setObjectiveStatus } from '../../shared/commands/lifecycle';
import { addObjective } from '../../shared/commands/objectives';
import { keyResultsCsv } from '../../shared/format/csvExport';
import { applyCsvImport, planCsvImport } from '../../shared/format/importCsv';
import { reportToHtml } from '../../shared/format/html';
import { reportToMarkdown } from '../../shared/format/markdown';
import { changeHeading, changesSince, latestOf } from '../../shared/queries/changes';
import { workspaceSignals } from '../../shared/queries/decisions';
import { outlineOf } from '../../shared/queries/outline';
import { buildReport } from '../../shared/queries/report';
import { WHOLE_WORKSPACE } from '../../shared/queries/scope';
import { DEFAULT_SIGNAL_THRESHOLDS, signalsOf } from '../../shared/queries/signals';
import { timelineOf } from '../../shared/queries/timeline';
import { isTracked, keyResultStatus, keyResultStatusLabel, offeredTargets, statusLabel, trackedKeyResults } from '../../shared/queries/tracking';
import { readWorkspace } from '../../shared/schema/read';
import type { Change } from '../../shared/schema/types';
import { CYCLE, DAY, day, newCycleWorkspace, plainCheckIn, plainKeyResult, plainQuestion, signalsInputOf } from './issue4Fixtures';
import { rootMap } from '../../shared/schema/roots';

/*
 * Issue 12, "Alarms that mean something": signals that count from when a KR
 * exists, go quiet when it (or its objective) is closed, show one pace state
 * at a time, and one word — "dropped" — for the ending the user picks.
 */

const kinds = (signals: { kind: string }[]) => signals.map((s) => s.kind);

describe('stale counts from when the KR was added', () => {
  it('is quiet on a KR added today in a cycle that began 66 days ago', () => {
    const addedToday = plainKeyResult({ kind: 'metric', direction: 'increase', baseline: 0, target: 10, unit: '', createdAt: day(66) });
    expect(kinds(signalsOf(addedToday, [], CYCLE, day(66) + 3_600_000))).not.toContain('stale');
  });

  it('fires after the check-in rhythm counted from its creation, saying so', () => {
    const added = plainKeyResult({ kind: 'milestone', createdAt: day(66) });
    expect(kinds(signalsOf(added, [], CYCLE, day(73) + DAY - 1))).not.toContain('stale');
    expect(signalsOf(added, [], CYCLE, day(74)).find((s) => s.kind === 'stale')?.explanation).toBe(
      'No check-in yet, 8 days since it was added (the team checks in every 7).',
    );
  });

  it('counts from the cycle start for a KR written before the cycle began', () => {
    const early = plainKeyResult({ kind: 'milestone', createdAt: day(-20) });
    expect(signalsOf(early, [], CYCLE, day(9)).find((s) => s.kind === 'stale')?.explanation).toBe(
      'No check-in yet, 9 days into the cycle (the team checks in every 7).',
    );
  });
});

describe('one pace state at a time', () => {
  // Four questions; by day 60 the pace line expects two thirds answered.
  const questions = ['a', 'b', 'c', 'd'].map((id) => plainQuestion(id, `Question ${id}?`));
  const learning = plainKeyResult({ kind: 'learning' });

  it('says behind pace, not breakthrough, when an answer still leaves the KR behind the pace line', () => {
    const history = [plainCheckIn(day(60), 0, { answers: { a: 'validated' } })];
    const signals = signalsOf(learning, history, CYCLE, day(61), undefined, questions);
    expect(kinds(signals)).toContain('behind-pace');
    expect(kinds(signals)).not.toContain('breakthrough');
  });

  it('says breakthrough when an answer leaves the KR on pace', () => {
    const history = [plainCheckIn(day(10), 0, { answers: { a: 'open' } }), plainCheckIn(day(30), 0, { answers: { a: 'validated', b: 'invalidated' } })];
    const signals = signalsOf(learning, history, CYCLE, day(31), undefined, questions);
    expect(kinds(signals)).toContain('breakthrough');
    expect(kinds(signals)).not.toContain('behind-pace');
  });

  it('never shows both for any kind of KR, whatever the check-ins', () => {
    const metric = plainKeyResult({ kind: 'metric', direction: 'increase', baseline: 0, target: 100, unit: '' });
    const output = plainKeyResult({ kind: 'output', target: 8, unit: 'guides' });
    for (let d = 5; d <= 90; d += 5) {
      for (const value of [0, 1, 3, 20, 50, 90]) {
        const answers = { a: 'validated' as const, ...(value > 10 ? { b: 'validated' as const } : {}) };
        for (const [kr, history, asked] of [
          [metric, [plainCheckIn(day(d - 4), 0), plainCheckIn(day(d), value)], []],
          [output, [plainCheckIn(day(d - 4), 0), plainCheckIn(day(d), Math.min(8, value))], []],
          [learning, [plainCheckIn(day(d - 4), 0, { answers: { a: 'open' } }), plainCheckIn(day(d), 0, { answers })], questions],
        ] as const) {
          const found = kinds(signalsOf(kr, history, CYCLE, day(d) + 1, undefined, asked));
          expect(found.includes('behind-pace') && found.includes('breakthrough'), `${kr.kind} at day ${d}, value ${value}`).toBe(false);
        }
      }
    }
  });
});

/** A published workspace on day 50 with a committed objective whose two KRs are well behind and have not checked in for weeks. */
function dropScenario() {
  const { doc, ctx, clock } = newCycleWorkspace();
  const dropped = addObjective(ctx, { title: 'Launch the forum' });
  const krA = addKeyResult(ctx, dropped, { title: 'Forum members', kind: 'metric', metric: { direction: 'increase', baseline: 0, target: 500, unit: 'members' } });
  const krB = addKeyResult(ctx, dropped, { title: 'Moderators trained', kind: 'milestone' });
  const kept = addObjective(ctx, { title: 'Keep customers' });
  const krC = addKeyResult(ctx, kept, { title: 'Churn below 2%', kind: 'milestone' });
  clock.t = day(1);
  publishCheckpoint(ctx, 'Start of Q1');
  clock.t = day(50);
  setObjectiveStatus(ctx, dropped, { status: 'closed', closedAs: 'abandoned', reason: 'The community team took it over' });
  return { doc, ctx, clock, dropped, kept, krA, krB, krC };
}

describe('closed and dropped things are quiet', () => {
  it('a dropped objective’s KRs are not tracked and raise no signals; the other objective’s still do', () => {
    const { doc, krA, krB, krC } = dropScenario();
    const snapshot = readWorkspace(doc);
    const tracked = trackedKeyResults(outlineOf(snapshot));
    expect(tracked.map((kr) => kr.id)).toEqual([krC]);
    const input = { ...signalsInputOf(snapshot), keyResults: tracked };
    const signalled = new Set(workspaceSignals(input, day(50)).map((s) => s.signal.keyResultId));
    expect(signalled.has(krA) || signalled.has(krB)).toBe(false);
    expect(signalled.has(krC)).toBe(true);
  });

  it('a closed KR is not tracked, nor one of a closed objective; drafts are', () => {
    const { doc, ctx, krA, krC, kept } = dropScenario();
    setKeyResultStatus(ctx, krC, { status: 'closed', closedAs: 'achieved' });
    const draft = addKeyResult(ctx, kept, { title: 'Draft KR', kind: 'milestone', addedReason: 'New idea' });
    setKeyResultStatus(ctx, draft, { status: 'draft' });
    const snapshot = readWorkspace(doc);
    const objectiveOf = (id: string) => snapshot.objectives.get(snapshot.keyResults.get(id)!.objectiveId);
    expect(isTracked(snapshot.keyResults.get(krA)!, objectiveOf(krA))).toBe(false);
    expect(isTracked(snapshot.keyResults.get(krC)!, objectiveOf(krC))).toBe(false);
    expect(isTracked(snapshot.keyResults.get(draft)!, objectiveOf(draft))).toBe(true);
  });

  it('a KR of a dropped objective reads as dropped, with its objective', () => {
    const { doc, krA } = dropScenario();
    const snapshot = readWorkspace(doc);
    const kr = snapshot.keyResults.get(krA)!;
    const status = keyResultStatus(kr, snapshot.objectives.get(kr.objectiveId));
    expect(status).toEqual({ status: 'closed', closedAs: 'abandoned', viaObjective: true });
    expect(keyResultStatusLabel(status)).toBe('Closed: dropped (with its objective)');
  });

  it('pickers offer tracked targets, and keep one already chosen so it still shows', () => {
    const { doc, krA, krC } = dropScenario();
    const snapshot = readWorkspace(doc);
    const all = outlineOf(snapshot).objectives.flatMap((o) => o.keyResults);
    const tracked = new Set(trackedKeyResults(outlineOf(snapshot)).map((kr) => kr.id));
    expect(offeredTargets(all, (kr) => tracked.has(kr.id), []).map((kr) => kr.id)).toEqual([krC]);
    expect(offeredTargets(all, (kr) => tracked.has(kr.id), [krA]).map((kr) => kr.id)).toEqual([krA, krC]);
  });

  it('the report lists a dropped objective as dropped in HTML, Markdown and CSV, never as Active', () => {
    const { doc, ctx, krA } = dropScenario();
    setKeyResultRisk(ctx, krA, 'execution');
    const snapshot = readWorkspace(doc);
    const report = buildReport(snapshot, { scope: WHOLE_WORKSPACE, now: day(50), locale: 'en-US' });
    // A closed objective is one line in its own short section, not a full section with its KRs.
    expect(report.groups.flatMap((g) => g.objectives).map((o) => o.title)).not.toContain('Launch the forum');
    const forum = report.closed.find((o) => o.title === 'Launch the forum')!;
    expect(forum.statusLabel).toBe('Closed: dropped');
    const markdown = reportToMarkdown(report);
    const html = reportToHtml(report);
    for (const text of [markdown, html]) {
      expect(text).toContain('Launch the forum');
      expect(text).toContain('Closed: dropped');
      expect(text).not.toMatch(/abandoned/i);
    }
    // The sheet says it in the same words (statusLabel).
    const rows = keyResultsCsv(snapshot, WHOLE_WORKSPACE).split('\r\n');
    const forumRows = rows.filter((r) => r.includes('Launch the forum'));
    expect(forumRows).toHaveLength(2);
    for (const row of forumRows) expect(row).toMatch(/,Closed: dropped,/);
  });
  it('the KR sheet of a dropped objective, imported back unchanged, changes nothing', () => {
    const { doc, krA } = dropScenario();
    const before = readWorkspace(doc);
    applyCsvImport(doc, planCsvImport(keyResultsCsv(before, WHOLE_WORKSPACE), 'okrs.csv', before), { actor: 'Ana', now: () => day(51) });
    const after = readWorkspace(doc);
    expect(after.keyResults.get(krA)).toMatchObject({ status: 'active', closedAs: null });
    expect(after.changes.size).toBe(before.changes.size);
  });
});

describe('one word for the ending the user picks: dropped', () => {
  it('reads every status as the UI offers it', () => {
    expect(statusLabel('closed', 'abandoned')).toBe('Closed: dropped');
    expect(statusLabel('closed', 'deferred')).toBe('Closed: deferred');
    expect(statusLabel('active', null)).toBe('Active');
  });

  it('the change log says dropped, also for records stored by an older Cairn as “closed: abandoned”', () => {
    const { doc } = dropScenario();
    // A record written before the word changed, as a peer on an older version stores it.
    const legacy: Change = { id: 'legacychange01', entity: 'objective', entityId: 'gone', kind: 'status', from: 'closed: abandoned', to: 'active', reason: 'Back on', author: 'Bo', at: day(60) };
    doc.transact(() => rootMap(doc, 'changes').set(legacy.id, legacy));
    const snapshot = readWorkspace(doc);
    const items = changesSince(snapshot, latestOf(snapshot.checkpoints.values())!);
    const texts = items.map((i) => `${changeHeading(i.change)} | ${i.change.from} → ${i.change.to}`);
    expect(texts).toEqual(['Dropped | active → closed: dropped', 'Reopened | closed: dropped → active']);
  });

  it('what changed in the session says dropped too', () => {
    const { doc, ctx, clock } = dropScenario();
    const session = { id: 'session000001', name: 'Workshop', author: 'Ana', at: day(49) };
    clock.t = day(51);
    const another = addObjective(ctx, { title: 'Another', addedReason: 'Found in the workshop' });
    setObjectiveStatus(ctx, another, { status: 'closed', closedAs: 'abandoned', reason: 'Merged into Keep customers' });
    const report = buildReport(readWorkspace(doc), { scope: WHOLE_WORKSPACE, now: day(52), locale: 'en-US', sessionSince: session });
    const markdown = reportToMarkdown(report);
    expect(markdown).toContain('closed: dropped');
    expect(markdown).not.toMatch(/abandoned/i);
  });
});

describe('the app’s signal selectors go quiet with the objective', () => {
  let stop: (() => void) | null = null;
  afterEach(() => stop?.());

  it('the Signals tab and the KR rows drop a KR when its objective is dropped, and pick it up again when it is reopened', () => {
    const { doc, ctx, dropped, krA, krC } = dropScenario();
    let projection!: Projection;
    stop = observeProjection(doc, (p) => (projection = p), (flush) => flush());
    const state = () => ({ ...projection, workspaceId: 'w', phase: 'ready', error: null, restoredFromFile: false, canUndo: false, canRedo: false }) as WorkspaceState;
    const signalled = () => new Set(selectWorkspaceSignals(state(), day(50)).map((s) => s.signal.keyResultId));
    expect(signalled().has(krA)).toBe(false);
    expect(signalled().has(krC)).toBe(true);
    expect(openSignalsOf(state().keyResults[krA]!, state(), day(50))).toEqual([]);
    setObjectiveStatus(ctx, dropped, { status: 'active', reason: 'The community team gave it back' });
    expect(signalled().has(krA)).toBe(true);
    expect(openSignalsOf(state().keyResults[krA]!, state(), day(50)).map((s) => s.kind)).toContain('stale');
  });
});

describe('the timeline of a closed KR', () => {
  it('keeps the signals a decision answered and drops the open ones', () => {
    const { doc, ctx, clock, dropped, krA } = dropScenario();
    // The history is written while the objective is open (a dropped KR takes no new check-ins), then it is dropped again.
    setObjectiveStatus(ctx, dropped, { status: 'active', closedAs: null, reason: 'Back on' });
    clock.t = day(20);
    recordCheckIn(ctx, krA, { value: 10, confidence: 8 });
    clock.t = day(30);
    recordCheckIn(ctx, krA, { value: 20, confidence: 3 });
    setObjectiveStatus(ctx, dropped, { status: 'closed', closedAs: 'abandoned', reason: 'The community team took it over' });
    const snapshot = readWorkspace(doc);
    const kr = snapshot.keyResults.get(krA)!;
    const history = [...snapshot.checkIns.values()].filter((c) => c.keyResultId === krA);
    const drop = signalsOf(kr, history, CYCLE, day(31)).find((s) => s.kind === 'confidence-drop')!;
    clock.t = day(31);
    recordDecision(ctx, { kind: 'pivot', rationale: 'Members come from the newsletter, not the forum', keyResultIds: [krA], checkInIds: [], signalKeys: [drop.key] });
    const input = { keyResult: kr, history, questions: [], decisions: [...readWorkspace(doc).decisions.values()], meta: CYCLE, thresholds: DEFAULT_SIGNAL_THRESHOLDS };
    const signalKinds = (tracked: boolean) => timelineOf({ ...input, tracked }, day(50)).flatMap((i) => (i.type === 'signal' ? [i.signal.kind] : []));
    expect(signalKinds(true)).toEqual(expect.arrayContaining(['behind-pace', 'confidence-drop', 'stale']));
    expect(signalKinds(false)).toEqual(['confidence-drop']);
  });
});

describe('nothing new links to a closed KR or objective', () => {
  it('a dropped objective’s KR takes no new check-in, saying what to do', () => {
    const { ctx, krA, krC } = dropScenario();
    expect(() => recordCheckIn(ctx, krA, { value: 5 })).toThrow(/reopen the objective to check in/);
    expect(recordCheckIn(ctx, krC, { value: 1 })).toEqual(expect.any(String));
  });

  it('the commands refuse a dropped objective’s KR as a target, saying what to do, and accept the live one', () => {
    const { doc, ctx, dropped, kept, krA, krC } = dropScenario();
    const reopen = /reopen the objective to/;
    expect(() => addInitiative(ctx, { title: 'Forum launch party', keyResultIds: [krA] })).toThrow(reopen);
    const work = addInitiative(ctx, { title: 'Churn interviews', keyResultIds: [krC] });
    expect(() => linkInitiative(ctx, work, krA, true)).toThrow(reopen);
    expect(() => addRolloutPlan(ctx, { title: 'Forum', keyResultId: krA })).toThrow(reopen);
    const [growth, support] = [addTeam(ctx, { name: 'Growth' }), addTeam(ctx, { name: 'Support' })];
    expect(() => addDependency(ctx, { fromTeamId: growth, toTeamId: support, what: 'Moderators', keyResultId: krA })).toThrow(reopen);
    const dependency = addDependency(ctx, { fromTeamId: growth, toTeamId: support, what: 'Survey list', keyResultId: krC });
    expect(() => linkDependencyKeyResult(ctx, dependency, krA)).toThrow(reopen);
    expect(() => alignObjective(ctx, kept, { type: 'keyResult', id: krA })).toThrow(reopen);
    expect(() => alignObjective(ctx, kept, { type: 'objective', id: dropped })).toThrow('That objective is closed: reopen it to align under it.');
    // Nothing was written by the refusals.
    const snapshot = readWorkspace(doc);
    expect([...snapshot.initiatives.values()].map((i) => i.keyResultIds)).toEqual([[krC]]);
    expect(snapshot.rolloutPlans.size).toBe(0);
    expect([...snapshot.alignment.dependencies.values()].map((d) => d.keyResultId)).toEqual([krC]);
    expect(snapshot.alignment.alignments.size).toBe(0);
  });

  it('a closed KR of an open objective is refused too; unlinking one already linked is not', () => {
    const { ctx, krC } = dropScenario();
    const work = addInitiative(ctx, { title: 'Churn interviews', keyResultIds: [krC] });
    setKeyResultStatus(ctx, krC, { status: 'closed', closedAs: 'achieved' });
    expect(() => addRolloutPlan(ctx, { title: 'Exit survey', keyResultId: krC })).toThrow('That key result is closed (or has no open objective): reopen it to plan a rollout for it.');
    expect(() => linkInitiative(ctx, work, krC, true)).not.toThrow(); // already linked: nothing new
    expect(() => linkInitiative(ctx, work, krC, false)).not.toThrow();
    expect(() => linkInitiative(ctx, work, krC, true)).toThrow('reopen it to link work to it');
  });
});
