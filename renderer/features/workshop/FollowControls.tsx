import { Crosshair, Eye } from 'lucide-react';
import { bringEveryoneToMyView, followAgain, stopFollowing, useFollow } from '../../state/follow';
import { selectFacilitator, useWorkshop } from '../../state/workshopSession';

/**
 * In a workshop: the facilitator's "Bring everyone here"; a participant's chip
 * "Following Ana · Stop", which becomes "Follow Ana" once they look around on
 * their own (renderer/state/follow.ts).
 */
export function FollowControls() {
  const isFacilitator = useWorkshop((s) => s.isFacilitator);
  const workshop = useWorkshop((s) => s.workshop);
  const leader = useWorkshop(selectFacilitator);
  const following = useFollow((s) => s.follow.following);
  const hasPeers = useWorkshop((s) => s.peers.length > 0);
  if (!workshop) return null;
  if (isFacilitator) {
    if (!hasPeers) return null;
    return (
      <button type="button" className="button button--ghost button--small" onClick={bringEveryoneToMyView} title="Moves everyone once to the view, objective and key result you are at">
        <Crosshair className="button__icon" aria-hidden="true" size={16} />
        Bring everyone here
      </button>
    );
  }
  if (!leader) return null;
  return following ? (
    <span className="follow-chip follow-chip--on" role="group" aria-label={`Following ${leader.name}`}>
      <Eye className="button__icon" aria-hidden="true" size={14} />
      <span>Following {leader.name}</span>
      <span aria-hidden="true">·</span>
      <button type="button" className="follow-chip__stop" onClick={stopFollowing} aria-label={`Stop following ${leader.name}`}>
        Stop
      </button>
    </span>
  ) : (
    <button type="button" className="follow-chip" onClick={followAgain}>
      <Eye className="button__icon" aria-hidden="true" size={14} />
      Follow {leader.name}
    </button>
  );
}
