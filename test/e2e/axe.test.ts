import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countByImpact, describeViolations, isBlocking, runAxe, type AxeViolation } from './axe';
import { startHarness, type Harness } from './harness';
import { JOURNAL_TITLE, METRIC_KR, OBJECTIVE, TEAM_TITLE, journalWorkspaceFile, teamWorkspaceFile } from './axeWorkspaces';

/*
 * axe-core on every view, dialog and form of a workspace with content, in the
 * light and the dark theme: no serious or critical violation anywhere.
 * A new view or state is one entry in STATES: how to get there from a fresh
 * load of the page. CAIRN_AXE_REPORT=<file> writes the counts per view as JSON.
 */

type Theme = 'light' | 'dark';
const THEMES: readonly Theme[] = ['light', 'dark'];
const TEAM_ID = 'axeTeamWorkspace';
const JOURNAL_ID = 'axeJournalWorkspace';

interface ViewState {
  name: string;
  /** From any page: reach the state (a reload comes first, so nothing of the state before remains). */
  open(page: Page): Promise<void>;
  /** Undoes what a reload does not (a workshop keeps running). */
  leave?(page: Page): Promise<void>;
}

async function show(page: Page, hash: string) {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  await page.reload();
}

async function openTeam(page: Page) {
  await show(page, `#/w/${TEAM_ID}`);
  await page.getByRole('article', { name: `Objective: ${OBJECTIVE}` }).waitFor();
}

async function openTab(page: Page, tab: string | RegExp) {
  await openTeam(page);
  await page.getByRole('tab', { name: tab }).click();
}

async function openDetails(page: Page) {
  await openTeam(page);
  await page.getByRole('button', { name: `Details of ${METRIC_KR}` }).click();
  await page.getByRole('region', { name: `Timeline of ${METRIC_KR}` }).waitFor();
}

const STATES: readonly ViewState[] = [
  {
    name: 'Library',
    open: async (page) => {
      await show(page, '#/');
      await page.getByRole('list', { name: 'Workspaces' }).waitFor();
    },
  },
  { name: 'OKRs board', open: openTeam },
  { name: 'Key result details', open: openDetails },
  {
    name: 'Check-in form',
    open: async (page) => {
      await openTeam(page);
      await page.getByRole('button', { name: `Check in on ${METRIC_KR}` }).click();
      await page.getByRole('form', { name: `Check in on ${METRIC_KR}` }).waitFor();
    },
  },
  {
    name: 'Add key result form',
    open: async (page) => {
      await openTeam(page);
      await page.getByRole('button', { name: `Add key result to ${OBJECTIVE}` }).click();
      await page.getByLabel('New key result title').waitFor();
    },
  },
  {
    name: 'Objective status form',
    open: async (page) => {
      await openTeam(page);
      await page.getByRole('button', { name: /^(Change )?status (or|and) commitment of Migrate every team to SSO/i }).click();
      await page.getByRole('form', { name: 'Status of Migrate every team to SSO' }).waitFor();
    },
  },
  {
    name: 'Key result drop, defer or close form',
    open: async (page) => {
      await openDetails(page);
      await page.getByRole('button', { name: new RegExp(`^(Change status of|Drop, defer or close) ${METRIC_KR}`) }).click();
      await page.getByRole('form', { name: `Status of ${METRIC_KR}` }).waitFor();
    },
  },
  {
    name: 'Deleted items',
    open: async (page) => {
      await openTeam(page);
      await page.getByText(/^Deleted items/).click();
      await page.getByText('Run a community meetup').waitFor();
    },
  },
  {
    name: 'Signals',
    open: async (page) => {
      await openTab(page, /^Signals/);
      await page.getByRole('region', { name: 'Open signals' }).waitFor();
    },
  },
  {
    name: 'Decision form on a signal',
    open: async (page) => {
      await openTab(page, /^Signals/);
      await page.getByRole('button', { name: /^Decide on / }).first().click();
      await page.getByLabel('Rationale of the decision').waitFor();
    },
  },
  {
    name: 'Work',
    open: async (page) => {
      await openTab(page, 'Work');
      await page.getByRole('region', { name: 'Unlinked work' }).waitFor();
    },
  },
  {
    name: 'Teams and alignment',
    open: async (page) => {
      await openTab(page, 'Teams');
      await page.getByRole('region', { name: 'Alignment tree' }).waitFor();
    },
  },
  {
    name: 'Rollouts',
    open: async (page) => {
      await openTab(page, 'Rollouts');
      await page.getByRole('article', { name: 'Rollout plan: Guided setup' }).waitFor();
    },
  },
  {
    name: 'Changes',
    open: async (page) => {
      await openTab(page, 'Changes');
      await page.getByRole('region', { name: 'What changed since publishing' }).waitFor();
    },
  },
  {
    name: 'Cycle review',
    open: async (page) => {
      await openTab(page, 'Cycle review');
      await page.getByRole('form', { name: `Score of ${METRIC_KR}` }).waitFor();
    },
  },
  {
    name: 'Export dialog',
    open: async (page) => {
      await openTeam(page);
      await page.getByRole('button', { name: /^Export/ }).click();
      await page.getByRole('dialog').waitFor();
      // The preview is part of the dialog's state.
      await page.getByTitle(/preview/i).waitFor();
    },
  },
  {
    name: 'Share panel',
    open: async (page) => {
      await openTeam(page);
      await page.getByRole('button', { name: /^Share/ }).click();
      await page.getByRole('button', { name: 'Host workshop' }).waitFor();
    },
  },
  {
    name: 'Workshop invite',
    open: async (page) => {
      await openTeam(page);
      await page.getByRole('button', { name: /^Share/ }).click();
      await page.getByRole('button', { name: 'Host workshop' }).click();
      await page.getByRole('heading', { name: 'Workshop invite' }).waitFor();
      await page.getByRole('img', { name: 'QR code of the invite link' }).waitFor();
    },
    leave: (page) => page.getByRole('button', { name: 'Stop sharing' }).click(),
  },
  {
    name: 'Journal',
    open: async (page) => {
      await show(page, `#/w/${JOURNAL_ID}`);
      await page.getByRole('list', { name: 'Journal timeline' }).waitFor();
    },
  },
  {
    name: 'Journal: share to a team dialog',
    open: async (page) => {
      await show(page, `#/w/${JOURNAL_ID}`);
      await page.getByRole('button', { name: 'Share to a team workspace…' }).click();
      await page.getByRole('dialog').waitFor();
    },
  },
  {
    name: 'Journal OKRs',
    open: async (page) => {
      await show(page, `#/w/${JOURNAL_ID}`);
      await page.getByRole('tab', { name: 'OKRs' }).click();
      await page.getByRole('article', { name: 'Objective: Become a calmer PM' }).waitFor();
    },
  },
];

