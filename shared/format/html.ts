import { formatScore } from '../queries/scoring';
import type { TrendModel, TrendPoint } from '../queries/trend';
import {
  DECISION_LABEL,
  formatKeyResultValue,
  formatPercent,
  formatReportTime,
  type Report,
  type ReportDecision,
  type ReportDependency,
  type ReportGroup,
  type ReportKeyResult,
  type ReportObjective,
  type ReportRollout,
  type ReportSession,
  type SessionItem,
  type ValueScale,
} from '../queries/report';

/*
 * The session report as one self-contained HTML document: inline style and
 * SVG, no script, no external resource, so it opens anywhere, prints well and
 * can be mailed as is. Everything people typed goes through `esc` (text and
 * attribute values alike). Headings: h1 the report, h2 each objective and each
 * closing section, h3 their parts.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value, safe inside an element or a double-quoted attribute. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const nothing = '<p class="none">Nothing recorded.</p>';
/** User text that may span lines: the stylesheet keeps its line breaks (white-space: pre-line). */
const text = (value: string, tag = 'span') => `<${tag} class="text">${esc(value)}</${tag}>`;
const timeTag = (at: number) => `<time datetime="${new Date(at).toISOString()}">${formatReportTime(at)}</time>`;
const byWhom = (author: string, at: number) => `${esc(author)}, ${timeTag(at)}`;
const scoreText = (score: number | null) => (score === null ? '—' : formatScore(score));
const anchorOf = (objectiveId: string) => `objective-${esc(objectiveId)}`;
const date = (day: string | null) => (day === null ? '—' : `<span class="date">${esc(day)}</span>`);

/** A label and its (already escaped) value; a wide one takes the whole row (long text). */
type Fact = [label: string, html: string, wide?: 'wide'];
const facts = (list: readonly Fact[]) => `<dl class="facts">${list.map(([dt, dd, wide]) => `<div${wide ? ' class="wide"' : ''}><dt>${dt}</dt><dd>${dd}</dd></div>`).join('')}</dl>`;

