// The weekly staff digest (issue 13): when it goes out (Monday 08:00 in the site's time
// zone, with injected clocks), that it goes out once per week whatever restarts, to whom,
// what it says (from a known data set), how it reads over real SMTP in Arabic, the
// /admin/digest preview and test send, and the two settings it adds.
import { JSDOM } from "jsdom";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/db/client.server";
import { digestRuns, emailOutbox, posts, users } from "~/db/schema";
import { renderEmail } from "~/emails/render.server";
import { safeParseEmail } from "~/emails/templates";
import type { DigestPayload } from "~/emails/templates/weekly-digest";
import { writeSettings } from "~/models/settings.server";
import { action as digestAction, loader as digestLoader } from "~/routes/admin.digest";
import { action as settingsAction } from "~/routes/admin.settings";
import { action as preferencesAction } from "~/routes/settings.notifications";
import type { SessionUser } from "~/services/auth.server";
import { buildDigest, dueDigest, sendDueDigest } from "~/services/digest.server";
import type { InsightsSummary, Verbatim } from "~/services/insights-types";
import { drainOutbox } from "~/services/outbox.server";
import { getSiteSettings } from "~/services/site.server";
import { castVote } from "~/services/votes.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";
import { closeSinkAndWorker, startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { XSS_VECTORS } from "../unit/xss-vectors";

// The metrics and verbatims come from the insights modules (their own tests check them);
// here they are given, so the digest's use of them can be checked exactly.
const given = vi.hoisted(() => ({ summary: null as InsightsSummary | null, verbatims: [] as Verbatim[] }));
vi.mock("~/services/insights.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/services/insights.server")>();
  return { ...real, getInsightsSummary: (scope: Parameters<typeof real.getInsightsSummary>[0]) => given.summary ?? real.getInsightsSummary(scope) };
});
vi.mock("~/services/verbatims.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/services/verbatims.server")>();
  return { ...real, listVerbatims: () => ({ items: given.verbatims, nextCursor: null }) };
});

const PUBLIC_URL = "http://closeloop.test";
const at = (iso: string) => Date.parse(iso);
const db = () => getDb();

let sink: SmtpSink;
let admin: SessionUser;
let layla: SessionUser; // staff, reads Arabic
let olly: SessionUser; // staff, opted out
let banned: SessionUser;
let bounced: SessionUser; // staff whose address is suppressed
let customer: SessionUser;

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.PUBLIC_URL = PUBLIC_URL;
  ({ admin } = await seedSite());
  layla = await createUser({ role: "staff", displayName: "ليلى", email: "layla@example.test" });
  olly = await createUser({ role: "staff", displayName: "Olly", email: "olly@example.test" });
  banned = await createUser({ role: "staff", displayName: "Ben", email: "ben@example.test" });
  bounced = await createUser({ role: "staff", displayName: "Bea", email: "bea@example.test" });
  customer = await createUser({ displayName: "Cora", email: "cora@example.test" });
  db().update(users).set({ locale: "ar" }).where(eq(users.id, layla.id)).run();
  db().update(users).set({ emailWeeklyDigest: false }).where(eq(users.id, olly.id)).run();
  db().update(users).set({ bannedAt: Date.now() }).where(eq(users.id, banned.id)).run();
  db().update(users).set({ emailSuppressedAt: Date.now() }).where(eq(users.id, bounced.id)).run();
});

afterAll(async () => {
  await closeSinkAndWorker(sink);
});

const digestRows = (week: string) =>
  db()
    .select()
    .from(emailOutbox)
    .where(like(emailOutbox.dedupeKey, `weekly_digest:${week}:%`))
    .all();
const payloadOf = (row: { payload: string }) => JSON.parse(row.payload) as DigestPayload;

