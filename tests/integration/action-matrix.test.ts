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
import { setCommentsLocked } from "~/services/triage.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

type Module = { action?: (args: never) => unknown };
const modules = import.meta.glob("../../app/routes/*.tsx", { eager: true }) as Record<string, Module>;
const actionRoutes = Object.entries(modules)
  .filter(([, m]) => typeof m.action === "function")
  .map(([file]) => file.replace(/^.*\/routes\//, ""));

type Role = "visitor" | "customer" | "other" | "banned" | "bannedStaff" | "bannedAdmin" | "staff" | "admin";
const ROLES: Role[] = ["visitor", "customer", "other", "banned", "bannedStaff", "bannedAdmin", "staff", "admin"];
/** allowed: the action ran (2xx, a redirect that is not to /login, or a 400 for the test's form); login: sent to sign in. */
type Outcome = "allowed" | "login" | 403 | 404 | 410;

const cookies: Partial<Record<Role, string>> = {};
let postId = 0;
let commentId = 0;
let lockedPostId = 0;
/** Comments by the customer on the locked post: one for each role that tries to delete one. */
const lockedComments: number[] = [];

beforeAll(async () => {
  const { admin } = await seedSite();
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
});

/** What every role gets when the answer does not depend on who asks. */
const everyone = (outcome: Outcome): Record<Role, Outcome> => Object.fromEntries(ROLES.map((r) => [r, outcome])) as Record<Role, Outcome>;
const bannedRoles = (outcome: Outcome) => ({ banned: outcome, bannedStaff: outcome, bannedAdmin: outcome });
const staffOnly: Record<Role, Outcome> = { visitor: 404, customer: 403, other: 403, ...bannedRoles(404), staff: "allowed", admin: "allowed" };
const adminOnly: Record<Role, Outcome> = { ...staffOnly, staff: 403 };
const signedIn: Record<Role, Outcome> = {
  visitor: "login",
  customer: "allowed",
  other: "allowed",
  ...bannedRoles("login"),
  staff: "allowed",
  admin: "allowed",
};
const anyone = everyone("allowed");

type Case = { label?: string; path: () => string; params: () => Record<string, string>; form: () => Record<string, string>; expect: Record<Role, Outcome> };
const post = () => ({ id: String(postId) });

const MATRIX: Record<string, Case | Case[]> = {
  "admin._index.tsx": { path: () => "/admin", params: () => ({}), form: () => ({ intent: "bulk", bulk: "" }), expect: staffOnly },
  "admin.changelog.tsx": { path: () => "/admin/changelog", params: () => ({}), form: () => ({ title: "" }), expect: staffOnly },
  "admin.changelog_.$id.tsx": {
    path: () => "/admin/changelog/999999",
    params: () => ({ id: "999999" }),
    form: () => ({ intent: "save", title: "" }),
    expect: staffOnly,
  },
  "admin.emails.tsx": { path: () => "/admin/emails", params: () => ({}), form: () => ({ intent: "retryFailed" }), expect: staffOnly },
  "admin.settings.tsx": { path: () => "/admin/settings", params: () => ({}), form: () => ({ intent: "site", siteName: "" }), expect: adminOnly },
  "admin.tags.tsx": { path: () => "/admin/tags", params: () => ({}), form: () => ({ intent: "create", name: "" }), expect: staffOnly },
  "admin.team.tsx": { path: () => "/admin/team", params: () => ({}), form: () => ({ intent: "promote", email: "" }), expect: adminOnly },
  "posts.$id_.triage.tsx": { path: () => `/posts/${postId}/triage`, params: post, form: () => ({ intent: "sizing", impact: "9" }), expect: staffOnly },
  // Editing is the author's alone; staff may delete (tested in triage.test.ts). A locked
  // thread stops its authors editing and deleting, as it stops new comments; staff still may.
  "posts.$id_.comments_.$commentId.tsx": [
    {
      path: () => `/posts/${postId}/comments/${commentId}`,
      params: () => ({ id: String(postId), commentId: String(commentId) }),
      form: () => ({ intent: "edit", body: "" }),
      expect: { visitor: "login", customer: "allowed", other: 403, ...bannedRoles("login"), staff: 403, admin: 403 },
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
      expect: { visitor: "login", customer: 403, other: 403, ...bannedRoles("login"), staff: "allowed", admin: "allowed" },
    },
  ],
  "posts.$id_.comments.tsx": [
    { path: () => `/posts/${postId}/comments`, params: post, form: () => ({ body: "" }), expect: signedIn },
    {
      label: "locked thread",
      path: () => `/posts/${lockedPostId}/comments`,
      params: () => ({ id: String(lockedPostId) }),
      form: () => ({ body: "After the lock" }),
      expect: { visitor: "login", customer: 403, other: 403, ...bannedRoles("login"), staff: "allowed", admin: "allowed" },
    },
  ],
  "posts.$id_.vote.tsx": { path: () => `/posts/${postId}/vote`, params: post, form: () => ({ via: "fetcher" }), expect: signedIn },
  "posts.$id_.subscription.tsx": { path: () => `/posts/${postId}/subscription`, params: post, form: () => ({ subscribed: "true" }), expect: signedIn },
  "posts.new.tsx": { path: () => "/posts/new", params: () => ({}), form: () => ({ title: "" }), expect: signedIn },
  "notifications.tsx": { path: () => "/notifications", params: () => ({}), form: () => ({ intent: "readAll" }), expect: signedIn },
  "settings.notifications.tsx": { path: () => "/settings/notifications", params: () => ({}), form: () => ({}), expect: signedIn },
  "csat.$token.$answer.tsx": {
    path: () => "/csat/forged/yes",
    params: () => ({ token: "forged", answer: "yes" }),
    form: () => ({ comment: "hi" }),
    expect: everyone(404),
  },
  "unsubscribe.$token.tsx": { path: () => "/unsubscribe/forged", params: () => ({ token: "forged" }), form: () => ({}), expect: everyone(404) },
  "login.tsx": { path: () => "/login", params: () => ({}), form: () => ({ email: "nobody@example.test", password: "wrong" }), expect: anyone },
  "signup.tsx": { path: () => "/signup", params: () => ({}), form: () => ({ email: "" }), expect: anyone },
  // A made-up sign-up link finishes nothing, whoever posts it.
  "signup_.confirm.$token.tsx": { path: () => "/signup/confirm/forged", params: () => ({ token: "forged" }), form: () => ({}), expect: everyone(410) },
  "login_.forgot.tsx": { path: () => "/login/forgot", params: () => ({}), form: () => ({ email: "" }), expect: anyone },
  // A made-up reset link changes no password, whoever posts it.
  "login_.reset.$token.tsx": {
    path: () => "/login/reset/forged",
    params: () => ({ token: "forged" }),
    form: () => ({ password: "a long enough passphrase" }),
    expect: everyone(410),
  },
  "logout.tsx": { path: () => "/logout", params: () => ({}), form: () => ({}), expect: anyone },
  "preferences.tsx": { path: () => "/preferences", params: () => ({}), form: () => ({ theme: "dark" }), expect: anyone },
  // Setup is over once an admin exists: a 404 for everyone.
  "setup.tsx": { path: () => "/setup", params: () => ({}), form: () => ({ siteName: "x" }), expect: everyone(404) },
};

function outcomeOf(status: number, location: string | null): Outcome | number {
  if (status === 302 && location?.startsWith("/login")) return "login";
  if (status === 403 || status === 404 || status === 410) return status;
  if (status < 500) return "allowed";
  return status;
}

describe("action routes", () => {
  it("are all in the matrix (a new action route must be added here)", () => {
    expect(actionRoutes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !actionRoutes.includes(r))).toEqual([]);
  });

  const cases = Object.entries(MATRIX).flatMap(([route, c]) => (Array.isArray(c) ? c : [c]).map((one) => [route, one] as const));
  for (const [route, c] of cases) {
    it(`${route}${c.label ? ` (${c.label})` : ""}: ${ROLES.map((r) => `${r} ${c.expect[r]}`).join(", ")}`, async () => {
      const module = Object.entries(modules).find(([file]) => file.endsWith(`/${route}`))![1];
      const seen: Partial<Record<Role, Outcome | number>> = {};
      for (const role of ROLES) {
        const result = await callRoute(module.action!, makeRequest(c.path(), { cookie: cookies[role], form: c.form() }), c.params());
        seen[role] = outcomeOf(result.status, result.location);
      }
      expect(seen).toEqual(c.expect);
    });
  }
});
