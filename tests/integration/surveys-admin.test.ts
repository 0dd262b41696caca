// The survey pages: staff create and edit surveys (/admin/surveys), close and reopen them,
// record answers heard on a call (/admin/surveys/:id/record), customers answer through
// the public link (/s/:id), and staff download every answer as CSV. Each route is called
// as Remix calls it, and what it wrote is read back from the database.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { surveyAnswers, surveys, users } from "~/db/schema";
import { action as listAction, loader as listLoader } from "~/routes/admin.surveys";
import { action as surveyAction, loader as surveyLoader } from "~/routes/admin.surveys_.$id";
import { action as recordAction, loader as recordLoader } from "~/routes/admin.surveys_.$id_.record";
import { loader as exportLoader } from "~/routes/admin.surveys_.$id_.export[.]csv";
import { action as linkAction, loader as linkLoader } from "~/routes/s.$surveyId";
import type { SessionUser } from "~/services/auth.server";
import { surveyQuestion } from "~/services/surveys.server";
import { callRoute, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

let staff: SessionUser;
let customer: SessionUser;
let staffCookie = "";
let customerCookie = "";

beforeAll(async () => {
  await seedSite();
  staff = await createUser({ role: "staff", displayName: "Sam Staff" });
  customer = await createUser({ displayName: "Cora Customer" });
  staffCookie = await sessionCookie(staff.id);
  customerCookie = await sessionCookie(customer.id);
});

const surveyRow = (id: number) => getDb().select().from(surveys).where(eq(surveys.id, id)).get()!;
const answersOf = (surveyId: number) => getDb().select().from(surveyAnswers).where(eq(surveyAnswers.surveyId, surveyId)).all();

async function createSurveyOverForm(form: Record<string, string>): Promise<number> {
  const created = await callRoute(listAction, makeRequest("/admin/surveys", { cookie: staffCookie, form }));
  expect(created.status).toBe(302);
  const id = Number(/^\/admin\/surveys\/(\d+)$/.exec(created.location ?? "")?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

describe("creating a survey", () => {
  it("refuses a missing name and a too-long text beside their fields, keeping everything typed", async () => {
    const typed = { name: "", kind: "ces", inAppPrompt: "on", "texts.ar.question": "ما مدى سهولة الحصول على المساعدة؟", "texts.en.followUp": "x".repeat(301) };
    const refused = await callRoute(listAction, makeRequest("/admin/surveys", { cookie: staffCookie, form: typed }));
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({
      error: { name: ["surveys.error.nameRequired"], "texts.en.followUp": ["surveys.error.textTooLong"] },
      initialValue: { kind: "ces", inAppPrompt: "on", texts: { ar: { question: "ما مدى سهولة الحصول على المساعدة؟" } } },
    });
    const badKind = await callRoute(listAction, makeRequest("/admin/surveys", { cookie: staffCookie, form: { name: "Q3", kind: "mood" } }));
    expect(badKind.status).toBe(400);
    expect(badKind.data).toMatchObject({ error: { kind: ["surveys.error.kindInvalid"] } });
    expect(getDb().select().from(surveys).all()).toHaveLength(0);
  });

  it("stores only the texts staff wrote (the CES object only on a CES survey) and lists the survey", async () => {
    const npsId = await createSurveyOverForm({
      name: "NPS Q3",
      kind: "nps",
      "texts.en.question": "  ",
      "texts.ar.followUp": "لماذا؟",
      "texts.en.object": "ignored",
    });
    expect(surveyRow(npsId)).toMatchObject({ name: "NPS Q3", kind: "nps", status: "active", inAppPrompt: false, createdById: staff.id });
    expect(JSON.parse(surveyRow(npsId).texts)).toEqual({ ar: { followUp: "لماذا؟" } });

    const cesId = await createSurveyOverForm({ name: "Support effort", kind: "ces", inAppPrompt: "on", "texts.en.object": "get help from us" });
    expect(surveyRow(cesId).inAppPrompt).toBe(true);
    expect(surveyQuestion(surveyRow(cesId), "en").question).toBe("How easy was it to get help from us?");
    // A language left blank asks the catalogue's default there.
    expect(surveyQuestion(surveyRow(cesId), "ar").question).toBe("ما مدى سهولة الحصول على ما تحتاجه منا؟");

    const list = await callRoute(listLoader, makeRequest("/admin/surveys", { cookie: staffCookie }));
    const listed = (list.data as { surveys: { id: number; answerCount: number; kind: string }[] }).surveys;
    expect(listed.map((s) => s.id)).toEqual([cesId, npsId]);
    expect(listed.every((s) => s.answerCount === 0)).toBe(true);
  });
});

describe("a survey's page", () => {
  it("saves edited texts, and a blank text goes back to the default", async () => {
    const id = await createSurveyOverForm({ name: "CSAT", kind: "csat" });
    const save = (form: Record<string, string>) =>
      callRoute(surveyAction, makeRequest(`/admin/surveys/${id}`, { cookie: staffCookie, form: { intent: "save", ...form } }), { id: String(id) });
    const saved = await save({ name: "CSAT after onboarding", "texts.fa.question": "از راه‌اندازی چقدر راضی هستید؟" });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/admin/surveys/${id}?done=saved`);
    expect(surveyRow(id).name).toBe("CSAT after onboarding");
    expect(surveyQuestion(surveyRow(id), "fa").question).toBe("از راه‌اندازی چقدر راضی هستید؟");

    const refused = await save({ name: "", "texts.fa.question": "نگه داشته شود" });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({
      intent: "save",
      reply: { error: { name: ["surveys.error.nameRequired"] }, initialValue: { texts: { fa: { question: "نگه داشته شود" } } } },
    });

    await save({ name: "CSAT after onboarding" });
    expect(surveyQuestion(surveyRow(id), "fa").question).toBe("چقدر از محصول ما راضی هستید؟");
  });

  it("shows each blank text's default as its placeholder, the CES question with the survey's own object", async () => {
    const id = await createSurveyOverForm({ name: "Onboarding effort", kind: "ces", "texts.en.object": "set up your board" });
    const page = await callRoute(surveyLoader, makeRequest(`/admin/surveys/${id}`, { cookie: staffCookie }), { id: String(id) });
    expect(page.data).toMatchObject({
      texts: { en: { object: "set up your board" } },
      placeholders: {
        en: { question: "How easy was it to set up your board?", followUp: "What is the main reason for your score?", object: "get what you needed from us" },
        ar: { question: "ما مدى سهولة الحصول على ما تحتاجه منا؟" },
      },
    });
  });

  it("counts each score on the scale and shows the latest answers", async () => {
    const id = await createSurveyOverForm({ name: "NPS counts", kind: "nps" });
    for (const [email, score] of [
      ["a@example.test", "10"],
      ["b@example.test", "10"],
      ["c@example.test", "3"],
    ])
      await callRoute(recordAction, makeRequest(`/admin/surveys/${id}/record`, { cookie: staffCookie, form: { email, score, channel: "chat", reason: "" } }), {
        id: String(id),
      });
    const page = await callRoute(surveyLoader, makeRequest(`/admin/surveys/${id}`, { cookie: staffCookie }), { id: String(id) });
    const data = page.data as {
      distribution: { score: number; count: number }[];
      answerCount: number;
      latest: { respondentEmail: string }[];
      publicUrl: string;
    };
    expect(data.distribution).toHaveLength(11);
    expect(data.distribution.find((r) => r.score === 10)?.count).toBe(2);
    expect(data.distribution.find((r) => r.score === 3)?.count).toBe(1);
    expect(data.distribution.find((r) => r.score === 0)?.count).toBe(0);
    expect(data.answerCount).toBe(3);
    expect(data.latest.map((a) => a.respondentEmail).sort()).toEqual(["a@example.test", "b@example.test", "c@example.test"]);
    expect(data.publicUrl).toBe(`http://localhost/s/${id}`);
    const list = await callRoute(listLoader, makeRequest("/admin/surveys", { cookie: staffCookie }));
    expect((list.data as { surveys: { id: number; answerCount: number }[] }).surveys.find((s) => s.id === id)?.answerCount).toBe(3);
  });

  it("closes (keeping answers, refusing more) and reopens", async () => {
    const id = await createSurveyOverForm({ name: "Closing soon", kind: "csat" });
    const params = { id: String(id) };
    const record = (email: string) =>
      callRoute(recordAction, makeRequest(`/admin/surveys/${id}/record`, { cookie: staffCookie, form: { email, score: "4", channel: "phone" } }), params);
    expect((await record("before@example.test")).status).toBe(302);

    const closed = await callRoute(surveyAction, makeRequest(`/admin/surveys/${id}`, { cookie: staffCookie, form: { intent: "close" } }), params);
    expect(closed.location).toBe(`/admin/surveys/${id}?done=closed`);
    expect(surveyRow(id)).toMatchObject({ status: "closed" });
    expect(surveyRow(id).closedAt).toBeGreaterThan(0);
    expect(answersOf(id)).toHaveLength(1);

    const refusedRecord = await record("after@example.test");
    expect(refusedRecord.status).toBe(400);
    expect(refusedRecord.data).toMatchObject({ error: { "": ["error.surveyClosed"] } });
    const refusedLink = await callRoute(linkAction, makeRequest(`/s/${id}`, { cookie: customerCookie, form: { score: "5" } }), { surveyId: String(id) });
    expect(refusedLink.status).toBe(400);
    expect(refusedLink.data).toMatchObject({ error: { "": ["error.surveyClosed"] } });
    expect(answersOf(id)).toHaveLength(1);
    const page = await callRoute(linkLoader, makeRequest(`/s/${id}`, { cookie: customerCookie }), { surveyId: String(id) });
    expect(page.data).toMatchObject({ survey: { closed: true } });

    await callRoute(surveyAction, makeRequest(`/admin/surveys/${id}`, { cookie: staffCookie, form: { intent: "reopen" } }), params);
    expect(surveyRow(id)).toMatchObject({ status: "active", closedAt: null });
    expect((await record("after@example.test")).status).toBe(302);
  });

  it("is not found for a survey that does not exist", async () => {
    expect((await callRoute(surveyLoader, makeRequest("/admin/surveys/999999", { cookie: staffCookie }), { id: "999999" })).status).toBe(404);
    expect((await callRoute(surveyLoader, makeRequest("/admin/surveys/x", { cookie: staffCookie }), { id: "x" })).status).toBe(404);
  });
});

describe("recording an answer heard on a call", () => {
  it("gives an unknown email a claimable placeholder account; the answer carries its channel and who recorded it", async () => {
    const id = await createSurveyOverForm({ name: "Sales calls", kind: "nps" });
    const params = { id: String(id) };
    const recorded = await callRoute(
      recordAction,
      makeRequest(`/admin/surveys/${id}/record`, {
        cookie: staffCookie,
        form: { email: " New.Caller@Example.TEST ", score: "9", reason: "سريع ومفيد", channel: "in_person" },
      }),
      params,
    );
    expect(recorded.status).toBe(302);
    const placeholder = getDb().select().from(users).where(eq(users.email, "new.caller@example.test")).get()!;
    expect(placeholder).toMatchObject({ passwordHash: null, role: "customer" });
    const answer = getDb()
      .select()
      .from(surveyAnswers)
      .where(and(eq(surveyAnswers.surveyId, id), eq(surveyAnswers.userId, placeholder.id)))
      .get()!;
    expect(answer).toMatchObject({ score: 9, reason: "سريع ومفيد", channel: "in_person", recordedById: staff.id, kind: "nps" });
    expect(recorded.location).toBe(`/admin/surveys/${id}/record?recorded=${answer.id}`);

    // The page after it confirms what was recorded, for the next call.
    const next = await callRoute(recordLoader, makeRequest(recorded.location!, { cookie: staffCookie }), params);
    expect(next.data).toMatchObject({ recorded: { respondentEmail: "new.caller@example.test", score: 9 } });
  });

  it("puts each error beside its field and keeps what was typed", async () => {
    const id = await createSurveyOverForm({ name: "CSAT calls", kind: "csat" });
    const params = { id: String(id) };
    const send = (form: Record<string, string>) => callRoute(recordAction, makeRequest(`/admin/surveys/${id}/record`, { cookie: staffCookie, form }), params);

    const bad = await send({ email: "not an email", score: "", reason: "Kept as typed", channel: "fax" });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({
      error: { email: ["error.emailInvalid"], score: ["error.surveyScore"], channel: ["surveys.error.channelInvalid"] },
      initialValue: { email: "not an email", reason: "Kept as typed" },
    });
    // 6 is off a CSAT's 1–5 scale: the service says so beside the score.
    const offScale = await send({ email: "x@example.test", score: "6", reason: "Kept", channel: "chat" });
    expect(offScale.status).toBe(400);
    expect(offScale.data).toMatchObject({
      error: { score: ["error.surveyScore"] },
      initialValue: { email: "x@example.test", score: "6", reason: "Kept", channel: "chat" },
    });
    // Surveys count customers only: a colleague's email is refused.
    const colleague = await send({ email: staff.email, score: "5", channel: "chat" });
    expect(colleague.status).toBe(400);
    expect(colleague.data).toMatchObject({ error: { email: ["surveys.error.emailIsStaff"] } });
    expect(answersOf(id)).toHaveLength(0);
    expect(getDb().select().from(users).where(eq(users.email, "x@example.test")).get()).toBeUndefined();
  });
});

describe("the public link /s/:id", () => {
  it("sends a visitor to sign in and back, and is not found for an unknown survey", async () => {
    const id = await createSurveyOverForm({ name: "Link NPS", kind: "nps" });
    const visitor = await callRoute(linkLoader, makeRequest(`/s/${id}`), { surveyId: String(id) });
    expect(visitor.status).toBe(302);
    expect(visitor.location).toBe(`/login?redirectTo=${encodeURIComponent(`/s/${id}`)}`);
    const visitorPost = await callRoute(linkAction, makeRequest(`/s/${id}`, { form: { score: "9" } }), { surveyId: String(id) });
    expect(visitorPost.location).toBe(`/login?redirectTo=${encodeURIComponent(`/s/${id}`)}`);
    expect(answersOf(id)).toHaveLength(0);
    expect((await callRoute(linkLoader, makeRequest("/s/999999", { cookie: customerCookie }), { surveyId: "999999" })).status).toBe(404);
  });

  it("records a signed-in customer's answer through the link, in their language; answering again replaces it", async () => {
    const id = await createSurveyOverForm({ name: "Link CES", kind: "ces", "texts.ar.object": "إيجاد ما تريد" });
    const params = { surveyId: String(id) };
    const arabic = { cookie: customerCookie, headers: { "accept-language": "ar" } };
    const page = await callRoute(linkLoader, makeRequest(`/s/${id}`, arabic), params);
    expect(page.data).toMatchObject({
      survey: { closed: false, kind: "ces" },
      asked: { question: "ما مدى سهولة إيجاد ما تريد؟", followUp: "ما السبب الرئيسي لتقييمك؟", min: 1, max: 7 },
      canAnswer: true,
      previous: null,
    });

    const offScale = await callRoute(linkAction, makeRequest(`/s/${id}`, { ...arabic, form: { score: "8", reason: "يبقى" } }), params);
    expect(offScale.status).toBe(400);
    expect(offScale.data).toMatchObject({ error: { score: ["error.surveyScore"] }, initialValue: { reason: "يبقى" } });

    const first = await callRoute(linkAction, makeRequest(`/s/${id}`, { ...arabic, form: { score: "2", reason: "صعب" } }), params);
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/s/${id}?thanks=1`);
    expect(answersOf(id)).toMatchObject([{ userId: customer.id, score: 2, reason: "صعب", channel: "link", locale: "ar", recordedById: null }]);

    const again = await callRoute(linkAction, makeRequest(`/s/${id}`, { ...arabic, form: { score: "6", reason: "أسهل الآن" } }), params);
    expect(again.status).toBe(302);
    expect(answersOf(id)).toMatchObject([{ userId: customer.id, score: 6, reason: "أسهل الآن", channel: "link" }]);
    const thanks = await callRoute(linkLoader, makeRequest(`/s/${id}?thanks=1`, arabic), params);
    expect(thanks.data).toMatchObject({ previous: { score: 6, reason: "أسهل الآن" } });
  });

  it("lets staff look but refuses their answer: surveys count customers only", async () => {
    const id = await createSurveyOverForm({ name: "Staff try", kind: "csat" });
    const params = { surveyId: String(id) };
    const page = await callRoute(linkLoader, makeRequest(`/s/${id}`, { cookie: staffCookie }), params);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ canAnswer: false });
    const refused = await callRoute(linkAction, makeRequest(`/s/${id}`, { cookie: staffCookie, form: { score: "5" } }), params);
    expect(refused.status).toBe(403);
    expect(refused.data).toMatchObject({ error: { "": ["surveys.error.staffNotCounted"] } });
    expect(answersOf(id)).toHaveLength(0);
  });
});

describe("the CSV export", () => {
  it("has a BOM, every answer with ISO dates, Arabic intact, and formulas defused", async () => {
    const id = await createSurveyOverForm({ name: "Export me", kind: "nps" });
    const record = (form: Record<string, string>) =>
      callRoute(recordAction, makeRequest(`/admin/surveys/${id}/record`, { cookie: staffCookie, form: { channel: "phone", ...form } }), { id: String(id) });
    await record({ email: "arabic@example.test", score: "9", reason: "خدمة ممتازة، شكرًا" });
    await record({ email: "sly@example.test", score: "0", reason: '=HYPERLINK("https://evil.example","click")' });
    await record({ email: "quiet@example.test", score: "7", reason: "" });
    await callRoute(linkAction, makeRequest(`/s/${id}`, { cookie: customerCookie, form: { score: "10", reason: "@SUM(1+1)" } }), { surveyId: String(id) });

    const response = (await exportLoader({
      request: makeRequest(`/admin/surveys/${id}/export.csv`, { cookie: staffCookie }),
      params: { id: String(id) },
      context: {},
    } as never)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="survey-${id}-answers.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.trim().split("\n");
    expect(lines[0]).toBe("answered_at,score,reason,channel,language,respondent_email");
    expect(lines).toHaveLength(5);
    const rowOf = (email: string) => lines.find((line) => line.endsWith(`,${email}`))!;
    expect(rowOf("arabic@example.test")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,9,خدمة ممتازة، شكرًا,phone,en,arabic@example\.test$/);
    expect(rowOf("sly@example.test")).toContain(`,0,"'=HYPERLINK(""https://evil.example"",""click"")",phone,`);
    expect(rowOf(customer.email)).toContain(",10,'@SUM(1+1),link,en,");
    expect(rowOf("quiet@example.test")).toContain(",7,,phone,");
  });

  it("is not found for an unknown survey", async () => {
    const missing = await callRoute(exportLoader, makeRequest("/admin/surveys/999999/export.csv", { cookie: staffCookie }), { id: "999999" });
    expect(missing.status).toBe(404);
  });
});
