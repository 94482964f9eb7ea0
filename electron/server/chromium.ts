import fs from 'node:fs';
import path from 'node:path';

/*
 * Browser mode prints PDFs with this machine's Chromium (Electron is absent
 * there by definition). Debian installs it as /usr/bin/chromium; CHROMIUM_PATH
 * names another one. Nothing is downloaded: without Chromium, browser mode
 * says so and the export dialog falls back to the print dialog.
 */

const KNOWN_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const NAMES_ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export const NO_CHROMIUM_REASON = 'no Chromium was found on this machine (install Debian chromium, or set CHROMIUM_PATH)';

/** The Chromium executable to print with, or null. */
export function findChromium(env: NodeJS.ProcessEnv, isFile: (file: string) => boolean = isExecutableFile): string | null {
  const named = env.CHROMIUM_PATH?.trim();
  // A path the person named and that is not there is their mistake to see, not a reason to print with another browser.
  if (named) return isFile(named) ? named : null;
  for (const candidate of KNOWN_PATHS) if (isFile(candidate)) return candidate;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of NAMES_ON_PATH) {
      const candidate = path.join(dir, name);
      if (isFile(candidate)) return candidate;
    }
  }
  return null;
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
