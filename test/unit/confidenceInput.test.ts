import { describe, expect, it } from 'vitest';
import { CONFIDENCE_MESSAGE, readConfidence } from '../../renderer/ui/confidenceInput';

describe('reading a typed confidence', () => {
  it('reads a whole number from 0 to 10, and an empty field as none', () => {
    expect(readConfidence('')).toEqual({ ok: true, value: null });
    expect(readConfidence('  ')).toEqual({ ok: true, value: null });
    expect(readConfidence('0')).toEqual({ ok: true, value: 0 });
    expect(readConfidence(' 7 ')).toEqual({ ok: true, value: 7 });
    expect(readConfidence('10')).toEqual({ ok: true, value: 10 });
  });

  it('refuses anything else with one message', () => {
    for (const text of ['11', '-1', '7.5', '1e1', '0x5', '+7', 'high', '100']) expect(readConfidence(text)).toEqual({ ok: false, message: CONFIDENCE_MESSAGE });
  });
});
