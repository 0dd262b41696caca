// The survey email end to end: who each audience reaches (never staff, banned accounts,
// bounced addresses or anyone who turned the emails off), the send page's count and
// history, delivery over a real SMTP server in the recipient's language with one signed
// score link per point of the scale and List-Unsubscribe, and what a click does: records
// the score (the latest click wins), takes the follow-up's reason, refuses an altered
// link, and records nothing for a closed survey.
import { eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { emailOutbox, surveyAnswers, surveySends, surveys, users, votes } from "~/db/schema";
import { translate } from "~/i18n/catalogues.server";
import { insertBoard } from "~/models/boards.server";
import { insertSurvey } from "~/models/surveys.server";
import { action as sendAction, loader as sendLoader } from "~/routes/admin.surveys_.$id_.send";
import { action as reasonAction, loader as clickLoader } from "~/routes/s.$surveyId_.e.$token.$score";
import type { SessionUser } from "~/services/auth.server";
import { addComment } from "~/services/comments.server";
import { drainOutbox } from "~/services/outbox.server";
import { countSurveyAudience, sendSurvey } from "~/services/surveys.server";
import { voteOnBehalf } from "~/services/triage.server";
import { castVote } from "~/services/votes.server";
import { signLink } from "~/utils/signed-links.server";
import { closeSinkAndWorker, startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { surveyAnswerOf, callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

const PUBLIC_URL = "http://closeloop.test";
const DAY = 24 * 3_600_000;

let sink: SmtpSink;
let admin: SessionUser;
let staff: SessionUser;
let staffCookie = "";
let otherBoardId = 0;
const people: Record<string, SessionUser> = {};

function headerLine(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(":") + 1)
    .replace(/\r?\n[ \t]+/g, " ")
    .trim();
}

function makeSurvey(kind: "nps" | "ces" | "csat" = "nps", texts: object = {}) {
  return insertSurvey(getDb(), { name: `An ${kind} survey`, kind, texts: JSON.stringify(texts), status: "active", inAppPrompt: false, createdById: admin.id });
}

function outboxEmailsOfSend(sendId: number): string[] {
  return getDb()
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.template, "survey"))
    .all()
    .filter((r) => r.dedupeKey.startsWith(`survey_send:${sendId}:user:`))
    .map((r) => r.toEmail)
    .sort();
}

const answerOf = surveyAnswerOf;

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.PUBLIC_URL = PUBLIC_URL;
  const seeded = await seedSite();
  admin = seeded.admin;
  otherBoardId = insertBoard({ slug: "mobile", name: "Mobile app", description: "" }).id;
  staff = await createUser({ role: "staff", email: "staff@example.test" });
  staffCookie = await sessionCookie(staff.id);
  const make = async (key: string, extra: Partial<typeof users.$inferInsert> = {}) => {
    people[key] = await createUser({ email: `${key}@example.test`, displayName: key });
    if (Object.keys(extra).length) getDb().update(users).set(extra).where(eq(users.id, people[key].id)).run();
  };
  await make("salma", { locale: "ar" }); // votes on the default board, recently
  await make("eve"); // comments recently
  await make("old"); // voted long ago only
  await make("mobileVoter"); // votes on the other board
  await make("quiet"); // never did anything
  await make("unsubscribed", { emailOnStatus: false });
  await make("bounced", { emailSuppressedAt: Date.now() });
  await make("banned", { bannedAt: Date.now() });
  const now = Date.now();
  const feedbackPost = await createTestPost(staff, "Dark mode");
  const mobilePost = await createTestPost(staff, "Offline mode", "", "mobile");
  castVote(feedbackPost, people.salma);
  castVote(feedbackPost, people.unsubscribed);
  castVote(feedbackPost, people.bounced);
  castVote(feedbackPost, people.banned);
  castVote(feedbackPost, people.old, now - 200 * DAY);
  getDb()
    .update(votes)
    .set({ createdAt: now - 200 * DAY })
    .where(eq(votes.userId, people.old.id))
    .run();
  castVote(mobilePost, people.mobileVoter);
  expect((await addComment(feedbackPost, { body: "Yes please" }, people.eve)).ok).toBe(true);
  // A customer heard on a call (a placeholder account with a vote) is asked too; a
  // placeholder without one (an unfinished sign-up) is not.
  expect(voteOnBehalf(feedbackPost, { email: "caller@example.test", note: "" }, staff).ok).toBe(true);
  getDb().insert(users).values({ email: "unfinished@example.test", displayName: "unfinished", passwordHash: null }).run();
});

