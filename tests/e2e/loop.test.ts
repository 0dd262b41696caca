// Closing the loop in real Chromium: staff triage a post and ship it with a release
// note; a voter sees the bell and the notification; the email reaches a real SMTP
// sink; "Yes" in the email records the answer. Once in English and once in Arabic.
// Each test makes the accounts and posts it needs (over HTTP when they are not what it
// tests), so any one can run alone and in any order.
import type { ParsedMail } from "mailparser";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotForPeople, shownText, skipTestsWithoutBrowser, watchedPage } from "../helpers/browser";
import { readRow } from "../helpers/db-read";
import { freePort, startServer, type RunningServer } from "../helpers/server";
import { addCookies, cookieOf, E2E_PASSWORD, freshClientIp, postForm, postIdeaOverHttp, setUpSite } from "../helpers/site-http";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

const SITE_NAME = "Acme Feedback";
const SHIPPED_RESPONSE = "Shipped in **v2.3**: Settings → Export.";

let server: RunningServer;
let browser: Browser;
let sink: SmtpSink;
let adminCookie = "";
const noBrowser = skipTestsWithoutBrowser();

beforeAll(async () => {
  if (noBrowser) return;
  sink = await startSmtpSink();
  const port = await freePort();
  [server, browser] = await Promise.all([
    startServer({
      port,
      env: {
        SMTP_URL: sink.url,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        MAIL_FROM: "Acme <feedback@acme.test>",
        OUTBOX_POLL_MS: "200",
        // Sign-ups made over HTTP come from addresses of their own (X-Forwarded-For).
        TRUST_PROXY: "loopback",
      },
    }),
    launchBrowser(),
  ]);
  adminCookie = await setUpSite(server, SITE_NAME);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

/** Content Security Policy reports from the browser console, per test: every page must run under the policy. */
const policyViolations: string[] = [];
afterEach(() => {
  expect(policyViolations.splice(0)).toEqual([]);
});

async function newPage(cookie?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1100, height: 900 } });
  if (cookie) await addCookies(context, server, cookie);
  const page = await watchedPage(context, policyViolations);
  return { context, page };
}

/** A row of the server's database, read beside the running server. */
function row<T>(sql: string, ...params: unknown[]): T | undefined {
  return readRow<T>(server.databasePath, sql, ...params);
}

async function waitForMail(to: string, matches: (mail: ParsedMail) => boolean, what: string, timeoutMs = 20_000): Promise<ParsedMail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const mail = sink.to(to).find(matches);
    if (mail) return mail;
    if (Date.now() > until) throw new Error(`no email ${what} to ${to}; got ${sink.received.map((r) => `${r.to} ${r.mail.subject}`).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const withSubject = (subject: string) => (mail: ParsedMail) => mail.subject === subject;

function linkIn(mail: ParsedMail, path: string): string {
  const link = new RegExp(`https?://\\S+/${path}/[A-Za-z0-9_-]+`).exec(mail.text ?? "")?.[0];
  expect(link, mail.text).toBeDefined();
  return link!;
}

let people = 0;
/** An address no other test uses. */
function addressFor(name: string): string {
  people += 1;
  return `${name.toLowerCase()}${people}@example.test`;
}

/**
 * With email configured, sign-up goes through the emailed link. Over HTTP, as the sign-up
 * and confirmation forms post it; `locale` is the account's language (the browser's
 * Accept-Language, as a visitor's would be). Returns the session cookie.
 */