export function reportToHtml(report: Report): string {
  const body = [
    header(report),
    overview(report.groups),
    ...report.groups.map(groupSection),
    decisionsSection(report.decisions),
    rolloutsSection(report.rollouts),
    report.session ? sessionSection(report.session) : '',
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Whatever the text holds, this page loads nothing and runs nothing: inline styles and inline SVG only.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(report.title)} — session report</title>`,
    `<style>${REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body.filter(Boolean),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function header(report: Report): string {
  const cycle = report.cycle ? `${date(report.cycle.start)} to ${date(report.cycle.end)}` : 'unknown';
  return `<header class="report-header">
<h1>${esc(report.title)}</h1>
${facts([['Cycle', cycle], ['Scope', esc(report.scopeLabel)], ['Generated', timeTag(report.generatedAt)]])}
</header>`;
}

function overview(groups: readonly ReportGroup[]): string {
  const rows = groups.flatMap((g) =>
    g.objectives.map(
      (o) =>
        `<tr><td>${teamBadge(g)}</td><th scope="row"><a href="#${anchorOf(o.id)}">${esc(o.title)}</a></th><td>${esc(o.commitment)}</td><td>${esc(o.statusLabel)}</td><td>${progressCell(o.progress)}</td><td>${scoreText(o.score)}</td></tr>`,
    ),
  );
  const body = rows.length
    ? `<table><caption>Objectives in this report</caption><thead><tr><th scope="col">Team</th><th scope="col">Objective</th><th scope="col">Commitment</th><th scope="col">Status</th><th scope="col">Progress</th><th scope="col">Score</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : nothing;
  return `<section class="overview" aria-labelledby="overview"><h2 id="overview">At a glance</h2>${body}</section>`;
}

function teamBadge(group: Pick<ReportGroup, 'team'>): string {
  if (!group.team) return 'No team';
  // The colour comes from the document: only a #rrggbb value may reach the style attribute.
  const colour = /^#[0-9A-Fa-f]{6}$/.test(group.team.colour) ? group.team.colour : '#888888';
  return `<span class="team"><span class="swatch" style="background:${colour}" aria-hidden="true"></span>${esc(group.team.name)}</span>`;
}

const progressCell = (ratio: number | null) => `${progressBarSvg(ratio)} ${formatPercent(ratio)}`;

/** A team's objectives; the team is named on each objective, so a group adds no heading level. */
function groupSection(group: ReportGroup): string {
  const label = group.team ? `Team ${group.team.name}` : 'Objectives without a team';
  return `<div class="team-group" role="group" aria-label="${esc(label)}">\n${group.objectives.map(objectiveSection).join('\n')}\n</div>`;
}

function objectiveSection(o: ReportObjective): string {
  const status = o.statusReason ? `${esc(o.statusLabel)}. Why: ${text(o.statusReason)}` : esc(o.statusLabel);
  const about: Fact[] = [
    ['Team', teamBadge(o)],
    ['Commitment', esc(o.commitment)],
    ['Owner', esc(o.owner) || '—'],
    ['Progress', progressCell(o.progress)],
    ['Status', status, o.statusReason ? 'wide' : undefined],
    ['Why now', o.whyNow ? text(o.whyNow) : '—', 'wide'],
    ...(o.addedReason ? [['Added mid-cycle', text(o.addedReason), 'wide'] satisfies Fact] : []),
    ['Score', `<strong>${scoreText(o.score)}</strong> <span class="explanation">${esc(o.scoreExplanation)}</span>`, 'wide'],
  ];
  return `<article class="objective objective--${esc(o.status)}" id="${anchorOf(o.id)}" aria-labelledby="${anchorOf(o.id)}-title">
<h2 id="${anchorOf(o.id)}-title">${esc(o.title)}</h2>
${facts(about)}
${keyResultsPart(o.keyResults)}
${o.keyResults.filter((kr) => kr.questions.length > 0).map(questionsPart).join('\n')}
${trendsPart(o.keyResults)}
${learnedPart(o)}
${dependenciesPart(o.dependencies)}
${workPart(o)}
</article>`;
}

/* Fewer, denser columns than the Markdown table, so the table fits an A4 page: kind with risk, baseline with target, score with its note. */
const KR_COLUMNS = ['Key result', 'Kind and risk', 'Baseline → target', 'Current', 'Confidence', 'Owner', 'Status', 'Score'];

const muted = (html: string) => `<span class="muted">${html}</span>`;

function keyResultRow(kr: ReportKeyResult): string {
  const cells = [
    `${esc(kr.kindLabel)}<br>${muted(kr.risk ? `${esc(kr.risk)} risk` : 'risk not named')}`,
    kr.baseline === null ? esc(kr.target) : `${esc(kr.baseline)} → ${esc(kr.target)}`,
    `${esc(kr.current)}<br>${progressCell(kr.progress)}`,
    esc(kr.confidenceLabel),
    esc(kr.owner) || '—',
    esc(kr.status),
    `<strong>${scoreText(kr.score)}</strong>${kr.scoreNote ? `<br>${text(kr.scoreNote)}` : ''}`,
  ];
  return `<tr><th scope="row">${esc(kr.title)}</th>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

function keyResultsPart(krs: readonly ReportKeyResult[]): string {
  if (krs.length === 0) return `<h3>Key results</h3>${nothing}`;
  const head = KR_COLUMNS.map((c) => `<th scope="col">${c}</th>`).join('');
  return `<h3>Key results</h3>
<div class="table-wrap"><table class="krs"><thead><tr>${head}</tr></thead><tbody>${krs.map(keyResultRow).join('')}</tbody></table></div>`;
}

function questionsPart(kr: ReportKeyResult): string {
  const items = kr.questions.map((q) => `<li><span class="answer answer--${esc(q.answer)}">${esc(q.answer)}</span> ${text(q.text)}</li>`);
  return `<h3>Questions: ${esc(kr.title)}</h3><ul class="questions">${items.join('')}</ul>`;
}

function trendsPart(krs: readonly ReportKeyResult[]): string {
  const figures = krs.map(
    (kr) => `<figure class="trend-figure">${kr.trend ? trendSvg(kr.trend, kr, kr.trendLabel) : ''}<figcaption>${esc(kr.title)}</figcaption></figure>`,
  );
  return figures.length ? `<h3>Trends</h3><div class="trends">${figures.join('')}</div>` : '';
}

function learnedPart(o: ReportObjective): string {
  const retro = o.retrospective;
  if (!retro) return `<h3>What we learned</h3>${nothing}`;
  const next = retro.reason ? `${esc(retro.next)}. Why: ${text(retro.reason)}` : esc(retro.next);
  return `<h3>What we learned</h3>
${text(retro.learned, 'p')}
${facts([['Next', next, 'wide'], ['By', byWhom(retro.author, retro.at)]])}`;
}

function dependencyItem(d: ReportDependency): string {
  const who = d.direction === 'needs' ? `Needs from ${esc(d.toTeam)}` : `${esc(d.fromTeam)} needs from us`;
  const state = [d.status, d.neededBy ? `needed by ${d.neededBy}` : 'no date', d.blocking ? 'blocking' : '', d.overdue ? 'overdue' : ''].filter(Boolean).join(', ');
  const tracked = d.keyResultTitle ? ` Tracked by ${esc(d.keyResultTitle)}.` : '';
  const note = d.statusNote ? `<br>${text(d.statusNote)}` : '';
  return `<li class="${d.blocking ? 'blocking' : ''}"><strong>${who}:</strong> ${text(d.what)} (${esc(state)}).${tracked}${note}</li>`;
}

function dependenciesPart(dependencies: readonly ReportDependency[]): string {
  return `<h3>Asks and dependencies</h3>${dependencies.length ? `<ul>${dependencies.map(dependencyItem).join('')}</ul>` : nothing}`;
}

function workPart(o: ReportObjective): string {
  const items = o.initiatives.map((i) => `<li>${esc(i.title)} <span class="muted">(${esc(i.kind)}, ${esc(i.status)}${i.owner ? `, ${esc(i.owner)}` : ''})</span></li>`);
  return `<h3>Work</h3>${items.length ? `<ul>${items.join('')}</ul>` : nothing}`;
}

function decisionItem(d: ReportDecision): string {
  const evidence = d.evidence.length ? `<p class="evidence">Evidence:</p><ul>${d.evidence.map((e) => `<li>${text(e)}</li>`).join('')}</ul>` : '';
  return `<li class="decision"><strong class="decision__kind decision__kind--${esc(d.kind)}">${DECISION_LABEL[d.kind]}</strong>, ${byWhom(d.author, d.at)}. Affects: ${d.keyResults.map(esc).join('; ')}.
${text(d.rationale, 'p')}${evidence}</li>`;
}

function decisionsSection(decisions: readonly ReportDecision[]): string {
  const body = decisions.length ? `<ul class="decisions">${decisions.map(decisionItem).join('\n')}</ul>` : nothing;
  return `<section aria-labelledby="decisions"><h2 id="decisions">Decisions taken</h2>${body}</section>`;
}

const STAGE_COLUMNS = ['Stage', 'Kind', 'Audience', 'Cohorts', 'Planned', 'Actual', 'Status'];

function rolloutPart(plan: ReportRollout): string {
  const about: Fact[] = [
    ['Release toggle', plan.toggleKey ? `<code>${esc(plan.toggleKey)}</code>` : 'not named yet'],
    ...plan.linkedTo.map((l): Fact => ['For', esc(l), 'wide']),
    ['What we can promise', `<strong class="promise promise--${esc(plan.promise)}">${esc(plan.promiseExplanation)}</strong>`, 'wide'],
  ];
  const rows = plan.stages.map((s) => {
    const status = s.statusReason ? `${esc(s.status)}: ${text(s.statusReason)}` : esc(s.status);
    const cells = [esc(s.kindLabel), s.audience ? text(s.audience) : '—', s.cohorts.map(esc).join(', ') || '—', date(s.plannedDate), date(s.actualDate), status];
    return `<tr><th scope="row">${esc(s.name)}</th>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  const stages = rows.length
    ? `<table><thead><tr>${STAGE_COLUMNS.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`
    : '<p class="none">No stages.</p>';
  const gates = plan.openGates.length
    ? `<ul>${plan.openGates.map((g) => `<li>${esc(g.name)}${g.owningTeam ? ` <span class="muted">(${esc(g.owningTeam)})</span>` : ''}</li>`).join('')}</ul>`
    : '<p class="none">None: nothing holds general availability back.</p>';
  return `<article class="rollout"><h3>${esc(plan.title)}</h3>
${facts(about)}
${stages}
<h4>Open readiness gates</h4>${gates}</article>`;
}

function rolloutsSection(rollouts: readonly ReportRollout[]): string {
  return `<section aria-labelledby="rollouts"><h2 id="rollouts">Rollout plans</h2>${rollouts.length ? rollouts.map(rolloutPart).join('\n') : nothing}</section>`;
}

function sessionItem(item: SessionItem): string {
  const detail = item.detail ? `<br>${text(item.detail)}` : '';
  return `<li><strong>${esc(item.heading)}:</strong> ${esc(item.title)} <span class="muted">(${byWhom(item.author, item.at)})</span>${detail}</li>`;
}

const SESSION_PARTS: readonly [keyof Omit<ReportSession, 'checkpoint'>, string][] = [
  ['added', 'Added'],
  ['changed', 'Changed or dropped'],
  ['decided', 'Decided'],
  ['checkedIn', 'Checked in'],
  ['scored', 'Scored and reviewed'],
];

function sessionSection(session: ReportSession): string {
  const parts = SESSION_PARTS.map(([key, title]) => `<h3>${title}</h3>${session[key].length ? `<ul>${session[key].map(sessionItem).join('')}</ul>` : nothing}`);
  return `<section class="session" aria-labelledby="session"><h2 id="session">What changed in this session</h2>
<p>Since <strong>${esc(session.checkpoint.name)}</strong> (${byWhom(session.checkpoint.author, session.checkpoint.at)}).</p>
${parts.join('\n')}</section>`;
}

/*
 * Inline SVG. The trend chart is drawn from trendModel like the app's
 * TrendChart (renderer/features/workspace/TrendChart.tsx): grid and ticks,
 * pace or threshold line, the value path, the as-of marker, one dot per
 * check-in sized by confidence, a legend. Numbers come from the model, text
 * is escaped.
 */

const RADIUS = { low: 3.5, medium: 4.5, high: 5.5, none: 3.5 } as const;
const compactFormat = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 });

/** A progress bar: the share of the width filled, with its percentage as the accessible name. */
export function progressBarSvg(ratio: number | null): string {
  const width = 80;
  const filled = ratio === null ? 0 : Math.round(Math.min(1, Math.max(0, ratio)) * width);
  const label = ratio === null ? 'Progress unknown' : `Progress ${formatPercent(ratio)}`;
  return `<svg class="bar" role="img" aria-label="${label}" viewBox="0 0 ${width} 8" width="${width}" height="8"><rect class="bar__track" x="0" y="0" width="${width}" height="8" rx="4"/><rect class="bar__fill" x="0" y="0" width="${filled}" height="8" rx="4"/></svg>`;
}

const line = (cls: string, s: { x1: number; y1: number; x2: number; y2: number }) => `<line class="${cls}" x1="${s.x1}" y1="${s.y1}" x2="${s.x2}" y2="${s.y2}"/>`;

function tickLabel(scale: ValueScale, value: number): string {
  if (scale.kind === 'milestone') return value >= 1 ? 'done' : 'not yet';
  return scale.unit === '%' ? `${compactFormat.format(value)}%` : compactFormat.format(value);
}

function axes(model: TrendModel, scale: ValueScale): string {
  const { plot } = model;
  const yTicks = model.yTicks.map(
    (t) => `${line('trend__grid', { x1: plot.left, y1: t.y, x2: plot.right, y2: t.y })}<text class="trend__tick" x="${plot.left - 6}" y="${t.y}" text-anchor="end" dominant-baseline="middle">${esc(tickLabel(scale, t.value))}</text>`,
  );
  const xTicks = model.xTicks.map((t, i) => {
    const anchor = i === 0 ? 'start' : i === model.xTicks.length - 1 ? 'end' : 'middle';
    return `<text class="trend__tick" x="${t.x}" y="${plot.bottom + 15}" text-anchor="${anchor}">${esc(t.label)}</text>`;
  });
  return `<g class="trend__axis">${yTicks.join('')}${line('trend__baseline', { x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom })}${xTicks.join('')}</g>`;
}

function asOfMarker(model: TrendModel): string {
  if (model.asOfX === null) return '';
  const { plot } = model;
  const nearRightEdge = model.asOfX > plot.right - 40;
  const x = model.asOfX + (nearRightEdge ? -4 : 4);
  return `<g class="trend__as-of">${line('', { x1: model.asOfX, y1: plot.top, x2: model.asOfX, y2: plot.bottom })}<text x="${x}" y="${plot.top + 8}" text-anchor="${nearRightEdge ? 'end' : 'start'}">as of</text></g>`;
}

function pointTitle(point: TrendPoint, scale: ValueScale): string {
  const confidence = point.confidence === null ? 'no confidence given' : `confidence ${point.confidence}/10 (${point.confidenceLevel})`;
  const note = point.note.trim() ? `: ${point.note.trim()}` : '';
  const later = point.future ? ' (after the as-of date)' : '';
  return `${formatReportTime(point.at)} — ${formatKeyResultValue(scale, point.value)}, ${confidence}${note} — ${point.author}${later}`;
}

function points(model: TrendModel, scale: ValueScale): string {
  return model.points
    .map((p) => {
      const level = p.confidenceLevel ?? 'none';
      return `<circle class="trend__point trend__point--${level}${p.future ? ' trend__point--future' : ''}" cx="${p.x}" cy="${p.y}" r="${RADIUS[level]}"><title>${esc(pointTitle(p, scale))}</title></circle>`;
    })
    .join('');
}

function legend(model: TrendModel): string {
  const levels = ([['low', 70], ['medium', 114], ['high', 178]] as const).map(
    ([level, offset]) => `<g transform="translate(${offset} 0)"><circle class="trend__point trend__point--${level}" cx="0" cy="0" r="${RADIUS[level]}"/><text class="trend__tick" x="9" y="0" dominant-baseline="middle">${level}</text></g>`,
  );
  const reference = model.paceLine || model.thresholdLine;
  const referenceKey = reference
    ? `<g transform="translate(232 0)">${line(model.paceLine ? 'trend__pace' : 'trend__threshold', { x1: 0, y1: 0, x2: 18, y2: 0 })}<text class="trend__tick" x="23" y="0" dominant-baseline="middle">${model.paceLine ? 'pace' : 'threshold'}</text></g>`
    : '';
  return `<g class="trend__legend" transform="translate(${model.plot.left} 12)"><text class="trend__tick" x="0" y="0" dominant-baseline="middle">Confidence</text>${levels.join('')}${referenceKey}</g>`;
}

/** A KR's check-ins over the cycle against its pace line or threshold, as an inline SVG image. */
export function trendSvg(model: TrendModel, scale: ValueScale, label: string): string {
  const parts = [
    axes(model, scale),
    model.paceLine ? line('trend__pace', model.paceLine) : '',
    model.thresholdLine ? line('trend__threshold', model.thresholdLine) : '',
    model.futurePath ? `<path class="trend__line trend__line--future" d="${esc(model.futurePath)}"/>` : '',
    model.valuePath ? `<path class="trend__line" d="${esc(model.valuePath)}"/>` : '',
    asOfMarker(model),
    points(model, scale),
    legend(model),
  ];
  return `<svg class="trend" role="img" aria-label="${esc(label)}" viewBox="0 0 ${model.width} ${model.height}" width="100%" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

/*
 * The stylesheet: light and readable on screen; for print, A4 with margins,
 * no objective split across pages where it fits on one, table headers
 * repeated, and colours kept (they carry meaning: confidence, progress).
 */
const REPORT_STYLE = `
:root { --ink: #1d2430; --muted: #5b6472; --line: #d8dde5; --soft: #f4f6f9; --accent: #2f6fde; --good: #2b8a3e; --warn: #e8590c; --bad: #c92a2a; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.9rem; margin: 0 0 .5rem; line-height: 1.2; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
h4 { font-size: .95rem; margin: 1rem 0 .3rem; }
h1, h2, h3, h4, th, td, li, p, dd { overflow-wrap: break-word; }
.text { white-space: pre-line; }
.muted, .none, .explanation { color: var(--muted); }
.none { font-style: italic; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .3rem 1.2rem; margin: .5rem 0 1rem; }
.facts div { display: flex; gap: .5rem; align-items: baseline; }
.facts dt { font-weight: 600; white-space: nowrap; }
.facts dt::after { content: ":"; }
.facts dd { margin: 0; }
.facts .wide { grid-column: 1 / -1; }
.date, time { white-space: nowrap; }
.team { display: inline-flex; align-items: center; gap: .35rem; }
.swatch { width: .7rem; height: .7rem; border-radius: 50%; display: inline-block; }
.objective { border: 1px solid var(--line); border-radius: 8px; padding: 0 1.2rem 1rem; margin: 1.5rem 0; }
.objective > h2 { border-bottom: 0; margin-top: 1rem; }
.objective--closed { background: var(--soft); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .4rem 0 1rem; }
caption { text-align: left; color: var(--muted); padding-bottom: .3rem; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--soft); white-space: nowrap; }
.krs tbody th { min-width: 12rem; }
tbody th { font-weight: 600; }
.bar { vertical-align: middle; }
.bar__track { fill: var(--line); }
.bar__fill { fill: var(--accent); }
.answer { display: inline-block; min-width: 6.5rem; font-weight: 600; }
.answer--validated { color: var(--good); }
.answer--invalidated { color: var(--bad); }
.answer--open { color: var(--muted); }
.blocking strong { color: var(--bad); }
.promise--generally-available, .promise--in-production { color: var(--good); }
.promise--paused { color: var(--bad); }
.decisions { padding-left: 1.2rem; }
.decision { margin-bottom: .8rem; }
.decision p { margin: .2rem 0; }
.evidence { margin: .2rem 0 0; color: var(--muted); }
.trends { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: 1rem; }
.trend-figure { margin: 0; }
.trend-figure figcaption { font-size: .85rem; color: var(--muted); }
.trend { display: block; max-width: 100%; height: auto; }
.trend__grid { stroke: #e6e9ee; stroke-width: 1; }
.trend__baseline { stroke: #9aa3b0; stroke-width: 1; }
.trend__tick { fill: var(--muted); font-size: 10px; }
.trend__pace { stroke: #9aa3b0; stroke-width: 1.5; stroke-dasharray: 5 4; }
.trend__threshold { stroke: var(--warn); stroke-width: 1.5; stroke-dasharray: 2 3; }
.trend__line { fill: none; stroke: var(--accent); stroke-width: 2; }
.trend__line--future { stroke-dasharray: 4 3; opacity: .5; }
.trend__as-of line { stroke: var(--ink); stroke-width: 1; stroke-dasharray: 1 3; }
.trend__as-of text { fill: var(--ink); font-size: 10px; }
.trend__point { stroke: #fff; stroke-width: 1; }
.trend__point--low { fill: var(--bad); }
.trend__point--medium { fill: #f08c00; }
.trend__point--high { fill: var(--good); }
.trend__point--none { fill: #9aa3b0; }
.trend__point--future { opacity: .5; }
@media print {
  @page { size: A4; margin: 18mm 16mm 20mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .objective, .rollout, .decision, figure, tr, .facts div { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .objective { border: 0; border-top: 2px solid var(--line); border-radius: 0; padding: 0; }
  .objective--closed { background: none; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  table { font-size: 8pt; }
  thead th { white-space: normal; }
  .krs td { min-width: 0; }
  .krs .bar { width: 3rem; }
  th, td { padding: .25rem .3rem; }
  .trends { grid-template-columns: 1fr 1fr; }
}
`;
