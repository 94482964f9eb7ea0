/*
 * Fields that save when the person leaves them (owners, thresholds) hold a
 * value the document does not have yet. They register it here while focused,
 * so that it is saved when the page goes away (reload, closed tab or window)
 * instead, since no blur comes then.
 */

type CommitInput = () => void;

const held = new Set<CommitInput>();

/** Registers a focused field's commit; returns the function that lets go of it. */
export function holdPendingInput(commit: CommitInput): () => void {
  held.add(commit);
  return () => {
    held.delete(commit);
  };
}

/** Saves what every focused field holds (each commits only if its text differs from the stored value). */
export function commitPendingInput(): void {
  for (const commit of [...held]) commit();
}
