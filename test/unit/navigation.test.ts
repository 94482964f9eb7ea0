import { describe, expect, it } from 'vitest';
import { dueThisWeekHref, parseRoute } from '../../renderer/state/navigation';

// Where a clicked reminder leads: the workspace, with the board's due-this-week filter.
describe('the due-this-week route', () => {
  it('opens the workspace with due=week in its query', () => {
    const route = parseRoute(dueThisWeekHref('ws_growth'));
    expect(route).toEqual({ name: 'workspace', id: 'ws_growth', query: 'due=week' });
    expect(route.name === 'workspace' && new URLSearchParams(route.query).get('due')).toBe('week');
  });
});
