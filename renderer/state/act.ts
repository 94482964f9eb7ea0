import { CommandError, type CommandContext } from '../../shared/commands/context';
import { NameNeeded } from './identity';
import { reportError } from './toasts';
import { runCommand } from './workspaceSession';

/**
 * Runs a domain command as this user; a refused command becomes a message on
 * screen (returns undefined) instead of an exception in a click handler.
 */
export function act<T>(command: (ctx: CommandContext) => T, what = 'That did not work'): T | undefined {
  try {
    return runCommand(command);
  } catch (error) {
    // The name prompt is open and says why nothing happened: no toast on top of it.
    if (error instanceof NameNeeded) return undefined;
    if (!(error instanceof CommandError)) console.error(error);
    reportError(error, what);
    return undefined;
  }
}

/**
 * Runs a domain command as this user and hands back its refusal instead of
 * reporting it: a form shows it under the field it names. Anything else (a
 * bug, not a refusal) is thrown on.
 */
export function attempt<T>(command: (ctx: CommandContext) => T): { ok: true; value: T } | { ok: false; error: CommandError } {
  try {
    return { ok: true, value: runCommand(command) };
  } catch (error) {
    if (error instanceof CommandError) return { ok: false, error };
    throw error;
  }
}

/** Moves focus to an element once React has re-rendered a reordered list. */
export function focusAfterRender(selector: string): void {
  requestAnimationFrame(() => requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus()));
}

export function announce(message: string): void {
  const region = document.getElementById('announcer');
  if (region) region.textContent = message;
}
