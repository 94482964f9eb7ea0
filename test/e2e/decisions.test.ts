import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { addObjective, checkIn, createWorkspace, openKeyResultForm } from './flows';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const OBJECTIVE = 'Win trial teams';
const LEARNING = 'Learn why trial teams stall';
const OUTCOME = 'Weekly active teams';
const SHOTS = process.env.CAIRN_SCREENSHOTS; // a folder, to look at the screens while developing

const isoDaysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** A day as the page writes it (en-US, the harness's locale): "Oct 1, 2026". */
const mediumDate = (iso: string) => new Date(`${iso}T00:00:00`).toLocaleDateString('en-US', { dateStyle: 'medium' });

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Puts today two thirds into the cycle, so the pace line expects about 66% by now. */
async function setCycleAroundToday(page: Page) {
  await page.getByLabel('Cycle end', { exact: true }).fill(isoDaysFromToday(30));
  await page.getByLabel('Cycle start').fill(isoDaysFromToday(-60));
  await expect.poll(() => page.getByLabel('Cycle start').inputValue()).toBe(isoDaysFromToday(-60));
}

async function addKeyResultWithRisk(page: Page, risk: string, fill: () => Promise<void>, title: string) {
  await openKeyResultForm(page, OBJECTIVE); // still open after the previous KR
  await page.getByLabel(`${risk} risk`).check();
  await fill();
  await page.getByLabel('New key result title').fill(title);
  await page.getByRole('button', { name: 'Add key result', exact: true }).click();
  await page.getByRole('listitem', { name: `Key result: ${title}` }).waitFor();
}

describe('OKRs that drive decisions', () => {
  it('writes KRs for their risk, raises a behind-pace signal, closes it with a pivot and tells the story in the KR timeline', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Trial team Q4');
    await setCycleAroundToday(page);
    await addObjective(page, OBJECTIVE);

    // A learning KR: the understanding prompt suggests questions, with an example.
    await addKeyResultWithRisk(
      page,
      'Understanding',
      async () => {
        await expect.poll(() => page.getByRole('note').textContent()).toContain('write a learning key result');
        expect(await page.getByLabel('Learning (questions)').isChecked()).toBe(true);
        await page.getByLabel('Questions of the new key result').fill('Is setup time the blocker?\nDo admins drop out first?');
        await shot(page, '1-learning-prompt');
      },
      LEARNING,
    );
    // An outcome KR: the execution prompt suggests a metric.
    await addKeyResultWithRisk(
      page,
      'Execution',
      async () => {
        await expect.poll(() => page.getByRole('note').textContent()).toContain('measure the outcome');
        expect(await page.getByLabel('Outcome (metric)').isChecked()).toBe(true);
        await page.getByLabel('Baseline of the new key result').fill('100');
        await page.getByLabel('Target of the new key result').fill('200');
        await page.getByLabel('Unit of the new key result').fill('teams');
      },
      OUTCOME,
    );
    expect(await page.getByRole('listitem', { name: `Key result: ${LEARNING}` }).textContent()).toContain('Understanding risk');

    // Check-ins far below the pace line two thirds into the cycle.
    await checkIn(page, OUTCOME, '105', '6', 'Slow start');
    await checkIn(page, OUTCOME, '108', '3', 'Still flat after the campaign');
    const chips = page.getByRole('list', { name: `Open signals of ${OUTCOME}` });
    await expect.poll(() => chips.textContent()).toContain('Behind pace');
    await shot(page, '2-okrs-with-signals');

    // The Signals view explains it with the numbers.
    await page.getByRole('tab', { name: /^Signals/ }).click();
    const open = page.getByRole('region', { name: 'Open signals' });
    const behind = open.getByRole('listitem', { name: `Behind pace: ${OUTCOME}` });
    await expect.poll(() => behind.textContent()).toMatch(/Progress is 8% where the pace line expects 6\d% by now: 5\d points behind \(more than 15\)\./);
    await shot(page, '3-signals');

    // A pivot decision from the signal closes it.
    await behind.getByRole('button', { name: `Decide on Behind pace: ${OUTCOME}` }).click();
    await behind.getByRole('radio', { name: /^Pivot/ }).check();
    await behind.getByLabel('Rationale of the decision').fill('Ads do not convert: switch to onboarding calls');
    await shot(page, '4-decision-form');
    await behind.getByRole('button', { name: 'Record decision' }).click();
    await expect.poll(() => open.getByRole('listitem', { name: `Behind pace: ${OUTCOME}` }).count()).toBe(0);
    await expect.poll(() => page.getByText('Closed by a decision (1)').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('region', { name: 'Decision log' }).getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('Ads do not convert: switch to onboarding calls'),
    ]);

    // After a reload, the KR timeline shows check-ins, then the signal, then the decision.
    await page.reload();
    // The open tab is in the URL: the reload reopens Signals.
    await page.getByRole('tab', { name: 'OKRs' }).click();
    await page.getByRole('button', { name: `Details of ${OUTCOME}` }).click();
    const items = page.getByRole('region', { name: `Timeline of ${OUTCOME}` }).getByRole('listitem');
    await expect.poll(() => items.last().textContent()).toContain('Pivot — Ads do not convert');
    const texts = await items.allTextContents();
    const lastCheckIn = texts.findLastIndex((t) => t.startsWith('Check-in'));
    const closedSignal = texts.findIndex((t) => t.includes('closed by the decision to pivot'));
    expect(texts[lastCheckIn]).toContain('Still flat after the campaign');
    expect(texts[closedSignal]).toContain('Behind pace');
    expect(lastCheckIn).toBeLessThan(closedSignal);
    expect(closedSignal).toBeLessThan(texts.length - 1);
    expect(texts.at(-1)).toMatch(/^Decision/);
    await shot(page, '5-timeline');

    // A decision can also start from a check-in: it cites that check-in as its evidence.
    const timeline = page.getByRole('region', { name: `Timeline of ${OUTCOME}` });
    await timeline.getByRole('button', { name: /^Decide from the check-in of/ }).first().click();
    await timeline.getByRole('radio', { name: /^Persevere/ }).check();
    await timeline.getByLabel('Rationale of the decision').fill('One slow week is not a trend');
    await timeline.getByRole('button', { name: 'Record decision' }).click();
    await expect.poll(() => items.last().textContent()).toContain('Persevere — One slow week is not a trend');

    // As of the cycle's first day, nothing was checked in yet.
    await page.getByLabel(`As of date for ${OUTCOME}`).fill('0');
    await expect.poll(() => page.getByRole('status', { name: `${OUTCOME} as of ${mediumDate(isoDaysFromToday(-60))}` }).textContent()).toContain('100 teams, progress 0%');

    // A learning check-in answers a question: progress is the answered share. Half answered two thirds into the
    // cycle is still behind the pace line, and a KR shows one pace state at a time: behind pace, not a breakthrough.
    await page.getByRole('button', { name: `Check in on ${LEARNING}` }).click();
    await page.getByLabel('Answer to “Is setup time the blocker?”').selectOption('validated');
    await page.getByLabel(`What changed for ${LEARNING}`).fill('Five interviews: setup takes a day');
    await page.getByRole('button', { name: 'Record check-in' }).click();
    await expect.poll(() => page.getByLabel(`Current value of ${LEARNING}`).textContent()).toBe('1 of 2 answered');
    await expect.poll(() => page.getByRole('progressbar', { name: `Progress of key result ${LEARNING}` }).getAttribute('aria-valuenow')).toBe('50');
    const learningSignals = page.getByRole('list', { name: `Open signals of ${LEARNING}` });
    await expect.poll(() => learningSignals.textContent()).toContain('Behind pace');
    expect(await learningSignals.textContent()).not.toContain('Breakthrough');

    // Work: an initiative that supports no KR is listed as unlinked; a linked one is not.
    await page.getByRole('tab', { name: 'Work' }).click();
    await page.getByLabel('New initiative title').fill('Redesign the pricing page');
    await page.getByRole('button', { name: 'Add initiative' }).click();
    await page.getByLabel('New initiative title').fill('Onboarding calls for every trial');
    await page.getByRole('group', { name: 'Supports key results' }).getByLabel(OUTCOME).check();
    await page.getByRole('button', { name: 'Add initiative' }).click();
    const unlinked = page.getByRole('region', { name: 'Unlinked work' });
    await expect.poll(() => unlinked.getByRole('listitem').allTextContents()).toEqual(['Redesign the pricing page']);
    await expect.poll(() => page.getByRole('region', { name: 'Key results without work' }).getByRole('listitem').allTextContents()).toEqual([LEARNING]);
    await shot(page, '6-work');
    expect(errors).toEqual([]);
  });

  it('scores KRs at the end of the cycle, records a retrospective and starts the next cycle without the check-ins', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Growth Q4');
    await addObjective(page, 'Grow revenue');
    await page.getByRole('button', { name: 'Add key result to Grow revenue' }).click();
    await page.getByLabel('New key result title').fill('Monthly revenue');
    await page.getByLabel('Baseline of the new key result').fill('100');
    await page.getByLabel('Target of the new key result').fill('200');
    await page.getByRole('button', { name: 'Add key result', exact: true }).click();
    await checkIn(page, 'Monthly revenue', '150', '6', 'Half way');

    await page.getByRole('tab', { name: 'Cycle review' }).click();
    const row = page.getByRole('form', { name: 'Score of Monthly revenue' });
    await expect.poll(() => row.textContent()).toContain('suggested 0.5');
    await row.getByLabel('Score for Monthly revenue (0.0 to 1.0)').fill('0.4');
    await row.getByRole('button', { name: 'Save score for Monthly revenue' }).click();
    // Under the note, the field that needs it.
    await expect.poll(() => row.getByLabel('Score note for Monthly revenue').getAttribute('aria-invalid')).toBe('true');
    expect(await row.textContent()).toContain('Say why the score differs from the suggested 0.5');
    await row.getByLabel('Score note for Monthly revenue').fill('One-off deal inflated the number');
    await row.getByRole('button', { name: 'Save score for Monthly revenue' }).click();
    await expect.poll(() => page.getByLabel('Score of objective Grow revenue').textContent()).toBe('0.40');

    const retro = page.getByRole('form', { name: 'Retrospective of Grow revenue' });
    await retro.getByLabel('What we learned from Grow revenue').fill('Enterprise deals move the number, self-serve does not');
    await retro.getByLabel('Carry forward').check();
    await retro.getByRole('button', { name: 'Save retrospective' }).click();
    await expect.poll(() => retro.textContent()).toContain('Carry forward.');
    await shot(page, '7-cycle-review');

    const next = page.getByRole('form', { name: 'Start the next cycle' });
    await next.getByLabel("Name of the next cycle's workspace").fill('Growth Q1');
    await next.getByRole('button', { name: 'Start the next cycle' }).click();
    await page.getByRole('article', { name: 'Objective: Grow revenue' }).waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: 'Workspace name' }).inputValue()).toBe('Growth Q1');
    await expect.poll(() => page.getByLabel('Current value of Monthly revenue').textContent()).toBe('100');
    expect(errors).toEqual([]);
  });
});
