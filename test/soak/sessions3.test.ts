import { vi } from 'vitest';
import type * as Ids from '../../shared/ids';
import { describeSessions } from '../support/sessionSuite';

// Replayable ids (see test/support/sessionSuite.ts).
vi.mock('../../shared/ids', async (importOriginal) => {
  const { nextTestId } = await import('../support/deterministicIds');
  return { ...(await importOriginal<typeof Ids>()), newId: nextTestId };
});

describeSessions(15000, 5000);
