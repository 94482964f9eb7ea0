import { describe, expect, it } from 'vitest';
import { CommandError } from '../../shared/commands/context';
import { addKeyResult, setMetric } from '../../shared/commands/keyResults';
import { changeObjectiveLifecycle, markSessionStart, publishCheckpoint, setKeyResultStatus, setObjectiveCommitment, setObjectiveStatus } from '../../shared/commands/lifecycle';
import { addObjective } from '../../shared/commands/objectives';
import { changeHeading, changesSince, latestOf } from '../../shared/queries/changes';
import { readWorkspace } from '../../shared/schema/read';
import { day, newCycleWorkspace, replicaOf, syncBoth } from './issue4Fixtures';

const metric = { direction: 'increase' as const, baseline: 10, target: 40, unit: 'teams' };

function published() {
  const a = newCycleWorkspace();
  const o = addObjective(a.ctx, { title: 'Grow' });
  const kr = addKeyResult(a.ctx, o, { title: 'Teams', kind: 'metric', metric });
  a.clock.t = day(1);
  publishCheckpoint(a.ctx, 'Start of Q1');
  a.clock.t = day(10);
  // A minute between actions, so the change log's order is the order they were made in.
  return { ...a, ctx: { ...a.ctx, now: () => (a.clock.t += 60_000) }, o, kr };
}

const whatChanged = (doc: Parameters<typeof readWorkspace>[0]) => {
  const snapshot = readWorkspace(doc);
  return changesSince(snapshot, latestOf(snapshot.checkpoints.values())!).map((i) => [changeHeading(i.change), i.title, i.change.from, i.change.to, i.change.reason, i.unexplained]);
};

