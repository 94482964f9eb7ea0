import type { StageState } from '../../../shared/workshop/session';

/*
 * What the room works on during a stage, by its kind. The drafting, reveal
 * and vote areas belong to the other parts of the workshop (DraftingArea,
 * RevealArea, DotVoteArea, ConfidenceVoteArea in this folder, each taking
 * `isFacilitator`); until they are wired in here, a line says what happens.
 */

interface StageAreaProps {
  stage: StageState;
  isFacilitator: boolean;
}

const PLACEHOLDER: Partial<Record<StageState['kind'], string>> = {
  'draft-objectives': 'Private drafting of objectives happens here.',
  reveal: 'The revealed drafts and their clusters show here.',
  'dot-vote': 'The dot vote happens here.',
  'draft-key-results': 'Private drafting of key results happens here.',
  'confidence-vote': 'The confidence vote happens here.',
};

export function StageArea({ stage, isFacilitator }: StageAreaProps) {
  const placeholder = PLACEHOLDER[stage.kind];
  if (!placeholder) return null;
  return (
    <p className="stage-area muted" data-stage-kind={stage.kind} data-facilitator={isFacilitator ? 'true' : 'false'}>
      {placeholder}
    </p>
  );
}
