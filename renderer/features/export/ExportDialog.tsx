import { useEffect, useMemo, useState } from 'react';
import { outcomeOfSession } from '../../state/facilitation';
import type { WorkshopOutcome } from '../../../shared/queries/workshopOutcome';
import { useShallow } from 'zustand/react/shallow';
import { Dialog } from '../../ui/Dialog';
import { WHOLE_WORKSPACE_FORMATS, fileStemOf, reportFileName, type BundleFormat } from '../../../shared/format/exportNames';
import { liveTeams } from '../../../shared/queries/alignment';
import { WHOLE_WORKSPACE, objectivesInScope, type ExportScope } from '../../../shared/queries/scope';
import type { ExportFile, PdfUnavailable } from '../../../shared/platform';
import { getPlatform } from '../../platform';
import { selectObjectiveIds, selectSessionStart } from '../../state/selectors';
import { reportError, useToasts } from '../../state/toasts';
import { encodeOpenWorkspaceUpdate, useWorkspace } from '../../state/workspaceSession';
import { exportInWorker, startExport } from '../../workers/formatsClient';
import { printReport } from './printReport';
import { personLocale, personTimeZone } from '../../ui/locale';

type Choice = BundleFormat | 'pdf';

/** By shape, not instanceof: Electron's bytes come through the context bridge, from another realm. */
const isPdfUnavailable = (result: Uint8Array | PdfUnavailable): result is PdfUnavailable => 'unavailable' in result;

const CHOICES: { id: Choice; label: string; hint: string }[] = [
  { id: 'html', label: 'HTML report', hint: 'One self-contained page: opens offline in any browser and prints well.' },
  { id: 'pdf', label: 'PDF', hint: 'The report as a PDF: A4 pages, numbered, ready to print or send.' },
  { id: 'md', label: 'Markdown', hint: 'The report as text, for wikis and pull requests.' },
  { id: 'csv', label: 'CSV', hint: 'Two spreadsheets: one row per key result, and every check-in.' },
  { id: 'json', label: 'JSON', hint: 'The whole workspace in the documented schema; imports back exactly.' },
  { id: 'cairn', label: 'Cairn file', hint: 'The workspace itself (.cairn): opens in Cairn, merges with other copies.' },
];

type ScopeKind = ExportScope['kind'];

/**
 * The preview renders in this window (a same-origin frame), so it shows the
 * first objectives only: a 200-objective report is megabytes of HTML and SVG
 * that would block the window for seconds. The saved files hold everything.
 */
const PREVIEW_OBJECTIVES = 20;

/**
 * Export is one dialog: pick the formats and the scope, look at the report,
 * save. The files are built in a worker from a snapshot of the document, so
 * a large workspace shows progress and the window keeps answering.
 */
