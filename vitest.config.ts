import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/electron/**/*.test.ts', 'test/cli/**/*.test.ts'],
          environment: 'node',
          // Seeded randomized and WebCrypto suites take seconds; with e2e and sync loading both cores a 5 s
          // default timed out tests that pass. A wrong result still fails; a slow one is not a defect here.
          testTimeout: 30_000,
          // Stated, not left to the machine's core count: the e2e project shares this group and must match.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'sync',
          include: ['test/sync/**/*.test.ts'],
          environment: 'node',
          // Real WebRTC peers in separate processes: one suite at a time, or two suites' peers starve each other on two cores.
          fileParallelism: false,
          // Peers are separate processes on a 2-core machine that e2e and unit suites load too: a starved
          // process can miss a truth deadline that holds alone. A second try, not a longer wait: a real
          // failure still fails twice.
          retry: 1,
        },
      },
      {
        test: {
          name: 'relay',
          include: ['test/relay/**/*.test.ts'],
          environment: 'node',
          // Real relays (some in processes of their own) and a real redis-server on loopback: one suite at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // `npm run soak` (CAIRN_SOAK=1): 20,000 seeded randomized sessions (test/support/randomSession.ts); not part of `npm test`.
      ...(process.env.CAIRN_SOAK ? [{ test: { name: 'soak', include: ['test/soak/**/*.test.ts'], environment: 'node' as const } }] : []),
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A loaded 2-core CI machine can take seconds to re-render; wait, do not fail.
          expect: { poll: { timeout: 15_000, interval: 50 } },
          // Two files at a time, beside the unit suites (same group, same worker count): each file has its
          // own server on a free port, browser and temp files, and no e2e test asserts on timing. Run one
          // at a time, the e2e files alone took 500 s of `npm test`'s 900.
          maxWorkers: 2,
        },
      },
    ],
  },
});
