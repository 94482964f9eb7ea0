import { moveKeyResult, restoreKeyResult } from '../../../shared/commands/keyResults';
import { restoreObjective } from '../../../shared/commands/objectives';
import type { CheckIn } from '../../../shared/schema/types';
import { selectOrphans, selectOutline } from '../../state/selectors';
import { useWorkspace } from '../../state/workspaceSession';
import { act } from '../../state/act';
import { useCallback, useMemo, useState } from 'react';
import { VirtualList } from '../../ui/VirtualList';
import { matchesTerms, searchTerms } from '../../../shared/queries/boardFilter';
import { formatNumber, formatWhen } from '../../ui/format';

/** "3 check-ins, latest 18 by Ana" — what a deleted or missing KR still holds. */
function describeCheckIns(checkIns: readonly CheckIn[]): string {
  const latest = checkIns[0];
  if (!latest) return 'no check-ins';
  const count = checkIns.length === 1 ? '1 check-in' : `${checkIns.length} check-ins`;
  return `${count}, latest ${formatNumber(latest.value)} by ${latest.author || 'someone'} on ${formatWhen(latest.at)}`;
}

type DeletedObjective = ReturnType<typeof selectOutline>['deletedObjectives'][number];
type DeletedKeyResult = ReturnType<typeof selectOutline>['deletedKeyResults'][number];
type OrphanGroup = ReturnType<typeof selectOrphans>[number];

/** One row of the trash: what it is, its key in the list, and the words the filter looks in. */
type TrashItem =
  | { kind: 'objective'; key: string; text: string; objective: DeletedObjective }
  | { kind: 'keyResult'; key: string; text: string; keyResult: DeletedKeyResult }
  | { kind: 'orphans'; key: string; text: string; group: OrphanGroup };

/** A row's height before it is measured: one line, or a missing KR's check-ins one per line. */
const estimateTrashItem = (item: TrashItem) => (item.kind === 'orphans' ? 40 + 24 * (item.group.checkIns.length + item.group.questions.length) : 40);
const keyOfTrashItem = (item: TrashItem) => item.key;
/** The space between rows (.trash .virtual-list in styles.css). */
const TRASH_GAP = 6;

/**
 * Deleted objectives and key results, each restorable with its check-ins,
 * and check-ins whose key result is missing altogether (shown, never lost).
 * Years of deletes can make it long: built only when opened, it renders the
 * rows near the screen (ui/VirtualList.tsx) and has a filter in place of
 * find-in-page.
 */
export function TrashPanel() {
  const outline = useWorkspace(selectOutline);
  const orphans = useWorkspace(selectOrphans);
  const [open, setOpen] = useState(false);
  const total = outline.deletedObjectives.length + outline.deletedKeyResults.length + orphans.length;
  if (total === 0) return null;
  return (
    <details className="panel trash" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Deleted items ({total})</summary>
      {open && <TrashList deletedObjectives={outline.deletedObjectives} deletedKeyResults={outline.deletedKeyResults} orphans={orphans} />}
    </details>
  );
}

