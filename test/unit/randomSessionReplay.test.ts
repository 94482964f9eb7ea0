import { describe, expect, it, vi } from 'vitest';
import type * as Ids from '../../shared/ids';
import { replaySession } from '../support/sessionSuite';

// Replayable ids (see test/support/sessionSuite.ts).
vi.mock('../../shared/ids', async (importOriginal) => {
  const { nextTestId } = await import('../support/deterministicIds');
  return { ...(await importOriginal<typeof Ids>()), newId: nextTestId };
});

/*
 * Replays chosen seeds of the randomized sessions, printing every failure:
 *   CAIRN_SEEDS=90,1234 npx vitest run test/unit/randomSessionReplay.test.ts
 * Without CAIRN_SEEDS there is nothing to replay and the block is skipped.
 */
const seeds = (process.env.CAIRN_SEEDS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .map(Number);

describe.skipIf(seeds.length === 0)('replay of chosen randomized sessions', () => {
  for (const seed of seeds) {
    it(`session ${seed} passes`, () => {
      expect(replaySession(seed).failures).toEqual([]);
    });
  }
});
