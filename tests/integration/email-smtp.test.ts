// Email end to end against a real SMTP server: the outbox rows a status change writes,
// what the worker sends (subject, language, direction, links, headers, Message-ID),
// retries after a 4xx, suppression after a 5xx, waiting while SMTP is not configured,
// the CSAT link a recipient clicks, and the staff email log that explains all of it.
import { eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { closeSinkAndWorker, startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { emailOutbox, solvedAnswers, users } from "~/db/schema";
import { translate } from "~/i18n/catalogues.server";
import { releaseUnconfiguredRows } from "~/models/outbox.server";
import { loader as emailLogLoader, action as emailLogAction } from "~/routes/admin.emails";
import { loader as emailPreviewLoader } from "~/routes/admin.emails_.$id";
import { loader as csatLoader } from "~/routes/csat.$token.$answer";
import { action as unsubscribeAction } from "~/routes/unsubscribe.$token";
import type { SessionUser } from "~/services/auth.server";
import { changeStatus } from "~/services/loop.server";
import { drainOutbox, messageIdOf, RETRY_DELAYS_MS, stopOutboxWorker } from "~/services/outbox.server";
import { LINK_PURPOSES, signLink, verifyLink } from "~/utils/signed-links.server";
import { castVote } from "~/services/votes.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

const PUBLIC_URL = "http://closeloop.test";

let sink: SmtpSink;
let staff: SessionUser;
let staffCookie: string;

function outboxRowsTo(email: string) {
  return getDb().select().from(emailOutbox).where(eq(emailOutbox.toEmail, email)).orderBy(emailOutbox.id).all();
}

function userRow(id: number) {
  return getDb().select().from(users).where(eq(users.id, id)).get()!;
}

function headerLine(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  if (line === undefined) return undefined;
  return line
    .replace(/\r?\n[ \t]+/g, " ")
    .slice(line.indexOf(":") + 1)
    .trim();
}

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.PUBLIC_URL = PUBLIC_URL;
  await seedSite();
  staff = await createUser({ role: "staff", displayName: "Sam Staff", email: "staff@example.test" });
  staffCookie = await sessionCookie(staff.id);
});

afterAll(() => closeSinkAndWorker(sink));

beforeEach(() => {
  sink.received.length = 0;
});

