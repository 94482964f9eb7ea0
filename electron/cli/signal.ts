import { startSignalingServer } from '../server/signalingServer';
import { signalingUrlsFor } from '../server/lanAddresses';
import type { CliCommand } from './command';
import { BadInput, EXIT_OK } from './errors';

/** A `--port` value; `fallback` when none was given. */
export function parsePort(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || port > 65_535) throw new BadInput(`--port must be a number from 0 to 65535, not "${String(value)}"`);
  return port;
}

/** `cairn signal`: the LAN signaling server, on any machine, until stopped. */
export const signalCommand: CliCommand = {
  name: 'signal',
  usage: 'cairn signal [--host H] [--port P]',
  summary: 'run a LAN signaling server for workshops (y-webrtc protocol) until stopped',
  options: { host: { type: 'string' }, port: { type: 'string' } },
  async run(_positionals, values, io) {
    const host = typeof values.host === 'string' ? values.host : '0.0.0.0';
    const port = parsePort(values.port, 4444);
    let server;
    try {
      server = await startSignalingServer({ host, port });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new BadInput(`port ${port} is already in use; choose another with --port`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new BadInput(`cannot listen on ${host}: no such address on this machine`);
      throw error;
    }
    io.stdout(`Cairn signaling server listening on ${signalingUrlsFor(host, server.port).join(', ')}\nStop it with Ctrl+C.\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return EXIT_OK;
  },
};
