// Every route that takes a POST × {visitor, customer, other customer, banned customer,
// banned staff, banned admin, staff, admin}. A banned account is signed out wherever it
// goes (ADR 008): its sessions, even one that outlived the ban, count as no session.
// The list of routes comes from app/routes itself: a new action route that this table
// does not know fails the first test, so none can be left out silently.
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { users } from "~/db/schema";
import { addComment } from "~/services/comments.server";
import { saveEntry } from "~/services/changelog.server";
import { setCommentsLocked } from "~/services/triage.server";
import { insertSurvey } from "~/models/surveys.server";
import { answerSurvey, promptFor } from "~/services/surveys.server";
import { createWebhook } from "~/services/webhooks.server";
import { clientsUnder } from "../helpers/account-requests";
import { createTestPost, createUser, makeRequest, seedSite, sessionCookie, TEST_PASSWORD } from "../helpers/factories";

type Module = { action?: (args: never) => unknown };
const modules = import.meta.glob("../../app/routes/*.tsx", { eager: true }) as Record<string, Module>;
const actionRoutes = Object.entries(modules)
  .filter(([, m]) => typeof m.action === "function")
  .map(([file]) => file.replace(/^.*\/routes\//, ""));

type Role = "visitor" | "customer" | "other" | "banned" | "bannedStaff" | "bannedAdmin" | "staff" | "admin";
const ROLES: Role[] = ["visitor", "customer", "other", "banned", "bannedStaff", "bannedAdmin", "staff", "admin"];
/**
 * "login": sent to sign in (a 302 to /login). A number: exactly that status. Where a role
 * is allowed, the form is valid, so the number is what the action answers when it does
 * its work (a redirect elsewhere, or a 200 for a fetcher); a broken handler's 400 fails.
 */
type Outcome = "login" | number;

const cookies: Partial<Record<Role, string>> = {};
let postId = 0;
let commentId = 0;
let lockedPostId = 0;
let draftEntryId = 0;
/** A survey whose prompt the customer was shown and answered (the other customer was asked nothing). */
let surveyId = 0;
/** A survey only the public link's entry answers, so that its answers give no one else a score to explain. */
let linkSurveyId = 0;
let boardId = 0;
let webhookId = 0;
/** Comments by the customer on the locked post: one for each role that tries to delete one. */
const lockedComments: number[] = [];
/** Accounts to sign in to, one per role, so no account reaches its sign-in limit. */
const loginAccounts: string[] = [];
/** Customers the admin may promote to staff. */
const promotable: string[] = [];
/** Survey answers with a reason, one for each role that tries to make an idea of one. */
const verbatimAnswers: number[] = [];
let unique = 0;
const next = () => ++unique;

beforeAll(async () => {
  const { admin, board } = await seedSite();
  const customer = await createUser({ displayName: "Customer" });
  const other = await createUser({ displayName: "Other" });
  const banned = await createUser({ displayName: "Banned" });
  const bannedStaff = await createUser({ role: "staff", displayName: "Banned staff" });
  const bannedAdmin = await createUser({ role: "admin", displayName: "Banned admin" });
  const staff = await createUser({ role: "staff" });
  cookies.customer = await sessionCookie(customer.id);
  cookies.other = await sessionCookie(other.id);
  cookies.staff = await sessionCookie(staff.id);
  cookies.admin = await sessionCookie(admin.id);
  // Sessions started before the ban and kept by writing banned_at directly: the
  // worst case, a session the ban's own revocation never saw.
  for (const [role, user] of [
    ["banned", banned],
    ["bannedStaff", bannedStaff],
    ["bannedAdmin", bannedAdmin],
  ] as const) {
    cookies[role] = await sessionCookie(user.id);
    getDb().update(users).set({ bannedAt: Date.now() }).where(eq(users.id, user.id)).run();
  }
  postId = await createTestPost(customer, "The customer's idea");
  const comment = await addComment(postId, { body: "The customer's comment" }, customer);
  if (!comment.ok) throw new Error("comment failed");
  commentId = comment.value.commentId;
  lockedPostId = await createTestPost(customer, "A heated thread");
  for (let i = 0; i <= ROLES.length; i++) {
    const c = await addComment(lockedPostId, { body: `Said before the lock ${i}` }, customer);
    if (!c.ok) throw new Error("comment failed");
    lockedComments.push(c.value.commentId);
  }
  setCommentsLocked(lockedPostId, true);
  const entry = await saveEntry(null, { title: "A draft release note", body: "", postIds: [] }, staff);
  if (!entry.ok) throw new Error("changelog entry failed");
  draftEntryId = entry.value.entryId;
  const survey = insertSurvey(getDb(), { name: "NPS", kind: "nps", texts: "{}", inAppPrompt: true, createdById: admin.id });
  surveyId = survey.id;
  linkSurveyId = insertSurvey(getDb(), { name: "CSAT by link", kind: "csat", texts: "{}", createdById: admin.id }).id;
  boardId = board.id;
  // A public IP literal: the URL check needs no DNS.
  const webhook = await createWebhook({ url: "https://93.184.216.34/hooks", events: ["post.created"] }, admin);
  if (!webhook.ok) throw new Error("webhook failed");
  webhookId = webhook.value.webhookId;
  if (promptFor(customer, "matrix-session", "en")?.surveyId !== surveyId) throw new Error("the prompt was not shown");
  if (!answerSurvey(customer.id, { surveyId, score: 9, channel: "in_app", locale: "en" }).ok) throw new Error("answer failed");
  for (const _ of ROLES) loginAccounts.push((await createUser()).email);
  for (const _ of ROLES) promotable.push((await createUser()).email);
  const verbatimSurvey = insertSurvey(getDb(), { name: "NPS", kind: "nps", createdById: admin.id });
  for (const _ of ROLES) {
    const answered = answerSurvey((await createUser()).id, { surveyId: verbatimSurvey.id, score: 4, reason: "Too slow", channel: "in_app", locale: "en" });
    if (!answered.ok) throw new Error("survey answer failed");
    verbatimAnswers.push(answered.value.answerId);
  }
});

/** What every role gets when the answer does not depend on who asks. */
const everyone = (outcome: Outcome): Record<Role, Outcome> => Object.fromEntries(ROLES.map((r) => [r, outcome])) as Record<Role, Outcome>;
const bannedRoles = (outcome: Outcome) => ({ banned: outcome, bannedStaff: outcome, bannedAdmin: outcome });
const staffOnly = (allowed: number): Record<Role, Outcome> => ({
  visitor: 404,
  customer: 403,
  other: 403,
  ...bannedRoles(404),
  staff: allowed,
  admin: allowed,
});
const adminOnly = (allowed: number): Record<Role, Outcome> => ({ ...staffOnly(allowed), staff: 403 });
const signedIn = (allowed: number): Record<Role, Outcome> => ({
  visitor: "login",
  customer: allowed,
  other: allowed,
  ...bannedRoles("login"),
  staff: allowed,
  admin: allowed,
});

type Case = {
  label?: string;
  path: () => string;
  params: () => Record<string, string>;
  form: () => Record<string, string>;
  expect: Record<Role, Outcome>;
  /** Run with email configured (SMTP_URL set; nothing is sent, the emails wait in the outbox). */
  withEmail?: boolean;
};
const post = () => ({ id: String(postId) });

const MATRIX: Record<string, Case | Case[]> = {
  "admin._index.tsx": {
    path: () => "/admin",
    params: () => ({}),
    form: () => ({ intent: "quick", postId: String(postId), kind: "feature_request", status: "open" }),
    expect: staffOnly(302),
  },
  "admin.changelog.tsx": {
    path: () => "/admin/changelog",
    params: () => ({}),
    form: () => ({ title: `Release ${next()}`, body: "", postIds: "" }),
    expect: staffOnly(302),
  },
  "admin.changelog_.$id.tsx": {
    path: () => `/admin/changelog/${draftEntryId}`,
    params: () => ({ id: String(draftEntryId) }),
    form: () => ({ intent: "save", title: `A draft release note, take ${next()}`, body: "", postIds: "" }),
    expect: staffOnly(302),
  },
  "admin.surveys.tsx": {
    path: () => "/admin/surveys",
    params: () => ({}),
    form: () => ({ name: `Survey ${next()}`, kind: "csat" }),
    expect: staffOnly(302),
  },
  "admin.surveys_.$id.tsx": {
    path: () => `/admin/surveys/${surveyId}`,
    params: () => ({ id: String(surveyId) }),
    form: () => ({ intent: "save", name: `An NPS survey, take ${next()}` }),
    expect: staffOnly(302),
  },
  "admin.surveys_.$id_.record.tsx": {
    path: () => `/admin/surveys/${surveyId}/record`,
    params: () => ({ id: String(surveyId) }),
    form: () => ({ email: `caller${next()}@example.test`, score: "8", channel: "phone" }),
    expect: staffOnly(302),
  },
  // Surveys count customers only: staff may look at the link's page, but their answer is refused.
  "s.$surveyId.tsx": {
    path: () => `/s/${linkSurveyId}`,
    params: () => ({ surveyId: String(linkSurveyId) }),
    form: () => ({ score: "4", reason: "" }),
    expect: { visitor: "login", customer: 302, other: 302, ...bannedRoles("login"), staff: 403, admin: 403 },
  },
  "admin.emails.tsx": { path: () => "/admin/emails", params: () => ({}), form: () => ({ intent: "retryFailed" }), expect: staffOnly(302) },
  "admin.settings.tsx": [
    {
      path: () => "/admin/settings",
      params: () => ({}),
      form: () => ({ intent: "site", siteName: "Test board", defaultLocale: "en" }),
      expect: adminOnly(302),
    },
    {
      label: "the digest's time zone",
      path: () => "/admin/settings",
      params: () => ({}),
      form: () => ({ intent: "schedule", timezone: "Asia/Riyadh" }),
      expect: adminOnly(302),
    },
    // Single sign-on's secret can sign in any customer: only admins turn it on or make a new one.
    {
      label: "single sign-on on",
      path: () => "/admin/settings",
      params: () => ({}),
      form: () => ({ intent: "ssoEnabled", enabled: "true" }),
      expect: adminOnly(302),
    },
    {
      label: "single sign-on's new secret",
      path: () => "/admin/settings",
      params: () => ({}),
      form: () => ({ intent: "ssoRotate" }),
      expect: adminOnly(302),
    },
  ],
  // Two staff roles send a test each: within the hourly allowance of each.
  "admin.digest.tsx": { path: () => "/admin/digest", params: () => ({}), form: () => ({ intent: "sendTest" }), expect: staffOnly(302) },
  "admin.insights_.verbatims.tsx": {
    path: () => "/admin/insights/verbatims",
    params: () => ({}),
    // Each role aims at an answer of its own: one answer makes one idea.
    form: () => ({ answerId: String(verbatimAnswers.pop()), boardId: String(boardId), title: `From a verbatim ${next()}`, body: "" }),
    expect: staffOnly(302),
  },
  "admin.tags.tsx": { path: () => "/admin/tags", params: () => ({}), form: () => ({ intent: "create", name: `tag ${next()}` }), expect: staffOnly(302) },
  "admin.team.tsx": [
    {
      path: () => "/admin/team",
      params: () => ({}),
      form: () => ({ intent: "promote", email: promotable.pop()! }),
      expect: adminOnly(302),
    },
    {
      label: "invite by email",
      path: () => "/admin/team",
      params: () => ({}),
      form: () => ({ intent: "invite", inviteEmail: `invitee${next()}@example.test`, role: "staff" }),
      expect: adminOnly(302),
    },
  ],
  // Creating a key answers with the page (200), which shows the new key once; no redirect could show it again.
  "admin.api.tsx": {
    path: () => "/admin/api",
    params: () => ({}),
    form: () => ({ intent: "create", name: `Key ${next()}`, scope: "read" }),
    expect: adminOnly(200),
  },
  "admin.webhooks.tsx": {
    path: () => "/admin/webhooks",
    params: () => ({}),
    form: () => ({ url: `https://93.184.216.34/hooks/${next()}`, events: "post.created" }),
    expect: adminOnly(302),
  },
  "admin.webhooks_.$id.tsx": [
    {
      path: () => `/admin/webhooks/${webhookId}`,
      params: () => ({ id: String(webhookId) }),
      form: () => ({ intent: "rotate" }),
      expect: adminOnly(302),
    },
    {
      label: "disable",
      path: () => `/admin/webhooks/${webhookId}`,
      params: () => ({ id: String(webhookId) }),
      form: () => ({ intent: "disable" }),
      expect: adminOnly(302),
    },
  ],
  "admin.checklist.tsx": { path: () => "/admin/checklist", params: () => ({}), form: () => ({ intent: "shared" }), expect: adminOnly(302) },
  // "Start over" drops an upload (there is none under this token: nothing to drop, still fine);
  // the multipart upload and "Import" are covered in import-export.test.ts.
  "admin.import.tsx": { path: () => "/admin/import", params: () => ({}), form: () => ({ intent: "cancel", token: "0".repeat(32) }), expect: adminOnly(200) },
  // A made-up invite link makes no account and gives no role, whoever posts it.
  "join.$token.tsx": {
    path: () => "/join/forged",
    params: () => ({ token: "forged" }),
    form: () => ({ displayName: "Would-be staff", password: TEST_PASSWORD }),
    expect: everyone(400),
  },
  "posts.$id_.triage.tsx": {
    path: () => `/posts/${postId}/triage`,
    params: post,
    form: () => ({ intent: "sizing", impact: "3", effort: "2" }),
    expect: staffOnly(302),
  },
  // Editing is the author's alone; staff may delete (tested in triage.test.ts). A locked
  // thread stops its authors editing and deleting, as it stops new comments; staff still may.
  "posts.$id_.comments_.$commentId.tsx": [
    {
      path: () => `/posts/${postId}/comments/${commentId}`,
      params: () => ({ id: String(postId), commentId: String(commentId) }),
      form: () => ({ intent: "edit", body: `The customer's comment, edited ${next()}` }),
      expect: { visitor: "login", customer: 302, other: 403, ...bannedRoles("login"), staff: 403, admin: 403 },
    },
    {
      label: "locked thread, edit",
      path: () => `/posts/${lockedPostId}/comments/${lockedComments[0]}`,
      params: () => ({ id: String(lockedPostId), commentId: String(lockedComments[0]) }),
      form: () => ({ intent: "edit", body: "Rewritten after the lock" }),
      expect: { visitor: "login", customer: 403, other: 403, ...bannedRoles("login"), staff: 403, admin: 403 },
    },
    {
      label: "locked thread, delete",
      path: () => `/posts/${lockedPostId}/comments/${lockedComments.at(-1)}`,
      // Each role aims at a comment of its own, so one role's delete leaves the next something to try.
      params: () => ({ id: String(lockedPostId), commentId: String(lockedComments.pop()) }),
      form: () => ({ intent: "delete" }),
      expect: { visitor: "login", customer: 403, other: 403, ...bannedRoles("login"), staff: 302, admin: 302 },
    },
  ],
  "posts.$id_.comments.tsx": [
    { path: () => `/posts/${postId}/comments`, params: post, form: () => ({ body: `A comment ${next()}` }), expect: signedIn(302) },
    {
      label: "locked thread",
      path: () => `/posts/${lockedPostId}/comments`,
      params: () => ({ id: String(lockedPostId) }),
      form: () => ({ body: "After the lock" }),
      expect: { visitor: "login", customer: 403, other: 403, ...bannedRoles("login"), staff: 302, admin: 302 },
    },
  ],
  "posts.$id_.vote.tsx": { path: () => `/posts/${postId}/vote`, params: post, form: () => ({ via: "fetcher" }), expect: signedIn(200) },
  "posts.$id_.subscription.tsx": { path: () => `/posts/${postId}/subscription`, params: post, form: () => ({ subscribed: "true" }), expect: signedIn(302) },
  "posts.new.tsx": { path: () => "/posts/new", params: () => ({}), form: () => ({ title: `A new idea ${next()}`, body: "" }), expect: signedIn(302) },
  "notifications.tsx": { path: () => "/notifications", params: () => ({}), form: () => ({ intent: "readAll" }), expect: signedIn(302) },
  "settings.notifications.tsx": [
    { path: () => "/settings/notifications", params: () => ({}), form: () => ({}), expect: signedIn(302) },
    {
      label: "the weekly digest box",
      path: () => "/settings/notifications",
      params: () => ({}),
      form: () => ({ emailOnStatus: "on", emailWeeklyDigest: "on" }),
      expect: signedIn(302),
    },
  ],
  "csat.$token.$answer.tsx": {
    path: () => "/csat/forged/yes",
    params: () => ({ token: "forged", answer: "yes" }),
    form: () => ({ comment: "hi" }),
    expect: everyone(404),
  },
  // The survey prompt: only the customer it was shown to may answer or dismiss it.
  "s.$surveyId_.prompt.tsx": {
    path: () => `/s/${surveyId}/prompt`,
    params: () => ({ surveyId: String(surveyId) }),
    form: () => ({ intent: "dismiss", back: "/" }),
    expect: { visitor: "login", customer: 302, other: 404, ...bannedRoles("login"), staff: 404, admin: 404 },
  },
  // The follow-up's reason: only someone who answered the survey has a score to explain.
  "s.$surveyId_.thanks.tsx": {
    path: () => `/s/${surveyId}/thanks`,
    params: () => ({ surveyId: String(surveyId) }),
    form: () => ({ reason: `Because ${next()}` }),
    expect: { visitor: "login", customer: 200, other: 404, ...bannedRoles("login"), staff: 404, admin: 404 },
  },
  // A made-up survey email link records nothing, whoever posts it.
  "s.$surveyId_.e.$token.$score.tsx": {
    path: () => `/s/${surveyId}/e/forged/5`,
    params: () => ({ surveyId: String(surveyId), token: "forged", score: "5" }),
    form: () => ({ reason: "hi" }),
    expect: everyone(404),
  },
  "admin.surveys_.$id_.send.tsx": {
    path: () => `/admin/surveys/${surveyId}/send`,
    params: () => ({ id: String(surveyId) }),
    form: () => ({ audience: "board_voters", boardId: String(boardId) }),
    expect: staffOnly(302),
  },
  "unsubscribe.$token.tsx": { path: () => "/unsubscribe/forged", params: () => ({ token: "forged" }), form: () => ({}), expect: everyone(404) },
  "login.tsx": { path: () => "/login", params: () => ({}), form: () => ({ email: loginAccounts.pop()!, password: TEST_PASSWORD }), expect: everyone(302) },
  "signup.tsx": {
    path: () => "/signup",
    params: () => ({}),
    form: () => ({ displayName: "New customer", email: `newcomer${next()}@example.test`, password: TEST_PASSWORD }),
    expect: everyone(302),
  },
  // A made-up sign-up link finishes nothing, whoever posts it.
  "signup_.confirm.$token.tsx": { path: () => "/signup/confirm/forged", params: () => ({ token: "forged" }), form: () => ({}), expect: everyone(410) },
  // With email configured, the same answer for any address (ADR 006): "check your inbox".
  "login_.forgot.tsx": {
    path: () => "/login/forgot",
    params: () => ({}),
    form: () => ({ email: `forgetful${next()}@example.test` }),
    expect: everyone(200),
    withEmail: true,
  },
  // A made-up reset link changes no password, whoever posts it.
  "login_.reset.$token.tsx": {
    path: () => "/login/reset/forged",
    params: () => ({ token: "forged" }),
    form: () => ({ password: "a long enough passphrase" }),
    expect: everyone(410),
  },
  "logout.tsx": { path: () => "/logout", params: () => ({}), form: () => ({}), expect: everyone(302) },
  "preferences.tsx": { path: () => "/preferences", params: () => ({}), form: () => ({ theme: "dark" }), expect: everyone(302) },
  // Setup is over once an admin exists: a 404 for everyone.
  "setup.tsx": { path: () => "/setup", params: () => ({}), form: () => ({ siteName: "x" }), expect: everyone(404) },
};

function outcomeOf(status: number, location: string | null): Outcome {
  if (status === 302 && location?.startsWith("/login")) return "login";
  return status;
}

/** Each call from a client address of its own, so per-address limits (5 sign-ups an hour) stay out of the way. */
const call = clientsUnder("198.51");

describe("action routes", () => {
  it("are all in the matrix (a new action route must be added here)", () => {
    expect(actionRoutes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !actionRoutes.includes(r))).toEqual([]);
  });

  const cases = Object.entries(MATRIX).flatMap(([route, c]) => (Array.isArray(c) ? c : [c]).map((one) => [route, one] as const));
  for (const [route, c] of cases) {
    it(`${route}${c.label ? ` (${c.label})` : ""}: ${ROLES.map((r) => `${r} ${c.expect[r]}`).join(", ")}`, async () => {
      const module = Object.entries(modules).find(([file]) => file.endsWith(`/${route}`))![1];
      const seen: Partial<Record<Role, Outcome>> = {};
      if (c.withEmail) process.env.SMTP_URL = "smtp://127.0.0.1:9";
      try {
        for (const role of ROLES) {
          const result = await call(module.action!, makeRequest(c.path(), { cookie: cookies[role], form: c.form() }), { params: c.params() });
          seen[role] = outcomeOf(result.status, result.location);
        }
      } finally {
        if (c.withEmail) delete process.env.SMTP_URL;
      }
      expect(seen).toEqual(c.expect);
    });
  }
});
