import { Window } from 'happy-dom';
import * as Y from 'yjs';
import { marked, type Token, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { localContext } from '../../shared/commands/context';
import { addObjective } from '../../shared/commands/objectives';
import { addKeyResult } from '../../shared/commands/keyResults';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { newWorkspace } from '../support/workspace';
import { initWorkspace } from '../../shared/commands/workspace';
import { reportToHtml } from '../../shared/format/html';
import { reportToMarkdown } from '../../shared/format/markdown';
import { buildReport, type Report } from '../../shared/queries/report';
import type { ExportScope } from '../../shared/queries/scope';
import { readWorkspace } from '../../shared/schema/read';
import type { Checkpoint } from '../../shared/schema/types';
import { NASTY, buildRichWorkspace } from './richWorkspace';

/*
 * The facilitator's report, exported from a workspace full of hostile text
 * and parsed back: the Markdown with marked's lexer, the HTML with happy-dom.
 * What people typed must come back as the same text, and never as structure.
 */

const rich = buildRichWorkspace();
const snapshot = readWorkspace(rich.doc);
const titleOf = (id: string) => snapshot.objectives.get(id)!.title;
const krTitle = (id: string) => snapshot.keyResults.get(id)!.title;
const checkpoint = (id: string): Checkpoint => snapshot.checkpoints.get(id) ?? snapshot.sessions.get(id)!;

const WHOLE: ExportScope = { kind: 'workspace' };
const report = (scope: ExportScope = WHOLE, sessionSince: Checkpoint | null = null): Report => buildReport(snapshot, { scope, now: rich.now, locale: 'en-US', sessionSince });

/** Objectives of the whole workspace as the report lists them: team A's, then team B's, each in (order, id). */
const ALL_OBJECTIVES = [rich.objectives.growth, rich.objectives.addedMidCycle, rich.objectives.learning, rich.objectives.dropped];
/** Open objectives get a section each; the dropped one is a line in "Closed and dropped objectives". */
const OPEN_OBJECTIVES = ALL_OBJECTIVES.filter((id) => id !== rich.objectives.dropped);
const CLOSED_SECTION = 'Closed and dropped objectives';
const CLOSING_SECTIONS = ['Decisions taken', 'Rollout plans'];
const SESSION_SECTION = 'What changed in this session';
/** A session's report opens with the session in brief and the summary (page one), then what changed in full. */
const SESSION_REPORT_H2 = () => ['This session', 'Summary', SESSION_SECTION, 'At a glance', ...OPEN_OBJECTIVES.map(titleOf), CLOSED_SECTION, ...CLOSING_SECTIONS];
/** Blank lines cannot survive in Markdown without ending the block: the formats drop them. */
const withoutBlankLines = (text: string) => text.split('\n').filter((l) => l.trim() !== '').join('\n');

/* Markdown, read back as marked's tokens. */

/** The text a token shows: escapes undone, hard breaks as newlines, soft breaks as the spaces they render as. */
function plain(token: Token | Tokens.TableCell): string {
  if ('items' in token && Array.isArray(token.items)) return (token.items as Token[]).map(plain).join('\n');
  if ('tokens' in token && token.tokens) return token.tokens.map(plain).join('');
  if ('type' in token && token.type === 'br') return '\n';
  return 'text' in token && typeof token.text === 'string' ? token.text.replace(/\n/g, ' ') : '';
}

/** Every token, depth first (list items, tables' cells and inline tokens included). */
function* walk(tokens: readonly Token[]): Generator<Token> {
  for (const token of tokens) {
    yield token;
    if (token.type === 'list') yield* walk((token as Tokens.List).items);
    if (token.type === 'table') {
      const table = token as Tokens.Table;
      for (const cell of [...table.header, ...table.rows.flat()]) yield* walk(cell.tokens);
    }
    if ('tokens' in token && token.tokens) yield* walk(token.tokens);
  }
}

const lex = (r: Report) => marked.lexer(reportToMarkdown(r));
const headings = (tokens: readonly Token[], depth: number) => tokens.filter((t): t is Tokens.Heading => t.type === 'heading' && t.depth === depth).map(plain);
const tables = (tokens: readonly Token[]) => tokens.filter((t): t is Tokens.Table => t.type === 'table');
/** The list items of the whole document, as text. */
const listItems = (tokens: readonly Token[]) => [...walk(tokens)].filter((t): t is Tokens.ListItem => t.type === 'list_item').map(plain);

describe('the Markdown report', () => {
  const tokens = lex(report(WHOLE, checkpoint(rich.checkpoints.session)));

  it('has one level-2 heading per open objective in scope, with its title as written, after the session and the summary', () => {
    expect(headings(tokens, 2)).toEqual(SESSION_REPORT_H2());
  });

  it('opens no heading from user text: one h1 (the workspace), and every h3 is a known part, a learning KR or a rollout plan', () => {
    expect(headings(tokens, 1)).toEqual([NASTY.workspaceTitle]);
    const parts = ['Risks', 'Asks of leadership', 'Decisions taken', 'Key results', 'Why these measures', 'Asks and dependencies', 'Work', 'What we learned', 'What changed', 'Added', 'Changed or dropped', 'Decided', 'Checked in', 'Scored and reviewed'];
    const allowed = new Set([...parts, `Questions: ${krTitle(rich.keyResults.interviews)}`, 'Onboarding wizard <v2> & "more"', 'Community forum | 論壇']);
    expect(headings(tokens, 3).filter((h) => !allowed.has(h))).toEqual([]);
    expect([4, 5, 6].flatMap((depth) => headings(tokens, depth))).toEqual([]);
  });

  it('gives every table row as many cells as its header, and each cell its own text', () => {
    const all = tables(tokens);
    for (const table of all) for (const row of table.rows) expect(row.length).toBe(table.header.length);
    const growthKrs = all.find((t) => plain(t.rows[0]![0]!) === krTitle(rich.keyResults.activeTeams))!;
    expect(growthKrs.header).toHaveLength(13);
    expect(growthKrs.rows.map((row) => plain(row[0]!))).toEqual([rich.keyResults.activeTeams, rich.keyResults.churn, rich.keyResults.nps, rich.keyResults.guides, rich.keyResults.sessionKr].map(krTitle));
    // The score note has a newline and pipes: one cell, its lines joined by a space.
    expect(plain(growthKrs.rows[0]![12]!)).toBe(NASTY.scoreNote.replace('\n', ' '));
    expect(plain(growthKrs.rows[0]![9]!)).toBe('@ana');
  });

  it('keeps multi-line user text inside its list item, line for line', () => {
    const items = listItems(tokens);
    expect(items).toContain(`Why now: ${withoutBlankLines(NASTY.objectiveWhy)}`);
    expect(items).toContain(`${titleOf(rich.objectives.dropped)} (${NASTY.teamB}). Closed: dropped: ${NASTY.dropReason}`);
    expect(items).toContain(`Owner: ${NASTY.objectiveOwner}`);
  });

  it('reads the summary back exactly: counts, the risks in order and the asks, hostile titles and all', () => {
    const r = report(WHOLE, checkpoint(rich.checkpoints.session));
    const items = listItems(tokens);
    expect(items).toContain(`Key results: ${r.summary.keyResults['on-track']} on track, ${r.summary.keyResults['at-risk']} at risk, ${r.summary.keyResults['off-track']} off track`);
    const risks = tokens.find((t): t is Tokens.List => t.type === 'list' && t.ordered)!;
    expect(risks.items.map(plain)).toEqual(r.summary.risks.map((risk) => risk.text));
    for (const ask of r.summary.asks) expect(items).toContain(ask.text);
  });

  it('turns no user text into HTML, images or links of its own (bare URLs may stay autolinks)', () => {
    const found = [...walk(tokens)];
    expect(found.filter((t) => t.type === 'html' || t.type === 'image' || t.type === 'code' || t.type === 'codespan')).toEqual([]);
    const ownEmphasis = new Set(['Nothing recorded.', 'No stages.', 'None: nothing holds general availability back.']);
    expect(found.filter((t) => t.type === 'em' && !ownEmphasis.has(plain(t)))).toEqual([]);
    for (const link of found.filter((t): t is Tokens.Link => t.type === 'link')) expect(link.text).toBe(link.href);
  });

  it('shows the hostile strings exactly, wherever they are', () => {
    const text = [...walk(tokens)].filter((t) => t.type === 'paragraph' || t.type === 'heading' || t.type === 'list_item' || t.type === 'table').map(plain).join('\n');
    const cells = tables(tokens).flatMap((t) => t.rows.flat().map(plain));
    for (const value of [NASTY.objectiveTitle, NASTY.markdownSpecials, NASTY.rtl, NASTY.cjk, NASTY.accents, NASTY.teamA, NASTY.teamB, NASTY.initiativeTitle, NASTY.dependencyWhat, NASTY.gateName, NASTY.stageAudience]) {
      expect(text.includes(value) || cells.includes(value), value).toBe(true);
    }
    expect(text).toContain(withoutBlankLines(NASTY.learned));
    expect(text).toContain(NASTY.decisionRationale);
  });
});

/* HTML, parsed by happy-dom. */

function parse(html: string): Document {
  const window = new Window();
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

const html = (r: Report) => parse(reportToHtml(r));
const texts = (doc: ParentNode, selector: string) => [...doc.querySelectorAll(selector)].map((e) => e.textContent ?? '');

describe('the HTML report', () => {
  const source = reportToHtml(report(WHOLE, checkpoint(rich.checkpoints.session)));
  const doc = parse(source);

  it('is one self-contained document: doctype, charset, inline style, no script and nothing fetched', () => {
    expect(source.startsWith('<!doctype html>')).toBe(true);
    expect(doc.querySelector('meta[charset]')?.getAttribute('charset')).toBe('utf-8');
    expect(doc.querySelectorAll('style')).toHaveLength(1);
    expect(doc.querySelectorAll('script, link, img, iframe, object, embed, base')).toHaveLength(0);
    const fetched = [...doc.querySelectorAll('[src], [href], [srcset]')].flatMap((e) => ['src', 'href', 'srcset'].map((a) => e.getAttribute(a)).filter((v): v is string => v !== null));
    expect(fetched.filter((url) => !url.startsWith('#') && !url.startsWith('data:'))).toEqual([]);
    expect(doc.querySelector('style')!.textContent).toMatch(/@media print[\s\S]*break-inside: avoid/);
  });

  it('sets no event handler attribute anywhere, whatever people typed', () => {
    const handlers = [...doc.querySelectorAll('*')].flatMap((e) => e.getAttributeNames().filter((name) => name.startsWith('on')));
    expect(handlers).toEqual([]);
  });

  it('has one h2 per objective in scope, its text exactly the title, and keeps headings in order', () => {
    expect(texts(doc, 'h1')).toEqual([NASTY.workspaceTitle]);
    expect(texts(doc, 'article.report-objective > h2')).toEqual(OPEN_OBJECTIVES.map(titleOf));
    expect(texts(doc, 'h2')).toEqual(SESSION_REPORT_H2());
    expect([...doc.querySelectorAll('h4')].every((h) => h.closest('.rollout') !== null)).toBe(true);
    expect(doc.querySelectorAll('h5, h6')).toHaveLength(0);
  });

  it('marks its parts with the stable classes the print stylesheet targets', () => {
    expect(doc.querySelectorAll('.report-session')).toHaveLength(1);
    expect(doc.querySelectorAll('.report-summary')).toHaveLength(1);
    expect(doc.querySelectorAll('.report-objective')).toHaveLength(OPEN_OBJECTIVES.length);
    expect(texts(doc, '.report-closed li strong')).toEqual([titleOf(rich.objectives.dropped)]);
    // The session's part comes first, then the summary, then the objectives.
    const order = ['.report-session', '.report-summary', '.report-objective', '.report-closed'].map((c) => source.indexOf(`class="${c.slice(1)}`));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('reads the summary back exactly: the risks in order, the asks and the decisions', () => {
    const r = report(WHOLE, checkpoint(rich.checkpoints.session));
    const summary = doc.querySelector('.report-summary')!;
    expect(texts(summary, 'ol > li').map((t) => t.replace(/ More$/, ''))).toEqual(r.summary.risks.map((risk) => risk.text));
    expect(texts(summary, 'h3')).toEqual(['Risks', 'Asks of leadership', 'Decisions taken']);
    expect(texts(summary, 'ul')[0]).toBe(r.summary.asks.map((a) => a.text).join(''));
    // Each risk that belongs to a detailed objective links to its section.
    for (const link of summary.querySelectorAll('ol a')) expect(doc.getElementById((link.getAttribute('href') ?? '').slice(1))).not.toBeNull();
  });

  it('keeps hostile text as text, line breaks included', () => {
    const body = doc.body.textContent ?? '';
    // The published checkpoint is the only one a session report does not name.
    for (const value of Object.values(NASTY).filter((v) => v !== NASTY.checkpointName)) expect(body.includes(value), value).toBe(true);
    expect(texts(doc, '.text')).toContain(NASTY.objectiveWhy);
  });

  it('names the report in the printed footer, in a CSS string no title can leave', () => {
    const style = doc.querySelector('style')?.textContent ?? '';
    const footer = /@bottom-left \{ content: "([^"]*)"; \}/.exec(style)?.[1];
    expect(footer).toBeDefined();
    // Everything but letters, digits and spaces is a CSS escape: no quote, backslash, newline or "<" of the title's own.
    expect(footer!.replace(/\\[0-9a-f]+ /g, '')).toMatch(/^[\p{L}\p{N} ]*$/u);
    expect(footer!.replace(/\\([0-9a-f]+) /g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))).toBe(`${NASTY.workspaceTitle} — session report`);
  });

  it('escapes attribute values: a title with quotes and markup stays inside the trend chart’s label', () => {
    const churn = krTitle(rich.keyResults.churn);
    const labels = [...doc.querySelectorAll('svg.trend')].map((svg) => svg.getAttribute('aria-label') ?? '');
    expect(labels.some((label) => label.startsWith(`Trend of ${churn}: `))).toBe(true);
  });

  it('draws a trend chart per key result, one point per check-in, named for assistive technology', () => {
    const objective = doc.getElementById(`objective-${rich.objectives.growth}`)!;
    const charts = [...objective.querySelectorAll('svg.trend')];
    expect(charts).toHaveLength(5);
    for (const chart of charts) expect(chart.getAttribute('role')).toBe('img');
    // The dots of a confidence level are one path, a dot per subpath ("M x y h0").
    const dots = [...charts[0]!.querySelectorAll('path.trend__point')].flatMap((path) => (path.getAttribute('d') ?? '').match(/M[\d.]+ [\d.]+h0/g) ?? []);
    expect(dots).toHaveLength(rich.checkIns.activeTeams.length + 1); // + the session's check-in
    expect(charts[0]!.querySelector('.trend__pace')).not.toBeNull();
    expect(charts[2]!.querySelector('.trend__threshold')).not.toBeNull();
    expect(objective.querySelectorAll('svg.bar[role="img"][aria-label^="Progress"]').length).toBeGreaterThan(5);
  });

  it('gives tables column headers, and every row as many cells as the header', () => {
    for (const table of doc.querySelectorAll('table')) {
      const columns = table.querySelectorAll('thead th[scope="col"]').length;
      expect(columns).toBeGreaterThan(0);
      for (const row of table.querySelectorAll('tbody tr')) expect(row.children).toHaveLength(columns);
    }
  });
});

describe('the report model', () => {
  it('says why a dropped objective was dropped, from the change log', () => {
    expect(report().groups.flatMap((g) => g.objectives).map((o) => o.id)).not.toContain(rich.objectives.dropped);
    expect(report().closed).toEqual([{ id: rich.objectives.dropped, title: titleOf(rich.objectives.dropped), team: expect.objectContaining({ name: NASTY.teamB }), statusLabel: 'Closed: dropped', reason: NASTY.dropReason, score: null }]);
  });

  it('explains the objective score and keeps each KR’s score note', () => {
    const growth = report().groups[0]!.objectives[0]!;
    expect(growth.scoreExplanation).toBe('Mean of 3 key result scores (0.8, 0.3, 0.0); 2 not scored yet.');
    expect(growth.keyResults[0]).toMatchObject({ score: 0.8, scoreNote: NASTY.scoreNote, baseline: '10 teams', target: '35 teams', current: '31 teams' });
  });

  it('answers a learning KR’s questions and records what the team learned', () => {
    const learning = report().groups[1]!.objectives[0]!;
    expect(learning.keyResults[0]!.questions).toEqual([
      { text: NASTY.questionAnswered, answer: 'validated' },
      { text: NASTY.questionOpen, answer: 'open' },
      { text: 'Is price the blocker, or setup?', answer: 'invalidated' },
    ]);
    expect(learning.retrospective).toMatchObject({ next: 'De-scope', reason: NASTY.descopeReason });
  });

  it('lists the open dependencies of the objective’s team, not the delivered ones', () => {
    const growth = report().groups[0]!.objectives[0]!;
    expect(growth.dependencies.map((d) => [d.direction, d.what, d.blocking, d.overdue])).toEqual([['needs', NASTY.dependencyWhat, true, true]]);
  });

  it('puts every objective in one group when the workspace has no teams', () => {
    const doc = new Y.Doc();
    const ctx = localContext(doc, 'Ana', () => rich.now);
    initWorkspace(ctx, { id: 'ws-no-teams-0001', title: 'Solo', kind: 'team', cycleStart: '2026-01-01', cycleEnd: '2026-03-31' });
    addObjective(ctx, { title: 'First' });
    addObjective(ctx, { title: 'Second' });
    const groups = buildReport(readWorkspace(doc), { scope: WHOLE, now: rich.now, locale: 'en-US' }).groups;
    expect(groups.map((g) => [g.team, g.objectives.map((o) => o.title)])).toEqual([[null, ['First', 'Second']]]);
  });

  it('still reads as a report when the workspace is empty or unreadable', () => {
    const empty = buildReport(readWorkspace(new Y.Doc()), { scope: WHOLE, now: rich.now, locale: 'en-US' });
    expect(empty).toMatchObject({ title: 'Untitled workspace', cycle: null, groups: [], decisions: [], rollouts: [] });
    // Nothing to say, nothing written: no "Nothing recorded." padding, only the summary's zero counts.
    expect(headings(lex(empty), 2)).toEqual(['Summary']);
    expect(reportToMarkdown(empty)).not.toContain('Nothing recorded');
    expect(texts(html(empty), 'h1')).toEqual(['Untitled workspace']);
  });

  it('never reports a deleted objective', () => {
    const titles = report().groups.flatMap((g) => g.objectives.map((o) => o.title));
    expect(titles).not.toContain(titleOf(rich.objectives.deleted));
  });
});

describe('the scope of a report', () => {
  it('for one team: only its objectives, the decisions on its KRs and the rollouts of its work', () => {
    const r = report({ kind: 'team', teamId: rich.teams.b });
    expect(r.scopeLabel).toBe(`Team ${NASTY.teamB}`);
    expect(headings(lex(r), 2)).toEqual(['Summary', 'At a glance', titleOf(rich.objectives.learning), CLOSED_SECTION, ...CLOSING_SECTIONS]);
    expect(r.decisions.map((d) => d.kind)).toEqual(['stop', 'pivot']);
    expect(r.rollouts.map((p) => p.title)).toEqual(['Community forum | 論壇']);
  });

  it('for selected objectives: only those, with the rollouts of the work on their KRs', () => {
    const r = report({ kind: 'objectives', objectiveIds: [rich.objectives.growth] });
    expect(texts(html(r), 'article.objective > h2')).toEqual([titleOf(rich.objectives.growth)]);
    expect(r.decisions.map((d) => d.kind)).toEqual(['persevere', 'pivot', 'escalate']);
    expect(r.rollouts.map((p) => p.title)).toEqual(['Onboarding wizard <v2> & "more"']);
    expect(r.rollouts[0]!.openGates.map((g) => g.name)).toEqual(['Marketing announcement', 'Customer success / support trained', 'Sales enabled', NASTY.gateName]);
  });

  it('for the whole workspace: every live rollout plan', () => {
    expect(report().rollouts).toHaveLength(2);
  });
});

describe('what changed in this session', () => {
  const session = report(WHOLE, checkpoint(rich.checkpoints.session)).session!;
  const titles = (items: readonly { title: string }[]) => items.map((i) => i.title);

  it('lists what was added after the checkpoint, not before', () => {
    // Both at the same moment: then by heading, the same on every replica.
    expect(session.added.map((i) => [i.heading, i.title])).toEqual([
      ['Initiative added', `Session work: ${NASTY.accents}`],
      ['Key result added', krTitle(rich.keyResults.sessionKr)],
    ]);
  });

  it('lists changes, decisions, check-ins and scores of the session, each with who and when', () => {
    expect(session.changed.map((i) => [i.heading, i.title, i.author])).toEqual([['Closed as achieved (key result)', krTitle(rich.keyResults.launch), NASTY.actorB]]);
    expect(session.decided.map((i) => i.heading)).toEqual(['Escalate']);
    expect(titles(session.checkedIn)).toEqual([krTitle(rich.keyResults.launch), krTitle(rich.keyResults.activeTeams)]);
    expect(session.scored.filter((i) => i.heading.startsWith('Scored'))).toHaveLength(6);
    const all = [...session.added, ...session.changed, ...session.decided, ...session.checkedIn, ...session.scored];
    for (const item of all) {
      expect(item.author).not.toBe('');
      expect(item.at).toBeGreaterThan(session.checkpoint.at);
    }
  });

  it('since publishing, includes the drop with its reason and the target change', () => {
    const since = report(WHOLE, checkpoint(rich.checkpoints.published)).session!;
    expect(since.changed.map((i) => i.heading)).toEqual(['Dropped (objective)', 'Target changed (key result)', 'Now aspirational (objective)', 'Closed as achieved (key result)']);
    expect(since.changed.find((i) => i.heading === 'Dropped (objective)')!.detail).toContain(NASTY.dropReason);
  });

  it('keeps to the scope: a team’s session has none of the other team’s check-ins', () => {
    const teamB = report({ kind: 'team', teamId: rich.teams.b }, checkpoint(rich.checkpoints.session)).session!;
    expect(titles(teamB.checkedIn)).toEqual([krTitle(rich.keyResults.launch)]);
    expect(teamB.added).toEqual([]);
  });

  it('appears in both formats only when asked for', () => {
    expect(headings(lex(report()), 2)).not.toContain(SESSION_SECTION);
    expect(texts(html(report()), 'h2')).not.toContain(SESSION_SECTION);
    expect(texts(html(report(WHOLE, checkpoint(rich.checkpoints.session))), '.session li')).toHaveLength(
      session.added.length + session.changed.length + session.decided.length + session.checkedIn.length + session.scored.length,
    );
  });
});

describe('times beyond what a date can hold', () => {
  it('are read as problems, so no export crashes on them', async () => {
    const { readCheckIn } = await import('../../shared/schema/read');
    const record = { id: 'ck1', keyResultId: 'kr1', value: 1, confidence: null, note: '', author: 'Ana', at: 9e15 };
    const beyond = readCheckIn('ck1', record);
    expect(beyond.ok ? beyond.problems.map((p) => p.field) : null).toEqual(['at']);
    expect(beyond.ok ? beyond.value.at : null).toBe(0);
    const latest = readCheckIn('ck1', { ...record, at: 8.64e15 });
    expect(latest.ok && latest.problems).toEqual([]);
  });
});

describe('a preview of a large report', () => {
  it('details only the first objectives, keeping the scope, decisions and rollouts whole', () => {
    const whole = report(WHOLE);
    const preview = buildReport(snapshot, { scope: WHOLE, now: rich.now, locale: 'en-US', detailObjectives: 1 });
    expect(preview.groups.flatMap((g) => g.objectives)).toHaveLength(1);
    expect(preview.groups.flatMap((g) => g.objectives)[0]!.id).toBe(whole.groups.flatMap((g) => g.objectives)[0]!.id);
    expect(preview.scopeLabel).toBe(whole.scopeLabel);
    expect(preview.decisions).toEqual(whole.decisions);
    expect(preview.rollouts).toEqual(whole.rollouts);
  });
});

describe('days and times in the exporter locale', () => {
  const ISO_DAY = /\d{4}-\d{2}-\d{2}/;
  /** The report's prose: the HTML's text and attribute values, without the machine-readable datetime attributes. */
  const htmlProse = (markup: string) => markup.replace(/ datetime="[^"]*"/g, '');

  it.each([
    ['en-US', 'Feb 15, 2026', 'Mar 20, 2026'],
    ['en-GB', '15 Feb 2026', '20 Mar 2026'],
  ])('writes no ISO date in the prose of either format (%s)', (locale, neededBy, planned) => {
    const localized = buildReport(snapshot, { scope: WHOLE, now: rich.now, locale, sessionSince: checkpoint(rich.checkpoints.session) });
    const markdown = reportToMarkdown(localized);
    const markup = reportToHtml(localized);
    for (const prose of [markdown, htmlProse(markup)]) {
      expect(prose.match(ISO_DAY)).toBeNull();
      expect(prose).toContain(`needed by ${neededBy}`);
      expect(prose).toContain(planned);
      expect(prose).toContain(`general availability planned for ${planned}`);
    }
    // Moments say their zone, so the report reads the same wherever it is opened.
    expect(markdown).toMatch(/\*\*Generated:\*\* [^\n]*UTC/);
  });

  it.each([
    ['en-US', '$12,500', '$40,000'],
    ['de-DE', '12.500 $', '40.000 $'],
  ])('writes money as the locale writes currency (%s)', (locale, baseline, checkedIn) => {
    const ws = newWorkspace();
    const objective = addObjective(ws.ctx, { title: 'Grow revenue' });
    const kr = addKeyResult(ws.ctx, objective, { title: 'Monthly revenue', kind: 'metric', metric: { direction: 'increase', baseline: 12_500, target: 80_000, unit: '$' } });
    recordCheckIn(ws.ctx, kr, { value: 40_000 });
    const localized = buildReport(readWorkspace(ws.doc), { scope: WHOLE, now: Date.UTC(2026, 7, 1), locale });
    const [row] = localized.groups.flatMap((g) => g.objectives).flatMap((o) => o.keyResults);
    expect([row?.baseline, row?.current].map((v) => v?.replace(/[\u00a0\u202f]/g, ' '))).toEqual([baseline, checkedIn]);
    expect(reportToMarkdown(localized).replace(/[\u00a0\u202f]/g, ' ')).toContain(checkedIn);
  });

  it('keeps ISO 8601 for machines: the HTML time elements carry it', () => {
    const markup = reportToHtml(buildReport(snapshot, { scope: WHOLE, now: rich.now, locale: 'en-GB' }));
    expect(markup).toContain(`<time datetime="${new Date(rich.now).toISOString()}">`);
    expect(markup).toMatch(/<time class="date" datetime="\d{4}-\d{2}-\d{2}">\d{1,2} \w{3} \d{4}<\/time>/);
  });
});
