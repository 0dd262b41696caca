// The verbatims (issue 13): reasons customers gave with their scores, filtered by group on
// each kind's scale, by survey, language, board and channel, searched with the board's own
// Arabic-aware folding, paged by cursor without duplicates, each with the ideas its author
// voted for; and a verbatim made into an idea in the respondent's name.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { posts, subscriptions, surveyAnswers, users, votes, type SurveyKind } from "~/db/schema";
import { insertBoard } from "~/models/boards.server";
import { insertSurvey } from "~/models/surveys.server";
import { createAccount } from "~/services/auth.server";
import type { AnswerGroup, InsightsScope } from "~/services/insights-types";
import { answerSurvey, recordAnswerFor } from "~/services/surveys.server";
import { listPosts } from "~/services/posts.server";
import { castVote } from "~/services/votes.server";
import { approvePost, deletePost } from "~/services/triage.server";
import { mergePosts } from "~/services/merge.server";
import { listVerbatims, makePostFromVerbatim } from "~/services/verbatims.server";
import { writeSettings } from "~/models/settings.server";
import * as route from "~/routes/admin.insights_.verbatims";
import type { SessionUser } from "~/services/auth.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie, TEST_PASSWORD } from "../helpers/factories";

const DAY = 86_400_000;
/** Every answer of this file is in this window, so each describe scopes its own. */
const T0 = Date.UTC(2030, 0, 6);
let staff: SessionUser;
let admin: SessionUser;
let boardId = 0;
let unique = 0;
const next = () => ++unique;

beforeAll(async () => {
  const seeded = await seedSite();
  admin = seeded.admin;
  boardId = seeded.board.id;
  staff = await createUser({ role: "staff", displayName: "Staff" });
});

function survey(kind: SurveyKind, name = `${kind} survey ${next()}`) {
  return insertSurvey(getDb(), { name, kind, createdById: admin.id });
}

/** One answer, at `at`, by a fresh customer unless one is given. */
async function answer(
  surveyId: number,
  score: number,
  reason: string,
  at: number,
  extra: Partial<Parameters<typeof answerSurvey>[1]> & { user?: SessionUser } = {},
) {
  const user = extra.user ?? (await createUser());
  const result = answerSurvey(user.id, { surveyId, score, reason, channel: "in_app", locale: "en", now: at, ...extra });
  if (!result.ok) throw new Error(`answer failed: ${JSON.stringify(result)}`);
  return { answerId: result.value.answerId, user };
}

const scopeOf = (from: number, to: number, extra: Partial<InsightsScope> = {}): InsightsScope => ({ from, to, ...extra });

describe("the groups on each kind's scale", () => {
  const from = T0;
  const to = T0 + DAY;
  const expected: Record<SurveyKind, Record<AnswerGroup, number[]>> = {
    nps: { promoter: [9, 10], passive: [7, 8], detractor: [0, 1, 2, 3, 4, 5, 6] },
    ces: { promoter: [6, 7], passive: [4, 5], detractor: [1, 2, 3] },
    csat: { promoter: [4, 5], passive: [3], detractor: [1, 2] },
  };
  const surveyIds: Record<SurveyKind, number> = { nps: 0, ces: 0, csat: 0 };

  beforeAll(async () => {
    for (const kind of ["nps", "ces", "csat"] as const) {
      surveyIds[kind] = survey(kind).id;
      const scores = Object.values(expected[kind]).flat();
      for (const score of scores) await answer(surveyIds[kind], score, `${kind} scored ${score}`, from + score * 1000);
      // A score without a reason is no verbatim.
      await answer(surveyIds[kind], scores[0], "", from + 60_000);
      await answer(surveyIds[kind], scores[0], "   ", from + 61_000);
    }
  });

  for (const kind of ["nps", "ces", "csat"] as const) {
    for (const group of ["promoter", "passive", "detractor"] as const) {
      it(`${kind} ${group}s are scores ${expected[kind][group].join(", ")}`, () => {
        const page = listVerbatims({ scope: scopeOf(from, to), group, surveyId: surveyIds[kind], limit: 100 });
        expect(page.items.map((v) => v.score).sort((a, b) => a - b)).toEqual(expected[kind][group]);
        expect(page.items.every((v) => v.group === group && v.kind === kind)).toBe(true);
      });
    }
  }

  it("lists only answers with a reason, each labelled with its group", () => {
    const page = listVerbatims({ scope: scopeOf(from, to), surveyId: surveyIds.nps, limit: 100 });
    expect(page.items).toHaveLength(11);
    expect(page.items.every((v) => v.reason.trim() !== "")).toBe(true);
    expect(page.items.find((v) => v.score === 8)?.group).toBe("passive");
  });

  it("one group across every kind", () => {
    const page = listVerbatims({ scope: scopeOf(from, to), group: "passive", limit: 100 });
    const seen = page.items.map((v) => `${v.kind}:${v.score}`).sort();
    expect(seen).toEqual(["ces:4", "ces:5", "csat:3", "nps:7", "nps:8"]);
  });
});

