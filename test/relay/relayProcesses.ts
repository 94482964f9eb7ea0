import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { cairnCommand, whenStarted, type ServiceProcess } from '../support/serviceProcess';

/*
 * Real components for the multi-instance tests and the relay bench: `cairn
 * relay` as a process of its own (so it can be killed as in a crash) and
 * Debian's redis-server.
 */

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface Running extends ServiceProcess {
  port: number;
  url: string;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const redisAvailable = (): boolean => fs.existsSync(REDIS_SERVER);

/** A throwaway redis-server on a free loopback port, keeping nothing on disk. */
export async function startRedis(): Promise<Running> {
  const port = await freePort();
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const started = await whenStarted(child, /Ready to accept connections/, 'redis-server');
  return { ...started, port, url: `redis://127.0.0.1:${port}` };
}

export interface RelayProcessOptions {
  dataDir: string;
  redisUrl?: string;
  /** 0 (the default) picks a free one; pass the same port to restart it where its clients look. */
  port?: number;
  /** More of `cairn relay`'s options (--trust-proxy, limits). */
  extraArgs?: readonly string[];
  /** The sources through tsx (tests), or the built CLI (the bench). */
  from?: 'sources' | 'build';
}

/** `cairn relay` on loopback, resolved once it listens. */
export async function startRelayProcess(options: RelayProcessOptions): Promise<Running> {
  const relayArgs = ['relay', '--host', '127.0.0.1', '--port', String(options.port ?? 0), '--data', options.dataDir, ...(options.extraArgs ?? [])];
  if (options.redisUrl) relayArgs.push('--redis', options.redisUrl);
  const { command, args, cwd } = cairnCommand(relayArgs, options.from);
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const started = await whenStarted(child, /listening on ws:\/\/127\.0\.0\.1:(\d+)/, 'cairn relay');
  const port = Number(started.ready[1]);
  return { ...started, port, url: `ws://127.0.0.1:${port}` };
}
