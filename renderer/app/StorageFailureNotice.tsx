import { useState } from 'react';
import { saveCopy } from '../state/fileActions';
import { retryStoring, useWorkspace } from '../state/workspaceSession';

/**
 * When this browser's storage refused the workspace, says so where it is
 * seen first, with the two ways out: try storing again (after freeing space)
 * or keep it as a file; and, once others' changes have arrived meanwhile,
 * what becomes of them.
 */
export function StorageFailureNotice() {
  const failure = useWorkspace((s) => s.storageFailure);
  const othersUnstored = useWorkspace((s) => s.othersUnstored);
  const [retrying, setRetrying] = useState(false);
  if (!failure) return null;
  const retry = () => {
    setRetrying(true);
    void retryStoring().finally(() => setRetrying(false));
  };
  return (
    <div role="alert" className="banner banner--error storage-failure">
      <p>{failure}</p>
      {othersUnstored && (
        <p>
          Changes from others (the workshop, the relay) are shown here but kept only in this window: Try again stores them with the rest. If this window closes first,
          they are gone from this browser; the people who made them still have them.
        </p>
      )}
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