describe("scope, survey and language", () => {
  const from = T0 + 10 * DAY;
  const to = from + 7 * DAY;
  let surveyA = 0;
  let surveyB = 0;
  let otherBoard = 0;

  beforeAll(async () => {
    surveyA = survey("nps", "Survey A").id;
    surveyB = survey("csat", "Survey B").id;
    otherBoard = insertBoard({ slug: `other-${next()}`, name: "Other", description: "" }).id;
    await answer(surveyA, 9, "before the period", from - 1);
    await answer(surveyA, 9, "first moment", from);
    await answer(surveyA, 9, "last moment", to - 1);
    await answer(surveyA, 9, "after the period", to);
    await answer(surveyA, 3, "in Arabic", from + DAY, { locale: "ar" });
    await answer(surveyB, 5, "by email about the other board", from + DAY, { channel: "email", boardId: otherBoard });
    await answer(surveyB, 2, "in Persian", from + 2 * DAY, { locale: "fa", boardId });
  });

  const reasons = (filter: Omit<Parameters<typeof listVerbatims>[0], "scope"> & { scope?: InsightsScope }) =>
    listVerbatims({ scope: scopeOf(from, to), limit: 100, ...filter }).items.map((v) => v.reason);

  it("the period includes its start and excludes its end", () => {
    expect(reasons({ surveyId: surveyA })).toEqual(["last moment", "in Arabic", "first moment"]);
  });

  it("filters by survey, by language, by board and by channel", () => {
    expect(reasons({ surveyId: surveyB })).toEqual(["in Persian", "by email about the other board"]);
    expect(reasons({ locale: "ar" })).toEqual(["in Arabic"]);
    expect(reasons({ locale: "fa" })).toEqual(["in Persian"]);
    expect(reasons({ scope: scopeOf(from, to, { boardId: otherBoard }) })).toEqual(["by email about the other board"]);
    expect(reasons({ scope: scopeOf(from, to, { channel: "email" }) })).toEqual(["by email about the other board"]);
    expect(reasons({ scope: scopeOf(from, to, { boardId }), locale: "fa" })).toEqual(["in Persian"]);
  });

  it("carries the survey's name, the respondent and the answer's channel and language", () => {
    const [item] = listVerbatims({ scope: scopeOf(from, to), locale: "fa" }).items;
    expect(item).toMatchObject({
      surveyId: surveyB,
      surveyName: "Survey B",
      kind: "csat",
      score: 2,
      group: "detractor",
      channel: "in_app",
      locale: "fa",
      postId: null,
    });
    expect(item.respondent.name).toMatch(/^User \d+$/);
    expect(item.answeredAt).toBe(from + 2 * DAY);
  });
});

