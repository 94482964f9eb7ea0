import { readMeta } from '../schema/read';
import { CommandError, type CommandContext } from './context';

/**
 * A personal journal has no workshop features (docs/workshop.md): it is never
 * hosted, so the UI offers none, and the commands refuse too, so no other
 * path (a script, an import, a future view) can put a session, a draft round
 * or a vote in it.
 */
export function refuseInJournal(ctx: CommandContext, what: string): void {
  if (readMeta(ctx.doc).value.kind === 'journal') throw new CommandError(`A personal journal has no ${what}: it is private and never runs a workshop.`);
}
