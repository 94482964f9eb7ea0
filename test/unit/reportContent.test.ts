import { Window } from 'happy-dom';
import { marked, type Token, type Tokens } from 'marked';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { setObjectiveStatus } from '../../shared/commands/lifecycle';
import { addObjective, editObjectiveText } from '../../shared/commands/objectives';
import { keyResultsCsv } from '../../shared/format/csvExport';
import { planCsvImport } from '../../shared/format/importCsv';
import { reportToHtml } from '../../shared/format/html';
import { REPORT_STYLE } from '../../shared/format/htmlStyle';
import { reportToMarkdown } from '../../shared/format/markdown';
import { glanceOfSnapshot } from '../../shared/queries/glance';
import { buildReport, reportDates, type Report } from '../../shared/queries/report';
import { HEALTH_RULE, RISK_RULE } from '../../shared/queries/reportSummary';
import { WHOLE_WORKSPACE } from '../../shared/queries/scope';
import { readWorkspace } from '../../shared/schema/read';
import { newWorkspace } from '../support/workspace';
import { NASTY, buildRichWorkspace } from './richWorkspace';

/*
 * What the report says (issue 16, "The report"): page one's summary against
 * the board's own queries, the objective sections, the closed ones, times in
 * the reader's zone, readable charts, and Markdown and CSV saying what the
 * HTML says. Each defect the issue names is reproduced here.
 */

const DAY = 86_400_000;
const rich = buildRichWorkspace();
const snapshot = readWorkspace(rich.doc);
const richReport = (extra: Partial<Parameters<typeof buildReport>[1]> = {}) => buildReport(snapshot, { scope: WHOLE_WORKSPACE, now: rich.now, locale: 'en-US', ...extra });

function parse(html: string): Document {
  const window = new Window();
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}
const texts = (doc: ParentNode, selector: string) => [...doc.querySelectorAll(selector)].map((e) => (e.textContent ?? '').trim());

/** Markdown, lexed: every list item and table cell as plain text. */
function plain(token: Token | Tokens.TableCell): string {
  if ('items' in token && Array.isArray(token.items)) return (token.items as Token[]).map(plain).join('\n');
  if ('tokens' in token && token.tokens) return token.tokens.map(plain).join('');
  if ('type' in token && token.type === 'br') return '\n';
  return 'text' in token && typeof token.text === 'string' ? token.text.replace(/\n/g, ' ') : '';
}
const markdownTables = (md: string) => marked.lexer(md).filter((t): t is Tokens.Table => t.type === 'table');

/** A small team workspace whose health is known: three KRs behind or unsure, checked in on day 1, read on day 45 of 92. */
function healthWorkspace() {
  const { doc, ctx, tick } = newWorkspace();
  const objective = addObjective(ctx, { title: 'Grow activation', owner: 'Ana', description: 'Activation is where we lose most teams.' });
  editObjectiveText(ctx, objective, 'why', 'The board asked for it this quarter.');
  const metric = { direction: 'increase', baseline: 0, target: 100, unit: '%' } as const;
  const unsure = addKeyResult(ctx, objective, { title: 'Unsure and behind', kind: 'metric', metric, why: 'Activation predicts retention.' });
  const confident = addKeyResult(ctx, objective, { title: 'Confident but behind', kind: 'metric', metric, owner: 'Ben' });
  const medium = addKeyResult(ctx, objective, { title: 'Medium and on pace', kind: 'metric', metric });
  const freezer = addKeyResult(ctx, objective, { title: 'Freezer temperature', kind: 'metric', metric: { direction: 'stayBelow', baseline: 25, target: 4, unit: '°C' } });
  tick(DAY);
  recordCheckIn(ctx, confident, { value: 10, confidence: 8 });
  recordCheckIn(ctx, unsure, { value: 10, confidence: 2 });
  recordCheckIn(ctx, medium, { value: 45, confidence: 5 });
  recordCheckIn(ctx, freezer, { value: 3, confidence: 9 });
  const dropped = addObjective(ctx, { title: 'Launch the forum', owner: 'Cleo' });
  addKeyResult(ctx, dropped, { title: 'Forum live', kind: 'milestone' });
  setObjectiveStatus(ctx, dropped, { status: 'closed', closedAs: 'abandoned', reason: 'Another team owns it now.' });
  return { doc, ctx, objective, unsure, confident, medium, freezer, dropped, now: Date.UTC(2026, 7, 15, 13, 5) };
}

