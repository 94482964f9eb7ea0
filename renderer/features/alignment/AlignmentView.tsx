import { PeoplePanel } from './PeoplePanel';
import { FieldError, useFieldErrors } from '../../ui/fieldErrors';
import { formatDay } from '../../ui/format';
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { alignObjective, decideOverlap, markNorthStar, unalignObjective, unmarkNorthStar } from '../../../shared/commands/alignment';
import { addDependency, linkDependencyKeyResult, setDependencyStatus } from '../../../shared/commands/dependencies';
import type { KeyResult, Objective } from '../../../shared/schema/types';
import { isObjectiveOpen, isTracked, keyResultStatus, keyResultStatusLabel, offeredTargets, statusLabel } from '../../../shared/queries/tracking';
import { addTeam, setObjectiveTeam } from '../../../shared/commands/teams';
import { alignmentTree, liveTeams, parentAlignments, teamAssignments, type ObjectiveNode, type UnalignedReason } from '../../../shared/queries/alignment';
import { alignmentTreeRows, type AlignmentTreeRow } from '../../../shared/queries/alignmentTreeRows';
import { dependencyStatus } from '../../../shared/queries/dependencies';
import { findOverlaps } from '../../../shared/queries/overlap';
import type { DependencyStatus } from '../../../shared/schema/alignment';
import { useClock } from '../../state/clock';
import { selectOutline } from '../../state/selectors';
import { useWorkspace } from '../../state/workspaceSession';
import { act } from '../../state/act';
import { combineFromPicker } from '../../state/fileActions';
import { ListFilter, useListFilter } from '../../ui/ListFilter';
import { SHORT_LIST, VirtualList, type ListLayout } from '../../ui/VirtualList';
import { LazyOptionsSelect } from '../../ui/LazyOptionsSelect';

const UNALIGNED: Record<UnalignedReason, string> = {
  'not-aligned': 'not aligned yet',
  'parent-missing': 'its parent is missing',
  'parent-deleted': 'its parent was deleted',
  cycle: 'its alignment made a loop and was set aside',
};
const MAX_OVERLAPS_SHOWN = 50;
const DEPENDENCY_STATUSES: DependencyStatus[] = ['requested', 'agreed', 'at-risk', 'delivered', 'declined'];

/** The workspace as the inputs of the alignment queries: maps by id, rebuilt only when one of them changes. */
function useAlignmentInput() {
  const objectives = useWorkspace((s) => s.objectives);
  const keyResults = useWorkspace((s) => s.keyResults);
  const initiatives = useWorkspace((s) => s.initiatives);
  const alignment = useWorkspace((s) => s.alignment);
  return useMemo(
    () => ({
      objectives: new Map(Object.entries(objectives)),
      keyResults: new Map(Object.entries(keyResults)),
      initiatives: new Map(Object.entries(initiatives)),
      ...alignment,
    }),
    [objectives, keyResults, initiatives, alignment],
  );
}

/**
 * Alignment across teams: company north stars at the top, team objectives
 * aligned to one parent objective or KR, dependencies between teams as their
 * own relation, and work two teams seem to duplicate.
 */
