import { useWorkspace } from '../../state/workspaceSession';

/** "Saved" only once the shell confirmed the durable write. */
export function SaveIndicator() {
  const save = useWorkspace((s) => s.save);
  let text: string;
  switch (save.state) {
    case 'browser':
      text = 'Stored in this browser';
      break;
    case 'pending':
    case 'saving':
      text = 'Saving…';
      break;
    case 'saved':
      text = save.savedAt ? `Saved ${new Date(save.savedAt).toLocaleTimeString(undefined, { timeStyle: 'short' })}` : 'Saved';
      break;
    case 'error':
      text = `Not saved: ${save.error ?? 'unknown error'} (retrying on the next change)`;
      break;
    default:
      text = '';
  }
  return (
    <span className={`save save--${save.state}`} role="status" aria-live="polite" title={save.state === 'browser' ? 'Browser mode keeps data in this browser only; use Save a copy for a file.' : undefined}>
      {text}
    </span>
  );
}
