import { moveKeyResult, restoreKeyResult } from '../../../shared/commands/keyResults';
import { restoreObjective } from '../../../shared/commands/objectives';
import type { CheckIn } from '../../../shared/schema/types';
import { selectOrphans, selectOutline } from '../../state/selectors';
import { useWorkspace } from '../../state/workspaceSession';
import { act } from '../../state/act';
import { formatNumber, formatWhen } from '../../ui/format';

/** "3 check-ins, latest 18 by Ana" — what a deleted or missing KR still holds. */
function describeCheckIns(checkIns: readonly CheckIn[]): string {
  const latest = checkIns[0];
  if (!latest) return 'no check-ins';
  const count = checkIns.length === 1 ? '1 check-in' : `${checkIns.length} check-ins`;
  return `${count}, latest ${formatNumber(latest.value)} by ${latest.author || 'someone'} on ${formatWhen(latest.at)}`;
}

/**
 * Deleted objectives and key results, each restorable with its check-ins,
 * and check-ins whose key result is missing altogether (shown, never lost).
 */
export function TrashPanel() {
  const outline = useWorkspace(selectOutline);
  const objectives = useWorkspace((s) => s.objectives);
  const checkInsByKeyResult = useWorkspace((s) => s.checkInsByKeyResult);
  const orphans = useWorkspace(selectOrphans);
  const total = outline.deletedObjectives.length + outline.deletedKeyResults.length + orphans.length;
  if (total === 0) return null;
  return (
    <details className="panel trash">
      <summary>Deleted items ({total})</summary>
      <ul aria-label="Deleted items">
        {outline.deletedObjectives.map((o) => (
          <li key={o.id}>
            <span>
              Objective “{o.title || 'Untitled objective'}” <span className="muted">— deleted by {o.deletedBy ?? 'someone'}, {formatWhen(o.deletedAt ?? 0)}</span>
            </span>
            <button type="button" className="button button--small" onClick={() => act((ctx) => restoreObjective(ctx, o.id))} aria-label={`Restore objective ${o.title || 'Untitled objective'}`}>
              Restore
            </button>
          </li>
        ))}
        {outline.deletedKeyResults.map((kr) => (
          <li key={kr.id}>
            <span>
              Key result “{kr.title || 'Untitled key result'}” of {objectives[kr.objectiveId] ? `“${objectives[kr.objectiveId]!.title}”` : 'a removed objective'}{' '}
              <span className="muted">
                — deleted by {kr.deletedBy ?? 'someone'}, {formatWhen(kr.deletedAt ?? 0)}; {describeCheckIns(checkInsByKeyResult[kr.id] ?? [])}
              </span>
            </span>
            <button type="button" className="button button--small" onClick={() => act((ctx) => restoreKeyResult(ctx, kr.id))} aria-label={`Restore key result ${kr.title || 'Untitled key result'}`}>
              Restore
            </button>
          </li>
        ))}
        {orphans.map((group) => (
          <li key={group.keyResultId}>
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
          </li>
        ))}
      </ul>
    </details>
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
