import { Activity, useEffect, useRef, useState, type ReactNode } from 'react';
import { Download, Lock, Redo2, Save, Share2, Undo2, Upload } from 'lucide-react';
import { useWhenIdleAfterFirstPaint } from '../ui/useAfterFirstPaint';
import { useScrollPaddingFor } from '../ui/useScrollPaddingFor';
import { useShallow } from 'zustand/react/shallow';
import { renameWorkspace, restoreWorkspaceKind, setCycle } from '../../shared/commands/workspace';
import { importIntoOpenWorkspace, saveCopy } from '../state/fileActions';
import { goToLibrary, replaceWorkspaceQuery, useWorkspaceQuery } from '../state/navigation';
import { useLibrary } from '../state/libraryStore';
import { selectObjectiveIds } from '../state/selectors';
import { closeWorkspaceSession, openWorkspaceSession, redo, undo, useWorkspace, type WorkspaceState } from '../state/workspaceSession';
import { EditableText } from '../ui/EditableText';
import { ThemeToggle } from '../ui/ThemeToggle';
import { IconButton } from '../ui/IconButton';
import { act } from '../state/act';
import { Board } from '../features/board/Board';
import { useToasts } from '../state/toasts';
import { FieldError, useFieldErrors } from '../ui/fieldErrors';
import { SaveIndicator } from './SaveIndicator';
import { EditableWhileStored } from '../ui/EditableWhileStored';
import { StorageFailureNotice } from './StorageFailureNotice';
import { PresenceBar } from '../ui/PresenceBar';
import { YouButton } from '../ui/NamePrompt';
import { askForName, hasName } from '../state/identity';
import { SharePanel } from '../features/workshop/SharePanel';
import { SessionEndedNotice, StagePanel } from '../features/workshop/StagePanel';
import { startFacilitation, useFacilitation } from '../state/facilitation';
import { SyncStatusPill } from '../features/workshop/SyncStatusPill';
import { RelayStatusPill } from '../features/workshop/RelayStatusPill';
import { FollowControls } from '../features/workshop/FollowControls';
import { SessionNotice } from '../features/workshop/SessionNotice';
import { startPresence } from '../state/follow';
import { startVotes } from '../state/votes';
import { OrphansBanner } from '../features/board/TrashPanel';
import { SignalsView } from '../features/signals/SignalsView';
import { DecisionLog } from '../features/signals/DecisionLog';
import { WorkView } from '../features/work/WorkView';
import { CycleReview } from '../features/cycle/CycleReview';
import { ChangesView } from '../features/lifecycle/ChangesView';
import { RolloutsView } from '../features/rollouts/RolloutsView';
import { AlignmentView } from '../features/alignment/AlignmentView';
import { WorkspaceTabs, type TabSpec } from './WorkspaceTabs';
import { startClock, useClock } from '../state/clock';
import { selectOpenSignalCount } from '../state/signals';
import { ExportDialog } from '../features/export/ExportDialog';
import { closeExportDialog, openExportDialog, useExportDialog } from '../features/export/exportDialogState';
import { JournalView } from '../features/journal/JournalView';
import { followDrafts } from '../state/drafts';

type Tab = 'journal' | 'okrs' | 'signals' | 'work' | 'teams' | 'rollouts' | 'changes' | 'review';
const TEAM_TABS: readonly TabSpec<Tab>[] = [
  { id: 'okrs', label: 'OKRs' },
  { id: 'signals', label: 'Signals' },
  { id: 'work', label: 'Work' },
  { id: 'teams', label: 'Teams' },
  { id: 'rollouts', label: 'Rollouts' },
  { id: 'changes', label: 'Changes' },
  { id: 'review', label: 'Cycle review' },
];
/**
 * A workshop drafts OKRs with a room of people: the board, then the teams to
 * align them, then the change log (publishing ends the drafting); tracking
 * views (signals, work, rollouts, the review) come after.
 */
const WORKSHOP_TABS: readonly TabSpec<Tab>[] = [
  { id: 'okrs', label: 'OKRs' },
  { id: 'teams', label: 'Teams' },
  { id: 'changes', label: 'Changes' },
  { id: 'signals', label: 'Signals' },
  { id: 'work', label: 'Work' },
  { id: 'rollouts', label: 'Rollouts' },
  { id: 'review', label: 'Cycle review' },
];
/** A personal journal: reflections first; no teams, rollouts or change log (nobody else to tell). */
const JOURNAL_TABS: readonly TabSpec<Tab>[] = [
  { id: 'journal', label: 'Journal' },
  { id: 'okrs', label: 'OKRs' },
  { id: 'signals', label: 'Signals' },
  { id: 'work', label: 'Work' },
  { id: 'review', label: 'Cycle review' },
];

