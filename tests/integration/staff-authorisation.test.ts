// Every staff page and staff action × visitor, customer, banned staff, banned admin,
// staff and admin. A visitor is told nothing exists (404), a customer is refused (403),
// staff may use staff pages but not the admin's team and settings pages (403), and the
// admin may use everything. A banned account is signed out (ADR 008), so banned staff and
// a banned admin get what a visitor gets (404), even with a session from before the ban.
import { beforeAll, describe, expect, it } from "vitest";
import * as inbox from "~/routes/admin._index";
import * as tags from "~/routes/admin.tags";
import * as changelog from "~/routes/admin.changelog";
import * as changelogEntry from "~/routes/admin.changelog_.$id";
import * as emails from "~/routes/admin.emails";
import * as insights from "~/routes/admin.insights";
import * as emailPreview from "~/routes/admin.emails_.$id";
import * as team from "~/routes/admin.team";
import * as settings from "~/routes/admin.settings";
import * as apiKeys from "~/routes/admin.api";
import * as webhookList from "~/routes/admin.webhooks";
import * as webhookPage from "~/routes/admin.webhooks_.$id";
import { createWebhook } from "~/services/webhooks.server";
import * as insightsExport from "~/routes/admin.insights_.export[.]csv";
import * as digest from "~/routes/admin.digest";
import * as verbatims from "~/routes/admin.insights_.verbatims";
import * as exportPage from "~/routes/admin.export";
import * as exportDownload from "~/routes/admin.export_.download";
import * as importPage from "~/routes/admin.import";
import * as layout from "~/routes/admin";
import * as surveyList from "~/routes/admin.surveys";
import * as surveyPage from "~/routes/admin.surveys_.$id";
import * as surveyRecord from "~/routes/admin.surveys_.$id_.record";
import * as surveyExport from "~/routes/admin.surveys_.$id_.export[.]csv";
import { createSurvey } from "~/services/surveys.server";
import * as triage from "~/routes/posts.$id_.triage";
import * as surveySend from "~/routes/admin.surveys_.$id_.send";
import { changeStatus } from "~/services/loop.server";
import { saveEntry } from "~/services/changelog.server";
import { createApiKey } from "~/services/api-keys.server";
import { getDb } from "~/db/client.server";
import { emailOutbox, users } from "~/db/schema";
import { eq } from "drizzle-orm";
import type { SessionUser } from "~/services/auth.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

type Role = "visitor" | "customer" | "bannedStaff" | "bannedAdmin" | "staff" | "admin";
const cookies: Record<Role, string | undefined> = { visitor: undefined, customer: "", bannedStaff: "", bannedAdmin: "", staff: "", admin: "" };
let params: Record<string, string> = {};
let doomed: () => Promise<string> = async () => "0";
/** Customers the admin may promote to staff. */
const promotable: string[] = [];
let unique = 0;
const next = () => ++unique;

beforeAll(async () => {
  const { admin } = await seedSite();
  const staff: SessionUser = await createUser({ role: "staff" });
  const customer = await createUser();
  cookies.customer = await sessionCookie(customer.id);
  cookies.staff = await sessionCookie(staff.id);
  cookies.admin = await sessionCookie(admin.id);
  for (const role of ["bannedStaff", "bannedAdmin"] as const) {
    const user = await createUser({ role: role === "bannedStaff" ? "staff" : "admin" });
    cookies[role] = await sessionCookie(user.id);
    getDb().update(users).set({ bannedAt: Date.now() }).where(eq(users.id, user.id)).run();
  }
  const postId = await createTestPost(customer, "Something to triage");
  await changeStatus(postId, "planned", "", staff);
  const entry = await saveEntry(null, { title: "Draft entry", body: "", postIds: [] }, staff);
  const outboxId = getDb().select({ id: emailOutbox.id }).from(emailOutbox).get()!.id;
  // A fresh post for each role that tries to delete one.
  doomed = async () => String(await createTestPost(customer, "Something staff will delete"));
  const banTarget = await createUser({ displayName: "Ban target" });
  const survey = createSurvey({ name: "NPS", kind: "nps", inAppPrompt: false, texts: undefined }, staff);
  // A public IP literal: the URL check needs no DNS.
  const webhook = await createWebhook({ url: "https://93.184.216.34/hooks", events: ["post.created"] }, admin);
  params = {
    webhookId: String(webhook.ok ? webhook.value.webhookId : 0),
    id: String(postId),
    banTarget: String(banTarget.id),
    entryId: String(entry.ok ? entry.value.entryId : 0),
    outboxId: String(outboxId),
    surveyId: String(survey.ok ? survey.value.surveyId : 0),
    apiKeyId: String(createApiKey({ name: "To revoke", scope: "read" }, admin).row.id),
  };
  for (let i = 0; i < 6; i++) promotable.push((await createUser()).email);
});

