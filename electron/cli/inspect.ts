import type { LoadedWorkspaceFile } from '../../shared/format/workspaceFile';
import type { CliCommand } from './command';
import { BadInput, EXIT_OK } from './errors';
import { readWorkspaceInput } from './workspaceInput';

function split<T extends { deletedAt: number | null }>(entities: Iterable<T>): { live: number; deleted: number } {
  let live = 0;
  let deleted = 0;
  for (const e of entities) {
    if (e.deletedAt === null) live++;
    else deleted++;
  }
  return { live, deleted };
}

/** The header's save time as ISO text; a time no Date can hold (the header is only a hint) reads "unknown". */
function savedAtText(savedAt: number): string {
  const date = new Date(savedAt);
  return Number.isNaN(date.getTime()) ? 'unknown' : date.toISOString();
}

/** A human-readable summary of a workspace file, one fact a line. */
export function describeWorkspaceFile({ header, snapshot }: LoadedWorkspaceFile): string {
  const objectives = split(snapshot.objectives.values());
  const keyResults = split(snapshot.keyResults.values());
  const initiatives = split(snapshot.initiatives.values());
  const meta = snapshot.meta;
  const rows: [string, string][] = [
    ['Title', meta?.title ?? header.title],
    ['Kind', meta?.kind ?? header.kind],
    ['Workspace id', header.workspaceId],
    ['Schema version', String(meta?.schemaVersion ?? header.schemaVersion)],
    ['App version', header.appVersion || 'unknown'],
    ['Saved at', savedAtText(header.savedAt)],
    ['Cycle', meta ? `${meta.cycleStart} to ${meta.cycleEnd}` : 'unknown'],
    ['Objectives', `${objectives.live} live, ${objectives.deleted} deleted`],
    ['Key results', `${keyResults.live} live, ${keyResults.deleted} deleted`],
    ['Check-ins', String(snapshot.checkIns.size)],
    ['Initiatives', `${initiatives.live} live, ${initiatives.deleted} deleted`],
    ['Decisions', String(snapshot.decisions.size)],
    ['Problems', snapshot.problems.length === 0 ? 'none' : String(snapshot.problems.length)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
  for (const p of snapshot.problems) lines.push(`  - ${p.map}${p.id ? ` ${p.id}` : ''}: ${p.message}`);
  return lines.join('\n') + '\n';
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  usage: 'cairn inspect FILE.cairn',
  summary: 'show what a workspace file holds: title, ids, versions, counts, problems',
  options: {},
  async run(positionals, _values, io) {
    const [file, ...extra] = positionals;
    if (!file) throw new BadInput('inspect needs a file: cairn inspect FILE.cairn');
    if (extra.length > 0) throw new BadInput(`inspect takes one file, not ${positionals.length}`);
    io.stdout(describeWorkspaceFile(await readWorkspaceInput(file, io)));
    return EXIT_OK;
  },
};
