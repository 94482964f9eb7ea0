import type { DateWords } from '../dateWords';
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

/*
 * The session report as Markdown (CommonMark + GFM tables), for pasting into
 * a wiki or a document. Every piece of user text goes through `inline` or
 * `block`: what people type can never open a heading, a list, a table row, a
 * link or raw HTML. Headings: # the report, ## each objective and each
 * closing section, ### its parts.
 */

const HEALTH_ORDER: readonly Health[] = ['on-track', 'at-risk', 'off-track'];

/** Characters that mean something inline in Markdown, or in a GFM table cell. */
const INLINE_SPECIALS = /[\\`*_[\]<>#|~&]/g;
/** What opens a block at the start of a line (list, setext underline, ordered list). */
const LINE_START_SPECIAL = /^([-+=]|\d+(?=[.)]))/;

/** One line of user text, escaped; `atLineStart` also neutralises what would open a block there. */
function escapeLine(line: string, atLineStart: boolean): string {
  const escaped = line.trim().replace(INLINE_SPECIALS, '\\$&');
  return atLineStart ? escaped.replace(LINE_START_SPECIAL, (m) => (/^\d/.test(m) ? `${m}\\` : `\\${m}`)) : escaped;
}

/** User text on one line, after a prefix (headings, table cells, labels): newlines become spaces. */
export function inline(text: string): string {
  return escapeLine(text.replace(/\s*[\r\n]+\s*/g, ' '), false);
}

/** The lines of user text, without blank ones (a blank line would end the paragraph or list item early). */
const linesOf = (text: string) => text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');

/**
 * User text that may span lines, after a prefix (a list item's label):
 * lines joined by hard line breaks (a trailing backslash), each continuation
 * line indented by `indent` to stay in the list item and escaped so it
 * cannot open a block.
 */
function continued(text: string, indent = '  '): string {
  return linesOf(text)
    .map((line, i) => escapeLine(line, i > 0))
    .join(`\\\n${indent}`);
}

/** User text starting a line of its own: a paragraph, or (with `indent`) a new line in a list item. */
export function paragraph(text: string, indent = ''): string {
  return linesOf(text)
    .map((line) => escapeLine(line, true))
    .join(`\\\n${indent}`);
}

/** A table: header and rows as cells of already escaped Markdown. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c || ' ').join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** "- **Label:** value" list item; the value is escaped block text. */
const field = (label: string, value: string) => `- **${label}:** ${continued(value) || '—'}`;
const byWhom = (author: string, at: number, dates: DateWords) => `${inline(author)}, ${formatReportTime(at, dates)}`;
const day = (date: string | null, dates: DateWords) => (date === null ? '—' : dates.day(date));

export function reportToMarkdown(report: Report): string {
  const dates = reportDates(report.locale, report.timeZone);
  // The HTML's order (html.ts): a workshop session in brief and the summary, the session in full, the objectives, the closed ones, decisions and rollouts.
  const sections = [
    header(report, dates),
    sessionBriefSection(report, dates),
    summarySection(report),
    report.outcome ? outcomeSection(report.outcome, dates) : '',
    report.session ? sessionSection(report.session, dates) : '',
    overview(report.groups),
    ...report.groups.flatMap((group) => group.objectives.map((o) => objectiveSection(o, dates))),
    closedSection(report.closed),
    decisionsSection(report.decisions, dates),
    rolloutsSection(report.rollouts, dates),
  ];
  return `${sections.filter(Boolean).join('\n\n')}\n`;
}

function header(report: Report, dates: DateWords): string {
  const cycle = report.cycle ? `${dates.day(report.cycle.start)} to ${dates.day(report.cycle.end)}` : 'unknown';
  return [
    `# ${inline(report.title)}`,
    `**Cycle:** ${cycle} · **Scope:** ${inline(report.scopeLabel)} · **Generated:** ${formatReportTime(report.generatedAt, dates)}`,
  ].join('\n\n');
}

const countsText = (counts: HealthCounts) => HEALTH_ORDER.map((h) => `${counts[h]} ${HEALTH_LABEL[h].toLowerCase()}`).join(', ');