function TrashList({ deletedObjectives, deletedKeyResults, orphans }: { deletedObjectives: readonly DeletedObjective[]; deletedKeyResults: readonly DeletedKeyResult[]; orphans: readonly OrphanGroup[] }) {
  const objectives = useWorkspace((s) => s.objectives);
  const checkInsByKeyResult = useWorkspace((s) => s.checkInsByKeyResult);
  const [filter, setFilter] = useState('');
  const items = useMemo((): TrashItem[] => [
    ...deletedObjectives.map((o) => ({ kind: 'objective' as const, key: `o:${o.id}`, text: o.title, objective: o })),
    ...deletedKeyResults.map((kr) => ({ kind: 'keyResult' as const, key: `k:${kr.id}`, text: `${kr.title} ${objectives[kr.objectiveId]?.title ?? ''}`, keyResult: kr })),
    ...orphans.map((group) => ({ kind: 'orphans' as const, key: `m:${group.keyResultId}`, text: group.checkIns.map((c) => c.note).join(' '), group })),
  ], [deletedObjectives, deletedKeyResults, orphans, objectives]);
  const shown = useMemo(() => {
    const terms = searchTerms(filter);
    return terms.length === 0 ? items : items.filter((item) => matchesTerms(item.text, terms));
  }, [items, filter]);
  const renderItem = useCallback(
    (item: TrashItem) => {
      if (item.kind === 'objective') {
        const o = item.objective;
        return (
          <div className="trash__item">
            <span>
              Objective “{o.title || 'Untitled objective'}” <span className="muted">— deleted by {o.deletedBy ?? 'someone'}, {formatWhen(o.deletedAt ?? 0)}</span>
            </span>
            <button type="button" className="button button--small" onClick={() => act((ctx) => restoreObjective(ctx, o.id))} aria-label={`Restore objective ${o.title || 'Untitled objective'}`}>
              Restore
            </button>
          </div>
        );
      }
      if (item.kind === 'keyResult') {
        const kr = item.keyResult;
        return (
          <div className="trash__item">
            <span>
              Key result “{kr.title || 'Untitled key result'}” of {objectives[kr.objectiveId] ? `“${objectives[kr.objectiveId]!.title}”` : 'a removed objective'}{' '}
              <span className="muted">
                — deleted by {kr.deletedBy ?? 'someone'}, {formatWhen(kr.deletedAt ?? 0)}; {describeCheckIns(checkInsByKeyResult[kr.id] ?? [])}
              </span>
            </span>
            <button type="button" className="button button--small" onClick={() => act((ctx) => restoreKeyResult(ctx, kr.id))} aria-label={`Restore key result ${kr.title || 'Untitled key result'}`}>
              Restore
            </button>
          </div>
        );
      }
      const { group } = item;
      return (
        <div className="trash__item">
          <span>
            Records of a key result that is no longer in this workspace <span className="muted">— {describeCheckIns(group.checkIns)}</span>
          </span>
          {group.questions.length > 0 && (
            <ul aria-label="Questions of a missing key result">
              {group.questions.map((q) => (
                <li key={q.id}>Question: {q.text}</li>
              ))}
            </ul>
          )}
          <ul aria-label="Check-ins of a missing key result">
            {group.checkIns.map((c) => (
              <li key={c.id}>
                {formatNumber(c.value)} <span className="muted">by {c.author || 'someone'}, {formatWhen(c.at)}</span>
                {c.note && <> — {c.note}</>}
              </li>
            ))}
          </ul>
        </div>
      );
    },
    [objectives, checkInsByKeyResult],
  );
  return (
    <>
      {items.length > 1 && (
        <label className="field field--inline trash__filter">
          <span>Filter deleted items</span>
          <input type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
        </label>
      )}
      <VirtualList items={shown} keyOf={keyOfTrashItem} estimateSize={estimateTrashItem} gap={TRASH_GAP} label="Deleted items" className="trash__list" renderItem={renderItem} />
    </>
  );
}

/**
 * Live key results whose objective was deleted (often by someone else while
 * this KR was being added): never hidden silently.
 */
export function OrphansBanner() {
  const outline = useWorkspace(selectOutline);
  const objectives = useWorkspace((s) => s.objectives);
  if (outline.orphanedKeyResults.length === 0) return null;
  const firstLive = outline.objectives[0]?.objective;
  return (
    <section className="banner banner--warning" aria-label="Key results without a live objective">
      <p>
        {outline.orphanedKeyResults.length === 1 ? 'One key result belongs' : `${outline.orphanedKeyResults.length} key results belong`} to an objective that
        was deleted. Restore the objective, or move the key result.
      </p>
      <ul>
        {outline.orphanedKeyResults.map((kr) => {
          const parent = objectives[kr.objectiveId];
          return (
            <li key={kr.id}>
              “{kr.title || 'Untitled key result'}” <span className="muted">(objective “{parent?.title ?? 'unknown'}”)</span>
              {parent && (
                <button type="button" className="button button--small" onClick={() => act((ctx) => restoreObjective(ctx, parent.id))}>
                  Restore objective “{parent.title || 'Untitled objective'}”
                </button>
              )}
              {firstLive && (
                <button type="button" className="button button--small button--ghost" onClick={() => act((ctx) => moveKeyResult(ctx, kr.id, firstLive.id, 0))}>
                  Move to “{firstLive.title || 'Untitled objective'}”
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
