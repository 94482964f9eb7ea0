import { useMemo, useState, type FormEvent } from 'react';
import type { WorkspaceKind } from '../../../shared/schema/types';
import { goToWorkspace } from '../../state/navigation';
import { importFromPicker } from '../../state/fileActions';
import { useIdentity } from '../../state/identity';
import { useLibrary } from '../../state/libraryStore';
import { reportError, useToasts } from '../../state/toasts';
import type { LibraryEntry } from '../../state/libraryIndex';
import { getPlatform } from '../../platform';
import { ListFilter, useListFilter } from '../../ui/ListFilter';
import { SHORT_LIST, VirtualList, type ListLayout } from '../../ui/VirtualList';
import { DueThisWeek } from './DueThisWeek';
import { ThemeToggle } from '../../ui/ThemeToggle';
import { JoinPanel } from './JoinPanel';
import { RemindersPanel } from './RemindersPanel';
import { WorkspaceListItem } from './WorkspaceListItem';

const KIND_LABEL: Record<WorkspaceKind, string> = { team: 'Team OKRs', workshop: 'Workshop', journal: 'Personal journal' };

const WORKSPACE_LIST: ListLayout<LibraryEntry> = {
  keyOf: (entry) => entry.id,
  // Title, kind and buttons on one line; 6 px apart (.workspace-list in styles.css).
  estimateSize: () => 58,
  gap: 6,
  className: 'workspace-list',
  wholeUpTo: SHORT_LIST,
};
const textOfEntry = (entry: LibraryEntry) => `${entry.title} ${KIND_LABEL[entry.kind]}`;
const renderLive = (entry: LibraryEntry) => <WorkspaceListItem entry={entry} kindLabel={KIND_LABEL[entry.kind]} />;
const renderDeleted = (entry: LibraryEntry) => <DeletedWorkspaceItem id={entry.id} title={entry.title} />;

export function LibraryView({ invite }: { invite?: string }) {
  const entries = useLibrary((s) => s.entries);
  const createWorkspace = useLibrary((s) => s.createWorkspace);
  const { name, setName } = useIdentity();
  const [nameDraft, setNameDraft] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<WorkspaceKind>('team');
  const live = useMemo(() => entries.filter((e) => e.deletedAt === null).sort((a, b) => (b.openedAt ?? b.createdAt) - (a.openedAt ?? a.createdAt)), [entries]);
  const deleted = useMemo(() => entries.filter((e) => e.deletedAt !== null).sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0)), [entries]);
  // Years of workspaces: the rows near the screen are rendered (ui/VirtualList.tsx); the filters stand in for find-in-page.
  const liveFilter = useListFilter(live, textOfEntry);
  const deletedFilter = useListFilter(deleted, textOfEntry);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const id = await createWorkspace({ title: title || 'Untitled workspace', kind });
      setTitle('');
      goToWorkspace(id);
    } catch (error) {
      reportError(error, 'Could not create the workspace');
    }
  };

  return (
    <div className="library">
      <header className="library__header">
        <div>
          <h1 id="library-heading">Your workspaces</h1>
          <p className="muted">
            Everything stays on this device{getPlatform().durable ? ', saved as files with backups' : ' (in this browser)'}. No account, no internet needed.
          </p>
        </div>
        <ThemeToggle />
      </header>
      <main id="main-content" className="library__main" aria-labelledby="library-heading">

      <section className="panel" aria-labelledby="you-heading">
        <h2 id="you-heading" className="panel__title">
          You
        </h2>
        <label className="field">
          <span>Your name (signs your check-ins)</span>
          <input
            type="text"
            value={nameDraft ?? name}
            onChange={(e) => {
              // Saved as typed; a blank field keeps the name (changes stay signed), and shows it again on leaving.
              setNameDraft(e.target.value);
              setName(e.target.value);
            }}
            onBlur={() => setNameDraft(null)}
            placeholder="e.g. Ana"
            autoComplete="name"
          />
        </label>
        {!name && <p className="muted small">Cairn asks for it before your first change or workshop.</p>}
      </section>

      <DueThisWeek />
      <RemindersPanel />

      <section className="panel" aria-labelledby="new-heading">
        <h2 id="new-heading" className="panel__title">
          New workspace
        </h2>
        <form className="row" onSubmit={create}>
          <label className="field field--grow">
            <span>Workspace name</span>
            <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Growth team, Q3" />
          </label>
          <label className="field">
            <span>Kind</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as WorkspaceKind)}>
              {(Object.keys(KIND_LABEL) as WorkspaceKind[]).map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button--primary">
            Create workspace
          </button>
          <button type="button" className="button" onClick={() => void importFromPicker()}>
            Open or import a file…
          </button>
          <a className="button button--ghost" href="./templates/cairn-okrs-template.csv" download="cairn-okrs-template.csv">
            CSV template
          </a>
        </form>
      </section>

      <JoinPanel key={invite ?? ''} initialInvite={invite} />

      <section aria-labelledby="list-heading">
        <h2 id="list-heading" className="section-title">
          Workspaces <span className="muted">({live.length})</span>
        </h2>
        {live.length === 0 ? (
          <p className="empty">
            No workspaces yet. A workspace holds one set of OKRs: a team&apos;s cycle, a workshop, or your personal journal. Create one above.
          </p>
        ) : (
          <>
            <ListFilter label="Filter workspaces" filter={liveFilter} total={live.length} placeholder="Name or kind" />
            <VirtualList {...WORKSPACE_LIST} items={liveFilter.shown} label="Workspaces" renderItem={renderLive} />
          </>
        )}
      </section>

      {deleted.length > 0 && (
        <section aria-labelledby="deleted-heading">
          <h2 id="deleted-heading" className="section-title">
            Recently deleted <span className="muted">({deleted.length})</span>
          </h2>
          <ListFilter label="Filter deleted workspaces" filter={deletedFilter} total={deleted.length} placeholder="Name or kind" />
          <VirtualList {...WORKSPACE_LIST} items={deletedFilter.shown} label="Recently deleted workspaces" renderItem={renderDeleted} />
        </section>
      )}
      </main>
    </div>
  );
}

function DeletedWorkspaceItem({ id, title }: { id: string; title: string }) {
  const restore = useLibrary((s) => s.restoreWorkspace);
  const deleteForever = useLibrary((s) => s.deleteForever);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="workspace-item workspace-item--deleted">
      <span className="workspace-item__title">{title}</span>
      <div className="row">
        <button type="button" className="button" onClick={() => restore(id)} aria-label={`Restore workspace ${title}`}>
          Restore
        </button>
        {confirming ? (
          <button
            type="button"
            className="button button--danger"
            onClick={() =>
              deleteForever(id).then(
                () => useToasts.getState().push({ message: `“${title}” was deleted for good.`, tone: 'info' }),
                (error: unknown) => reportError(error, 'Could not delete the workspace'),
              )
            }
          >
            Really delete “{title}” forever
          </button>
        ) : (
          <button type="button" className="button button--ghost" onClick={() => setConfirming(true)} aria-label={`Delete workspace ${title} forever`}>
            Delete forever…
          </button>
        )}
      </div>
    </div>
  );
}
