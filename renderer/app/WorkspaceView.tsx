import { Activity, useEffect, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { renameWorkspace, restoreWorkspaceKind, setCycle } from '../../shared/commands/workspace';
import { importIntoOpenWorkspace, saveCopy } from '../state/fileActions';
import { goToLibrary } from '../state/navigation';
import { useLibrary } from '../state/libraryStore';
import { selectObjectiveIds } from '../state/selectors';
import { closeWorkspaceSession, openWorkspaceSession, redo, undo, useWorkspace } from '../state/workspaceSession';
import { EditableText } from '../ui/EditableText';
import { ThemeToggle } from '../ui/ThemeToggle';
import { useProgressiveCount } from '../ui/useProgressiveCount';
import { act } from '../state/act';
import { useToasts } from '../state/toasts';
import { FieldError, useFieldErrors } from '../ui/fieldErrors';
import { AddObjectiveForm } from '../features/board/AddObjectiveForm';
import { ObjectiveCard } from '../features/board/ObjectiveCard';
import { SaveIndicator } from './SaveIndicator';
import { PresenceBar } from '../ui/PresenceBar';
import { SharePanel } from '../features/workshop/SharePanel';
import { SyncStatusPill } from '../features/workshop/SyncStatusPill';
import { OrphansBanner, TrashPanel } from '../features/board/TrashPanel';
import { SignalsView } from '../features/signals/SignalsView';
import { DecisionLog } from '../features/signals/DecisionLog';
import { WorkView } from '../features/work/WorkView';
import { CycleReview } from '../features/cycle/CycleReview';
import { ChangesView } from '../features/lifecycle/ChangesView';
import { RolloutsView } from '../features/rollouts/RolloutsView';
import { AlignmentView } from '../features/alignment/AlignmentView';
import { WorkspaceTabs, type TabSpec } from './WorkspaceTabs';
import { startClock, useClock } from '../state/clock';
import { selectWorkspaceSignals } from '../state/signals';
import { ExportDialog } from '../features/export/ExportDialog';
import { closeExportDialog, openExportDialog, useExportDialog } from '../features/export/exportDialogState';
import { JournalView } from '../features/journal/JournalView';

type Tab = 'journal' | 'okrs' | 'signals' | 'work' | 'teams' | 'rollouts' | 'changes' | 'review';
const TEAM_TABS: TabSpec<Tab>[] = [
  { id: 'okrs', label: 'OKRs' },
  { id: 'signals', label: 'Signals' },
  { id: 'work', label: 'Work' },
  { id: 'teams', label: 'Teams' },
  { id: 'rollouts', label: 'Rollouts' },
  { id: 'changes', label: 'Changes' },
  { id: 'review', label: 'Cycle review' },
];
/** A personal journal: reflections first; no teams, rollouts or change log (nobody else to tell). */
const JOURNAL_TABS: TabSpec<Tab>[] = [
  { id: 'journal', label: 'Journal' },
  { id: 'okrs', label: 'OKRs' },
  { id: 'signals', label: 'Signals' },
  { id: 'work', label: 'Work' },
  { id: 'review', label: 'Cycle review' },
];

export function WorkspaceView({ id }: { id: string }) {
  // The clock is set before the workspace is ready, so its first render computes signals for now, not for a stale moment.
  useEffect(() => startClock(), []);
  useEffect(() => {
    void openWorkspaceSession(id);
    useLibrary.getState().noteOpened(id);
    return () => void closeWorkspaceSession();
  }, [id]);

  const phase = useWorkspace((s) => s.phase);
  const error = useWorkspace((s) => s.error);
  const title = useWorkspace((s) => s.meta?.title);
  useEffect(() => {
    if (title !== undefined) {
      useLibrary.getState().noteTitle(id, title);
      document.title = `${title || 'Untitled workspace'} — Cairn`;
    }
    return () => {
      document.title = 'Cairn';
    };
  }, [id, title]);

  if (phase === 'missing' || phase === 'error') {
    return (
      <main className="workspace">
        <p role="alert" className="banner banner--error">
          {error}
        </p>
        <button type="button" className="button" onClick={goToLibrary}>
          Back to your workspaces
        </button>
      </main>
    );
  }
  if (phase !== 'ready') {
    return (
      <main className="workspace" aria-busy="true">
        <p className="muted">Opening workspace…</p>
      </main>
    );
  }
  return <ReadyWorkspace />;
}

function ReadyWorkspace() {
  const meta = useWorkspace((s) => s.meta);
  const objectiveIds = useWorkspace(useShallow(selectObjectiveIds));
  const canUndo = useWorkspace((s) => s.canUndo);
  const canRedo = useWorkspace((s) => s.canRedo);
  const restoredFromFile = useWorkspace((s) => s.restoredFromFile);
  const problems = useWorkspace((s) => s.problems);
  const [sharing, setSharing] = useState(false);
  const exporting = useExportDialog((s) => s.open);
  const isJournal = meta?.kind === 'journal';
  const [tab, setTab] = useState<Tab>(isJournal ? 'journal' : 'okrs');
  const selectTab = (next: Tab) => {
    // A message about the view left behind is stale in the next one.
    useToasts.getState().clear();
    setTab(next);
  };
  const now = useClock((s) => s.now);
  const openSignals = useWorkspace((s) => selectWorkspaceSignals(s, now).filter((x) => !x.closedBy).length);

  const rendered = useProgressiveCount(objectiveIds.length);
  useEffect(() => {
    performance.mark('cairn:workspace-usable');
  }, []);
  const complete = rendered >= objectiveIds.length;
  useEffect(() => {
    if (complete) performance.mark('cairn:workspace-complete');
  }, [complete]);

  return (
    <div className="workspace">
      <header className="workspace__header">
        <nav aria-label="Breadcrumb">
          <a href="#/" className="button button--ghost">
            ← Workspaces
          </a>
        </nav>
        <EditableText
          className="workspace__title"
          label="Workspace name"
          value={meta?.title ?? ''}
          onChange={(next, previous) => act((ctx) => renameWorkspace(ctx, next, previous))}
        />
        <div className="toolbar" role="toolbar" aria-label="Workspace actions">
          <PresenceBar />
          <SyncStatusPill />
          <SaveIndicator />
          {isJournal ? (
            <span className="private-badge" title="A personal journal is never synced or shared">
              Private
            </span>
          ) : (
            <button type="button" className="button button--ghost" aria-expanded={sharing} onClick={() => setSharing(!sharing)}>
              Share…
            </button>
          )}
          <button type="button" className="button button--ghost" onClick={undo} disabled={!canUndo} aria-keyshortcuts="Control+Z Meta+Z">
            Undo
          </button>
          <button type="button" className="button button--ghost" onClick={redo} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z">
            Redo
          </button>
          <button type="button" className="button button--ghost" onClick={() => void saveCopy()}>
            Save a copy…
          </button>
          <button type="button" className="button button--ghost" onClick={() => void importIntoOpenWorkspace()}>
            Import…
          </button>
          <button type="button" className="button button--ghost" aria-haspopup="dialog" onClick={openExportDialog}>
            Export…
          </button>
          <ThemeToggle />
        </div>
      </header>

      {sharing && <SharePanel onClose={() => setSharing(false)} />}
      {exporting && <ExportDialog onClose={closeExportDialog} />}

      {meta && <CycleDates cycleStart={meta.cycleStart} cycleEnd={meta.cycleEnd} />}

      {restoredFromFile && (
        <p className="banner banner--info" role="status">
          This workspace was missing from the app&apos;s storage and was restored from its saved file.
        </p>
      )}
      {problems.length > 0 && (
        <details className="banner banner--warning">
          <summary>
            {problems.length} {problems.length === 1 ? 'problem' : 'problems'} in this workspace: damaged fields are shown with their defaults (set them again to
            repair them); records that are not records at all are not shown.
          </summary>
          <ul>
            {problems.slice(0, 50).map((p) => (
              <li key={`${p.map}:${p.id}:${p.field ?? ''}`}>
                {p.map} {p.id}: {p.message}
                {p.map === 'meta' && p.field === 'kind' && (
                  <>
                    {' '}
                    <button type="button" onClick={() => act((ctx) => restoreWorkspaceKind(ctx), 'The workspace kind could not be restored')}>
                      Restore the workspace kind
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      <OrphansBanner />

      {/* The skip link's target: the views, past the header, toolbar and cycle dates. */}
      <main aria-label="Workspace">
      <WorkspaceTabs tabs={isJournal ? JOURNAL_TABS : TEAM_TABS} current={tab} onSelect={selectTab} openSignals={openSignals} />

      {tab !== 'okrs' && (
        <TabPanel key={tab} tab={tab}>
          {PANELS[tab]()}
        </TabPanel>
      )}
      {/* Kept mounted while hidden: switching tabs does not unmount and rebuild a thousand key results. */}
      <Activity mode={tab === 'okrs' ? 'visible' : 'hidden'}>
        <TabPanel tab="okrs">
          <ObjectivesPanel objectiveIds={objectiveIds} rendered={rendered} />
        </TabPanel>
      </Activity>
      </main>
    </div>
  );
}

/** The cycle's dates; a refused pair is explained beside them, not in a toast. */
function CycleDates({ cycleStart, cycleEnd }: { cycleStart: string; cycleEnd: string }) {
  const form = useFieldErrors(['cycle', 'cycleEnd']);
  const set = (start: string, end: string) => form.run((ctx) => setCycle(ctx, start, end), 'Could not change the cycle');
  return (
    <div className="cycle row row--wrap">
      <label className="field field--inline">
        <span>Cycle from</span>
        <input type="date" value={cycleStart} max={cycleEnd} {...form.field('cycle')} onChange={(e) => e.target.value && set(e.target.value, cycleEnd)} />
      </label>
      <label className="field field--inline">
        <span>to</span>
        <input type="date" value={cycleEnd} min={cycleStart} {...form.field('cycleEnd')} onChange={(e) => e.target.value && set(cycleStart, e.target.value)} />
      </label>
      <FieldError form={form} name="cycle" />
      <FieldError form={form} name="cycleEnd" />
      <FieldError form={form} name="form" />
    </div>
  );
}

/** Every view but the OKRs (which stays mounted, see below), by tab. */
const PANELS: Record<Exclude<Tab, 'okrs'>, () => ReactNode> = {
  journal: () => <JournalView />,
  signals: () => (
    <>
      <SignalsView />
      <DecisionLog />
    </>
  ),
  work: () => <WorkView />,
  teams: () => <AlignmentView />,
  rollouts: () => <RolloutsView />,
  changes: () => <ChangesView />,
  review: () => <CycleReview />,
};

function TabPanel({ tab, children }: { tab: Tab; children: ReactNode }) {
  return (
    <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
      {children}
    </div>
  );
}

/** The objectives with their key results (rendered progressively), the add form and the trash. */
function ObjectivesPanel({ objectiveIds, rendered }: { objectiveIds: string[]; rendered: number }) {
  return (
    <>
      {objectiveIds.length === 0 ? (
        <section className="empty-state" aria-label="Getting started">
          <h2>Start with an objective</h2>
          <p>
            An <strong>objective</strong> says where you want to go: qualitative, ambitious, and something the team commits to — for example “Make
            onboarding delightful”.
          </p>
          <p>
            Under it, <strong>key results</strong> say how you will know you are getting there: a number moving from a baseline to a target, a level
            to hold, or a milestone. Check in on them every week; the history shows what changed.
          </p>
        </section>
      ) : (
        <div className="objectives" aria-label="Objectives" role="list">
          {objectiveIds.slice(0, rendered).map((objectiveId, index) => (
            <div role="listitem" key={objectiveId}>
              <ObjectiveCard id={objectiveId} index={index} count={objectiveIds.length} />
            </div>
          ))}
        </div>
      )}
      <AddObjectiveForm />
      <TrashPanel />
    </>
  );
}