/** Page one: where things stand, the risks, the asks, the decisions (shared/queries/reportSummary.ts). */
function summarySection(report: Report): string {
  const { summary } = report;
  const more = (shown: number, all: number, where: string) => (all > shown ? ` The first ${shown} of ${all}; ${where}.` : '');
  const parts = [
    '## Summary',
    `- **Objectives:** ${countsText(summary.objectives)}\n- **Key results:** ${countsText(summary.keyResults)}`,
    paragraph(summary.rule),
  ];
  if (summary.risks.length) parts.push('### Risks', summary.risks.map((r, i) => `${i + 1}. ${inline(r.text)}`).join('\n'), paragraph(`${summary.riskRule}${more(summary.risks.length, summary.riskCount, 'each objective below has its own')}`));
  if (summary.asks.length) parts.push('### Asks of leadership', summary.asks.map((a) => `- ${inline(a.text)}`).join('\n'));
  if (summary.decisions.length) {
    parts.push('### Decisions taken', summary.decisions.map((d) => `- ${inline(d)}`).join('\n'));
    if (summary.decisionCount > summary.decisions.length) parts.push(paragraph(`The ${summary.decisions.length} latest of ${summary.decisionCount}; all of them under Decisions taken.`));
  }
  return parts.join('\n\n');
}

/** Closed and dropped objectives: one line each, with why. */
function closedSection(closed: readonly ReportClosedObjective[]): string {
  if (closed.length === 0) return '';
  const items = closed.map((o) => {
    const team = o.team ? ` (${inline(o.team.name)})` : '';
    const score = o.score === null ? '' : `, score ${formatScore(o.score)}`;
    const why = o.reason.trim() ? `: ${continued(o.reason)}` : '';
    return `- **${inline(o.title)}**${team}. ${o.statusLabel}${score}${why}`;
  });
  return `## Closed and dropped objectives\n\n${items.join('\n')}`;
}

function overview(groups: readonly ReportGroup[]): string {
  const rows = groups.flatMap((g) =>
    g.objectives.map((o) => [
      inline(g.team?.name ?? 'No team'),
      inline(o.title),
      o.commitment,
      inline(o.statusLabel),
      formatPercent(o.progress),
      inline(o.healthLabel),
      scoreText(o.score),
    ]),
  );
  if (rows.length === 0) return '';
  return `## At a glance\n\n${table(['Team', 'Objective', 'Commitment', 'Status', 'Progress', 'Health', 'Score'], rows)}`;
}

/** "At risk: 1 of 3 key results off track: …": the label with its reasons. */
const healthText = (v: Pick<ReportObjective, 'healthLabel' | 'healthReasons'>) => [v.healthLabel, ...v.healthReasons].join(' ');

const scoreText = (score: number | null) => (score === null ? '—' : formatScore(score));

function objectiveSection(o: ReportObjective, dates: DateWords): string {
  const status = o.statusReason ? `${o.statusLabel}. Why: ${o.statusReason}` : o.statusLabel;
  const facts = [
    field('Team', o.team?.name ?? 'No team'),
    field('Commitment', o.commitment),
    field('Status', status),
    field('Owner', o.owner),
    ...(o.whyNow.trim() ? [field('Why now', o.whyNow)] : []),
    ...(o.addedReason ? [field('Added mid-cycle', o.addedReason)] : []),
    field('Progress', formatPercent(o.progress)),
    field('Health', healthText(o)),
    field('Score', `${scoreText(o.score)}. ${o.scoreExplanation}`),
  ];
  return [
    `## ${inline(o.title)}`,
    o.description.trim() ? paragraph(o.description) : '',
    facts.join('\n'),
    keyResultsPart(o.keyResults),
    whyMeasuresPart(o.keyResults),
    ...o.keyResults.filter((kr) => kr.questions.length > 0).map(questionsPart),
    learnedPart(o, dates),
    dependenciesPart(o.dependencies, dates),
    workPart(o),
  ]
    .filter(Boolean)
    .join('\n\n');
}

const KR_COLUMNS = ['Key result', 'Kind', 'Risk', 'Baseline', 'Target', 'Current', 'Progress', 'Health', 'Confidence', 'Owner', 'Status', 'Score', 'Score note'];

function keyResultsPart(krs: readonly ReportKeyResult[]): string {
  if (krs.length === 0) return '';
  const rows = krs.map((kr) => [
    inline(kr.title),
    inline(kr.kindLabel),
    kr.risk ?? '—',
    kr.baseline === null ? '—' : inline(kr.baseline),
    inline(kr.target),
    inline(kr.current),
    formatPercent(kr.progress),
    inline(healthText(kr)),
    inline(kr.confidenceLabel),
    inline(kr.owner),
    inline(kr.status),
    scoreText(kr.score),
    inline(kr.scoreNote),
  ]);
  return `### Key results\n\n${table(KR_COLUMNS, rows)}`;
}

/** Each KR's "why this measure" (the HTML writes it under the KR's title in its table). */
function whyMeasuresPart(krs: readonly ReportKeyResult[]): string {
  const items = krs.filter((kr) => kr.why.trim()).map((kr) => `- **${inline(kr.title)}:** ${continued(kr.why)}`);
  return items.length ? `### Why these measures\n\n${items.join('\n')}` : '';
}

