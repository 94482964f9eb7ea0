/**
 * Numbers as people type them, read in their locale: "12,500" is twelve
 * thousand five hundred in en-US and "12,5" twelve and a half in de-DE. The
 * separators come from Intl, never from a hand-kept table. What stays
 * ambiguous is refused with a message that shows the possible reading, so a
 * check-in is never stored as a number its author did not mean.
 */

export type NumberReading =
  | { ok: true; value: number }
  | { ok: false; reason: 'empty' | 'invalid'; message: string }
  /** Not clearly one number in this locale: `readings` are what it could mean. */
  | { ok: false; reason: 'ambiguous'; message: string; readings: number[] };

export interface NumberNotation {
  locale: string;
  /** The locale's thousands separator, normalized (every space-like character is " "). */
  group: string;
  decimal: string;
  /** Digits in the groups above the first: 3 in most locales, 2 in en-IN (12,34,567). */
  secondaryGroupSize: number;
}

/** Space, no-break space (U+00A0) and narrow no-break space (U+202F, fr-FR): all the same to a reader. */
const SPACES = /[\u0020\u00a0\u202f\u2009]/g;
const MINUS = /^[-\u2212]/;

const notations = new Map<string, NumberNotation>();

/** The separators of a locale, learned from Intl (cached: building a formatter is costly). */
export function notationOf(locale: string): NumberNotation {
  const cached = notations.get(locale);
  if (cached) return cached;
  const format = new Intl.NumberFormat(locale, { useGrouping: true });
  const parts = format.formatToParts(1234567.5);
  const group = (parts.find((p) => p.type === 'group')?.value ?? ',').replace(SPACES, ' ');
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const integers = parts.filter((p) => p.type === 'integer').map((p) => p.value);
  // 1234567 is "1,234,567" (3) or "12,34,567" (2): the group before the last tells.
  const secondaryGroupSize = integers.length >= 3 ? integers[integers.length - 2]!.length : 3;
  const notation = { locale: format.resolvedOptions().locale, group, decimal, secondaryGroupSize };
  notations.set(locale, notation);
  return notation;
}

/** Whether grouped integer digits follow the locale's pattern (or plain thousands, which everyone reads). */
function isGrouped(groups: readonly string[], secondary: number): boolean {
  if (groups.length === 1) return /^\d+$/.test(groups[0]!);
  const fits = (size: number) =>
    groups.every((g, i) => {
      if (!/^\d+$/.test(g)) return false;
      if (i === groups.length - 1) return g.length === 3;
      if (i === 0) return g.length >= 1 && g.length <= size;
      return g.length === size;
    });
  return fits(3) || fits(secondary);
}

/**
 * Reads unsigned digits with the given group and decimal separators; null when
 * they do not fit (a group of the wrong size, two decimal separators, a
 * stray character).
 */
function readWith(body: string, group: string, decimal: string, secondary: number): number | null {
  const halves = body.split(decimal);
  if (halves.length > 2) return null;
  const [integer = '', fraction] = halves;
  if (fraction !== undefined && !/^\d+$/.test(fraction)) return null;
  if (integer === '') return fraction === undefined ? null : Number(`0.${fraction}`);
  const groups = integer.split(group);
  if (!isGrouped(groups, secondary)) return null;
  return Number(`${groups.join('')}${fraction === undefined ? '' : `.${fraction}`}`);
}

/** Formats a number the way the locale writes it, all its digits shown. */
function show(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }).format(value);
}

/**
 * Reads what a person typed as a number in their locale. Spaces (including
 * NBSP and U+202F) group thousands everywhere; a dot decimal ("12.5") is also
 * accepted where the locale's decimal is a comma, when the dot cannot be a
 * thousands separator (it is not followed by exactly three digits).
 */
export function parseNumberInput(text: string, locale: string): NumberReading {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'empty', message: 'Enter a number.' };
  const notation = notationOf(locale);
  const negative = MINUS.test(trimmed);
  const sign = negative ? -1 : 1;
  const body = (negative ? trimmed.slice(1) : trimmed).replace(SPACES, ' ').trim();
  const allowed = new Set(['.', ',', ' ', notation.group, notation.decimal]);
  if (body === '' || ![...body].every((ch) => (ch >= '0' && ch <= '9') || allowed.has(ch))) {
    return { ok: false, reason: 'invalid', message: `“${trimmed}” is not a number. Type digits, for example ${show(12500.5, locale)}.` };
  }

  const spacesAsGroup = notation.group === ' ' ? body : body.replaceAll(' ', notation.group);
  const local = readWith(spacesAsGroup, notation.group, notation.decimal, notation.secondaryGroupSize);
  if (local !== null) return { ok: true, value: signed(sign, local) };

  if (notation.decimal !== '.') {
    // A dot decimal, with only spaces grouping: "12.5" in de-DE or fr-FR.
    const dotted = readWith(body, ' ', '.', notation.secondaryGroupSize);
    // Where the dot is not the locale's group (fr-FR), "12.500" may still be someone's thousands.
    const thousands = /^\d{1,3}(\.\d{3})+$/.test(body) ? readWith(body, '.', ',', 3) : null;
    if (dotted !== null && thousands !== null && thousands !== dotted) return ambiguous(trimmed, notation, [sign * dotted, sign * thousands]);
    if (dotted !== null) return { ok: true, value: signed(sign, dotted) };
  }

  // The other common notation: the separators swapped (a comma decimal in en-US, comma groups in de-DE).
  const otherDecimal = notation.decimal === '.' ? ',' : '.';
  const otherGroup = notation.decimal === '.' ? '.' : ',';
  const other = readWith(body.replaceAll(' ', otherGroup), otherGroup, otherDecimal, 3);
  if (other !== null) return ambiguous(trimmed, notation, [sign * other]);
  return { ok: false, reason: 'invalid', message: `“${trimmed}” is not a number as written here. Type digits, for example ${show(12500.5, locale)}.` };
}

/** "-0" is 0: a stored -0 would show as "-0". */
function signed(sign: number, magnitude: number): number {
  return sign * magnitude || 0;
}

function ambiguous(typed: string, notation: NumberNotation, readings: number[]): NumberReading {
  const { locale } = notation;
  const grouping = notation.group === ' ' ? 'a space' : `“${notation.group}”`;
  const choices = readings.map((r) => show(r, locale)).join(' or ');
  return {
    ok: false,
    reason: 'ambiguous',
    readings,
    message:
      `“${typed}” is ambiguous: it could mean ${choices}. ` +
      `Here ${grouping} groups thousands (${show(12500, locale)}) and “${notation.decimal}” marks decimals (${show(12.5, locale)}): type the number that way.`,
  };
}