export function AlignmentView() {
  const input = useAlignmentInput();
  const outline = useWorkspace(selectOutline);
  const now = useClock((s) => s.now);
  const teams = liveTeams(input.teams.values());
  const tree = useMemo(() => alignmentTree(input), [input]);
  const team = useMemo(() => teamAssignments(input.objectiveTeams.values()), [input]);
  const parent = useMemo(() => parentAlignments(input.alignments.values()), [input]);
  // Comparing every pair across teams costs about a second for a thousand items: only on request, and the best pairs first.
  const [lookForOverlaps, setLookForOverlaps] = useState(false);
  const overlaps = useMemo(() => (lookForOverlaps ? findOverlaps(input).sort((a, b) => b.score - a.score) : []), [input, lookForOverlaps]);
  const shownOverlaps = overlaps.slice(0, MAX_OVERLAPS_SHOWN);
  const today = new Date(now).toISOString().slice(0, 10);
  const deps = useMemo(() => dependencyStatus({ dependencies: input.dependencies, teams: input.teams, today }), [input.dependencies, input.teams, today]);
  const objectives = useMemo(() => outline.objectives.map((o) => o.objective), [outline]);
  const northStarIds = useMemo(() => new Set(tree.northStars.map((n) => n.objective.id)), [tree]);

  return (
    <section className="alignment-view" aria-label="Teams and alignment">
      <TeamsPanel teams={teams} />
      <PeoplePanel />
      <section aria-label="Objectives by team" className="work-panel">
        <h2 className="section-title">Objectives: team, north star, alignment</h2>
        <AlignmentRows objectives={objectives} teams={teams} team={team} parent={parent} northStarIds={northStarIds} outline={outline.objectives} />
      </section>
      <section aria-label="Alignment tree" className="work-panel">
        <h2 className="section-title">From north stars to team work</h2>
        {tree.northStars.length === 0 && <p className="muted">Mark a company objective as a north star to start the tree.</p>}
        {tree.northStars.length > 0 && <AlignmentTreeList northStars={tree.northStars} />}
        {tree.unaligned.length > 0 && (
          <>
            <h3 className="details-title">Not under a north star</h3>
            <UnalignedList unaligned={tree.unaligned} />
          </>
        )}
        {tree.conflicts.length > 0 && <p className="banner banner--warning">{tree.conflicts.length} alignment conflicts from concurrent edits were settled (the latest wins); check them.</p>}
      </section>
      <DependenciesPanel teams={teams} deps={deps} outline={outline.objectives} />
      <section aria-label="Possible overlaps" className="work-panel">
        <h2 className="section-title">Possible overlaps between teams{lookForOverlaps ? ` (${overlaps.length})` : ''}</h2>
        <p className="row">
          <button type="button" className="button button--small button--ghost" onClick={() => void combineFromPicker().then(() => setLookForOverlaps(true))}>
            Combine another team&apos;s workspace…
          </button>
          <span className="muted">copies its OKRs and work into this workspace (a .cairn file), then looks for overlaps</span>
        </p>
        {!lookForOverlaps ? (
          <button type="button" className="button button--small" onClick={() => setLookForOverlaps(true)}>
            Look for overlaps between teams
          </button>
        ) : overlaps.length === 0 ? (
          <p className="muted">No two teams seem to work on the same thing.</p>
        ) : (
          <ul className="signal-list">
            {overlaps.length > shownOverlaps.length && <li className="muted">The {MAX_OVERLAPS_SHOWN} most alike pairs of {overlaps.length}:</li>}
            {shownOverlaps.map((c) => (
              <li key={c.pairKey} className="signal" aria-label={`Overlap: ${c.a.title} and ${c.b.title}`}>
                <p>
                  <strong>{c.a.title}</strong> and <strong>{c.b.title}</strong> <span className="muted">— {Math.round(c.score * 100)}% alike ({c.sharedTerms.slice(0, 4).join(', ')})</span>
                </p>
                <div className="row">
                  {c.a.kind === 'objective' && c.b.kind === 'objective' && (
                    <button type="button" className="button button--small" onClick={() => act((ctx) => alignObjective(ctx, c.a.id, { type: 'objective', id: c.b.id }), 'Could not align')}>
                      Align “{c.a.title}” under “{c.b.title}”
                    </button>
                  )}
                  <button type="button" className="button button--small" onClick={() => act((ctx) => decideOverlap(ctx, c.a.id, c.b.id, 'shared'))}>
                    Mark as shared
                  </button>
                  <button type="button" className="button button--small button--ghost" onClick={() => act((ctx) => decideOverlap(ctx, c.a.id, c.b.id, 'dismissed'))}>
                    Dismiss
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
        <p className="muted">Compared locally by their words; nothing leaves this device.</p>
      </section>
    </section>
  );
}

const titleOf = (o: Objective) => o.title || 'Untitled objective';
const ROW_LIST: ListLayout<Objective> = {
  keyOf: (o) => o.id,
  // One line of title and pickers; 6 px apart (.alignment-rows in styles.css).
  estimateSize: () => 34,
  gap: 6,
  className: 'alignment-rows',
  itemLabel: titleOf,
  wholeUpTo: SHORT_LIST,
};

type Outline = { objective: Objective; keyResults: KeyResult[] }[];
type Unaligned = ReturnType<typeof alignmentTree>['unaligned'][number];

/**
 * Each objective's team, north star and parent: one row per objective, so a
 * workspace of thousands renders the rows near the screen (ui/VirtualList.tsx),
 * with a filter in place of find-in-page.
 */
function AlignmentRows({
  objectives,
  teams,
  team,
  parent,
  northStarIds,
  outline,
}: {
  objectives: readonly Objective[];
  teams: ReturnType<typeof liveTeams>;
  team: ReturnType<typeof teamAssignments>;
  parent: ReturnType<typeof parentAlignments>;
  northStarIds: ReadonlySet<string>;
  outline: Outline;
}) {
  const teamNames = useMemo(() => new Map(teams.map((t) => [t.id, t.name])), [teams]);
  const textOf = useCallback((o: Objective) => `${titleOf(o)} ${teamNames.get(team.get(o.id)?.winner.teamId ?? '') ?? 'no team'}`, [teamNames, team]);
  const filter = useListFilter(objectives, textOf);
  const renderRow = useCallback(
    (o: Objective) => <AlignmentRow objective={o} teams={teams} teamId={team.get(o.id)?.winner.teamId ?? ''} aligned={parent.get(o.id)?.winner} northStar={northStarIds.has(o.id)} outline={outline} />,
    [teams, team, parent, northStarIds, outline],
  );
  return (
    <>
      <ListFilter label="Filter objectives" filter={filter} total={objectives.length} placeholder="Objective or team" />
      <VirtualList {...ROW_LIST} items={filter.shown} label="Objectives by team" renderItem={renderRow} />
    </>
  );
}

function AlignmentRow({
  objective: o,
  teams,
  teamId,
  aligned,
  northStar,
  outline,
}: {
  objective: Objective;
  teams: ReturnType<typeof liveTeams>;
  teamId: string;
  aligned: Aligned | undefined;
  northStar: boolean;
  outline: Outline;
}) {
  const name = titleOf(o);
  return (
    <div className="row row--wrap">
      <strong className="alignment-rows__title">{name}</strong>
      <select value={teamId} aria-label={`Team of ${name}`} onChange={(e) => act((ctx) => setObjectiveTeam(ctx, o.id, e.target.value || null), 'Could not set the team')}>
        <option value="">No team</option>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      <label className="choice">
        <input type="checkbox" aria-label={`North star: ${name}`} checked={northStar} onChange={(e) => act((ctx) => (e.target.checked ? markNorthStar(ctx, o.id) : unmarkNorthStar(ctx, o.id)), 'Could not change the north star')} />{' '}
        North star
      </label>
      {!northStar && <ParentPicker objective={o} name={name} aligned={aligned} outline={outline} />}
    </div>
  );
}

type Aligned = NonNullable<ReturnType<ReturnType<typeof parentAlignments>['get']>>['winner'];

/**
 * What an objective aligns to: any open objective or tracked KR of the
 * workspace. Thousands of options per row made a screenful of rows cost
 * seconds, so the options come when the picker is used (ui/LazyOptionsSelect.tsx).
 */
function ParentPicker({ objective: o, name, aligned, outline }: { objective: Objective; name: string; aligned: Aligned | undefined; outline: Outline }) {
  const value = aligned ? `${aligned.parentType}:${aligned.parentId}` : '';
  const options = (all: boolean) => {
    const offered = all ? outline : outline.filter((p) => p.objective.id === aligned?.parentId || p.keyResults.some((kr) => kr.id === aligned?.parentId));
    return (
      <>
        <option value="">Aligns to nothing yet</option>
        {/* Open objectives and tracked KRs; a closed parent only while it is the one chosen, marked closed. */}
        {offered
          .filter((p) => p.objective.id !== o.id && (isObjectiveOpen(p.objective) || p.objective.id === aligned?.parentId || p.keyResults.some((kr) => kr.id === aligned?.parentId)))
          .flatMap((p) => [
            <option key={p.objective.id} value={`objective:${p.objective.id}`} disabled={!isObjectiveOpen(p.objective) && p.objective.id !== aligned?.parentId}>
              Objective: {p.objective.title || 'Untitled'}
              {closedMark(p.objective)}
            </option>,
            ...offeredTargets(p.keyResults, (kr) => isTracked(kr, p.objective), aligned ? [aligned.parentId] : []).map((kr) => (
              <option key={kr.id} value={`keyResult:${kr.id}`}>
                {'  '}Key result: {kr.title || 'Untitled'}
                {isTracked(kr, p.objective) ? '' : ` (${keyResultStatusLabel(keyResultStatus(kr, p.objective)).toLowerCase()})`}
              </option>
            )),
          ])}
      </>
    );
  };
  return (
    <LazyOptionsSelect
      className="alignment-rows__parent"
      value={value}
      aria-label={`${name} aligns to`}
      onChange={(e) => {
        const [type, id] = e.target.value.split(':');
        act((ctx) => (id ? alignObjective(ctx, o.id, { type: type as 'objective' | 'keyResult', id }) : unalignObjective(ctx, o.id)), 'Could not align the objective');
      }}
      options={options}
    />
  );
}

const textOfUnaligned = (u: Unaligned) => `${titleOf(u.node.objective)}${closedMark(u.node.objective)} — ${UNALIGNED[u.reason]}`;
const renderUnaligned = ({ node, reason }: Unaligned) => (
  <div>
    {titleOf(node.objective)}
    {closedMark(node.objective)} <span className="muted">— {UNALIGNED[reason]}</span>
  </div>
);
/** One line each, touching; each takes focus (it holds no control). */
const UNALIGNED_LIST: ListLayout<Unaligned> = {
  keyOf: (u) => u.node.objective.id,
  estimateSize: () => 24,
  gap: 0,
  className: 'alignment-unaligned',
  itemLabel: (u) => textOfUnaligned(u),
  focusableItems: true,
  wholeUpTo: SHORT_LIST,
};

/** The objectives not under a north star (all of them, before the first north star): one line each, virtual, filtered. */
function UnalignedList({ unaligned }: { unaligned: readonly Unaligned[] }) {
  const filter = useListFilter(unaligned, textOfUnaligned);
  return (
    <>
      <ListFilter label="Filter objectives not under a north star" filter={filter} total={unaligned.length} placeholder="Objective or reason" />
      <VirtualList {...UNALIGNED_LIST} items={filter.shown} label="Not under a north star" renderItem={renderUnaligned} />
    </>
  );
}

const TREE_INDENT_PX = 18;

/** What a row shows, as text: what the filter matches (not its context, so a filter finds the row itself). */
function textOfTreeRow(row: AlignmentTreeRow): string {
  if (row.kind === 'keyResult') {
    const status = keyResultStatus(row.node.keyResult, row.objective.objective);
    const work = row.node.initiatives.length > 0 ? `, work: ${row.node.initiatives.map((i) => i.title).join(', ')}` : '';
    return `key result: ${row.node.keyResult.title || 'Untitled'}${status.status === 'active' ? '' : ` (${keyResultStatusLabel(status).toLowerCase()})`}${work}`;
  }
  const { node } = row;
  return `${node.northStar ? 'north star' : (node.team?.name ?? 'no team')}: ${titleOf(node.objective)}${closedMark(node.objective)}`;
}

/**
 * A row's name for screen readers: what it shows, and what it hangs under.
 * Its level in the tree (what the nested lists said by nesting) is its
 * aria-level, not also a "Level N," in the name: NVDA speaks a focused list
 * item's level when it changes, so both would say it twice. Screen readers
 * that do not speak aria-level on a list item still hear what the row hangs
 * under ("of <objective>", "under <parent>"), which places it in the tree.
 */
function labelOfTreeRow(row: AlignmentTreeRow): string {
  const under = row.kind === 'keyResult' ? `, of ${titleOf(row.objective.objective)}` : row.parentTitle ? `, under ${row.parentTitle}` : '';
  return `${textOfTreeRow(row)}${under}`;
}

function renderTreeRow(row: AlignmentTreeRow) {
  return (
    <div className="alignment-tree__row" style={{ paddingLeft: (row.depth - 1) * TREE_INDENT_PX }}>
      {row.kind === 'objective' ? (
        <>
          <span className="tag" style={row.node.team ? { borderColor: row.node.team.colour } : undefined}>
            {row.node.northStar ? 'North star' : (row.node.team?.name ?? 'No team')}
          </span>{' '}
          <strong>{titleOf(row.node.objective)}</strong>
          {row.node.objective.status !== 'active' && <span className={`tag tag--status-${row.node.objective.status}`}> {statusLabel(row.node.objective.status, row.node.objective.closedAs)}</span>}
        </>
      ) : (
        <>
          Key result: {row.node.keyResult.title || 'Untitled'}
          <KeyResultStatusTag keyResult={row.node.keyResult} objective={row.objective.objective} />
          {row.node.initiatives.length > 0 && <span className="muted"> · work: {row.node.initiatives.map((i) => i.title).join(', ')}</span>}
        </>
      )}
    </div>
  );
}

/**
 * One line each, touching, indented by depth; each takes focus (a row holds no
 * control), and its aria-level is its depth (the indentation's), as the nested
 * lists said by nesting.
 */
const TREE_LIST: ListLayout<AlignmentTreeRow> = {
  keyOf: (row) => row.key,
  estimateSize: () => 26,
  gap: 0,
  className: 'alignment-tree',
  itemLabel: labelOfTreeRow,
  itemAttributes: (row) => ({ 'aria-level': row.depth }),
  focusableItems: true,
  wholeUpTo: SHORT_LIST,
};

/**
 * From the north stars down: the tree as rows with their depth
 * (shared/queries/alignmentTreeRows.ts), so a tree of thousands renders the
 * rows near the screen, with a filter in place of find-in-page.
 */
function AlignmentTreeList({ northStars }: { northStars: readonly ObjectiveNode[] }) {
  const rows = useMemo(() => alignmentTreeRows(northStars), [northStars]);
  const filter = useListFilter(rows, textOfTreeRow);
  return (
    <>
      <ListFilter label="Filter the alignment tree" filter={filter} total={rows.length} placeholder="Objective, key result or team" />
      <VirtualList {...TREE_LIST} items={filter.shown} label="Alignment tree rows" renderItem={renderTreeRow} />
    </>
  );
}

/** " (closed: dropped)" after a closed objective's name in a picker. */
function closedMark(objective: Objective): string {
  return isObjectiveOpen(objective) ? '' : ` (${statusLabel(objective.status, objective.closedAs).toLowerCase()})`;
}

/** A KR's status in the tree, when it is not simply active (a KR of a closed objective reads as closed with it). */
function KeyResultStatusTag({ keyResult, objective }: { keyResult: KeyResult; objective: Objective }) {
  const status = keyResultStatus(keyResult, objective);
  if (status.status === 'active') return null;
  return <span className={`tag tag--status-${status.status}`}> {keyResultStatusLabel(status)}</span>;
}

function TeamsPanel({ teams }: { teams: ReturnType<typeof liveTeams> }) {
  const [name, setName] = useState('');
  const [colour, setColour] = useState('#2f6f5e');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (act((ctx) => addTeam(ctx, { name, colour }), 'Could not add the team')) setName('');
  };
  return (
    <section aria-label="Teams" className="work-panel">
      <h2 className="section-title">Teams ({teams.length})</h2>
      <p>
        {teams.map((t) => (
          <span key={t.id} className="tag" style={{ borderColor: t.colour }}>
            {t.name}
          </span>
        ))}
      </p>
      <form className="row" onSubmit={submit}>
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="Team name" aria-label="New team name" />
        <input type="color" value={colour} onChange={(e) => setColour(e.target.value)} aria-label="New team colour" />
        <button type="submit" className="button button--small">
          Add team
        </button>
      </form>
    </section>
  );
}

function DependenciesPanel({
  teams,
  deps,
  outline,
}: {
  teams: ReturnType<typeof liveTeams>;
  deps: ReturnType<typeof dependencyStatus>;
  outline: { objective: Objective; keyResults: KeyResult[] }[];
}) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [what, setWhat] = useState('');
  const [neededBy, setNeededBy] = useState('');
  const [blocking, setBlocking] = useState(false);
  const form = useFieldErrors(['fromTeam', 'what', 'toTeam', 'neededBy']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!from) return form.fail('fromTeam', 'Choose the team that needs it.');
    if (!what.trim()) return form.fail('what', 'Say what is needed.');
    if (!to) return form.fail('toTeam', 'Choose the team you need it from.');
    if (form.run((ctx) => addDependency(ctx, { fromTeamId: from, toTeamId: to, what, neededBy: neededBy || null, blocking }), 'Could not add the dependency')) setWhat('');
  };
  return (
    <section aria-label="Dependencies" className="work-panel">
      <h2 className="section-title">
        Dependencies ({deps.dependencies.length}; {deps.overdue.length} overdue, {deps.blockingOpen.length} blocking)
      </h2>
      <DependencyList dependencies={deps.dependencies} outline={outline} />
      <form className="dependency-form" noValidate onSubmit={submit} aria-label="New dependency">
        <div className="row row--wrap">
        <select value={from} onChange={(e) => setFrom(e.target.value)} {...form.field('fromTeam')} aria-label="Team that needs it">
          <option value="">Who needs it?</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <input type="text" value={what} onChange={(e) => setWhat(e.target.value)} placeholder="What" {...form.field('what')} aria-label="What is needed" />
        <select value={to} onChange={(e) => setTo(e.target.value)} {...form.field('toTeam')} aria-label="Team it is needed from">
          <option value="">From whom?</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <input type="date" value={neededBy} onChange={(e) => setNeededBy(e.target.value)} {...form.field('neededBy')} aria-label="Needed by" />
        <label className="choice">
          <input type="checkbox" checked={blocking} onChange={(e) => setBlocking(e.target.checked)} /> Blocking
        </label>
        <button type="submit" className="button button--small">
          Add dependency
        </button>
        </div>
        {/* The row is too tight for a message under each control: they follow it, in the controls' order, each linked to its control. */}
        <FieldError form={form} name="fromTeam" />
        <FieldError form={form} name="what" />
        <FieldError form={form} name="toTeam" />
        <FieldError form={form} name="neededBy" />
        <FieldError form={form} name="form" />
      </form>
    </section>
  );
}

type DependencyRow = ReturnType<typeof dependencyStatus>['dependencies'][number];

/** A dependency's sentence, for its name and the filter: who needs what from whom, by when, and how it stands. */
const textOfDependency = (d: DependencyRow) =>
  `${d.from?.name ?? '?'} needs ${d.dependency.what} from ${d.to?.name ?? '?'}${d.dependency.neededBy ? ` by ${formatDay(d.dependency.neededBy)}` : ''}${d.dependency.blocking ? ', blocking' : ''}${d.overdue ? `, ${d.daysOverdue} days overdue` : ''}, ${d.dependency.status}`;

/** Two lines at most (a sentence and two pickers); 8 px apart, as the signal list's items. */
const DEPENDENCY_LIST: ListLayout<DependencyRow> = {
  keyOf: (d) => d.dependency.id,
  estimateSize: () => 64,
  gap: 8,
  className: 'signal-list',
  itemLabel: (d) => `Dependency: ${d.dependency.what}`,
  wholeUpTo: SHORT_LIST,
};

/**
 * The dependencies, one item each with its status and the KR that tracks it:
 * virtual (ui/VirtualList.tsx) with a filter, since a workspace's dependencies
 * grow with its teams; each KR picker gets its thousands of options when used.
 */
function DependencyList({ dependencies, outline }: { dependencies: readonly DependencyRow[]; outline: Outline }) {
  const filter = useListFilter(dependencies, textOfDependency);
  const renderDependency = useCallback((d: DependencyRow) => <DependencyItem view={d} outline={outline} />, [outline]);
  return (
    <>
      <ListFilter label="Filter dependencies" filter={filter} total={dependencies.length} placeholder="Team, what, status" />
      <VirtualList {...DEPENDENCY_LIST} items={filter.shown} label="Dependencies" renderItem={renderDependency} />
    </>
  );
}

function DependencyItem({ view: d, outline }: { view: DependencyRow; outline: Outline }) {
  const trackedBy = d.dependency.keyResultId;
  // Tracked KRs, and the one already tracking it even if closed (so it shows, and can be changed).
  const options = (all: boolean) => {
    const offered = all ? outline : outline.filter((p) => p.keyResults.some((kr) => kr.id === trackedBy));
    return (
      <>
        <option value="">No key result tracks it</option>
        {offered.flatMap((p) =>
          offeredTargets(p.keyResults, (kr) => isTracked(kr, p.objective), trackedBy === null ? [] : [trackedBy]).map((kr) => (
            <option key={kr.id} value={kr.id}>
              Key result: {kr.title || 'Untitled'}
              {isTracked(kr, p.objective) ? '' : ' (closed)'}
            </option>
          )),
        )}
      </>
    );
  };
  return (
    <div className="signal">
      <strong>{d.from?.name ?? '?'}</strong> needs <em>{d.dependency.what}</em> from <strong>{d.to?.name ?? '?'}</strong>
      {d.dependency.neededBy && ` by ${formatDay(d.dependency.neededBy)}`}
      {d.dependency.blocking && <span className="tag"> blocking</span>}
      {d.overdue && <span className="signal-chip signal-chip--behind-pace"> {d.daysOverdue} days overdue</span>}{' '}
      <select value={d.dependency.status} aria-label={`Status of ${d.dependency.what}`} onChange={(e) => act((ctx) => setDependencyStatus(ctx, d.dependency.id, e.target.value as DependencyStatus))}>
        {DEPENDENCY_STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>{' '}
      <LazyOptionsSelect
        className="alignment-rows__parent"
        value={trackedBy ?? ''}
        aria-label={`Key result tracking ${d.dependency.what}`}
        onChange={(e) => act((ctx) => linkDependencyKeyResult(ctx, d.dependency.id, e.target.value || null), 'Could not link the key result')}
        options={options}
      />
    </div>
  );
}
