import type { ReactNode } from 'react';
import { useWorkspace } from '../state/workspaceSession';

/** Every field and button inside is disabled while the workspace cannot be stored; laid out as if it were not there. */
export function EditableWhileStored({ children }: { children: ReactNode }) {
  const readOnly = useWorkspace((s) => s.storageFailure !== null);
  return (
    <fieldset className="read-only-frame" disabled={readOnly}>
      {children}
    </fieldset>
  );
}
