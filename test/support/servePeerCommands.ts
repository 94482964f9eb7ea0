/*
 * The child's side of how tests and benchmarks drive a peer in its own Node
 * process over IPC: each request `{ id, command }` is answered `{ id, result }`
 * or `{ id, error }` (the error as text: an Error does not cross IPC), and
 * `{ ready: true }` says the process is listening. One loop for every such
 * process (test/sync/*Process.ts, bench/syncPeer.ts), so the protocol the
 * drivers speak cannot drift between them.
 */

/**
 * Answers each command the parent sends with what `handle` resolves to (or
 * its failure), then tells the parent it is ready, with `ready`'s fields
 * added (e.g. the pid a driver reads CPU time from).
 */
export function serveCommands<Command>(handle: (command: Command) => Promise<unknown>, ready: Record<string, number | string> = {}): void {
  process.on('message', (message: { id: number; command: Command }) => {
    handle(message.command).then(
      (result) => process.send?.({ id: message.id, result }),
      (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
    );
  });
  process.send?.({ ...ready, ready: true });
}

/** For an `exit` command: the answer, and the process ends once it has had time to reach the parent. */
export function exitAfterAnswer(delayMs = 50): { ok: true } {
  setTimeout(() => process.exit(0), delayMs);
  return { ok: true };
}
