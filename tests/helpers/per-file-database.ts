// Each test file gets its own copy of the migrated template database, so files run
// in parallel without seeing each other's rows.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "~/db/client.server";

const template = process.env.CLOSELOOP_TEMPLATE_DB;
if (template) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-test-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(template, file);
  process.env.DATABASE_PATH = file;
  // What the server does at start (entry.server.tsx onServerStart). Imported in a hook,
  // after the test file's vi.mock calls are in place: importing the services here would
  // load them (and, say, the real argon2) before a test could mock what they use.
  beforeAll(async () => (await import("~/services/site.server")).loadLinkSecret());
  afterAll(() => {
    closeDb();
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
