/**
 * Waits until `condition` holds, checking every `intervalMs`, and fails with
 * what was awaited once `timeoutMs` has passed. The one polling wait for tests
 * whose condition is a plain read (processes and browsers have their own).
 */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000, intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
