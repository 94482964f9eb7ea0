import { BadInput } from './errors';

/*
 * What the long-running commands (`cairn signal`, `cairn relay`) share: the
 * port they are given, the listening errors a user can fix, and running until
 * Ctrl+C or SIGTERM.
 */

/** A `--port` value; `fallback` when none was given. */
export function parsePort(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || port > 65_535) throw new BadInput(`--port must be a number from 0 to 65535, not "${String(value)}"`);
  return port;
}

/** The error of starting to listen, as one line the user can act on when it is theirs to fix. */
export function listeningFailure(error: unknown, host: string, port: number): unknown {
  const failure = error as NodeJS.ErrnoException;
  if (failure.code === 'EADDRINUSE') return new BadInput(`port ${port} is already in use; choose another with --port`);
  if (failure.code === 'EADDRNOTAVAIL' || failure.code === 'ENOTFOUND') return new BadInput(`cannot listen on ${host}: no such address on this machine`);
  if (failure.code === 'ENOENT') return new BadInput(`cannot read ${failure.path ?? 'a file'}: no such file`);
  return error;
}

/** Resolves on Ctrl+C or SIGTERM. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
