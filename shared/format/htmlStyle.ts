/*
 * The stylesheet: light and readable on screen; for print (the PDF and the
 * print dialog alike), A4 with margins, each objective from the top of a
 * page, no table row, chart or fact split across pages, table headers
 * repeated, and colours kept (they carry meaning: confidence, progress).
 */
export const REPORT_STYLE = `
/* The app's colours (renderer/styles.css, renderer/features/board/health.css), light theme: a report is read on paper. */
:root { --ink: #1d1c1a; --muted: #5c5953; --line: #dedbd4; --soft: #f6f5f2; --accent: #2f6f5e; --good: #1f6b4f; --good-bg: #e2f2ea; --warn: #7a4f00; --warn-bg: #fff1cc; --bad: #a3261e; --bad-bg: #fde5e3; --track: #e6e3dc; }
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
.report-header time { white-space: normal; }
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
.bar__track { fill: var(--track); }
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
.trend-legend { font-size: .85rem; color: var(--muted); display: flex; flex-wrap: wrap; gap: .3rem 1rem; align-items: center; margin: .2rem 0 .5rem; }
.legend__key { display: inline-flex; align-items: center; gap: .25rem; margin-right: .5rem; }
.health { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-weight: 600; white-space: nowrap; }
.health--on-track { color: var(--good); background: var(--good-bg); }
.health--at-risk { color: var(--warn); background: var(--warn-bg); }
.health--off-track { color: var(--bad); background: var(--bad-bg); }
.report-summary .counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: .6rem 1.5rem; margin: .5rem 0; }
.report-summary .counts p { margin: 0; }
.report-summary .rule, .report-summary .rank-rule { color: var(--muted); font-size: .88rem; margin: .3rem 0 .8rem; }
.report-summary ol, .report-summary ul { padding-left: 1.3rem; margin: .3rem 0 .8rem; }
.report-summary li { margin-bottom: .25rem; }
.report-closed ul { padding-left: 1.2rem; }
.report-closed li { margin-bottom: .3rem; }
.description { margin: .2rem 0 .6rem; }
.kr-why { margin: .1rem 0 0; color: var(--muted); font-size: .85rem; font-weight: 400; }
.trend__grid { fill: none; stroke: #e6e9ee; stroke-width: 1; }
.trend__baseline { stroke: #9aa3b0; stroke-width: 1; }
.trend__tick { fill: var(--muted); font-size: 11px; }
.trend__tick--y { text-anchor: end; dominant-baseline: middle; }
.trend__tick--start { text-anchor: start; }
.trend__tick--middle { text-anchor: middle; }
.trend__tick--end { text-anchor: end; }
.trend__pace { stroke: #9aa3b0; stroke-width: 1.5; stroke-dasharray: 5 4; }
.trend__threshold { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 2 3; }
.trend__line { fill: none; stroke: var(--accent); stroke-width: 2; }
.trend__line--future { stroke-dasharray: 4 3; stroke-opacity: .5; }
.trend__as-of { fill: none; stroke: var(--ink); stroke-width: 1; stroke-dasharray: 1 3; }
.trend__as-of-label { fill: var(--ink); font-size: 11px; }
/* A check-in's dot: a round cap on a stroke of no length, its diameter the stroke's width (bigger for higher confidence). */
.trend__point { fill: none; stroke-linecap: round; }
.trend__point--low { stroke: var(--bad); stroke-width: 7px; }
.trend__point--medium { stroke: #c9a43f; stroke-width: 9px; }
.trend__point--high { stroke: var(--good); stroke-width: 11px; }
.trend__point--none { stroke: #9aa3b0; stroke-width: 7px; }
.trend__point--future { stroke-opacity: .5; }
/* On screen, an objective out of view is not laid out until it scrolls near: a 200-objective report opens, and comes back from printing, without laying out 450 pages' worth. */
@media screen { .report-objective { content-visibility: auto; contain-intrinsic-size: auto 1500px; } }
@media print {
  /* The bottom margin holds the footer: the report's title and the page numbers (pageFooterStyle, below). */
  @page {
    size: A4; margin: 16mm 15mm 18mm;
    @bottom-left { font: 8pt system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: #5b6472; vertical-align: middle; }
    @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: #5b6472; vertical-align: middle; white-space: nowrap; }
  }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  /* Page one is the title block and the summary; the summary is never split. */
  .report-header h1 { margin-top: 0; }
  /* A workshop session's report puts the session in brief (capped: a few changes, then "n more") before the summary, both on page one. */
  .report-summary, .report-session-brief { break-inside: avoid; page-break-inside: avoid; }
  /* After a session's brief the summary may go on over page two rather than leave page one, its risks and asks each kept whole. */
  .report-session-brief + .report-summary { break-inside: auto; page-break-inside: auto; }
  .report-summary li, .report-summary .counts { break-inside: avoid; page-break-inside: avoid; }
  .report-summary .rank-rule { break-before: avoid; page-break-before: avoid; }
  /* The session in full goes on right after such a summary: a page break there would leave page two with a line or two. */
  .report-summary + .report-session { break-before: auto; page-break-before: auto; }
  /* Each objective starts a page of its own: a reader finds it at the top of a page, whatever the one before held. */
  .report-objective { break-before: page; page-break-before: always; border: 0; border-radius: 0; padding: 0; margin: 0; }
  .report-objective > h2:first-child { margin-top: 0; }
  .objective--closed { background: none; }
  /* Closed and dropped objectives are short entries together; the sections after the objectives start afresh. */
  .report-closed .report-objective { break-before: auto; page-break-before: auto; }
  .team-group + section, .report-closed, .report-session { break-before: page; page-break-before: always; }
  .team-group + section > h2:first-child, .report-closed > h2:first-child, .report-session > h2:first-child { margin-top: 0; }
  /* Never half a row, half a chart or a heading alone at the foot of a page. */
  .rollout, .decision, figure, svg, tr, th, td, .facts div, .questions li { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  table { font-size: 8pt; }
  thead th { white-space: normal; }
  /* The key results table fits the page's width: fixed columns, so a long title wraps instead of pushing Score off the page. */
  .krs { table-layout: fixed; }
  .krs tbody th, .krs td { min-width: 0; }
  .krs thead th:nth-child(1), .krs thead th:nth-child(4) { width: 21%; }
  .krs thead th:nth-child(2), .krs thead th:nth-child(3) { width: 11%; }
  .krs thead th:nth-child(5) { width: 12%; }
  .krs thead th:nth-child(n+6) { width: 8%; }
  .krs .bar { width: 3rem; }
  th, td { padding: .25rem .3rem; }
  .trends { grid-template-columns: 1fr 1fr; }
}
`;

/**
 * The footer's text, the report's title, as a CSS string in the page's
 * margin box: every character but letters, digits and spaces escaped, so no
 * title can end the string or the style element.
 */
export function pageFooterStyle(title: string): string {
  const escaped = [...title].map((c) => (/^[\p{L}\p{N} ]$/u.test(c) ? c : `\\${c.codePointAt(0)!.toString(16)} `)).join('');
  return `@media print { @page { @bottom-left { content: "${escaped}"; } } }`;
}
