/*
 * What an importer reports when it refuses a file: every problem it found,
 * each with where it is, what is wrong and how to fix it, so a person can
 * correct the whole file in one pass instead of one error per attempt.
 * Importers validate everything before writing anything, so an ImportError
 * always means that nothing was changed.
 */

export interface ImportProblem {
  /** The file's name, as the person chose it. */
  file: string;
  /** 1-based line in the file (newlines inside quoted CSV cells count). */
  line?: number;
  /** 1-based column in the file, in characters (a character outside the BMP counts once). */
  column?: number;
  /** The column header (CSV) or field path (JSON, e.g. `keyResults[3].target`). */
  field?: string;
  /** What is wrong, for the person importing. */
  message: string;
  /** How to fix it. */
  fix: string;
}

/** More problems than this are counted, not listed: nobody reads the thousandth. */
const MAX_LISTED_PROBLEMS = 100;

export class ImportError extends Error {
  override name = 'ImportError';
  readonly file: string;
  readonly problems: readonly ImportProblem[];
  /** Problems found beyond MAX_LISTED_PROBLEMS. */
  readonly unlisted: number;

  constructor(file: string, problems: readonly ImportProblem[], options: { unlisted?: number; cause?: unknown } = {}) {
    const unlisted = options.unlisted ?? 0;
    super(summaryOf(file, problems, unlisted), options.cause === undefined ? undefined : { cause: options.cause });
    this.file = file;
    this.problems = problems;
    this.unlisted = unlisted;
  }
}

/** "line 4, column 7, target": where a problem is, or '' when it concerns the whole file. */
function locationOf(problem: Pick<ImportProblem, 'line' | 'column' | 'field'>): string {
  const parts: string[] = [];
  if (problem.line !== undefined) parts.push(`line ${problem.line}`);
  if (problem.column !== undefined) parts.push(`column ${problem.column}`);
  if (problem.field !== undefined) parts.push(problem.field);
  return parts.join(', ');
}

/** One problem on one line: location, message and fix. */
export function describeProblem(problem: ImportProblem): string {
  const where = locationOf(problem);
  return oneLine(`${where ? `${where}: ` : ''}${problem.message} ${problem.fix}`);
}

/** The error's message: one line naming the file, the count, and the first problem. */
function summaryOf(file: string, problems: readonly ImportProblem[], unlisted: number): string {
  const count = problems.length + unlisted;
  const first = problems[0];
  const head = `${file} was not imported: ${count} problem${count === 1 ? '' : 's'}, nothing was changed.`;
  return oneLine(first ? `${head} First, ${describeProblem(first)}` : head);
}

/** Cell values may hold newlines; a summary must stay on one line (and short). */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 500 ? `${flat.slice(0, 499)}…` : flat;
}

/**
 * Collects problems while a file is checked, keeping the first
 * MAX_LISTED_PROBLEMS and counting the rest.
 */
export class ProblemList {
  private readonly listed: ImportProblem[] = [];
  private unlisted = 0;

  constructor(readonly file: string) {}

  add(problem: Omit<ImportProblem, 'file'>): void {
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push({ file: this.file, ...problem });
    else this.unlisted++;
  }

  get count(): number {
    return this.listed.length + this.unlisted;
  }

  /** Throws the ImportError when any problem was added, problems in file order (those without a line first). */
  throwIfAny(): void {
    if (this.count === 0) return;
    const inFileOrder = [...this.listed].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    throw new ImportError(this.file, inFileOrder, { unlisted: this.unlisted });
  }
}

/** An ImportError with one problem. */
export function importError(file: string, problem: Omit<ImportProblem, 'file'>, cause?: unknown): ImportError {
  return new ImportError(file, [{ file, ...problem }], { cause });
}
