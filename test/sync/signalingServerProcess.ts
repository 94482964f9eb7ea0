/*
 * Cairn's signaling server alone in its own Node process, so that the abuse
 * tests measure it from outside: its resident memory as the kernel counts it,
 * and its event loop not shared with the attackers or the honest peers.
 */
import fs from 'node:fs';
import { startSignalingServer, type SignalingLimits, type SignalingServer } from '../../electron/server/signalingServer';
import { exitAfterAnswer, serveCommands } from '../support/servePeerCommands';

export type SignalingServerCommand = { type: 'start'; limits?: Partial<SignalingLimits> } | { type: 'stats' } | { type: 'exit' };

let server: SignalingServer | null = null;

/** Resident set size in bytes, as /proc reports it (what the machine actually gives this process). */
function residentBytes(): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : process.memoryUsage().rss;
}

async function handle(command: SignalingServerCommand): Promise<unknown> {
  switch (command.type) {
    case 'start':
      server = await startSignalingServer({ host: '0.0.0.0', port: 0, limits: command.limits });
      return { port: server.port, pid: process.pid };
    case 'stats':
      return { rss: residentBytes(), ...server?.hub.stats() };
    case 'exit':
      await server?.close();
      return exitAfterAnswer(20);
  }
}

serveCommands(handle);
// Gone with the test (or bench) that started it, even when that one crashed or timed out.
process.on('disconnect', () => process.exit(0));
