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


/** Resolves after `count` animation frames, noting `probe()` at the start of each (what the previous frame and the tasks since left). */
const FRAMES_PROBE = `(count, probe) => new Promise((resolve) => {
  const seen = [];
  const next = () => requestAnimationFrame(() => { seen.push(probe()); if (seen.length < count) next(); else resolve(seen); });
  next();
})`;

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
    // The add form follows the last card, not overlapping it, as soon as that card is in the page (the cards lie in flow).
    const addForm = page.getByRole('button', { name: /Add objective/ }).first();
    expect((await addForm.evaluate((el) => el.getBoundingClientRect().top)) - (await last.evaluate((el) => el.getBoundingClientRect().bottom))).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('keeps a card scrolled into view where it was painted, so a click right after lands on it', async () => {
    const { page, errors } = await workspace.open();
    // The last card in the page is the one past the screen's end (overscan); a click on its title scrolls it in.
    const frames = (await page.evaluate(`(async () => {
      const items = document.querySelectorAll('[role="list"][aria-label="Objectives"] > [role="listitem"]');
      const title = items[items.length - 1].querySelector('textarea, input');
      title.scrollIntoView({ block: 'center' });
      return (${FRAMES_PROBE})(12, () => {
        const box = title.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return { connected: title.isConnected, top: Math.round(box.top), hit: hit === title };
      });
    })()`)) as { connected: boolean; top: number; hit: boolean }[];
    expect(frames.every((f) => f.connected)).toBe(true);
    expect(new Set(frames.map((f) => f.top))).toEqual(new Set([frames[0]!.top]));
    expect(frames.every((f) => f.hit)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('lays the add form after the last card from the first frame the last card is in the page', async () => {
    const { page, errors } = await workspace.open();
    const gaps = (await page.evaluate(`(async () => {
      const scroller = document.querySelector('.app-scroll');
      scroller.scrollTo(0, scroller.scrollHeight);
      return (${FRAMES_PROBE})(20, () => {
        const last = [...document.querySelectorAll('[role="list"][aria-label="Objectives"] > [role="listitem"]')].at(-1);
        if (last?.getAttribute('aria-posinset') !== last?.getAttribute('aria-setsize')) return null;
        const add = [...document.querySelectorAll('button')].find((b) => /Add objective/.test(b.textContent ?? ''));
        return Math.round(add.getBoundingClientRect().top - last.getBoundingClientRect().bottom);
      });
    })()`)) as (number | null)[];
    const measured = gaps.filter((gap): gap is number => gap !== null);
    expect(measured.length).toBeGreaterThan(0);
    expect(measured.filter((gap) => gap <= 0)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('builds the cards a scroll step brings in over the next frames: placeholders of their size, named as the cards, that move nothing when filled', async () => {
    const { page, errors } = await workspace.open();
    const run = (await page.evaluate(`(async () => {
      const scroller = document.querySelector('.app-scroll');
      const items = () => [...document.querySelectorAll('[role="list"][aria-label="Objectives"] > [role="listitem"]')];
      const placeholders = () => items().filter((item) => !item.querySelector('article'));
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
      for (let i = 0; i < 5; i++) await frame();
      const seen = [];
      // Two screens at a time, a frame apart (a quick flick): each step brings two or three cards.
      for (let step = 0; step < 8; step++) {
        scroller.scrollTop += scroller.clientHeight * 2;
        for (let f = 0; f < 2; f++) {
          await frame();
          for (const item of placeholders()) {
            seen.push({
              label: item.getAttribute('aria-label'),
              busy: item.getAttribute('aria-busy'),
              setsize: item.getAttribute('aria-setsize'),
              posinset: Number(item.getAttribute('aria-posinset')),
              height: Math.round(item.getBoundingClientRect().height),
              focusable: item.querySelectorAll('button, input, textarea, select, a[href], [tabindex]').length,
            });
          }
        }
      }
      // Then still: what is on screen stays where it is while the last placeholders are filled, one a frame.
      const onScreen = items().find((item) => item.querySelector('article') && item.getBoundingClientRect().top > 0);
      const tops = [];
      const left = [];
      for (let f = 0; f < 12; f++) {
        await frame();
        tops.push(Math.round(onScreen.getBoundingClientRect().top));
        left.push(placeholders().length);
      }
      return { seen, tops, left };
    })()`)) as {
      seen: { label: string | null; busy: string | null; setsize: string | null; posinset: number; height: number; focusable: number }[];
      tops: number[];
      left: number[];
    };
    // Some steps brought more cards than a render builds: they waited as placeholders (the whole list built them at once before).
    expect(run.seen.length).toBeGreaterThan(0);
    for (const placeholder of run.seen) {
      expect(placeholder.label).toMatch(new RegExp(`^Objective: Objective ${placeholder.posinset}:`));
      expect(placeholder.busy).toBe('true');
      expect(placeholder.setsize).toBe(String(OBJECTIVES));
      expect(placeholder.height).toBeGreaterThan(100);
      expect(placeholder.focusable).toBe(0);
    }
    // All filled within a few frames of the last step; nothing on screen moved meanwhile.
    expect(run.left.slice(-4)).toEqual([0, 0, 0, 0]);
    expect(new Set(run.tops)).toEqual(new Set([run.tops[0]]));
    expect(errors).toEqual([]);
  });

  it('reaches by Tab the card after the focused one while a scroll leaves it a placeholder', async () => {
    const { page, errors } = await workspace.open();
    // A quick scroll, then focus on the last control of a built card whose next card is still a placeholder.
    const focusedAt = (await page.evaluate(`(async () => {
      const scroller = document.querySelector('.app-scroll');
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
      for (let step = 0; step < 12; step++) {
        scroller.scrollTop += scroller.clientHeight * 2;
        await frame();
        const items = [...document.querySelectorAll('[role="list"][aria-label="Objectives"] > [role="listitem"]')];
        const at = items.findIndex((item, i) => item.querySelector('article') && items[i + 1] && !items[i + 1].querySelector('article'));
        if (at < 0) continue;
        const controls = items[at].querySelectorAll('button, input, textarea, select, a[href]');
        controls[controls.length - 1].focus();
        return Number(items[at].getAttribute('aria-posinset'));
      }
      return null;
    })()`)) as number | null;
    expect(focusedAt).not.toBeNull();
    await page.keyboard.press('Tab');
    const reached = await page.evaluate(() => {
      const item = document.activeElement?.closest('[role="listitem"]');
      return { posinset: Number(item?.getAttribute('aria-posinset')), inCard: Boolean(document.activeElement?.closest('article')) };
    });
    expect(reached).toEqual({ posinset: focusedAt! + 1, inCard: true });
    expect(errors).toEqual([]);
  });

  it('draws the icons a card repeats as one element each, masked by one drawing, not an SVG each', async () => {
    const { page, errors } = await workspace.open();
    const card = page.locator('article.objective').first();
    await card.locator('.icon').first().waitFor();
    expect(await card.locator('svg').count()).toBe(0);
    const icons = await card.locator('.icon').evaluateAll((spans) => spans.map((span) => ({ children: span.childElementCount, mask: getComputedStyle(span).maskImage.startsWith('url("data:image/svg+xml'), width: span.getBoundingClientRect().width })));
    expect(icons.length).toBeGreaterThan(5);
    expect(icons.filter((icon) => icon.children > 0 || !icon.mask || icon.width === 0)).toEqual([]);
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
