import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { addMetricKeyResult, addObjective } from './flows';
import { joinWorkshop, moveTo, SYNC_TIMEOUT, waitForPeers } from './workshopFlows';

/*
 * Votes between three laptops in Chromium (docs/workshop.md, "Votes"): Fay
 * calls a secret confidence vote, Ana and Ben vote privately, Fay's page
 * holds nothing of their values before the close (neither its DOM nor any of
 * its IndexedDB databases), the close reveals the distribution on all three,
 * Fay adopts the median; then a dot vote, ranked on all three. The votes are
 * reached through the agenda: Fay hosts, starts the session, moves the
 * confidence vote before the dot vote (so that no ballot was ever revealed
 * when the secrecy is checked) and walks the room to each vote's stage.
 */

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** Every value of every IndexedDB database of the page but its own device store (which keeps its own ballot), as text (binary Yjs updates as latin1). */
function allIndexedDbText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name || info.name === 'cairn-device') continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        for (const value of values) {
          if (value instanceof Uint8Array) out.push(Array.from(value, (b) => String.fromCharCode(b)).join(''));
          else {
            try {
              out.push(JSON.stringify(value));
            } catch {
              out.push(String(value));
            }
          }
        }
      }
      db.close();
    }
    return out.join('\n');
  });
}

/** The nonces this page's device store keeps for its ballots. */
function keptNonces(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('cairn-device');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const values = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction('items').objectStore('items').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return values.flatMap((v) => (v && typeof v === 'object' && 'nonce' in v && typeof v.nonce === 'string' ? [v.nonce] : []));
  });
}

