import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io';

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One `cairn <name>` subcommand. New ones (signal, join, import, merge) are added to COMMANDS in run.ts. */
export interface CliCommand {
  name: string;
  /** `cairn <name> ...` as shown in help. */
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(positionals: string[], values: OptionValues, io: CliIo): Promise<number>;
}
