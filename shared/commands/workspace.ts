import * as Y from 'yjs';
import { ISO_DATE_PATTERN } from '../dates';
import { SIGNAL_THRESHOLD_LIMITS, type SignalThresholds, type WorkspaceKind } from '../schema/types';
import { SCHEMA_VERSION, THRESHOLD_KEY_PREFIX, WORKSPACE_KINDS } from '../schema/doc';
import { fixWorkspaceFacts, fixedKindOf } from '../schema/fixedFacts';
import { applyTextChange, applyTextEdit, toWellFormed } from '../text';
import { CommandError, transact, type CommandContext } from './context';
import { rootMap } from '../schema/roots';

export interface NewWorkspace {
  id: string;
  title: string;
  kind: WorkspaceKind;
  cycleStart: string;
  cycleEnd: string;
}

function checkCycle(cycleStart: string, cycleEnd: string): void {
  if (!ISO_DATE_PATTERN.test(cycleStart) || !ISO_DATE_PATTERN.test(cycleEnd)) {
    throw new CommandError('Cycle dates must be YYYY-MM-DD.', 'cycle');
  }
  if (cycleEnd < cycleStart) throw new CommandError('The cycle must end on or after the day it starts.', 'cycleEnd');
}

/**
 * Writes the meta of a brand-new workspace. Only the device that creates a
 * workspace calls this; peers that join receive it, so no two replicas ever
 * create the nested title Y.Text concurrently.
 */
const MAX_TITLE_LENGTH = 2_000;

export function initWorkspace(ctx: CommandContext, init: NewWorkspace): void {
  if (init.title.length > MAX_TITLE_LENGTH) throw new CommandError(`The workspace name is too long (at most ${MAX_TITLE_LENGTH} characters).`);
  if (!WORKSPACE_KINDS.includes(init.kind)) throw new CommandError(`Unknown workspace kind "${init.kind}".`);
  checkCycle(init.cycleStart, init.cycleEnd);
  const meta = rootMap(ctx.doc, 'meta');
  if (meta.has('id')) throw new CommandError('This workspace already exists.');
  // The id and kind are fixed here, on the device that creates the workspace: later writes to meta never change them.
  fixWorkspaceFacts(ctx.doc, { id: init.id, kind: init.kind });
  transact(ctx, () => {
    meta.set('id', init.id);
    meta.set('schemaVersion', SCHEMA_VERSION);
    meta.set('kind', init.kind);
    meta.set('title', new Y.Text(toWellFormed(init.title.trim()) || 'Untitled workspace'));
    meta.set('cycleStart', init.cycleStart);
    meta.set('cycleEnd', init.cycleEnd);
    meta.set('createdAt', ctx.now());
  });
}

export function renameWorkspace(ctx: CommandContext, title: string, previous?: string): void {
  if (title.length > MAX_TITLE_LENGTH) throw new CommandError(`The workspace name is too long (at most ${MAX_TITLE_LENGTH} characters).`);
  const meta = rootMap(ctx.doc, 'meta');
  const text = meta.get('title');
  if (!(text instanceof Y.Text)) {
    // Lost or damaged (it reads as ''): a plain string repairs it. Not a new Y.Text, which two peers
    // repairing at once would each create, dropping one side's typing.
    transact(ctx, () => meta.set('title', toWellFormed(title.trim())));
    return;
  }
  transact(ctx, () => (previous === undefined ? applyTextChange(text, title) : applyTextEdit(text, previous, title)));
}

/**
 * Writes the kind this workspace was created with back into the document,
 * after a peer or a merged file changed `meta.kind` (readers already ignore
 * the change and list it as a problem; this clears it for everyone).
 */
export function restoreWorkspaceKind(ctx: CommandContext): void {
  const kind = fixedKindOf(ctx.doc);
  if (kind === undefined) throw new CommandError('This workspace has no known kind to restore; open it from the library first.');
  if (rootMap(ctx.doc, 'meta').get('kind') === kind) return;
  transact(ctx, () => rootMap(ctx.doc, 'meta').set('kind', kind));
}

export function setCycle(ctx: CommandContext, cycleStart: string, cycleEnd: string): void {
  checkCycle(cycleStart, cycleEnd);
  transact(ctx, () => {
    const meta = rootMap(ctx.doc, 'meta');
    meta.set('cycleStart', cycleStart);
    meta.set('cycleEnd', cycleEnd);
  });
}

/** The calendar quarter containing `date`, as ISO start and end dates. */
export function quarterOf(date: Date): { cycleStart: string; cycleEnd: string } {
  const year = date.getFullYear();
  const q = Math.floor(date.getMonth() / 3);
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = new Date(year, q * 3 + 3, 0).getDate();
  return { cycleStart: `${year}-${pad(q * 3 + 1)}-01`, cycleEnd: `${year}-${pad(q * 3 + 3)}-${pad(lastDay)}` };
}

const THRESHOLD_LABELS: Record<keyof SignalThresholds, string> = {
  behindPacePoints: 'Behind pace',
  checkInRhythmDays: 'The check-in rhythm',
  confidenceDrop: 'A confidence drop',
  divergenceConfidence: 'High confidence',
  divergenceCheckIns: 'The check-ins without movement',
};

/** Sets one signal threshold for the whole workspace (each has its own key, so concurrent changes to two both stay). */
export function setSignalThreshold(ctx: CommandContext, name: keyof SignalThresholds, value: number): void {
  const limits = SIGNAL_THRESHOLD_LIMITS[name];
  if (!limits) throw new CommandError(`Unknown threshold "${String(name)}".`);
  if (!Number.isFinite(value) || value < limits.min || value > limits.max || (limits.integer && !Number.isInteger(value))) {
    throw new CommandError(`${THRESHOLD_LABELS[name]} must be ${limits.integer ? 'a whole number' : 'a number'} from ${limits.min} to ${limits.max}.`, name);
  }
  transact(ctx, () => rootMap(ctx.doc, 'meta').set(THRESHOLD_KEY_PREFIX + name, value));
}