/** What axe only counts as a best practice, required here: one h1 naming the view, and the page's landmarks. */
async function structureProblems(page: Page): Promise<string[]> {
  // A modal dialog hides the page behind it: the dialog, named by its heading, is the view.
  if ((await page.getByRole('dialog').count()) > 0) return [];
  const problems: string[] = [];
  const h1 = await page.getByRole('heading', { level: 1 }).count();
  if (h1 !== 1) problems.push(`${h1} h1 headings (one names the view)`);
  const inWorkspace = page.url().includes('#/w/');
  for (const landmark of inWorkspace ? (['main', 'banner', 'navigation'] as const) : (['main', 'banner'] as const)) {
    if ((await page.getByRole(landmark).count()) === 0) problems.push(`no ${landmark} landmark`);
  }
  return problems;
}

/** WCAG contrast ratio of two CSS rgb() colours. */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

let harness: Harness;
let page: Page;
let dir: string;
interface Counts {
  all: number;
  blocking: number;
  byRule: Record<string, number>;
}
const report: Record<string, Partial<Record<Theme, Counts>>> = {};

async function openFile(target: Page, file: string) {
  const chooser = target.waitForEvent('filechooser');
  await target.getByRole('button', { name: 'Open or import a file…' }).click();
  await (await chooser).setFiles(file);
}

beforeAll(async () => {
  harness = await startHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-axe-'));
  const team = path.join(dir, 'team.cairn');
  const journal = path.join(dir, 'journal.cairn');
  fs.writeFileSync(team, teamWorkspaceFile());
  fs.writeFileSync(journal, journalWorkspaceFile());
  // One page for every state (fast); the CSP is bypassed so axe can be injected.
  ({ page } = await harness.newPage({ bypassCSP: true, viewport: { width: 1366, height: 800 } }));
  await page.getByLabel('Your name (signs your check-ins)').fill('Ana');
  await openFile(page, team);
  await page.getByRole('article', { name: `Objective: ${OBJECTIVE}` }).waitFor();
  expect(await page.getByRole('textbox', { name: 'Workspace name' }).inputValue()).toBe(TEAM_TITLE);
  await show(page, '#/');
  await openFile(page, journal);
  await page.getByRole('tab', { name: 'Journal' }).waitFor();
  expect(await page.getByRole('textbox', { name: 'Workspace name' }).inputValue()).toBe(JOURNAL_TITLE);
}, 120_000);

