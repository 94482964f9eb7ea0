import fs from 'node:fs';
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { hostWorkshop, joinWorkshop, moveTo, SYNC_TIMEOUT, waitForPeers, workspaceStorageText, writeDraft } from './workshopFlows';

/*
 * The whole workshop in Chromium with four laptops (issue 14): Fay hosts a
 * workshop-kind workspace, Ana, Ben and Cy join from the invite link, and
 * the template agenda runs from start to export: context with the shared
 * timer, private drafting, reveal and clustering, a dot vote whose winner
 * becomes an objective, key results drafted and adopted, a secret confidence
 * vote, commit, the end of the session, and the report with its outcome.
 */

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const VIEWPORT = { width: 1366, height: 800 };
const ENDED = 'The facilitator ended the session. Your edits stay on this laptop and will merge when you meet again.';
const AGENDA = [
  'Context and north stars',
  'Draft objectives privately',
  'Reveal and cluster',
  'Dot vote',
  'Draft key results for the chosen objectives',
  'Confidence vote',
  'Commit',
] as const;

const OBJECTIVE_DRAFTS = {
  ana: ['Win the mid-market', 'Ship a self-serve plan'],
  ben: ['Grow mid-market revenue'],
  cy: ['Make onboarding effortless'],
} as const;
const MERGED = 'Lead the mid-market';
const KR_DRAFTS = {
  ana: ['Ten mid-market customers signed'],
  ben: ['Mid-market revenue doubled', 'Sales cycle under 30 days'],
  cy: [] as string[],
} as const;
const CONFIDENCE_KR = 'Ten mid-market customers signed';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/workshop-run-${name}.png` }).catch(() => undefined);
}

/** Nobody's private drafts show on another laptop: not in its DOM, and not in the facilitator's stored workspace. */
async function expectPrivate(byAuthor: Record<string, readonly string[]>, pages: Record<string, Page>): Promise<void> {
  for (const [who, page] of Object.entries(pages)) {
    const dom = await page.content();
    for (const [author, texts] of Object.entries(byAuthor)) if (author !== who) for (const text of texts) expect(dom, `${who} sees a draft of ${author}`).not.toContain(text);
  }
  const stored = await workspaceStorageText(pages.fay!);
  for (const texts of Object.values(byAuthor)) for (const text of texts) expect(stored).not.toContain(text);
}

describe('a workshop of four laptops, start to export', () => {
  it('runs the template agenda: drafts, reveal, dot vote, key results, confidence vote, commit, end, report', async () => {
    const fay = await harness.newPage({ name: 'Fay', viewport: VIEWPORT });
    const link = await hostWorkshop(fay.page, 'Offsite Q1', 'Fay');
    const ana = await joinWorkshop(harness, link, 'Ana', { viewport: VIEWPORT });
    const ben = await joinWorkshop(harness, link, 'Ben', { viewport: VIEWPORT });
    const cy = await joinWorkshop(harness, link, 'Cy', { viewport: VIEWPORT });
    const participants = { ana: ana.page, ben: ben.page, cy: cy.page };
    const all = { fay: fay.page, ...participants };
    const room = Object.values(all);
    for (const page of Object.values(participants)) await page.getByRole('heading', { name: 'Facilitated by Fay' }).waitFor({ timeout: SYNC_TIMEOUT });
    await waitForPeers(fay.page, 3);

    // 1. Context and north stars, with the shared timer running on every laptop.
    await moveTo(fay.page, AGENDA[0], room);
    await fay.page.getByRole('button', { name: 'Start the timer' }).click();
    for (const page of room) await expect.poll(() => page.getByRole('timer').evaluate((el: HTMLElement) => el.dataset.running === 'true' && el.dataset.remainingMs !== ''), { timeout: SYNC_TIMEOUT }).toBe(true);
    await fay.page.getByText(/Attendance \(4 here\)/).waitFor({ timeout: SYNC_TIMEOUT });
    await shot(fay.page, '1-context-facilitator');
    await shot(ana.page, '1-context-participant');

    // 2. Everyone drafts objectives privately.
    await moveTo(fay.page, AGENDA[1], room);
    await fay.page.getByRole('button', { name: 'Open drafting' }).click();
    for (const [who, texts] of Object.entries(OBJECTIVE_DRAFTS)) for (const text of texts) await writeDraft(all[who as keyof typeof all], 'A new objective', text);
    await shot(ana.page, '2-drafting-participant');

    // 3. Reveal and cluster. The move reached every laptop, after every draft was written: none of them has left its author's laptop.
    await moveTo(fay.page, AGENDA[2], room);
    await expectPrivate(OBJECTIVE_DRAFTS, all);
    await ben.page.getByText('Drafts of objectives are waiting for the reveal.').waitFor();
    await fay.page.getByRole('button', { name: 'Reveal drafts' }).click();
    for (const page of room) {
      const candidates = page.getByRole('list', { name: 'Candidates' });
      for (const [who, texts] of Object.entries(OBJECTIVE_DRAFTS)) {
        for (const text of texts) {
          const item = candidates.getByRole('listitem').filter({ hasText: text });
          await item.waitFor({ timeout: SYNC_TIMEOUT });
          expect(await item.textContent()).toContain(who === 'ana' ? 'Ana' : who === 'ben' ? 'Ben' : 'Cy');
        }
      }
    }
    await fay.page.getByRole('checkbox', { name: `Select “${OBJECTIVE_DRAFTS.ana[0]}”` }).check();
    await fay.page.getByRole('checkbox', { name: `Select “${OBJECTIVE_DRAFTS.ben[0]}”` }).check();
    await fay.page.getByRole('button', { name: 'Merge selected (2)' }).click();
    await fay.page.getByLabel('Text of the merged candidate').fill(MERGED);
    await fay.page.getByRole('button', { name: 'Merge', exact: true }).click();
    for (const page of room) await page.getByRole('list', { name: 'Candidates' }).getByRole('listitem').filter({ hasText: MERGED }).getByText('Merged from 2 drafts').waitFor({ timeout: SYNC_TIMEOUT });
    await shot(cy.page, '3-revealed-participant');

    // 4. Dot vote on the three candidates left; Ana, Ben and Cy vote; the winner becomes an objective on every board.
    await moveTo(fay.page, AGENDA[3], room);
    const open = fay.page.getByRole('group', { name: 'Open a dot vote' });
    for (const label of [MERGED, OBJECTIVE_DRAFTS.cy[0], OBJECTIVE_DRAFTS.ana[1]]) await open.getByRole('checkbox', { name: new RegExp(`^${label}`) }).check();
    await open.getByLabel('Dots per person').fill('2');
    await open.getByRole('button', { name: 'Open the dot vote' }).click();
    const dotVote = 'Dot vote on 3 candidates';
    for (const page of room) await page.getByRole('article', { name: dotVote }).waitFor({ timeout: SYNC_TIMEOUT });
    const place = async (page: Page, on: string[]) => {
      const vote = page.getByRole('article', { name: dotVote });
      for (const label of on) await vote.getByRole('button', { name: `Add a dot to ${label}` }).click();
      await vote.getByRole('button', { name: 'Commit my dots' }).click();
      await vote.getByText('Your vote is committed').waitFor();
    };
    await shot(ben.page, '4-dot-vote-participant');
    await ben.page.emulateMedia({ colorScheme: 'dark' });
    await shot(ben.page, '4-dot-vote-participant-dark');
    await ben.page.emulateMedia({ colorScheme: 'light' });
    await place(ana.page, [MERGED, MERGED]);
    await place(ben.page, [MERGED, OBJECTIVE_DRAFTS.cy[0]]);
    await place(cy.page, [OBJECTIVE_DRAFTS.cy[0], OBJECTIVE_DRAFTS.ana[1]]);
    await expect.poll(() => fay.page.getByRole('article', { name: dotVote }).getByText(/^Voted \(3\)/).count(), { timeout: SYNC_TIMEOUT }).toBe(1);
    await fay.page.getByRole('article', { name: dotVote }).getByRole('button', { name: 'Close the vote and reveal' }).click();
    for (const page of room) {
      await expect
        .poll(() => page.getByRole('list', { name: 'Ranking' }).getByRole('listitem').allInnerTexts(), { timeout: SYNC_TIMEOUT })
        .toEqual([`${MERGED}: 3 dots`, `${OBJECTIVE_DRAFTS.cy[0]}: 2 dots`, `${OBJECTIVE_DRAFTS.ana[1]}: 1 dot`]);
    }
    await fay.page.getByRole('button', { name: 'Adopt the winner' }).click();
    for (const page of room) await page.getByRole('article', { name: `Objective: ${MERGED}` }).waitFor({ timeout: SYNC_TIMEOUT });
    await shot(ana.page, '4-dot-vote-closed-participant');

    // 5. Key results for the chosen objective, drafted privately, revealed and adopted in the same stage.
    await moveTo(fay.page, AGENDA[4], room);
    await expect.poll(() => fay.page.getByRole('combobox', { name: 'Key results for' }).evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe(MERGED);
    await fay.page.getByRole('button', { name: 'Open drafting' }).click();
    for (const [who, texts] of Object.entries(KR_DRAFTS)) for (const text of texts) await writeDraft(all[who as keyof typeof all], 'A new key result', text);
    // Cy writes none and still sees the notepad: drafting is open for everyone.
    await cy.page.getByRole('button', { name: 'Add draft' }).waitFor();
    // Every laptop holds the facilitator's latest change, written after the drafts: still nothing of them elsewhere.
    await fay.page.getByRole('button', { name: 'Start the timer' }).click();
    for (const page of room) await expect.poll(() => page.getByRole('timer').evaluate((el: HTMLElement) => el.dataset.running), { timeout: SYNC_TIMEOUT }).toBe('true');
    await expectPrivate(KR_DRAFTS, all);
    await fay.page.getByRole('button', { name: 'Reveal drafts' }).click();
    for (const page of room) {
      for (const texts of Object.values(KR_DRAFTS)) for (const text of texts) await page.getByRole('list', { name: 'Candidates' }).getByText(text).waitFor({ timeout: SYNC_TIMEOUT });
    }
    for (const text of [KR_DRAFTS.ana[0], KR_DRAFTS.ben[0]]) {
      await fay.page.getByRole('list', { name: 'Candidates' }).getByRole('listitem').filter({ hasText: text }).getByRole('button', { name: 'Adopt as key result' }).click();
    }
    for (const page of room) for (const text of [KR_DRAFTS.ana[0], KR_DRAFTS.ben[0]]) await page.getByRole('listitem', { name: `Key result: ${text}` }).waitFor({ timeout: SYNC_TIMEOUT });
    // An adopted lone draft still reads as its author's, not as a merge of one.
    const adopted = ben.page.getByRole('list', { name: 'Candidates' }).getByRole('listitem').filter({ hasText: KR_DRAFTS.ana[0] });
    await adopted.getByText('adopted as a key result', { exact: false }).waitFor({ timeout: SYNC_TIMEOUT });
    expect(await adopted.textContent()).toContain('Ana');
    expect(await adopted.textContent()).not.toContain('Merged from');
    await shot(ben.page, '5-key-results-revealed-participant');

    // 6. A secret confidence vote on one KR: all four vote; the close shows the distribution everywhere; Fay adopts the median.
    await moveTo(fay.page, AGENDA[5], room);
    await fay.page.getByRole('combobox', { name: 'Key result', exact: true }).selectOption({ label: CONFIDENCE_KR });
    await fay.page.getByRole('button', { name: 'Call a confidence vote' }).click();
    const confidence = `Confidence in “${CONFIDENCE_KR}”`;
    for (const page of room) await page.getByRole('article', { name: confidence }).waitFor({ timeout: SYNC_TIMEOUT });
    await shot(cy.page, '6-confidence-participant');
    const values: [Page, number][] = [
      [fay.page, 4],
      [ana.page, 4],
      [ben.page, 3],
      [cy.page, 5],
    ];
    for (const [page, value] of values) {
      const vote = page.getByRole('article', { name: confidence });
      await vote.getByRole('radio', { name: String(value), exact: true }).check();
      await vote.getByRole('button', { name: 'Commit my vote' }).click();
      await vote.getByText('Your vote is committed').waitFor();
    }
    await expect.poll(() => fay.page.getByRole('article', { name: confidence }).getByText(/^Voted \(4\)/).count(), { timeout: SYNC_TIMEOUT }).toBe(1);
    for (const page of room) expect(await page.getByRole('table', { name: 'Distribution of the votes' }).count()).toBe(0);
    await fay.page.getByRole('article', { name: confidence }).getByRole('button', { name: 'Close the vote and reveal' }).click();
    for (const page of room) {
      await page.getByRole('table', { name: 'Distribution of the votes' }).waitFor({ timeout: SYNC_TIMEOUT });
      await expect.poll(() => page.getByText('Median 4 of 4 votes.').count(), { timeout: SYNC_TIMEOUT }).toBe(1);
    }
    await fay.page.getByRole('button', { name: "Adopt the median as the key result's confidence" }).click();
    for (const page of room) await expect.poll(() => page.getByText("Adopted as the key result's confidence: 8 of 10.").count(), { timeout: SYNC_TIMEOUT }).toBe(1);
    await shot(ana.page, '6-confidence-closed-participant');
    await ana.page.emulateMedia({ colorScheme: 'dark' });
    await shot(ana.page, '6-confidence-closed-participant-dark');
    await ana.page.emulateMedia({ colorScheme: 'light' });

    // 7. Commit, then Fay ends the session; every participant reads the words.
    await moveTo(fay.page, AGENDA[6], room);
    await shot(cy.page, '7-commit-participant');
    await fay.page.getByRole('button', { name: 'End session…' }).click();
    await fay.page.getByRole('dialog', { name: 'End the session for everyone?' }).getByRole('button', { name: 'End session' }).click();
    for (const page of Object.values(participants)) await page.getByRole('alert').filter({ hasText: ENDED }).waitFor({ timeout: SYNC_TIMEOUT });
    // The session is over: no participant is offered to host a workshop of their own (the invite panel closed with it).
    for (const page of Object.values(participants)) expect(await page.getByRole('button', { name: 'Host workshop' }).count()).toBe(0);
    await shot(ben.page, '8-ended-participant');

    // 8. Fay exports the report, HTML and Markdown; it opens with the session's outcome.
    await fay.page.getByRole('button', { name: 'Export…' }).click();
    const dialog = fay.page.getByRole('dialog', { name: /^Export/ });
    await dialog.getByRole('checkbox', { name: /CSV/ }).uncheck();
    await dialog.getByRole('checkbox', { name: /Markdown/ }).check();
    const preview = fay.page.frameLocator('iframe[title="Report preview"]');
    await expect.poll(() => preview.locator('body').textContent(), { timeout: SYNC_TIMEOUT }).toContain('Session outcome');
    await shot(fay.page, '9-export');
    const downloads: Download[] = [];
    fay.page.on('download', (d) => downloads.push(d));
    await dialog.getByRole('button', { name: 'Save 2 formats' }).click();
    await expect.poll(() => downloads.length, { timeout: SYNC_TIMEOUT }).toBe(2);
    const read = async (suffix: string) => fs.readFileSync((await downloads.find((d) => d.suggestedFilename().endsWith(suffix))!.path())!, 'utf8');
    const html = await read('.html');
    const markdown = await read('.md');

    const window = new Window();
    const report = new window.DOMParser().parseFromString(html, 'text/html');
    // Page one: the session in brief (who came, what was agreed), then the summary; the outcome in full right after.
    const outcome = report.querySelector('section.outcome');
    expect(outcome).not.toBeNull();
    expect([...report.querySelectorAll('h2')].slice(0, 3).map((h) => h.textContent)).toEqual(['This session', 'Summary', 'Session outcome']);
    expect(report.querySelector('section.report-session-brief')!.textContent).toContain('Fay');
    expect(outcome!.textContent).toContain('Facilitated by Fay');
    const tables = [...outcome!.querySelectorAll('table')];
    const rowsOf = (table: (typeof tables)[number] | undefined) => [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
    const [attendance, agenda] = [rowsOf(tables[0]), rowsOf(tables[1])];
    expect(attendance.map((row) => row[0]).sort()).toEqual(['Ana', 'Ben', 'Cy', 'Fay']);
    for (const row of attendance) expect(row[1]).not.toBe('');
    // The agenda as run: every stage, in order, each with its start, end and the time it took.
    expect(agenda.map((row) => row[0])).toEqual([...AGENDA]);
    for (const row of agenda) {
      expect(row[1]).not.toBe('');
      expect(row[2]).not.toBe('');
      expect(row[3]).toMatch(/^\d+ min$|^\d+ h \d+ min$/);
    }
    for (const text of ['Session outcome', 'Fay', 'Ana', 'Ben', 'Cy', ...AGENDA]) expect(markdown).toContain(text);
    // The session produced an objective and its key results; the report shows them whatever the outcome holds.
    expect(html).toContain(MERGED);
    expect(html).toContain(KR_DRAFTS.ana[0]);

    // What the session produced: the revealed drafts with their authors, the cluster, both votes' results, what was adopted.
    const cells = [...outcome!.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()));
    const authors = { ana: 'Ana', ben: 'Ben', cy: 'Cy' } as const;
    for (const drafts of [OBJECTIVE_DRAFTS, KR_DRAFTS]) for (const [who, texts] of Object.entries(drafts)) for (const text of texts) expect(cells).toContainEqual([text, authors[who as keyof typeof authors]]);
    const said = (outcome!.textContent ?? '').replace(/\s+/g, ' ');
    // The cluster keeps both texts; their order follows the drafts' (random) ids, not the order they were picked in.
    expect([
      `${MERGED}, from “${OBJECTIVE_DRAFTS.ben[0]}”, “${OBJECTIVE_DRAFTS.ana[0]}”`,
      `${MERGED}, from “${OBJECTIVE_DRAFTS.ana[0]}”, “${OBJECTIVE_DRAFTS.ben[0]}”`,
    ].some((line) => said.includes(line))).toBe(true);
    expect(cells).toContainEqual(['1', `${MERGED} (adopted)`, '3']);
    expect(cells).toContainEqual(['2', OBJECTIVE_DRAFTS.cy[0], '2']);
    expect(cells).toContainEqual(['3', OBJECTIVE_DRAFTS.ana[1], '1']);
    expect(said).toMatch(/Median: 4\. Adopted: the median, as confidence 8\/10\./);
    for (const heading of ['Drafts revealed', 'Votes', 'Adopted']) expect(markdown).toContain(heading);
    for (const text of [MERGED, OBJECTIVE_DRAFTS.cy[0], KR_DRAFTS.ben[1], CONFIDENCE_KR]) expect(markdown).toContain(text);
    await window.happyDOM.close();

    expect([...fay.errors, ...ana.errors, ...ben.errors, ...cy.errors]).toEqual([]);
  }, 600_000);
});
