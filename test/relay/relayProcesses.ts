import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/*
 * Real components for the multi-instance tests: `cairn relay` as a process of
 * its own (so it can be killed as in a crash) and Debian's redis-server.
 */

const repo = path.resolve(__dirname, '..', '..');
export const REDIS_SERVER = '/usr/bin/redis-server';

export interface Running {
  port: number;
  /** SIGTERM, a normal stop; resolves once the process is gone. */
  stop(): Promise<void>;
  /** SIGKILL, a crash; resolves once the process is gone. */
  kill(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once `child` printed `ready` (stdout or stderr); fails, killing it, after 30 s or if it exits. */
async function whenReady(child: ChildProcess, ready: RegExp, what: string): Promise<RegExpMatchArray> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start: ${output}`));
    }, 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}): ${output}`));
    });
  });
}

function running(child: ChildProcess, port: number): Running {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { port, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}

export const redisAvailable = (): boolean => fs.existsSync(REDIS_SERVER);

/** A throwaway redis-server on a free loopback port, keeping nothing on disk. */
export async function startRedis(): Promise<Running & { url: string }> {
  const port = await freePort();
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await whenReady(child, /Ready to accept connections/, 'redis-server');
  return { ...running(child, port), url: `redis://127.0.0.1:${port}` };
}

/** `cairn relay` on loopback; `port` 0 picks a free one (pass the same port to restart it where its clients look). */
export async function startRelayProcess(options: { dataDir: string; redisUrl?: string; port?: number }): Promise<Running & { url: string }> {
  const args = ['--import', 'tsx', path.join(repo, 'electron', 'cli', 'main.ts'), 'relay', '--host', '127.0.0.1', '--port', String(options.port ?? 0), '--data', options.dataDir];
  if (options.redisUrl) args.push('--redis', options.redisUrl);
  const child = spawn(process.execPath, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  const match = await whenReady(child, /listening on ws:\/\/127\.0\.0\.1:(\d+)/, 'cairn relay');
  const port = Number(match[1]);
  return { ...running(child, port), url: `ws://127.0.0.1:${port}` };
}