describe('votes in a workshop of three laptops', () => {
  it('a secret confidence vote, then a dot vote', async () => {
    const fay = await harness.newPage({ name: 'Fay' });
    await fay.page.getByLabel('Workspace name').fill('Offsite');
    await fay.page.getByLabel('Kind').selectOption('workshop');
    await fay.page.getByRole('button', { name: 'Create workspace' }).click();
    await fay.page.getByRole('textbox', { name: 'Workspace name' }).waitFor();
    await addObjective(fay.page, 'Delight teams');
    await addMetricKeyResult(fay.page, 'Delight teams', { title: 'Weekly active teams', baseline: '10', target: '50', unit: 'teams' });
    const hostButton = fay.page.getByRole('button', { name: 'Host workshop' });
    if (!(await hostButton.isVisible())) await fay.page.getByRole('button', { name: 'Share…' }).click();
    await hostButton.click();
    const link = await fay.page.getByLabel('Invite link').inputValue();
    await fay.page.getByRole('heading', { name: 'Facilitated by Fay' }).waitFor({ timeout: SYNC_TIMEOUT });

    const ana = await joinWorkshop(harness, link, 'Ana');
    const ben = await joinWorkshop(harness, link, 'Ben');
    for (const peer of [ana, ben]) await peer.page.getByRole('article', { name: 'Objective: Delight teams' }).waitFor({ timeout: SYNC_TIMEOUT });
    await waitForPeers(fay.page, 2);
    const everyone = [fay.page, ana.page, ben.page];

    // The agenda: the confidence vote moved up before the dot vote, the drafting stages walked through.
    for (const expected of ['Confidence vote', 'Confidence vote']) {
      const before = await fay.page.getByRole('textbox', { name: /^Stage \d+ title$/ }).evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
      await fay.page.getByRole('button', { name: `Move up: ${expected}` }).click();
      await expect.poll(() => fay.page.getByRole('textbox', { name: /^Stage \d+ title$/ }).evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value).indexOf('Confidence vote'))).toBe(before.indexOf('Confidence vote') - 1);
    }
    for (const title of ['Context and north stars', 'Draft objectives privately', 'Reveal and cluster', 'Confidence vote']) await moveTo(fay.page, title, everyone);

    await fay.page.getByRole('button', { name: 'Call a confidence vote' }).click();
    const voteName = 'Confidence in “Weekly active teams”';
    for (const page of everyone) await page.getByRole('article', { name: voteName }).waitFor({ timeout: SYNC_TIMEOUT });

    const cast = async (page: Page, value: number) => {
      const vote = page.getByRole('article', { name: voteName });
      await vote.getByRole('radio', { name: String(value), exact: true }).check();
      await vote.getByRole('button', { name: 'Commit my vote' }).click();
      await vote.getByText('Your vote is committed').waitFor();
    };
    await cast(ana.page, 1);
    await cast(ben.page, 4);
    await cast(fay.page, 4);
    await expect.poll(() => fay.page.getByRole('article', { name: voteName }).getByText(/^Voted \(3\)/).count(), { timeout: SYNC_TIMEOUT }).toBe(1);

    // Before the close, Fay's laptop holds nothing of Ana's or Ben's vote: not in its DOM, not in any IndexedDB database.
    const secrets = [...(await keptNonces(ana.page)), ...(await keptNonces(ben.page))];
    expect(secrets).toHaveLength(2);
    const stored = await allIndexedDbText(fay.page);
    expect(stored).toContain('commitment'); // the tap reads the workspace's stored updates
    for (const nonce of secrets) expect(stored).not.toContain(nonce);
    expect(stored).not.toContain('"choice"');
    expect(stored).not.toMatch(/choice/);
    const dom = await fay.page.content();
    for (const nonce of secrets) expect(dom).not.toContain(nonce);
    expect(await fay.page.getByRole('table', { name: 'Distribution of the votes' }).count()).toBe(0);

    await fay.page.getByRole('button', { name: 'Close the vote and reveal' }).click();
    for (const page of everyone) {
      await expect.poll(() => page.getByText('Median 4 of 3 votes.').count(), { timeout: SYNC_TIMEOUT }).toBe(1);
      await expect.poll(() => page.getByText('1 person at 1, 2 at 4: talk about it').count()).toBe(1);
    }
    await fay.page.getByRole('button', { name: "Adopt the median as the key result's confidence" }).click();
    for (const page of everyone) await expect.poll(() => page.getByText("Adopted as the key result's confidence: 8 of 10.").count(), { timeout: SYNC_TIMEOUT }).toBe(1);

    for (const scheme of ['light', 'dark'] as const) {
      await fay.page.emulateMedia({ colorScheme: scheme });
      await fay.page.getByRole('article', { name: voteName }).screenshot({ path: `test-results/votes-confidence-${scheme}.png` }).catch(() => undefined);
    }
    await fay.page.emulateMedia({ colorScheme: 'light' });

    // A dot vote on the objective and its KR, two dots each, several on one allowed, in the next stage.
    await moveTo(fay.page, 'Dot vote', everyone);
    const open = fay.page.getByRole('group', { name: 'Open a dot vote' });
    await open.getByRole('checkbox', { name: /Delight teams/ }).check();
    await open.getByRole('checkbox', { name: /Weekly active teams/ }).check();
    await open.getByLabel('Dots per person').fill('2');
    await open.getByRole('button', { name: 'Open the dot vote' }).click();
    const dotVote = 'Dot vote on 2 candidates';
    for (const page of everyone) await page.getByRole('article', { name: dotVote }).waitFor({ timeout: SYNC_TIMEOUT });
    const place = async (page: Page, on: string[]) => {
      const vote = page.getByRole('article', { name: dotVote });
      for (const label of on) await vote.getByRole('button', { name: `Add a dot to ${label}` }).click();
      await vote.getByRole('button', { name: 'Commit my dots' }).click();
      await vote.getByText('Your vote is committed').waitFor();
    };
    await place(ana.page, ['Delight teams', 'Delight teams']);
    await place(ben.page, ['Weekly active teams']);
    await expect.poll(() => fay.page.getByRole('article', { name: dotVote }).getByText(/^Voted \(2\)/).count(), { timeout: SYNC_TIMEOUT }).toBe(1);
    await fay.page.getByRole('article', { name: dotVote }).getByRole('button', { name: 'Close the vote and reveal' }).click();
    for (const page of everyone) {
      const ranking = page.getByRole('list', { name: 'Ranking' });
      await expect.poll(() => ranking.getByRole('listitem').allInnerTexts(), { timeout: SYNC_TIMEOUT }).toEqual(['Delight teams: 2 dots', 'Weekly active teams: 1 dot']);
    }
    await fay.page.getByRole('button', { name: 'Adopt the winner' }).click();
    await expect.poll(() => ana.page.getByRole('list', { name: 'Ranking' }).getByRole('listitem').first().innerText(), { timeout: SYNC_TIMEOUT }).toBe('Delight teams: 2 dots adopted');
    await fay.page.screenshot({ path: 'test-results/votes-fay.png', fullPage: true }).catch(() => undefined);
    expect([...fay.errors, ...ana.errors, ...ben.errors]).toEqual([]);
  }, 240_000);
});