describe("a shipped notice over SMTP", () => {
  let postId: number;
  let enVoter: SessionUser;
  let arVoter: SessionUser;
  let author: SessionUser;
  let enHtmlDelivered = "";
  const title = "Export the board to CSV";

  it("sends one localised email per follower except the staff member who shipped it", async () => {
    author = await createUser({ displayName: "Ada Author", email: "ada@example.test" });
    enVoter = await createUser({ displayName: "Eve English", email: "eve@example.test" });
    arVoter = await createUser({ displayName: "سلمى", email: "salma@example.test" });
    getDb().update(users).set({ locale: "ar" }).where(eq(users.id, arVoter.id)).run();
    postId = await createTestPost(author, title, "Please let us export everything.");
    castVote(postId, enVoter);
    castVote(postId, arVoter);
    castVote(postId, staff); // the actor follows the post too, and still gets no email

    const changed = await changeStatus(postId, "shipped", "It is in **release 2.3**: open *Settings → Export*.", staff);
    expect(changed.ok).toBe(true);
    const drained = await drainOutbox();
    expect(drained).toEqual({ sent: 3, retried: 0, failed: 0, suppressed: 0 });

    const recipients = sink.received.flatMap((r) => r.to).sort();
    expect(recipients).toEqual(["ada@example.test", "eve@example.test", "salma@example.test"]);
    expect(sink.to("staff@example.test")).toHaveLength(0);

    const [en] = sink.to("eve@example.test");
    const [ar] = sink.to("salma@example.test");
    expect(en.subject).toBe(`Shipped: ${title}`);
    expect(ar.subject).toBe(translate("ar", "email.subject.shipped", { title, status: translate("ar", "status.shipped") }));
    // The Arabic subject is Arabic, not the English one with a fallback.
    expect(ar.subject).not.toBe(`Shipped: ${title}`);
    expect(ar.subject).toMatch(/[\u0600-\u06FF]/);

    const enHtml = String(en.html);
    enHtmlDelivered = enHtml;
    const arHtml = String(ar.html);
    expect(arHtml).toMatch(/<html[^>]*\blang="ar"/);
    expect(arHtml).toMatch(/<html[^>]*\bdir="rtl"/);
    expect(enHtml).toMatch(/<html[^>]*\blang="en"/);
    expect(enHtml).toMatch(/<html[^>]*\bdir="ltr"/);
    for (const html of [enHtml, arHtml]) {
      expect(html).toContain("<strong>release 2.3</strong>");
      expect(html).toContain(`href="${PUBLIC_URL}/posts/${postId}"`);
      for (const answer of ["yes", "partly", "no"]) {
        expect(html).toMatch(new RegExp(`href="${PUBLIC_URL}/csat/[A-Za-z0-9._-]+/${answer}"`));
      }
    }
    expect(en.text).toContain("release 2.3");
    expect(en.text).toContain(`${PUBLIC_URL}/posts/${postId}`);

    for (const [mail, user] of [
      [en, enVoter],
      [ar, arVoter],
    ] as const) {
      const unsubscribe = `${PUBLIC_URL}/unsubscribe/${signLink({ purpose: "unsubscribe-all", postId: 0, userId: user.id })}`;
      expect(headerLine(mail, "List-Unsubscribe")).toBe(`<${unsubscribe}>`);
      expect(headerLine(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      const rows = outboxRowsTo(user.email);
      expect(rows).toHaveLength(1);
      expect(rows[0].status).toBe("sent");
      expect(rows[0].attempts).toBe(1);
      expect(mail.messageId).toBe(messageIdOf(rows[0]));
    }
    expect(outboxRowsTo("staff@example.test")).toHaveLength(0);
  });

  it("records the answer of the CSAT link in the email, and a later click replaces it", async () => {
    // Follow the links exactly as the delivered email carries them.
    const linkFor = (answer: string) => {
      const match = new RegExp(`href="${PUBLIC_URL}/csat/([^/"]+)/${answer}"`).exec(enHtmlDelivered);
      expect(match).not.toBeNull();
      return { token: match![1], answer };
    };
    const answers = () => getDb().select().from(solvedAnswers).where(eq(solvedAnswers.postId, postId)).all();

    const yes = linkFor("yes");
    const clickedYes = await callRoute(csatLoader, makeRequest(`/csat/${yes.token}/yes`), yes);
    expect(clickedYes.status).toBe(200);
    expect(answers().map((a) => [a.userId, a.answer])).toEqual([[enVoter.id, "yes"]]);

    const no = linkFor("no");
    expect((await callRoute(csatLoader, makeRequest(`/csat/${no.token}/no`), no)).status).toBe(200);
    expect(answers().map((a) => [a.userId, a.answer])).toEqual([[enVoter.id, "no"]]);

    // The token names its user; pointing it at someone else breaks the signature.
    const forged = yes.token.replace(`.${enVoter.id}.`, `.${arVoter.id}.`);
    expect(forged).not.toBe(yes.token);
    expect((await callRoute(csatLoader, makeRequest(`/csat/${forged}/yes`), { token: forged, answer: "yes" })).status).toBe(404);
    expect(answers()).toHaveLength(1);
  });

  it("honours a one-click POST to the List-Unsubscribe address: no more status emails for that user", async () => {
    const unsubscribeUrl = `${PUBLIC_URL}/unsubscribe/${signLink({ purpose: "unsubscribe-all", postId: 0, userId: arVoter.id })}`;
    const token = unsubscribeUrl.split("/").pop()!;
    // What a mail client sends (RFC 8058): a POST with this body, no cookie, no login.
    const request = new Request(`http://localhost/unsubscribe/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    const done = await callRoute(unsubscribeAction, request, { token });
    expect(done.status).toBe(200);
    expect(userRow(arVoter.id)).toMatchObject({ emailOnStatus: false, emailOnComment: false });

    expect((await changeStatus(postId, "in_progress", "", staff)).ok).toBe(true);
    expect(await drainOutbox()).toEqual({ sent: 2, retried: 0, failed: 0, suppressed: 0 });
    expect(sink.received.flatMap((r) => r.to).sort()).toEqual(["ada@example.test", "eve@example.test"]);
    expect(outboxRowsTo(arVoter.email)).toHaveLength(1);
  });

  it("previews the shipped notice to staff with inert links: no signed token, and following them records and unsubscribes nothing", async () => {
    const [row] = outboxRowsTo(author.email);
    const preview = await callRoute(emailPreviewLoader, makeRequest(`/admin/emails/${row.id}`, { cookie: staffCookie }), { id: String(row.id) });
    expect(preview.status).toBe(200);
    const { html, text } = preview.data as { html: string; text: string };
    // No link in it can be followed (a click would leave the preview), but each still shows where it went.
    expect(html).toMatch(/<a\b/);
    expect(html).not.toMatch(/<a\b[^>]*\shref=/);
    expect(html).toMatch(/<a\b[^>]*\stitle="[^"]*\/csat\/[^"]*\/yes"/);
    expect(html).toMatch(/\/csat\/[^"]*\/yes"/);
    expect(html).toMatch(/\/unsubscribe\/[^"]+"/);

    // Nothing in it verifies as a signed link, for any purpose.
    const candidates = [...`${html}\n${text}`.matchAll(/(?:csat|unsubscribe)\/([^/"\s<]+)/g)].map((m) => m[1]);
    expect(candidates.length).toBeGreaterThanOrEqual(5);
    expect(candidates.filter((token) => LINK_PURPOSES.some((purpose) => verifyLink(decodeURIComponent(token), purpose)))).toEqual([]);

    // Following each one as the recipient would does nothing.
    const answersBefore = getDb().select().from(solvedAnswers).all().length;
    for (const [, token, answer] of html.matchAll(/\/csat\/([^/"]+)\/(yes|partly|no)"/g)) {
      expect((await callRoute(csatLoader, makeRequest(`/csat/${token}/${answer}`), { token, answer })).status).toBe(404);
    }
    for (const [, token] of html.matchAll(/\/unsubscribe\/([^/"]+)"/g)) {
      const request = new Request(`http://localhost/unsubscribe/${token}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
      expect((await callRoute(unsubscribeAction, request, { token })).status).toBe(404);
    }
    expect(getDb().select().from(solvedAnswers).all()).toHaveLength(answersBefore);
    expect(userRow(author.id)).toMatchObject({ emailOnStatus: true });
  });
});

describe("delivery failures", () => {
  it("retries after a 4xx: pending with attempts=1 and a backoff of about a minute, then sent", async () => {
    const user = await createUser({ displayName: "Greylisted", email: "greylisted@example.test" });
    sink.refuse(user.email, 451, 1);
    const postId = await createTestPost(user, "Dark mode for the widget");
    expect((await changeStatus(postId, "planned", "", staff)).ok).toBe(true);

    const before = Date.now();
    const first = await drainOutbox();
    const after = Date.now();
    expect(first).toEqual({ sent: 0, retried: 1, failed: 0, suppressed: 0 });
    const [waiting] = outboxRowsTo(user.email);
    expect(waiting.status).toBe("pending");
    expect(waiting.attempts).toBe(1);
    expect(waiting.lastError).toMatch(/451/);
    expect(waiting.nextAttemptAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(waiting.nextAttemptAt).toBeLessThanOrEqual(after + 60_000);
    expect(sink.to(user.email)).toHaveLength(0);

    // Not due yet: an immediate drain leaves it alone.
    expect(await drainOutbox()).toEqual({ sent: 0, retried: 0, failed: 0, suppressed: 0 });

    const later = Date.now() + 61_000;
    expect(await drainOutbox(() => later)).toEqual({ sent: 1, retried: 0, failed: 0, suppressed: 0 });
    const [sent] = outboxRowsTo(user.email);
    expect(sent.status).toBe("sent");
    expect(sent.attempts).toBe(2);
    expect(sent.lastError).toBeNull();
    const mails = sink.to(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].messageId).toBe(messageIdOf(sent));
  });

  it("gives up after the sixth 4xx, following the backoff schedule, without suppressing the address", async () => {
    const user = await createUser({ displayName: "Always Busy", email: "busy@example.test" });
    sink.refuse(user.email, 421);
    const postId = await createTestPost(user, "Two-factor sign-in");
    expect((await changeStatus(postId, "planned", "", staff)).ok).toBe(true);

    let clock = Date.now();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await drainOutbox(() => clock)).toMatchObject({ retried: 1, failed: 0 });
      const [row] = outboxRowsTo(user.email);
      expect(row).toMatchObject({ status: "pending", attempts: attempt });
      waits.push(row.nextAttemptAt - clock);
      clock = row.nextAttemptAt;
    }
    expect(waits).toEqual(RETRY_DELAYS_MS);
    expect(await drainOutbox(() => clock)).toMatchObject({ retried: 0, failed: 1 });
    const [row] = outboxRowsTo(user.email);
    expect(row).toMatchObject({ status: "failed", attempts: 6 });
    expect(row.lastError).toMatch(/421/);
    expect(userRow(user.id).emailSuppressedAt).toBeNull();
    expect(sink.to(user.email)).toHaveLength(0);
    sink.accept(user.email);
  });

  it("suppresses the address after a 5xx and never sends to it again", async () => {
    const user = await createUser({ displayName: "Gone Away", email: "bounce@example.test" });
    sink.refuse(user.email, 550);
    const postId = await createTestPost(user, "Keyboard shortcuts for triage");
    expect((await changeStatus(postId, "planned", "", staff)).ok).toBe(true);

    const before = Date.now();
    expect(await drainOutbox()).toEqual({ sent: 0, retried: 0, failed: 1, suppressed: 0 });
    const [failed] = outboxRowsTo(user.email);
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toMatch(/550/);
    expect(userRow(user.id).emailSuppressedAt).toBeGreaterThanOrEqual(before);

    expect((await changeStatus(postId, "in_progress", "", staff)).ok).toBe(true);
    const rows = outboxRowsTo(user.email);
    expect(rows.map((r) => r.status)).toEqual(["failed", "suppressed"]);
    await drainOutbox();
    await drainOutbox(() => Date.now() + 24 * 3_600_000);
    expect(outboxRowsTo(user.email).map((r) => r.status)).toEqual(["failed", "suppressed"]);
    expect(sink.to(user.email)).toHaveLength(0);
  });
});

