/** What a typed confidence reads as: a whole number from 0 to 10, or none when left empty. */
export type ConfidenceReading = { ok: true; value: number | null } | { ok: false; message: string };

export const CONFIDENCE_MESSAGE = 'Confidence is a whole number from 0 to 10 (or leave it empty).';

export function readConfidence(text: string): ConfidenceReading {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  // Digits only: Number() would also take "1e1", "0x5" or "+7".
  if (!/^\d{1,2}$/.test(trimmed)) return { ok: false, message: CONFIDENCE_MESSAGE };
  const value = Number(trimmed);
  return value <= 10 ? { ok: true, value } : { ok: false, message: CONFIDENCE_MESSAGE };
}
