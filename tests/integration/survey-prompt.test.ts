// The in-app survey prompt on the board: who is asked and when (signed-in customers only,
// one prompt per session, a survey at most once per customer per 90 days, never a closed
// survey or one they answered), and answering it with and without JavaScript: the score,
// the follow-up's reason, and dismissing it.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { surveyPrompts, surveys, type SurveyKind } from "~/db/schema";
import { insertBoard } from "~/models/boards.server";
import { insertSurvey } from "~/models/surveys.server";
import { loader as indexLoader } from "~/routes/_index";
import { loader as boardLoader } from "~/routes/b.$slug";
import { action as promptAction } from "~/routes/s.$surveyId_.prompt";
import { action as thanksAction, loader as thanksLoader } from "~/routes/s.$surveyId_.thanks";
import type { SessionUser } from "~/services/auth.server";
import { answerSurvey, PROMPT_WINDOW_MS, promptFor, type SurveyPrompt } from "~/services/surveys.server";
import { surveyAnswerOf, callRoute, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

const DAY = 24 * 3_600_000;
let admin: SessionUser;
let boardId = 0;
let unique = 0;

function makeSurvey(values: { kind?: SurveyKind; inAppPrompt?: boolean; status?: "active" | "closed"; texts?: object } = {}) {
  return insertSurvey(getDb(), {
    name: `Survey ${++unique}`,
    kind: values.kind ?? "nps",
    texts: JSON.stringify(values.texts ?? {}),
    status: values.status ?? "active",
    inAppPrompt: values.inAppPrompt ?? true,
    createdById: admin.id,
  });
}

/** Closes every survey made so far, so each test starts with only its own surveys prompting. */
function closeAllSurveys() {
  getDb().update(surveys).set({ status: "closed" }).run();
}

async function promptOnBoard(cookie: string | undefined, path = "/"): Promise<SurveyPrompt | null> {
  const loaded =
    path === "/"
      ? await callRoute(indexLoader, makeRequest(path, { cookie }))
      : await callRoute(boardLoader, makeRequest(path, { cookie }), { slug: path.split("/")[2] });
  expect(loaded.status).toBe(200);
  return (loaded.data as { surveyPrompt: SurveyPrompt | null }).surveyPrompt;
}

const answerOf = surveyAnswerOf;
const promptRow = (surveyId: number, userId: number) =>
  getDb()
    .select()
    .from(surveyPrompts)
    .where(eq(surveyPrompts.surveyId, surveyId))
    .all()
    .find((p) => p.userId === userId);

beforeAll(async () => {
  const seeded = await seedSite();
  admin = seeded.admin;
  boardId = insertBoard({ slug: "mobile", name: "Mobile app", description: "" }).id;
});

describe("who is asked, and when", () => {
  it("never asks a visitor or staff, and asks a customer once per session", async () => {
    closeAllSurveys();
    const first = makeSurvey();
    const second = makeSurvey({ kind: "csat" });
    const staff = await createUser({ role: "staff" });
    expect(await promptOnBoard(undefined)).toBeNull();
    expect(await promptOnBoard(await sessionCookie(staff.id))).toBeNull();
    expect(await promptOnBoard(await sessionCookie(admin.id))).toBeNull();

    const customer = await createUser();
    const session = await sessionCookie(customer.id);
    const shown = await promptOnBoard(session);
    expect(shown).toMatchObject({ surveyId: first.id, kind: "nps", min: 0, max: 10 });
    expect(shown?.question).toContain("0 to 10");
    expect(promptRow(first.id, customer.id)).toMatchObject({ dismissedAt: null });
    // The same session: no other prompt, and not the same one again on the next page.
    expect(await promptOnBoard(session)).toBeNull();
    expect(await promptOnBoard(session, "/b/mobile")).toBeNull();
    // A new session: the other survey (the first was shown within 90 days).
    const later = await sessionCookie(customer.id);
    expect(await promptOnBoard(later)).toMatchObject({ surveyId: second.id, kind: "csat", min: 1, max: 5 });
    expect(await promptOnBoard(await sessionCookie(customer.id))).toBeNull();
  });

  it("asks a survey at most once per customer in 90 days (the clock injected)", async () => {
    closeAllSurveys();
    const survey = makeSurvey();
    const customer = await createUser();
    const start = Date.UTC(2026, 0, 1);
    expect(promptFor(customer, "session-a", "en", start)?.surveyId).toBe(survey.id);
    expect(promptFor(customer, "session-b", "en", start + 89 * DAY)).toBeNull();
    expect(promptFor(customer, "session-c", "en", start + PROMPT_WINDOW_MS - 1)).toBeNull();
    expect(promptFor(customer, "session-d", "en", start + 91 * DAY)?.surveyId).toBe(survey.id);
    expect(promptRow(survey.id, customer.id)?.shownAt).toBe(start + 91 * DAY);
    // Once shown in a session, nothing else in it, even after the window.
    expect(promptFor(customer, "session-d", "en", start + 200 * DAY)).toBeNull();
  });

  it("never asks a closed survey, one with the prompt off, or one the customer answered in the last 90 days", async () => {
    closeAllSurveys();
    makeSurvey({ status: "closed" });
    makeSurvey({ inAppPrompt: false });
    const answered = makeSurvey();
    const customer = await createUser();
    const now = Date.UTC(2026, 2, 1);
    expect(answerSurvey(customer.id, { surveyId: answered.id, score: 8, channel: "email", locale: "en", now: now - 30 * DAY }).ok).toBe(true);
    expect(promptFor(customer, "s1", "en", now)).toBeNull();
    // Answered more than 90 days ago: asked again.
    expect(promptFor(customer, "s2", "en", now + 61 * DAY)?.surveyId).toBe(answered.id);
    // A survey closed after it was shown takes no answer from the prompt.
    getDb().update(surveys).set({ status: "closed" }).where(eq(surveys.id, answered.id)).run();
    const cookie = await sessionCookie(customer.id);
    const refused = await callRoute(promptAction, makeRequest(`/s/${answered.id}/prompt`, { cookie, form: { intent: "answer", score: "9", via: "fetcher" } }), {
      surveyId: String(answered.id),
    });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ intent: "answer", reply: { error: { "": ["error.surveyClosed"] } } });
    expect(answerOf(answered.id, customer.id)?.score).toBe(8);
  });

  it("shows the question in the viewer's language, the admin's text as written", async () => {
    closeAllSurveys();
    makeSurvey({ kind: "ces", texts: { ar: { object: "الحصول على المساعدة" } } });
    const customer = await createUser();
    const prompt = promptFor({ ...customer, locale: "ar" }, "s-ar", "ar");
    expect(prompt).toMatchObject({ kind: "ces", min: 1, max: 7 });
    expect(prompt?.question).toContain("الحصول على المساعدة");
  });
});

