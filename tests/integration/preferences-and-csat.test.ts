// The small forms an account's owner reaches from the board or an email: email
// preferences, and the comment after a "did this solve it?" answer. Each saves what was
// sent, and a comment form that needs fixing comes back with its message and its text.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { solvedAnswers, users } from "~/db/schema";
import { action as csatAction, loader as csatLoader } from "~/routes/csat.$token.$answer";
import { action as settingsAction } from "~/routes/settings.notifications";
import type { SessionUser } from "~/services/auth.server";
import { signLink } from "~/utils/signed-links.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

let customer: SessionUser;
let cookie = "";
let postId = 0;

beforeAll(async () => {
  const { admin } = await seedSite();
  customer = await createUser();
  cookie = await sessionCookie(customer.id);
  postId = await createTestPost(admin, "Dark mode");
});

const userRow = () => getDb().select().from(users).where(eq(users.id, customer.id)).get()!;

describe("email preferences", () => {
  it("saves the two checkboxes: a box left out is off", async () => {
    const off = await callRoute(settingsAction, makeRequest("/settings/notifications", { cookie, form: { emailOnComment: "on" } }));
    expect(off.status).toBe(302);
    expect(off.location).toBe("/settings/notifications?saved=1");
    expect(userRow()).toMatchObject({ emailOnStatus: false, emailOnComment: true });
    await callRoute(settingsAction, makeRequest("/settings/notifications", { cookie, form: { emailOnStatus: "on", emailOnComment: "on" } }));
    expect(userRow()).toMatchObject({ emailOnStatus: true, emailOnComment: true });
  });
});

describe("the comment after a CSAT answer", () => {
  it("refuses an empty or over-long comment by the field, keeping the text, and saves a real one", async () => {
    const token = signLink({ purpose: "csat", postId, userId: customer.id });
    expect((await callRoute(csatLoader, makeRequest(`/csat/${token}/yes`), { token, answer: "yes" })).status).toBe(200);

    for (const comment of ["", "   "]) {
      const empty = await callRoute(csatAction, makeRequest(`/csat/${token}/yes`, { form: { comment } }), { token, answer: "yes" });
      expect(empty.status).toBe(400);
      expect(empty.data).toMatchObject({ error: { comment: ["error.commentEmpty"] } });
    }
    const tooLong = await callRoute(csatAction, makeRequest(`/csat/${token}/yes`, { form: { comment: "x".repeat(2001) } }), { token, answer: "yes" });
    expect(tooLong.status).toBe(400);
    expect(tooLong.data).toMatchObject({ error: { comment: ["error.commentTooLong"] }, initialValue: { comment: "x".repeat(2001) } });

    const saved = await callRoute(csatAction, makeRequest(`/csat/${token}/yes`, { form: { comment: "Works for me" } }), { token, answer: "yes" });
    expect(saved.status).toBe(200);
    expect(saved.data).toEqual({ commentSaved: true });
    expect(getDb().select().from(solvedAnswers).where(eq(solvedAnswers.userId, customer.id)).get()?.comment).toBe("Works for me");
  });
});
