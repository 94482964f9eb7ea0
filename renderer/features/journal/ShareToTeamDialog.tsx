import { useMemo, useState } from 'react';
import { sortOrdered } from '../../../shared/order';
import type { WorkspaceSnapshot } from '../../../shared/schema/read';
import { goToWorkspace } from '../../state/navigation';
import { shareJournalTo } from '../../state/journal';
import { useLibrary } from '../../state/libraryStore';
import { reportError, useToasts } from '../../state/toasts';
import { Dialog } from '../../ui/Dialog';
import { toggled } from '../../ui/toggled';
import { plural } from '../../ui/format';
import { CommandError } from '../../../shared/commands/context';
import { FORM_ERROR, FieldError, useFieldErrors } from '../../ui/fieldErrors';

const FIELDS = ['target', 'objectives'] as const;

/**
 * "Share to a team workspace": copies chosen objectives, with their key
 * results and (if asked) check-ins, into a team or workshop workspace on this
 * device. The copies remember where they came from; sharing again adds only
 * what is new. The journal itself never leaves the device.
 */
export function ShareToTeamDialog({ snapshot, onClose }: { snapshot: WorkspaceSnapshot; onClose: () => void }) {
  const entries = useLibrary((s) => s.entries);
  const targets = useMemo(() => entries.filter((e) => e.deletedAt === null && e.kind !== 'journal').sort((a, b) => a.title.localeCompare(b.title)), [entries]);
  const objectives = useMemo(() => sortOrdered([...snapshot.objectives.values()].filter((o) => o.deletedAt === null)), [snapshot]);
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());
  const [targetId, setTargetId] = useState(targets[0]?.id ?? '');
  // Off by default: check-in notes are often the most personal part of a journal.
  const [withCheckIns, setWithCheckIns] = useState(false);
  const [busy, setBusy] = useState(false);
  const form = useFieldErrors(FIELDS);

  const share = async (close: () => void) => {
    // Said next to the list, rather than a Share button that is greyed out without saying why.
    if (picked.size === 0) return form.fail('objectives', 'Choose at least one objective to share.');
    setBusy(true);
    try {
      const result = await shareJournalTo(snapshot, targetId, { objectiveIds: [...picked], includeCheckIns: withCheckIns });
      const target = targets.find((t) => t.id === targetId);
      const { copied: c, skipped: k } = result;
      const copied = `${plural(c.objectives, 'objective')}, ${plural(c.keyResults, 'key result')}${withCheckIns ? ` and ${plural(c.checkIns, 'check-in')}` : ''}`;
      const skipped = k.objectives + k.keyResults + k.checkIns;
      useToasts.getState().push({
        message: `Shared ${copied} to “${target?.title ?? 'the workspace'}”${skipped > 0 ? ` (${skipped} already there)` : ''}.`,
        tone: 'info',
        action: { label: 'Open it', run: () => goToWorkspace(targetId) },
      });
      close();
    } catch (error) {
      // A refusal (a copy in the target's trash, a target gone) is shown where it belongs; anything else is a bug to report.
      if (error instanceof CommandError) form.fail(FIELDS.find((f) => f === error.field) ?? FORM_ERROR, error.message);
      else reportError(error, 'Could not share');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Share to a team workspace"
      className="share-dialog"
      onClose={onClose}
      footer={(close) => (
        <>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="button" className="button button--primary" disabled={busy || !targetId} onClick={() => void share(close)}>
            Share {picked.size > 0 ? plural(picked.size, 'objective') : ''}
          </button>
        </>
      )}
    >
      <p className="muted small">
        Copies the objectives you choose into a team’s workspace on this device, noting they came from your journal. Your reflections stay private, and
        the journal keeps its own copy.
      </p>
      {targets.length === 0 ? (
        <p className="banner banner--info">There is no team or workshop workspace on this device yet. Create one, or join a workshop, then share.</p>
      ) : (
        <>
          <label className="field">
            <span>Team workspace</span>
            <select value={targetId} {...form.field('target')} onChange={(e) => setTargetId(e.target.value)}>
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title} {t.kind === 'workshop' ? '(workshop)' : ''}
                </option>
              ))}
            </select>
            <FieldError form={form} name="target" />
          </label>
          <fieldset {...form.group('objectives')}>
            <legend>Objectives to share</legend>
            {objectives.length === 0 && <p className="muted small">Your journal has no objectives yet: add some in the OKRs tab.</p>}
            {objectives.map((o) => (
              <label key={o.id} className="check">
                <input
                  type="checkbox"
                  checked={picked.has(o.id)}
                  onChange={() => {
                    form.clear('objectives');
                    setPicked(toggled(picked, o.id));
                  }}
                />
                <span>{o.title || 'Untitled objective'}</span>
              </label>
            ))}
            <FieldError form={form} name="objectives" />
          </fieldset>
          <label className="check">
            <input type="checkbox" checked={withCheckIns} onChange={(e) => setWithCheckIns(e.target.checked)} />
            <span>
              Include their check-ins
              <small className="muted"> Values, confidence and notes are copied; the team will see them.</small>
            </span>
          </label>
          <FieldError form={form} name={FORM_ERROR} />
        </>
      )}
    </Dialog>
  );
}
