import { describe, expect, it } from 'vitest';
import { currencyOf, formatDate, formatDay, formatWeek, formatWhen, withUnit } from '../../renderer/ui/format';

// Intl's spaces differ by locale (narrow no-break before €, no-break in fr-FR numbers): compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('dates on screen: one medium style, in the person locale', () => {
  it.each([
    ['en-US', 'Dec 6, 2026'],
    ['en-GB', '6 Dec 2026'],
    ['de-DE', '06.12.2026'],
    ['fr-FR', '6 déc. 2026'],
    ['en-IN', '6 Dec 2026'],
  ])('a calendar day in %s reads %s', (locale, expected) => {
    expect(plain(formatDay('2026-12-06', locale))).toBe(expected);
  });

  it('a moment and its day use the same date style', () => {
    const at = new Date(2026, 11, 6, 15, 4).getTime();
    expect(formatDate(at, 'en-US')).toBe('Dec 6, 2026');
    expect(plain(formatWhen(at, 'en-US'))).toMatch(/^Dec 6, 2026, 3:04 PM$/);
  });

  it.each([
    ['en-US', 'Week of Nov 30, 2026'],
    ['en-GB', 'Week of 30 Nov 2026'],
    ['de-DE', 'Week of 30.11.2026'],
  ])('an ISO week in %s reads as the week of its Monday: %s', (locale, expected) => {
    expect(plain(formatWeek('2026-W49', locale))).toBe(expected);
  });

  it('week 1 starts on the Monday of the week holding 4 January', () => {
    expect(formatWeek('2027-W01', 'en-US')).toBe('Week of Jan 4, 2027');
    expect(formatWeek('2026-W01', 'en-US')).toBe('Week of Dec 29, 2025');
  });
});

describe('money on screen: as the locale writes currency', () => {
  it.each([
    ['en-US', '$', '$12,500'],
    ['en-GB', '€', '€12,500'],
    ['de-DE', '€', '12.500 €'],
    ['fr-FR', 'EUR', '12 500 €'],
    ['en-IN', '₹', '₹12,500'],
    ['en-IN', 'INR', '₹12,500'],
  ])('%s writes 12500 %s as %s', (locale, unit, expected) => {
    expect(plain(withUnit(12_500, unit, locale))).toBe(expected);
  });

  it('keeps cents when there are some', () => {
    expect(withUnit(1234.5, 'USD', 'en-US')).toBe('$1,234.50');
  });

  it('a unit that is not money stays a number and its unit', () => {
    expect(withUnit(12_500, 'signups', 'de-DE')).toBe('12.500 signups');
    expect(withUnit(40, '%', 'en-US')).toBe('40%');
    expect(currencyOf('top')).toBeNull();
    expect(currencyOf('NPS')).toBeNull();
    expect(currencyOf('CHF')).toBe('CHF');
  });

  it('en-IN groups in lakhs', () => {
    expect(withUnit(1_250_000, '₹', 'en-IN')).toBe('₹12,50,000');
  });
});
