import { useWorkshop } from '../../state/workshopSession';
import { syncStatusWords } from './syncStatusWords';

/**
 * Honest sync status: never "in sync" without a reachable peer, "Offline"
 * whenever this computer is (the words: syncStatusWords.ts).
 */
export function SyncStatusPill() {
  const status = useWorkshop((s) => s.status);
  const workshop = useWorkshop((s) => s.workshop);
  const networkDown = useWorkshop((s) => s.networkDown);
  if (!workshop || !status) return null;
  const { text, explanation } = syncStatusWords(status, networkDown);
  const last = status.lastSyncAt ? new Date(status.lastSyncAt).toLocaleTimeString(undefined, { timeStyle: 'short' }) : null;
  const lastSync = last ? ` Last sync ${last}.` : '';
  return (
    <span
      className={`sync-pill sync-pill--${networkDown ? 'offline' : status.state}`}
      role="status"
      aria-label={`Workshop: ${text}. ${explanation}${lastSync}`}
      title={`${explanation}${lastSync}`}
    >
      <span className="sync-pill__dot" aria-hidden="true" />
      {text}
    </span>
  );
}
