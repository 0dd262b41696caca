// Runs once before the suite: builds the production bundle (the browser and HTTP
// tests serve it) and migrates a template database that every test file copies.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, openDatabase } from "~/db/client.server";

export default function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-template-"));
  const template = path.join(dir, "template.db");
  openDatabase(template).$client.close();
  closeDb();
  process.env.CLOSELOOP_TEMPLATE_DB = template;

  // The servers the tests start serve their own production build, never the build/ that
  // `npm start` serves from the same folder (a user may run both at once).
  process.env.BUILD_DIR ??= "build-test";
  if (!process.env.SKIP_BUILD) {
    execFileSync("npm", ["run", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
  }
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