describe("the staff email log", () => {
  it("explains why an address got no email, and lets staff unsuppress it and retry", async () => {
    const email = "bounce@example.test";
    const page = await callRoute(emailLogLoader, makeRequest(`/admin/emails?email=${encodeURIComponent(email)}`, { cookie: staffCookie }));
    expect(page.status).toBe(200);
    const log = page.data as Awaited<ReturnType<typeof emailLogLoader>>;
    expect(log.smtpConfigured).toBe(true);
    expect(log.rows.map((r) => r.status)).toEqual(["suppressed", "failed"]);
    expect(log.counts.failed).toBe(2); // this bounce, and the address that stayed busy
    expect(log.why).toMatchObject({ found: true, email, placeholder: false, emailOnStatus: true, bannedAt: null });
    const why = log.why as Extract<typeof log.why, { found: true }>;
    expect(why.suppressedAt).not.toBeNull();
    expect(why.subscriptions).toEqual([expect.objectContaining({ title: "Keyboard shortcuts for triage", state: "subscribed" })]);

    const unknown = await callRoute(emailLogLoader, makeRequest(`/admin/emails?email=nobody%40example.test`, { cookie: staffCookie }));
    expect((unknown.data as typeof log).why).toEqual({ found: false, email: "nobody@example.test" });

    // The mailbox exists again: staff clear the suppression, then retry every failed row.
    sink.accept(email);
    const unsuppress = await callRoute(
      emailLogAction,
      makeRequest(`/admin/emails?email=${encodeURIComponent(email)}`, { cookie: staffCookie, form: { intent: "unsuppress", userId: String(why.userId) } }),
    );
    expect(unsuppress.status).toBe(302);
    expect(unsuppress.location).toBe(`/admin/emails?email=${encodeURIComponent(email)}&done=unsuppressed`);
    expect(userRow(why.userId).emailSuppressedAt).toBeNull();

    const retry = await callRoute(emailLogAction, makeRequest("/admin/emails", { cookie: staffCookie, form: { intent: "retryFailed" } }));
    expect(retry.status).toBe(302);
    expect(retry.location).toBe("/admin/emails?done=retried&count=2");
    expect(outboxRowsTo(email)[0]).toMatchObject({ status: "pending", attempts: 0 });
    expect(outboxRowsTo("busy@example.test")[0]).toMatchObject({ status: "pending", attempts: 0 });

    expect(await drainOutbox()).toEqual({ sent: 2, retried: 0, failed: 0, suppressed: 0 });
    expect(sink.to(email)).toHaveLength(1);
    expect(sink.to("busy@example.test")).toHaveLength(1);
    expect(outboxRowsTo(email).map((r) => r.status)).toEqual(["sent", "suppressed"]);

    // Retrying one row by id brings the suppressed notice back too.
    const suppressedId = outboxRowsTo(email)[1].id;
    const one = await callRoute(emailLogAction, makeRequest("/admin/emails", { cookie: staffCookie, form: { intent: "retry", id: String(suppressedId) } }));
    expect(one.location).toBe("/admin/emails?done=retried&count=1");
    expect(await drainOutbox()).toEqual({ sent: 1, retried: 0, failed: 0, suppressed: 0 });
    expect(outboxRowsTo(email).map((r) => r.status)).toEqual(["sent", "sent"]);
  });

  it("previews one row in the recipient's language and answers 404 for unknown ids and 403 for customers", async () => {
    const [row] = outboxRowsTo("salma@example.test");
    const preview = await callRoute(emailPreviewLoader, makeRequest(`/admin/emails/${row.id}`, { cookie: staffCookie }), { id: String(row.id) });
    expect(preview.status).toBe(200);
    const data = preview.data as { subject: string; html: string; text: string; row: { messageId: string; toEmail: string } };
    expect(data.row.messageId).toBe(messageIdOf(row));
    expect(data.row.toEmail).toBe("salma@example.test");
    expect(data.html).toMatch(/<html[^>]*\bdir="rtl"/);

    const missing = await callRoute(emailPreviewLoader, makeRequest("/admin/emails/987654", { cookie: staffCookie }), { id: "987654" });
    expect(missing.status).toBe(404);
    const customer = await createUser();
    const customerCookie = await sessionCookie(customer.id);
    expect((await callRoute(emailPreviewLoader, makeRequest(`/admin/emails/${row.id}`, { cookie: customerCookie }), { id: String(row.id) })).status).toBe(403);
    expect((await callRoute(emailLogLoader, makeRequest("/admin/emails", { cookie: customerCookie }))).status).toBe(403);
    expect((await callRoute(emailLogAction, makeRequest("/admin/emails", { cookie: customerCookie, form: { intent: "retryFailed" } }))).status).toBe(403);
  });

  it("pages older rows with a keyset cursor", async () => {
    const all = await callRoute(emailLogLoader, makeRequest("/admin/emails", { cookie: staffCookie }));
    const ids = (all.data as Awaited<ReturnType<typeof emailLogLoader>>).rows.map((r) => r.id);
    expect(ids.length).toBeGreaterThan(2);
    const older = await callRoute(emailLogLoader, makeRequest(`/admin/emails?before=${ids[1]}`, { cookie: staffCookie }));
    expect((older.data as Awaited<ReturnType<typeof emailLogLoader>>).rows.map((r) => r.id)).toEqual(ids.slice(2));
  });
});

