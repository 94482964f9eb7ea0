import { useWorkspace } from '../state/workspaceSession';

/** "Saved" only once the edit is durable: IndexedDB committed it and, in the app, the `.cairn` file is written. */
export function SaveIndicator() {
  const save = useWorkspace((s) => s.save);
  const readOnly = useWorkspace((s) => s.storageFailure !== null);
  let text: string;
  switch (save.state) {
    case 'pending':
    case 'saving':
      text = 'Saving…';
      break;
    case 'saved': {
      const label = save.where === 'browser' ? 'Saved in this browser' : 'Saved';
      text = save.savedAt ? `${label} ${new Date(save.savedAt).toLocaleTimeString(undefined, { timeStyle: 'short' })}` : label;
      break;
    }
    case 'error':
      // Read-only, nothing is retried on its own: the notice under the header offers Try again.
      text = readOnly ? 'Not saved: read-only until it can be stored' : `Not saved: ${save.error ?? 'unknown error'} (retrying on the next change)`;
      break;
    default:
      text = '';
  }
  return (
    <span className={`save save--${save.state}`} role="status" aria-live="polite" title={save.where === 'browser' ? 'Browser mode keeps data in this browser only; use Save a copy for a file.' : undefined}>
      {text}
    </span>
  );
}
