// The email worker. It runs inside the server process and drains email_outbox:
// lease a batch, send each row through one pooled SMTP transport, settle each row.
// Delivery is at-least-once: a row whose lease ran out (the process died mid-send) is
// sent again, with the same Message-ID, so a repeat is recognisable as one.
import net from "node:net";
import nodemailer, { type Transporter } from "nodemailer";
import type { OutboxStatus } from "~/db/schema";
import { renderEmail } from "~/emails/render.server";
import { safeParseEmail, type EmailReading } from "~/emails/templates";
import { postIdsListableInEmail } from "~/models/changelog.server";
import {
  leaseDueRows,
  markAllSent,
  markFinal,
  markForRetry,
  releaseUnconfiguredRows,
  suppressWaitingRowsTo,
  type LeasedRow,
  type OutboxRow,
} from "~/models/outbox.server";
import { suppressEmail } from "~/models/users.server";
import { askPrimaryToKick } from "~/utils/cluster.server";
import { publicUrl } from "~/utils/signed-links.server";

/** Waits after failed attempts 1–5: about 1 min, 5 min, 30 min, 2 h and 12 h; the 6th failure is final. */
export const RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000, 43_200_000];
const BATCH = 200;

function leaseMs(): number {
  return Number(process.env.OUTBOX_LEASE_MS ?? 120_000);
}

export function smtpConfigured(): boolean {
  return Boolean(process.env.SMTP_URL);
}

/** Where a new outbox row starts: due now, or waiting until SMTP is configured. */
export function waitingStatus(): OutboxStatus {
  return smtpConfigured() ? "pending" : "not_configured";
}

let transport: Transporter | undefined;

function getTransport(): Transporter {
  transport ??= nodemailer.createTransport({ pool: true, maxConnections: 8, ...smtpOptionsFrom(process.env.SMTP_URL!), getSocket: openSocketWithoutDelay });
  return transport;
}

/**
 * SMTP_URL as transport options. nodemailer reads such a URL itself only when it is
 * the whole configuration, and then ignores getSocket, so the URL is read here.
 */
export function smtpOptionsFrom(smtpUrl: string): Record<string, unknown> {
  const url = new URL(smtpUrl);
  const options: Record<string, unknown> = {
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
    secure: url.protocol === "smtps:",
  };
  if (url.username) options.auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  // Query parameters are nodemailer options (?ignoreTLS=true&maxConnections=8).
  for (const [key, value] of url.searchParams) {
    options[key] = value === "true" ? true : value === "false" ? false : /^\d+$/.test(value) ? Number(value) : value;
  }
  return options;
}

/**
 * nodemailer's own sockets keep Nagle's algorithm on, so each SMTP command waits for
 * the previous ACK (about 40 ms a message per connection). We open the connection
 * ourselves with no delay; nodemailer then speaks SMTP (and STARTTLS/TLS) over it.
 */
function openSocketWithoutDelay(
  options: { host?: string; port?: number; connectionTimeout?: number },
  callback: (error: Error | null, socket?: { connection: net.Socket }) => void,
) {
  const socket = net.connect({ host: options.host ?? "localhost", port: options.port ?? 25, noDelay: true });
  const timer = setTimeout(() => socket.destroy(Object.assign(new Error("Connection timeout"), { code: "ETIMEDOUT" })), options.connectionTimeout ?? 60_000);
  socket.once("connect", () => {
    clearTimeout(timer);
    callback(null, { connection: socket });
  });
  socket.once("error", (error) => {
    clearTimeout(timer);
    callback(error);
  });
}

function mailFrom(): string {
  return process.env.MAIL_FROM ?? `Closeloop <no-reply@${new URL(publicUrl()).hostname}>`;
}

/** The same row always gets the same Message-ID, so a resend after a crash is a recognisable repeat. */
export function messageIdOf(row: Pick<OutboxRow, "id">): string {
  return `<outbox-${row.id}@${new URL(publicUrl()).hostname}>`;
}

/**
 * A changelog email lists the posts it was queued with; by the time it is sent some may
 * have been deleted, merged away or put out of sight. Those are left out of the list.
 * The entry itself is still news, so an email whose list is left empty still goes.
 */
export function withListablePosts(readings: EmailReading[]): EmailReading[] {
  const listed = (reading: EmailReading) => (reading.success && reading.data.template === "changelog" ? reading.data.payload.posts.map((post) => post.id) : []);
  const ids = [...new Set(readings.flatMap(listed))];
  if (ids.length === 0) return readings;
  const listable = postIdsListableInEmail(ids);
  return readings.map((reading) => {
    if (!reading.success || reading.data.template !== "changelog") return reading;
    const { payload } = reading.data;
    return { success: true, data: { template: "changelog", payload: { ...payload, posts: payload.posts.filter((post) => listable.has(post.id)) } } };
  });
}