/** How many of the workspace's signals are open: counted once per list (~10,000 in OKR-XL), not on every store change. */

export function WorkspaceView({ id }: { id: string }) {
  // The clock is set before the workspace is ready, so its first render computes signals for now, not for a stale moment.
  useEffect(() => startClock(), []);
  // The facilitator's session of a shared workshop (renderer/state/facilitation.ts).
  useEffect(() => startFacilitation(), []);
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
      <main id="main-content" className="workspace">
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
      <main id="main-content" className="workspace" aria-busy="true">
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
  const readOnly = useWorkspace((s) => s.storageFailure !== null);
  const problems = useWorkspace((s) => s.problems);
  const isJournal = meta?.kind === 'journal';
  const isWorkshop = meta?.kind === 'workshop';
  // A workshop starts by getting people in: its invite panel is open until someone closes it.
  const [sharing, setSharing] = useState(isWorkshop);
  // When the facilitator ends the session, the open invite panel would offer each participant to host a workshop of
  // their own: it closes with the session (Share… opens it again).
  useEffect(
    () =>
      useFacilitation.subscribe((now, before) => {
        if (now.endedNotice && !before.endedNotice) setSharing(false);
      }),
    [],
  );
  const exporting = useExportDialog((s) => s.open);
  const tabSpecs = isJournal ? JOURNAL_TABS : isWorkshop ? WORKSHOP_TABS : TEAM_TABS;
  const [tab, setRoutedTab] = useRoutedTab(tabSpecs);
  const setTab = (next: Tab) => {
    // A message about the view left behind is stale in the next one.
    useToasts.getState().clear();
    setRoutedTab(next);
  };
  const now = useClock((s) => s.now);
  // Signals read every key result's check-ins: the tab's count comes once the first screen and its summary (At a
  // glance, which marks the open complete) are in, in an idle moment of its own, not in the same task as them.
  const countSignals = useWhenIdleAfterFirstPaint();
  const openSignals = useWorkspace((s) => (countSignals ? selectOpenSignalCount(s, now) : 0));
  useEffect(() => {
    if (countSignals) performance.mark('cairn:signals-counted');
  }, [countSignals]);
  const withContent = useWorkspace(useShallow((s) => viewsWithContent(s, openSignals)));
  const tabs = tabSpecs.map((t) => ({ ...t, quiet: t.id !== tab && !withContent.includes(t.id) }));

  const workspaceId = meta?.id;
  // Drafting follows the document from the start: a reveal publishes this laptop's drafts whatever tab is open.
  useEffect(() => (isWorkshop && workspaceId ? followDrafts(workspaceId) : undefined), [isWorkshop, workspaceId]);
  // Votes likewise: a close reveals this laptop's ballots whatever tab is open.
  useEffect(() => {
    if (isWorkshop) startVotes();
  }, [isWorkshop]);

  // Where this person looks, published to a workshop's others, and following the facilitator (issue 14).
  useEffect(() => startPresence(), []);
  const header = useRef<HTMLElement>(null);
  useScrollPaddingFor(header);
  useEffect(() => {
    performance.mark('cairn:workspace-usable');
    // On the OKRs view the board marks the open complete once its summary is in (Board.tsx); elsewhere this is all.
    if (tab !== 'okrs') performance.mark('cairn:workspace-complete');
    // A device from before Cairn asked for names: ask before the first edit rather than in the middle of one.
    if (!hasName()) void askForName('first-write');
    // Once per open: the tab at the time of opening is what was measured.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="workspace">
      <header className="workspace__header workspace__header--sticky" ref={header}>
        <nav aria-label="Breadcrumb">
          <a href="#/" className="button button--ghost">
            ← Workspaces
          </a>
        </nav>
        {/* The view's one h1 is the workspace's name, editable in place (a heading's name is its field's value). */}
        <EditableWhileStored>
          <h1 className="workspace__heading">
            <EditableText
              className="workspace__title"
              label="Workspace name"
              value={meta?.title ?? ''}
              onChange={(next, previous) => act((ctx) => renameWorkspace(ctx, next, previous))}
            />
          </h1>
        </EditableWhileStored>
        {/* Beside the name, where the first row has room: following (or bringing everyone) is about the whole view. */}
        <FollowControls />
        {/* A group, not an ARIA toolbar: each action is its own Tab stop (a toolbar promises arrow-key navigation). */}
        <div className="toolbar" role="group" aria-label="Workspace actions">
          <PresenceBar />
          <SyncStatusPill />
          <RelayStatusPill />
          <SaveIndicator />
          {isJournal ? (
            <span className="private-badge">
              <Lock className="button__icon" aria-hidden="true" size={14} />
              Private<span className="visually-hidden">: a personal journal is never synced or shared</span>
            </span>
          ) : (
            <button type="button" className="button button--ghost" aria-expanded={sharing} onClick={() => setSharing(!sharing)}>
              <Share2 className="button__icon" aria-hidden="true" size={16} />
              Share…
            </button>
          )}
          <span className="toolbar__group">
            <IconButton label="Undo" hint="Undo (Ctrl+Z)" icon={<Undo2 size={16} />} onClick={undo} disabled={!canUndo || readOnly} aria-keyshortcuts="Control+Z Meta+Z" />
            <IconButton label="Redo" hint="Redo (Ctrl+Shift+Z)" icon={<Redo2 size={16} />} onClick={redo} disabled={!canRedo || readOnly} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z" />
          </span>
          <button type="button" className="button button--ghost" onClick={() => void saveCopy()}>
            <Save className="button__icon" aria-hidden="true" size={16} />
            Save a copy…
          </button>
          <button type="button" className="button button--ghost" onClick={() => void importIntoOpenWorkspace()} disabled={readOnly}>
            <Upload className="button__icon" aria-hidden="true" size={16} />
            Import…
          </button>
          <button type="button" className="button button--secondary" aria-haspopup="dialog" onClick={openExportDialog}>
            <Download className="button__icon" aria-hidden="true" size={16} />
            Export…
          </button>
          <YouButton />
          <ThemeToggle />
        </div>
        {/* In the sticky header: the words must be seen wherever the person is on the page. */}
        <SessionNotice />
      </header>

      <main id="main-content" className="workspace__main" aria-label="Workspace">
        <StorageFailureNotice />
        {exporting && <ExportDialog onClose={closeExportDialog} />}
        <EditableWhileStored>
          <SessionEndedNotice />
          <StagePanel />
          {sharing && <SharePanel onClose={() => setSharing(false)} />}

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
        </EditableWhileStored>

        <WorkspaceTabs tabs={tabs} current={tab} onSelect={setTab} openSignals={openSignals} />

        <EditableWhileStored>
          {tab !== 'okrs' && (
            <TabPanel key={tab} tab={tab}>
              {PANELS[tab]()}
            </TabPanel>
          )}
        </EditableWhileStored>
        {/* Kept mounted while hidden: switching tabs does not unmount and rebuild a thousand key results. */}
        {/* The board disables its own editing parts while read-only: its find and filter fields stay usable. */}
        <Activity mode={tab === 'okrs' ? 'visible' : 'hidden'}>
          <TabPanel tab="okrs">
            <Board objectiveIds={objectiveIds} />
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
        <span>Cycle start</span>
        <input type="date" value={cycleStart} max={cycleEnd} {...form.field('cycle')} onChange={(e) => e.target.value && set(e.target.value, cycleEnd)} />
      </label>
      <label className="field field--inline">
        <span>Cycle end</span>
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

/**
 * The open tab, kept in the URL (`?tab=signals`) so a reload or a shared link
 * opens the same view; the first tab is the default and is left out.
 */
function useRoutedTab(tabs: readonly TabSpec<Tab>[]): [Tab, (tab: Tab) => void] {
  const query = useWorkspaceQuery();
  const fallback = tabs[0]!.id;
  const requested = new URLSearchParams(query).get('tab');
  const tab = tabs.find((t) => t.id === requested)?.id ?? fallback;
  const select = (next: Tab) =>
    replaceWorkspaceQuery((params) => {
      if (next === fallback) params.delete('tab');
      else params.set('tab', next);
    });
  return [tab, select];
}

/**
 * The views that hold something. The others' tabs are shown quieter (still
 * one click away): on a new workspace only the OKRs, where the work starts,
 * stand out.
 */
function viewsWithContent(s: WorkspaceState, openSignals: number): Tab[] {
  // Asked on every store change: stops at the first record rather than listing them all.
  const any = (records: object) => {
    for (const key in records) if (Object.hasOwn(records, key)) return true;
    return false;
  };
  const out: Tab[] = ['okrs', 'journal'];
  if (openSignals > 0 || any(s.decisions)) out.push('signals');
  if (any(s.initiatives)) out.push('work');
  if (s.alignment.teams.size > 0) out.push('teams');
  if (any(s.rolloutPlans)) out.push('rollouts');
  if (any(s.changes) || any(s.checkpoints)) out.push('changes');
  if (any(s.scores) || any(s.retrospectives)) out.push('review');
  return out;
}
