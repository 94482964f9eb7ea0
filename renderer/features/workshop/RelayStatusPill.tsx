import { useClock } from '../../state/clock';
import { useRelay } from '../../state/relaySession';
import { useWorkshop } from '../../state/workshopSession';
import { relayStatusWords, roomIsLive } from './relayStatusWords';

/**
 * The relay's path, beside the room's pill: whether it is live, when it last
 * confirmed our changes, which paths are live, and that its operator can read
 * the workspace (the words: relayStatusWords.ts). Shown only for a workspace
 * connected to a relay.
 */
export function RelayStatusPill() {
  const status = useRelay((s) => s.status);
  const room = useWorkshop((s) => s.status);
  const networkDown = useWorkshop((s) => s.networkDown);
  const now = useClock((s) => s.now);
  if (!status) return null;
  const words = relayStatusWords(status, roomIsLive(room, networkDown), Math.max(now, status.lastConfirmedAt ?? 0));
  return (
    <span className={`sync-pill sync-pill--relay-${status.state}`} role="status" aria-label={`${words.text}. ${words.details}`} title={words.details}>
      <span className="sync-pill__dot" aria-hidden="true" />
      {words.text}
      <span className="sync-pill__detail"> · {words.paths.replace('Live: ', 'live: ')}</span>
    </span>
  );
}
