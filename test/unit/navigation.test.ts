import { describe, expect, it } from 'vitest';
import { dueThisWeekHref, parseRoute } from '../../renderer/state/navigation';

// Where a clicked reminder leads: the workspace, showing its KRs due this week.
describe('routes', () => {
  it('reads a workspace with its KRs due this week', () => {
    expect(parseRoute(dueThisWeekHref('ws_growth'))).toEqual({ name: 'workspace', id: 'ws_growth', dueThisWeek: true });
  });

  it('reads a plain workspace and the library as before', () => {
    expect(parseRoute('#/w/ws_growth')).toEqual({ name: 'workspace', id: 'ws_growth' });
    expect(parseRoute('#/w/ws_growth?due=later')).toEqual({ name: 'workspace', id: 'ws_growth' });
    expect(parseRoute('#/')).toEqual({ name: 'library' });
    expect(parseRoute('#/w/../x')).toEqual({ name: 'library' });
  });
});
