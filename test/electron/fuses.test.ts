import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Electron fuses are flipped at packaging by build/fuses.cjs, the afterPack
 * hook build/electron-builder.yml names (electron-builder 25 has no
 * `electronFuses` option). The names and numbers below are @electron/fuses
 * 1.8.0's FuseVersion and FuseV1Options.
 */

const root = path.resolve(__dirname, '..', '..');
const FUSES_1_8 = {
  FuseVersion: { V1: '1' },
  FuseV1Options: {
    RunAsNode: 0,
    EnableCookieEncryption: 1,
    EnableNodeOptionsEnvironmentVariable: 2,
    EnableNodeCliInspectArguments: 3,
    EnableEmbeddedAsarIntegrityValidation: 4,
    OnlyLoadAppFromAsar: 5,
    LoadBrowserProcessSpecificV8Snapshot: 6,
    GrantFileProtocolExtraPrivileges: 7,
  },
};

interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName: string };
}
interface FusesHook {
  default: (context: PackContext, fuses: unknown) => Promise<void>;
}

/** The top-level `key: value` lines of the packaging configuration. */
function builderSetting(key: string): string | undefined {
  const text = fs.readFileSync(path.join(root, 'build', 'electron-builder.yml'), 'utf8');
  return new RegExp(`^${key}:\\s*(.+?)\\s*$`, 'm').exec(text)?.[1];
}

async function flipsFor(context: PackContext) {
  const calls: { binary: string; options: Record<string, unknown> }[] = [];
  const hook = createRequire(__filename)(path.join(root, builderSetting('afterPack')!)) as FusesHook;
  await hook.default(context, {
    ...FUSES_1_8,
    flipFuses: async (binary: string, options: Record<string, unknown>) => void calls.push({ binary, options }),
  });
  return calls;
}

const linux: PackContext = { appOutDir: '/out/linux-unpacked', electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'Cairn' }, executableName: 'cairn' } };

describe('Electron fuses at packaging', () => {
  it('packs the app into an asar and runs the fuses hook after packing', () => {
    expect(builderSetting('asar')).toBe('true');
    expect(builderSetting('afterPack')).toBe('build/fuses.cjs');
  });

  it('turns off running as Node, NODE_OPTIONS and --inspect, and loads only the integrity-checked asar', async () => {
    const [call] = await flipsFor(linux);

    expect(call).toEqual({
      binary: '/out/linux-unpacked/cairn',
      options: {
        version: '1',
        [FUSES_1_8.FuseV1Options.RunAsNode]: false,
        [FUSES_1_8.FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
        [FUSES_1_8.FuseV1Options.EnableNodeCliInspectArguments]: false,
        [FUSES_1_8.FuseV1Options.OnlyLoadAppFromAsar]: true,
        [FUSES_1_8.FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
        resetAdHocDarwinSignature: false,
      },
    });
  });

  it('flips the Windows executable and the macOS app bundle, re-signing arm64 bundles ad hoc', async () => {
    const [windows] = await flipsFor({ ...linux, appOutDir: 'C:/out/win-unpacked', electronPlatformName: 'win32' });
    const [mac] = await flipsFor({ ...linux, appOutDir: '/out/mac-arm64', electronPlatformName: 'darwin', arch: 3 });

    expect(windows!.binary).toBe('C:/out/win-unpacked/Cairn.exe');
    expect(mac!.binary).toBe('/out/mac-arm64/Cairn.app');
    expect(mac!.options.resetAdHocDarwinSignature).toBe(true);
  });
});
