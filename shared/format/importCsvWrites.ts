import type { CommandContext } from '../commands/context';
import { changeRecord, describeStatus, latestCheckpoint } from '../commands/lifecycle';
import { newId } from '../ids';
import { orderBetween, sortOrdered } from '../order';
import { keyResultStatus } from '../queries/tracking';
import { TEAM_COLOURS } from '../schema/alignment';
import type { WorkspaceSnapshot } from '../schema/read';
import type { Change, CheckIn, KeyResult } from '../schema/types';
import { toWellFormed } from '../text';
import { groupBy, type Measure, type PlannedKeyResult, type PlannedObjective, type PlannedTeam, type Resolution } from './importCsvMatch';
import { OKR_TEXTS, PLAIN_MAP, buildRecordMap, updateRecordMap } from './recordMaps';
import { rootMap } from '../schema/roots';

/* Writing the matched rows: teams, objectives and KRs created or updated, check-ins added, changes logged once published. */

/** "increase 10 → 40 teams", how a measure reads in the change log (as the KR commands write it). */
function describeMeasure(measure: Measure | KeyResult, unit: string): string {
  const suffix = unit ? ` ${unit}` : '';
  if (measure.kind === 'metric') return `${measure.direction} ${measure.baseline} → ${measure.target}${suffix}`;
  if (measure.kind === 'output') return `${measure.target}${suffix} delivered`;
  return measure.kind;
}

/** What every write of one import shares: who, when, why, and the writes collected so far. */
interface Writing {
  ctx: CommandContext;
  snapshot: WorkspaceSnapshot;
  /** Once published, additions need a reason and changes of plan go to the change log. */
  published: boolean;
  reason: string;
  created: { createdAt: number; createdBy: string; deletedAt: null; deletedBy: null };
  writes: (() => void)[];
  /** The next order key at the end of an objective's key results. */
  orderUnder: (objectiveId: string) => string;
}

/**
 * Everything the import writes, prepared outside the transaction (detached
 * maps built, change records checked), as writes that cannot fail.
 */
export function prepareWrites(ctx: CommandContext, resolution: Resolution, snapshot: WorkspaceSnapshot, file: string): (() => void)[] {
  const chains = new Map<string, OrderChain>();
  const w: Writing = {
    ctx,
    snapshot,
    published: latestCheckpoint(ctx.doc) !== null,
    reason: toWellFormed(`Imported from ${file}`).slice(0, 2_000),
    created: { createdAt: ctx.now(), createdBy: ctx.actor, deletedAt: null, deletedBy: null },
    writes: [],
    orderUnder: (objectiveId) => {
      const live = [...snapshot.keyResults.values()].filter((k) => k.objectiveId === objectiveId && k.deletedAt === null);
      const chain = chains.get(objectiveId) ?? new OrderChain(sortOrdered(live));
      chains.set(objectiveId, chain);
      return chain.next();
    },
  };
  writeTeams(w, resolution.teams);
  writeObjectives(w, resolution.objectives);
  writeTeamAssignments(w, resolution.objectives);
  for (const planned of resolution.keyResults) {
    if (planned.existing) updateKeyResult(w, planned, planned.existing);
    else addKeyResult(w, planned);
    if (planned.checkIn) {
      const record: CheckIn = { id: newId(), keyResultId: planned.id, ...planned.checkIn, note: w.reason, author: ctx.actor, at: ctx.now() };
      w.writes.push(() => rootMap(ctx.doc, 'checkIns').set(record.id, record));
    }
  }
  return w.writes;
}

/** A change-log record, written with the change once the OKRs are published (as the commands do). */
function logChange(w: Writing, entity: Change['entity'], entityId: string, kind: Change['kind'], from: string, to: string): void {
  if (!w.published) return;
  const record = changeRecord(w.ctx, { entity, entityId, kind, from, to, reason: w.reason });
  w.writes.push(() => rootMap(w.ctx.doc, 'changes').set(record.id, record));
}

function writeObjectives(w: Writing, objectives: readonly PlannedObjective[]): void {
  const orders = new OrderChain(sortOrdered([...w.snapshot.objectives.values()].filter((o) => o.deletedAt === null)));
  for (const objective of objectives) {
    if (objective.existing) {
      const map = rootMap(w.ctx.doc, 'objectives').get(objective.id)!;
      w.writes.push(() => updateRecordMap(map, { title: objective.title }, OKR_TEXTS));
      continue;
    }
    const fields = { id: objective.id, title: objective.title, description: '', why: '', owner: '', order: orders.next(), ...w.created, deletedKeyResultIds: [], commitment: 'committed', status: 'active', closedAs: null, addedReason: w.published ? w.reason : null };
    const map = buildRecordMap(fields, OKR_TEXTS);
    w.writes.push(() => rootMap(w.ctx.doc, 'objectives').set(objective.id, map));
    logChange(w, 'objective', objective.id, 'added', '', objective.title.trim().slice(0, 200));
  }
}

