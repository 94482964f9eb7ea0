import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../bench/generate';
import { largeWorkspace, scrollPage as scroller } from './largeWorkspace';

/*
 * The board of a large workspace renders only the cards near the screen (a
 * virtual list, renderer/features/board/ObjectiveList.tsx), and still lets a
 * person reach every objective: by scrolling, by keyboard, from At a glance,
 * with the filter, and without losing what they were typing when the page
 * scrolls away from it.
 */

const OBJECTIVES = 200;
const workspace = largeWorkspace('board', () => generateWorkspace(OBJECTIVES, 1_000, 2_000).doc);

/** The objective numbers ("Objective 12: …") of the cards in the page now. */
function renderedObjectives(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[role="list"][aria-label="Objectives"] > [role="listitem"]')].map((item) =>
      Number(/Objective (\d+):/.exec(item.querySelector('article')?.getAttribute('aria-label') ?? '')?.[1]),
    ),
  );
}


describe('a board of 200 objectives', () => {
  it('renders the cards near the screen, says each one’s place in the whole list, and reaches the last by scrolling', async () => {
    const { page, errors } = await workspace.open();
    const first = await renderedObjectives(page);
    expect(first[0]).toBe(1);
    expect(first.length).toBeGreaterThan(1);
    expect(first.length).toBeLessThan(20);
    const sizes = await page.locator('[role="list"][aria-label="Objectives"] > [role="listitem"]').evaluateAll((items) => items.map((i) => i.getAttribute('aria-setsize')));
    expect(new Set(sizes)).toEqual(new Set([String(OBJECTIVES)]));

    await scroller(page, 'bottom');
    const last = page.getByRole('article', { name: new RegExp(`^Objective: Objective ${OBJECTIVES}:`) });
    await last.waitFor();
    // On screen (cards measured on the way may have moved the end: the list settles with the last card in view).
    await expect.poll(() => last.evaluate((el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; })).toBe(true);
    // The add form follows the last card, not overlapping it, once the list has settled (cards entering
    // on a scroll are rendered after its frame and measured then: for that frame the end is an estimate).
    const addForm = page.getByRole('button', { name: /Add objective/ }).first();
    await expect
      .poll(async () => (await addForm.evaluate((el) => el.getBoundingClientRect().top)) - (await last.evaluate((el) => el.getBoundingClientRect().bottom)))
      .toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('walks by Tab from one card into the next, past the first screen', async () => {
    const { page, errors } = await workspace.open();
    const target = Math.max(...(await renderedObjectives(page))) + 2;
    await page.locator('[data-objective-handle]').first().focus();
    let reached = 0;
    for (let press = 0; press < 1_500 && reached < target; press++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const label = document.activeElement?.closest('article')?.getAttribute('aria-label') ?? '';
        return Number(/Objective (\d+):/.exec(label)?.[1] ?? 0);
      });
    }
    expect(reached).toBe(target);
    // The focused element is on screen: focus brought the card into view.
    const box = await page.evaluate(() => document.activeElement!.getBoundingClientRect().top);
    expect(box).toBeGreaterThan(0);
    expect(box).toBeLessThan(800);
    expect(errors).toEqual([]);
  });

  it('keeps the card being typed in when the page scrolls away from it, and what was typed', async () => {
    const { page, errors } = await workspace.open();
    const title = page.getByRole('textbox', { name: 'Objective title' }).first();
    await title.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' (draft)');
    await scroller(page, 'bottom');
    await page.getByRole('article', { name: new RegExp(`^Objective: Objective ${OBJECTIVES}:`) }).waitFor();
    // Still in the page and still focused, far above the screen.
    expect(await page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.value ?? '')).toMatch(/^Objective 1: .* \(draft\)$/);
    await scroller(page, 'top');
    await expect.poll(() => title.inputValue()).toMatch(/\(draft\)$/);
    expect(errors).toEqual([]);
  });

  it('goes from At a glance to an objective that was not rendered, and finds any objective with the filter', async () => {
    const { page, errors } = await workspace.open();
    const rendered = new Set(await renderedObjectives(page));
    const chips = page.getByRole('region', { name: /At a glance/ }).getByRole('button', { name: /^Objective \d+:/ });
    await chips.first().waitFor();
    const names = await chips.allTextContents();
    const far = names.map((n) => Number(/^Objective (\d+):/.exec(n)?.[1])).find((n) => n > 0 && !rendered.has(n));
    expect(far).toBeDefined();
    await chips.filter({ hasText: new RegExp(`^Objective ${far}:`) }).first().click();
    const card = page.getByRole('article', { name: new RegExp(`^Objective: Objective ${far}:`) });
    await card.waitFor();
    await expect.poll(() => card.evaluate((el) => el === document.activeElement)).toBe(true);
    // Its top just below the sticky header, not under it.
    const headerBottom = await page.locator('.workspace__header--sticky').evaluate((el) => el.getBoundingClientRect().bottom);
    await expect.poll(() => card.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(headerBottom);
    expect(await card.evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(headerBottom + 40);

    await scroller(page, 'top');
    await page.getByLabel('Filter by text').fill(`Objective ${OBJECTIVES - 13}:`);
    await page.getByRole('article', { name: new RegExp(`^Objective: Objective ${OBJECTIVES - 13}:`) }).waitFor();
    expect(await renderedObjectives(page)).toEqual([OBJECTIVES - 13]);
    expect(errors).toEqual([]);
  });
});
