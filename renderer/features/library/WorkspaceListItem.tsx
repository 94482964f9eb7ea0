import { useState, type FormEvent } from 'react';
import { goToWorkspace } from '../../state/navigation';
import type { LibraryEntry } from '../../state/libraryIndex';
import { useLibrary } from '../../state/libraryStore';
import { reportError, useToasts } from '../../state/toasts';

export function WorkspaceListItem({ entry, kindLabel }: { entry: LibraryEntry; kindLabel: string }) {
  const { renameWorkspace, duplicateWorkspace, deleteWorkspace, restoreWorkspace } = useLibrary();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(entry.title);

  const submitRename = (event: FormEvent) => {
    event.preventDefault();
    renameWorkspace(entry.id, title).then(
      () => setRenaming(false),
      (error: unknown) => reportError(error, 'Could not rename the workspace'),
    );
  };

  const remove = () => {
    deleteWorkspace(entry.id);
    useToasts.getState().push({
      message: `“${entry.title}” moved to Recently deleted.`,
      tone: 'info',
      action: { label: 'Undo', run: () => restoreWorkspace(entry.id) },
    });
  };

  return (
    <div className="workspace-item">
      {renaming ? (
        <form className="row row--grow" onSubmit={submitRename}>
          <input
            type="text"
            aria-label={`New name for ${entry.title}`}
            value={title}
            autoFocus
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setRenaming(false)}
          />
          <button type="submit" className="button button--primary">
            Save name
          </button>
          <button type="button" className="button button--ghost" onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <a className="workspace-item__title" href={`#/w/${entry.id}`} onClick={() => goToWorkspace(entry.id)}>
          {entry.title}
        </a>
      )}
      <span className="badge">{kindLabel}</span>
      <div className="row">
        <button type="button" className="button button--ghost" onClick={() => setRenaming(true)} aria-label={`Rename workspace ${entry.title}`}>
          Rename
        </button>
        <button
          type="button"
          className="button button--ghost"
          aria-label={`Duplicate workspace ${entry.title}`}
          onClick={() => duplicateWorkspace(entry.id).catch((error: unknown) => reportError(error, 'Could not duplicate the workspace'))}
        >
          Duplicate
        </button>
        <button type="button" className="button button--ghost" onClick={remove} aria-label={`Delete workspace ${entry.title}`}>
          Delete
        </button>
      </div>
    </div>
  );
}