describe("when the digest goes out", () => {
  it("sends nothing before Monday 08:00, sends at 08:00, and nothing more that morning however often it runs", () => {
    expect(getSiteSettings().timezone).toBe("UTC");
    expect(sendDueDigest(at("2026-12-06T23:59:00Z"))).toBeNull(); // Sunday night
    expect(sendDueDigest(at("2026-12-07T07:59:59Z"))).toBeNull(); // Monday, a second early
    expect(digestRows("2026-W50")).toHaveLength(0);

    expect(sendDueDigest(at("2026-12-07T08:00:00Z"))).toEqual({ week: "2026-W50", recipients: 3 });
    const rows = digestRows("2026-W50");
    // Staff and admins who keep it on; a suppressed address gets a row that is never sent.
    expect(rows.map((r) => r.userId).sort()).toEqual([admin.id, layla.id, bounced.id].sort());
    expect(rows.find((r) => r.userId === bounced.id)?.status).toBe("suppressed");
    expect(rows.find((r) => r.userId === layla.id)).toMatchObject({ status: "pending", locale: "ar", template: "weekly_digest" });
    expect(db().select().from(digestRuns).where(eq(digestRuns.week, "2026-W50")).get()).toMatchObject({ recipients: 3 });
    // It covers the week before: Monday 30 November to Monday 7 December.
    expect(payloadOf(rows[0])).toMatchObject({ week: "2026-W50", from: at("2026-11-30T00:00:00Z"), to: at("2026-12-07T00:00:00Z") });

    // A restart, the five-minute timer, a restart in the afternoon: nothing more.
    for (const later of ["2026-12-07T08:00:00Z", "2026-12-07T08:05:00Z", "2026-12-07T15:00:00Z", "2026-12-07T23:59:59Z"]) {
      expect(sendDueDigest(at(later))).toBeNull();
    }
    expect(digestRows("2026-W50")).toHaveLength(3);
    expect(db().select().from(emailOutbox).where(eq(emailOutbox.template, "weekly_digest")).all()).toHaveLength(3);
  });

  it("is sent by a server that was down at 08:00 when it comes back that Monday, but never on Tuesday", () => {
    // Down all of Monday 14 December: on Tuesday that week's digest is not sent late.
    expect(sendDueDigest(at("2026-12-15T09:00:00Z"))).toBeNull();
    expect(digestRows("2026-W51")).toHaveLength(0);
    // Started at 15:00 on Monday 21 December: it goes then.
    expect(sendDueDigest(at("2026-12-21T15:00:00Z"))).toEqual({ week: "2026-W52", recipients: 3 });
    expect(sendDueDigest(at("2026-12-22T08:00:00Z"))).toBeNull();
    expect(digestRows("2026-W52")).toHaveLength(3);
  });

  it("reads Monday 08:00 in the site's time zone (Riyadh UTC+3, Tehran UTC+3:30)", () => {
    writeSettings({ timezone: "Asia/Riyadh" });
    expect(sendDueDigest(at("2026-12-28T04:59:00Z"))).toBeNull(); // 07:59 in Riyadh
    expect(sendDueDigest(at("2026-12-28T05:00:00Z"))).toEqual({ week: "2026-W53", recipients: 3 });
    expect(payloadOf(digestRows("2026-W53")[0])).toMatchObject({ from: at("2026-12-20T21:00:00Z"), to: at("2026-12-27T21:00:00Z") });

    writeSettings({ timezone: "Asia/Tehran" });
    // Sunday 21:00 UTC is already Monday 00:30 in Tehran, and not yet 08:00.
    expect(dueDigest(at("2027-01-03T21:00:00Z"), "Asia/Tehran")).toBeNull();
    expect(sendDueDigest(at("2027-01-04T04:29:00Z"))).toBeNull(); // 07:59 in Tehran
    expect(sendDueDigest(at("2027-01-04T04:30:00Z"))).toEqual({ week: "2027-W01", recipients: 3 });
    // Later that Monday: nothing more.
    expect(sendDueDigest(at("2027-01-04T08:00:00Z"))).toBeNull();
    writeSettings({ timezone: "UTC" });
  });
});

