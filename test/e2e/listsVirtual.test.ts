import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../bench/generate';
import { LIBRARY_WORKSPACES, LIST_SIZES, addAlignment, addListItems, libraryEntries } from '../../bench/generateLists';
import { LIBRARY_STORAGE_KEY } from '../../renderer/state/libraryIndex';
import { alignmentTree } from '../../shared/queries/alignment';
import { alignmentTreeRows } from '../../shared/queries/alignmentTreeRows';
import { readAlignmentState, readWorkspace } from '../../shared/schema/readWorkspace';
import { describeViolations, runAxe } from './axe';
import { VIEWPORT, largeWorkspace, listItems, renderedItems, tabTo } from './largeWorkspace';

/*
 * The long lists besides the board, the signals and the deleted items — the
 * decision log, the alignment rows, the alignment tree, the dependencies,
 * the rollout plans, the library and a key result's timeline — render only the items near the screen
 * (ui/VirtualList.tsx), and each item stays reachable: by Tab, and by the
 * list's filter, which stands in for find-in-page. Each list is many screens
 * long (bench/generateLists.ts), its items tagged so one filter word matches
 * one item.
 */

const OBJECTIVES = 2_000;
/** Each alignment tree row's depth by its key, as the tree's query gives it for the workspace written (not as the page shows it). */
let treeDepths = new Map<string, number>();
const workspace = largeWorkspace('lists', () => {
  const { doc } = generateWorkspace(OBJECTIVES, OBJECTIVES, 0);
  addListItems(doc, Date.UTC(2026, 6, 2));
  addAlignment(doc, Date.UTC(2026, 6, 2));
  const rows = alignmentTreeRows(alignmentTree({ ...readWorkspace(doc), ...readAlignmentState(doc) }).northStars);
  treeDepths = new Map(rows.map((row) => [row.key, row.depth]));
  return doc;
});

/** Far more than a screenful of any of these lists holds, far fewer than the lists. */
const AT_MOST_IN_PAGE = 40;

/**
 * The list holds about a screenful, each item saying its place in the whole
 * list; Tab from `first` walks past them into items that were not in the page.
 */
async function expectVirtualByTab(page: Page, list: string, total: number, first: Locator, presses: number, beyond = 3) {
  await first.focus();
  const shown = await renderedItems(page, list);
  expect(shown.map((item) => item.at)).toContain(1);
  expect(new Set(shown.map((item) => item.of))).toEqual(new Set([total]));
  expect(shown.length).toBeLessThan(AT_MOST_IN_PAGE);
  const target = Math.max(...shown.map((item) => item.at)) + beyond;
  const { reached, top } = await tabTo(page, list, target, presses);
  expect(reached).toBeGreaterThanOrEqual(target);
  expect(top).toBeGreaterThanOrEqual(0);
  expect(top).toBeLessThan(VIEWPORT.height);
  expect((await renderedItems(page, list)).length).toBeLessThan(AT_MOST_IN_PAGE);
}

const TREE = 'Alignment tree rows';

/** The alignment tree's rows in the page: each one's place, its aria-level, its depth in the tree and its indentation (px). */
function renderedTreeRows(page: Page) {
  return listItems(page, TREE).evaluateAll((items) =>
    items.map((item) => ({
      at: Number(item.getAttribute('aria-posinset')),
      key: (item as HTMLElement).dataset.listKey ?? '',
      level: item.getAttribute('aria-level'),
      indent: parseFloat(getComputedStyle(item.querySelector('.alignment-tree__row')!).paddingLeft),
    })),
  ).then((rows) => rows.map((row) => ({ ...row, depth: treeDepths.get(row.key) })));
}

/** Each rendered tree row's aria-level is its depth, which its indentation shows (one step per level); returns the rows. */
async function expectTreeLevels(page: Page) {
  const rows = await renderedTreeRows(page);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect({ key: row.key, level: row.level }).toEqual({ key: row.key, level: String(row.depth) });
  const step = rows.find((row) => row.depth === 2)?.indent ?? 0;
  expect(step).toBeGreaterThan(0);
  for (const row of rows) expect({ key: row.key, indent: row.indent }).toEqual({ key: row.key, indent: (row.depth! - 1) * step });
  return rows;
}

