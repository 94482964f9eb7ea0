import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type * as Y from 'yjs';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import { openWorkspaceFile, startHarness, type Harness, type PageOptions } from './harness';

/*
 * The setup of the virtual lists' e2e tests (ui/VirtualList.tsx): a large
 * workspace built once per test file, written as a `.cairn` file, opened in a
 * fresh page by each test; and the questions those tests ask of a virtual
 * list: which items are in the page, and how far Tab reaches.
 */

/** The window of every virtual-list test: "a screenful" means this. */
export const VIEWPORT = { width: 1366, height: 800 };

export interface LargeWorkspace {
  readonly harness: Harness;
  /** Opens the workspace in a fresh page, as a person does (Open or import a file…); `options` as the harness's (`bypassCSP` for axe). */
  open(options?: PageOptions): Promise<{ page: Page; errors: string[] }>;
  /** A fresh page at the library, the workspace not opened. */
  newPage(options?: PageOptions): Promise<{ page: Page; errors: string[] }>;
}

/** Starts the browser and writes the workspace `build` makes, once for the test file (its beforeAll and afterAll). */
export function largeWorkspace(name: string, build: () => Y.Doc): LargeWorkspace {
  let harness: Harness | undefined;
  let dir = '';
  let file = '';
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `cairn-${name}-`));
    file = path.join(dir, `${name}.cairn`);
    fs.writeFileSync(file, workspaceToFile(build(), name, Date.now()));
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const started = () => {
    if (!harness) throw new Error('the large workspace is ready in the tests, not before');
    return harness;
  };
  const newPage = async (options: PageOptions = {}) => {
    const { page, errors } = await started().newPage({ viewport: VIEWPORT, ...options });
    return { page, errors };
  };
  return {
    get harness() {
      return started();
    },
    newPage,
    async open(options?: PageOptions) {
      const opened = await newPage(options);
      await openWorkspaceFile(opened.page, file);
      return opened;
    },
  };
}

/** The items of the virtual list named `name` (its own, not those of a list nested in them). */
export const listItems = (page: Page, name: string): Locator => page.locator(`[role="list"][aria-label="${name}"] > [role="listitem"]`);

export interface RenderedItem {
  /** aria-posinset: the item's place in the whole list, from 1. */
  at: number;
  /** aria-setsize: the whole list's length. */
  of: number;
  name: string;
  text: string;
}

/** The items of a virtual list in the page now, with their places in the whole list. */
export function renderedItems(page: Page, name: string): Promise<RenderedItem[]> {
  return listItems(page, name).evaluateAll((items) =>
    items.map((item) => ({
      at: Number(item.getAttribute('aria-posinset')),
      of: Number(item.getAttribute('aria-setsize')),
      name: item.getAttribute('aria-label') ?? '',
      text: item.textContent ?? '',
    })),
  );
}

/** The place in the list `name` of the item holding focus, 0 when focus is outside it. */
function focusedPlace(page: Page, name: string): Promise<number> {
  return page.evaluate(
    (selector) => Number(document.activeElement?.closest(selector)?.getAttribute('aria-posinset') ?? 0),
    `[role="list"][aria-label="${name}"] > [role="listitem"]`,
  );
}

/**
 * Presses Tab from where focus is until it is in the item at `target` of the
 * list `name` (or beyond), at most `presses` times, a frame apart; returns the
 * place reached and the focused element's top on screen.
 */
export async function tabTo(page: Page, name: string, target: number, presses: number): Promise<{ reached: number; top: number }> {
  let reached = await focusedPlace(page, name);
  for (let press = 0; press < presses && reached < target; press++) {
    await page.keyboard.press('Tab');
    // At a person's pace, a frame between presses: the scroll that focus caused renders the items it brings in
    // (a loaded machine can otherwise take several presses before the page's next frame).
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    reached = await focusedPlace(page, name);
  }
  const top = await page.evaluate(() => document.activeElement?.getBoundingClientRect().top ?? -1);
  return { reached, top };
}

/** Scrolls the app's page to its top or bottom. */
export const scrollPage = (page: Page, to: 'top' | 'bottom') =>
  page.evaluate((where) => {
    const frame = document.querySelector('.app-scroll')!;
    frame.scrollTo(0, where === 'top' ? 0 : frame.scrollHeight);
  }, to);
