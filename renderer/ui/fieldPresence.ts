import { useShallow } from 'zustand/react/shallow';
import { useWorkshop, type PeerPresence } from '../state/workshopSession';

/** A co-edited field as presence names it: an objective, key result or initiative id and the field. */
export interface FieldKey {
  entityId: string;
  field: string;
}

/** The other people editing this very field now (not the same entity's other fields). */
export function useFieldEditors(key: FieldKey | undefined): PeerPresence[] {
  return useWorkshop(
    useShallow((s) => (key ? s.peers.filter((p) => p.editing?.entityId === key.entityId && p.editing.field === key.field) : NONE)),
  );
}

const NONE: PeerPresence[] = [];

/** "Ana is typing", "Ana and Ben are typing", "Ana, Ben and 2 others are typing". */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing`;
  const others = names.length - 2;
  return `${names[0]}, ${names[1]} and ${others} ${others === 1 ? 'other' : 'others'} are typing`;
}

/** What someone about to type into a field others are editing is told first. */
export function sharedFieldNote(names: readonly string[]): string {
  return `${typingText(names)} in this field too: your letters and theirs will be mixed. Agree who writes it, or wait until they are done.`;
}
