// The webhook worker, the email outbox's twin (ADR 005): it runs inside the server
// process and drains webhook_deliveries. It leases a batch, checks each target again
// (webhook-target.server.ts), signs with the endpoint's secret (Standard Webhooks, via
// the standardwebhooks library) and POSTs to the address it checked, then settles each
// row. Delivery is at-least-once: a row whose lease ran out (the process died mid-send)
// is sent again with the same `webhook-id`, which receivers dedupe on.
import http from "node:http";
import https from "node:https";
import { Webhook } from "standardwebhooks";
import { transaction } from "~/db/client.server";
import { theAdmins } from "~/models/recipients.server";
import {
  disableWebhookIfEnabled,
  leaseDueDeliveries,
  markDelivered,
  markFailed,
  markForRetry,
  type AttemptRecord,
  type LeasedDelivery,
} from "~/models/webhooks.server";
import { askPrimaryToKick } from "~/utils/cluster.server";
import { announce } from "./notices.server";
import { kickOutbox } from "./outbox.server";
import { getSiteSettings } from "./site.server";
import { checkTarget, pinnedLookup, type CheckedTarget, type Resolver } from "./webhook-target.server";

/**
 * Waits after failed attempts 1–7, as the Standard Webhooks spec suggests: 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 10 h. The 8th failure, about 28 hours after the first, is final.
 */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
/**
 * An endpoint whose last 5 deliveries each failed for good (every one retried for about
 * a day, none delivered in between) is disabled and the admins are told: a receiver down
 * for a day and a half is gone, not flaky, and keeping its queue growing helps nobody.
 */
export const DISABLE_AFTER_FAILED_DELIVERIES = 5;
export const REQUEST_TIMEOUT_MS = 10_000;
/** The receiver's answer is kept this far (the admin's delivery log shows it), and no further is read. */
export const RESPONSE_BODY_BYTES = 1024;
const BATCH = 50;

/** Longer than an attempt can take (the 10 s timeout, after a DNS lookup), so a live worker's rows are never leased twice. */
function leaseMs(): number {
  return Number(process.env.WEBHOOK_LEASE_MS ?? 60_000);
}

/** What an attempt came to: a 2xx, or why not (any other status, a redirect, a refusal, a network error). */
type Attempt = AttemptRecord & { ok: boolean };

/** POSTs the signed payload to the checked address, reading at most RESPONSE_BODY_BYTES of the answer. */
function post(target: CheckedTarget, headers: Record<string, string>, body: string, started: number): Promise<Attempt> {
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (attempt: Omit<Attempt, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve({ ...attempt, durationMs: Date.now() - started });
    };
    const request = client.request(
      target.url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(target),
        // Never the agent's pooled sockets: each request connects to the address just checked.
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const done = () => {
          const status = response.statusCode ?? 0;
          const text = new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks).subarray(0, RESPONSE_BODY_BYTES));
          const ok = status >= 200 && status < 300;
          // A redirect is not followed: where it points was never checked.
          const error = ok
            ? null
            : status >= 300 && status < 400
              ? `redirect to ${response.headers.location ?? "(no location)"} not followed`
              : `HTTP ${status}`;
          finish({ ok, responseStatus: status, responseBody: text, lastError: error?.slice(0, 500) ?? null });
        };
        response.on("data", (chunk: Buffer) => {
          if (kept < RESPONSE_BODY_BYTES) {
            chunks.push(chunk);
            kept += chunk.length;
          }
          // Enough read: the rest of a large answer is not our business.
          if (kept >= RESPONSE_BODY_BYTES) done();
        });
        response.on("end", done);
        response.on("error", done);
      },
    );
    const timer = setTimeout(
      () => finish({ ok: false, responseStatus: null, responseBody: null, lastError: `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` }),
      REQUEST_TIMEOUT_MS,
    );
    request.on("error", (error: NodeJS.ErrnoException) =>
      finish({ ok: false, responseStatus: null, responseBody: null, lastError: `${error.code ?? error.name}: ${error.message}`.slice(0, 500) }),
    );
    request.end(body);
  });
}