describe("answering the prompt", () => {
  let survey: ReturnType<typeof makeSurvey>;
  let customer: SessionUser;
  let cookie = "";

  beforeAll(async () => {
    closeAllSurveys();
    survey = makeSurvey();
    customer = await createUser();
    cookie = await sessionCookie(customer.id);
  });

  it("without JavaScript: the score button posts a plain form, the answer is kept with the board, then the follow-up page takes the reason", async () => {
    expect((await promptOnBoard(cookie, "/b/mobile"))?.surveyId).toBe(survey.id);
    const posted = await callRoute(
      promptAction,
      makeRequest(`/s/${survey.id}/prompt`, { cookie, form: { intent: "answer", score: "9", boardId: String(boardId), back: "/b/mobile?sort=new" } }),
      { surveyId: String(survey.id) },
    );
    expect(posted.status).toBe(302);
    expect(posted.location).toBe(`/s/${survey.id}/thanks?back=${encodeURIComponent("/b/mobile?sort=new")}`);
    expect(answerOf(survey.id, customer.id)).toMatchObject({ score: 9, channel: "in_app", boardId, kind: "nps", reason: "" });

    const page = await callRoute(thanksLoader, makeRequest(posted.location!, { cookie }), { surveyId: String(survey.id) });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ score: 9, back: "/b/mobile?sort=new", survey: { surveyId: survey.id } });

    const empty = await callRoute(thanksAction, makeRequest(posted.location!, { cookie, form: { reason: "  " } }), { surveyId: String(survey.id) });
    expect(empty.status).toBe(400);
    expect(empty.data).toMatchObject({ error: { reason: ["error.surveyReasonEmpty"] } });
    const saved = await callRoute(thanksAction, makeRequest(posted.location!, { cookie, form: { reason: "Fast answers from the team" } }), {
      surveyId: String(survey.id),
    });
    expect(saved.status).toBe(200);
    expect(saved.data).toEqual({ reasonSaved: true });
    expect(answerOf(survey.id, customer.id)?.reason).toBe("Fast answers from the team");
  });

  it("with JavaScript: the fetcher gets JSON and stays on the board; a later score replaces the first and keeps the reason", async () => {
    const posted = await callRoute(promptAction, makeRequest(`/s/${survey.id}/prompt`, { cookie, form: { intent: "answer", score: "4", via: "fetcher" } }), {
      surveyId: String(survey.id),
    });
    expect(posted.status).toBe(200);
    expect(posted.data).toEqual({ ok: true });
    expect(answerOf(survey.id, customer.id)).toMatchObject({ score: 4, channel: "in_app", boardId: null, reason: "Fast answers from the team" });
    // The reason from the prompt's own form (a fetcher to the follow-up page's action).
    const reason = await callRoute(thanksAction, makeRequest(`/s/${survey.id}/thanks`, { cookie, form: { reason: "Slow on Mondays" } }), {
      surveyId: String(survey.id),
    });
    expect(reason.data).toEqual({ reasonSaved: true });
    expect(answerOf(survey.id, customer.id)?.reason).toBe("Slow on Mondays");
  });

  it("refuses a score off the survey's scale, by the field", async () => {
    const csat = makeSurvey({ kind: "csat" });
    const other = await createUser();
    expect(promptFor(other, "csat-session", "en")?.surveyId).toBe(survey.id);
    expect(promptFor(other, "csat-session-2", "en")?.surveyId).toBe(csat.id);
    const otherCookie = await sessionCookie(other.id);
    const offScale = await callRoute(
      promptAction,
      makeRequest(`/s/${csat.id}/prompt`, { cookie: otherCookie, form: { intent: "answer", score: "0", via: "fetcher" } }),
      { surveyId: String(csat.id) },
    );
    expect(offScale.status).toBe(400);
    expect(offScale.data).toMatchObject({ reply: { error: { score: ["error.surveyScore"] } } });
    expect(answerOf(csat.id, other.id)).toBeUndefined();
  });

  it("takes answers only from the customer it was shown to", async () => {
    const stranger = await createUser();
    const staff = await createUser({ role: "staff" });
    for (const user of [stranger, staff]) {
      const refused = await callRoute(
        promptAction,
        makeRequest(`/s/${survey.id}/prompt`, { cookie: await sessionCookie(user.id), form: { intent: "answer", score: "10" } }),
        { surveyId: String(survey.id) },
      );
      expect(refused.status).toBe(404);
      expect(answerOf(survey.id, user.id)).toBeUndefined();
    }
    const visitor = await callRoute(promptAction, makeRequest(`/s/${survey.id}/prompt`, { form: { intent: "answer", score: "10" } }), {
      surveyId: String(survey.id),
    });
    expect(visitor.status).toBe(302);
    expect(visitor.location).toMatch(/^\/login/);
    // The follow-up page is the respondent's own.
    expect(
      (await callRoute(thanksLoader, makeRequest(`/s/${survey.id}/thanks`, { cookie: await sessionCookie(stranger.id) }), { surveyId: String(survey.id) }))
        .status,
    ).toBe(404);
  });

  it("dismisses: with a plain form back to the board, with a fetcher as JSON; the dismissal is kept", async () => {
    const plain = await callRoute(promptAction, makeRequest(`/s/${survey.id}/prompt`, { cookie, form: { intent: "dismiss", back: "/b/mobile" } }), {
      surveyId: String(survey.id),
    });
    expect(plain.status).toBe(302);
    expect(plain.location).toBe("/b/mobile");
    const dismissedAt = promptRow(survey.id, customer.id)?.dismissedAt;
    expect(dismissedAt).toEqual(expect.any(Number));

    const fetched = await callRoute(promptAction, makeRequest(`/s/${survey.id}/prompt`, { cookie, form: { intent: "dismiss", via: "fetcher" } }), {
      surveyId: String(survey.id),
    });
    expect(fetched.status).toBe(200);
    // An address off the site is not followed.
    const offsite = await callRoute(promptAction, makeRequest(`/s/${survey.id}/prompt`, { cookie, form: { intent: "dismiss", back: "//evil.example/" } }), {
      surveyId: String(survey.id),
    });
    expect(offsite.location).toBe("/");
  });
});
