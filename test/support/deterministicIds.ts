/*
 * Ids for replayable randomized sessions. The app's ids are random (nanoid);
 * a seeded session must make the same ids on every run, so its test file
 * replaces shared/ids' newId with `nextTestId` (vi.mock) and calls
 * `restartTestIds` before each session.
 */
let counter = 0;
let prefix = 's0';

export function restartTestIds(seed: number): void {
  counter = 0;
  prefix = `s${seed.toString(36)}x`;
}

/** A fresh id, matching ID_PATTERN, unique within a session. */
export function nextTestId(): string {
  counter += 1;
  return `${prefix}${counter.toString(36)}`;
}