type Case = {
  name: string;
  /** What staff and the admin get where they may: the page (200), or the redirect after the action did its work (its form is valid). */
  allowed?: number;
  fn: (args: never) => unknown;
  path: string;
  params?: () => Record<string, string> | Promise<Record<string, string>>;
  form?: Record<string, string> | (() => Record<string, string>);
  adminOnly?: boolean;
};

const pages: Case[] = [
  { name: "staff layout", fn: layout.loader, path: "/admin" },
  { name: "inbox", fn: inbox.loader, path: "/admin" },
  { name: "insights", fn: insights.loader, path: "/admin/insights?preset=30d" },
  { name: "tags", fn: tags.loader, path: "/admin/tags" },
  { name: "changelog list", fn: changelog.loader, path: "/admin/changelog" },
  { name: "changelog entry", fn: changelogEntry.loader, path: "/admin/changelog/1", params: () => ({ id: params.entryId }) },
  { name: "email log", fn: emails.loader, path: "/admin/emails" },
  { name: "email preview", fn: emailPreview.loader, path: "/admin/emails/1", params: () => ({ id: params.outboxId }) },
  { name: "survey list", fn: surveyList.loader, path: "/admin/surveys" },
  { name: "survey page", fn: surveyPage.loader, path: "/admin/surveys/1", params: () => ({ id: params.surveyId }) },
  { name: "survey record", fn: surveyRecord.loader, path: "/admin/surveys/1/record", params: () => ({ id: params.surveyId }) },
  { name: "survey CSV export", fn: surveyExport.loader, path: "/admin/surveys/1/export.csv", params: () => ({ id: params.surveyId }) },
  { name: "team", fn: team.loader, path: "/admin/team", adminOnly: true },
  { name: "settings", fn: settings.loader, path: "/admin/settings", adminOnly: true },
  { name: "API keys", fn: apiKeys.loader, path: "/admin/api", adminOnly: true },
  { name: "webhooks", fn: webhookList.loader, path: "/admin/webhooks", adminOnly: true },
  { name: "webhook page", fn: webhookPage.loader, path: "/admin/webhooks/1", params: () => ({ id: params.webhookId }), adminOnly: true },
  { name: "insights CSV export", fn: insightsExport.loader, path: "/admin/insights/export.csv?preset=90d" },
  { name: "survey send", fn: surveySend.loader, path: "/admin/surveys/1/send?audience=all_customers", params: () => ({ id: params.surveyId }) },
  { name: "digest preview", fn: digest.loader, path: "/admin/digest" },
  { name: "inbox, mine", fn: inbox.loader, path: "/admin?owner=me" },
  // The voters' company traits (spend) are for staff only.
  { name: "inbox, by spend of voters", fn: inbox.loader, path: "/admin?sort=spend" },
  { name: "verbatims", fn: verbatims.loader, path: "/admin/insights/verbatims?preset=30d&q=slow" },
  { name: "export page", fn: exportPage.loader, path: "/admin/export" },
  { name: "export download", fn: exportDownload.loader, path: "/admin/export/download?format=ndjson" },
  { name: "import page", fn: importPage.loader, path: "/admin/import", adminOnly: true },
];

