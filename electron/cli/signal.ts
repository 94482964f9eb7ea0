import { startSignalingServer } from '../server/signalingServer';
import { signalingUrlsFor } from '../server/lanAddresses';
import type { CliCommand } from './command';
import { EXIT_OK } from './errors';
import { listeningFailure, parsePort, untilStopped } from './serving';

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
      throw listeningFailure(error, host, port);
    }
    io.stdout(`Cairn signaling server listening on ${signalingUrlsFor(host, server.port).join(', ')}\nStop it with Ctrl+C.\n`);
    await untilStopped();
    await server.close();
    return EXIT_OK;
  },
};
