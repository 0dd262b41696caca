// The node:cluster mode (WEB_CONCURRENCY > 1, ADR 018). The primary owns the database's
// start-up and every background job; the web workers it forks share the port and answer
// requests only. app/server.ts drives the supervisor below; the services use the job kicks,
// so a commit in a worker wakes the outbox or webhook worker that runs in the primary.
import cluster, { type Worker } from "node:cluster";
import type { AddressInfo } from "node:net";
import os from "node:os";

/** Which part a process plays: the one process of WEB_CONCURRENCY=1, or a cluster's primary or web worker. */
export type ProcessRole = "single" | "primary" | "web-worker";

/** The jobs that run in the primary and that a web worker may ask to look at new rows now. */
export type KickableJob = "outbox" | "webhooks";

type KickMessage = { closeloop: "kick"; job: KickableJob };
/** A worker has loaded the build ("loaded"); the primary has migrated the database, so it may start ("start"). */
type StartupMessage = { closeloop: "loaded" | "start" };

/** A setting the server cannot start with; app/server.ts prints the message alone, without a stack trace. */
export class StartupSettingError extends Error {}

export type WebConcurrency = { workers: number; capNote?: string };

/**
 * WEB_CONCURRENCY, checked: unset or empty is 1 (one process, as before cluster mode). More
 * web workers than twice the CPUs only add memory and context switches, so a larger number is
 * brought down to that, with a note to log.
 */
export function webConcurrencyFrom(setting: string | undefined, cpus = os.availableParallelism()): WebConcurrency {
  const value = setting?.trim() ?? "";
  if (value === "") return { workers: 1 };
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) {
    throw new StartupSettingError(`WEB_CONCURRENCY must be a whole number of web processes, 1 or more (1 serves from one process); it is "${setting}".`);
  }
  const asked = Number(value);
  const cap = Math.max(1, cpus * 2);
  if (asked <= cap) return { workers: asked };
  return { workers: cap, capNote: `WEB_CONCURRENCY=${asked} is more than twice this machine's ${cpus} CPUs; starting ${cap} web workers.` };
}

function isStartupMessage(message: unknown, step: StartupMessage["closeloop"]): boolean {
  return typeof message === "object" && message !== null && (message as Partial<StartupMessage>).closeloop === step;
}

export function roleOfThisProcess(workers: number): ProcessRole {
  if (cluster.isWorker) return "web-worker";
  return workers > 1 ? "primary" : "single";
}

function isKickMessage(message: unknown): message is KickMessage {
  if (typeof message !== "object" || message === null) return false;
  const { closeloop, job } = message as Partial<Record<keyof KickMessage, unknown>>;
  return closeloop === "kick" && (job === "outbox" || job === "webhooks");
}

/**
 * In a cluster's web worker, asks the primary to run `job` now. Anywhere else it does nothing:
 * the job's own process is the one that calls it, or no job runs at all (SMTP not configured).
 */
export function askPrimaryToKick(job: KickableJob): void {
  if (!cluster.isWorker || !process.connected) return;
  const message: KickMessage = { closeloop: "kick", job };
  // A primary that is going away cannot run the job anyway; the job's poll finds the rows later.
  process.send?.(message, undefined, {}, () => undefined);
}

/** In the primary: `kick` runs for every job kick a web worker sends. */
export function onKickFromWebWorkers(kick: (job: KickableJob) => void): void {
  cluster.on("message", (_worker: Worker, message: unknown) => {
    if (isKickMessage(message)) kick(message.job);
  });
}

/**
 * In a web worker, once it has loaded the build: resolves when the primary has migrated the
 * database (at once for a worker that replaces another). Asked for rather than waited for, so
 * an answer cannot come before anyone listens.
 */
export function primaryHasStarted(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if (!isStartupMessage(message, "start")) return;
      process.off("message", onMessage);
      resolve();
    };
    process.on("message", onMessage);
    const loaded: StartupMessage = { closeloop: "loaded" };
    process.send?.(loaded);
  });
}

