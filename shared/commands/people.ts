import { newId } from '../ids';
import { rootMap } from '../schema/roots';
import { personKey } from '../queries/people';
import { CommandError, transact, type CommandContext } from './context';
import { mapOf, requireEntity, requireShortText, softDelete } from './entities';

/*
 * People added by hand (docs/schema.md, "people"). Owners stay plain names,
 * readable by older Cairn and exported as they are: renaming a person rewrites
 * the owners that name them, in the same transaction. Authors are history and
 * are never rewritten.
 */

/** Stricter than the reader (500), like every name Cairn writes. */
const MAX_NAME = 200;

function checkName(value: string): string {
  const name = requireShortText(value.replace(/\s+/g, ' '), 'The name', MAX_NAME);
  if (!name) throw new CommandError("Type the person's name.");
  return name;
}

/** The live hand-added record named `name` (compared as personKey does), other than `exceptId`. */
function liveNamed(ctx: CommandContext, name: string, exceptId: string | null): boolean {
  const key = personKey(name);
  let found = false;
  rootMap(ctx.doc, 'people').forEach((person, id) => {
    const stored = person.get('name');
    if (id !== exceptId && person.get('deletedAt') == null && typeof stored === 'string' && personKey(stored) === key) found = true;
  });
  return found;
}

/** Adds a person by hand. Returns their id. */
export function addPerson(ctx: CommandContext, rawName: string): string {
  const name = checkName(rawName);
  if (liveNamed(ctx, name, null)) throw new CommandError(`${name} is already one of this workspace's people.`);
  const id = newId();
  const person = mapOf({ id, name, createdAt: ctx.now(), createdBy: ctx.actor, deletedAt: null, deletedBy: null });
  transact(ctx, () => rootMap(ctx.doc, 'people').set(id, person));
  return id;
}

/**
 * Renames a hand-added person, and every objective, KR and initiative
 * (deleted ones too, so a restore shows the new name) whose owner is the old
 * name. Returns how many owners were rewritten.
 */
export function renamePerson(ctx: CommandContext, id: string, rawName: string): number {
  const person = requireEntity(rootMap(ctx.doc, 'people'), id, 'person');
  if (person.get('deletedAt') != null) throw new CommandError('That person was removed.');
  const name = checkName(rawName);
  const old = person.get('name');
  if (old === name) return 0;
  if (liveNamed(ctx, name, id)) throw new CommandError(`${name} is already one of this workspace's people.`);
  const oldKey = typeof old === 'string' ? personKey(old) : '';
  let rewritten = 0;
  transact(ctx, () => {
    person.set('name', name);
    if (!oldKey) return;
    for (const root of [rootMap(ctx.doc, 'objectives'), rootMap(ctx.doc, 'keyResults'), rootMap(ctx.doc, 'initiatives')]) {
      root.forEach((entity) => {
        const owner = entity.get('owner');
        if (typeof owner === 'string' && personKey(owner) === oldKey) {
          entity.set('owner', name);
          rewritten++;
        }
      });
    }
  });
  return rewritten;
}

/** Removes a hand-added person (soft delete). Owners naming them keep the name. */
export function removePerson(ctx: CommandContext, id: string): void {
  softDelete(ctx, requireEntity(rootMap(ctx.doc, 'people'), id, 'person'));
}

/**
 * Adds a person typed as a new owner, unless someone added them meanwhile
 * (a peer, a second click): returns their id, or null when they were already here.
 */
export function addPersonIfNew(ctx: CommandContext, rawName: string): string | null {
  const name = checkName(rawName);
  return liveNamed(ctx, name, null) ? null : addPerson(ctx, name);
}

/**
 * Sets an owner with `setOwner` (setObjectiveOwner, setKeyResultOwner…) and,
 * when the name is none of the workspace's people (`isNew`, from
 * shared/queries/people.ts), adds that person: one transaction, one undo step.
 */
export function assignOwner(ctx: CommandContext, setOwner: (ctx: CommandContext, owner: string) => void, owner: string, isNew: boolean): void {
  transact(ctx, () => {
    setOwner(ctx, owner);
    if (isNew && owner.trim()) addPersonIfNew(ctx, owner);
  });
}