function addKeyResult(w: Writing, { id, row, measure, objective }: PlannedKeyResult): void {
  const unit = measure.kind === 'metric' || measure.kind === 'output' ? { unit: '' } : {};
  const status = row.status ?? { status: 'active', closedAs: null };
  const fields = { id, objectiveId: objective.id, title: row.title, description: '', why: '', risk: row.risk ?? null, ...status, addedReason: w.published ? w.reason : null, owner: row.owner ?? '', order: w.orderUnder(objective.id), ...w.created, ...measure, ...unit };
  const map = buildRecordMap(fields, OKR_TEXTS);
  w.writes.push(() => rootMap(w.ctx.doc, 'keyResults').set(id, map));
  logChange(w, 'keyResult', id, 'added', '', row.title.trim().slice(0, 200));
}

/** The fields of an existing KR the row changes, and the change records that go with them once published. */
function updateKeyResult(w: Writing, { row, measure, objective }: PlannedKeyResult, kr: KeyResult): void {
  const map = rootMap(w.ctx.doc, 'keyResults').get(kr.id)!;
  const fields: Record<string, unknown> = { title: row.title };
  if (row.owner !== undefined) fields.owner = row.owner;
  if (row.risk !== undefined) fields.risk = row.risk;
  // The sheet says how the KR reads, counting its objective (a KR of a dropped
  // objective reads "dropped"): that reading, sent back unchanged, is no change.
  const reads = keyResultStatus(kr, w.snapshot.objectives.get(kr.objectiveId));
  if (row.status && (row.status.status !== reads.status || row.status.closedAs !== reads.closedAs)) {
    Object.assign(fields, row.status);
    logChange(w, 'keyResult', kr.id, 'status', describeStatus(kr.status, kr.closedAs), describeStatus(row.status.status, row.status.closedAs));
  }
  const unit = 'unit' in kr ? kr.unit : '';
  if (describeMeasure(kr, unit) !== describeMeasure(measure, unit)) {
    Object.assign(fields, measure);
    logChange(w, 'keyResult', kr.id, 'target', describeMeasure(kr, unit), describeMeasure(measure, unit));
  }
  if (kr.objectiveId !== objective.id) Object.assign(fields, { objectiveId: objective.id, order: w.orderUnder(objective.id) });
  w.writes.push(() => updateRecordMap(map, fields, OKR_TEXTS));
}

/** New teams, after the live ones, each in the first colour no live team uses. */
function writeTeams(w: Writing, teams: readonly PlannedTeam[]): void {
  const live = sortOrdered([...w.snapshot.alignment.teams.values()].filter((t) => t.deletedAt === null));
  const orders = new OrderChain(live);
  const used = new Set(live.map((t) => t.colour));
  teams.forEach((team, i) => {
    const colour = TEAM_COLOURS.find((c) => !used.has(c)) ?? TEAM_COLOURS[(live.length + i) % TEAM_COLOURS.length]!;
    used.add(colour);
    const map = buildRecordMap({ id: team.id, name: team.name, colour, order: orders.next(), ...w.created }, PLAIN_MAP);
    w.writes.push(() => rootMap(w.ctx.doc, 'teams').set(team.id, map));
  });
}

/** As setObjectiveTeam: the objective's live assignments are soft-deleted and one is added, unless it is already the only one. */
function writeTeamAssignments(w: Writing, objectives: readonly PlannedObjective[]): void {
  const assignments = rootMap(w.ctx.doc, 'objectiveTeams');
  const live = groupBy([...w.snapshot.alignment.objectiveTeams.values()].filter((r) => r.deletedAt === null), (r) => r.objectiveId);
  for (const objective of objectives) {
    if (!objective.team) continue;
    const current = live.get(objective.id) ?? [];
    if (current.length === 1 && current[0]!.teamId === objective.team.id) continue;
    const id = newId();
    const record = buildRecordMap({ id, objectiveId: objective.id, teamId: objective.team.id, ...w.created }, PLAIN_MAP);
    const ended = { deletedAt: w.created.createdAt, deletedBy: w.ctx.actor };
    w.writes.push(() => {
      for (const old of current) updateRecordMap(assignments.get(old.id)!, ended, PLAIN_MAP);
      assignments.set(id, record);
    });
  }
}

/** Order keys appended one after another at the end of a list. */
class OrderChain {
  private last: string | null;
  constructor(sorted: readonly { order: string }[]) {
    this.last = sorted.at(-1)?.order ?? null;
  }
  next(): string {
    this.last = orderBetween(this.last, null);
    return this.last;
  }
}
