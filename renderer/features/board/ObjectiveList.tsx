import { useMemo, type ReactNode } from 'react';
import type { BoardEntry } from '../../../shared/queries/boardFilter';
import { useBoardReveal } from '../../state/boardReveal';
import { useWorkspace } from '../../state/workspaceSession';
import { VirtualList } from '../../ui/VirtualList';

/*
 * The board's objective cards as a virtual list (ui/VirtualList.tsx): a board
 * of 2,000 objectives and 10,000 key results builds a screenful of cards, not
 * hundreds of thousands of elements. The board's filter finds any objective
 * or key result by text, in place of find-in-page; going to a card (At a
 * glance, following the facilitator) goes through state/boardReveal.ts, which
 * scrolls the card's slot into view first. Of the cards a scroll step brings
 * in, those beyond the screen are built one a render (VirtualList's
 * `progressive`): a step brings about three cards of five key results each,
 * too much for one task on OKR-XL.
 */

/** The gap between cards (.objectives in styles.css). */
const GAP = 14;

/** A card's height before it is measured: its header and fields, and a compact row per key result. */
const estimateCard = (entry: BoardEntry) => 150 + 46 * entry.keyResultIds.length;
const keyOfEntry = (entry: BoardEntry) => entry.objectiveId;
/**
 * Two cards beyond each end of the screen. One is enough for Tab and for a
 * card scrolled into view (the list lays its cards in flow: a card measured
 * later moves nothing), but the first screen would then hold fewer cards than
 * the e2e tests of small workspaces (axe, import) act on without scrolling.
 */
const CARD_OVERSCAN = 2;
/**
 * A card not yet built (a scroll brought several: VirtualList's `progressive`) is named as the card will be. Read
 * when it is rendered, not followed: it is filled in within a few frames.
 */
const placeholderLabel = (entry: BoardEntry) => `Objective: ${useWorkspace.getState().objectives[entry.objectiveId]?.title || 'Untitled objective'}`;

export function ObjectiveList({ entries, label, renderCard }: { entries: BoardEntry[]; label: string; renderCard: (entry: BoardEntry) => ReactNode }) {
  const request = useBoardReveal((s) => s.request);
  // A new object per request, so asking twice for one card scrolls twice.
  const reveal = useMemo(() => (request ? { key: request.objectiveId, align: request.block === 'nearest' ? ('auto' as const) : request.block } : null), [request]);
  return (
    <VirtualList
      items={entries}
      keyOf={keyOfEntry}
      estimateSize={estimateCard}
      gap={GAP}
      label={label}
      className="objectives"
      renderItem={renderCard}
      reveal={reveal}
      overscan={CARD_OVERSCAN}
      renderAfterScroll
      progressive
      placeholderLabel={placeholderLabel}
    />
  );
}