afterAll(() => closeSinkAndWorker(sink));

beforeEach(() => {
  sink.received.length = 0;
});

describe("the audience of a survey email", () => {
  it("all customers: never staff, banned, bounced, unsubscribed, or a placeholder without a vote", async () => {
    const survey = makeSurvey();
    expect(countSurveyAudience({ audience: "all_customers" })).toEqual({ ok: true, value: 6 });
    const sent = sendSurvey(survey.id, { audience: "all_customers" }, staff);
    expect(sent).toMatchObject({ ok: true, value: { recipients: 6 } });
    if (!sent.ok) return;
    expect(outboxEmailsOfSend(sent.value.sendId)).toEqual(["caller", "eve", "mobileVoter", "old", "quiet", "salma"].map((k) => `${k}@example.test`));
    // One row per recipient, deduplicated by the send and the user.
    const keys = getDb()
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.template, "survey"))
      .all()
      .map((r) => r.dedupeKey);
    expect(keys).toContain(`survey_send:${sent.value.sendId}:user:${people.salma.id}`);
  });

  it("customers active in the last N days: voted, posted, commented (or signed in) since then", async () => {
    const survey = makeSurvey();
    const sent = sendSurvey(survey.id, { audience: "active_customers", activeDays: 30 }, staff);
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    expect(outboxEmailsOfSend(sent.value.sendId)).toEqual(["caller@example.test", "eve@example.test", "mobileVoter@example.test", "salma@example.test"]);
    expect(sent.value.recipients).toBe(4);
    const longer = countSurveyAudience({ audience: "active_customers", activeDays: 365 });
    expect(longer).toEqual({ ok: true, value: 5 });
    expect(countSurveyAudience({ audience: "active_customers" })).toMatchObject({ ok: false, error: "error.surveyActiveDays", field: "activeDays" });
  });

  it("the voters of one board", async () => {
    const survey = makeSurvey();
    const sent = sendSurvey(survey.id, { audience: "board_voters", boardId: otherBoardId }, staff);
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    expect(outboxEmailsOfSend(sent.value.sendId)).toEqual(["mobileVoter@example.test"]);
    const row = getDb().select().from(surveySends).where(eq(surveySends.id, sent.value.sendId)).get();
    expect(row).toMatchObject({ audience: "board_voters", boardId: otherBoardId, recipients: 1, sentById: staff.id });
    expect(sendSurvey(survey.id, { audience: "board_voters", boardId: 99_999 }, staff)).toMatchObject({ ok: false, error: "error.surveyBoard" });
  });

  it("the send page: the count before sending, the send, and its history (staff only)", async () => {
    const survey = makeSurvey();
    const path = `/admin/surveys/${survey.id}/send`;
    const params = { id: String(survey.id) };
    const counted = await callRoute(
      sendLoader,
      makeRequest(`${path}?audience=board_voters&boardId=${otherBoardId}&activeDays=`, { cookie: staffCookie }),
      params,
    );
    expect(counted.status).toBe(200);
    expect(counted.data).toMatchObject({ willEmail: 1, sends: [] });

    const missingBoard = await callRoute(sendAction, makeRequest(path, { cookie: staffCookie, form: { audience: "board_voters" } }), params);
    expect(missingBoard.status).toBe(400);
    expect(missingBoard.data).toMatchObject({ error: { boardId: ["error.surveyBoard"] }, initialValue: { audience: "board_voters" } });

    const sent = await callRoute(sendAction, makeRequest(path, { cookie: staffCookie, form: { audience: "active_customers", activeDays: "30" } }), params);
    expect(sent.status).toBe(302);
    const history = await callRoute(sendLoader, makeRequest(sent.location!, { cookie: staffCookie }), params);
    expect(history.data).toMatchObject({ sent: { recipients: 4, audience: "active_customers", activeDays: 30 }, sends: [{ recipients: 4 }] });

    const customerCookie = await sessionCookie(people.quiet.id);
    expect((await callRoute(sendLoader, makeRequest(path, { cookie: customerCookie }), params)).status).toBe(403);
    expect((await callRoute(sendLoader, makeRequest(path), params)).status).toBe(404);
    getDb().update(surveys).set({ status: "closed" }).where(eq(surveys.id, survey.id)).run();
    const closed = await callRoute(sendAction, makeRequest(path, { cookie: staffCookie, form: { audience: "all_customers" } }), params);
    expect(closed.status).toBe(400);
    expect(closed.data).toMatchObject({ error: { "": ["error.surveyClosed"] } });
  });
});

