import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/{unit,integration,e2e}/**/*.test.{ts,tsx}"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    setupFiles: ["tests/helpers/per-file-database.ts"],
    pool: "forks",
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
