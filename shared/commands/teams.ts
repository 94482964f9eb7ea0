import { newId } from '../ids';
import { orderAtEnd } from '../order';
import { COLOUR_PATTERN, TEAM_COLOURS } from '../schema/alignment';
import { CommandError, transact, type CommandContext } from './context';
import { liveOrders, liveWhere, mapOf, requireEntity, requireLiveEntity, requireShortText, restore, softDelete } from './entities';
import { rootMap } from '../schema/roots';

/*
 * Teams, and which team an objective belongs to. A team is a Y.Map of plain
 * values (name and colour are separate keys, so a rename and a recolour made
 * offline both stay). An objective's team is a record of its own: setting it
 * soft-deletes the objective's live records and adds one, in one transaction,
 * so two people setting it offline leave two live records, shown as a conflict
 * instead of one silently replacing the other.
 */

/** Stricter than the reader (500), so merged concurrent edits stay readable. */
const MAX_NAME = 200;

const liveTeams = (ctx: CommandContext) => liveOrders(rootMap(ctx.doc, 'teams'));

const requireTeam = (ctx: CommandContext, id: string) => requireEntity(rootMap(ctx.doc, 'teams'), id, 'team');

function checkName(ctx: CommandContext, value: string, teamId: string | null): string {
  const name = requireShortText(value, 'The team name', MAX_NAME);
  if (!name) throw new CommandError('Name the team.');
  const taken = liveTeams(ctx).some((t) => {
    const other = t.entity.get('name');
    return t.id !== teamId && typeof other === 'string' && other.toLowerCase() === name.toLowerCase();
  });
  if (taken) throw new CommandError(`There is already a team called ${name}.`);
  return name;
}

function checkColour(value: string): string {
  const colour = value.trim();
  if (!COLOUR_PATTERN.test(colour)) throw new CommandError('A colour is written like #2f6fde.');
  return colour.toLowerCase();
}

/** The first offered colour no live team uses (the palette wraps round when all are taken). */
function nextColour(ctx: CommandContext): string {
  const teams = liveTeams(ctx);
  const used = new Set(teams.map((t) => t.entity.get('colour')));
  return TEAM_COLOURS.find((c) => !used.has(c)) ?? TEAM_COLOURS[teams.length % TEAM_COLOURS.length]!;
}

export interface NewTeam {
  name: string;
  /** #rrggbb; the next unused colour of TEAM_COLOURS when omitted. */
  colour?: string;
}

/** Adds a team at the end of the teams. Returns its id. */
export function addTeam(ctx: CommandContext, input: NewTeam): string {
  const name = checkName(ctx, input.name, null);
  const colour = input.colour === undefined ? nextColour(ctx) : checkColour(input.colour);
  const id = newId();
  const team = mapOf({ id, name, colour, order: orderAtEnd(liveTeams(ctx)), createdAt: ctx.now(), createdBy: ctx.actor, deletedAt: null, deletedBy: null });
  transact(ctx, () => rootMap(ctx.doc, 'teams').set(id, team));
  return id;
}

export function renameTeam(ctx: CommandContext, id: string, name: string): void {
  const team = requireTeam(ctx, id);
  const value = checkName(ctx, name, id);
  if (team.get('name') !== value) transact(ctx, () => team.set('name', value));
}

export function setTeamColour(ctx: CommandContext, id: string, colour: string): void {
  const team = requireTeam(ctx, id);
  const value = checkColour(colour);
  if (team.get('colour') !== value) transact(ctx, () => team.set('colour', value));
}

/** Soft delete: the team's objectives keep it (shown as deleted) until restored or reassigned. */
export function deleteTeam(ctx: CommandContext, id: string): void {
  softDelete(ctx, requireTeam(ctx, id));
}

/** Restores a team; refused when a live team has taken its name meanwhile. */
export function restoreTeam(ctx: CommandContext, id: string): void {
  const team = requireTeam(ctx, id);
  if (team.get('deletedAt') == null) return;
  const name = team.get('name');
  if (typeof name === 'string') checkName(ctx, name, id);
  restore(ctx, team);
}

/**
 * Puts an objective in a team (a live one), or in none with null. Replaces
 * every live assignment of the objective, so it also settles a conflict.
 */
export function setObjectiveTeam(ctx: CommandContext, objectiveId: string, teamId: string | null): void {
  requireEntity(rootMap(ctx.doc, 'objectives'), objectiveId, 'objective');
  if (teamId !== null) requireLiveEntity(rootMap(ctx.doc, 'teams'), teamId, 'team');
  // The objective's live team records: normally one, more after concurrent edits.
  const current = liveWhere(rootMap(ctx.doc, 'objectiveTeams'), 'objectiveId', objectiveId);
  if (teamId !== null && current.length === 1 && current[0]!.get('teamId') === teamId) return;
  if (teamId === null && current.length === 0) return;
  const id = newId();
  const record = teamId === null ? null : mapOf({ id, objectiveId, teamId, createdAt: ctx.now(), createdBy: ctx.actor, deletedAt: null, deletedBy: null });
  transact(ctx, () => {
    for (const old of current) softDelete(ctx, old);
    if (record) rootMap(ctx.doc, 'objectiveTeams').set(id, record);
  });
}
