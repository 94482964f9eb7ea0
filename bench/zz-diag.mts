import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { startWebServer } from '../electron/webServer';
import { workspaceToFile } from '../shared/format/workspaceFile';
import { chromiumPath } from '../test/e2e/harness';
import { generateWorkspace } from '../bench/generate';
const g = generateWorkspace(200, 1000, 20000);
await writeFile('/tmp/bench.cairn', workspaceToFile(g.doc, 'x', 1));
const server = await startWebServer({ root: path.resolve('dist/renderer'), port: 0 });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await (await browser.newContext({ bypassCSP: true })).newPage();
await page.goto(server.url);
const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open or import a .cairn file…' }).click()]);
await chooser.setFiles('/tmp/bench.cairn');
await page.getByRole('article').first().waitFor({ timeout: 120000 });
for (let i = 0; i < 3; i++) {
  await page.reload();
  await page.waitForFunction("performance.getEntriesByName('cairn:workspace-usable').length > 0", undefined, { timeout: 120000 });
  console.log(await page.evaluate(`(() => performance.getEntriesByType('mark').map(m => m.name + ' ' + Math.round(m.startTime)).join(' | '))()`));
}
await page.addScriptTag({ path: '/tmp/floor.js' });
console.log(await page.evaluate(`new Promise((resolve) => { const r = indexedDB.open('cairn-workspace-benchWorkspace01'); r.onsuccess = () => { const db = r.result; const tx = db.transaction('updates'); const g = tx.objectStore('updates').getAll(); g.onsuccess = () => { const t = performance.now(); let ms = 0; for (const u of g.result) { ms += window.cairnBenchApplyUpdate(btoa(String.fromCharCode.apply(null, Array.from(u.subarray(0, 10))))); } resolve(performance.now() - t); }; }; })`));
console.log(await page.evaluate(`new Promise((resolve) => { const t = performance.now(); const r = indexedDB.open('cairn-workspace-benchWorkspace01'); r.onsuccess = () => { const db = r.result; const tx = db.transaction('updates'); const g = tx.objectStore('updates').getAll(); g.onsuccess = () => resolve({ rows: g.result.length, sizes: g.result.map(x => x.length), ms: performance.now() - t }); }; })`));
await browser.close(); await server.close();