type SmtpError = Error & { responseCode?: number; command?: string };

function isPermanent(error: SmtpError): boolean {
  return typeof error.responseCode === "number" && error.responseCode >= 500 && error.responseCode < 600;
}

/** A 5xx to RCPT TO: the mailbox does not exist, so the address gets nothing more. */
function isAddressRejected(error: SmtpError): boolean {
  return isPermanent(error) && /RCPT/i.test(error.command ?? "");
}

type Outcome = "sent" | "retry" | "failed" | "suppressed";

/** Sends one row as `reading` read it; settles it unless it was sent (sent rows are settled together by the caller). */
async function deliver(row: LeasedRow, reading: EmailReading, now: () => number): Promise<Outcome> {
  if (row.recipientSuppressedAt) {
    markFinal(row.id, "suppressed", "address suppressed");
    return "suppressed";
  }
  // A payload that does not fit its template will not fit it on a retry either.
  if (!reading.success) {
    markFinal(row.id, "failed", reading.error.slice(0, 500));
    return "failed";
  }
  try {
    const email = renderEmail({ email: reading.data, locale: row.locale, userId: row.userId, recipientName: row.recipientName });
    await getTransport().sendMail({
      from: mailFrom(),
      to: row.toEmail,
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId: messageIdOf(row),
      headers: email.headers,
    });
    return "sent";
  } catch (caught) {
    const error = caught as SmtpError;
    const message = `${error.responseCode ?? error.name}: ${error.message}`.slice(0, 500);
    if (isAddressRejected(error)) {
      markFinal(row.id, "failed", message);
      suppressEmail(row.toEmail, now());
      suppressWaitingRowsTo(row.userId);
      return "failed";
    }
    // A 5xx to the message itself (too large, content refused) will not change on retry,
    // but says nothing about the address: this email fails, later ones are still tried.
    if (isPermanent(error)) {
      markFinal(row.id, "failed", message);
      return "failed";
    }
    const delay = RETRY_DELAYS_MS[row.attempts - 1];
    if (delay === undefined) {
      markFinal(row.id, "failed", message);
      return "failed";
    }
    markForRetry(row.id, now() + delay, message);
    return "retry";
  }
}

export type DrainResult = { sent: number; retried: number; failed: number; suppressed: number };

/** Sends every row that is due now, batch by batch, until none is left. */
export async function drainOutbox(now: () => number = Date.now): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, retried: 0, failed: 0, suppressed: 0 };
  if (!smtpConfigured()) return result;
  for (;;) {
    const rows = leaseDueRows(now(), leaseMs(), BATCH);
    if (rows.length === 0) return result;
    const readings = withListablePosts(rows.map((row) => safeParseEmail(row.template, row.payload)));
    const outcomes = await Promise.all(rows.map((row, i) => deliver(row, readings[i], now)));
    // One statement settles every sent row of the batch.
    markAllSent(
      rows.filter((_, i) => outcomes[i] === "sent").map((r) => r.id),
      now(),
    );
    for (const outcome of outcomes) {
      if (outcome === "sent") result.sent += 1;
      else if (outcome === "retry") result.retried += 1;
      else if (outcome === "failed") result.failed += 1;
      else result.suppressed += 1;
    }
  }
}

let running = false;
let wake: (() => void) | undefined;

/** Asks the worker to look at the outbox now (after a commit that added rows). */
export function kickOutbox(): void {
  // In a cluster's web worker the outbox worker runs in the primary (ADR 018).
  if (running) wake?.();
  else askPrimaryToKick("outbox");
}

/** Starts the in-process worker; rows that waited for SMTP to be configured become due. */
export function startOutboxWorker(): void {
  if (running || !smtpConfigured()) {
    if (!smtpConfigured()) console.log("Email: SMTP_URL is not set; emails wait in the outbox as not_configured.");
    return;
  }
  running = true;
  releaseUnconfiguredRows(Date.now());
  const idleMs = Number(process.env.OUTBOX_POLL_MS ?? 2_000);
  void (async () => {
    while (running) {
      try {
        await drainOutbox();
      } catch (error) {
        console.error("Email worker:", error);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idleMs);
        timer.unref();
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();
}

export function stopOutboxWorker(): void {
  running = false;
  wake?.();
  transport?.close();
  transport = undefined;
}