afterAll(async () => {
  if (process.env.CAIRN_AXE_REPORT) fs.writeFileSync(process.env.CAIRN_AXE_REPORT, JSON.stringify(report, null, 2));
  await harness?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(THEMES)('accessibility (axe-core, WCAG 2.1 A and AA) in the %s theme', (theme) => {
  it('finds no serious or critical violation in any view, dialog or form', async () => {
    await page.emulateMedia({ colorScheme: theme });
    await page.evaluate((t) => localStorage.setItem('cairn.theme.v1', t), theme);
    const failures: string[] = [];
    for (const state of STATES) {
      await state.open(page);
      const violations: AxeViolation[] = await runAxe(page);
      const counts = countByImpact(violations);
      const byRule = Object.fromEntries(violations.map((v) => [`${v.id} (${v.impact})`, v.nodes.length]));
      (report[state.name] ??= {})[theme] = {
        all: counts.minor + counts.moderate + counts.serious + counts.critical,
        blocking: counts.serious + counts.critical,
        byRule,
      };
      failures.push(...describeViolations(`${state.name} (${theme})`, violations.filter(isBlocking)));
      failures.push(...(await structureProblems(page)).map((problem) => `${state.name} (${theme}): ${problem}`));
      await state.leave?.(page);
    }
    console.log(
      `axe-core, ${theme} theme (violating nodes: all / serious+critical)\n` +
        Object.entries(report)
          .map(([name, themes]) => `  ${name.padEnd(38)} ${String(themes[theme]?.all ?? '-').padStart(4)} / ${themes[theme]?.blocking ?? '-'}`)
          .join('\n'),
    );
    expect(failures).toEqual([]);
  }, 180_000);
});

describe('accessible names say what people see', () => {
  it('names each control by its visible label, and repeated controls by what they belong to', async () => {
    await openDetails(page);
    const buttons = (name: string) => page.getByRole('button', { name, exact: true }).count();
    // Label in name (WCAG 2.5.3): a speech user says what they see.
    expect(await buttons(`Hide details of ${METRIC_KR}`)).toBe(1);
    expect(await buttons(`Drop, defer or close ${METRIC_KR}…`)).toBe(1);
    expect(await buttons('Status and commitment of Migrate every team to SSO')).toBe(1);
    expect(await page.getByLabel('Cycle start', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel('Cycle end', { exact: true }).count()).toBe(1);

    await page.getByRole('tab', { name: 'Teams' }).click();
    const northStars = page.getByRole('checkbox', { name: /^North star/ });
    await northStars.first().waitFor();
    const names = await northStars.evaluateAll((boxes) => boxes.map((box) => box.getAttribute('aria-label') ?? box.closest('label')?.textContent ?? ''));
    expect(names.length).toBeGreaterThan(1);
    expect(new Set(names).size).toBe(names.length);
    expect(await page.getByRole('checkbox', { name: 'North star: Become the easiest OKR tool to start with', exact: true }).count()).toBe(1);

    // An icon-only control explains itself on keyboard focus too, not only on hover.
    await page.getByRole('tab', { name: 'OKRs' }).click();
    const grip = page.getByRole('button', { name: /^Reorder objective Make onboarding delightful/ });
    await grip.focus();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toBe('Drag, or use the arrow keys, to reorder');
  });

  it.each(THEMES)('shows a focus ring on buttons and fields in the %s theme, contrasting with the page', async (theme) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.evaluate((t) => localStorage.setItem('cairn.theme.v1', t), theme);
    await openTeam(page);
    for (const control of [page.getByRole('button', { name: /^Export/ }), page.getByLabel('Cycle end', { exact: true })]) {
      await control.focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab'); // focus by keyboard: :focus-visible applies
      const ring = await control.evaluate((el) => {
        const style = getComputedStyle(el);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor, page: getComputedStyle(document.body).backgroundColor };
      });
      expect(ring.style).not.toBe('none');
      expect(ring.width).toBeGreaterThanOrEqual(2);
      // WCAG 1.4.11: a focus indicator needs 3:1 against what is around it.
      expect(contrast(ring.color, ring.page)).toBeGreaterThanOrEqual(3);
    }
  });
});
