import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { notationOf, parseNumberInput, type NumberReading } from '../../shared/numberInput';

const valueOf = (text: string, locale: string): number | null => {
  const read = parseNumberInput(text, locale);
  return read.ok ? read.value : null;
};

const refusal = (read: NumberReading) => (read.ok ? null : read);

describe('the separators come from Intl', () => {
  it('Node has the full ICU data these locales need', () => {
    expect(Intl.NumberFormat.supportedLocalesOf(['en-US', 'en-GB', 'de-DE', 'fr-FR', 'en-IN'])).toEqual(['en-US', 'en-GB', 'de-DE', 'fr-FR', 'en-IN']);
  });

  it('learns group, decimal and lakh grouping per locale', () => {
    expect(notationOf('en-US')).toMatchObject({ group: ',', decimal: '.', secondaryGroupSize: 3 });
    expect(notationOf('de-DE')).toMatchObject({ group: '.', decimal: ',', secondaryGroupSize: 3 });
    expect(notationOf('fr-FR')).toMatchObject({ group: ' ', decimal: ',', secondaryGroupSize: 3 });
    expect(notationOf('en-IN')).toMatchObject({ group: ',', decimal: '.', secondaryGroupSize: 2 });
  });
});

describe('en-US and en-GB', () => {
  for (const locale of ['en-US', 'en-GB']) {
    it(`${locale}: a comma groups thousands`, () => {
      expect(valueOf('12,500', locale)).toBe(12500);
      expect(valueOf('10,000', locale)).toBe(10000);
      expect(valueOf('1,000,000', locale)).toBe(1000000);
      expect(valueOf('1,234.56', locale)).toBe(1234.56);
    });

    it(`${locale}: plain digits, decimals, spaces and signs`, () => {
      expect(valueOf('12.5', locale)).toBe(12.5);
      expect(valueOf('.5', locale)).toBe(0.5);
      expect(valueOf('  40000 ', locale)).toBe(40000);
      expect(valueOf('12 500', locale)).toBe(12500);
      expect(valueOf('-3.5', locale)).toBe(-3.5);
      expect(valueOf('\u22123.5', locale)).toBe(-3.5);
    });

    it(`${locale}: "12,5" is refused, saying it could mean 12.5`, () => {
      const read = refusal(parseNumberInput('12,5', locale));
      expect(read).toMatchObject({ reason: 'ambiguous', readings: [12.5] });
      expect(read?.message).toContain('could mean 12.5');
      expect(read?.message).toContain('12,500');
    });

    it(`${locale}: a German-style "1.234,5" is refused with its reading`, () => {
      expect(refusal(parseNumberInput('1.234,5', locale))).toMatchObject({ reason: 'ambiguous', readings: [1234.5] });
    });
  }

  it('en-US: lakh grouping is not a US number', () => {
    expect(refusal(parseNumberInput('12,34,567', 'en-US'))?.reason).toBe('invalid');
  });
});

describe('de-DE', () => {
  it('a comma marks decimals and a dot groups thousands', () => {
    expect(valueOf('12,5', 'de-DE')).toBe(12.5);
    expect(valueOf('12.500', 'de-DE')).toBe(12500);
    expect(valueOf('1.234.567,89', 'de-DE')).toBe(1234567.89);
    expect(valueOf('12,500', 'de-DE')).toBe(12.5);
  });

  it('a plain dot decimal is accepted when the dot cannot be grouping', () => {
    expect(valueOf('12.5', 'de-DE')).toBe(12.5);
    expect(valueOf('0.75', 'de-DE')).toBe(0.75);
    expect(valueOf('1 234.5', 'de-DE')).toBe(1234.5);
  });

  it('an English "1,234.5" is refused with its reading', () => {
    const read = refusal(parseNumberInput('1,234.5', 'de-DE'));
    expect(read).toMatchObject({ reason: 'ambiguous', readings: [1234.5] });
    expect(read?.message).toContain('1.234,5');
  });
});

describe('fr-FR', () => {
  it('spaces of every kind group thousands: space, NBSP and the narrow no-break space Intl writes', () => {
    const written = new Intl.NumberFormat('fr-FR').format(12500.5);
    expect(written).toBe('12\u202f500,5');
    expect(valueOf(written, 'fr-FR')).toBe(12500.5);
    expect(valueOf('12 500', 'fr-FR')).toBe(12500);
    expect(valueOf('12\u00a0500', 'fr-FR')).toBe(12500);
    expect(valueOf('-1\u202f000', 'fr-FR')).toBe(-1000);
  });

  it('a dot decimal is accepted, but "12.500" could be thousands and is refused', () => {
    expect(valueOf('12.5', 'fr-FR')).toBe(12.5);
    const read = refusal(parseNumberInput('12.500', 'fr-FR'));
    expect(read).toMatchObject({ reason: 'ambiguous', readings: [12.5, 12500] });
    expect(read?.message).toContain('12,5 or 12\u202f500');
  });
});

describe('en-IN', () => {
  it('reads lakh grouping and plain thousands', () => {
    expect(valueOf('12,34,567', 'en-IN')).toBe(1234567);
    expect(valueOf('1,00,000.5', 'en-IN')).toBe(100000.5);
    expect(valueOf('1,234,567', 'en-IN')).toBe(1234567);
  });
});

describe('what is not a number', () => {
  it.each(['', '   ', 'abc', '12a', '1e5', '--5', '-', '12,,500', '1.2.3,4,5', 'Infinity'])('refuses %j', (text) => {
    const read = parseNumberInput(text, 'en-US');
    expect(read.ok).toBe(false);
  });

  it('says what to type', () => {
    expect(refusal(parseNumberInput('abc', 'en-US'))?.message).toBe('“abc” is not a number. Type digits, for example 12,500.5.');
    expect(refusal(parseNumberInput('', 'de-DE'))?.message).toBe('Enter a number.');
  });
});

describe('what Cairn writes reads back as the same number', () => {
  // The edit forms prefill targets written in the person's locale: they must read back unchanged (0.125 is not 125 in de-DE).
  it.each(['en-US', 'en-GB', 'de-DE', 'fr-FR', 'en-IN'])('%s', (locale) => {
    const write = new Intl.NumberFormat(locale, { maximumFractionDigits: 20 });
    fc.assert(
      // Values people measure: up to a trillion, up to six decimals (Intl writes at most 20 fraction digits).
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 6 }), (units, decimals) => {
        const value = units / 10 ** decimals;
        const read = parseNumberInput(write.format(value), locale);
        expect(read.ok && read.value).toBe(value);
      }),
    );
  });
});
