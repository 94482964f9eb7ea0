import { initialsOf } from '../../shared/queries/people';
import { useWorkshop } from '../state/workshopSession';

/** Who else is here, unobtrusively. */
export function PresenceBar() {
  const peers = useWorkshop((s) => s.peers);
  if (peers.length === 0) return null;
  return (
    <ul className="presence" aria-label="People here">
      {peers.map((peer) => (
        <li key={peer.clientId} className="presence__avatar" style={{ background: peer.color }} title={peer.name} aria-label={peer.name}>
          <span aria-hidden="true">{initialsOf(peer.name)}</span>
        </li>
      ))}
    </ul>
  );
}
