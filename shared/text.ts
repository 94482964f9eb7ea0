import type * as Y from 'yjs';

/**
 * The one contiguous span where `before` and `after` differ: before[start, endBefore)
 * became after[start, endAfter). Everything outside it is shared.
 */
export function changedSpan(before: string, after: string): { start: number; endBefore: number; endAfter: number } {
  let start = 0;
  const maxStart = Math.min(before.length, after.length);
  while (start < maxStart && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { start, endBefore, endAfter };
}

/**
 * Turns "the field now reads `next`" into the smallest delete + insert on the
 * Y.Text, so concurrent typing by two people merges by character instead of
 * one replacing the other. Must run inside a transaction.
 */
export function applyTextChange(text: Y.Text, nextValue: string): void {
  const next = toWellFormed(nextValue);
  const current = text.toString();
  if (current === next) return;
  let { start, endBefore: endCurrent, endAfter: endNext } = changedSpan(current, next);
  // Never split a surrogate pair: widen the change to whole code points.
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  if (endCurrent < current.length && isLowSurrogate(current.charCodeAt(endCurrent))) {
    endCurrent++;
    endNext++;
  }
  if (endCurrent > start) text.delete(start, endCurrent - start);
  if (endNext > start) text.insert(start, next.slice(start, endNext));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Yjs sends text as UTF-8, which turns a lone surrogate into U+FFFD on every
 * other peer: the writer would keep a different string than everyone else.
 * Replace them before writing, so all replicas hold the same text.
 */
export function toWellFormed(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD');
}

/** Where index `i` of `before` lands in `after`, assuming one contiguous change between them. */
export function transformIndex(before: string, after: string, i: number): number {
  const { start, endBefore, endAfter } = changedSpan(before, after);
  if (i <= start) return i;
  if (i >= endBefore) return i + (after.length - before.length);
  return endAfter; // inside the changed span: its end in `after`
}

/**
 * Applies what the person did in a field (it read `before`, now reads `after`)
 * to the Y.Text, which may hold more by now: a peer's typing that the field
 * has not shown yet. The edit lands where the person made it, and the peer's
 * text stays. Must run inside a transaction.
 */
export function applyTextEdit(text: Y.Text, before: string, afterValue: string): void {
  const after = toWellFormed(afterValue);
  const current = text.toString();
  if (current === before) return applyTextChange(text, after);
  const { start, endBefore, endAfter } = changedSpan(before, after);
  const from = Math.min(current.length, transformIndex(before, current, start));
  const to = Math.min(current.length, Math.max(from, transformIndex(before, current, endBefore)));
  if (to > from) text.delete(from, to - from);
  if (endAfter > start) text.insert(from, after.slice(start, endAfter));
}
