import { useState, type ReactNode } from 'react';
import { saveCopy } from '../state/fileActions';
import { retryStoring, useWorkspace } from '../state/workspaceSession';

/**
 * When this browser's storage refused the workspace, says so where it is
 * seen first, with the two ways out: try storing again (after freeing space)
 * or keep it as a file.
 */
export function StorageFailureNotice() {
  const failure = useWorkspace((s) => s.storageFailure);
  const [retrying, setRetrying] = useState(false);
  if (!failure) return null;
  const retry = () => {
    setRetrying(true);
    void retryStoring().finally(() => setRetrying(false));
  };
  return (
    <div role="alert" className="banner banner--error storage-failure">
      <p>{failure}</p>
      <div className="row">
        <button type="button" className="button" onClick={retry} disabled={retrying} aria-busy={retrying}>
          {retrying ? 'Trying again…' : 'Try again'}
        </button>
        <button type="button" className="button button--ghost" onClick={() => void saveCopy()}>
          Save a copy…
        </button>
      </div>
    </div>
  );
}

/** Every field and button inside is disabled while the workspace cannot be stored; laid out as if it were not there. */
export function EditableWhileStored({ children }: { children: ReactNode }) {
  const readOnly = useWorkspace((s) => s.storageFailure !== null);
  return (
    <fieldset className="read-only-frame" disabled={readOnly}>
      {children}
    </fieldset>
  );
}