describe("search, folded as the board folds", () => {
  const from = T0 + 20 * DAY;
  const to = from + DAY;
  // Each text is both a verbatim and an idea's title, so both searches see the same words.
  const TEXTS = [
    "الفاتورة لا تصل في موعدها",
    "إدارة الحسابات صعبة جدا",
    "أريد تصدير التقارير إلى إكسل",
    "مستشفى بلا مواعيد",
    "کتاب راهنما ندارد و یک فایل می‌خواهم",
    "Le café est froid",
    "Invoices arrive late every month",
    "١٢ خطأ في الصفحة",
  ];
  const QUERIES = [
    "الفَاتُورَة", // harakat
    "فاتوره", // ة typed as ه, no article
    "والفاتورة", // a proclitic article
    "اداره", // bare alef for إ
    "الإدارة",
    "اريد",
    "مستشفي", // ى typed as ي
    "كتاب", // Arabic kaf for Persian ک
    "ي", // one letter: a prefix of many words
    "cafe",
    "INVOICE",
    "12",
    "۱۲",
    "الفواتير", // a broken plural: the board does not stem it, so neither does this
    "حسابات صعبة",
  ];
  let surveyId = 0;

  beforeAll(async () => {
    surveyId = survey("nps").id;
    const author = await createUser();
    for (const [i, text] of TEXTS.entries()) {
      await answer(surveyId, 5, text, from + i * 1000);
      await createTestPost(author, text);
    }
  });

  const found = (q: string) => listVerbatims({ scope: scopeOf(from, to), surveyId, q, limit: 100 }).items.map((v) => v.reason);

  it("finds Arabic with or without harakat, hamza forms, ة/ه and the article", () => {
    expect(found("الفَاتُورَة")).toEqual([TEXTS[0]]);
    expect(found("فاتوره")).toEqual([TEXTS[0]]);
    expect(found("اداره")).toEqual([TEXTS[1]]);
    expect(found("اريد")).toEqual([TEXTS[2]]);
    expect(found("مستشفي")).toEqual([TEXTS[3]]);
    expect(found("كتاب")).toEqual([TEXTS[4]]);
    expect(found("۱۲")).toEqual([TEXTS[7]]);
    expect(found("حسابات صعبة")).toEqual([TEXTS[1]]);
  });

  it("finds exactly what the board's search finds for the same words", () => {
    for (const q of QUERIES) {
      const board = listPosts({ sort: "trending", state: "open", q }, null)
        .posts.map((p) => p.title)
        .filter((title) => TEXTS.includes(title));
      expect(found(q).sort(), q).toEqual(board.sort());
    }
  });

  it("takes search syntax as plain text, and finds nothing in punctuation", () => {
    for (const q of ['"', "NEAR(a b)", "reason:x*", "-", "*", "AND OR NOT", "'); drop table survey_answers; --"]) {
      expect(() => found(q), q).not.toThrow();
    }
    expect(found("!!! ...")).toEqual([]);
  });
});

describe("pages", () => {
  const from = T0 + 30 * DAY;
  const to = from + DAY;
  let surveyId = 0;
  const made: number[] = [];

  beforeAll(async () => {
    surveyId = survey("ces").id;
    // 25 answers, several at the very same millisecond: the id breaks the ties.
    for (let i = 0; i < 25; i++) made.push((await answer(surveyId, 1 + (i % 7), `reason ${i}`, from + Math.floor(i / 4) * 1000)).answerId);
  });

  it("walks every answer once, newest first, by cursor", () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = listVerbatims({ scope: scopeOf(from, to), surveyId, cursor, limit: 10 });
      seen.push(...page.items.map((v) => v.answerId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(25);
    expect(seen).toEqual([...made].sort((a, b) => b - a));
  });

  it("a page that ends exactly at the last answer has no next cursor", () => {
    const page = listVerbatims({ scope: scopeOf(from, to), surveyId, limit: 25 });
    expect(page.items).toHaveLength(25);
    expect(page.nextCursor).toBeNull();
  });

  it("a cursor that does not decode starts from the beginning", () => {
    const page = listVerbatims({ scope: scopeOf(from, to), surveyId, cursor: "not-a-cursor", limit: 5 });
    expect(page.items[0].answerId).toBe(Math.max(...made));
  });
});

describe("the ideas each respondent voted for", () => {
  const from = T0 + 40 * DAY;
  const to = from + DAY;
  let respondent: SessionUser;
  let quiet: SessionUser;
  let ideas: Record<string, number> = {};

  beforeAll(async () => {
    const author = await createUser();
    respondent = await createUser();
    quiet = await createUser();
    const others = await Promise.all([1, 2, 3, 4, 5].map(() => createUser()));
    const archived = insertBoard({ slug: `archived-${next()}`, name: "Archived", description: "" });
    ideas = {
      most: await createTestPost(author, "Most voted"),
      second: await createTestPost(author, "Second"),
      third: await createTestPost(author, "Third"),
      fourth: await createTestPost(author, "Fourth"),
      deleted: await createTestPost(author, "Deleted"),
      merged: await createTestPost(author, "Merged away"),
      archived: await createTestPost(author, "On an archived board", "", archived.slug),
      notVoted: await createTestPost(author, "Not voted by the respondent"),
    };
    // Votes from others set the order: most (5), deleted (5), merged (5), archived (5), second (3), third (2), fourth (1).
    const extra: Record<string, number> = { most: 5, deleted: 5, merged: 5, archived: 5, second: 3, third: 2, fourth: 1, notVoted: 5 };
    for (const [name, count] of Object.entries(extra)) for (const voter of others.slice(0, count)) castVote(ideas[name], voter);
    for (const name of ["most", "second", "third", "fourth", "deleted", "merged", "archived"]) castVote(ideas[name], respondent);
    deletePost(ideas.deleted);
    mergePosts(ideas.merged, ideas.most, staff);
    const { updateBoard } = await import("~/models/boards.server");
    updateBoard(archived.id, { archivedAt: Date.now() });
    const surveyId = survey("nps").id;
    await answer(surveyId, 10, "I voted for plenty", from, { user: respondent });
    await answer(surveyId, 0, "I voted for nothing", from + 1, { user: quiet });
  });

  it("shows at most three live, visible ideas, most voted first", () => {
    const page = listVerbatims({ scope: scopeOf(from, to) });
    const voter = page.items.find((v) => v.respondent.id === respondent.id)!;
    expect(voter.votedFor.map((i) => i.id)).toEqual([ideas.most, ideas.second, ideas.third]);
    expect(voter.votedFor[0]).toEqual({ id: ideas.most, title: "Most voted", status: "open" });
    const none = page.items.find((v) => v.respondent.id === quiet.id)!;
    expect(none.votedFor).toEqual([]);
  });

  it("leaves out an idea awaiting approval", async () => {
    writeSettings({ requireApproval: "1" });
    const pending = await createTestPost(respondent, "Awaiting approval, voted by its author");
    writeSettings({ requireApproval: "0" });
    // The author's own vote on it would put it first (it has the most votes after a boost).
    for (const voter of await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => createUser()))) {
      getDb().insert(votes).values({ postId: pending, userId: voter.id, createdAt: Date.now() }).run();
    }
    getDb().update(posts).set({ voteCount: 8 }).where(eq(posts.id, pending)).run();
    const voter = listVerbatims({ scope: scopeOf(from, to) }).items.find((v) => v.respondent.id === respondent.id)!;
    expect(voter.votedFor.map((i) => i.id)).not.toContain(pending);
    approvePost(pending);
    const after = listVerbatims({ scope: scopeOf(from, to) }).items.find((v) => v.respondent.id === respondent.id)!;
    expect(after.votedFor[0].id).toBe(pending);
  });
});