function questionsPart(kr: ReportKeyResult): string {
  const items = kr.questions.map((q) => `- **${q.answer}:** ${continued(q.text)}`);
  return `### Questions: ${inline(kr.title)}\n\n${items.join('\n')}`;
}

function learnedPart(o: ReportObjective, dates: DateWords): string {
  const retro = o.retrospective;
  if (!retro) return '';
  const next = retro.reason ? `${retro.next}. Why: ${retro.reason}` : retro.next;
  return [`### What we learned`, paragraph(retro.learned), `${field('Next', next)}\n- **By:** ${byWhom(retro.author, retro.at, dates)}`].join('\n\n');
}

function dependencyLine(d: ReportDependency, dates: DateWords): string {
  const who = d.direction === 'needs' ? `**Needs from ${inline(d.toTeam)}:**` : `**${inline(d.fromTeam)} needs from us:**`;
  const facts = [d.status, d.neededBy ? `needed by ${dates.day(d.neededBy)}` : 'no date', d.blocking ? 'blocking' : '', d.overdue ? 'overdue' : ''].filter(Boolean).join(', ');
  const tracked = d.keyResultTitle ? ` Tracked by ${inline(d.keyResultTitle)}.` : '';
  const note = d.statusNote ? `\\\n  ${paragraph(d.statusNote, '  ')}` : '';
  return `- ${who} ${continued(d.what)} (${facts}).${tracked}${note}`;
}

function dependenciesPart(dependencies: readonly ReportDependency[], dates: DateWords): string {
  return dependencies.length ? `### Asks and dependencies\n\n${dependencies.map((d) => dependencyLine(d, dates)).join('\n')}` : '';
}

function workPart(o: ReportObjective): string {
  const items = o.initiatives.map((i) => `- ${inline(i.title)} (${i.kind}, ${i.status}${i.owner ? `, ${inline(i.owner)}` : ''})`);
  return items.length ? `### Work\n\n${items.join('\n')}` : '';
}

function decisionLine(d: ReportDecision, dates: DateWords): string {
  const evidence = d.evidence.length ? `\\\n  Evidence: ${d.evidence.map((e) => inline(e)).join('; ')}` : '';
  return `- **${DECISION_LABEL[d.kind]}**, ${byWhom(d.author, d.at, dates)}. Affects: ${d.keyResults.map((t) => inline(t)).join('; ')}.\\\n  ${paragraph(d.rationale, '  ')}${evidence}`;
}

function decisionsSection(decisions: readonly ReportDecision[], dates: DateWords): string {
  return decisions.length ? `## Decisions taken\n\n${decisions.map((d) => decisionLine(d, dates)).join('\n')}` : '';
}

const STAGE_COLUMNS = ['Stage', 'Kind', 'Audience', 'Cohorts', 'Planned', 'Actual', 'Status'];

function rolloutPart(plan: ReportRollout, dates: DateWords): string {
  const facts = [field('Release toggle', plan.toggleKey || 'not named yet'), ...plan.linkedTo.map((l) => field('For', l)), field('What we can promise', plan.promiseExplanation)];
  const stages = plan.stages.map((s) => [
    inline(s.name),
    inline(s.kindLabel),
    inline(s.audience),
    s.cohorts.map((c) => inline(c)).join(', '),
    day(s.plannedDate, dates),
    day(s.actualDate, dates),
    inline(s.statusReason ? `${s.status}: ${s.statusReason}` : s.status),
  ]);
  const gates = plan.openGates.map((g) => `- ${inline(g.name)}${g.owningTeam ? ` (${inline(g.owningTeam)})` : ''}`);
  return [`### ${inline(plan.title)}`, facts.join('\n'), stages.length ? table(STAGE_COLUMNS, stages) : '', ...(gates.length ? ['**Open readiness gates:**', gates.join('\n')] : [])]
    .filter(Boolean)
    .join('\n\n');
}

function rolloutsSection(rollouts: readonly ReportRollout[], dates: DateWords): string {
  return rollouts.length ? [`## Rollout plans`, ...rollouts.map((plan) => rolloutPart(plan, dates))].join('\n\n') : '';
}

