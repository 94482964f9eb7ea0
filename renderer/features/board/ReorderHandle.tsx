import type { KeyboardEvent } from 'react';
import { GripVertical } from '../../ui/icons';
import { Tooltip } from '../../ui/Tooltip';

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

/** The grip: drag it, or focus it and use the arrow keys (the tooltip says so). */
export function ReorderHandle({ label, focusKey, dragType, id, small, onKeyDown }: ReorderHandleProps) {
  return (
    <Tooltip content="Drag, or use the arrow keys, to reorder" side="left">
      <button
        type="button"
        className={small ? 'handle handle--small' : 'handle'}
        draggable
        {...focusKey}
        aria-label={label}
        onKeyDown={onKeyDown}
        onDragStart={(e) => {
          e.stopPropagation();
          e.dataTransfer.setData(dragType, id);
          e.dataTransfer.effectAllowed = 'move';
        }}
      >
        <GripVertical aria-hidden="true" size={small ? 14 : 16} />
      </button>
    </Tooltip>
  );
}
