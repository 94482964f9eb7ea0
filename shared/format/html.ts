import { formatScore } from '../queries/scoring';
import { HEALTH_LABEL, type Health } from '../queries/health';
import { formatStageDuration, type OutcomeStage, type SessionProduced, type WorkshopOutcome } from '../queries/workshopOutcome';
import type { ConfidenceOutcome, DotOutcome } from '../queries/votesOutcome';
import {
  DECISION_LABEL,
  formatPercent,
  formatReportTime,
  reportDates,
  type HealthCounts,
  type Report,
  type ReportClosedObjective,
  type ReportDecision,
  type ReportDependency,
  type ReportGroup,
  type ReportKeyResult,
  type ReportObjective,
  type ReportRollout,
  type ReportSession,
  type SessionItem,
} from '../queries/report';
import { outcomeInBrief, sessionChangesInBrief } from '../queries/reportSession';
import type { DateWords } from '../dateWords';
import { legendKeysOf, progressBarSvg, trendLegendHtml, trendSvg } from './htmlCharts';
import { esc } from './htmlEscape';
import { REPORT_STYLE, pageFooterStyle } from './htmlStyle';

/*
 * The session report as one self-contained HTML document: inline style and
 * SVG, no script, no external resource, so it opens anywhere, prints well and
 * can be mailed as is. Everything people typed goes through `esc` (text and
 * attribute values alike). Headings: h1 the report, h2 each objective and each
 * closing section, h3 their parts.
 */

const HEALTH_ORDER: readonly Health[] = ['on-track', 'at-risk', 'off-track'];
/** User text that may span lines: the stylesheet keeps its line breaks (white-space: pre-line). */
const text = (value: string, tag = 'span') => `<${tag} class="text">${esc(value)}</${tag}>`;
// Prose in the report's locale; the machine-readable ISO moment stays in the datetime attribute.
const timeTag = (at: number, dates: DateWords) => `<time datetime="${new Date(at).toISOString()}">${esc(formatReportTime(at, dates))}</time>`;
const byWhom = (author: string, at: number, dates: DateWords) => `${esc(author)}, ${timeTag(at, dates)}`;
const scoreText = (score: number | null) => (score === null ? '—' : formatScore(score));
const anchorOf = (objectiveId: string) => `objective-${esc(objectiveId)}`;
const date = (day: string | null, dates: DateWords) => (day === null ? '—' : `<time class="date" datetime="${esc(day)}">${esc(dates.day(day))}</time>`);

/** A label and its (already escaped) value; a wide one takes the whole row (long text). */
type Fact = [label: string, html: string, wide?: 'wide'];
const facts = (list: readonly Fact[]) => `<dl class="facts">${list.map(([dt, dd, wide]) => `<div${wide ? ' class="wide"' : ''}><dt>${dt}</dt><dd>${dd}</dd></div>`).join('')}</dl>`;

/*
 * The order: for a workshop session, the session in brief first (who came,
 * what was agreed, the first few changes), then the summary, both on page
 * one; then the session in full (its outcome and everything that changed),
 * the objectives at a glance and one section each, the closed ones in one
 * short section, the decisions and the rollouts. A part with nothing to say
 * is left out. Stable classes for the print stylesheet: report-session-brief,
 * report-summary, report-session, report-objective, report-closed.
 */
