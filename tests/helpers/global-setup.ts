// Runs once before the integration and browser tests: migrates a template database that
// every test file copies (tests/helpers/per-file-database.ts). The production build the
// test servers serve is made on demand, by the files that start one (tests/helpers/server.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { closeDb, openDatabase } from "~/db/client.server";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-template-"));
  const template = path.join(dir, "template.db");
  openDatabase(template).$client.close();
  closeDb();
  project.provide("templateDatabase", template);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
