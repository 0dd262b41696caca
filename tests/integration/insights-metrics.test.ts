// The insights' figures on a known data set, each compared with a hand calculation:
// NPS with its margin of error, CES, CSAT, "Did this solve it?", time to resolution and to
// first response per kind, board and owner, the loops closed, the previous period, the
// board and channel filters, the weekly series, and the CSV export.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, transaction } from "~/db/client.server";
import { emailOutbox, posts, type PostKind, type SurveyChannel, type SurveyKind } from "~/db/schema";
import { insertBoard } from "~/models/boards.server";
import { upsertCsatAnswer } from "~/models/solved-answers.server";
import { insertSurvey } from "~/models/surveys.server";
import { loader as exportLoader } from "~/routes/admin.insights_.export[.]csv";
import type { SessionUser } from "~/services/auth.server";
import { getBreakdown, getInsightsSummary, getWeeklySeries, npsMarginOfError } from "~/services/insights.server";
import type { InsightsScope } from "~/services/insights-types";
import { changeStatus } from "~/services/loop.server";
import { answerSurvey } from "~/services/surveys.server";
import { toggleVote } from "~/services/votes.server";
import { createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

const H = 3_600_000;
const DAY = 24 * H;
// A Monday, so the four weeks of the period are whole weeks.
const FROM = Date.UTC(2025, 0, 6);
const TO = FROM + 28 * DAY;
const PREV = FROM - 28 * DAY;
const period: InsightsScope = { from: FROM, to: TO };

let boardA: number;
let boardB: number;
let boardAName: string;
let boardASlug: string;
let staff: SessionUser;
let admin: SessionUser;
let staffCookie: string;
const customers: SessionUser[] = [];

function survey(kind: SurveyKind, name: string): number {
  return transaction((db) => insertSurvey(db, { name, kind, createdAt: PREV - DAY })).id;
}

function answer(user: SessionUser, surveyId: number, score: number, at: number, channel: SurveyChannel, boardId: number) {
  const result = answerSurvey(user.id, { surveyId, score, channel, locale: "en", boardId, now: at });
  if (!result.ok) throw new Error(JSON.stringify(result));
}

/** A post created at `createdAt`, of this kind, whose status staff change at the given hours after creation. */
async function post(
  kind: PostKind | null,
  board: "a" | "b",
  createdAt: number,
  changes: [hours: number, status: "planned" | "shipped" | "declined" | "open"][],
  ownerId?: number,
): Promise<number> {
  const author = await createUser();
  const id = await createTestPost(author, `Idea ${kind} ${createdAt}`, "", board === "a" ? boardASlug : "mobile");
  getDb()
    .update(posts)
    .set({ kind, createdAt, ownerId: ownerId ?? null })
    .where(eq(posts.id, id))
    .run();
  for (const [hours, status] of changes) {
    const changed = await changeStatus(id, status, "", staff, createdAt + hours * H);
    if (!changed.ok) throw new Error(JSON.stringify(changed));
  }
  return id;
}

let feat1: number;
let bug1: number;
let bug2: number;
let bugB: number;

beforeAll(async () => {
  let board;
  ({ admin, board } = await seedSite());
  boardA = board.id;
  boardAName = board.name;
  boardASlug = board.slug;
  boardB = insertBoard({ slug: "mobile", name: "Mobile", description: "" }).id;
  staff = await createUser({ role: "staff", displayName: "Sam Staff" });
  staffCookie = await sessionCookie(staff.id);
  for (let i = 0; i < 12; i++) customers.push(await createUser());
  const u = (n: number) => customers[n - 1];

  // ---- NPS: on board A, 5 promoters, 3 passives, 2 detractors (the worked example), over three weeks.
  const nps = survey("nps", "NPS this month");
  answer(u(1), nps, 10, FROM, "email", boardA); // exactly at `from`: counts
  answer(u(2), nps, 9, FROM + 1 * DAY, "email", boardA);
  answer(u(3), nps, 9, FROM + 2 * DAY, "email", boardA);
  answer(u(9), nps, 0, FROM + 3 * DAY, "in_app", boardA);
  answer(u(4), nps, 10, FROM + 7 * DAY, "in_app", boardA);
  answer(u(5), nps, 9, FROM + 8 * DAY, "in_app", boardA);
  answer(u(6), nps, 7, FROM + 9 * DAY, "email", boardA);
  answer(u(10), nps, 6, FROM + 10 * DAY, "in_app", boardA);
  answer(u(7), nps, 8, FROM + 14 * DAY, "email", boardA);
  answer(u(8), nps, 8, FROM + 15 * DAY, "email", boardA);
  // Board B, by phone: a detractor and a promoter.
  answer(u(11), nps, 3, FROM + 16 * DAY, "phone", boardB);
  answer(u(12), nps, 9, FROM + 17 * DAY, "phone", boardB);
  // The previous period (board A, email): 1 promoter, 1 passive, 2 detractors → −25. Two answers
  // just outside both periods do not count.
  const earlier = survey("nps", "NPS last month");
  answer(u(1), earlier, 10, PREV, "email", boardA);
  answer(u(2), earlier, 2, PREV + 5 * DAY, "email", boardA);
  answer(u(3), earlier, 3, FROM - 1, "email", boardA);
  answer(u(4), earlier, 8, PREV + 10 * DAY, "email", boardA);
  answer(u(5), earlier, 10, PREV - 1, "email", boardA);
  answer(u(6), earlier, 10, TO, "email", boardA);

  // ---- CES (email, board A, week 2): 7, 6, 6, 5, 3 → 3 of 5 in the top two boxes = 60 %.
  const ces = survey("ces", "Effort");
  [7, 6, 6, 5, 3].forEach((score, i) => answer(u(i + 1), ces, score, FROM + 7 * DAY + i * H, "email", boardA));
  // ---- CSAT (in-app, board A, week 3): 5, 4, 3, 2 → 2 of 4 = 50 %.
  const csat = survey("csat", "Satisfaction");
  [5, 4, 3, 2].forEach((score, i) => answer(u(i + 1), csat, score, FROM + 14 * DAY + i * H, "in_app", boardA));

  // ---- Posts. Board A, resolved in the period (hours from creation to shipped/declined):
  // bugs 10, 20, 60; feature requests 100, 200, 300, 1000; untriaged 5.
  bug1 = await post(
    "bug",
    "a",
    FROM + 1 * DAY,
    [
      [1, "planned"],
      [10, "shipped"],
    ],
    staff.id,
  );
  bug2 = await post(
    "bug",
    "a",
    FROM + 2 * DAY,
    [
      [3, "planned"],
      [20, "shipped"],
    ],
    staff.id,
  );
  await post("bug", "a", FROM + 3 * DAY, [[60, "declined"]]);
  feat1 = await post("feature_request", "a", FROM + 1 * DAY, [[100, "shipped"]], admin.id);
  const feat2 = await post("feature_request", "a", FROM + 2 * DAY, []);
  // Two voters follow feat2, so its shipping notifies three people (author + 2 voters).
  toggleVote(feat2, u(1), FROM + 2 * DAY + H);
  toggleVote(feat2, u(2), FROM + 2 * DAY + H);
  await changeStatus(feat2, "shipped", "", staff, FROM + 2 * DAY + 200 * H);
  await post("feature_request", "a", FROM + 3 * DAY, [[300, "declined"]]);
  // Created in the previous period, resolved in this one: it counts where it was resolved.
  await post("feature_request", "a", FROM - 20 * DAY, [[1000, "shipped"]]);
  await post(null, "a", FROM + 5 * DAY, [[5, "shipped"]]);
  // Shipped in the previous period (50 h), reopened, shipped again in this one: resolved and
  // shipped once, in the previous period.
  await post("feature_request", "a", PREV + 1 * DAY, [
    [50, "shipped"],
    [24 * 4, "open"],
    [24 * 34, "shipped"],
  ]);
  // Deleted and merged-away posts are left out of every duration and of "posts shipped".
  const deleted = await post("bug", "a", FROM + 1 * DAY, [[7, "shipped"]]);
  getDb()
    .update(posts)
    .set({ deletedAt: FROM + 20 * DAY })
    .where(eq(posts.id, deleted))
    .run();
  const merged = await post("bug", "a", FROM + 1 * DAY, [[9, "shipped"]]);
  getDb().update(posts).set({ mergedIntoId: bug1 }).where(eq(posts.id, merged)).run();
  // Board B: one bug, 40 h.
  bugB = await post("bug", "b", FROM + 1 * DAY, [[40, "shipped"]]);

  // ---- "Did this solve it?": board A 2 yes, 1 partly, 1 no; board B 1 yes; previous period 1 no.
  upsertCsatAnswer(feat1, u(1).id, "yes", FROM + 6 * DAY);
  upsertCsatAnswer(feat1, u(2).id, "yes", FROM + 6 * DAY);
  upsertCsatAnswer(bug1, u(1).id, "partly", FROM + 6 * DAY);
  upsertCsatAnswer(bug2, u(3).id, "no", FROM + 6 * DAY);
  upsertCsatAnswer(bugB, u(1).id, "yes", FROM + 6 * DAY);
  upsertCsatAnswer(feat1, u(4).id, "no", PREV + 6 * DAY);

  // ---- Emails the worker sent (no SMTP here, so the rows are settled by hand): three status
  // emails of board A in the period, one in the previous period, one failed; a changelog
  // email announcing board B's bug; a comment email, which never counts.
  const statusRows = getDb()
    .select({ id: emailOutbox.id, payload: emailOutbox.payload })
    .from(emailOutbox)
    .where(eq(emailOutbox.template, "status_change"))
    .all()
    .filter((row) => JSON.parse(row.payload).postId !== bugB);
  const settle = (id: number, status: "sent" | "failed", sentAt: number | null) =>
    getDb().update(emailOutbox).set({ status, sentAt }).where(eq(emailOutbox.id, id)).run();
  settle(statusRows[0].id, "sent", FROM + 3 * DAY);
  settle(statusRows[1].id, "sent", FROM + 4 * DAY);
  settle(statusRows[2].id, "sent", TO - 1);
  settle(statusRows[3].id, "sent", PREV + 2 * DAY);
  settle(statusRows[4].id, "failed", null);
  const extra = (template: "changelog" | "comment", payload: object, key: string) =>
    getDb()
      .insert(emailOutbox)
      .values({
        userId: u(1).id,
        toEmail: u(1).email,
        template,
        payload: JSON.stringify(payload),
        locale: "en",
        status: "sent",
        dedupeKey: key,
        sentAt: FROM + 9 * DAY,
      })
      .run();
  extra("changelog", { siteName: "Test board", entryId: 1, title: "Release", bodyHtml: "", posts: [{ id: bugB, title: "Bug B" }] }, "test:changelog");
  extra("comment", { postId: feat1 }, "test:comment");
});

const close = (digits = 6) => ({ toBeNear: (actual: number | null, expected: number) => expect(actual).toBeCloseTo(expected, digits) });

describe("survey figures", () => {
  it("NPS of 5 promoters, 3 passives and 2 detractors is 30, ±48.4 at 95 %", () => {
    const { nps } = getInsightsSummary({ ...period, boardId: boardA });
    expect({ promoters: nps.promoters, passives: nps.passives, detractors: nps.detractors, responses: nps.responses }).toEqual({
      promoters: 5,
      passives: 3,
      detractors: 2,
      responses: 10,
    });
    close().toBeNear(nps.value, 30);
    // p_P = 0.5, p_D = 0.2: variance 0.5 + 0.2 − 0.3² = 0.61; 1.96 × √(0.61 / 10) × 100 = 48.41
    close(1).toBeNear(nps.marginOfError, 48.4);
    close(6).toBeNear(nps.marginOfError, 1.96 * Math.sqrt(0.061) * 100);
  });

  it("the margin of error needs two answers", () => {
    expect(npsMarginOfError(1, 0, 1)).toBeNull();
    expect(npsMarginOfError(0, 0, 0)).toBeNull();
    // Two promoters: no spread at all.
    expect(npsMarginOfError(2, 0, 2)).toBe(0);
  });

  it("the previous period of the same length, and the answers at its edges", () => {
    const { nps } = getInsightsSummary({ ...period, boardId: boardA });
    // [PREV, FROM): 10 (at PREV), 2, 3 (at FROM − 1), 8; the answer at PREV − 1 and the one at TO are outside both.
    expect(nps.previousResponses).toBe(4);
    close().toBeNear(nps.previous, -25);
  });

  it("all boards: 6 promoters, 3 passives, 3 detractors of 12", () => {
    const { nps } = getInsightsSummary(period);
    expect(nps.responses).toBe(12);
    close().toBeNear(nps.value, 25);
    // p_P = 0.5, p_D = 0.25: 0.75 − 0.0625 = 0.6875; 1.96 × √(0.6875 / 12) × 100 = 46.91
    close(1).toBeNear(nps.marginOfError, 46.9);
  });

  it("CES is the share of 6–7 answers, CSAT of 4–5; no answers is no data, not 0", () => {
    const { ces, csat } = getInsightsSummary({ ...period, boardId: boardA });
    expect(ces).toEqual({ value: 60, responses: 5, previous: null, previousResponses: 0 });
    expect(csat).toEqual({ value: 50, responses: 4, previous: null, previousResponses: 0 });
  });

  it("the channel filter narrows the answers", () => {
    const email = getInsightsSummary({ ...period, channel: "email" });
    // 3 promoters and 3 passives by email.
    expect(email.nps.responses).toBe(6);
    close().toBeNear(email.nps.value, 50);
    expect(email.nps.previousResponses).toBe(4);
    expect(email.ces.value).toBe(60);
    expect(email.csat).toEqual({ value: null, responses: 0, previous: null, previousResponses: 0 });
    const phone = getInsightsSummary({ ...period, channel: "phone" });
    expect(phone.nps).toMatchObject({ value: 0, responses: 2, promoters: 1, detractors: 1 });
    const phoneOnA = getInsightsSummary({ ...period, channel: "phone", boardId: boardA });
    expect(phoneOnA.nps).toMatchObject({ value: null, responses: 0, marginOfError: null });
  });

  it('"Did this solve it?": yes / partly / no and % yes, per board', () => {
    const onA = getInsightsSummary({ ...period, boardId: boardA }).solved;
    expect(onA).toEqual({ value: 50, responses: 4, previous: 0, previousResponses: 1, yes: 2, partly: 1, no: 1 });
    const all = getInsightsSummary(period).solved;
    expect(all).toMatchObject({ value: 60, responses: 5, yes: 3 });
  });
});

describe("time to resolution and to first response", () => {
  it("the summary: mean and median over every kind, and the previous period", () => {
    const { ttr, firstResponse } = getInsightsSummary({ ...period, boardId: boardA });
    // [5, 10, 20, 60, 100, 200, 300, 1000]: mean 1695 / 8, median (60 + 100) / 2.
    expect(ttr.count).toBe(8);
    close().toBeNear(ttr.meanHours, 211.875);
    close().toBeNear(ttr.medianHours, 80);
    expect(ttr.previous).toEqual({ count: 1, meanHours: 50, medianHours: 50 });
    // First responses: planned after 1 h and 3 h, the other posts' first change: [1, 3, 5, 60, 100, 200, 300, 1000].
    expect(firstResponse.count).toBe(8);
    close().toBeNear(firstResponse.meanHours, 1669 / 8);
    close().toBeNear(firstResponse.medianHours, 80);
    expect(firstResponse.previous).toEqual({ count: 1, meanHours: 50, medianHours: 50 });
  });

  it("per kind: bugs and feature requests are never averaged together (odd and even counts)", () => {
    const byKind = new Map(getBreakdown({ ...period, boardId: boardA }).byKind.map((row) => [row.key, row]));
    expect([...byKind.keys()]).toEqual(["bug", "minor_bug", "feature_request", null]);
    // Bugs 10, 20, 60: mean 30, median 20.
    expect(byKind.get("bug")!.ttr).toEqual({ count: 3, meanHours: 30, medianHours: 20 });
    // Feature requests 100, 200, 300, 1000: mean 400, median 250.
    expect(byKind.get("feature_request")!.ttr).toEqual({ count: 4, meanHours: 400, medianHours: 250 });
    expect(byKind.get("minor_bug")!.ttr).toEqual({ count: 0, meanHours: null, medianHours: null });
    expect(byKind.get(null)!.ttr).toEqual({ count: 1, meanHours: 5, medianHours: 5 });
    // First response of bugs: 1, 3, 60.
    expect(byKind.get("bug")!.firstResponse.count).toBe(3);
    close().toBeNear(byKind.get("bug")!.firstResponse.meanHours, 64 / 3);
    expect(byKind.get("bug")!.firstResponse.medianHours).toBe(3);
    expect(byKind.get("bug")!.nps).toBeNull();
  });

  it("all boards: board B's bug joins the bugs", () => {
    const bugs = getBreakdown(period).byKind.find((row) => row.key === "bug")!;
    // 10, 20, 40, 60: mean 32.5, median 30.
    expect(bugs.ttr).toEqual({ count: 4, meanHours: 32.5, medianHours: 30 });
    expect(getInsightsSummary(period).ttr.count).toBe(9);
  });

  it("per owner, unassigned last with an empty label", () => {
    const byOwner = getBreakdown(period).byOwner;
    expect(byOwner.map((row) => [row.key, row.label])).toEqual([
      [admin.id, "Admin"],
      [staff.id, "Sam Staff"],
      [null, ""],
    ]);
    expect(byOwner[0].ttr).toEqual({ count: 1, meanHours: 100, medianHours: 100 });
    expect(byOwner[1].ttr).toEqual({ count: 2, meanHours: 15, medianHours: 15 });
    // 5, 40, 60, 200, 300, 1000: median (60 + 200) / 2.
    expect(byOwner[2].ttr).toMatchObject({ count: 6, medianHours: 130 });
  });
});

describe("loops closed", () => {
  it("posts shipped for the first time, voters notified, emails delivered, solved answers", () => {
    const { loops } = getInsightsSummary({ ...period, boardId: boardA });
    // Shipped first in the period: bug1, bug2, feat1, feat2, the 1000 h feature, the untriaged post.
    // Not: the post first shipped in the previous period and again now; the deleted and merged ones.
    expect(loops.shipped).toBe(6);
    // Shipped notices: one author each for 5 of those, feat2's author + 2 voters, the re-ship's
    // author, and the deleted and merged posts' authors (they were notified before).
    expect(loops.votersNotified).toBe(11);
    expect(loops.emailsDelivered).toBe(3);
    expect(loops.solvedAnswers).toBe(4);
    expect(loops.previous).toEqual({ shipped: 1, votersNotified: 1, emailsDelivered: 1, solvedAnswers: 1 });
  });

  it("a changelog email counts for the board of an idea it announces", () => {
    const onB = getInsightsSummary({ ...period, boardId: boardB }).loops;
    expect(onB).toMatchObject({ shipped: 1, votersNotified: 1, emailsDelivered: 1, solvedAnswers: 1 });
    expect(getInsightsSummary(period).loops).toMatchObject({ shipped: 7, votersNotified: 12, emailsDelivered: 4, solvedAnswers: 5 });
  });
});

describe("weekly series", () => {
  it("one point per Monday, with nulls for weeks without data", () => {
    const weeks = getWeeklySeries({ ...period, boardId: boardA });
    expect(weeks.map((w) => w.weekStart)).toEqual([FROM, FROM + 7 * DAY, FROM + 14 * DAY, FROM + 21 * DAY]);
    expect(weeks.map((w) => [w.nps, w.npsResponses])).toEqual([
      [50, 4],
      [25, 4],
      [0, 2],
      [null, 0],
    ]);
    expect(weeks.map((w) => w.ces)).toEqual([null, 60, null, null]);
    expect(weeks.map((w) => w.csat)).toEqual([null, null, 50, null]);
    // Resolved in week 1: 5, 10, 20, 60, 100 → 20; then 200, 300, 1000.
    expect(weeks.map((w) => w.ttrMedianHours)).toEqual([20, 200, 300, 1000]);
  });

  it("a period starting mid-week starts at that week's Monday and counts only its own days", () => {
    const weeks = getWeeklySeries({ from: FROM + 2 * DAY, to: FROM + 9 * DAY, boardId: boardA });
    expect(weeks.map((w) => w.weekStart)).toEqual([FROM, FROM + 7 * DAY]);
    // Week 1 from Wednesday: u3 (9) and u9 (0); week 2 to Tuesday: u4 (10), u5 (9).
    expect(weeks.map((w) => [w.nps, w.npsResponses])).toEqual([
      [0, 2],
      [100, 2],
    ]);
  });
});

describe("breakdown", () => {
  it("by board and by channel", () => {
    const { byBoard, byChannel } = getBreakdown(period);
    const a = byBoard.find((row) => row.key === boardA)!;
    const b = byBoard.find((row) => row.key === boardB)!;
    expect(a).toMatchObject({ label: boardAName, nps: 30, npsResponses: 10, ces: 60, csat: 50, responses: 19 });
    expect(a.ttr.count).toBe(8);
    expect(b).toMatchObject({ label: "Mobile", nps: 0, npsResponses: 2, ces: null, csat: null, responses: 2 });
    expect(b.ttr).toEqual({ count: 1, meanHours: 40, medianHours: 40 });
    const channels = new Map(byChannel.map((row) => [row.key, row]));
    expect([...channels.keys()]).toEqual(["in_app", "email", "link", "phone", "chat", "in_person"]);
    expect(channels.get("email")).toMatchObject({ nps: 50, npsResponses: 6, ces: 60, csat: null, responses: 11 });
    expect(channels.get("in_app")).toMatchObject({ nps: 0, npsResponses: 4, csat: 50, responses: 8 });
    expect(channels.get("link")).toMatchObject({ nps: null, responses: 0 });
  });

  it("a board filter keeps only that board's row; a channel filter only that channel's", () => {
    const { byBoard, byChannel } = getBreakdown({ ...period, boardId: boardB, channel: "phone" });
    expect(byBoard.map((row) => row.key)).toEqual([boardB]);
    expect(byChannel.map((row) => [row.key, row.nps, row.npsResponses])).toEqual([["phone", 0, 2]]);
  });
});

describe("GET /admin/insights/export.csv", () => {
  it("one row per metric, with a UTF-8 byte-order mark and the dates in the file name", async () => {
    const response = (await exportLoader({
      request: makeRequest(`/admin/insights/export.csv?from=2025-01-06&to=2025-02-02&board=${boardASlug}`, { cookie: staffCookie }),
      params: {},
      context: {},
    } as never)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="insights-2025-01-06-to-2025-02-02-${boardASlug}.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split("\r\n");
    expect(lines).toEqual([
      "metric,period_start,period_end,value,responses",
      "nps,2025-01-06,2025-02-02,30,10",
      "ces,2025-01-06,2025-02-02,60,5",
      "csat,2025-01-06,2025-02-02,50,4",
      "solved_yes_pct,2025-01-06,2025-02-02,50,4",
      "ttr_median_hours,2025-01-06,2025-02-02,80,8",
      "ttr_mean_hours,2025-01-06,2025-02-02,211.88,8",
      "first_response_median_hours,2025-01-06,2025-02-02,80,8",
      "first_response_mean_hours,2025-01-06,2025-02-02,208.63,8",
    ]);
  });

  it("an empty value means no data", async () => {
    const response = (await exportLoader({
      request: makeRequest("/admin/insights/export.csv?from=2020-01-01&to=2020-01-31", { cookie: staffCookie }),
      params: {},
      context: {},
    } as never)) as Response;
    const text = (await response.text()).replace(/^\uFEFF/, "");
    expect(text.split("\r\n")[1]).toBe("nps,2020-01-01,2020-01-31,,0");
  });

  it("bad query values are a 400 naming the field, never a 500", async () => {
    for (const [query, field] of [
      ["from=2025-02-30&to=2025-03-01", "from"],
      ["from=2025-03-01&to=2025-02-01", "to"],
      ["from=2020-01-01&to=2024-01-01", "to"],
      ["board=nope", "board"],
      ["channel=fax", "channel"],
      ["preset=1y", "preset"],
    ]) {
      const response = (await exportLoader({
        request: makeRequest(`/admin/insights/export.csv?${query}`, { cookie: staffCookie }),
        params: {},
        context: {},
      } as never)) as Response;
      expect(response.status, query).toBe(400);
      expect(await response.text(), query).toMatch(new RegExp(`^${field}: `));
    }
  });
});
