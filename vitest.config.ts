// Three lanes (README "Testing"): unit tests import app code and nothing else; integration
// tests get a database of their own per file, and the few that start the real server get
// the production build in build-test/; browser tests drive Chromium against that server.
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

/** What the integration and browser tests share: a migrated template database that each file copies. */
const withDatabase = {
  globalSetup: ["tests/helpers/global-setup.ts"],
  setupFiles: ["tests/helpers/per-file-database.ts"],
};

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    pool: "forks",
    // One worker per core of this 2-core machine: a third kept the cores busier but made
    // the heaviest files (servers under hundreds of requests) time out under load.
    maxWorkers: 2,
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // expect.poll waits for what a browser or a server does next; its 1 s default fails a
    // test on a busy machine without anything being wrong.
    expect: { poll: { timeout: 30_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          // A unit test that reached for the database by mistake gets a throwaway one, never ./data.
          env: { DATABASE_PATH: ":memory:" },
        },
      },
      // Many integration tests start a server process and push hundreds of requests through
      // it; on a busy 2-core machine one can take a minute without anything being wrong.
      { extends: true, test: { name: "integration", include: ["tests/integration/**/*.test.{ts,tsx}"], ...withDatabase, testTimeout: 120_000 } },
      // A browser step on a busy 2-core machine can take seconds.
      { extends: true, test: { name: "e2e", include: ["tests/e2e/**/*.test.{ts,tsx}"], ...withDatabase, testTimeout: 180_000 } },
    ],
  },
});