/** One attempt at one delivery: check the target again, sign, send. */
async function attempt(row: LeasedDelivery, now: () => number, resolve?: Resolver): Promise<Attempt> {
  const started = Date.now();
  const target = await checkTarget(row.url, resolve);
  if (!target.ok) return { ok: false, responseStatus: null, responseBody: null, durationMs: 0, lastError: `refused: ${target.error}` };
  const sentAt = new Date(now());
  let signature: string;
  try {
    signature = new Webhook(row.secret).sign(row.messageId, sentAt, row.payload);
  } catch (error) {
    return { ok: false, responseStatus: null, responseBody: null, durationMs: 0, lastError: `signing: ${(error as Error).message}` };
  }
  const headers = {
    "content-type": "application/json",
    "user-agent": "Closeloop-Webhooks/1",
    "webhook-id": row.messageId,
    "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
    "webhook-signature": signature,
  };
  return post(target.value, headers, row.payload, started);
}

type Outcome = "delivered" | "retry" | "failed";

/** Settles one attempt; a final failure may disable the endpoint and tell the admins, in the same transaction. */
function settle(row: LeasedDelivery, result: Attempt, now: number): { outcome: Outcome; emailed: number } {
  const { ok: delivered, ...record } = result;
  return transaction((db) => {
    if (delivered) {
      markDelivered(db, row, record, now);
      return { outcome: "delivered" as const, emailed: 0 };
    }
    const delay = RETRY_DELAYS_MS[row.attempts - 1];
    if (delay !== undefined) {
      markForRetry(db, row.id, record, now + delay);
      return { outcome: "retry" as const, emailed: 0 };
    }
    const failures = markFailed(db, row, record);
    if (failures < DISABLE_AFTER_FAILED_DELIVERIES || !disableWebhookIfEnabled(db, row.webhookId, now)) return { outcome: "failed" as const, emailed: 0 };
    const site = getSiteSettings();
    const emailed = announce(db, theAdmins(), {
      email: {
        template: "webhook_disabled",
        payload: { siteName: site.siteName, webhookId: row.webhookId, url: row.url, failures },
        dedupePrefix: `webhook_disabled:${row.webhookId}:${now}:user:`,
        preference: "account",
      },
      now,
    });
    return { outcome: "failed" as const, emailed };
  });
}

export type WebhookDrainResult = { delivered: number; retried: number; failed: number };

/** Sends every delivery that is due now, batch by batch, until none is left. `now` and `resolve` are the tests' clock and DNS. */
export async function drainWebhooks(options: { now?: () => number; resolve?: Resolver } = {}): Promise<WebhookDrainResult> {
  const now = options.now ?? Date.now;
  const result: WebhookDrainResult = { delivered: 0, retried: 0, failed: 0 };
  for (;;) {
    const rows = leaseDueDeliveries(now(), leaseMs(), BATCH);
    if (rows.length === 0) return result;
    const attempts = await Promise.all(rows.map((row) => attempt(row, now, options.resolve)));
    let emailed = 0;
    rows.forEach((row, i) => {
      const settled = settle(row, attempts[i], now());
      emailed += settled.emailed;
      if (settled.outcome === "delivered") result.delivered += 1;
      else if (settled.outcome === "retry") result.retried += 1;
      else result.failed += 1;
    });
    if (emailed > 0) kickOutbox();
  }
}

// A slow receiver holds the drain that sent to it for up to REQUEST_TIMEOUT_MS; the others
// go on. Each drain leases its own rows, so several never send the same delivery.
const MAX_DRAINS = 8;
let running = false;
let drains = 0;
let timer: NodeJS.Timeout | undefined;

function startDrain(): void {
  if (!running || drains >= MAX_DRAINS) return;
  drains += 1;
  drainWebhooks()
    .catch((error) => console.error("Webhook worker:", error))
    .finally(() => (drains -= 1));
}

/** Asks the worker to look at the deliveries now (after a commit that added some). */
export function kickWebhooks(): void {
  // In a cluster's web worker the webhook worker runs in the primary (ADR 018).
  if (running) startDrain();
  else askPrimaryToKick("webhooks");
}

/** Starts the in-process worker: a drain now, after each kick, and every WEBHOOK_POLL_MS for retries that came due. */
export function startWebhookWorker(): void {
  if (running) return;
  running = true;
  startDrain();
  timer = setInterval(startDrain, Number(process.env.WEBHOOK_POLL_MS ?? 5_000));
  timer.unref();
}

export function stopWebhookWorker(): void {
  running = false;
  clearInterval(timer);
}