// A worker that exits sooner than this after it started counts as failing at start, and the
// next one waits longer: 0.5 s, 1 s, 2 s … up to 30 s, so a broken worker cannot fork in a tight loop.
const QUICK_EXIT_MS = 10_000;
const FIRST_RESPAWN_DELAY_MS = 500;
const MAX_RESPAWN_DELAY_MS = 30_000;
// Workers that never once listened and keep failing at start (a taken port, a broken build)
// would be retried forever; the primary gives up after this many in a row.
const MAX_QUICK_EXITS_BEFORE_FIRST_LISTEN = 5;
/** How long a worker has to finish its open requests after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 10_000;

/** The pause before forking a replacement, after `quickExits` workers in a row died soon after their start. */
export function respawnDelayMs(quickExits: number): number {
  if (quickExits <= 0) return 0;
  return Math.min(MAX_RESPAWN_DELAY_MS, FIRST_RESPAWN_DELAY_MS * 2 ** (quickExits - 1));
}

function addressInfoOf(address: { address: string; port: number; addressType: number | string }): AddressInfo {
  return { address: address.address, port: address.port, family: address.addressType === 6 ? "IPv6" : "IPv4" };
}

function exitReason(code: number | null, signal: string | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export type Supervisor = { stop(): Promise<void> };

/**
 * In the primary: forks `workers` web workers and keeps that many running. They load the build
 * while the primary starts, and go on once `started` resolves. `onListening` runs once, when
 * all of the first ones listen. A worker that exits is replaced (after a growing
 * pause if they keep dying at start) until stop(), which sends each SIGTERM and waits for it to exit.
 */
export function superviseWebWorkers(options: {
  workers: number;
  started: Promise<void>;
  onListening: (address: AddressInfo) => void;
  onGiveUp: (reason: string) => void;
}): Supervisor {
  const startedAt = new Map<Worker, number>();
  const listening = new Set<Worker>();
  let everListened = false;
  let quickExits = 0;
  let stopping = false;
  const pendingRespawns = new Set<NodeJS.Timeout>();

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
  };

  cluster.on("message", (worker, message: unknown) => {
    if (!isStartupMessage(message, "loaded")) return;
    const start: StartupMessage = { closeloop: "start" };
    void options.started.then(() => worker.isConnected() && worker.send(start, undefined, () => undefined));
  });

  cluster.on("listening", (worker, address) => {
    listening.add(worker);
    if (everListened) {
      console.log(`Web worker ${worker.process.pid} is listening.`);
      return;
    }
    if (listening.size < options.workers) return;
    everListened = true;
    options.onListening(addressInfoOf(address));
  });

  cluster.on("exit", (worker, code, signal) => {
    const livedMs = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    const wasListening = listening.delete(worker);
    if (stopping) return;
    quickExits = livedMs < QUICK_EXIT_MS || !wasListening ? quickExits + 1 : 0;
    if (!everListened && quickExits >= MAX_QUICK_EXITS_BEFORE_FIRST_LISTEN) {
      options.onGiveUp(`${quickExits} web workers in a row exited before they listened (the last ${exitReason(code, signal)}); see their errors above.`);
      return;
    }
    const delay = respawnDelayMs(quickExits);
    console.error(`Web worker ${worker.process.pid} ${exitReason(code, signal)}; starting another${delay ? ` in ${delay / 1000} s` : ""}.`);
    if (delay === 0) return fork();
    const pending = setTimeout(() => {
      pendingRespawns.delete(pending);
      if (!stopping) fork();
    }, delay);
    pendingRespawns.add(pending);
  });

  for (let i = 0; i < options.workers; i++) fork();

  return {
    stop: () => {
      stopping = true;
      for (const pending of pendingRespawns) clearTimeout(pending);
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
      return Promise.all(
        alive.map(
          (worker) =>
            new Promise<void>((resolve) => {
              const kill = setTimeout(() => worker.process.kill("SIGKILL"), STOP_TIMEOUT_MS);
              worker.once("exit", () => {
                clearTimeout(kill);
                resolve();
              });
              // A worker stops on SIGTERM as the single process does: it finishes its requests, then exits.
              worker.process.kill("SIGTERM");
            }),
        ),
      ).then(() => undefined);
    },
  };
}
