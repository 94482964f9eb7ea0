import { useWorkshop } from '../../state/workshopSession';

const LABEL = { connecting: 'Connecting…', offline: 'Offline', looking: 'Looking for peers', connected: 'Connected', 'in-sync': 'In sync' } as const;

/** Honest sync status: never "in sync" without a reachable peer. */
export function SyncStatusPill() {
  const status = useWorkshop((s) => s.status);
  const workshop = useWorkshop((s) => s.workshop);
  if (!workshop || !status) return null;
  let text: string = LABEL[status.state];
  if (status.state === 'connected' || status.state === 'in-sync') text += ` · ${status.peers} ${status.peers === 1 ? 'peer' : 'peers'}`;
  const last = status.lastSyncAt ? new Date(status.lastSyncAt).toLocaleTimeString(undefined, { timeStyle: 'short' }) : null;
  return (
    <span className={`sync-pill sync-pill--${status.state}`} role="status" aria-label={`Workshop: ${text}${last ? `, last sync ${last}` : ''}`} title={last ? `Last sync ${last}` : 'Not synced yet'}>
      <span className="sync-pill__dot" aria-hidden="true" />
      {text}
    </span>
  );
}
