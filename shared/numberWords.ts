/*
 * Numbers as people read them, in a locale given by the caller (shared code
 * never guesses one): as the locale writes numbers, money as it writes
 * currency ("$12,500", "12.500 €"), a percentage as 40%, else "12 signups".
 * The renderer uses it with the person's locale (renderer/ui/format.ts), the
 * report with the exporter's.
 */

// Building a formatter is costly and a long list formats thousands of values: one per locale and style.
const numberFormats = new Map<string, Intl.NumberFormat>();
function cached(key: string, build: () => Intl.NumberFormat): Intl.NumberFormat {
  let formatter = numberFormats.get(key);
  if (!formatter) {
    formatter = build();
    numberFormats.set(key, formatter);
  }
  return formatter;
}

export function formatNumberIn(locale: string, value: number): string {
  return cached(`number:${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })).format(value);
}

/** Symbols people write for a currency; ISO codes (USD, EUR, CHF…) are recognised as they are. */
const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { $: 'USD', US$: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };
const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/**
 * The ISO 4217 code a KR's unit stands for ('$' → USD, 'EUR' → EUR), or null
 * when it is not money. Codes only in capitals: 'cup', 'top' or 'all' are words.
 */
export function currencyOf(unit: string): string | null {
  const trimmed = unit.trim();
  const symbol = CURRENCY_SYMBOLS[trimmed];
  if (symbol) return symbol;
  return /^[A-Z]{3}$/.test(trimmed) && ISO_CURRENCIES.has(trimmed) ? trimmed : null;
}

/** A value with its unit: money as the locale writes it ("$12,500", "12.500 €"), a percentage as 40%, else "12 signups". */
export function withUnitIn(locale: string, value: number, unit: string): string {
  if (!unit) return formatNumberIn(locale, value);
  if (unit === '%') return `${formatNumberIn(locale, value)}%`;
  const currency = currencyOf(unit);
  if (currency) {
    return cached(
      `currency:${locale}:${currency}`,
      () => new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2, trailingZeroDisplay: 'stripIfInteger' }),
    ).format(value);
  }
  return `${formatNumberIn(locale, value)} ${unit}`;
}
