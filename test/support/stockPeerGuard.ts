/*
 * Test support, for processes that run a stock y-webrtc provider (the
 * interop and intruder peers). Cairn's own provider never lets a peer's
 * message reject unhandled, so the product needs no such guard; a stock
 * y-webrtc provider in a test peer still does, and it must not be ended by
 * what other peers send. y-webrtc handles
 * signaling messages in promises nobody catches, and two kinds of rejection
 * come from the room rather than from us: a peer with another workshop code
 * (its messages cannot be decrypted), and y-webrtc's own race when an answer
 * arrives for a connection it already dropped ("Cannot set properties of
 * undefined (setting 'glareToken')"). A browser logs these and goes on; Node
 * would exit. Both are counted and reported, anything else still ends the process.
 */

export interface PeerGuardCounts {
  undecryptable: number;
  signalingRaces: number;
}

function isUndecryptable(reason: unknown): boolean {
  const text = reason instanceof Error ? `${reason.name} ${reason.message} ${String((reason as { cause?: unknown }).cause)}` : String(reason);
  return /operation-specific reason|Cipher job failed|OperationError/i.test(text);
}

function isSignalingRace(reason: unknown): boolean {
  return reason instanceof TypeError && /glareToken/.test(reason.message) && /y-webrtc/.test(reason.stack ?? '');
}

export function guardPeerProcess(report: (line: string) => void = () => undefined): PeerGuardCounts {
  const counts: PeerGuardCounts = { undecryptable: 0, signalingRaces: 0 };
  process.on('unhandledRejection', (reason) => {
    if (isUndecryptable(reason)) {
      counts.undecryptable++;
      report('ignored a message from a peer with another workshop code');
    } else if (isSignalingRace(reason)) {
      counts.signalingRaces++;
    } else throw reason;
  });
  return counts;
}