describe("what the digest says", () => {
  it("counts and lists the week's new posts, the most voted, what waits for triage, and the metrics' change", async () => {
    const from = Date.now();
    const voters = await Promise.all([1, 2, 3].map((n) => createUser({ displayName: `Voter ${n}` })));
    const ids = {
      quiet: await createTestPost(customer, "Quiet idea"),
      loved: await createTestPost(customer, "Loved idea"),
      liked: await createTestPost(customer, "Liked idea"),
      triaged: await createTestPost(customer, "Triaged idea"),
      gone: await createTestPost(customer, "Deleted idea"),
      declined: await createTestPost(customer, "Declined idea"),
      old: await createTestPost(customer, "Old untriaged idea"),
    };
    for (const voter of voters) castVote(ids.loved, voter);
    for (const voter of voters.slice(0, 2)) castVote(ids.liked, voter);
    db().update(posts).set({ kind: "bug" }).where(eq(posts.id, ids.triaged)).run();
    db().update(posts).set({ deletedAt: Date.now() }).where(eq(posts.id, ids.gone)).run();
    db().update(posts).set({ status: "declined" }).where(eq(posts.id, ids.declined)).run();
    // Written a month ago: not new this week, and the oldest waiting for triage.
    db()
      .update(posts)
      .set({ createdAt: from - 30 * 86_400_000 })
      .where(eq(posts.id, ids.old))
      .run();
    given.summary = summaryWith({ nps: [32, 27, 40], ces: [null, 80, 0], csat: [75, 75, 12], ttrMedian: [30, 42, 6], shipped: 2, notified: 14 });
    given.verbatims = [verbatim(1, "Search finally finds Arabic words")];

    const digest = buildDigest(from, Date.now() + 1000);
    // New: quiet, loved, liked, triaged, declined (the deleted one is no news, the old one not new).
    expect(digest.newPosts.total).toBe(5);
    expect(digest.newPosts.top.map((p) => p.id).slice(0, 2)).toEqual([ids.loved, ids.liked]);
    expect(digest.newPosts.top).toHaveLength(5);
    // Votes gained this week: each author's own vote, plus 3 and 2.
    expect(digest.mostVoted.slice(0, 2)).toEqual([
      { id: ids.loved, title: "Loved idea", count: 4 },
      { id: ids.liked, title: "Liked idea", count: 3 },
    ]);
    expect(digest.mostVoted.map((p) => p.id)).not.toContain(ids.gone);
    // Waiting for triage: no kind, still in play, not deleted; the oldest first.
    const untriaged = db()
      .select()
      .from(posts)
      .all()
      .filter((p) => p.kind === null && p.deletedAt === null && !["shipped", "declined"].includes(p.status));
    expect(digest.triage.total).toBe(untriaged.length);
    expect(digest.triage.oldest[0]).toMatchObject({ id: ids.old, title: "Old untriaged idea" });
    expect(digest.triage.oldest.map((p) => p.id)).not.toContain(ids.triaged);
    expect(digest.triage.oldest.map((p) => p.id)).not.toContain(ids.declined);
    expect(digest.loops).toEqual({ shipped: 2, votersNotified: 14, solvedYes: 5, solvedPartly: 2, solvedNo: 1 });
    expect(digest.metrics.nps).toEqual({ value: 32, previous: 27, responses: 40 });
    expect(digest.verbatims).toEqual([{ kind: "nps", score: 3, reason: "Search finally finds Arabic words" }]);

    const email = renderEmail({
      email: { template: "weekly_digest", payload: { siteName: "Test board", week: "2026-W49", ...digest } },
      locale: "en",
      userId: admin.id,
      recipientName: "Admin",
    });
    expect(email.text).toContain("5 new ideas this week.");
    expect(email.text).toContain("NPS: 32 (up 5 since last week; 40 answers)");
    expect(email.text).toContain("CES (found it easy): no data this week");
    expect(email.text).toContain("CSAT: 75% (unchanged since last week; 12 answers)");
    expect(email.text).toContain("Time to resolution (median): 30 h (down 12 since last week; 6 ideas resolved)");
    expect(email.text).toContain("“Did this solve it?”: 5 yes, 2 partly, 1 no");
    expect(email.text).toContain(`Loved idea · +4 votes: ${PUBLIC_URL}/posts/${ids.loved}`);
    expect(email.html).toContain(`href="${PUBLIC_URL}/admin/insights"`);
    expect(email.html).toContain(`href="${PUBLIC_URL}/settings/notifications"`);
  });

  it("reaches an Arabic reader over real SMTP, right to left, with what customers wrote in its own direction", async () => {
    given.verbatims = [verbatim(2, "البحث لا يجد الكلمات <b>أبداً</b>")];
    expect(sendDueDigest(at("2027-01-11T08:00:00Z"))).toMatchObject({ week: "2027-W02" });
    const drained = await drainOutbox(() => at("2027-01-11T08:01:00Z"));
    expect(drained.sent).toBeGreaterThanOrEqual(2);
    const arabic = sink.to(layla.email).find((mail) => String(mail.html).includes("البحث لا يجد"));
    expect(arabic).toBeDefined();
    const html = String(arabic!.html);
    expect(html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(arabic!.subject).toContain("ملخصك الأسبوعي");
    const page = new JSDOM(html).window.document;
    const quote = [...page.querySelectorAll("blockquote")].find((q) => q.textContent?.includes("البحث"));
    expect(quote?.getAttribute("dir")).toBe("auto");
    // Escaped: the customer's "<b>" is text, not markup.
    expect(quote?.textContent).toBe("البحث لا يجد الكلمات <b>أبداً</b>");
    expect(quote?.querySelector("b")).toBeNull();
    // Every post title is a link of its own direction.
    const titles = [...page.querySelectorAll(`a[href^="${PUBLIC_URL}/posts/"]`)];
    expect(titles.length).toBeGreaterThan(0);
    for (const a of titles) expect(a.getAttribute("dir")).toBe("auto");
    expect(page.querySelector(`a[href="${PUBLIC_URL}/admin/insights"]`)?.textContent).toBe("افتح صفحة المؤشرات");
    expect(page.querySelector(`a[href="${PUBLIC_URL}/settings/notifications"]`)?.textContent).toBe("أوقف الملخص الأسبوعي");
    // The English reader's copy of the same digest reads left to right.
    const english = sink.to(admin.email).find((mail) => String(mail.html).includes("البحث لا يجد"));
    expect(String(english?.html)).toMatch(/<html lang="en" dir="ltr">/);
    // Nobody opted out, banned, suppressed or a customer received it.
    for (const someone of [olly, banned, bounced, customer]) expect(sink.to(someone.email)).toHaveLength(0);
  });

  it("escapes every XSS vector in post titles and verbatims", () => {
    for (const vector of XSS_VECTORS) {
      const line = { id: 1, title: vector.input, count: 1 };
      const payload: DigestPayload = {
        siteName: "Test board",
        week: "2026-W49",
        from: 0,
        to: 1,
        newPosts: { total: 1, top: [line] },
        mostVoted: [line],
        triage: { total: 1, oldest: [{ id: 1, title: vector.input, createdAt: 0 }] },
        loops: { shipped: 0, votersNotified: 0, solvedYes: 0, solvedPartly: 0, solvedNo: 0 },
        metrics: { nps: noFigure, ces: noFigure, csat: noFigure, ttrMedianHours: noFigure },
        verbatims: [{ kind: "csat", score: 1, reason: vector.input }],
      };
      const read = safeParseEmail("weekly_digest", JSON.stringify(payload));
      expect(read.success, vector.name).toBe(true);
      if (!read.success) continue;
      for (const locale of ["en", "ar"] as const) {
        const { html } = renderEmail({ email: read.data, locale, userId: admin.id, recipientName: "Admin" });
        const page = new JSDOM(html).window.document;
        const elements = [...page.querySelectorAll("*")];
        expect(page.querySelectorAll("script, iframe, object, embed, svg, img, style, template").length, vector.name).toBe(0);
        for (const el of elements) {
          for (const attribute of [...el.attributes]) {
            expect(attribute.name.startsWith("on"), `${vector.name}: ${attribute.name}`).toBe(false);
            expect(/^\s*(javascript|data|vbscript):/i.test(attribute.value), `${vector.name}: ${attribute.value}`).toBe(false);
          }
        }
        // The text reads as it was written: three links and one quote.
        const links = [...page.querySelectorAll(`a[href="${PUBLIC_URL}/posts/1"]`)];
        expect(links.map((a) => a.textContent)).toEqual([vector.input, vector.input, vector.input]);
        expect(page.querySelector("blockquote")?.textContent, vector.name).toBe(vector.input);
      }
    }
  });
});

describe("/admin/digest", () => {
  it("previews this week's digest in the viewer's language, through the email's renderer", async () => {
    given.verbatims = [verbatim(3, "Preview verbatim")];
    const res = await callRoute(digestLoader, makeRequest("/admin/digest", { cookie: await sessionCookie(layla.id) }));
    expect(res.status).toBe(200);
    const preview = res.data as { html: string; subject: string; week: string };
    expect(preview.html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(preview.html).toContain("Preview verbatim");
    expect(preview.subject).toContain("ملخصك الأسبوعي");
    // No link in the preview leads anywhere (the email log's inert links).
    expect(preview.html).not.toContain(`href="${PUBLIC_URL}/posts/`);
  });

  it("sends the viewer alone a test, whatever their digest setting, a few an hour", async () => {
    const cookie = await sessionCookie(olly.id);
    const before = db().select().from(emailOutbox).all().length;
    for (let i = 0; i < 5; i++) {
      const sent = await callRoute(digestAction, makeRequest("/admin/digest", { cookie, form: { intent: "sendTest" } }));
      expect(sent).toMatchObject({ status: 302, location: "/admin/digest?sent=1" });
    }
    const tests = db().select().from(emailOutbox).where(like(emailOutbox.dedupeKey, "weekly_digest:test:%")).all();
    expect(tests).toHaveLength(5);
    expect(new Set(tests.map((r) => r.userId))).toEqual(new Set([olly.id]));
    expect(payloadOf(tests[0]).test).toBe(true);
    expect(db().select().from(emailOutbox).all().length).toBe(before + 5);

    const sixth = await callRoute(digestAction, makeRequest("/admin/digest", { cookie, form: { intent: "sendTest" } }));
    expect(sixth.status).toBe(429);
    expect(sixth.data).toMatchObject({ intent: "sendTest", reply: { error: { "": ["error.rateLimited"] } } });
    expect(db().select().from(emailOutbox).all().length).toBe(before + 5);
  });

  it("is for staff only", async () => {
    const customerCookie = await sessionCookie(customer.id);
    expect((await callRoute(digestLoader, makeRequest("/admin/digest", { cookie: customerCookie }))).status).toBe(403);
    expect((await callRoute(digestLoader, makeRequest("/admin/digest"))).status).toBe(404);
    const refused = await callRoute(digestAction, makeRequest("/admin/digest", { cookie: customerCookie, form: { intent: "sendTest" } }));
    expect(refused.status).toBe(403);
    expect(db().select().from(emailOutbox).where(eq(emailOutbox.userId, customer.id)).all()).toHaveLength(0);
  });
});

describe("the settings the digest adds", () => {
  it("takes a time zone Intl knows and refuses another by the field, keeping what was typed", async () => {
    const cookie = await sessionCookie(admin.id);
    const bad = await callRoute(settingsAction, makeRequest("/admin/settings", { cookie, form: { intent: "schedule", timezone: "Mars/Olympus" } }));
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({
      intent: "schedule",
      reply: { error: { timezone: ["error.timezoneInvalid"] }, initialValue: { timezone: "Mars/Olympus" } },
    });
    expect(getSiteSettings().timezone).toBe("UTC");
    const good = await callRoute(settingsAction, makeRequest("/admin/settings", { cookie, form: { intent: "schedule", timezone: "Asia/Tehran" } }));
    expect(good).toMatchObject({ status: 302, location: "/admin/settings?saved=1" });
    expect(getSiteSettings().timezone).toBe("Asia/Tehran");
    const staffOnly = await callRoute(
      settingsAction,
      makeRequest("/admin/settings", { cookie: await sessionCookie(layla.id), form: { intent: "schedule", timezone: "UTC" } }),
    );
    expect(staffOnly.status).toBe(403);
    writeSettings({ timezone: "UTC" });
  });

  it("lets staff turn the digest off and on from their notification settings; a customer's form leaves it alone", async () => {
    const row = (id: number) => db().select().from(users).where(eq(users.id, id)).get()!;
    const laylaCookie = await sessionCookie(layla.id);
    await callRoute(preferencesAction, makeRequest("/settings/notifications", { cookie: laylaCookie, form: { emailOnStatus: "on", emailOnComment: "on" } }));
    expect(row(layla.id)).toMatchObject({ emailWeeklyDigest: false, emailOnStatus: true });
    await callRoute(
      preferencesAction,
      makeRequest("/settings/notifications", { cookie: laylaCookie, form: { emailOnStatus: "on", emailOnComment: "on", emailWeeklyDigest: "on" } }),
    );
    expect(row(layla.id).emailWeeklyDigest).toBe(true);

    await callRoute(preferencesAction, makeRequest("/settings/notifications", { cookie: await sessionCookie(customer.id), form: { emailOnStatus: "on" } }));
    expect(row(customer.id)).toMatchObject({ emailWeeklyDigest: true, emailOnComment: false });
  });
});

const noFigure = { value: null, previous: null, responses: 0 };

function verbatim(answerId: number, reason: string): Verbatim {
  return {
    answerId,
    surveyId: 1,
    surveyName: "NPS",
    kind: answerId === 1 || answerId === 2 ? "nps" : "csat",
    score: 3,
    group: "detractor",
    reason,
    locale: "en",
    channel: "email",
    answeredAt: Date.now(),
    respondent: { id: 1, name: "Someone" },
    votedFor: [],
    postId: null,
  };
}

type Triple = [number | null, number | null, number];

/** A summary with the given [value, previous, responses] figures and loop counts. */
function summaryWith(f: { nps: Triple; ces: Triple; csat: Triple; ttrMedian: Triple; shipped: number; notified: number }): InsightsSummary {
  const figure = ([value, previous, responses]: Triple) => ({ value, previous, responses, previousResponses: responses });
  const loops = { shipped: f.shipped, votersNotified: f.notified, emailsDelivered: 0, solvedAnswers: 8 };
  const durations = { meanHours: null, medianHours: null, count: 0 };
  return {
    nps: { ...figure(f.nps), promoters: 0, passives: 0, detractors: 0, marginOfError: null },
    ces: figure(f.ces),
    csat: figure(f.csat),
    solved: { ...figure([62.5, null, 8]), yes: 5, partly: 2, no: 1 },
    ttr: { meanHours: null, medianHours: f.ttrMedian[0], count: f.ttrMedian[2], previous: { ...durations, medianHours: f.ttrMedian[1] } },
    firstResponse: { ...durations, previous: durations },
    loops: { ...loops, previous: loops },
  };
}
