// The accessibility sweep (issue 12): axe-core in Chromium over a seeded board, on every
// page, in English and Arabic, light and dark, as staff, as a customer and (for the pages
// they see) as a visitor. No serious or critical violation may remain.
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotForPeople, skipTestsWithoutBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, cookieOf, postForm, postIdeaOverHttp, setUpSite, signUpOverHttp } from "../helpers/site-http";

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let server: RunningServer;
let browser: Browser;
let staffCookie = "";
let customerCookie = "";
let postPath = "";
let arabicPostPath = "";
let webhookPath = "";
const noBrowser = skipTestsWithoutBrowser();

beforeAll(async () => {
  if (noBrowser) return;
  [server, browser] = await Promise.all([startServer({ env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  staffCookie = await setUpSite(server, "Acme Feedback");
  customerCookie = await signUpOverHttp(server, "Layla Haddad", "layla@example.test");
  const commenter = await signUpOverHttp(server, "Omar", "omar@example.test");
  const titles = [
    "Export invoices to CSV",
    "Dark mode for the dashboard",
    "Bulk edit tags",
    "Slack integration",
    "Print-friendly receipts",
    "Keyboard shortcuts",
  ];
  const paths = [];
  for (const title of titles) paths.push(await postIdeaOverHttp(server, customerCookie, title, `We need **${title.toLowerCase()}** for the team.`));
  postPath = paths[0];
  arabicPostPath = await postIdeaOverHttp(server, customerCookie, "تصدير الفواتير بصيغة CSV", "نحتاج إلى تصدير **الفواتير** لمحاسبنا.");
  await postForm(server, `${postPath}/comments`, { body: "Also XLSX, please." }, { cookie: commenter });
  await postForm(server, `${arabicPostPath}/comments`, { body: "نعم، نحتاج هذا أيضًا" }, { cookie: commenter });
  await postForm(server, "/admin/tags", { intent: "create", name: "Billing", color: "#f59e0b" }, { cookie: staffCookie });
  // One post in each status, with a response: the customer follows them, so their notifications fill up.
  const statuses = ["under_review", "planned", "in_progress", "shipped", "declined"];
  for (const [i, status] of statuses.entries()) {
    const res = await postForm(server, `${paths[i + 1]}/triage`, { intent: "status", status, response: `Moved to ${status}.` }, { cookie: staffCookie });
    expect(res.status, `status ${status}`).toBe(302);
  }
  await postForm(server, `${postPath}/triage`, { intent: "kind", kind: "bug" }, { cookie: staffCookie });
  await postForm(server, "/admin/changelog", { title: "March release", body: "Faster exports.", postIds: "" }, { cookie: staffCookie });
  // Registered last, so no event of the setup above gives it a delivery to send (a public address, never contacted).
  const webhook = await postForm(server, "/admin/webhooks", { url: "https://93.184.216.34/hooks", events: "post.created" }, { cookie: staffCookie });
  expect(webhook.status, "webhook").toBe(302);
  webhookPath = webhook.headers.get("location")!.replace(/\?.*$/, "");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Violation = { page: string; rule: string; impact: string; targets: string[]; help: string };

async function axe(page: Page): Promise<Omit<Violation, "page">[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axeGlobal = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const result = await axeGlobal.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
  });
}

const PUBLIC_PAGES = () => ["/", postPath, arabicPostPath, "/roadmap", "/changelog"];
const CUSTOMER_PAGES = () => [...PUBLIC_PAGES(), "/posts/new", "/notifications", "/settings/notifications"];
const STAFF_PAGES = () => [
  ...CUSTOMER_PAGES(),
  "/admin",
  // The inbox with an idea open beside the list, its quick triage and sidebar.
  `/admin?post=${postPath.split("/").pop()}`,
  "/posts/pick?q=export",
  // Sorted by the voters' monthly spend: each row shows the figure.
  "/admin?sort=spend",
  "/admin/insights",
  "/admin/settings",
  "/admin/team",
  "/admin/api",
  "/admin/tags",
  "/admin/emails",
  "/admin/changelog",
  "/admin/insights/verbatims",
  "/admin/webhooks",
  webhookPath,
  "/admin/export",
  "/admin/import",
];
// The public pages a visitor sees are the customer's, less the signed-in parts: the customer's sweep covers them.
const VISITOR_PAGES = () => ["/login", "/signup", "/", "/api/docs"];

async function sweep(who: "staff" | "customer" | "visitor", locale: "en" | "ar", theme: "light" | "dark"): Promise<Violation[]> {
  const session = who === "staff" ? staffCookie : who === "customer" ? customerCookie : "";
  // The language and theme as the header's menu sets them (for a signed-in user, the account keeps the language).
  const prefs = cookieOf(await postForm(server, "/preferences", { locale, theme }, { cookie: session || undefined }));
  const context = await browser.newContext({ colorScheme: theme, viewport: { width: 1280, height: 900 }, bypassCSP: true });
  await addCookies(context, server, [session, prefs].filter(Boolean).join("; "));
  const page = await context.newPage();
  const pages = who === "staff" ? STAFF_PAGES() : who === "customer" ? CUSTOMER_PAGES() : VISITOR_PAGES();
  const found: Violation[] = [];
  try {
    for (const path of pages) {
      const res = await page.goto(server.url + path);
      expect(res?.status(), `${who} ${path}`).toBeLessThan(400);
      expect(await page.locator("html").getAttribute("lang")).toBe(locale);
      await screenshotForPeople(page, `${who}-${locale}-${theme}${path.replace(/[^a-z0-9]+/gi, "-")}`);
      for (const v of await axe(page)) found.push({ page: `${who} ${locale} ${theme} ${path}`, ...v });
    }
  } finally {
    await context.close();
  }
  return found;
}

// One test per person, language and theme, so each stays short on a slow machine.
describe("axe-core over every page", () => {
  for (const who of ["staff", "customer", "visitor"] as const) {
    for (const locale of ["en", "ar"] as const) {
      for (const theme of ["light", "dark"] as const) {
        it(`finds no serious or critical violation as ${who}, in ${locale}, ${theme}`, async () => {
          const found = await sweep(who, locale, theme);
          if (process.env.AXE_REPORT) (await import("node:fs")).appendFileSync(process.env.AXE_REPORT, JSON.stringify(found) + "\n");
          // Said in full when it fails: which page, which rule, which elements.
          expect(found.map((v) => `${v.page}: ${v.rule} (${v.impact}) ${v.targets.join(" | ")}`)).toEqual([]);
        });
      }
    }
  }
});
