import type { KeyboardEvent } from 'react';

interface ReorderHandleProps {
  /** Accessible name, e.g. "Reorder objective X (position 2 of 5; use arrow keys)". */
  label: string;
  /** Data attribute that lets focus find this handle again after a move. */
  focusKey: Record<string, string>;
  dragType: string;
  id: string;
  small?: boolean;
  onKeyDown: (event: KeyboardEvent) => void;
}

/** The ⋮⋮ grip: drag it, or focus it and use the arrow keys. */
export function ReorderHandle({ label, focusKey, dragType, id, small, onKeyDown }: ReorderHandleProps) {
  return (
    <button
      type="button"
      className={small ? 'handle handle--small' : 'handle'}
      draggable
      {...focusKey}
      aria-label={label}
      title="Drag, or use the arrow keys, to reorder"
      onKeyDown={onKeyDown}
      onDragStart={(e) => {
        e.stopPropagation();
        e.dataTransfer.setData(dragType, id);
        e.dataTransfer.effectAllowed = 'move';
      }}
    >
      ⋮⋮
    </button>
  );
}
