/** Exit codes of the `cairn` command. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/**
 * The user gave us something we cannot use: wrong arguments, a missing,
 * foreign, truncated or damaged file. Exits with 2 and a one-line message.
 */
export class BadInput extends Error {
  override name = 'BadInput';
}