const actions: Case[] = [
  {
    name: "inbox quick",
    fn: inbox.action,
    path: "/admin",
    form: () => ({ intent: "quick", postId: params.id, kind: "bug", status: "planned" }),
    allowed: 302,
  },
  { name: "inbox bulk", fn: inbox.action, path: "/admin", form: () => ({ intent: "bulk", ids: params.id, bulk: "kind:minor_bug" }), allowed: 302 },
  { name: "import start over", fn: importPage.action, path: "/admin/import", form: { intent: "cancel", token: "0".repeat(32) }, adminOnly: true, allowed: 200 },
  { name: "tag create", fn: tags.action, path: "/admin/tags", form: () => ({ intent: "create", name: `tag ${next()}` }), allowed: 302 },
  {
    name: "changelog create",
    fn: changelog.action,
    path: "/admin/changelog",
    form: () => ({ title: `Release ${next()}`, body: "", postIds: "" }),
    allowed: 302,
  },
  {
    name: "changelog save",
    fn: changelogEntry.action,
    path: "/admin/changelog/1",
    params: () => ({ id: params.entryId }),
    form: () => ({ intent: "save", title: `Draft entry, take ${next()}`, body: "", postIds: "" }),
    allowed: 302,
  },
  { name: "survey create", fn: surveyList.action, path: "/admin/surveys", form: () => ({ name: `Survey ${next()}`, kind: "ces" }), allowed: 302 },
  {
    name: "survey save",
    fn: surveyPage.action,
    path: "/admin/surveys/1",
    params: () => ({ id: params.surveyId }),
    form: () => ({ intent: "save", name: `NPS, take ${next()}` }),
    allowed: 302,
  },
  {
    name: "survey record",
    fn: surveyRecord.action,
    path: "/admin/surveys/1/record",
    params: () => ({ id: params.surveyId }),
    form: () => ({ email: `caller${next()}@example.test`, score: "7", channel: "chat" }),
    allowed: 302,
  },
  {
    name: "survey send",
    fn: surveySend.action,
    path: "/admin/surveys/1/send",
    params: () => ({ id: params.surveyId }),
    form: { audience: "all_customers" },
    allowed: 302,
  },
  // After "survey record" and "survey send", which a closed survey would refuse.
  { name: "survey close", fn: surveyPage.action, path: "/admin/surveys/1", params: () => ({ id: params.surveyId }), form: { intent: "close" }, allowed: 302 },
  { name: "email retry", fn: emails.action, path: "/admin/emails", form: { intent: "retryFailed" }, allowed: 302 },
  { name: "digest test send", fn: digest.action, path: "/admin/digest", form: { intent: "sendTest" }, allowed: 302 },
  { name: "digest time zone", fn: settings.action, path: "/admin/settings", form: { intent: "schedule", timezone: "UTC" }, adminOnly: true, allowed: 302 },
  { name: "sso on", fn: settings.action, path: "/admin/settings", form: { intent: "ssoEnabled", enabled: "true" }, adminOnly: true, allowed: 302 },
  { name: "sso new secret", fn: settings.action, path: "/admin/settings", form: { intent: "ssoRotate" }, adminOnly: true, allowed: 302 },
  {
    name: "webhook create",
    fn: webhookList.action,
    path: "/admin/webhooks",
    form: () => ({ url: `https://93.184.216.34/hooks/${next()}`, events: "vote.created" }),
    adminOnly: true,
    allowed: 302,
  },
  {
    name: "webhook rotate secret",
    fn: webhookPage.action,
    path: "/admin/webhooks/1",
    params: () => ({ id: params.webhookId }),
    form: { intent: "rotate" },
    adminOnly: true,
    allowed: 302,
  },
  { name: "team promote", fn: team.action, path: "/admin/team", form: () => ({ intent: "promote", email: promotable.pop()! }), adminOnly: true, allowed: 302 },
  {
    name: "settings",
    fn: settings.action,
    path: "/admin/settings",
    form: { intent: "site", siteName: "Test board", defaultLocale: "en" },
    adminOnly: true,
    allowed: 302,
  },
  {
    name: "API key create",
    fn: apiKeys.action,
    path: "/admin/api",
    form: () => ({ intent: "create", name: `Key ${next()}`, scope: "write" }),
    adminOnly: true,
    allowed: 200,
  },
  { name: "API key revoke", fn: apiKeys.action, path: "/admin/api", form: () => ({ intent: "revoke", keyId: params.apiKeyId }), adminOnly: true, allowed: 302 },
  { name: "triage kind", fn: triage.action, path: "/posts/1/triage", params: () => ({ id: params.id }), form: { intent: "kind", kind: "bug" }, allowed: 302 },
  {
    name: "triage internal note",
    fn: triage.action,
    path: "/posts/1/triage",
    params: () => ({ id: params.id }),
    form: () => ({ intent: "note", body: `Note ${next()}` }),
    allowed: 302,
  },
  {
    name: "triage delete post",
    fn: triage.action,
    path: "/posts/1/triage",
    params: async () => ({ id: await doomed() }),
    form: { intent: "delete" },
    allowed: 302,
  },
  {
    name: "triage ban",
    fn: triage.action,
    path: "/posts/1/triage",
    params: () => ({ id: params.id }),
    form: () => ({ intent: "ban", userId: params.banTarget, banned: "true" }),
    allowed: 302,
  },
];

function expected(role: Role, c: Case): number {
  if (role === "visitor" || role === "bannedStaff" || role === "bannedAdmin") return 404;
  if (role === "customer") return 403;
  if (role === "staff" && c.adminOnly) return 403;
  return c.allowed ?? 200;
}

describe("staff authorisation matrix", () => {
  const roles: Role[] = ["visitor", "customer", "bannedStaff", "bannedAdmin", "staff", "admin"];
  for (const c of [...pages, ...actions]) {
    const allowed = c.allowed ?? 200;
    it(`${c.name}: visitor 404, customer 403, banned staff 404, banned admin 404, staff ${c.adminOnly ? 403 : allowed}, admin ${allowed}`, async () => {
      const seen: Record<string, number> = {};
      for (const role of roles) {
        const request = makeRequest(c.path, { cookie: cookies[role], form: typeof c.form === "function" ? c.form() : c.form });
        const result = await callRoute(c.fn, request, (await c.params?.()) ?? {});
        seen[role] = result.status;
      }
      expect(seen).toEqual(Object.fromEntries(roles.map((role) => [role, expected(role, c)])));
    });
  }
});
