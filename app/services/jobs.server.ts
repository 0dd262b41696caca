// Work the server does on its own schedule, inside the server process.
import { readSetting, writeSettings } from "~/models/settings.server";
import { recomputeTrendingForExpiredVotes } from "~/models/posts.server";
import { forgetOldTrustedSignIns, forgetStaleSignupRequests } from "./account.server";
import { startOutboxWorker } from "./outbox.server";
import { forgetStalePasswordResets } from "./password-reset.server";
import { TRENDING_WINDOW_MS } from "~/utils/trending.server";

const SWEEP_EVERY_MS = 60 * 60 * 1000;

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

export function startBackgroundJobs(): void {
  if (timer) return;
  startOutboxWorker();
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
}