describe("a survey email over SMTP, and its links", () => {
  let surveyId = 0;
  let arHtml = "";
  const question = "ما مدى احتمال أن تنصح بنا <script>alert(1)</script>؟";

  it("delivers one email per recipient, in Arabic for an Arabic customer, with 11 score links in a right-to-left row and List-Unsubscribe", async () => {
    // Drain whatever earlier tests queued, then send this survey to the active customers.
    await drainOutbox();
    sink.received.length = 0;
    const survey = makeSurvey("nps", { ar: { question } });
    surveyId = survey.id;
    const sent = sendSurvey(survey.id, { audience: "active_customers", activeDays: 30 }, staff);
    expect(sent).toMatchObject({ ok: true, value: { recipients: 4 } });
    expect(await drainOutbox()).toEqual({ sent: 4, retried: 0, failed: 0, suppressed: 0 });
    expect(sink.received.flatMap((r) => r.to).sort()).toEqual(["caller@example.test", "eve@example.test", "mobilevoter@example.test", "salma@example.test"]);

    const [ar] = sink.to("salma@example.test");
    const [en] = sink.to("eve@example.test");
    expect(ar.subject).toBe(translate("ar", "email.subject.survey", { site: "Test board" }));
    expect(ar.subject).toMatch(/[\u0600-\u06FF]/);
    arHtml = String(ar.html);
    expect(arHtml).toMatch(/<html[^>]*\bdir="rtl"/);
    expect(arHtml).toMatch(/<table[^>]*\bdir="rtl"/);
    // The admin's Arabic question, escaped.
    expect(arHtml).toContain("ما مدى احتمال أن تنصح بنا &lt;script&gt;alert(1)&lt;/script&gt;؟");
    expect(arHtml).not.toContain("<script>");
    const links = [...arHtml.matchAll(new RegExp(`href="${PUBLIC_URL}/s/${survey.id}/e/([^/"]+)/(\\d+)"`, "g"))];
    expect(links.map((m) => Number(m[2]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Arabic-Indic digits on the buttons.
    expect(arHtml).toContain(">١٠<");
    expect(translate("ar", "surveys.scale.low.nps")).not.toBe("");
    expect(arHtml).toContain(translate("ar", "surveys.scale.low.nps"));
    // The English email asks the default English question.
    expect(String(en.html)).toContain(translate("en", "surveys.defaultQuestion.nps"));
    expect(String(en.html)).toMatch(/<html[^>]*\bdir="ltr"/);

    for (const [mail, user] of [
      [ar, people.salma],
      [en, people.eve],
    ] as const) {
      expect(headerLine(mail, "List-Unsubscribe")).toBe(`<${PUBLIC_URL}/unsubscribe/${signLink({ purpose: "unsubscribe-all", postId: 0, userId: user.id })}>`);
      expect(headerLine(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    }
    expect(ar.text).toContain(`${PUBLIC_URL}/s/${survey.id}/e/`);
  });

  const linkFor = (score: number) => {
    const match = new RegExp(`href="${PUBLIC_URL}/s/${surveyId}/e/([^/"]+)/${score}"`).exec(arHtml);
    expect(match).not.toBeNull();
    return { surveyId: String(surveyId), token: match![1], score: String(score) };
  };

  it("records the clicked score, a later click replaces it, and the follow-up saves the reason", async () => {
    const seven = linkFor(7);
    const clicked = await callRoute(clickLoader, makeRequest(`/s/${surveyId}/e/${seven.token}/7`), seven);
    expect(clicked.status).toBe(200);
    expect(clicked.data).toMatchObject({ closed: false, score: 7, survey: { surveyId } });
    expect(answerOf(surveyId, people.salma.id)).toMatchObject({ score: 7, channel: "email", locale: "ar", boardId: null });

    const reason = await callRoute(reasonAction, makeRequest(`/s/${surveyId}/e/${seven.token}/7`, { form: { reason: "التطبيق بطيء أحيانًا" } }), seven);
    expect(reason.data).toEqual({ reasonSaved: true });

    const ten = linkFor(10);
    expect((await callRoute(clickLoader, makeRequest(`/s/${surveyId}/e/${ten.token}/10`), ten)).status).toBe(200);
    const answers = getDb().select().from(surveyAnswers).where(eq(surveyAnswers.surveyId, surveyId)).all();
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ userId: people.salma.id, score: 10, reason: "التطبيق بطيء أحيانًا" });
  });

  it("refuses an altered link or a score off the scale with a 404, recording nothing", async () => {
    const five = linkFor(5);
    const otherUser = five.token.replace(`.${people.salma.id}.`, `.${people.eve.id}.`);
    expect(otherUser).not.toBe(five.token);
    const forgedSignature = five.token.slice(0, -2) + (five.token.endsWith("AA") ? "BB" : "AA");
    for (const token of [otherUser, forgedSignature, "forged"]) {
      expect((await callRoute(clickLoader, makeRequest(`/s/${surveyId}/e/${token}/5`), { ...five, token })).status).toBe(404);
      expect((await callRoute(reasonAction, makeRequest(`/s/${surveyId}/e/${token}/5`, { form: { reason: "x" } }), { ...five, token })).status).toBe(404);
    }
    // The same token for another survey, or a score the scale does not have.
    const other = makeSurvey();
    expect((await callRoute(clickLoader, makeRequest(`/s/${other.id}/e/${five.token}/5`), { ...five, surveyId: String(other.id) })).status).toBe(404);
    expect((await callRoute(clickLoader, makeRequest(`/s/${surveyId}/e/${five.token}/11`), { ...five, score: "11" })).status).toBe(404);
    expect(answerOf(surveyId, people.eve.id)).toBeUndefined();
    expect(answerOf(surveyId, people.salma.id)?.score).toBe(10);
  });

  it("a closed survey: a clear page, nothing recorded", async () => {
    getDb().update(surveys).set({ status: "closed" }).where(eq(surveys.id, surveyId)).run();
    const two = linkFor(2);
    const closed = await callRoute(clickLoader, makeRequest(`/s/${surveyId}/e/${two.token}/2`), two);
    expect(closed.status).toBe(410);
    expect(closed.data).toMatchObject({ closed: true });
    expect(answerOf(surveyId, people.salma.id)?.score).toBe(10);
  });

  it("records the board of a send to a board's voters", async () => {
    await drainOutbox();
    sink.received.length = 0;
    const survey = makeSurvey("csat");
    expect(sendSurvey(survey.id, { audience: "board_voters", boardId: otherBoardId }, staff).ok).toBe(true);
    await drainOutbox();
    const [mail] = sink.to("mobileVoter@example.test");
    const html = String(mail.html);
    const links = [...html.matchAll(new RegExp(`href="${PUBLIC_URL}/s/${survey.id}/e/([^/"]+)/(\\d+)"`, "g"))];
    expect(links.map((m) => Number(m[2]))).toEqual([1, 2, 3, 4, 5]);
    const [, token] = links[3];
    expect((await callRoute(clickLoader, makeRequest(`/s/${survey.id}/e/${token}/4`), { surveyId: String(survey.id), token, score: "4" })).status).toBe(200);
    expect(answerOf(survey.id, people.mobileVoter.id)).toMatchObject({ score: 4, channel: "email", boardId: otherBoardId, kind: "csat" });
  });
});