describe("without SMTP configured", () => {
  it("keeps rows as not_configured, sends nothing, and sends them once SMTP is set", async () => {
    stopOutboxWorker();
    delete process.env.SMTP_URL;
    const user = await createUser({ displayName: "Patient", email: "patient@example.test" });
    const postId = await createTestPost(user, "Slack integration");
    expect((await changeStatus(postId, "planned", "", staff)).ok).toBe(true);
    expect(outboxRowsTo(user.email).map((r) => r.status)).toEqual(["not_configured"]);
    expect(await drainOutbox()).toEqual({ sent: 0, retried: 0, failed: 0, suppressed: 0 });
    expect(outboxRowsTo(user.email).map((r) => r.status)).toEqual(["not_configured"]);

    const page = await callRoute(emailLogLoader, makeRequest("/admin/emails", { cookie: staffCookie }));
    const log = page.data as Awaited<ReturnType<typeof emailLogLoader>>;
    expect(log.smtpConfigured).toBe(false);
    expect(log.counts.not_configured).toBe(1);

    process.env.SMTP_URL = sink.url;
    expect(releaseUnconfiguredRows(Date.now())).toBe(1);
    expect(await drainOutbox()).toEqual({ sent: 1, retried: 0, failed: 0, suppressed: 0 });
    expect(outboxRowsTo(user.email).map((r) => r.status)).toEqual(["sent"]);
    const mails = sink.to(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe("Planned: Slack integration");
    stopOutboxWorker();
  });
});

// Last: its failed row would change the counts the email log tests above expect.
describe("a payload that does not fit its template", () => {
  it("fails a row whose payload does not fit its template, saying why, and still sends the others", async () => {
    const author = await createUser({ displayName: "Garbled", email: "garbled@example.test" });
    const voter = await createUser({ displayName: "Intact", email: "intact@example.test" });
    const postId = await createTestPost(author, "Offline mode for the widget");
    castVote(postId, voter);
    expect((await changeStatus(postId, "planned", "", staff)).ok).toBe(true);
    const [row] = outboxRowsTo(author.email);
    const setPayload = (payload: string) =>
      getDb().update(emailOutbox).set({ payload, status: "pending", nextAttemptAt: 0 }).where(eq(emailOutbox.id, row.id)).run();
    setPayload(JSON.stringify({ siteName: "Test board", postId: "seven", status: "planned" }));

    expect(await drainOutbox()).toEqual({ sent: 1, retried: 0, failed: 1, suppressed: 0 });
    const [failed] = outboxRowsTo(author.email);
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed.lastError).toMatch(/status_change email does not fit its template/);
    expect(failed.lastError).toMatch(/postId: Expected number, received string/);
    expect(failed.lastError).toMatch(/title: Required/);
    expect(sink.to(author.email)).toHaveLength(0);
    expect(sink.to(voter.email)).toHaveLength(1);
    expect(userRow(author.id).emailSuppressedAt).toBeNull();

    // Not JSON at all: failed the same way; the staff preview shows why instead of the email.
    setPayload("{not json");
    expect(await drainOutbox()).toEqual({ sent: 0, retried: 0, failed: 1, suppressed: 0 });
    expect(outboxRowsTo(author.email)[0].lastError).toMatch(/status_change email is not JSON/);
    const preview = await callRoute(emailPreviewLoader, makeRequest(`/admin/emails/${row.id}`, { cookie: staffCookie }), { id: String(row.id) });
    expect(preview.status).toBe(200);
    expect((preview.data as { unreadable: string }).unreadable).toMatch(/status_change email is not JSON/);
  });
});