/** A workshop session in brief, before the summary, as the HTML has it (html.ts sessionBriefSection). */
function sessionBriefSection(report: Report, dates: DateWords): string {
  const { outcome, session } = report;
  if (!outcome && !session) return '';
  const parts = ['## This session'];
  if (outcome) {
    const { attended, agreed, votes } = outcomeInBrief(outcome);
    parts.push(`Facilitated by **${inline(outcome.facilitatorName || 'the facilitator')}**, ${formatReportTime(outcome.startedAt, dates)}.${attended.length ? ` Attended: ${names(attended)}.` : ''}`);
    const said = [
      ...agreed.map((a) => `${a.verb} ${a.titles.map(quote).join(', ')}${a.more ? ` and ${a.more} more` : ''}`),
      ...(votes ? [`${votes} ${votes === 1 ? 'vote' : 'votes'} (results under Session outcome)`] : []),
    ];
    if (said.length) parts.push(`**Agreed:** ${said.join('; ')}.`);
  }
  if (session) {
    const { shown, more } = sessionChangesInBrief(session);
    if (shown.length) parts.push('### What changed', shown.map((item) => `- **${inline(item.heading)}:** ${inline(item.title)}`).join('\n'), ...(more ? [`${more} more: all of them under What changed in this session.`] : []));
  }
  return parts.join('\n\n');
}

function sessionItem(item: SessionItem, dates: DateWords): string {
  const detail = item.detail ? `\\\n  ${paragraph(item.detail, '  ')}` : '';
  return `- **${inline(item.heading)}:** ${inline(item.title)} (${byWhom(item.author, item.at, dates)})${detail}`;
}

const SESSION_PARTS: readonly [keyof Omit<ReportSession, 'checkpoint'>, string][] = [
  ['added', 'Added'],
  ['changed', 'Changed or dropped'],
  ['decided', 'Decided'],
  ['checkedIn', 'Checked in'],
  ['scored', 'Scored and reviewed'],
];

function sessionSection(session: ReportSession, dates: DateWords): string {
  const since = `Since **${inline(session.checkpoint.name)}** (${byWhom(session.checkpoint.author, session.checkpoint.at, dates)}).`;
  const parts = SESSION_PARTS.filter(([key]) => session[key].length > 0).map(([key, title]) => `### ${title}\n\n${session[key].map((item) => sessionItem(item, dates)).join('\n')}`);
  return [`## What changed in this session`, since, ...parts].join('\n\n');
}

/** The workshop session's outcome, first after the title: who came, the agenda as run, what the session produced. */
function outcomeSection(outcome: WorkshopOutcome, dates: DateWords): string {
  const when = outcome.endedAt === null ? `started ${formatReportTime(outcome.startedAt, dates)}, not ended` : `${formatReportTime(outcome.startedAt, dates)} to ${formatReportTime(outcome.endedAt, dates)}`;
  const lead = `Facilitated by **${inline(outcome.facilitatorName || 'the facilitator')}**, ${when}.`;
  const attendance = outcome.attendance.length
    ? '### Attendance\n\n' + table(
        ['Who', 'Joined', 'Left'],
        outcome.attendance.map((v) => [inline(v.name), formatReportTime(v.joinedAt, dates), v.leftAt === null ? '' : formatReportTime(v.leftAt, dates)]),
      )
    : '';
  const agenda = table(
    ['Stage', 'Started', 'Ended', 'Took'],
    outcome.agenda.map((s) => [
      s.skipped ? `${inline(s.title)} (skipped)` : inline(s.title),
      s.startedAt === null ? '' : formatReportTime(s.startedAt, dates),
      s.endedAt === null ? '' : formatReportTime(s.endedAt, dates),
      formatStageDuration(s.startedAt, s.endedAt),
    ]),
  );
  const extra = outcome.sections
    .filter((section) => section.items.length > 0)
    .map((section) => `### ${inline(section.heading)}\n\n${section.items.map((i) => `- **${inline(i.title)}**${i.detail ? `: ${continued(i.detail)}` : ''}`).join('\n')}`);
  return ['## Session outcome', lead, attendance, ...(outcome.agenda.length ? ['### Agenda as run', agenda] : []), ...producedParts(outcome.produced, outcome.agenda, dates), ...extra].filter(Boolean).join('\n\n');
}

const quote = (text: string) => `“${inline(text)}”`;
const names = (list: readonly string[]) => list.map(inline).join(', ');
const TARGET_WORD = { objective: 'Objective', keyResult: 'Key result' } as const;