describe("making an idea of a verbatim", () => {
  const from = T0 + 50 * DAY;
  const to = from + DAY;
  let surveyId = 0;

  beforeAll(() => {
    surveyId = survey("nps", "Quarterly NPS").id;
  });

  const record = (email: string, reason: string, at: number) => {
    const recorded = recordAnswerFor(email, { surveyId, score: 3, reason, channel: "phone", locale: "en", recordedById: staff.id, now: at });
    if (!recorded.ok) throw new Error("record failed");
    return recorded.value;
  };

  it("posts it in the respondent's name, with their vote cast on their behalf, them following it, and the answer linked", async () => {
    const email = `caller${next()}@example.test`;
    const { answerId, userId } = record(email, "Exports time out\nevery Monday", from);
    const made = await makePostFromVerbatim(answerId, { boardId, title: "Exports time out", body: "> Exports time out\n> every Monday" }, staff);
    expect(made.ok).toBe(true);
    const postId = made.ok ? made.value.postId : 0;
    const post = getDb().select().from(posts).where(eq(posts.id, postId)).get()!;
    expect(post).toMatchObject({ authorId: userId, boardId, title: "Exports time out", voteCount: 1, pendingApproval: false });
    expect(post.bodyHtml).toMatch(/^<blockquote[ >]/);
    const vote = getDb().select().from(votes).where(eq(votes.postId, postId)).all();
    expect(vote).toEqual([expect.objectContaining({ userId, source: "on_behalf", addedById: staff.id })]);
    const follows = getDb().select().from(subscriptions).where(eq(subscriptions.postId, postId)).all();
    expect(follows).toEqual([expect.objectContaining({ userId, state: "subscribed" })]);
    expect(getDb().select().from(surveyAnswers).where(eq(surveyAnswers.id, answerId)).get()!.postId).toBe(postId);
    const [item] = listVerbatims({ scope: scopeOf(from, to), surveyId }).items.filter((v) => v.answerId === answerId);
    expect(item.postId).toBe(postId);
    expect(item.votedFor.map((i) => i.id)).toContain(postId);

    // The placeholder stays claimable, and its owner gets the idea with the account.
    const placeholder = getDb().select().from(users).where(eq(users.id, userId)).get()!;
    expect(placeholder.passwordHash).toBeNull();
    const claimed = await createAccount({ email, displayName: "The caller", password: TEST_PASSWORD, locale: null });
    expect(claimed.ok && claimed.value.id).toBe(userId);
    expect(getDb().select({ authorId: posts.authorId }).from(posts).where(eq(posts.id, postId)).get()!.authorId).toBe(userId);
  });

  it("refuses a second idea from the same answer, beside the answer", async () => {
    const { answerId } = record(`again${next()}@example.test`, "Dark mode please", from + 1000);
    const first = await makePostFromVerbatim(answerId, { boardId, title: "Dark mode", body: "" }, staff);
    expect(first.ok).toBe(true);
    const before = getDb().select().from(posts).all().length;
    const second = await makePostFromVerbatim(answerId, { boardId, title: "Dark mode again", body: "" }, admin);
    expect(second).toEqual({ ok: false, error: "error.verbatimAlreadyIdea", field: "answerId" });
    expect(getDb().select().from(posts).all().length).toBe(before);
  });

  it("allows a new idea once the idea made of it was deleted", async () => {
    const { answerId } = record(`deleted${next()}@example.test`, "Bulk edit", from + 2000);
    const first = await makePostFromVerbatim(answerId, { boardId, title: "Bulk edit", body: "" }, staff);
    deletePost(first.ok ? first.value.postId : 0);
    const second = await makePostFromVerbatim(answerId, { boardId, title: "Bulk edit, again", body: "" }, staff);
    expect(second.ok).toBe(true);
  });

  it("refuses customers and banned staff, an unknown or archived board, and an answer with no reason", async () => {
    const { answerId } = record(`refused${next()}@example.test`, "Something", from + 3000);
    const customer = await createUser();
    const bannedStaff = await createUser({ role: "staff", bannedAt: Date.now() });
    expect(await makePostFromVerbatim(answerId, { boardId, title: "By a customer", body: "" }, customer)).toEqual({ ok: false, error: "error.forbidden" });
    expect(await makePostFromVerbatim(answerId, { boardId, title: "By banned staff", body: "" }, bannedStaff)).toEqual({ ok: false, error: "error.forbidden" });
    expect(await makePostFromVerbatim(answerId, { boardId: 999_999, title: "Nowhere", body: "" }, staff)).toEqual({
      ok: false,
      error: "error.boardUnknown",
      field: "boardId",
    });
    const archived = insertBoard({ slug: `gone-${next()}`, name: "Gone", description: "" });
    const { updateBoard } = await import("~/models/boards.server");
    updateBoard(archived.id, { archivedAt: Date.now() });
    expect(await makePostFromVerbatim(answerId, { boardId: archived.id, title: "Archived", body: "" }, staff)).toMatchObject({ error: "error.boardUnknown" });
    const blank = record(`blank${next()}@example.test`, "", from + 4000);
    expect(await makePostFromVerbatim(blank.answerId, { boardId, title: "No reason", body: "" }, staff)).toEqual({ ok: false, error: "error.notFound" });
    expect(await makePostFromVerbatim(999_999, { boardId, title: "No answer", body: "" }, staff)).toEqual({ ok: false, error: "error.notFound" });
    expect(getDb().select().from(surveyAnswers).where(eq(surveyAnswers.id, answerId)).get()!.postId).toBeNull();
  });

  it("refuses to post in a banned respondent's name", async () => {
    const { answerId, userId } = record(`bannedcaller${next()}@example.test`, "Spam", from + 5000);
    getDb().update(users).set({ bannedAt: Date.now() }).where(eq(users.id, userId)).run();
    expect(await makePostFromVerbatim(answerId, { boardId, title: "Spam", body: "" }, staff)).toEqual({
      ok: false,
      error: "error.verbatimRespondentBanned",
      field: "answerId",
    });
  });
});