async function signUpOverHttp(displayName: string, email: string, locale: "en" | "ar"): Promise<string> {
  const headers = { "X-Forwarded-For": freshClientIp(), "Accept-Language": locale };
  const asked = await postForm(server, "/signup", { displayName, email, password: E2E_PASSWORD }, { headers });
  expect(asked.status, `sign-up of ${email}`).toBe(200);
  const mail = await waitForMail(email, (m) => /\/signup\/confirm\//.test(m.text ?? ""), "with a sign-up link");
  const confirmed = await postForm(server, new URL(linkIn(mail, "signup/confirm")).pathname, { password: E2E_PASSWORD }, { headers });
  expect(confirmed.status, `confirmation of ${email}`).toBe(302);
  expect(row<{ locale: string }>("select locale from users where email = ?", email)?.locale).toBe(locale);
  return cookieOf(confirmed);
}

function postIdOf(path: string): number {
  return Number(path.split("/").pop());
}

async function triage(postPath: string, fields: Record<string, string>): Promise<void> {
  const res = await postForm(server, `${postPath}/triage`, fields, { cookie: adminCookie });
  expect(res.status, `${fields.intent} on ${postPath}`).toBe(302);
}

/**
 * An idea by an English-speaking customer, voted for by an Arabic-speaking one, then
 * planned and shipped with a release note: what the loop's later steps start from.
 */
async function shippedIdea(title: string) {
  const author = addressFor("carla");
  const voter = addressFor("sara");
  const authorCookie = await signUpOverHttp("Carla", author, "en");
  const voterCookie = await signUpOverHttp("سارة", voter, "ar");
  const postPath = await postIdeaOverHttp(server, authorCookie, title);
  expect((await postForm(server, `${postPath}/vote`, {}, { cookie: voterCookie })).status).toBe(302);
  await triage(postPath, { intent: "status", status: "planned", response: "" });
  await triage(postPath, { intent: "status", status: "shipped", response: SHIPPED_RESPONSE });
  expect(row<{ status: string; vote_count: number }>("select status, vote_count from posts where id = ?", postIdOf(postPath))).toEqual({
    status: "shipped",
    vote_count: 2,
  });
  return { postPath, author, voter };
}

type SignUpLabels = { name: string; email: string; password: string; submit: string; inbox: string; subject: string; finish: string };
const ENGLISH_SIGN_UP: SignUpLabels = {
  name: "Display name",
  email: "Email",
  password: "Password",
  submit: "Create account",
  inbox: "Check your inbox",
  subject: `Confirm your email for ${SITE_NAME}`,
  finish: "Create my account",
};

// With email configured, sign-up goes through the emailed link: the form says "check
// your inbox" (the same for any address), and the link finishes the account.
async function signUpInBrowser(page: Page, name: string, email: string, labels = ENGLISH_SIGN_UP) {
  await page.goto(server.url + "/signup");
  await page.getByLabel(labels.name).fill(name);
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password).fill(E2E_PASSWORD);
  await page.getByRole("button", { name: labels.submit }).click();
  expect(await shownText(page.getByRole("heading", { name: labels.inbox }))).toBe(labels.inbox);
  // The address is set apart, so it keeps its direction inside an Arabic sentence.
  expect(await shownText(page.locator("bdi", { hasText: email }))).toBe(email);
  const language = await page.evaluate(() => document.documentElement.lang);
  await screenshotForPeople(page, `18-check-inbox-${language}`);
  const mail = await waitForMail(email, withSubject(labels.subject), labels.subject);
  await page.goto(linkIn(mail, "signup/confirm"));
  if (language === "en") {
    // A wrong password is refused next to the field, and the link still works after it.
    await page.getByLabel(labels.password).fill("not the password I chose");
    await page.getByRole("button", { name: labels.finish }).click();
    expect(await shownText(page.getByText("That is not the password this sign-up was made with.", { exact: false }))).toContain(
      "That is not the password this sign-up was made with.",
    );
    expect(await page.locator('input[name="password"]').getAttribute("aria-invalid")).toBe("true");
    // Focus goes back to the field with the error, not to <body>.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("password");
  }
  await page.getByLabel(labels.password).fill(E2E_PASSWORD);
  await screenshotForPeople(page, `19-finish-signup-${language}`);
  await page.getByRole("button", { name: labels.finish }).click();
  await page.waitForURL(server.url + "/");
  // The account exists now, in the language the page was in.
  expect(row<{ display_name: string; locale: string }>("select display_name, locale from users where email = ?", email)).toEqual({
    display_name: name,
    locale: language,
  });
}

