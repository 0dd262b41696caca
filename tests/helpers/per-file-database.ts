// Each test file gets its own copy of the migrated template database, so files run
// in parallel without seeing each other's rows.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { closeDb } from "~/db/client.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-test-"));
const file = path.join(dir, "test.db");
fs.copyFileSync(inject("templateDatabase"), file);
process.env.DATABASE_PATH = file;
// What the server does at start (entry.server.tsx onServerStart). Imported once the test
// file has registered its mocks: a service imported here, before the file, would keep the
// real modules (account-probing counts argon2 work through vi.mock("@node-rs/argon2")).
beforeAll(async () => {
  const { loadLinkSecret } = await import("~/services/site.server");
  loadLinkSecret();
});
afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});
