import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness, PageOptions } from './harness';
import { createWorkspace } from './flows';

/*
 * A facilitated workshop, the way people run it (docs/workshop.md, "Session"):
 * the facilitator creates a workshop-kind workspace and hosts it, the others
 * join from the invite link, and the facilitator walks the agenda. The stage
 * areas (drafting, reveal, votes) show only for the current stage.
 */

/** Time for a change to reach every laptop of the room: four Chromium contexts share 2 cores. */
export const SYNC_TIMEOUT = 60_000;

export type Person = Awaited<ReturnType<Harness['newPage']>>;

/** The facilitator's laptop: a new workshop-kind workspace, hosted; returns the invite link. */
export async function hostWorkshop(page: Page, title: string, facilitator: string): Promise<string> {
  await page.getByLabel('Workspace name').fill(title);
  await page.getByLabel('Kind').selectOption('workshop');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('textbox', { name: 'Workspace name' }).waitFor();
  // A new workshop opens with its invite panel.
  await page.getByRole('button', { name: 'Host workshop' }).click();
  const link = await page.getByLabel('Invite link').inputValue();
  await page.getByRole('heading', { name: `Facilitated by ${facilitator}` }).waitFor({ timeout: 30_000 });
  return link;
}

/**
 * A team workspace of Ana's, built by `build` (objectives, KRs), then shared:
 * hosted as a workshop from the Share… panel; returns the invite link.
 */
export async function hostTeamWorkspace(page: Page, title: string, build: (page: Page) => Promise<void>): Promise<string> {
  await createWorkspace(page, title, 'Ana');
  await build(page);
  await page.getByRole('button', { name: 'Share…' }).click();
  await page.getByRole('button', { name: 'Host workshop' }).click();
  return page.getByLabel('Invite link').inputValue();
}

/** A participant's laptop joined from the invite link, once it shows the objective `sees` (the workspace arrived). */
export async function joinAndSee(harness: Harness, link: string, name: string, sees: string, options: PageOptions = {}): Promise<Person> {
  const person = await joinWorkshop(harness, link, name, options);
  await person.page.getByRole('article', { name: `Objective: ${sees}` }).waitFor({ timeout: 30_000 });
  return person;
}

/** A participant's laptop: opened on the invite link, joined. */
export async function joinWorkshop(harness: Harness, link: string, name: string, options: PageOptions = {}): Promise<Person> {
  const person = await harness.newPage({ name, ...options });
  await person.page.goto(link);
  await person.page.getByRole('button', { name: 'Join workshop' }).click();
  return person;
}

/** Waits until the facilitator's laptop is in sync with `peers` others. */
export async function waitForPeers(page: Page, peers: number): Promise<void> {
  await expect.poll(() => page.getByRole('status', { name: new RegExp(`^Workshop: In sync with ${peers} peers\\b`) }).count(), { timeout: SYNC_TIMEOUT }).toBe(1);
}

/** The facilitator moves to the next stage (or starts the first); every page of the room shows its title. */
export async function moveTo(facilitator: Page, title: string, room: readonly Page[]): Promise<void> {
  const next = facilitator.getByRole('button', { name: /^(Next stage|Start the first stage)$/ });
  await next.click();
  for (const page of room) await page.getByRole('heading', { name: title, exact: true }).waitFor({ timeout: SYNC_TIMEOUT });
}

/** Every value of every IndexedDB database of the page whose name starts with cairn-workspace-, as text. */
export function workspaceStorageText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const { name } of await indexedDB.databases()) {
      if (!name?.startsWith('cairn-workspace-')) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        for (const value of values) out.push(value instanceof Uint8Array ? new TextDecoder().decode(value) : JSON.stringify(value));
      }
      db.close();
    }
    return out.join('\n');
  });
}

/** A private draft written in the current drafting stage. */
export async function writeDraft(page: Page, label: 'A new objective' | 'A new key result', text: string): Promise<void> {
  await page.getByText('Only you can see these until the facilitator reveals them.', { exact: false }).waitFor({ timeout: SYNC_TIMEOUT });
  await page.getByLabel(label).fill(text);
  await page.getByRole('button', { name: 'Add draft' }).click();
  await expect.poll(() => page.getByRole('list', { name: 'Your private drafts' }).getByRole('textbox', { name: 'Your draft' }).evaluateAll((els, t) => els.some((el) => (el as HTMLTextAreaElement).value === t), text)).toBe(true);
}
