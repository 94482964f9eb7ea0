import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { setKeyResultStatus } from '../../shared/commands/lifecycle';
import { addObjective } from '../../shared/commands/objectives';
import { DAY_MS, dateMs } from '../../shared/dates';
import { dueKeyResultsOf } from '../../shared/queries/myDueKeyResults';
import { ownedBy } from '../../shared/reminders';
import { readWorkspace } from '../../shared/schema/read';
import { newWorkspace } from '../support/workspace';

/*
 * What reminders pick from: each tracked KR with its owner and the date its
 * next check-in is due, one check-in rhythm (7 days by default) on.
 */

const metric = { title: 'Weekly active teams', kind: 'metric' as const, metric: { direction: 'increase' as const, baseline: 10, target: 40, unit: 'teams' } };

function setField(doc: Y.Doc, root: string, id: string, key: string, value: unknown) {
  const record = doc.getMap(root).get(id);
  if (!(record instanceof Y.Map)) throw new Error(`no ${root} record ${id}`);
  record.set(key, value);
}

describe('dueKeyResultsOf', () => {
  it('is due a rhythm after the latest check-in, or after the cycle start for a KR without one', () => {
    const { doc, ctx, tick } = newWorkspace('Ana');
    const objective = addObjective(ctx, { title: 'Teams adopt Cairn' });
    const quiet = addKeyResult(ctx, objective, { ...metric, title: 'Never checked in' });
    const checked = addKeyResult(ctx, objective, metric);
    tick(3 * DAY_MS);
    recordCheckIn(ctx, checked, { value: 12, confidence: 6 });
    const checkedAt = ctx.now();

    const due = dueKeyResultsOf(readWorkspace(doc), { id: 'ws-test-0001', name: 'Growth Q3' });

    const created = readWorkspace(doc).keyResults.get(quiet)!.createdAt;
    expect(Object.fromEntries(due.map((d) => [d.title, d.dueAt]))).toEqual({
      'Never checked in': Math.max(created, dateMs('2026-07-01')) + 7 * DAY_MS,
      'Weekly active teams': checkedAt + 7 * DAY_MS,
    });
    expect(due[0]).toMatchObject({ workspaceId: 'ws-test-0001', workspaceName: 'Growth Q3' });
  });

  it("takes the KR's owner, else its objective's; a KR neither names is nobody's, not its author's", () => {
    const { doc, ctx } = newWorkspace('Ana');
    const objective = addObjective(ctx, { title: 'Teams adopt Cairn' });
    const own = addKeyResult(ctx, objective, { ...metric, title: 'Own owner' });
    addKeyResult(ctx, objective, { ...metric, title: 'Objective owner' });
    const other = addObjective(ctx, { title: 'Unassigned' });
    addKeyResult(ctx, other, { ...metric, title: 'Author' });
    setField(doc, 'keyResults', own, 'owner', 'Ben');
    setField(doc, 'objectives', objective, 'owner', 'Chloé');

    const owners = dueKeyResultsOf(readWorkspace(doc), { id: 'w', name: 'W' }).map((d) => [d.title, d.owner]);

    expect(Object.fromEntries(owners)).toEqual({ 'Own owner': 'Ben', 'Objective owner': 'Chloé', Author: '' });
  });

  it('reminds Ana of no KR she only wrote: in a workshop one person types the whole room’s KRs', () => {
    const { doc, ctx } = newWorkspace('Ana');
    const room = addObjective(ctx, { title: 'Typed by the facilitator' });
    addKeyResult(ctx, room, { ...metric, title: 'Ben’s, not yet assigned' });
    const hers = addKeyResult(ctx, room, { ...metric, title: 'Ana’s own' });
    setField(doc, 'keyResults', hers, 'owner', 'ana');
    const led = addObjective(ctx, { title: 'Led by Ana' });
    addKeyResult(ctx, led, { ...metric, title: 'Under her objective' });
    setField(doc, 'objectives', led, 'owner', 'Ana');

    const candidates = dueKeyResultsOf(readWorkspace(doc), { id: 'w', name: 'W' });

    expect(ownedBy(candidates, 'Ana').map((d) => d.title).sort()).toEqual(['Ana’s own', 'Under her objective']);
    expect(ownedBy(candidates, '').map((d) => d.title)).toEqual([]);
  });

  it('leaves out closed KRs: nobody checks them in any more', () => {
    const { doc, ctx } = newWorkspace('Ana');
    const objective = addObjective(ctx, { title: 'Teams adopt Cairn' });
    const closed = addKeyResult(ctx, objective, { ...metric, title: 'Done' });
    addKeyResult(ctx, objective, metric);
    setKeyResultStatus(ctx, closed, { status: 'closed', closedAs: 'achieved', reason: 'Reached early' });

    expect(dueKeyResultsOf(readWorkspace(doc), { id: 'w', name: 'W' }).map((d) => d.title)).toEqual(['Weekly active teams']);
  });
});
