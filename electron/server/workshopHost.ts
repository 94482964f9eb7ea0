import { signalingUrlsFor } from './lanAddresses';
import { startSignalingServer, type SignalingServer } from './signalingServer';

/** The port invites use by default; the next free one is taken when it is busy. */
export const DEFAULT_SIGNALING_PORT = 4444;

/**
 * The facilitator's signaling server, started on first use and kept for the
 * app's lifetime (peers reconnect to the same address after a restart of the
 * workshop, not of the app).
 */
export function createWorkshopHost(start: typeof startSignalingServer = startSignalingServer) {
  let server: Promise<SignalingServer> | null = null;
  const listen = async (): Promise<SignalingServer> => {
    for (let port = DEFAULT_SIGNALING_PORT; port < DEFAULT_SIGNALING_PORT + 20; port++) {
      try {
        return await start({ host: '0.0.0.0', port });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      }
    }
    return start({ host: '0.0.0.0', port: 0 });
  };
  return {
    async urls(): Promise<string[]> {
      server ??= listen().catch((error: unknown) => {
        server = null;
        throw error;
      });
      const running = await server;
      return signalingUrlsFor('0.0.0.0', running.port);
    },
    async close(): Promise<void> {
      const running = await server?.catch(() => null);
      server = null;
      await running?.close();
    },
  };
}
