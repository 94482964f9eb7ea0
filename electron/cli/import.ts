import path from 'node:path';
import * as Y from 'yjs';
import { detectImportFormat, runImport } from '../../shared/format/importBundle';
import { ImportError, describeProblem } from '../../shared/format/importErrors';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import { APP_VERSION } from '../common/version';
import type { CliCommand } from './command';
import { BadInput, EXIT_OK } from './errors';
import { readInputBytes, readWorkspaceInputIfExists } from './workspaceInput';

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'cairn import FILE.json|FILE.csv --out FILE.cairn',
  summary: 'make a workspace from a JSON export or a CSV spreadsheet; an existing --out file is updated',
  options: { out: { type: 'string', short: 'o' } },
  async run(positionals, values, io) {
    const [file, ...extra] = positionals;
    if (!file) throw new BadInput('import needs a file: cairn import FILE.json|FILE.csv --out FILE.cairn');
    if (extra.length > 0) throw new BadInput(`import takes one file, not ${positionals.length}`);
    const out = typeof values.out === 'string' ? values.out : null;
    if (out === null || !out.toLowerCase().endsWith('.cairn')) throw new BadInput('import needs --out FILE.cairn (the workspace to create or update)');
    const name = path.basename(file);
    const bytes = await readInputBytes(file, io);
    const target = await readWorkspaceInputIfExists(out, io);
    try {
      if (detectImportFormat(name, bytes) === 'cairn') throw new BadInput(`${name} is a .cairn file: use \`cairn merge\` to merge workspaces`);
      const outcome = runImport({ fileName: name, bytes, target: target ? target.update : null, actor: 'cairn import', now: Date.now() });
      if (target && outcome.created) {
        throw new BadInput(`${name} is a different workspace (${outcome.workspaceId}) than ${path.basename(out)} (${target.header.workspaceId}); import it into a new file`);
      }
      const doc = target?.doc ?? new Y.Doc();
      Y.applyUpdate(doc, outcome.update);
      await io.writeFile(out, workspaceToFile(doc, APP_VERSION, Date.now()));
      io.stderr(`cairn: ${outcome.created ? 'created' : 'updated'} ${path.basename(out)} (“${outcome.title}”): ${outcome.summary}\n`);
      return EXIT_OK;
    } catch (error) {
      if (error instanceof ImportError) {
        // Every problem but the first on its own line, then the one-line reason (which names the first) and exit 2.
        for (const problem of error.problems.slice(1)) io.stderr(`  ${describeProblem(problem)}\n`);
        throw new BadInput(error.message);
      }
      throw error;
    }
  },
};