describe("the page and its action, without JavaScript", () => {
  let cookie = "";
  let customerCookie = "";
  let answerId = 0;
  const at = Date.now() - 2 * DAY;

  beforeAll(async () => {
    cookie = await sessionCookie(staff.id);
    customerCookie = await sessionCookie((await createUser()).id);
    const surveyId = survey("nps", "Route survey").id;
    answerId = (await answer(surveyId, 2, "The page lists me\nover two lines", at, { locale: "ar" })).answerId;
    await answer(surveyId, 10, "A promoter on the page", at + 1);
  });

  it("lists the period's verbatims, filtered by the query", async () => {
    const all = await callRoute(route.loader, makeRequest("/admin/insights/verbatims?preset=30d", { cookie }));
    expect(all.status).toBe(200);
    const page = all.data as Awaited<ReturnType<typeof route.loader>>;
    expect(page.items.map((v) => v.reason)).toEqual(expect.arrayContaining(["The page lists me\nover two lines", "A promoter on the page"]));
    const filtered = await callRoute(route.loader, makeRequest("/admin/insights/verbatims?group=detractor&lang=ar&q=lists&survey=&board=", { cookie }));
    expect((filtered.data as typeof page).items.map((v) => v.answerId)).toEqual([answerId]);
    const nonsense = await callRoute(route.loader, makeRequest("/admin/insights/verbatims?group=angry&lang=xx&survey=abc&cursor=%00", { cookie }));
    expect(nonsense.status).toBe(200);
  });

  it("is refused to customers and visitors", async () => {
    expect((await callRoute(route.loader, makeRequest("/admin/insights/verbatims", { cookie: customerCookie }))).status).toBe(403);
    expect((await callRoute(route.loader, makeRequest("/admin/insights/verbatims"))).status).toBe(404);
  });

  it("a form to fix comes back with the error beside its field and what was typed", async () => {
    const reply = await callRoute(
      route.action,
      makeRequest("/admin/insights/verbatims", { cookie, form: { answerId: String(answerId), boardId: String(boardId), title: "x", body: "Kept as typed" } }),
    );
    expect(reply.status).toBe(400);
    const data = reply.data as { answerId: number; reply: { error: Record<string, string[]>; initialValue: Record<string, string> } };
    expect(data.answerId).toBe(answerId);
    expect(data.reply.error.title).toEqual(["error.titleTooShort"]);
    expect(data.reply.initialValue.body).toBe("Kept as typed");
  });

  it("makes the idea and goes back to the list at the item; a second try is refused beside the answer", async () => {
    const form = {
      answerId: String(answerId),
      boardId: String(boardId),
      title: "The page lists me",
      body: "> The page lists me",
      redirectTo: "/admin/insights/verbatims?lang=ar#verbatim-1",
    };
    const made = await callRoute(route.action, makeRequest("/admin/insights/verbatims", { cookie, form }));
    expect(made.status).toBe(302);
    expect(made.location).toBe("/admin/insights/verbatims?lang=ar#verbatim-1");
    const linked = getDb().select().from(surveyAnswers).where(eq(surveyAnswers.id, answerId)).get()!;
    expect(linked.postId).not.toBeNull();
    const again = await callRoute(route.action, makeRequest("/admin/insights/verbatims", { cookie, form }));
    expect(again.status).toBe(400);
    expect((again.data as { reply: { error: Record<string, string[]> } }).reply.error.answerId).toEqual(["error.verbatimAlreadyIdea"]);
    // An open redirect is not followed.
    const other = (await answer(survey("csat").id, 1, "Another", at)).answerId;
    const away = await callRoute(
      route.action,
      makeRequest("/admin/insights/verbatims", { cookie, form: { ...form, answerId: String(other), redirectTo: "//evil.example/" } }),
    );
    expect(away.location).toBe(`/admin/insights/verbatims#verbatim-${other}`);
    const page = await callRoute(route.loader, makeRequest("/admin/insights/verbatims?lang=ar", { cookie }));
    const item = (page.data as Awaited<ReturnType<typeof route.loader>>).items.find((v) => v.answerId === answerId)!;
    expect(item.postId).toBe(linked.postId);
    expect(
      getDb()
        .select()
        .from(votes)
        .where(and(eq(votes.postId, linked.postId!), eq(votes.source, "on_behalf")))
        .all(),
    ).toHaveLength(1);
  });

  it("with a fetcher, answers with the idea instead of a redirect", async () => {
    const fresh = (await answer(survey("ces").id, 7, "Fetched", at)).answerId;
    const made = await callRoute(
      route.action,
      makeRequest("/admin/insights/verbatims", {
        cookie,
        form: { answerId: String(fresh), boardId: String(boardId), title: "Fetched idea", body: "", via: "fetcher" },
      }),
    );
    expect(made.status).toBe(200);
    expect(made.data).toEqual({ postId: expect.any(Number) });
  });

  it("a missing answer is a 404", async () => {
    const missing = await callRoute(
      route.action,
      makeRequest("/admin/insights/verbatims", { cookie, form: { answerId: "999999", boardId: String(boardId), title: "Nothing", body: "" } }),
    );
    expect(missing.status).toBe(404);
  });
});
