import path from 'node:path';
import { verifiedSessionOutcome } from '../../shared/queries/sessionOutcome';
import { SignatureCache } from '../../shared/workshop/signed';
import { exportWorkspace, type BundleFormat } from '../../shared/format/exportBundle';
import { latestOf } from '../../shared/queries/changes';
import { WHOLE_WORKSPACE, type ExportScope } from '../../shared/queries/scope';
import { APP_VERSION } from '../common/version';
import type { CliCommand } from './command';
import { BadInput, EXIT_OK } from './errors';
import { readWorkspaceInput } from './workspaceInput';

const FORMATS = ['md', 'csv', 'json', 'html'] as const satisfies readonly BundleFormat[];
type CliFormat = (typeof FORMATS)[number];

/** `--team NAME` or `--objective ID` (repeatable) narrow the report and the CSV; JSON is always whole. */
function scopeOf(values: Record<string, unknown>, teams: Iterable<{ id: string; name: string; deletedAt: number | null }>): ExportScope {
  const team = typeof values.team === 'string' ? values.team : null;
  const objectives = Array.isArray(values.objective) ? values.objective.map(String) : [];
  if (team !== null && objectives.length > 0) throw new BadInput('give --team or --objective, not both');
  if (team !== null) {
    const live = [...teams].filter((t) => t.deletedAt === null);
    const found = live.find((t) => t.id === team) ?? live.find((t) => t.name.toLowerCase() === team.toLowerCase());
    if (!found) throw new BadInput(`no team "${team}" in this workspace; the teams are: ${live.map((t) => t.name).join(', ') || 'none'}`);
    return { kind: 'team', teamId: found.id };
  }
  if (objectives.length > 0) return { kind: 'objectives', objectiveIds: objectives };
  return WHOLE_WORKSPACE;
}

/** Where the check-ins CSV goes when the key results CSV goes to PATH: beside it. */
/**
 * The locale the report's days and times are written in: --locale, else the
 * system's (LANG). CSV and JSON are ISO 8601 whatever it is.
 */
function localeOf(value: unknown): string {
  if (typeof value !== 'string') return new Intl.DateTimeFormat().resolvedOptions().locale;
  let supported: string[];
  try {
    supported = Intl.DateTimeFormat.supportedLocalesOf([value]);
  } catch {
    supported = []; // not a well-formed language tag ("en_GB")
  }
  if (supported.length === 0) throw new BadInput(`--locale: "${value}" is not a locale this system knows; try one like en-GB or de-DE`);
  return value;
}

function checkInsPathFor(out: string): string {
  const ext = path.extname(out);
  return `${ext ? out.slice(0, -ext.length) : out}.check-ins${ext || '.csv'}`;
}

export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'cairn export FILE.cairn --format md|csv|json|html [--out PATH] [--team NAME | --objective ID...] [--session] [--locale TAG]',
  summary: 'write the workspace as a report (md, html), spreadsheets (csv) or documented JSON, to stdout or PATH',
  options: {
    format: { type: 'string', short: 'f', default: 'json' },
    out: { type: 'string', short: 'o' },
    team: { type: 'string' },
    objective: { type: 'string', multiple: true },
    session: { type: 'boolean', default: false },
    locale: { type: 'string' },
  },
  async run(positionals, values, io) {
    const [file, ...extra] = positionals;
    if (!file) throw new BadInput('export needs a file: cairn export FILE.cairn --format md|csv|json|html');
    if (extra.length > 0) throw new BadInput(`export takes one file, not ${positionals.length}`);
    const format = String(values.format);
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new BadInput(`unknown format "${format}"; the formats are: ${FORMATS.join(', ')}`);
    }
    const out = typeof values.out === 'string' ? values.out : null;
    if (out !== null && path.resolve(out) === path.resolve(file)) {
      throw new BadInput('--out names the workspace file itself; choose another path');
    }
    // Everything is computed before anything is written, so a failure leaves no partial output.
    const { doc, snapshot } = await readWorkspaceInput(file, io);
    const scope = scopeOf(values, snapshot.alignment.teams.values());
    const sessionSince = values.session ? latestOf(snapshot.sessions.values()) : null;
    if (values.session && !sessionSince) throw new BadInput('--session: this workspace was never hosted as a workshop, so there is no session to report');
    // A session's report opens with the workshop's outcome (drafts and votes included), its signatures checked first (WebCrypto is asynchronous).
    const outcome = sessionSince ? await verifiedSessionOutcome(snapshot, new SignatureCache(), sessionSince.id) : null;
    const files = exportWorkspace(doc, { formats: [format as CliFormat], scope, now: Date.now(), locale: localeOf(values.locale), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, sessionSince, outcome, appVersion: APP_VERSION }, undefined, snapshot);
    const [main, checkIns] = files;
    if (out === null) {
      // On stdout, CSV is the key results sheet; write to a path to get the check-ins sheet too.
      io.stdout(new TextDecoder().decode(main!.bytes));
      return EXIT_OK;
    }
    await io.writeFile(out, main!.bytes);
    if (checkIns) {
      const checkInsPath = checkInsPathFor(out);
      await io.writeFile(checkInsPath, checkIns.bytes);
      io.stderr(`cairn: wrote ${path.basename(out)} and ${path.basename(checkInsPath)}\n`);
    }
    return EXIT_OK;
  },
};
