/*
 * CSV as RFC 4180 writes it: comma-separated cells, CRLF between rows, a cell
 * in double quotes when it holds a comma, a quote or a line break, a quote
 * inside doubled. The parser is strict (a stray quote or a row with a
 * different number of cells is an error, with its line and column) because a
 * lenient one silently shifts cells into the wrong columns.
 *
 * Spreadsheets run a cell that starts with = + - @ tab or CR as a formula
 * (CSV injection), so the writer prefixes such text cells with a `'`, which
 * spreadsheets show as text; `restoreFormula` removes exactly that prefix.
 * Numbers are written as numbers: -5 is not a formula and must stay a number.
 */

/** A cell to write: text (neutralised), a number (written as is) or nothing. */
export type CsvCell = string | number | null;

/** Excel reads a CSV file as UTF-8 only when it starts with this byte-order mark. */
const CSV_BOM = '\uFEFF';

/** Text a spreadsheet would run as a formula, after any `'` already there. */
const FORMULA_START = /^'*[=+\-@\t\r]/;
/** What neutraliseFormula produced: one `'` too many before a formula start. */
const NEUTRALISED_START = /^'+[=+\-@\t\r]/;

/**
 * Prefixes text that a spreadsheet would run as a formula with `'`. Text that
 * already starts with `'`s before a formula character gets one more, so
 * restoreFormula(neutraliseFormula(x)) === x for every x.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes neutraliseFormula: removes the one `'` it added, and nothing else. */
export function restoreFormula(text: string): string {
  return NEUTRALISED_START.test(text) ? text.slice(1) : text;
}

/** A number as a spreadsheet reads it back exactly (String keeps every digit; -0 is 0). */
export function formatCsvNumber(value: number): string {
  // Non-finite numbers never reach here from validated data; an empty cell is the honest fallback.
  if (!Number.isFinite(value)) return '';
  return String(value);
}

const NEEDS_QUOTES = /[",\r\n]|^\uFEFF/;

/** One cell as it appears in the file. */
function encodeCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return formatCsvNumber(cell);
  const text = neutraliseFormula(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function encodeRow(row: readonly CsvCell[]): string {
  // A row of one empty cell would be an empty line, which the parser skips.
  if (row.length === 1 && (row[0] === '' || row[0] === null)) return '""';
  return row.map(encodeCell).join(',');
}

/** Rows as CSV text: CRLF after every row, and a byte-order mark first when `bom` is set. */
export function toCsv(rows: readonly (readonly CsvCell[])[], options: { bom?: boolean } = {}): string {
  const body = rows.map((row) => `${encodeRow(row)}\r\n`).join('');
  return options.bom ? CSV_BOM + body : body;
}

/** A cell as parsed, with where it starts in the file (its opening quote, when quoted). */
export interface CsvField {
  value: string;
  line: number;
  column: number;
}

export interface CsvRecord {
  fields: CsvField[];
  /** Line where the record starts. */
  line: number;
}

/** A CSV syntax error at a 1-based line and column; the message says what, `fix` how to repair it. */
export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    readonly fix: string,
  ) {
    super(`Line ${line}, column ${column}: ${message}`);
  }
}

const QUOTE = 34; // "
const COMMA = 44;
const CR = 13;
const LF = 10;

/**
 * A cursor over the text that knows the line and column of every position:
 * a CRLF, a lone LF and a lone CR each end a line; a surrogate pair is one column.
 */
class Cursor {
  index = 0;
  line = 1;
  column = 1;
  constructor(readonly text: string) {}

  get code(): number {
    return this.text.charCodeAt(this.index); // NaN at the end
  }
  get atEnd(): boolean {
    return this.index >= this.text.length;
  }
  get atLineBreak(): boolean {
    return this.code === CR || this.code === LF;
  }

