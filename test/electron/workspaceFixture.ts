import * as Y from 'yjs';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { localContext } from '../../shared/commands/context';
import { addKeyResult, deleteKeyResult } from '../../shared/commands/keyResults';
import { addObjective, deleteObjective } from '../../shared/commands/objectives';
import { initWorkspace } from '../../shared/commands/workspace';
import { workspaceToFile } from '../../shared/format/workspaceFile';

/** A real workspace built with the app's own commands, and the ids of what is in it. */
export interface WorkspaceFixture {
  doc: Y.Doc;
  id: string;
  title: string;
  objectiveIds: string[];
  keyResultIds: string[];
  checkInIds: string[];
}

/**
 * Two live objectives and one deleted; three live key results and one deleted;
 * three check-ins. Distinct counts so a swapped count fails a test.
 */
export function buildWorkspace(id = 'ws_Team-Alpha', title = 'Platform team Q1'): WorkspaceFixture {
  const doc = new Y.Doc();
  let clock = Date.UTC(2025, 0, 6, 9, 0);
  const ctx = localContext(doc, 'Ada', () => (clock += 60_000));
  initWorkspace(ctx, { id, title, kind: 'team', cycleStart: '2025-01-01', cycleEnd: '2025-03-31' });
  const ship = addObjective(ctx, { title: 'Ship the offline app', owner: 'Ada' });
  const grow = addObjective(ctx, { title: 'Grow the community' });
  const dropped = addObjective(ctx, { title: 'Rewrite everything' });
  deleteObjective(ctx, dropped);
  const teams = addKeyResult(ctx, ship, {
    title: 'Weekly active teams',
    kind: 'metric',
    metric: { direction: 'increase', baseline: 0, target: 50, unit: 'teams' },
  });
  const release = addKeyResult(ctx, ship, { title: 'Publish 1.0', kind: 'milestone' });
  const meetups = addKeyResult(ctx, grow, {
    title: 'Meetups held',
    kind: 'metric',
    metric: { direction: 'increase', baseline: 0, target: 6, unit: '' },
  });
  const abandoned = addKeyResult(ctx, grow, { title: 'Old idea', kind: 'milestone' });
  deleteKeyResult(ctx, abandoned);
  const checkInIds = [
    recordCheckIn(ctx, teams, { value: 12, confidence: 7, note: 'first week' }),
    recordCheckIn(ctx, teams, { value: 20, confidence: 8 }),
    recordCheckIn(ctx, meetups, { value: 1 }),
  ];
  return {
    doc,
    id,
    title,
    objectiveIds: [ship, grow, dropped],
    keyResultIds: [teams, release, meetups, abandoned],
    checkInIds,
  };
}

export function workspaceBytes(doc: Y.Doc, savedAt = Date.UTC(2025, 0, 7, 10, 0)): Uint8Array {
  return workspaceToFile(doc, '0.1.0', savedAt);
}
