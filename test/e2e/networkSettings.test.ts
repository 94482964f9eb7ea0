import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('network settings for workshops', () => {
  it('explains a mistake, saves nothing until fixed, and keeps the saved servers after a reload', async () => {
    const { page, errors } = await harness.newPage();
    const openSettings = async () => {
      const settings = page.getByRole('region', { name: 'Join a workshop' }).getByRole('group', { name: 'Network settings' });
      await settings.getByText('Network settings', { exact: true }).click();
      return settings;
    };
    let settings = await openSettings();
    // The relay is not here (it is per workspace, a device secret per workspace): the settings say where it is.
    await expect.poll(() => settings.textContent()).toContain('Share… → Relay');
    const signaling = settings.getByRole('textbox', { name: 'Extra signaling servers' });
    const iceServers = settings.getByRole('textbox', { name: 'STUN/TURN servers' });

    await signaling.fill('wss://signal.example.org');
    await iceServers.fill('stun:stun.example.org:3478\nturn:turn.example.org:3478');
    await settings.getByRole('button', { name: 'Save network settings' }).click();
    await expect.poll(() => settings.getByRole('alert').textContent()).toBe(
      'STUN/TURN servers: Line 2: a TURN server needs a username and a credential after its address.',
    );
    expect(await page.evaluate(() => localStorage.getItem('cairn.network.v1'))).toBeNull();

    await iceServers.fill('stun:stun.example.org:3478\nturn:turn.example.org:3478 ana s3cret');
    await settings.getByRole('button', { name: 'Save network settings' }).click();
    await expect.poll(() => settings.getByRole('status').textContent()).toBe('Saved. Used from the next connection.');
    expect(await settings.getByRole('alert').count()).toBe(0);

    await page.reload();
    settings = await openSettings();
    await expect.poll(() => settings.getByRole('textbox', { name: 'Extra signaling servers' }).inputValue()).toBe('wss://signal.example.org');
    await expect.poll(() => settings.getByRole('textbox', { name: 'STUN/TURN servers' }).inputValue()).toBe(
      'stun:stun.example.org:3478\nturn:turn.example.org:3478 ana s3cret',
    );
    expect(errors).toEqual([]);
  });
});
