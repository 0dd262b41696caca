// A stand-in for @node-rs/argon2 that counts. Imports nothing of the app's: vi.mock's
// factory loads it while the app's modules are still being mocked.
export type Argon2Calls = { hash: number; verify: number };

/**
 * A stand-in for @node-rs/argon2 that counts the hashes and verifications it does (and
 * does them). Account probing is prevented by doing the same argon2 work on every path,
 * which a test can assert exactly; timing it would fail on a busy machine.
 *   const argon2Calls = vi.hoisted(() => ({ hash: 0, verify: 0 }));
 *   vi.mock("@node-rs/argon2", async (original) => (await import("../helpers/argon2-counter")).countingArgon2(original, argon2Calls));
 */
export async function countingArgon2(importOriginal: () => Promise<unknown>, calls: Argon2Calls) {
  const real = (await importOriginal()) as typeof import("@node-rs/argon2");
  return {
    ...real,
    hash: (...args: Parameters<typeof real.hash>) => {
      calls.hash += 1;
      return real.hash(...args);
    },
    verify: (...args: Parameters<typeof real.verify>) => {
      calls.verify += 1;
      return real.verify(...args);
    },
  };
}
