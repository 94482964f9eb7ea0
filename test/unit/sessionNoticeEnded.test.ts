// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';
import { SessionNotice } from '../../renderer/features/workshop/SessionNotice';
import { dismissEndedNotice, useFacilitation } from '../../renderer/state/facilitation';
import { announceSessionEnd, dismissSessionNotice, useSessionNotice } from '../../renderer/state/sessionNotice';

/*
 * When the facilitator ends the session, their laptop also stops sharing the
 * room; a participant's room can hear that before the session's end record.
 * Both used to be shown ("Fay stopped sharing" and "The facilitator ended the
 * session"): two notices for one event (seen in a CI run of the facilitation
 * e2e). The end outranks the rest, as sessionNotice.ts says.
 */

afterEach(() => {
  dismissSessionNotice();
  useFacilitation.setState({ endedNotice: false });
});

it('says nothing of "stopped sharing" while the session’s end is said, and both go when it is dismissed', async () => {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  await act(async () => root.render(createElement(SessionNotice)));

  // The room heard the facilitator stop sharing first…
  await act(async () => announceSessionEnd('stopped-sharing', 'Fay'));
  expect(container.textContent).toContain('Fay, stopped sharing');
  // …then the end record arrived: the session panel says it (StagePanel), this notice steps aside.
  await act(async () => useFacilitation.setState({ endedNotice: true }));
  expect(container.textContent).toBe('');

  await act(async () => dismissEndedNotice());
  expect(useSessionNotice.getState().notice).toBeNull();
  expect(container.textContent).toBe('');
  await act(async () => root.unmount());
  container.remove();
});
