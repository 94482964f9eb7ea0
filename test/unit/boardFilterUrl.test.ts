import { describe, expect, it } from 'vitest';
import { NO_FILTER, type BoardFilter } from '../../shared/queries/boardFilter';
import { parseBoardFilter, serializeBoardFilter, writeBoardFilter } from '../../renderer/state/boardFilter';
import { parseRoute } from '../../renderer/state/navigation';

describe('the board filter in the URL', () => {
  it('reads back every filter it writes', () => {
    const filter: BoardFilter = { q: 'onboarding é & = ?', team: 'tm_1-x', owner: 'Ana María', health: 'at-risk', status: 'dropped', due: 'week', group: 'owner' };
    expect(parseBoardFilter(serializeBoardFilter(filter))).toEqual(filter);
  });

  it('writes nothing for no filter, and reads nothing as no filter', () => {
    expect(serializeBoardFilter(NO_FILTER)).toBe('');
    expect(parseBoardFilter('')).toEqual(NO_FILTER);
  });

  it('keeps the keys it does not own (the tab) and removes the filters that were cleared', () => {
    const params = new URLSearchParams('tab=signals&owner=Ana&health=at-risk');
    writeBoardFilter({ ...NO_FILTER, owner: 'Ben' }, params);
    expect(params.toString()).toBe('tab=signals&owner=Ben');
  });

  it('ignores unknown keys and values outside their lists', () => {
    expect(parseBoardFilter('health=purple&status=abandoned&group=colour&due=month&evil=1&__proto__=x')).toEqual(NO_FILTER);
  });

  it('never throws on hostile input, and bounds and cleans what it keeps', () => {
    const hostile = ['%', '%E0%A4%A', '&&&==&', 'q=%00%01drop%0Atable', `owner=${'x'.repeat(100_000)}`, 'team=%20%20', '?q=a', 'q=a&q=b', '\u0000'];
    for (const query of hostile) expect(() => parseBoardFilter(query)).not.toThrow();
    expect(parseBoardFilter('q=%00%01drop%0Atable').q).toBe('  drop table');
    expect(parseBoardFilter(`owner=${'x'.repeat(100_000)}`).owner).toHaveLength(200);
    expect(parseBoardFilter('team=%20%20').team).toBeNull();
    expect(parseBoardFilter('q=a&q=b').q).toBe('a');
  });

  it('keeps a trailing space of the text filter, so typing “make on” is possible', () => {
    expect(parseBoardFilter(serializeBoardFilter({ ...NO_FILTER, q: 'make ' })).q).toBe('make ');
  });
});

describe('workspace routes with a query', () => {
  it('reads the workspace id and its query', () => {
    expect(parseRoute('#/w/abc_1?owner=Ana&tab=signals')).toEqual({ name: 'workspace', id: 'abc_1', query: 'owner=Ana&tab=signals' });
    expect(parseRoute('#/w/abc_1')).toEqual({ name: 'workspace', id: 'abc_1', query: '' });
  });

  it('opens the workspace even with an overlong query, cutting the query', () => {
    const route = parseRoute(`#/w/abc?q=${'x'.repeat(50_000)}`);
    expect(route.name).toBe('workspace');
    expect(route.name === 'workspace' && route.query.length).toBe(4000);
  });

  it('falls back to the library for anything else, without throwing', () => {
    expect(parseRoute('#/w/not/valid?x')).toEqual({ name: 'library' });
    expect(parseRoute('#/join/%E0%A4%A')).toEqual({ name: 'library', invite: '%E0%A4%A' });
  });
});
