import { parseNumberInput, type NumberReading } from '../../shared/numberInput';

/** The person's locale: numbers are typed and shown the way they write them. */
export function personLocale(): string {
  // Guarded: renderer modules are also loaded by Node tests, where Node 20 has no navigator.
  return (typeof navigator !== 'undefined' && navigator.language) || 'en-US';
}

/** The person's time zone (IANA): the report writes its moments in it, naming the offset. */
export function personTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** What the person typed, read as a number in their locale. */
export function readNumber(text: string): NumberReading {
  return parseNumberInput(text, personLocale());
}

/** A number written in the person's locale with every digit they typed (a hint must not round 12.345 to 12.35). */
export function formatExactly(value: number): string {
  return new Intl.NumberFormat(personLocale(), { maximumFractionDigits: 20 }).format(value);
}
