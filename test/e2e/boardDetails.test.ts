import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { addMetricKeyResult, addMilestone, addObjective, checkIn, createWorkspace } from './flows';

/* Small things the board shows: a zero count, an owner, a hint that stays while its frame scrolls. */

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('the board’s small details', () => {
  it('shows a zero health count in neutral colours, not in the colour of alarm', async () => {
    const { page, errors } = await harness.newPage({ viewport: { width: 1366, height: 800 } });
    await createWorkspace(page, 'Quiet quarter');
    await addObjective(page, 'Grow activation');
    await addMetricKeyResult(page, 'Grow activation', { title: 'Signups', baseline: '0', target: '100', unit: 'teams' });
    await checkIn(page, 'Signups', '80', '9', 'Ahead');
    const counts = page.getByRole('region', { name: 'At a glance' }).getByRole('list', { name: 'Key results by health' });
    await expect.poll(() => counts.textContent()).toBe('0 off track0 at risk1 on track');
    const colours = await counts.getByRole('listitem').evaluateAll((items) => {
      const style = (el: Element) => ({ color: getComputedStyle(el).color, background: getComputedStyle(el).backgroundColor });
      // What a count in each health looks like when it is not zero, drawn the same way the panel draws it.
      const alarm = (health: string) => {
        const probe = document.createElement('li');
        probe.className = `health-count health-count--${health}`;
        items[0]!.parentElement!.append(probe);
        const drawn = style(probe);
        probe.remove();
        return drawn;
      };
      return { zeroOffTrack: style(items[0]!), zeroAtRisk: style(items[1]!), offTrack: alarm('off-track'), atRisk: alarm('at-risk') };
    });
    expect(colours.zeroOffTrack.color).not.toBe(colours.offTrack.color);
    expect(colours.zeroOffTrack.background).not.toBe(colours.offTrack.background);
    expect(colours.zeroAtRisk.color).not.toBe(colours.atRisk.color);
    expect(errors).toEqual([]);
  });

  it('shows a key result’s owner once, as an avatar named on hover and to screen readers', async () => {
    const { page, errors } = await harness.newPage({ viewport: { width: 1366, height: 800 } });
    await createWorkspace(page, 'Growth', 'Ana');
    await addObjective(page, 'Grow signups');
    await addMilestone(page, 'Grow signups', 'Referral program live', 'Chloé Martin');
    const row = page.getByRole('listitem', { name: 'Key result: Referral program live' });
    const avatar = row.getByRole('img', { name: 'Owner: Chloé Martin' });
    await avatar.waitFor();
    expect(await row.textContent()).not.toContain('Chloé Martin');
    expect(await avatar.textContent()).toBe('CM');
    await avatar.hover();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toBe('Owner: Chloé Martin');
    expect(errors).toEqual([]);
  });

  it('gives two owners whose names hash to one colour two colours', async () => {
    const { page, errors } = await harness.newPage({ viewport: { width: 1366, height: 800 } });
    await createWorkspace(page, 'Growth', 'Ana');
    await addObjective(page, 'Grow signups');
    // "Ana" and "Lea" hash to the same palette colour (shared/queries/people.ts).
    await addMilestone(page, 'Grow signups', 'Referral program live', 'Lea');
    await addMilestone(page, 'Grow signups', 'Pricing page live', 'Ana');
    const background = (title: string, owner: string) =>
      page
        .getByRole('listitem', { name: `Key result: ${title}` })
        .getByRole('img', { name: `Owner: ${owner}` })
        .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background('Referral program live', 'Lea')).not.toBe(await background('Pricing page live', 'Ana'));
    expect(errors).toEqual([]);
  });

  it('keeps a hint open when focusing its trigger scrolls the page to it', async () => {
    const { page, errors } = await harness.newPage({ viewport: { width: 1366, height: 800 } });
    await createWorkspace(page, 'Long board');
    const titles = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth', 'Tenth'].map((n) => `${n} objective`);
    for (const title of titles) await addObjective(page, title);
    await page.getByRole('textbox', { name: 'Workspace name' }).focus();
    await page.evaluate(() => document.querySelector('.app-scroll')?.scrollTo(0, 0));
    // The board renders the cards near the screen (a virtual list): the first rendered grip below the fold (800 px),
    // found and focused in one step so the list cannot re-render between the two.
    const focusedTop = await page.evaluate(() => {
      const grip = [...document.querySelectorAll<HTMLElement>('[data-objective-handle]')].find((el) => el.getBoundingClientRect().top > 800);
      const top = grip?.getBoundingClientRect().top ?? null;
      grip?.focus();
      return top;
    });
    // It was below the fold: focusing it scrolled the board's frame (.app-scroll) to it.
    expect(focusedTop).toBeGreaterThan(800);
    await expect.poll(() => page.getByRole('tooltip').textContent()).toBe('Drag, or use the arrow keys, to reorder');
    // Still open once the scroll is over (two frames later), not closed by it.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await page.getByRole('tooltip').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