describe('page one: the summary', () => {
  const report = richReport();

  it('counts objectives and key results by health exactly as the OKRs view’s At a glance does', () => {
    const glance = glanceOfSnapshot(snapshot, rich.now, reportDates('en-US', 'UTC'));
    expect(report.summary.objectives).toEqual(glance.objectivesByHealth);
    expect(report.summary.keyResults).toEqual(glance.keyResultsByHealth);
    // And the objective sections' health is the same standing, objective by objective.
    const sections = new Map(report.groups.flatMap((g) => g.objectives).map((o) => [o.id, o.health]));
    for (const o of glance.objectives) expect(sections.get(o.id)).toBe(o.health.health);
  });

  it('states the health rule and the risks’ ranking rule, in both formats', () => {
    const html = reportToHtml(report);
    const md = reportToMarkdown(report);
    for (const text of [parse(html).body.textContent ?? '', md]) {
      expect(text).toContain(HEALTH_RULE);
      expect(text).toContain(RISK_RULE);
    }
    expect(html.indexOf('class="report-summary"')).toBeLessThan(html.indexOf('class="report-objective'));
  });

  it('ranks risks by the documented rule: overdue blocking dependencies, then off track, then at risk; lowest confidence first', () => {
    const ws = healthWorkspace();
    const r = buildReport(readWorkspace(ws.doc), { scope: WHOLE_WORKSPACE, now: ws.now, locale: 'en-US' });
    expect(r.summary.risks.map((risk) => risk.text.slice(0, risk.text.indexOf('('))).map((t) => t.trim())).toEqual([
      '“Unsure and behind”', // off track, confidence 2
      '“Confident but behind”', // off track, confidence 8
      '“Medium and on pace”', // at risk (no check-in for weeks), confidence 5
      '“Freezer temperature”', // at risk, confidence 9
    ]);
    // One sentence each, with its numbers.
    expect(r.summary.risks[0]!.text).toMatch(/is off track: .*\b10% done with \d+% of the cycle gone/);
    expect(r.summary.risks[0]!.text).toContain('2/10');
    // The rich workspace's overdue, blocking dependency comes first.
    expect(report.summary.risks[0]).toMatchObject({ kind: 'dependency' });
    expect(report.summary.risks[0]!.text).toContain(NASTY.dependencyWhat);
    expect(report.summary.risks[0]!.text).toMatch(/\d+ days? overdue/);
    expect(report.summary.risks.length).toBeLessThanOrEqual(5);
  });

  it('lists the asks for leadership: escalations, blocking dependencies and gates holding general availability', () => {
    const kinds = new Set(report.summary.asks.map((a) => a.kind));
    expect(kinds).toEqual(new Set(['escalation', 'dependency', 'gate']));
    expect(report.summary.asks.find((a) => a.kind === 'gate')!.text).toContain(NASTY.gateName);
    expect(report.summary.decisions.length).toBe(Math.min(5, report.decisions.length));
  });
});

describe('each objective', () => {
  const ws = healthWorkspace();
  const ownSnapshot = readWorkspace(ws.doc);
  const report = buildReport(ownSnapshot, { scope: WHOLE_WORKSPACE, now: ws.now, locale: 'en-US' });
  const doc = parse(reportToHtml(report));
  const md = reportToMarkdown(report);

  it('names the owner of a key result that has none of its own: its objective’s (who its reminders go to), never "—"', () => {
    const krRow = (title: string) => [...doc.querySelectorAll('table.krs tbody tr')].find((tr) => tr.querySelector('th')?.textContent?.startsWith(title))!;
    const ownerCell = (title: string) => krRow(title).children[5]!.textContent;
    expect(ownerCell('Unsure and behind')).toBe('Ana');
    expect(ownerCell('Confident but behind')).toBe('Ben');
    const table = markdownTables(md).find((t) => t.header.some((h) => plain(h) === 'Owner') && t.rows.some((r) => plain(r[0]!) === 'Unsure and behind'))!;
    const ownerColumn = table.header.findIndex((h) => plain(h) === 'Owner');
    expect(table.rows.map((r) => plain(r[ownerColumn]!))).toEqual(['Ana', 'Ben', 'Ana', 'Ana']);
  });

  it('has its description, why now, health with its reason, and each KR’s why this measure', () => {
    const section = doc.querySelector('article.report-objective')!;
    expect(texts(section, '.description')).toEqual(['Activation is where we lose most teams.']);
    expect(section.textContent).toContain('The board asked for it this quarter.');
    expect(texts(section, '.kr-why')).toEqual(['Why this measure: Activation predicts retention.']);
    expect(section.querySelector('.health.health--off-track')).not.toBeNull();
    for (const said of ['Activation is where we lose most teams.', 'Why now:** The board asked for it this quarter.', '**Unsure and behind:** Activation predicts retention.']) expect(md).toContain(said);
  });

  it('gathers closed and dropped objectives in one short section with their reason, not full sections', () => {
    expect(texts(doc, 'article.report-objective > h2')).toEqual(['Grow activation']);
    expect(texts(doc, '.report-closed li')).toEqual(['Launch the forum. Closed: dropped: Another team owns it now.']);
    expect(md).toContain('## Closed and dropped objectives\n\n- **Launch the forum**. Closed: dropped: Another team owns it now.');
    expect(md).not.toContain('## Launch the forum');
  });

  it('leaves out what has nothing to say: no "Nothing recorded." anywhere', () => {
    for (const text of [reportToHtml(report), md, reportToHtml(richReport()), reportToMarkdown(richReport())]) expect(text).not.toContain('Nothing recorded');
    // This objective has no retrospective, dependency or work: no such headings.
    expect(texts(doc, 'article.report-objective h3')).toEqual(['Key results', 'Trends']);
  });
});

