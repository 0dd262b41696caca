// Work the server does on its own schedule, inside the server process: the one process, or
// a cluster's primary, never its web workers (ADR 018).
import { readSetting, writeSettings } from "~/models/settings.server";
import { recomputeTrendingForExpiredVotes } from "~/models/posts.server";
import { forgetOldTrustedSignIns, forgetStaleSignupRequests } from "./account.server";
import { sendDueDigest } from "./digest.server";
import { kickOutbox, startOutboxWorker } from "./outbox.server";
import { forgetStalePasswordResets } from "./password-reset.server";
import { kickWebhooks, startWebhookWorker } from "./webhook-worker.server";
import { onKickFromWebWorkers } from "~/utils/cluster.server";
import { TRENDING_WINDOW_MS } from "~/utils/trending.server";
import { startWalCheckpointer } from "~/db/wal-checkpointer.server";

const SWEEP_EVERY_MS = 60 * 60 * 1000;
// The weekly digest is looked for this often (and on start), so it goes out within a few
// minutes of 08:00 on Monday, or soon after a server that was down then comes back.
const DIGEST_CHECK_EVERY_MS = 5 * 60 * 1000;

/** Takes out of trending every vote that became older than the window since the last sweep. */
export function sweepTrending(now = Date.now()): number {
  const previousCutoff = Number(readSetting("trendingSweptUntil") ?? 0);
  const cutoff = now - TRENDING_WINDOW_MS;
  if (cutoff <= previousCutoff) return 0;
  const touched = recomputeTrendingForExpiredVotes(previousCutoff, cutoff);
  writeSettings({ trendingSweptUntil: String(cutoff) });
  return touched;
}

let timer: NodeJS.Timeout | undefined;
let digestTimer: NodeJS.Timeout | undefined;

export function startBackgroundJobs(): void {
  if (timer) return;
  startWalCheckpointer();
  startOutboxWorker();
  startWebhookWorker();
  const sweep = () => {
    // A full disk or a read-only database must not take the server down with it.
    try {
      sweepTrending();
      forgetStaleSignupRequests();
      forgetOldTrustedSignIns();
      forgetStalePasswordResets();
    } catch (error) {
      console.error("Hourly sweep:", error);
    }
  };
  sweep();
  timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  const digest = () => {
    try {
      const sent = sendDueDigest();
      if (sent) console.log(`Weekly digest ${sent.week}: queued for ${sent.recipients} staff.`);
    } catch (error) {
      console.error("Weekly digest:", error);
    }
  };
  // WEEKLY_DIGEST=off: the test servers, whose clocks are real and whose staff expect no digest.
  if (process.env.WEEKLY_DIGEST === "off") return;
  digest();
  digestTimer = setInterval(digest, DIGEST_CHECK_EVERY_MS);
  digestTimer.unref();
}

/**
 * In a cluster's primary: a web worker that committed emails or webhook deliveries asks for
 * them to go now, as a kick does in the one process; without it they would wait for the poll.
 */
export function runJobsWhenWebWorkersAsk(): void {
  onKickFromWebWorkers((job) => (job === "outbox" ? kickOutbox() : kickWebhooks()));
}
