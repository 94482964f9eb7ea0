import path from 'node:path';
import { workspaceToJson } from '../../shared/format/json';
import { readWorkspace } from '../../shared/schema/read';
import type { CliCommand } from './command';
import { BadInput, EXIT_OK } from './errors';
import { readWorkspaceInput } from './workspaceInput';

const FORMATS = ['json'] as const;

export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'cairn export FILE.cairn --format json [--out PATH]',
  summary: 'write the whole workspace as documented JSON, to stdout or PATH',
  options: {
    format: { type: 'string', short: 'f', default: 'json' },
    out: { type: 'string', short: 'o' },
  },
  async run(positionals, values, io) {
    const [file, ...extra] = positionals;
    if (!file) throw new BadInput('export needs a file: cairn export FILE.cairn --format json');
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
    const { doc } = await readWorkspaceInput(file, io);
    const text = JSON.stringify(workspaceToJson(readWorkspace(doc)), null, 2) + '\n';
    if (out === null) io.stdout(text);
    else await io.writeFile(out, new TextEncoder().encode(text));
    return EXIT_OK;
  },
};
