import path from 'node:path';
import type { AxeResults, ImpactValue, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

/*
 * Runs axe-core (from npm) in the page: injected as a script tag, run with the
 * WCAG 2.0/2.1 A and AA rules and axe's best practices. The page's context must bypass the CSP
 * (`bypassCSP: true`): browser mode serves `script-src 'self'`.
 */

const AXE_SCRIPT = path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js');
/** WCAG 2.0 and 2.1, A and AA; and axe's best practices (one h1, landmarks, heading order), counted though rarely serious. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
type Impact = NonNullable<ImpactValue>;
export const BLOCKING: readonly Impact[] = ['serious', 'critical'];

export interface AxeViolation {
  id: string;
  impact: Impact | null;
  help: string;
  nodes: { target: string; html: string; summary: string }[];
}

/** The page's violations; with `within` (a CSS selector), only those of the elements it selects and their contents (one panel). */
export async function runAxe(page: Page, within?: string): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ path: AXE_SCRIPT });
  const options: RunOptions = { runOnly: { type: 'tag', values: TAGS }, resultTypes: ['violations'] };
  const results = await page.evaluate(async ([runOptions, selector]) => {
    // The injected script defines window.axe; the page's own types do not know it.
    const axe: { run(context: Document | { include: string[] }, options: RunOptions): Promise<AxeResults> } = Reflect.get(window, 'axe');
    // Off-screen cards skip rendering (content-visibility: auto), and axe cannot measure the contrast of what is not rendered.
    const renderAll = document.createElement('style');
    renderAll.textContent = '* { content-visibility: visible !important; }';
    document.head.append(renderAll);
    try {
      if (selector !== null && document.querySelector(selector) === null) throw new Error(`axe: nothing in the page matches ${selector}`);
      const { violations } = await axe.run(selector === null ? document : { include: [selector] }, runOptions);
      return violations;
    } finally {
      renderAll.remove();
    }
  }, [options, within ?? null] as const);
  return results.map(summarise);
}

function summarise(v: Result): AxeViolation {
  return {
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    nodes: v.nodes.map((n) => ({
      target: n.target.map(String).join(' '),
      html: n.html.length > 160 ? `${n.html.slice(0, 160)}…` : n.html,
      summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
    })),
  };
}

/** Violating nodes, counted by impact. */
export function countByImpact(violations: readonly AxeViolation[]): Record<Impact, number> {
  const counts: Record<Impact, number> = { minor: 0, moderate: 0, serious: 0, critical: 0 };
  for (const v of violations) if (v.impact) counts[v.impact] += v.nodes.length;
  return counts;
}

/** Best practices held as strictly as serious violations: a view's outline (one h1, headings in order) and its landmarks. */
const STRUCTURE_RULES = ['page-has-heading-one', 'heading-order', 'landmark-one-main', 'landmark-unique', 'landmark-no-duplicate-main'];

export function isBlocking(v: AxeViolation): boolean {
  return (v.impact !== null && BLOCKING.includes(v.impact)) || STRUCTURE_RULES.includes(v.id);
}

/** One line per violating node, readable in a test failure. */
export function describeViolations(where: string, violations: readonly AxeViolation[]): string[] {
  return violations.flatMap((v) => v.nodes.map((n) => `${where}: [${v.impact}] ${v.id} — ${v.help}\n    at ${n.target}\n    ${n.html}\n    ${n.summary}`));
}