describe('times in the reader’s time zone', () => {
  const ws = healthWorkspace();
  const build = (timeZone?: string) => buildReport(readWorkspace(ws.doc), { scope: WHOLE_WORKSPACE, now: ws.now, locale: 'en-GB', timeZone });

  it('writes moments in the zone given, naming its offset, in both formats', () => {
    const paris = build('Europe/Paris');
    // 13:05 UTC in August is 15:05 in Paris (summer time).
    for (const text of [reportToMarkdown(paris), parse(reportToHtml(paris)).body.textContent ?? '']) expect(text).toContain('15 Aug 2026, 15:05 (UTC+02:00)');
    const winter = buildReport(readWorkspace(ws.doc), { scope: WHOLE_WORKSPACE, now: Date.UTC(2026, 11, 1, 13, 5), locale: 'en-GB', timeZone: 'Europe/Paris' });
    expect(reportToMarkdown(winter)).toContain('1 Dec 2026, 14:05 (UTC+01:00)');
  });

  it('falls back to UTC, named, when none or an unknown zone is given', () => {
    for (const zone of [undefined, 'Mars/Olympus']) expect(reportToMarkdown(build(zone))).toContain('15 Aug 2026, 13:05 (UTC+00:00)');
  });
});

describe('health reasons in the reader’s locale', () => {
  it('write the check-in’s day and the numbers of a KR’s health as the report’s locale does, in the summary’s risks too', () => {
    const ws = healthWorkspace();
    const report = buildReport(readWorkspace(ws.doc), { scope: WHOLE_WORKSPACE, now: ws.now, locale: 'de-DE' });
    const reasons = report.groups.flatMap((g) => g.objectives).flatMap((o) => o.keyResults).flatMap((kr) => kr.healthReasons);
    // Checked in on day 1 of the cycle (2026-07-02, the workspace's clock), read in German.
    expect(reasons).toContain('Confidence 2/10 (low) on 02.07.2026.');
    expect(reasons.join(' ')).not.toMatch(/\bJul\b/);
    expect(report.summary.risks.map((r) => r.text).join(' ')).toContain('02.07.2026');
  });
});

