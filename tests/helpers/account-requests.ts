// Shared by the tests of requests about an address (sign-up, password reset): calls from
// many client IPs, the outbox rows and delivered emails of one address, the token in an
// emailed link, and the argon2 work a request does.
import { eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { getDb } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";
import { drainOutbox, stopOutboxWorker } from "~/services/outbox.server";
import { createTestPost, createUser, respond, seedSite, sessionCookie } from "./factories";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";
import type { Argon2Calls } from "./argon2-counter";

/** A route caller whose every call comes from its own IP unless told otherwise, so per-IP limits stay out of the way. */
export function clientsUnder(prefix: string) {
  let counter = 0;
  return (fn: (args: never) => unknown, request: Request, options: { ip?: string; params?: Record<string, string> } = {}) => {
    counter += 1;
    const clientIp = options.ip ?? `${prefix}.${Math.floor(counter / 250)}.${counter % 250}`;
    return respond(async () => fn({ request, params: options.params ?? {}, context: { clientIp } } as never));
  };
}

export function outboxRowsTo(email: string) {
  return getDb().select().from(emailOutbox).where(eq(emailOutbox.toEmail, email)).orderBy(emailOutbox.id).all();
}

/** Sends what the outbox holds, then every email the address received so far. */
export async function deliveredTo(sink: SmtpSink, email: string): Promise<ParsedMail[]> {
  await drainOutbox();
  return sink.to(email);
}

/** The token of the `/<path>/<token>` link in an email's text. */
export function linkTokenIn(mail: ParsedMail, path: string): string {
  const match = new RegExp(`${path}/([A-Za-z0-9_-]+)`).exec(mail.text ?? "");
  if (!match) throw new Error(`no ${path} link in:\n${mail.text}`);
  return match[1];
}

/** The argon2 work `run` does, counted by countingArgon2 (tests/helpers/argon2-counter.ts). */
export async function argon2WorkOf(calls: Argon2Calls, run: () => Promise<unknown>): Promise<Argon2Calls> {
  const before = { ...calls };
  await run();
  return { hash: calls.hash - before.hash, verify: calls.verify - before.verify };
}

export const ACCOUNT_EMAILS_PUBLIC_URL = "http://closeloop.test";

/**
 * A site that sends email to a real SMTP sink: an admin (with a session cookie), the
 * customer Sara (sara@example.test, TEST_PASSWORD) and one post. `stop` undoes it.
 */
export async function startSiteWithEmail() {
  const sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.PUBLIC_URL = ACCOUNT_EMAILS_PUBLIC_URL;
  const { admin } = await seedSite();
  const staffCookie = await sessionCookie(admin.id);
  const sara = await createUser({ email: "sara@example.test", displayName: "Sara" });
  const postId = await createTestPost(admin, "Export invoices to CSV");
  const stop = async () => {
    stopOutboxWorker();
    await sink.close();
    delete process.env.SMTP_URL;
    delete process.env.PUBLIC_URL;
  };
  return { sink, admin, staffCookie, sara, postId, stop };
}