/** Drafts, votes, adoptions, commitments and refused records (docs/workshop.md, "The outcome"). */
function producedParts(produced: SessionProduced, agenda: readonly OutcomeStage[], dates: DateWords): string[] {
  const stageTitle = (stageId: string) => agenda.find((s) => s.id === stageId)?.title ?? 'a stage';
  const rounds = produced.drafts.map((round) => {
    const how = round.revealMode === 'named' ? 'with names' : 'anonymously';
    const lines = [`#### ${TARGET_WORD[round.target]} drafts in ${quote(stageTitle(round.stageId))}`, `Opened by ${inline(round.openedByName)}, revealed ${how}, ${formatReportTime(round.revealedAt, dates)}.`];
    if (round.drafts.length) lines.push(table(['Draft', 'By'], round.drafts.map((d) => [inline(d.text), d.author === null ? 'anonymous' : inline(d.author)])));
    if (round.clusters.length) {
      lines.push(
        round.clusters
          .map((c) => `- Cluster **${inline(c.text)}**, from ${c.mergedTexts.map(quote).join(', ')}${c.adoptedAs ? `; adopted as ${TARGET_WORD[c.adoptedAs.kind].toLowerCase()} ${quote(c.adoptedAs.title || c.text)}` : ''}`)
          .join('\n'),
      );
    }
    return lines.join('\n\n');
  });
  const votes = produced.votes.map((vote) => (vote.kind === 'dots' ? dotVote(vote, dates) : confidenceVote(vote, dates)));
  const parts: string[] = [];
  // What was agreed first: adopted and committed, then the votes and the drafts that led there (as the HTML).
  if (produced.adopted.length) parts.push('### Adopted', table(['What', 'As', 'From', 'Detail'], produced.adopted.map((a) => [inline(a.title), TARGET_WORD[a.kind].toLowerCase(), inline(a.from), inline(a.detail)])));
  if (produced.committed.length) {
    parts.push('### Committed', table(['Objective', 'Change', 'Now', 'By', 'When'], produced.committed.map((c) => [inline(c.title), inline(c.change), inline(c.commitment), inline(c.by), formatReportTime(c.at, dates)])));
  }
  if (votes.length) parts.push('### Votes', votes.join('\n\n'));
  if (rounds.length) parts.push('### Drafts revealed', rounds.join('\n\n'));
  if (produced.refused.length) parts.push('### Records refused', produced.refused.map((r) => `- ${inline(r.where)}: ${inline(r.reason)}`).join('\n'));
  return parts;
}

function voteStatus(vote: ConfidenceOutcome | DotOutcome, dates: DateWords): string {
  const closed = vote.closedAt === null ? 'Still open: no result yet.' : `Closed ${formatReportTime(vote.closedAt, dates)}.`;
  const notRevealed = vote.didNotReveal.length ? ` Did not reveal (not counted): ${names(vote.didNotReveal)}.` : '';
  const late = vote.lateCommits.length ? ` Arrived after the close (not counted): ${names(vote.lateCommits)}.` : '';
  return `${vote.named ? 'Named' : 'Anonymous'} vote. ${closed}${notRevealed}${late}`;
}

function dotVote(vote: DotOutcome, dates: DateWords): string {
  const lines = [`#### Dot vote ${quote(vote.title)}`, `${voteStatus(vote, dates)} ${vote.budget} ${vote.budget === 1 ? 'dot' : 'dots'} each.`];
  if (vote.closedAt !== null) {
    const header = vote.named ? ['Rank', 'Candidate', 'Dots', 'Given by'] : ['Rank', 'Candidate', 'Dots'];
    const rows = vote.ranking.map((r, i) => {
      const row = [String(i + 1), `${inline(r.label)}${vote.adopted.includes(r.id) ? ' (adopted)' : ''}`, String(r.dots)];
      return vote.named ? [...row, r.givenBy.map((g) => `${inline(g.name)} ${g.dots}`).join(', ')] : row;
    });
    lines.push(table(header, rows));
  }
  return lines.join('\n\n');
}

function confidenceVote(vote: ConfidenceOutcome, dates: DateWords): string {
  const lines = [`#### Confidence vote ${quote(vote.title)} (0–${vote.scale})`, voteStatus(vote, dates)];
  if (vote.closedAt !== null) {
    const header = vote.named ? ['Value', 'Votes', 'Who'] : ['Value', 'Votes'];
    const rows = vote.counts.map((count, value) => {
      const row = [String(value), String(count)];
      return vote.named ? [...row, names(vote.ballots.filter((b) => b.value === value).map((b) => b.name))] : row;
    });
    lines.push(table(header, rows));
    const summary = [`**Median:** ${vote.median ?? 'none (nobody was counted)'}.`];
    if (vote.callout) summary.push(`**Spread:** ${inline(vote.callout)}.`);
    if (vote.adoptedConfidence !== null) summary.push(`**Adopted:** the median, as confidence ${vote.adoptedConfidence}/10.`);
    lines.push(summary.join(' '));
  }
  return lines.join('\n\n');
}