export function ExportDialog({ onClose }: { onClose: () => void }) {
  const meta = useWorkspace((s) => s.meta);
  const alignment = useWorkspace((s) => s.alignment);
  const teams = useMemo(() => liveTeams(alignment.teams.values()), [alignment]);
  const objectiveIds = useWorkspace(useShallow(selectObjectiveIds));
  const objectives = useWorkspace((s) => s.objectives);
  // The preview shows the workspace as the dialog opened: encoded once, not for every change of scope.
  const [previewState] = useState(encodeOpenWorkspaceUpdate);
  const sessionStart = useWorkspace(selectSessionStart);

  const [formats, setFormats] = useState<Set<Choice>>(() => new Set<Choice>(['html', 'csv']));
  const [scopeKind, setScopeKind] = useState<ScopeKind>('workspace');
  const [teamId, setTeamId] = useState(teams[0]?.id ?? '');
  const [picked, setPicked] = useState<Set<string>>(() => new Set());
  const [withSession, setWithSession] = useState(true);
  const [html, setHtml] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number; label: string } | null>(null);

  const scope: ExportScope = useMemo(() => {
    if (scopeKind === 'team') return { kind: 'team', teamId };
    if (scopeKind === 'objectives') return { kind: 'objectives', objectiveIds: [...picked] };
    return WHOLE_WORKSPACE;
  }, [scopeKind, teamId, picked]);
  const sessionSince = withSession ? sessionStart : null;
  // A session's report opens with what the workshop produced (its signatures checked here, before the worker).
  const [found, setFound] = useState<{ sessionId: string; outcome: WorkshopOutcome | null } | null>(null);
  const outcome = sessionSince && found?.sessionId === sessionSince.id ? found.outcome : null;
  useEffect(() => {
    let live = true;
    if (sessionSince) void outcomeOfSession(sessionSince.id).then((next) => live && setFound({ sessionId: sessionSince.id, outcome: next }));
    return () => {
      live = false;
    };
  }, [sessionSince]);
  const scopeEmpty = (scopeKind === 'team' && !teamId) || (scopeKind === 'objectives' && picked.size === 0);
  const inScope = useMemo(() => objectivesInScope({ objectives: new Map(Object.entries(objectives)), alignment }, scope).length, [objectives, alignment, scope]);

  // The preview is the HTML report for the current scope, rebuilt (in the worker) when the scope changes;
  // a rebuild stops the one before it.
  useEffect(() => {
    if (scopeEmpty) return;
    let job: ReturnType<typeof startExport> | null = null;
    const timer = setTimeout(() => {
      job = startExport(previewState, { formats: ['html'], scope, now: Date.now(), locale: personLocale(), timeZone: personTimeZone(), sessionSince, outcome, detailObjectives: PREVIEW_OBJECTIVES });
      job.promise.then(
        (files) => {
          setHtml(new TextDecoder().decode(files[0]!.bytes));
          setPreviewError(null);
        },
        (error: unknown) => {
          if (error instanceof DOMException && error.name === 'AbortError') return;
          setPreviewError(error instanceof Error ? error.message : String(error));
        },
      );
    }, 150);
    return () => {
      clearTimeout(timer);
      job?.cancel();
    };
  }, [previewState, scope, sessionSince, outcome, scopeEmpty]);

  const toggle = <T,>(set: Set<T>, value: T) => {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    return next;
  };

  const close = onClose;

  const save = async () => {
    const platform = getPlatform();
    const wanted = [...formats];
    const bundle = wanted.filter((f): f is BundleFormat => f !== 'pdf');
    if (formats.has('pdf') && !bundle.includes('html')) bundle.push('html');
    setProgress({ done: 0, total: bundle.length, label: 'starting' });
    try {
      const stem = fileStemOf(meta?.title);
      const files = await exportInWorker(encodeOpenWorkspaceUpdate(), { formats: bundle, scope, now: Date.now(), locale: personLocale(), timeZone: personTimeZone(), sessionSince, outcome, stem, appVersion: platform.appVersion }, (done, total, label) =>
        setProgress({ done, total, label }),
      );
      const toSave: ExportFile[] = files.filter((f) => f.kind !== 'html' || formats.has('html'));
      const report = files.find((f) => f.kind === 'html');
      if (formats.has('pdf') && report) setProgress({ done: files.length, total: files.length + 1, label: 'PDF' });
      const reportHtml = formats.has('pdf') && report ? new TextDecoder().decode(report.bytes) : null;
      const pdf = reportHtml === null ? null : await platform.renderPdf(reportHtml);
      const unavailable = pdf && isPdfUnavailable(pdf) ? pdf : null;
      if (pdf && !isPdfUnavailable(pdf)) toSave.push({ name: reportFileName(stem, 'pdf'), bytes: pdf, kind: 'pdf' });
      const { saved } = toSave.length > 0 ? await platform.exportFiles(toSave) : { saved: 0 };
      if (unavailable && reportHtml !== null) {
        // No PDF printer here (browser mode without Chromium): the browser's print dialog saves the report as PDF with its print stylesheet.
        printReport(reportHtml);
        useToasts.getState().push({ message: `${unavailable.unavailable} To save the PDF, choose “Save as PDF” in the print dialog.`, tone: 'info' });
      }
      // In browser mode a file counts when its download starts; the browser may still ask before the second one.
      if (saved > 0) useToasts.getState().push({ message: `${platform.kind === 'browser' ? 'Downloading' : 'Exported'} ${saved} file${saved === 1 ? '' : 's'}.`, tone: 'info' });
      close();
    } catch (error) {
      reportError(error, 'Could not export');
    } finally {
      setProgress(null);
    }
  };

  const footer = () => (
    <>
      {progress && (
        <div className="export-dialog__progress" role="status">
          <progress max={progress.total} value={progress.done} aria-label="Export progress" /> Exporting {progress.label}…
        </div>
      )}
      <button type="button" className="button" onClick={close} disabled={progress !== null}>
        Cancel
      </button>
      <button type="button" className="button button--primary" onClick={() => void save()} disabled={formats.size === 0 || scopeEmpty || progress !== null}>
        Save {formats.size > 0 ? `${formats.size} format${formats.size === 1 ? '' : 's'}` : ''}
      </button>
    </>
  );

  const wholeOnly = WHOLE_WORKSPACE_FORMATS.filter((f) => formats.has(f));
  return (
    <Dialog title={`Export “${meta?.title || 'Untitled workspace'}”`} className="export-dialog" busy={progress !== null} onClose={onClose} footer={footer}>
      <div className="export-dialog__body">
        <div className="export-dialog__options">
          <fieldset>
            <legend>Formats</legend>
            {CHOICES.map((c) => (
              <label key={c.id} className="check">
                <input type="checkbox" checked={formats.has(c.id)} onChange={() => setFormats(toggle(formats, c.id))} />
                <span>
                  {c.label}
                  <small className="muted"> {c.hint}</small>
                </span>
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Scope</legend>
            <label className="check">
              <input type="radio" name="export-scope" checked={scopeKind === 'workspace'} onChange={() => setScopeKind('workspace')} />
              <span>Whole workspace</span>
            </label>
            <label className="check">
              <input type="radio" name="export-scope" checked={scopeKind === 'team'} disabled={teams.length === 0} onChange={() => setScopeKind('team')} />
              <span>One team{teams.length === 0 ? ' (no teams yet)' : ''}</span>
            </label>
            {scopeKind === 'team' && (
              <label className="field field--inline">
                <span>Team</span>
                <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
                  {teams.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="check">
              <input type="radio" name="export-scope" checked={scopeKind === 'objectives'} onChange={() => setScopeKind('objectives')} />
              <span>Selected objectives</span>
            </label>
            {scopeKind === 'objectives' && (
              <div className="export-dialog__objectives" role="group" aria-label="Objectives to export">
                {objectiveIds.map((id) => (
                  <label key={id} className="check">
                    <input type="checkbox" checked={picked.has(id)} onChange={() => setPicked(toggle(picked, id))} />
                    <span>{objectives[id]?.title || 'Untitled objective'}</span>
                  </label>
                ))}
              </div>
            )}
            {wholeOnly.length > 0 && scopeKind !== 'workspace' && (
              <p className="muted small">JSON and the Cairn file always hold the whole workspace, so they import back exactly.</p>
            )}
          </fieldset>
          {sessionStart && (
            <label className="check">
              <input type="checkbox" checked={withSession} onChange={(e) => setWithSession(e.target.checked)} />
              <span>
                Include “What changed in this session” (since {new Date(sessionStart.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })})
              </span>
            </label>
          )}
        </div>
        <figure className="export-dialog__preview">
          <figcaption className="muted small">
            {inScope > PREVIEW_OBJECTIVES
              ? `Preview of the report: the first ${PREVIEW_OBJECTIVES} of ${inScope} objectives. The saved files hold all of them.`
              : 'Preview of the report'}
          </figcaption>
          {scopeEmpty ? (
            <p className="muted">Choose {scopeKind === 'team' ? 'a team' : 'at least one objective'} to export.</p>
          ) : previewError ? (
            <p role="alert" className="banner banner--error">
              {previewError}
            </p>
          ) : html === null ? (
            <p className="muted" aria-busy="true">
              Building the preview…
            </p>
          ) : (
            // No scripts run in the preview: the report has none, and the sandbox forbids them anyway.
            <iframe title="Report preview" sandbox="allow-same-origin" srcDoc={html} />
          )}
        </figure>
      </div>
    </Dialog>
  );
}
