import type { DragEvent } from 'react';

export const OBJECTIVE_DRAG_TYPE = 'application/x-cairn-objective';
export const KEY_RESULT_DRAG_TYPE = 'application/x-cairn-key-result';

/** Is the pointer in the lower half of the element it is over? */
export function dropsAfter(event: DragEvent<HTMLElement>): boolean {
  const rect = event.currentTarget.getBoundingClientRect();
  return event.clientY > rect.top + rect.height / 2;
}

/**
 * The index among the *other* items (the moving one taken out) for a drop
 * before or after the item at `overIndex` of the full list.
 */
export function dropIndex(overIndex: number, after: boolean, movingIndex: number): number {
  const target = after ? overIndex + 1 : overIndex;
  return movingIndex >= 0 && movingIndex < target ? target - 1 : target;
}