export function reportToHtml(report: Report): string {
  const dates = reportDates(report.locale, report.timeZone);
  const body = [
    header(report, dates),
    sessionBriefSection(report, dates),
    summarySection(report),
    report.outcome || report.session ? `<div class="report-session">\n${[report.outcome ? outcomeSection(report.outcome, dates) : '', report.session ? sessionSection(report.session, dates) : ''].filter(Boolean).join('\n')}\n</div>` : '',
    overview(report.groups),
    ...report.groups.map((group) => groupSection(group, dates)),
    closedSection(report.closed),
    decisionsSection(report.decisions, dates),
    rolloutsSection(report.rollouts, dates),
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Whatever the text holds, this page loads nothing and runs nothing: inline styles and inline SVG only.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(documentTitle(report))}</title>`,
    // The printed footer names the report as its <title> does.
    `<style>${REPORT_STYLE}${pageFooterStyle(documentTitle(report))}</style>`,
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

const documentTitle = (report: Report) => `${report.title} — session report`;

function header(report: Report, dates: DateWords): string {
  const cycle = report.cycle ? `${date(report.cycle.start, dates)} to ${date(report.cycle.end, dates)}` : 'unknown';
  return `<header class="report-header">
<h1>${esc(report.title)}</h1>
${facts([['Cycle', cycle], ['Scope', esc(report.scopeLabel)], ['Generated', timeTag(report.generatedAt, dates)]])}
</header>`;
}

/** "3 on track, 1 at risk, 0 off track", each in its colour (the words carry it too). */
function countsHtml(counts: HealthCounts): string {
  return HEALTH_ORDER.map((h) => `<span class="health health--${h}">${counts[h]} ${HEALTH_LABEL[h].toLowerCase()}</span>`).join(' ');
}

/** Page one: where things stand, the risks, the asks, the decisions (shared/queries/reportSummary.ts). */
function summarySection(report: Report): string {
  const { summary } = report;
  const list = (tag: 'ol' | 'ul', items: readonly string[]) => `<${tag}>${items.map((i) => `<li>${i}</li>`).join('')}</${tag}>`;
  const risks = summary.risks.map((r) => (r.objectiveId === null ? esc(r.text) : `${esc(r.text)} <a href="#${anchorOf(r.objectiveId)}">More</a>`));
  const more = (shown: number, all: number, where: string) => (all > shown ? ` The first ${shown} of ${all}; ${where}.` : '');
  const parts = [
    `<div class="counts"><p><strong>Objectives:</strong> ${countsHtml(summary.objectives)}</p><p><strong>Key results:</strong> ${countsHtml(summary.keyResults)}</p></div>`,
    `<p class="rule">${esc(summary.rule)}</p>`,
    risks.length ? `<h3>Risks</h3>${list('ol', risks)}<p class="rank-rule">${esc(summary.riskRule)}${more(summary.risks.length, summary.riskCount, 'each objective below has its own')}</p>` : '',
    summary.asks.length ? `<h3>Asks of leadership</h3>${list('ul', summary.asks.map((a) => esc(a.text)))}` : '',
    summary.decisions.length
      ? `<h3>Decisions taken</h3>${list('ul', summary.decisions.map(esc))}${summary.decisionCount > summary.decisions.length ? `<p class="rank-rule">The ${summary.decisions.length} latest of ${summary.decisionCount}; all of them under <a href="#decisions">Decisions taken</a>.</p>` : ''}`
      : '',
  ];
  return `<section class="report-summary" aria-labelledby="summary"><h2 id="summary">Summary</h2>
${parts.filter(Boolean).join('\n')}
</section>`;
}

/**
 * A workshop session on page one, before the summary and short enough to
 * leave it room: who came, what was agreed, the first changes. The full
 * outcome and every change follow the summary (sessionSection, outcomeSection).
 */
function sessionBriefSection(report: Report, dates: DateWords): string {
  const { outcome, session } = report;
  if (!outcome && !session) return '';
  const parts: string[] = [];
  if (outcome) {
    const { attended, agreed, votes } = outcomeInBrief(outcome);
    parts.push(`<p>Facilitated by <strong>${esc(outcome.facilitatorName || 'the facilitator')}</strong>, ${timeTag(outcome.startedAt, dates)}.${attended.length ? ` Attended: ${names(attended)}.` : ''}</p>`);
    const said = [
      ...agreed.map((a) => `${a.verb} ${a.titles.map(quote).join(', ')}${a.more ? ` and ${a.more} more` : ''}`),
      ...(votes ? [`${votes} ${votes === 1 ? 'vote' : 'votes'} (results under <a href="#outcome">Session outcome</a>)`] : []),
    ];
    if (said.length) parts.push(`<p><strong>Agreed:</strong> ${said.join('; ')}.</p>`);
  }
  if (session) {
    const { shown, more } = sessionChangesInBrief(session);
    if (shown.length) {
      const rest = more ? `<p class="rank-rule">${more} more: all of them under <a href="#session">What changed in this session</a>.</p>` : '';
      // One line each, without who and when: the full list has them.
      parts.push(`<h3>What changed</h3><ul>${shown.map((item) => `<li><strong>${esc(item.heading)}:</strong> ${esc(item.title)}</li>`).join('')}</ul>${rest}`);
    }
  }
  return `<section class="report-session-brief" aria-labelledby="session-brief"><h2 id="session-brief">This session</h2>
${parts.join('\n')}
</section>`;
}

/** Closed and dropped objectives: one line each, with why. */
function closedSection(closed: readonly ReportClosedObjective[]): string {
  if (closed.length === 0) return '';
  const items = closed.map((o) => {
    const team = o.team ? ` <span class="muted">(${esc(o.team.name)})</span>` : '';
    const score = o.score === null ? '' : `, score ${formatScore(o.score)}`;
    const why = o.reason.trim() ? `: ${text(o.reason)}` : '';
    return `<li><strong>${esc(o.title)}</strong>${team}. ${esc(o.statusLabel)}${score}${why}</li>`;
  });
  return `<section class="report-closed" aria-labelledby="closed"><h2 id="closed">Closed and dropped objectives</h2><ul>${items.join('')}</ul></section>`;
}

function overview(groups: readonly ReportGroup[]): string {
  const rows = groups.flatMap((g) =>
    g.objectives.map(
      (o) =>
        `<tr><td>${teamBadge(g)}</td><th scope="row"><a href="#${anchorOf(o.id)}">${esc(o.title)}</a></th><td>${esc(o.commitment)}</td><td>${esc(o.statusLabel)}</td><td>${progressCell(o.progress)}</td><td>${healthBadge(o)}</td><td>${scoreText(o.score)}</td></tr>`,
    ),
  );
  if (rows.length === 0) return '';
  const body = `<table><caption>Objectives in this report</caption><thead><tr><th scope="col">Team</th><th scope="col">Objective</th><th scope="col">Commitment</th><th scope="col">Status</th><th scope="col">Progress</th><th scope="col">Health</th><th scope="col">Score</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<section class="overview" aria-labelledby="overview"><h2 id="overview">At a glance</h2>${body}</section>`;
}

function teamBadge(group: Pick<ReportGroup, 'team'>): string {
  if (!group.team) return 'No team';
  // The colour comes from the document: only a #rrggbb value may reach the style attribute.
  const colour = /^#[0-9A-Fa-f]{6}$/.test(group.team.colour) ? group.team.colour : '#888888';
  return `<span class="team"><span class="swatch" style="background:${colour}" aria-hidden="true"></span>${esc(group.team.name)}</span>`;
}

/** The health in the app's colours, always with its word (never colour alone). */
const healthBadge = (v: Pick<ReportObjective, 'health' | 'healthLabel'>) => (v.health === null ? esc(v.healthLabel) : `<span class="health health--${v.health}">${esc(v.healthLabel)}</span>`);

/** The health, with its reasons in words. */
const healthCell = (v: Pick<ReportObjective, 'health' | 'healthLabel' | 'healthReasons'>) =>
  v.healthReasons.length ? `${healthBadge(v)} <span class="explanation">${v.healthReasons.map(esc).join(' ')}</span>` : healthBadge(v);

const progressCell = (ratio: number | null) => `${progressBarSvg(ratio)} ${formatPercent(ratio)}`;

/** A team's objectives; the team is named on each objective, so a group adds no heading level. */
function groupSection(group: ReportGroup, dates: DateWords): string {
  const label = group.team ? `Team ${group.team.name}` : 'Objectives without a team';
  return `<div class="team-group" role="group" aria-label="${esc(label)}">\n${group.objectives.map((o) => objectiveSection(o, dates)).join('\n')}\n</div>`;
}

function objectiveSection(o: ReportObjective, dates: DateWords): string {
  const status = o.statusReason ? `${esc(o.statusLabel)}. Why: ${text(o.statusReason)}` : esc(o.statusLabel);
  const about: Fact[] = [
    ['Team', teamBadge(o)],
    ['Commitment', esc(o.commitment)],
    ['Owner', esc(o.owner) || '—'],
    ['Progress', progressCell(o.progress)],
    ['Health', healthCell(o), o.healthReasons.length ? 'wide' : undefined],
    ['Status', status, o.statusReason ? 'wide' : undefined],
    ...(o.whyNow.trim() ? [['Why now', text(o.whyNow), 'wide'] satisfies Fact] : []),
    ...(o.addedReason ? [['Added mid-cycle', text(o.addedReason), 'wide'] satisfies Fact] : []),
    ['Score', `<strong>${scoreText(o.score)}</strong> <span class="explanation">${esc(o.scoreExplanation)}</span>`, 'wide'],
  ];
  const parts = [
    o.description.trim() ? `<p class="description text">${esc(o.description)}</p>` : '',
    facts(about),
    keyResultsPart(o.keyResults),
    ...o.keyResults.filter((kr) => kr.questions.length > 0).map(questionsPart),
    trendsPart(o.keyResults, dates),
    learnedPart(o, dates),
    dependenciesPart(o.dependencies, dates),
    workPart(o),
  ];
  return `<article class="report-objective objective objective--${esc(o.status)}" id="${anchorOf(o.id)}" aria-labelledby="${anchorOf(o.id)}-title">
<h2 id="${anchorOf(o.id)}-title">${esc(o.title)}</h2>
${parts.filter(Boolean).join('\n')}
</article>`;
}

/* Fewer, denser columns than the Markdown table, so the table fits an A4 page: kind with risk, baseline with target, score with its note. */
const KR_COLUMNS = ['Key result', 'Kind and risk', 'Baseline → target', 'Current', 'Confidence', 'Owner', 'Status', 'Score'];

const muted = (html: string) => `<span class="muted">${html}</span>`;

function keyResultRow(kr: ReportKeyResult): string {
  const cells = [
    `${esc(kr.kindLabel)}<br>${muted(kr.risk ? `${esc(kr.risk)} risk` : 'risk not named')}`,
    kr.baseline === null ? esc(kr.target) : `${esc(kr.baseline)} → ${esc(kr.target)}`,
    `${esc(kr.current)}<br>${progressCell(kr.progress)}<br>${healthCell(kr)}`,
    esc(kr.confidenceLabel),
    esc(kr.owner) || '—',
    esc(kr.status),
    `<strong>${scoreText(kr.score)}</strong>${kr.scoreNote ? `<br>${text(kr.scoreNote)}` : ''}`,
  ];
  const why = kr.why.trim() ? `<p class="kr-why">Why this measure: ${text(kr.why)}</p>` : '';
  return `<tr><th scope="row">${esc(kr.title)}${why}</th>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

function keyResultsPart(krs: readonly ReportKeyResult[]): string {
  if (krs.length === 0) return '';
  const head = KR_COLUMNS.map((c) => `<th scope="col">${c}</th>`).join('');
  return `<h3>Key results</h3>
<div class="table-wrap"><table class="krs"><thead><tr>${head}</tr></thead><tbody>${krs.map(keyResultRow).join('')}</tbody></table></div>`;
}

function questionsPart(kr: ReportKeyResult): string {
  const items = kr.questions.map((q) => `<li><span class="answer answer--${esc(q.answer)}">${esc(q.answer)}</span> ${text(q.text)}</li>`);
  return `<h3>Questions: ${esc(kr.title)}</h3><ul class="questions">${items.join('')}</ul>`;
}

/** One chart per KR under one legend (the objective starts a page, so that is one legend per page). */
function trendsPart(krs: readonly ReportKeyResult[], dates: DateWords): string {
  const charted = krs.flatMap((kr) => (kr.trend ? [{ kr, model: kr.trend, scale: kr }] : []));
  if (charted.length === 0) return '';
  const figures = charted.map(({ kr, model }) => `<figure class="trend-figure">${trendSvg(model, kr, kr.trendLabel, dates)}<figcaption>${esc(kr.title)}</figcaption></figure>`);
  return `<h3>Trends</h3>${trendLegendHtml(legendKeysOf(charted))}<div class="trends">${figures.join('')}</div>`;
}

function learnedPart(o: ReportObjective, dates: DateWords): string {
  const retro = o.retrospective;
  if (!retro) return '';
  const next = retro.reason ? `${esc(retro.next)}. Why: ${text(retro.reason)}` : esc(retro.next);
  return `<h3>What we learned</h3>
${text(retro.learned, 'p')}
${facts([['Next', next, 'wide'], ['By', byWhom(retro.author, retro.at, dates)]])}`;
}

function dependencyItem(d: ReportDependency, dates: DateWords): string {
  const who = d.direction === 'needs' ? `Needs from ${esc(d.toTeam)}` : `${esc(d.fromTeam)} needs from us`;
  const state = [d.status, d.neededBy ? `needed by ${dates.day(d.neededBy)}` : 'no date', d.blocking ? 'blocking' : '', d.overdue ? 'overdue' : ''].filter(Boolean).join(', ');
  const tracked = d.keyResultTitle ? ` Tracked by ${esc(d.keyResultTitle)}.` : '';
  const note = d.statusNote ? `<br>${text(d.statusNote)}` : '';
  return `<li class="${d.blocking ? 'blocking' : ''}"><strong>${who}:</strong> ${text(d.what)} (${esc(state)}).${tracked}${note}</li>`;
}

function dependenciesPart(dependencies: readonly ReportDependency[], dates: DateWords): string {
  return dependencies.length ? `<h3>Asks and dependencies</h3><ul>${dependencies.map((d) => dependencyItem(d, dates)).join('')}</ul>` : '';
}

function workPart(o: ReportObjective): string {
  const items = o.initiatives.map((i) => `<li>${esc(i.title)} <span class="muted">(${esc(i.kind)}, ${esc(i.status)}${i.owner ? `, ${esc(i.owner)}` : ''})</span></li>`);
  return items.length ? `<h3>Work</h3><ul>${items.join('')}</ul>` : '';
}

function decisionItem(d: ReportDecision, dates: DateWords): string {
  const evidence = d.evidence.length ? `<p class="evidence">Evidence:</p><ul>${d.evidence.map((e) => `<li>${text(e)}</li>`).join('')}</ul>` : '';
  return `<li class="decision"><strong class="decision__kind decision__kind--${esc(d.kind)}">${DECISION_LABEL[d.kind]}</strong>, ${byWhom(d.author, d.at, dates)}. Affects: ${d.keyResults.map(esc).join('; ')}.
${text(d.rationale, 'p')}${evidence}</li>`;
}

function decisionsSection(decisions: readonly ReportDecision[], dates: DateWords): string {
  if (decisions.length === 0) return '';
  const body = `<ul class="decisions">${decisions.map((d) => decisionItem(d, dates)).join('\n')}</ul>`;
  return `<section aria-labelledby="decisions"><h2 id="decisions">Decisions taken</h2>${body}</section>`;
}

const STAGE_COLUMNS = ['Stage', 'Kind', 'Audience', 'Cohorts', 'Planned', 'Actual', 'Status'];

function rolloutPart(plan: ReportRollout, dates: DateWords): string {
  const about: Fact[] = [
    ['Release toggle', plan.toggleKey ? `<code>${esc(plan.toggleKey)}</code>` : 'not named yet'],
    ...plan.linkedTo.map((l): Fact => ['For', esc(l), 'wide']),
    ['What we can promise', `<strong class="promise promise--${esc(plan.promise)}">${esc(plan.promiseExplanation)}</strong>`, 'wide'],
  ];
  const rows = plan.stages.map((s) => {
    const status = s.statusReason ? `${esc(s.status)}: ${text(s.statusReason)}` : esc(s.status);
    const cells = [esc(s.kindLabel), s.audience ? text(s.audience) : '—', s.cohorts.map(esc).join(', ') || '—', date(s.plannedDate, dates), date(s.actualDate, dates), status];
    return `<tr><th scope="row">${esc(s.name)}</th>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  const stages = rows.length ? `<table><thead><tr>${STAGE_COLUMNS.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>` : '';
  const gates = plan.openGates.length
    ? `<h4>Open readiness gates</h4><ul>${plan.openGates.map((g) => `<li>${esc(g.name)}${g.owningTeam ? ` <span class="muted">(${esc(g.owningTeam)})</span>` : ''}</li>`).join('')}</ul>`
    : '';
  return `<article class="rollout"><h3>${esc(plan.title)}</h3>
${[facts(about), stages, gates].filter(Boolean).join('\n')}</article>`;
}

function rolloutsSection(rollouts: readonly ReportRollout[], dates: DateWords): string {
  if (rollouts.length === 0) return '';
  return `<section aria-labelledby="rollouts"><h2 id="rollouts">Rollout plans</h2>${rollouts.map((plan) => rolloutPart(plan, dates)).join('\n')}</section>`;
}

function sessionItem(item: SessionItem, dates: DateWords): string {
  const detail = item.detail ? `<br>${text(item.detail)}` : '';
  return `<li><strong>${esc(item.heading)}:</strong> ${esc(item.title)} <span class="muted">(${byWhom(item.author, item.at, dates)})</span>${detail}</li>`;
}

const SESSION_PARTS: readonly [keyof Omit<ReportSession, 'checkpoint'>, string][] = [
  ['added', 'Added'],
  ['changed', 'Changed or dropped'],
  ['decided', 'Decided'],
  ['checkedIn', 'Checked in'],
  ['scored', 'Scored and reviewed'],
];

function sessionSection(session: ReportSession, dates: DateWords): string {
  const parts = SESSION_PARTS.filter(([key]) => session[key].length > 0).map(([key, title]) => `<h3>${title}</h3><ul>${session[key].map((item) => sessionItem(item, dates)).join('')}</ul>`);
  return `<section class="session" aria-labelledby="session"><h2 id="session">What changed in this session</h2>
<p>Since <strong>${esc(session.checkpoint.name)}</strong> (${byWhom(session.checkpoint.author, session.checkpoint.at, dates)}).</p>
${parts.join('\n')}</section>`;
}

/** The workshop session's outcome, first after the title: who came, the agenda as run, what the session produced. */
function outcomeSection(outcome: WorkshopOutcome, dates: DateWords): string {
  const when = outcome.endedAt === null ? `started ${timeTag(outcome.startedAt, dates)}, not ended` : `${timeTag(outcome.startedAt, dates)} to ${timeTag(outcome.endedAt, dates)}`;
  const optionalTime = (at: number | null) => (at === null ? '' : timeTag(at, dates));
  const attendance = outcome.attendance.length
    ? `<h3>Attendance</h3><table><thead><tr><th scope="col">Who</th><th scope="col">Joined</th><th scope="col">Left</th></tr></thead><tbody>${outcome.attendance
        .map((v) => `<tr><td>${esc(v.name)}</td><td>${timeTag(v.joinedAt, dates)}</td><td>${optionalTime(v.leftAt)}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const agenda = `<table><thead><tr><th scope="col">Stage</th><th scope="col">Started</th><th scope="col">Ended</th><th scope="col">Took</th></tr></thead><tbody>${outcome.agenda
    .map((s) => `<tr><td>${esc(s.title)}${s.skipped ? ' (skipped)' : ''}</td><td>${optionalTime(s.startedAt)}</td><td>${optionalTime(s.endedAt)}</td><td>${formatStageDuration(s.startedAt, s.endedAt)}</td></tr>`)
    .join('')}</tbody></table>`;
  const extra = outcome.sections.map(
    (section) =>
      section.items.length ? `<h3>${esc(section.heading)}</h3><ul>${section.items.map((i) => `<li><strong>${esc(i.title)}</strong>${i.detail ? `: ${esc(i.detail)}` : ''}</li>`).join('')}</ul>` : '',
  );
  return `<section class="outcome" aria-labelledby="outcome"><h2 id="outcome">Session outcome</h2>
<p>Facilitated by <strong>${esc(outcome.facilitatorName || 'the facilitator')}</strong>, ${when}.</p>
${attendance}
${outcome.agenda.length ? `<h3>Agenda as run</h3>${agenda}` : ''}
${producedParts(outcome.produced, outcome.agenda, dates)}
${extra.filter(Boolean).join('\n')}
</section>`;
}

const quote = (value: string) => `“${esc(value)}”`;
const names = (list: readonly string[]) => list.map(esc).join(', ');
const TARGET_WORD = { objective: 'Objective', keyResult: 'Key result' } as const;
const headRow = (cells: readonly string[]) => `<thead><tr>${cells.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead>`;
const bodyRows = (rows: readonly (readonly string[])[]) => `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody>`;
const htmlTable = (header: readonly string[], rows: readonly (readonly string[])[]) => `<div class="table-wrap"><table>${headRow(header)}${bodyRows(rows)}</table></div>`;

/** A count as a small bar, scaled to the largest count of its table; the number is in the next cell, so the bar is decoration. */
function countBar(count: number, largest: number): string {
  const width = 80;
  const filled = largest > 0 ? Math.round((count / largest) * width) : 0;
  return `<svg class="bar" aria-hidden="true" viewBox="0 0 ${width} 8" width="${width}" height="8"><rect class="bar__track" x="0" y="0" width="${width}" height="8" rx="4"/><rect class="bar__fill" x="0" y="0" width="${filled}" height="8" rx="4"/></svg>`;
}

/** Drafts, votes, adoptions, commitments and refused records (docs/workshop.md, "The outcome"). */
function producedParts(produced: SessionProduced, agenda: readonly OutcomeStage[], dates: DateWords): string {
  const stageTitle = (stageId: string) => agenda.find((s) => s.id === stageId)?.title ?? 'a stage';
  const rounds = produced.drafts.map((round) => {
    const how = round.revealMode === 'named' ? 'with names' : 'anonymously';
    const drafts = round.drafts.length ? htmlTable(['Draft', 'By'], round.drafts.map((d) => [text(d.text), d.author === null ? '<span class="muted">anonymous</span>' : esc(d.author)])) : '';
    const clusters = round.clusters.length
      ? `<ul>${round.clusters
          .map((c) => `<li>Cluster <strong>${esc(c.text)}</strong>, from ${c.mergedTexts.map(quote).join(', ')}${c.adoptedAs ? `; adopted as ${TARGET_WORD[c.adoptedAs.kind].toLowerCase()} ${quote(c.adoptedAs.title || c.text)}` : ''}</li>`)
          .join('')}</ul>`
      : '';
    return `<h4>${TARGET_WORD[round.target]} drafts in ${quote(stageTitle(round.stageId))}</h4><p>Opened by ${esc(round.openedByName)}, revealed ${how}, ${timeTag(round.revealedAt, dates)}.</p>${drafts}${clusters}`;
  });
  const votes = produced.votes.map((vote) => (vote.kind === 'dots' ? dotVote(vote, dates) : confidenceVote(vote, dates)));
  const adopted = produced.adopted.length
    ? `<h3>Adopted</h3>${htmlTable(['What', 'As', 'From', 'Detail'], produced.adopted.map((a) => [esc(a.title), TARGET_WORD[a.kind].toLowerCase(), esc(a.from), esc(a.detail)]))}`
    : '';
  const committed = produced.committed.length
    ? `<h3>Committed</h3>${htmlTable(['Objective', 'Change', 'Now', 'By', 'When'], produced.committed.map((c) => [esc(c.title), esc(c.change), esc(c.commitment), esc(c.by), timeTag(c.at, dates)]))}`
    : '';
  const refused = produced.refused.length ? `<h3>Records refused</h3><ul class="refused">${produced.refused.map((r) => `<li>${esc(r.where)}: ${esc(r.reason)}</li>`).join('')}</ul>` : '';
  // What was agreed first: adopted and committed, then the votes and the drafts that led there.
  return [
    adopted,
    committed,
    votes.length ? `<h3>Votes</h3>${votes.join('\n')}` : '',
    rounds.length ? `<h3>Drafts revealed</h3>${rounds.join('\n')}` : '',
    refused,
  ]
    .filter(Boolean)
    .join('\n');
}

function voteStatus(vote: ConfidenceOutcome | DotOutcome, dates: DateWords): string {
  const closed = vote.closedAt === null ? 'Still open: no result yet.' : `Closed ${timeTag(vote.closedAt, dates)}.`;
  const notRevealed = vote.didNotReveal.length ? ` Did not reveal (not counted): ${names(vote.didNotReveal)}.` : '';
  const late = vote.lateCommits.length ? ` Arrived after the close (not counted): ${names(vote.lateCommits)}.` : '';
  return `${vote.named ? 'Named' : 'Anonymous'} vote. ${closed}${notRevealed}${late}`;
}

function dotVote(vote: DotOutcome, dates: DateWords): string {
  const head = `<h4>Dot vote ${quote(vote.title)}</h4><p>${voteStatus(vote, dates)} ${vote.budget} ${vote.budget === 1 ? 'dot' : 'dots'} each.</p>`;
  if (vote.closedAt === null) return head;
  const largest = Math.max(0, ...vote.ranking.map((r) => r.dots));
  const header = vote.named ? ['Rank', 'Candidate', 'Dots', 'Given by'] : ['Rank', 'Candidate', 'Dots'];
  const rows = vote.ranking.map((r, i) => {
    const row = [String(i + 1), `${esc(r.label)}${vote.adopted.includes(r.id) ? ' <strong>(adopted)</strong>' : ''}`, `${r.dots} ${countBar(r.dots, largest)}`];
    return vote.named ? [...row, r.givenBy.map((g) => `${esc(g.name)} ${g.dots}`).join(', ')] : row;
  });
  return head + htmlTable(header, rows);
}

function confidenceVote(vote: ConfidenceOutcome, dates: DateWords): string {
  const head = `<h4>Confidence vote ${quote(vote.title)} (0–${vote.scale})</h4><p>${voteStatus(vote, dates)}</p>`;
  if (vote.closedAt === null) return head;
  const largest = Math.max(0, ...vote.counts);
  const header = vote.named ? ['Value', 'Votes', 'Who'] : ['Value', 'Votes'];
  const rows = vote.counts.map((count, value) => {
    const row = [String(value), `${count} ${countBar(count, largest)}`];
    return vote.named ? [...row, names(vote.ballots.filter((b) => b.value === value).map((b) => b.name))] : row;
  });
  const summary = [`<strong>Median:</strong> ${vote.median ?? 'none (nobody was counted)'}.`];
  if (vote.callout) summary.push(`<strong>Spread:</strong> ${esc(vote.callout)}.`);
  if (vote.adoptedConfidence !== null) summary.push(`<strong>Adopted:</strong> the median, as confidence ${vote.adoptedConfidence}/10.`);
  return `${head}${htmlTable(header, rows)}<p>${summary.join(' ')}</p>`;
}