  /** Moves past one character (a CRLF counts as one line break). */
  advance(): void {
    const code = this.code;
    if (code === CR && this.text.charCodeAt(this.index + 1) === LF) this.index++;
    this.index++;
    if (code === CR || code === LF) {
      this.line++;
      this.column = 1;
    } else if (!(isHighSurrogate(code) && isLowSurrogate(this.code))) {
      this.column++; // the high half of a pair does not count: its low half will
    }
  }
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

function readQuotedField(cursor: Cursor): string {
  const start = { line: cursor.line, column: cursor.column };
  cursor.advance(); // the opening quote
  let value = '';
  let from = cursor.index;
  for (;;) {
    if (cursor.atEnd) {
      throw new CsvSyntaxError('This quoted cell never ends.', start.line, start.column, 'Add the closing double quote at the end of the cell, or double every quote that is part of the text ("").');
    }
    if (cursor.code !== QUOTE) {
      cursor.advance();
      continue;
    }
    value += cursor.text.slice(from, cursor.index);
    cursor.advance();
    if (cursor.code !== QUOTE) break; // the closing quote
    value += '"'; // a doubled quote is one quote of text
    cursor.advance();
    from = cursor.index;
  }
  if (!cursor.atEnd && cursor.code !== COMMA && !cursor.atLineBreak) {
    throw new CsvSyntaxError('There is text after the closing quote of a cell.', cursor.line, cursor.column, 'Put the whole cell in double quotes and double every quote inside it, e.g. "He said ""hi""".');
  }
  return value;
}

function readPlainField(cursor: Cursor): string {
  const from = cursor.index;
  while (!cursor.atEnd && cursor.code !== COMMA && !cursor.atLineBreak) {
    if (cursor.code === QUOTE) {
      throw new CsvSyntaxError('A double quote appears inside a cell that does not start with one.', cursor.line, cursor.column, 'Put the whole cell in double quotes and double the quotes inside it, e.g. "6"" screen".');
    }
    cursor.advance();
  }
  return cursor.text.slice(from, cursor.index);
}

/** One record from the cursor (at the start of a non-empty line); leaves the cursor after its line break. */
function readRecord(cursor: Cursor): CsvRecord {
  const record: CsvRecord = { fields: [], line: cursor.line };
  for (;;) {
    const field = { line: cursor.line, column: cursor.column };
    const value = cursor.code === QUOTE ? readQuotedField(cursor) : readPlainField(cursor);
    record.fields.push({ value, ...field });
    if (cursor.code !== COMMA) break;
    cursor.advance();
  }
  if (!cursor.atEnd) cursor.advance(); // the line break
  return record;
}

/**
 * Parses CSV text into records, each cell with its position. A leading
 * byte-order mark is dropped, empty lines are skipped, and every record must
 * have as many cells as the first. Throws only CsvSyntaxError.
 */
export function parseCsv(text: string): CsvRecord[] {
  const cursor = new Cursor(text);
  if (text.charCodeAt(0) === 0xfeff) cursor.index = 1; // not a column: editors do not show it
  const records: CsvRecord[] = [];
  while (!cursor.atEnd) {
    if (cursor.atLineBreak) {
      cursor.advance(); // an empty line
      continue;
    }
    const record = readRecord(cursor);
    checkWidth(record, records[0]);
    records.push(record);
  }
  return records;
}

function checkWidth(record: CsvRecord, first: CsvRecord | undefined): void {
  if (!first || record.fields.length === first.fields.length) return;
  const expected = first.fields.length;
  const got = record.fields.length;
  const extra = record.fields[expected];
  const at = extra ?? record.fields[got - 1]!;
  throw new CsvSyntaxError(
    `This row has ${got} cell${got === 1 ? '' : 's'} where the first row has ${expected}.`,
    at.line,
    at.column,
    got > expected
      ? 'Remove the extra cells, or put a cell that contains a comma in double quotes.'
      : 'Add the missing cells (empty ones are fine: just the commas), or close a quoted cell that runs over several lines.',
  );
}