describe('commitments that can change', () => {
  it('moves an objective draft → active → closed, asking why for drops, deferrals, modifications and reopening', () => {
    const { ctx, doc, o } = published();
    setObjectiveStatus(ctx, o, { status: 'draft' });
    setObjectiveStatus(ctx, o, { status: 'active' });
    expect(() => setObjectiveStatus(ctx, o, { status: 'closed', closedAs: 'abandoned' })).toThrow(CommandError);
    expect(() => setObjectiveStatus(ctx, o, { status: 'closed', closedAs: 'deferred', reason: '  ' })).toThrow('Say why');
    expect(() => setObjectiveStatus(ctx, o, { status: 'closed' })).toThrow('Say how it ended');
    expect(readWorkspace(doc).objectives.get(o)).toMatchObject({ status: 'active', closedAs: null });
    setObjectiveStatus(ctx, o, { status: 'closed', closedAs: 'achieved' }); // the expected ending needs no reason
    expect(() => setObjectiveStatus(ctx, o, { status: 'active' })).toThrow('reopened');
    setObjectiveStatus(ctx, o, { status: 'active', reason: 'Closed by mistake' });
    setObjectiveStatus(ctx, o, { status: 'closed', closedAs: 'abandoned', reason: 'Another team owns onboarding now' });
    expect(readWorkspace(doc).objectives.get(o)).toMatchObject({ status: 'closed', closedAs: 'abandoned' });
    expect(whatChanged(doc).map((r) => r[0])).toEqual(['Now draft', 'Now active', 'Closed as achieved', 'Reopened', 'Dropped']);
  });

  it('asks why the commitment changes and logs it', () => {
    const { ctx, doc, o } = published();
    expect(readWorkspace(doc).objectives.get(o)?.commitment).toBe('committed');
    expect(() => setObjectiveCommitment(ctx, o, 'aspirational', '')).toThrow('Say why');
    setObjectiveCommitment(ctx, o, 'aspirational', 'Depends on a market we do not control');
    expect(whatChanged(doc)).toEqual([['Now aspirational', 'Grow', 'committed', 'aspirational', 'Depends on a market we do not control', false]]);
  });

  it('needs a reason to change a target or add a KR after publishing, and none before', () => {
    const created = newCycleWorkspace();
    const a = { ...created, ctx: { ...created.ctx, now: () => (created.clock.t += 60_000) } };
    const o = addObjective(a.ctx, { title: 'Grow' });
    const kr = addKeyResult(a.ctx, o, { title: 'Teams', kind: 'metric', metric });
    setMetric(a.ctx, kr, { ...metric, target: 50 }); // before publishing: free
    a.clock.t = day(1);
    publishCheckpoint(a.ctx, 'Start');
    a.clock.t = day(5);
    expect(() => setMetric(a.ctx, kr, { ...metric, target: 60 })).toThrow('say why the target changes');
    expect(readWorkspace(a.doc).keyResults.get(kr)).toMatchObject({ target: 50 }); // nothing half-applied
    setMetric(a.ctx, kr, { ...metric, target: 60 }, 'Pilot doubled the market');
    expect(() => addKeyResult(a.ctx, o, { title: 'NPS', kind: 'milestone' })).toThrow('added mid-cycle');
    addKeyResult(a.ctx, o, { title: 'NPS', kind: 'milestone', addedReason: 'Churn interviews' });
    setKeyResultStatus(a.ctx, kr, { status: 'closed', closedAs: 'deferred', reason: 'Next quarter' });
    expect(whatChanged(a.doc)).toEqual([
      ['Target changed', 'Teams', 'increase 10 → 50 teams', 'increase 10 → 60 teams', 'Pilot doubled the market', false],
      ['Added mid-cycle', 'NPS', '', 'NPS', 'Churn interviews', false],
      ['Deferred', 'Teams', 'active', 'closed: deferred', 'Next quarter', false],
    ]);
  });

  it('shows changes made offline on another replica and merged later, including additions made before it saw the checkpoint', () => {
    const a = newCycleWorkspace();
    const o = addObjective(a.ctx, { title: 'Grow' });
    const b = replicaOf(a.doc, 'Ben', day(3)); // Ben goes offline before publishing
    a.clock.t = day(2);
    publishCheckpoint(a.ctx, 'Start');
    addObjective(b.ctx, { title: 'Offline idea' }); // Ben has not seen the checkpoint: no reason asked
    b.clock.t = day(4);
    syncBoth(a.doc, b.doc);
    a.clock.t = day(6);
    setObjectiveStatus(b.ctx, o, { status: 'closed', closedAs: 'abandoned', reason: 'Merged into Offline idea' });
    syncBoth(a.doc, b.doc);
    expect(whatChanged(a.doc)).toEqual([
      ['Added mid-cycle', 'Offline idea', '', 'Offline idea', '', true],
      ['Dropped', 'Grow', 'active', 'closed: dropped', 'Merged into Offline idea', false],
    ]);
    expect(whatChanged(b.doc)).toEqual(whatChanged(a.doc));
  });

  it('changes commitment and status together or not at all', () => {
    const { ctx, doc, o } = published();
    // The status part is refused (closing needs a way it ended): the commitment must not change either.
    expect(() => changeObjectiveLifecycle(ctx, o, { commitment: 'aspirational', status: 'closed', reason: 'Market moved' })).toThrow('Say how it ended');
    expect(readWorkspace(doc).objectives.get(o)).toMatchObject({ commitment: 'committed', status: 'active' });
    expect(readWorkspace(doc).changes.size).toBe(0);
    changeObjectiveLifecycle(ctx, o, { commitment: 'aspirational', status: 'closed', closedAs: 'deferred', reason: 'Market moved' });
    expect(readWorkspace(doc).objectives.get(o)).toMatchObject({ commitment: 'aspirational', status: 'closed', closedAs: 'deferred' });
    expect(whatChanged(doc).map((r) => r[0])).toEqual(['Now aspirational', 'Deferred']);
  });
});

describe('workshop session checkpoints', () => {
  it('mark when a session began without counting as a publication', () => {
    const a = newCycleWorkspace();
    const o = addObjective(a.ctx, { title: 'Grow' });
    a.clock.t = day(2);
    const session = markSessionStart(a.ctx, '  Workshop  ');
    // Not published: an addition in the workshop needs no reason, and "what changed since publishing" has no baseline.
    expect(() => addKeyResult(a.ctx, o, { title: 'Teams', kind: 'metric', metric })).not.toThrow();
    const snapshot = readWorkspace(a.doc);
    expect(latestOf(snapshot.checkpoints.values())).toBeNull();
    expect(latestOf(snapshot.sessions.values())).toMatchObject({ id: session, name: 'Workshop', at: day(2) });
  });

  it('leave the latest publication in charge when both exist', () => {
    const { ctx, doc } = published();
    markSessionStart(ctx, 'Mid-cycle workshop');
    const snapshot = readWorkspace(doc);
    expect(latestOf(snapshot.checkpoints.values())?.name).toBe('Start of Q1');
    expect(latestOf(snapshot.sessions.values())?.name).toBe('Mid-cycle workshop');
  });
});