/** Types `words` in the filter labelled `label`, and waits for the list to hold one item, which it returns. */
async function filterTo(page: Page, label: string, list: string, words: string): Promise<Locator> {
  await page.getByLabel(label, { exact: true }).fill(words);
  await expect.poll(() => renderedItems(page, list)).toEqual([expect.objectContaining({ at: 1, of: 1, text: expect.stringContaining(words) })]);
  return listItems(page, list).first();
}

describe('the long lists of a large workspace', () => {
  it('the decision log: a screenful of decisions, each focusable, and the filter finds one far off', async () => {
    const { page, errors } = await workspace.open();
    await page.getByRole('tab', { name: /^Signals/ }).click();
    await expectVirtualByTab(page, 'Decisions', LIST_SIZES.decisions, listItems(page, 'Decisions').first(), 30);
    // Newest first: batch 1 is the oldest, at the far end.
    const found = await filterTo(page, 'Filter decisions', 'Decisions', 'd0001');
    await found.focus();
    expect(await found.getAttribute('aria-label')).toMatch(/: Reviewed in batch d0001:/);
    expect(errors).toEqual([]);
  });

  it('the alignment rows: a screenful of objectives, Tab through their pickers, and the filter finds one to move to another team', async () => {
    const { page, errors } = await workspace.open();
    await page.getByRole('tab', { name: 'Teams' }).click();
    await expectVirtualByTab(page, 'Objectives by team', OBJECTIVES, page.getByRole('combobox', { name: /^Team of Objective 1:/ }), 60);
    const row = await filterTo(page, 'Filter objectives', 'Objectives by team', 'Objective 1873:');
    await row.getByRole('combobox', { name: /^Team of Objective 1873:/ }).selectOption({ label: 'Team t0007' });
    // The tree, far below, shows it: its own filter finds the objective's row with the new team.
    const inTree = await filterTo(page, 'Filter the alignment tree', 'Alignment tree rows', 'Objective 1873:');
    await expect.poll(() => inTree.textContent()).toMatch(/^Team t0007 Objective 1873:/);
    expect(errors).toEqual([]);
  });

  it('the alignment tree: a screenful of its rows, each focusable with its level, and the filter finds a far key result', async () => {
    const { page, errors } = await workspace.open();
    await page.getByRole('tab', { name: 'Teams' }).click();
    // Below two thousand alignment rows: brought to the screen, as a person scrolls to it.
    await page.getByRole('heading', { name: 'From north stars to team work' }).scrollIntoViewIfNeeded();
    const list = TREE;
    // Every objective and its KR (one each), all under the north stars.
    await expectVirtualByTab(page, list, 2 * OBJECTIVES, listItems(page, list).first(), 60);
    // The level is the row's aria-level, not also its name (AlignmentView's labelOfTreeRow says why).
    expect(await listItems(page, list).first().getAttribute('aria-label')).toMatch(/^north star: Objective 1:/);
    expect(await listItems(page, list).first().getAttribute('aria-level')).toBe('1');
    const found = await filterTo(page, 'Filter the alignment tree', list, 'cohort 1873');
    await found.focus();
    expect(await found.getAttribute('aria-label')).toMatch(/^key result: Weekly active teams in cohort 1873, of Objective \d+:/);
    expect(await found.getAttribute('aria-level')).toBe(String(treeDepths.get((await found.getAttribute('data-list-key'))!)));
    expect(errors).toEqual([]);
  });

  it('the alignment tree: each row’s aria-level is its depth, in the first screenful and far down, and axe finds nothing in the panel', async () => {
    // bypassCSP: axe is injected as a script tag (test/e2e/axe.ts).
    const { page, errors } = await workspace.open({ bypassCSP: true });
    await page.getByRole('tab', { name: 'Teams' }).click();
    await page.getByRole('heading', { name: 'From north stars to team work' }).scrollIntoViewIfNeeded();
    await listItems(page, TREE).first().waitFor();
    const first = await expectTreeLevels(page);
    expect(new Set(first.map((row) => row.depth)).size).toBeGreaterThan(2);

    // The tree's far end, rendered only once scrolled to; the frame is scrolled again until the virtualizer,
    // measuring the rows that come in, settles with the last row in the page.
    const total = treeDepths.size;
    await expect
      .poll(async () => {
        await page.evaluate((name) => {
          const frame = document.querySelector('.app-scroll')!;
          const list = document.querySelector(`[role="list"][aria-label="${name}"]`)!;
          frame.scrollBy(0, list.getBoundingClientRect().bottom - frame.clientHeight);
        }, TREE);
        return Math.max(...(await renderedTreeRows(page)).map((row) => row.at));
      })
      .toBe(total);
    const last = await expectTreeLevels(page);
    expect(Math.min(...last.map((row) => row.at))).toBeGreaterThan(Math.max(...first.map((row) => row.at)));
    expect(new Set(last.map((row) => row.depth)).size).toBeGreaterThan(1);

    expect(describeViolations('the alignment tree', await runAxe(page, 'section[aria-label="Alignment tree"]'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the dependencies: a screenful of them, Tab through their pickers, and the filter finds one to mark delivered', async () => {
    const { page, errors } = await workspace.open();
    await page.getByRole('tab', { name: 'Teams' }).click();
    const heading = page.getByRole('heading', { name: /^Dependencies \(/ });
    await heading.scrollIntoViewIfNeeded();
    const blocking = LIST_SIZES.dependencies / 3;
    expect(await heading.textContent()).toContain(`${blocking} blocking`);
    await expectVirtualByTab(page, 'Dependencies', LIST_SIZES.dependencies, page.getByRole('combobox', { name: 'Status of Data export q0001' }), 60);
    const found = await filterTo(page, 'Filter dependencies', 'Dependencies', 'q0270');
    await found.getByRole('combobox', { name: 'Status of Data export q0270' }).selectOption('delivered');
    await expect.poll(() => heading.textContent()).toContain(`${blocking - 1} blocking`);
    expect(errors).toEqual([]);
  });

  it('the rollout plans: a screenful of cards, Tab into the next, and the filter finds a plan whose gate is ticked', async () => {
    const { page, errors } = await workspace.open();
    await page.getByRole('tab', { name: 'Rollouts' }).click();
    const firstField = listItems(page, 'Rollout plans').first().getByRole('textbox').first();
    // A plan card holds some forty stops for Tab (dates, fields, gates): one card past those in the page.
    await expectVirtualByTab(page, 'Rollout plans', LIST_SIZES.rolloutPlans, firstField, 200, 1);
    const plan = await filterTo(page, 'Filter rollout plans', 'Rollout plans', 'p0271');
    const gate = plan.getByRole('checkbox', { name: 'Marketing announcement done (Feature p0271: guided setup)' });
    await gate.check();
    await expect.poll(() => gate.isChecked()).toBe(true);
    expect(await listItems(page, 'Promises').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('a key result’s timeline: a screenful of its thousand check-ins, Tab past them, and the filter finds one to decide from', async () => {
    const { page, errors } = await workspace.open();
    const kr = 'Weekly active teams in cohort 0';
    await page.getByRole('button', { name: `Details of ${kr}` }).click();
    const list = `Timeline entries of ${kr}`;
    await listItems(page, list).first().waitFor();
    const total = (await renderedItems(page, list))[0]!.of;
    expect(total).toBeGreaterThanOrEqual(LIST_SIZES.timelineCheckIns);
    await expectVirtualByTab(page, list, total, listItems(page, list).first(), 80);
    const entry = await filterTo(page, 'Filter the timeline', list, 'Reading n0917');
    await entry.getByRole('button', { name: /^Decide from the check-in of/ }).click();
    await page.getByRole('region', { name: `Timeline of ${kr}` }).getByLabel('Rationale of the decision').waitFor();
    expect(errors).toEqual([]);
  });

  it('the library: a screenful of a thousand workspaces, Tab past them, and the filter finds one to delete', async () => {
    const { page, errors } = await workspace.newPage();
    await page.evaluate(([key, entries]) => localStorage.setItem(key, entries), [LIBRARY_STORAGE_KEY, JSON.stringify(libraryEntries())] as const);
    await page.reload();
    await expectVirtualByTab(page, 'Workspaces', LIBRARY_WORKSPACES, page.getByRole('link', { name: 'Team w0001' }), 60);
    const row = await filterTo(page, 'Filter workspaces', 'Workspaces', 'w0733');
    await row.getByRole('button', { name: 'Delete workspace Team w0733' }).click();
    await listItems(page, 'Recently deleted workspaces').filter({ hasText: 'Team w0733' }).waitFor();
    await expect.poll(() => listItems(page, 'Workspaces').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
