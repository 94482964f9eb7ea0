import type { StageState } from '../../../shared/workshop/session';
import { ConfidenceVoteArea } from './ConfidenceVoteArea';
import { DotVoteArea } from './DotVoteArea';
import { DraftingArea } from './DraftingArea';
import { RevealArea } from './RevealArea';

/*
 * What the room works on during a stage, by its kind (docs/workshop.md):
 * private drafting, the reveal and its clusters, a dot vote, a confidence
 * vote. Context and commit stages ask for talk and the board, not a form.
 * Each area checks authority in the domain (the opener of a round or vote
 * signs its reveal or close); `isFacilitator` only decides which controls show.
 */

interface StageAreaProps {
  stage: StageState;
  isFacilitator: boolean;
}

export function StageArea({ stage, isFacilitator }: StageAreaProps) {
  switch (stage.kind) {
    case 'draft-objectives':
      return <DraftingArea stageId={stage.id} target="objective" isFacilitator={isFacilitator} />;
    case 'draft-key-results':
      return <DraftingArea stageId={stage.id} target="keyResult" isFacilitator={isFacilitator} />;
    case 'reveal':
      return <RevealArea stageId={stage.id} isFacilitator={isFacilitator} />;
    case 'dot-vote':
      return <DotVoteArea stageId={stage.id} isFacilitator={isFacilitator} />;
    case 'confidence-vote':
      return <ConfidenceVoteArea stageId={stage.id} isFacilitator={isFacilitator} />;
    default:
      return null;
  }
}
