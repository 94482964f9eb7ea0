import type { ComponentProps } from 'react';
import { setEditing } from '../../state/workshopSession';
import { EditableText } from '../../ui/EditableText';

type CoEditedTextProps = Omit<ComponentProps<typeof EditableText>, 'onEditing'> & {
  /** The objective or KR this text belongs to, and which of its fields it is. */
  entityId: string;
  field: string;
};

/** A co-edited text field of the board: while someone edits it, the others in the workshop see who and where. */
export function CoEditedText({ entityId, field, ...text }: CoEditedTextProps) {
  return <EditableText {...text} onEditing={(on) => setEditing(on ? entityId : null, field)} />;
}
