import type { ComponentProps } from 'react';
import { EditableText } from '../../ui/EditableText';

type CoEditedTextProps = Omit<ComponentProps<typeof EditableText>, 'presence'> & {
  /** The objective or KR this text belongs to, and which of its fields it is. */
  entityId: string;
  field: string;
};

/** A co-edited text field of the board: while someone edits it, the others in the workshop see who, on the field itself. */
export function CoEditedText({ entityId, field, ...text }: CoEditedTextProps) {
  return <EditableText {...text} presence={{ entityId, field }} />;
}
