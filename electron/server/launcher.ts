import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_WEB_HOST, startWebServer, webPortFromEnv, type WebServer, type WebServerOptions } from './webServer';

/*
 * `npm start`: Electron when this machine has it, otherwise (or with --web)
 * the same app in the browser. Electron is an optional dependency whose
 * binary an offline install cannot download, so its absence is normal.
 */

export const NO_ELECTRON_MESSAGE =
  'Electron is not available on this machine (offline install or unsupported platform); starting Cairn in browser mode instead.';

/** The Electron executable, or null. The `electron` package exports its path, or throws when the download failed. */
export function findElectronBinary(load: () => unknown, exists: (file: string) => boolean = fs.existsSync): string | null {
  try {
    const binary = load();
    return typeof binary === 'string' && binary !== '' && exists(binary) ? binary : null;
  } catch {
    return null;
  }
}

export interface LaunchDependencies {
  /** The folder with package.json, whose `main` is the Electron entry. */
  appDir: string;
  env: NodeJS.ProcessEnv;
  findElectron: () => string | null;
  spawnElectron: (binary: string, args: string[]) => ChildProcess;
  startWebServer: (options: WebServerOptions) => Promise<WebServer>;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Resolves with an exit code, or with the web server while browser mode keeps serving. */
export async function launch(argv: string[], deps: LaunchDependencies): Promise<number | WebServer> {
  const web = argv.includes('--web');
  const passOn = argv.filter((arg) => arg !== '--web');
  if (!web) {
    const binary = deps.findElectron();
    if (binary) {
      const code = await runElectron(deps, binary, passOn);
      if (code !== 'failed-to-start') return code;
    }
    deps.out(NO_ELECTRON_MESSAGE);
  }
  return serveBrowserMode(deps);
}

function runElectron(deps: LaunchDependencies, binary: string, args: string[]): Promise<number | 'failed-to-start'> {
  return new Promise((resolve) => {
    const child = deps.spawnElectron(binary, [deps.appDir, ...args]);
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = (result: number | 'failed-to-start') => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(result);
    };
    // 'error' means the binary could not be executed at all (wrong platform, missing libraries).
    child.once('error', () => done('failed-to-start'));
    child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

async function serveBrowserMode(deps: LaunchDependencies): Promise<number | WebServer> {
  const root = path.join(deps.appDir, 'dist', 'renderer');
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    deps.err('cairn: the app is not built yet; run `npm run build` first (or use `npm start`, which builds it).');
    return 1;
  }
  let port: number;
  try {
    port = webPortFromEnv(deps.env);
  } catch (error) {
    deps.err(`cairn: ${(error as Error).message}`);
    return 2;
  }
  try {
    // HOST=0.0.0.0 lets teammates on the LAN open this Cairn and join its workshops.
    const host = deps.env.HOST?.trim() || DEFAULT_WEB_HOST;
    const server = await deps.startWebServer({ root, host, port });
    deps.out(`Cairn is running in browser mode at ${server.url}`);
    return server;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      deps.err(`cairn: port ${port} is already in use (is Cairn already running?); free it or choose another, e.g. PORT=${port + 1} npm run web`);
    } else if (code === 'EACCES') {
      deps.err(`cairn: not allowed to listen on port ${port}; choose another with PORT=...`);
    } else {
      deps.err(`cairn: could not start the web server: ${(error as Error).message}`);
    }
    return 1;
  }
}

export function defaultLaunchDependencies(appDir: string): LaunchDependencies {
  return {
    appDir,
    env: process.env,
    // From plain Node, the `electron` package exports the path of its binary (or throws when
    // the binary was never downloaded); it is external to the bundle, so this stays a runtime require.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    findElectron: () => findElectronBinary(() => require('electron') as unknown),
    spawnElectron: (binary, args) => {
      const env = { ...process.env };
      delete env.ELECTRON_RUN_AS_NODE; // set, it would run main.cjs as plain Node
      return spawn(binary, args, { stdio: 'inherit', env });
    },
    startWebServer,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
}