describe("closing the loop in a browser", () => {
  it("staff triage a post: kind, planned, then shipped with a release note", async () => {
    const title = "Export invoices to CSV";
    // A customer posts; an Arabic-speaking customer votes for it.
    const author = await newPage();
    await signUpInBrowser(author.page, "Carla", addressFor("carla"));
    await author.page.goto(server.url + "/posts/new");
    await author.page.getByLabel("Title").fill(title);
    await author.page.getByRole("button", { name: "Post idea" }).click();
    await author.page.waitForURL(/\/posts\/\d+$/);
    expect(await shownText(author.page.getByRole("heading", { level: 1, name: title }))).toBe(title);
    const postPath = new URL(author.page.url()).pathname;
    const postId = postIdOf(postPath);
    expect(row<{ title: string }>("select title from posts where id = ?", postId)?.title).toBe(title);
    await author.context.close();

    const voter = await newPage();
    await voter.page.goto(server.url + "/signup");
    // A visitor's language is behind the header's globe menu.
    await voter.page.getByTestId("visitor-menu").locator("summary").click();
    await voter.page.getByLabel("Language").selectOption("ar");
    await voter.page.waitForFunction(() => document.documentElement.dir === "rtl");
    await signUpInBrowser(voter.page, "سارة", addressFor("sara"), {
      name: "الاسم الظاهر",
      email: "البريد الإلكتروني",
      password: "كلمة المرور",
      submit: "إنشاء الحساب",
      inbox: "تحقّق من بريدك",
      subject: `أكّد بريدك الإلكتروني في ${SITE_NAME}`,
      finish: "أنشئ حسابي",
    });
    await voter.page.goto(server.url + postPath);
    await voter.page
      .getByRole("button", { name: new RegExp(title) })
      .first()
      .click();
    await expect.poll(() => voter.page.getByTestId("vote-count").first().textContent()).toBe("٢");
    // The count on the page is the browser's own until the server answers; then it is in the database.
    await expect.poll(() => row<{ vote_count: number }>("select vote_count from posts where id = ?", postId)?.vote_count).toBe(2);
    await voter.context.close();

    // Triage in the inbox: the post is untriaged, and untriaged posts are on top.
    const { context, page } = await newPage(adminCookie);
    await page.goto(server.url + "/admin");
    const rowOfPost = page.getByTestId("inbox-row").filter({ hasText: title });
    expect(await shownText(rowOfPost)).toContain("Untriaged");
    expect(await page.getByTestId("inbox-row").first().textContent()).toContain("Untriaged");
    await screenshotForPeople(page, "20-inbox");

    // Quick triage of the selected idea, beside the list: the kind is set and the row says so.
    await rowOfPost.getByRole("link").click();
    const detail = page.getByTestId("inbox-detail");
    await detail.waitFor();
    await detail.getByLabel("Kind").selectOption("feature_request");
    await detail.getByRole("button", { name: "Save", exact: true }).click();
    expect(await shownText(page.getByRole("status").getByText("Saved."))).toBe("Saved.");
    expect(await shownText(rowOfPost.locator(".badge", { hasText: "Feature request" }))).toBe("Feature request");
    expect(row<{ kind: string }>("select kind from posts where id = ?", postId)?.kind).toBe("feature_request");

    await page.goto(server.url + postPath);
    expect(await shownText(page.locator(".badge", { hasText: "Feature request" }).first())).toBe("Feature request");

    // "Planned" notifies followers: the sidebar opens the composer for the official response first.
    await page.getByLabel("Status", { exact: true }).selectOption("planned");
    await page.getByRole("button", { name: "Change status" }).click();
    expect(await shownText(page.getByTestId("activity-status").filter({ hasText: "from Open to Planned" }))).toContain("from Open to Planned");
    expect(row<{ status: string }>("select status from posts where id = ?", postId)?.status).toBe("planned");

    await page.getByLabel("Status", { exact: true }).selectOption("shipped");
    await page.getByLabel("Official response").fill(SHIPPED_RESPONSE);
    await page.getByRole("button", { name: "Change status" }).click();
    expect(await shownText(page.getByTestId("official-response"))).toContain("Shipped in v2.3");
    expect(await page.getByTestId("official-response").locator("strong").textContent()).toBe("v2.3");
    expect(row<{ status: string }>("select status from posts where id = ?", postId)?.status).toBe("shipped");
    await screenshotForPeople(page, "21-post-shipped-staff");
    await context.close();
  });

  it("without JavaScript, a staff form with a mistake comes back with the error and what was typed", async () => {
    const postPath = await postIdeaOverHttp(server, adminCookie, "Bulk edit tags");
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
    await addCookies(context, server, adminCookie);
    const page = await context.newPage();
    await page.goto(server.url + postPath);
    await page.getByText("Vote on behalf of a customer").click();
    await page.getByLabel("Customer's email").fill("lina-at-acme");
    await page.getByLabel("Source").fill("ACME call, no JS");
    await page.getByRole("button", { name: "Add vote" }).click();
    await page.getByText("Enter a valid email address.").waitFor();
    expect(await page.getByLabel("Customer's email").inputValue()).toBe("lina-at-acme");
    expect(await page.getByLabel("Source").inputValue()).toBe("ACME call, no JS");
    await page.getByLabel("Customer's email").fill("lina@acme.test");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(new RegExp(`${postPath}#staff$`));
    expect(await page.getByTestId("voters").textContent()).toContain("lina");
    expect(await page.getByTestId("activity-vote").textContent()).toContain("Ada Admin added a vote for lina");
    await screenshotForPeople(page, "25-nojs-onbehalf");
    await context.close();
  });

  it("the voter sees the bell count and the notification, in Arabic", async () => {
    const { voter } = await shippedIdea("Export payments to CSV");
    const { context, page } = await newPage();
    await page.goto(server.url + "/login");
    await page.getByLabel("Email").fill(voter);
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(server.url + "/");
    // Signing in switches the page to the account's language.
    await page.waitForFunction(() => document.documentElement.dir === "rtl" && document.documentElement.lang === "ar");
    // The language picker follows the account's language after signing in.
    expect(await page.getByLabel("اللغة").inputValue()).toBe("ar");
    // Planned and shipped: two notices, in Arabic-Indic digits.
    expect(await page.getByTestId("unread-count").textContent()).toBe("٢");
    // The bell opens the latest notifications; the full page is behind its last link.
    // Before hydration the bell is the no-JavaScript link to /notifications: click the disclosure.
    await page.locator("summary[data-testid=bell]").click();
    await page.getByTestId("bell-panel").getByTestId("bell-notification").first().waitFor();
    await page.getByTestId("bell-panel").getByRole("link", { name: "كل الإشعارات" }).click();
    await page.waitForURL(server.url + "/notifications");
    const items = page.getByTestId("notification");
    await items.first().waitFor();
    expect(await items.count()).toBe(2);
    expect(await items.first().textContent()).toContain("تم الإطلاق");
    await screenshotForPeople(page, "22-notifications-ar");
    await page.getByRole("button", { name: "عيّن الكل كمقروء" }).click();
    await page.waitForFunction(() => !document.querySelector("[data-testid=unread-count]"));
    await context.close();
  });

  it("the shipped emails arrive, localised, with RTL HTML for Arabic and the unsubscribe headers", async () => {
    const title = "Export refunds to CSV";
    const { author, voter } = await shippedIdea(title);
    const en = await waitForMail(author, withSubject(`Shipped: ${title}`), "shipped");
    expect(en.html).toContain('dir="ltr"');
    expect(en.html).toContain("<strong>v2.3</strong>");
    expect(en.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");

    const ar = await waitForMail(voter, withSubject(`تم الإطلاق: ${title}`), "shipped, in Arabic");
    expect(ar.html).toMatch(/<html lang="ar" dir="rtl"/);
    const { context, page } = await newPage();
    await page.setContent(ar.html as string);
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe("rtl");
    await screenshotForPeople(page, "23-email-ar");
    await context.close();
  });

  it("hydrates under the content security policy: the staff form answered through a fetcher", async () => {
    const postPath = await postIdeaOverHttp(server, adminCookie, "Keyboard shortcuts in the inbox");
    const { context, page } = await newPage(adminCookie);
    await page.goto(server.url + postPath);
    await page.waitForFunction(() => document.querySelector("input[name=via][value=fetcher]") !== null);
    // The sidebar saves the kind as soon as it changes.
    await page.getByLabel("Kind").selectOption("bug");
    expect(await shownText(page.getByRole("status").getByText("Saved."))).toBe("Saved.");
    expect(policyViolations).toEqual([]);
    await context.close();
  });

  it("one click on “Yes” records the answer without a login, and staff see it", async () => {
    const title = "Export credit notes to CSV";
    const { postPath, author } = await shippedIdea(title);
    const en = await waitForMail(author, withSubject(`Shipped: ${title}`), "shipped");
    const yes = /href="([^"]+\/csat\/[^"]+\/yes)"/.exec(en.html as string)![1];
    expect(yes.startsWith(server.url)).toBe(true);
    const { context, page } = await newPage();
    await page.goto(yes);
    expect(await shownText(page.getByRole("heading", { name: "Thank you!" }))).toBe("Thank you!");
    await page.getByLabel("Anything you want to add? (optional)").fill("Works great, thanks!");
    await page.getByRole("button", { name: "Send" }).click();
    expect(await shownText(page.getByText("Thanks, your comment was saved."))).toBe("Thanks, your comment was saved.");
    await screenshotForPeople(page, "24-csat-thanks");
    await context.close();

    const staff = await newPage(adminCookie);
    await staff.page.goto(server.url + postPath);
    expect(await staff.page.getByTestId("csat-summary").textContent()).toBe("Yes 1 · Partly 0 · No 0");
    expect(await shownText(staff.page.getByText("Works great, thanks!"))).toContain("Works great, thanks!");
    await staff.context.close();
  });

  it("a customer who forgot the password chooses a new one from the emailed link, in Arabic", async () => {
    const email = addressFor("sara");
    await signUpOverHttp("سارة", email, "ar");
    const { context, page } = await newPage();
    await page.goto(server.url + "/login");
    await page.getByTestId("visitor-menu").locator("summary").click();
    await page.getByLabel("Language").selectOption("ar");
    await page.waitForFunction(() => document.documentElement.dir === "rtl");
    await page.getByRole("link", { name: "نسيت كلمة المرور؟" }).click();
    await page.waitForURL(server.url + "/login/forgot");
    // Typing before the client-side navigation settles could be lost to a re-render.
    await page.waitForLoadState("networkidle");
    await page.getByLabel("البريد الإلكتروني").fill(email);
    await screenshotForPeople(page, "25-forgot-password-ar");
    await page.getByRole("button", { name: "أرسل لي رابطًا" }).click();
    expect(await shownText(page.getByRole("heading", { name: "تحقّق من بريدك" }))).toBe("تحقّق من بريدك");

    const subject = `اختر كلمة مرور جديدة في ${SITE_NAME}`;
    const mail = await waitForMail(email, withSubject(subject), subject);
    expect(mail.html).toContain('dir="rtl"');
    await page.goto(linkIn(mail, "login/reset"));
    await page.getByLabel("كلمة المرور الجديدة").fill("short");
    await page.getByRole("button", { name: "احفظ كلمة المرور الجديدة" }).click();
    await expect.poll(() => page.locator('input[name="password"]').getAttribute("aria-invalid")).toBe("true");
    await screenshotForPeople(page, "26-reset-password-error-ar");
    await page.getByLabel("كلمة المرور الجديدة").fill("a fresh passphrase for sara");
    await page.getByRole("button", { name: "احفظ كلمة المرور الجديدة" }).click();
    await page.waitForURL(server.url + "/");
    // Signed in: sign-out is in the account menu.
    await page.getByTestId("account-menu").locator("summary").click();
    expect(await shownText(page.getByRole("button", { name: "تسجيل الخروج" }))).toBe("تسجيل الخروج");
    await context.close();
  });
});
