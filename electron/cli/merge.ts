import path from 'node:path';
import { MergeRefused, mergeWorkspaceCopies } from '../../shared/format/mergeFiles';
import { APP_VERSION } from '../common/version';
import type { CliCommand } from './command';
import { BadInput, EXIT_OK } from './errors';
import { readWorkspaceInput } from './workspaceInput';

export const mergeCommand: CliCommand = {
  name: 'merge',
  usage: 'cairn merge A.cairn B.cairn [...] --out C.cairn',
  summary: 'merge copies of one workspace (say, from two laptops) into one file, as syncing them would',
  options: { out: { type: 'string', short: 'o' } },
  async run(positionals, values, io) {
    if (positionals.length < 2) throw new BadInput('merge needs two or more files: cairn merge A.cairn B.cairn --out C.cairn');
    const out = typeof values.out === 'string' ? values.out : null;
    if (out === null) throw new BadInput('merge needs --out C.cairn (the merged file)');
    if (!out.toLowerCase().endsWith('.cairn')) throw new BadInput('--out must name a .cairn file');
    // Everything is read and checked before anything is written.
    const copies = [];
    for (const file of positionals) copies.push(await readWorkspaceInput(file, io));
    let merged: Uint8Array;
    try {
      merged = mergeWorkspaceCopies(copies, APP_VERSION, Date.now());
    } catch (error) {
      if (error instanceof MergeRefused) throw new BadInput(error.message);
      throw error;
    }
    await io.writeFile(out, merged);
    io.stderr(`cairn: merged ${positionals.length} copies of “${copies[0]!.snapshot.meta?.title ?? ''}” into ${path.basename(out)}\n`);
    return EXIT_OK;
  },
};
