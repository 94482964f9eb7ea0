import { useMemo, useState } from 'react';
import { matchesTerms, searchTerms } from '../../shared/queries/boardFilter';

/*
 * The text filter of a virtual list (ui/VirtualList.tsx): with only the items
 * near the screen in the page, find-in-page no longer reaches the rest, so
 * each long list offers this in its place. Every word typed must appear in an
 * item's text, case aside (shared/queries/boardFilter.ts).
 */

/** A list's filter: what is typed, and the items that match it (all of them while nothing is typed). */
export function useListFilter<T>(items: readonly T[], textOf: (item: T) => string) {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const terms = searchTerms(query);
    return terms.length === 0 ? items : items.filter((item) => matchesTerms(textOf(item), terms));
  }, [items, query, textOf]);
  return { query, setQuery, shown, filtering: searchTerms(query).length > 0 };
}

/** Lists up to this long fit about a screen: no filter, which would only add clutter. */
const FILTER_FROM = 8;

/** The filter's field, and how many items match while it filters (said to screen readers as it changes). */
export function ListFilter({
  label,
  filter,
  total,
  placeholder,
}: {
  label: string;
  filter: { query: string; setQuery: (query: string) => void; shown: readonly unknown[]; filtering: boolean };
  total: number;
  placeholder?: string;
}) {
  if (total <= FILTER_FROM && !filter.filtering) return null;
  return (
    <label className="field field--inline list-filter">
      <span>{label}</span>
      <input type="search" value={filter.query} onChange={(event) => filter.setQuery(event.target.value)} placeholder={placeholder} />
      {filter.filtering && <span className="muted" role="status">{`${filter.shown.length} of ${total} match`}</span>}
    </label>
  );
}
