// Starts the production build as a child process on a free loopback port.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ensureTestBuild, TEST_BUILD_DIR, TEST_BUILD_TIMEOUT_MS } from "./test-build";

// Every test file that imports this one serves the production build: it is brought up
// to date before the file's own hooks run, under a timeout long enough for a build, so
// no test or hook that starts a server has to allow for one.
// The benchmarks (run by vite-node, outside vitest) serve build/ from `npm run build`.
// vitest is imported only under vitest: outside it (vite-node) importing it throws "Vitest failed
// to access its internal state", which stopped `npm run bench` before it started.
const UNDER_VITEST = Boolean(process.env.VITEST);
if (UNDER_VITEST) (await import("vitest")).beforeAll(() => ensureTestBuild(), TEST_BUILD_TIMEOUT_MS);

const START_TIMEOUT_MS = 90_000;

/** `output` is everything the server printed up to "listening on" (start-up logs such as the counter repair). */
export type RunningServer = { url: string; databasePath: string; process: ChildProcess; output: string; stop(): Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startServer(options: { databasePath?: string; env?: Record<string, string>; port?: number } = {}): Promise<RunningServer> {
  const databasePath = options.databasePath ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-server-")), "db.sqlite");
  const port = options.port ?? (await freePort());
  // Tests serve build-test/, the benchmarks build/. The request log stays off unless a
  // test asks for it (LOG_REQUESTS=1), and so does the weekly digest (WEEKLY_DIGEST=on):
  // run on a Monday morning, it would add staff emails that no test expects.
  const child = spawn(process.execPath, [path.join(UNDER_VITEST ? TEST_BUILD_DIR : "build", "server.js")], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_PATH: databasePath,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_REQUESTS: "0",
      WEEKLY_DIGEST: "off",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    // Long enough for a loaded CI box (a cluster's primary migrates, then forks its workers);
    // a server that does not start in time is killed, not left running after the test.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("listening on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    databasePath,
    process: child,
    output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
