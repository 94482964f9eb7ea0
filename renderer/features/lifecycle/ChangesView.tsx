import { useMemo, useState, type FormEvent } from 'react';
import { publishCheckpoint } from '../../../shared/commands/lifecycle';
import { changeHeading, changesSince } from '../../../shared/queries/changes';
import { selectPublished } from '../../state/selectors';
import { useWorkspace } from '../../state/workspaceSession';
import { act } from '../../state/act';
import { formatWhen } from '../../ui/format';

/**
 * Publish the OKRs (a named checkpoint the cycle starts from), then see what
 * changed since: additions, target changes, drops, deferrals, commitment
 * changes — each with who, when and why.
 */
export function ChangesView() {
  const meta = useWorkspace((s) => s.meta);
  const published = useWorkspace(selectPublished);
  const checkpoints = useWorkspace((s) => s.checkpoints);
  const changes = useWorkspace((s) => s.changes);
  const objectives = useWorkspace((s) => s.objectives);
  const keyResults = useWorkspace((s) => s.keyResults);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [name, setName] = useState(`Start of ${meta?.cycleStart ?? 'the cycle'}`);
  const checkpoint = (chosenId ? checkpoints[chosenId] : null) ?? published;
  const items = useMemo(
    () =>
      checkpoint
        ? changesSince({ changes: new Map(Object.entries(changes)), objectives: new Map(Object.entries(objectives)), keyResults: new Map(Object.entries(keyResults)) }, checkpoint)
        : [],
    [checkpoint, changes, objectives, keyResults],
  );
  const publish = (event: FormEvent) => {
    event.preventDefault();
    if (act((ctx) => publishCheckpoint(ctx, name), 'Could not publish')) setChosenId(null);
  };
  const all = Object.values(checkpoints).sort((a, b) => b.at - a.at);

  return (
    <section className="changes-view" aria-label="Changes">
      <form className="row row--wrap publish" onSubmit={publish} aria-label="Publish the OKRs">
        <label className="field field--grow">
          <span>{published ? 'Publish again (a new checkpoint)' : 'Publish the OKRs: the checkpoint this cycle starts from'}</span>
          <input type="text" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} aria-label="Checkpoint name" />
        </label>
        <button type="submit" className="button button--primary">
          Publish
        </button>
      </form>
      {!checkpoint ? (
        <p className="empty empty--small">
          Not published yet. Publish at the start of the cycle: from then on, every addition, target change, drop or deferral asks why and shows here.
        </p>
      ) : (
        <section aria-label="What changed since publishing">
          <div className="row row--wrap">
            <h2 className="section-title">
              What changed since “{checkpoint.name}” ({items.length})
            </h2>
            {all.length > 1 && (
              <label className="field field--inline">
                <span>Compare with</span>
                <select value={checkpoint.id} onChange={(e) => setChosenId(e.target.value)} aria-label="Checkpoint to compare with">
                  {all.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name} — {formatWhen(c.at)}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          <p className="muted">
            Published by {checkpoint.author}, {formatWhen(checkpoint.at)}.
          </p>
          {items.length === 0 ? (
            <p className="empty empty--small">Nothing changed since publishing.</p>
          ) : (
            <ol className="signal-list">
              {items.map(({ change, title, objectiveTitle, unexplained }) => (
                <li key={change.id} className="signal" aria-label={`${changeHeading(change)}: ${title || change.to}`}>
                  <div className="signal__head">
                    <span className="tag">{changeHeading(change)}</span>
                    <strong>{title || change.to || 'A removed item'}</strong>
                    <span className="muted">
                      {change.entity === 'objective' ? 'objective' : `key result${objectiveTitle ? ` of ${objectiveTitle}` : ''}`} · {change.author},{' '}
                      {formatWhen(change.at)}
                    </span>
                  </div>
                  {change.kind !== 'added' && (
                    <p className="muted">
                      {change.from} → {change.to}
                    </p>
                  )}
                  <p className="signal__explanation">{unexplained ? <em>No reason given: added on a device that had not seen the checkpoint yet.</em> : `Why: ${change.reason || '—'}`}</p>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </section>
  );
}
