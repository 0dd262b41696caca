// The argon2 cost of password hashes: OWASP's minimum profile everywhere but in the test
// suite, which may use the least argon2 allows (NODE_ENV=test, set by vitest) because it
// signs up hundreds of accounts.
import { describe, expect, it } from "vitest";
import { hashPassword, passwordHashing, passwordMatches } from "~/services/auth.server";

const OWASP_MINIMUM = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

async function withNodeEnv<T>(value: string | undefined, run: () => Promise<T>): Promise<T> {
  // Typed as the three modes React knows; here it is what a deployment may set, or nothing.
  const env = process.env as Record<string, string | undefined>;
  const saved = env.NODE_ENV;
  if (value === undefined) delete env.NODE_ENV;
  else env.NODE_ENV = value;
  try {
    return await run();
  } finally {
    env.NODE_ENV = saved;
  }
}

describe("password hashing", () => {
  it("uses the production cost whenever NODE_ENV is not exactly test", () => {
    for (const nodeEnv of ["production", "development", undefined, "", "TEST", "test ", "testing"]) {
      expect(passwordHashing(nodeEnv), String(nodeEnv)).toEqual(OWASP_MINIMUM);
    }
  });

  it("makes production-cost argon2id hashes in production and with NODE_ENV unset", async () => {
    for (const nodeEnv of ["production", undefined]) {
      const hash = await withNodeEnv(nodeEnv, () => hashPassword("correct horse battery staple"));
      expect(hash, String(nodeEnv)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await passwordMatches(hash, "correct horse battery staple")).toBe(true);
    }
  });

  it("costs less under NODE_ENV=test, and such hashes still verify", async () => {
    const hash = await withNodeEnv("test", () => hashPassword("correct horse battery staple"));
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=8,t=1,p=1\$/);
    expect(await passwordMatches(hash, "correct horse battery staple")).toBe(true);
    expect(await passwordMatches(hash, "wrong")).toBe(false);
  });
});
