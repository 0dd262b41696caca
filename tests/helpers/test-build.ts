// The production build the test servers serve. It lives in build-test/, never in the
// build/ that `npm start` serves from the same folder, and is rebuilt only when it is
// older than what it is made from. Several test files may need it at once: one process
// builds (under a lock) while the others wait for it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { sourceChangedAfter } from "../../app/cli/build-sources.mjs";

export const TEST_BUILD_DIR = "build-test";
/** A cold build takes about 45 s on an idle 2-core machine; a busy one can take a few minutes. */
export const TEST_BUILD_TIMEOUT_MS = 10 * 60_000;
/** Written into the build once it is complete: when the build began, so an edit made during it still counts as newer. */
const STAMP = ".sources-as-of";

/** The number a small file holds, or 0 when it is missing or holds none. */
function numberIn(file: string): number {
  try {
    return Number(fs.readFileSync(file, "utf8")) || 0;
  } catch {
    return 0;
  }
}

/** Why build-test/ must be (re)built, or null when it is up to date. */
export function staleReason(root = process.cwd()): string | null {
  const dir = path.join(root, TEST_BUILD_DIR);
  if (!fs.existsSync(path.join(dir, "server/index.js")) || !fs.existsSync(path.join(dir, "server.js"))) return `${TEST_BUILD_DIR}/ has no build`;
  const builtAsOf = numberIn(path.join(dir, STAMP));
  if (!builtAsOf) return `${TEST_BUILD_DIR}/ does not say what it was built from`;
  const changed = sourceChangedAfter(root, builtAsOf);
  return changed ? `changed since the last test build: ${path.relative(root, changed)}` : null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Runs `fn` holding a lock that other test processes of this folder respect; a lock whose holder died is taken over. */
async function withBuildLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(root, `${TEST_BUILD_DIR}.lock`);
  const owner = path.join(lock, "pid");
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(owner, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = numberIn(owner);
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      // No pid yet means the holder is between mkdir and writeFile, unless that was long ago.
      if ((holder && !processAlive(holder)) || (!holder && age > 10_000)) fs.rmSync(lock, { recursive: true, force: true });
      else await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let errors = "";
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited with ${code}:\n${errors}`))));
  });
}

/**
 * Makes sure build-test/ holds a production build of the current sources, building it
 * when it is stale. SKIP_BUILD=1 uses whatever is there (and fails, with the fix, when
 * nothing is). The build goes to a scratch folder first, so a half-written build is never served.
 */
export async function ensureTestBuild(root = process.cwd()): Promise<void> {
  if (process.env.SKIP_BUILD) {
    if (!fs.existsSync(path.join(root, TEST_BUILD_DIR, "server/index.js"))) {
      throw new Error(`${TEST_BUILD_DIR}/server/index.js is missing: run the tests once without SKIP_BUILD to build it`);
    }
    return;
  }
  if (!staleReason(root)) return;
  await withBuildLock(root, async () => {
    // Another process may have built it while this one waited for the lock.
    const reason = staleReason(root);
    if (!reason) return;
    console.log(`building ${TEST_BUILD_DIR}/ (${reason})`);
    const startedAt = Date.now();
    const scratch = `${TEST_BUILD_DIR}.partial-${process.pid}`;
    fs.rmSync(path.join(root, scratch), { recursive: true, force: true });
    try {
      const cli = path.join(root, "node_modules/@remix-run/dev/dist/cli.js");
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", BUILD_DIR: scratch };
      await run(process.execPath, [cli, "vite:build"], env, root);
      // The typed HTTP server (app/server.ts) is compiled next to the Remix build it serves (ADR 011).
      await run(process.execPath, [path.join(root, "node_modules/vite/bin/vite.js"), "build", "--config", "vite.server.config.ts"], env, root);
      fs.writeFileSync(path.join(root, scratch, STAMP), String(startedAt));
      fs.rmSync(path.join(root, TEST_BUILD_DIR), { recursive: true, force: true });
      fs.renameSync(path.join(root, scratch), path.join(root, TEST_BUILD_DIR));
    } finally {
      fs.rmSync(path.join(root, scratch), { recursive: true, force: true });
    }
    console.log(`built ${TEST_BUILD_DIR}/ in ${Math.round((Date.now() - startedAt) / 1000)} s`);
  });
}