describe('charts that can be read on paper', () => {
  const html = reportToHtml(richReport());
  const doc = parse(html);
  const charts = [...doc.querySelectorAll('svg.trend')];

  it('are drawn at the size they print, half an A4 text column, with 11 px labels', () => {
    expect(charts.length).toBeGreaterThan(3);
    for (const chart of charts) {
      const [, , width] = (chart.getAttribute('viewBox') ?? '').split(' ').map(Number);
      // Drawn 1:1 (width = viewBox width), and no wider than half of A4's 178 mm column (≈ 328 px): never scaled down in print.
      expect(Number(chart.getAttribute('width'))).toBe(width);
      expect(width).toBeLessThanOrEqual(328);
    }
    const sizes = [...REPORT_STYLE.matchAll(/\.trend__(?:tick|as-of-label) \{[^}]*font-size: (\d+)px/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(11);
  });

  it('share one legend per objective instead of one per chart', () => {
    expect(doc.querySelectorAll('svg.trend .trend__legend')).toHaveLength(0);
    for (const section of doc.querySelectorAll('article.report-objective')) {
      const hasCharts = section.querySelectorAll('svg.trend').length > 0;
      expect(section.querySelectorAll('.trend-legend')).toHaveLength(hasCharts ? 1 : 0);
    }
  });

  it('draw a milestone as steps without a pace line, and a learning KR as answered questions in steps', () => {
    const kr = (id: string) => snapshot.keyResults.get(id)!.title;
    const chartOf = (id: string) => charts.find((c) => (c.getAttribute('aria-label') ?? '').startsWith(`Trend of ${kr(id)}:`))!;
    const milestone = chartOf(rich.keyResults.launch);
    expect(milestone.querySelector('.trend__pace')).toBeNull();
    const learning = chartOf(rich.keyResults.interviews);
    expect(texts(learning, '.trend__tick').some((t) => / of \d+$/.test(t))).toBe(true);
    for (const chart of [milestone, learning]) {
      const path = chart.querySelector('path.trend__line:not(.trend__line--future)')?.getAttribute('d') ?? '';
      const coords = [...path.matchAll(/[ML] ([\d.]+) ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
      // Every segment is horizontal or vertical: no slope between two check-ins.
      for (let i = 1; i < coords.length; i++) expect(coords[i]![0] === coords[i - 1]![0] || coords[i]![1] === coords[i - 1]![1]).toBe(true);
    }
  });
});

describe('Markdown and CSV say what the HTML says', () => {
  const ws = healthWorkspace();
  const own = readWorkspace(ws.doc);
  const report: Report = buildReport(own, { scope: WHOLE_WORKSPACE, now: ws.now, locale: 'en-US' });
  const csvRows = Papa.parse<string[]>(keyResultsCsv(own, WHOLE_WORKSPACE).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
  const column = (name: string) => csvRows[0]!.indexOf(name);
  const csvRow = (title: string) => csvRows.find((r) => r[column('key result')] === title)!;
  const htmlRow = (title: string) => [...parse(reportToHtml(report)).querySelectorAll('table.krs tbody tr')].find((tr) => tr.querySelector('th')?.textContent?.startsWith(title))!;

  it('says who owns a KR as the report does: its own owner (what import reads) and its objective’s (the report’s owner when it has none)', () => {
    // The report: a KR without an owner shows its objective's.
    expect(htmlRow('Unsure and behind').children[5]!.textContent).toBe('Ana');
    // The CSV keeps the KR's own owner faithful, and says whose it falls back to.
    expect([csvRow('Unsure and behind')[column('owner')], csvRow('Unsure and behind')[column('objective owner')]]).toEqual(['', 'Ana']);
    expect([csvRow('Confident but behind')[column('owner')], csvRow('Confident but behind')[column('objective owner')]]).toEqual(['Ben', 'Ana']);
    // Read back, the sheet gives no KR an owner it did not have: the extra column is read-only.
    const plan = planCsvImport(keyResultsCsv(own, WHOLE_WORKSPACE), 'okrs.csv', own);
    expect(plan.rows.find((r) => r.title === 'Unsure and behind')?.owner).toBe('');
  });

  it('gives a stay-below KR no baseline in any format (the record’s old 25 is not a baseline)', () => {
    expect(csvRow('Freezer temperature')[column('baseline')]).toBe('');
    expect(csvRow('Freezer temperature')[column('target')]).toBe('4');
    const kr = report.groups[0]!.objectives[0]!.keyResults.find((k) => k.title === 'Freezer temperature')!;
    expect([kr.baseline, kr.target]).toEqual([null, '≤ 4 °C']);
    expect(htmlRow('Freezer temperature').children[2]!.textContent).toBe('≤ 4 °C');
    const table = markdownTables(reportToMarkdown(report)).find((t) => t.rows.some((r) => plain(r[0]!) === 'Freezer temperature'))!;
    const row = table.rows.find((r) => plain(r[0]!) === 'Freezer temperature')!;
    expect(plain(row[table.header.findIndex((h) => plain(h) === 'Baseline')]!)).toBe('—');
  });

  it('writes the same status words in the CSV as in the report', () => {
    const kr = report.groups[0]!.objectives[0]!.keyResults[0]!;
    expect(csvRow(kr.title)[column('status')]).toBe(kr.status);
    expect(kr.status).toBe('Active');
    expect(csvRow('Forum live')[column('status')]).toBe('Closed: dropped');
  });
});
