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

/** Small name tags of the people editing an entity right now. */
export function EditingMarkers({ entityId }: { entityId: string }) {
  const editors = useWorkshop((s) => s.peers).filter((p) => p.editing?.entityId === entityId);
  if (editors.length === 0) return null;
  return (
    <span className="editing-markers" aria-label={`Being edited by ${editors.map((e) => e.name).join(', ')}`}>
      {editors.map((e) => (
        <span key={e.clientId} className="editing-marker" style={{ borderColor: e.color, color: e.color }}>
          {e.name} is editing
        </span>
      ))}
    </span>
  );
}
