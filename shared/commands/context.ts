import type * as Y from 'yjs';
import { LOCAL_ORIGIN } from '../origins';
import { toWellFormed } from '../text';

/** Who is acting on which document. Every command takes one. */
export interface CommandContext {
  doc: Y.Doc;
  /** Display name of the person acting, stored as author/createdBy/deletedBy. */
  actor: string;
  /** Injected so tests and replays are deterministic. */
  now: () => number;
  /** Transaction origin; user edits use LOCAL_ORIGIN so undo tracks them. */
  origin: unknown;
}

export function localContext(doc: Y.Doc, actor: string, now: () => number = Date.now): CommandContext {
  // Well-formed, like all text: Yjs would turn a lone surrogate into U+FFFD elsewhere.
  return { doc, actor: toWellFormed(actor.slice(0, 200)), now, origin: LOCAL_ORIGIN };
}

/**
 * A command refused its input. `message` is written for the user; `field`
 * names the input it concerns (`'target'`, `'reason'`…), so a form can show
 * the message under that field instead of matching on its text.
 */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

export function transact<T>(ctx: CommandContext, fn: () => T): T {
  let result!: T;
  ctx.doc.transact(() => {
    result = fn();
  }, ctx.origin);
  return result;
}
