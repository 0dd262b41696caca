// Closing the loop in real Chromium: staff triage a post and ship it with a release
// note; a voter sees the bell and the notification; the email reaches a real SMTP
// sink; "Yes" in the email records the answer. Once in English and once in Arabic.
import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, SCREENSHOT_DIR } from "../helpers/browser";
import { freePort, startServer, type RunningServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

let server: RunningServer;
let browser: Browser;
let sink: SmtpSink;
const PASSWORD = "sunlight over the harbour";

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  sink = await startSmtpSink();
  const port = await freePort();
  server = await startServer({
    port,
    env: { SMTP_URL: sink.url, PUBLIC_URL: `http://127.0.0.1:${port}`, MAIL_FROM: "Acme <feedback@acme.test>", OUTBOX_POLL_MS: "200" },
  });
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) policyViolations.push(`${page.url()}: ${message.text()}`);
  });
  return { context, page };
}

const policyViolations: string[] = [];

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

async function waitForMail(to: string, subject: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const mail = sink.to(to).find((m) => m.subject === subject);
    if (mail) return mail;
    if (Date.now() > until) throw new Error(`no email "${subject}" to ${to}; got ${sink.received.map((r) => `${r.to} ${r.mail.subject}`).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// With email configured, sign-up goes through the emailed link: the form says "check
// your inbox" (the same for any address), and the link finishes the account.
async function signUp(
  page: Page,
  name: string,
  email: string,
  labels = {
    name: "Display name",
    email: "Email",
    password: "Password",
    submit: "Create account",
    inbox: "Check your inbox",
    subject: "Confirm your email for Acme Feedback",
    finish: "Create my account",
  },
) {
  await page.goto(server.url + "/signup");
  await page.getByLabel(labels.name).fill(name);
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password).fill(PASSWORD);
  await page.getByRole("button", { name: labels.submit }).click();
  await page.getByRole("heading", { name: labels.inbox }).waitFor();
  // The address is set apart, so it keeps its direction inside an Arabic sentence.
  await page.locator("bdi", { hasText: email }).waitFor();
  const language = await page.evaluate(() => document.documentElement.lang);
  await shot(page, `18-check-inbox-${language}`);
  const mail = await waitForMail(email, labels.subject);
  const link = /https?:\/\/\S+\/signup\/confirm\/[A-Za-z0-9_-]+/.exec(mail.text ?? "")?.[0];
  expect(link, mail.text).toBeDefined();
  await page.goto(link!);
  if (language === "en") {
    // A wrong password is refused next to the field, and the link still works after it.
    await page.getByLabel(labels.password).fill("not the password I chose");
    await page.getByRole("button", { name: labels.finish }).click();
    await page.getByText("That is not the password this sign-up was made with.", { exact: false }).waitFor();
    await page.locator('input[name="password"][aria-invalid="true"]').waitFor();
    // Focus goes back to the field with the error, not to <body>.
    await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "password");
  }
  await page.getByLabel(labels.password).fill(PASSWORD);
  await shot(page, `19-finish-signup-${language}`);
  await page.getByRole("button", { name: labels.finish }).click();
  await page.waitForURL(server.url + "/");
}

describe("closing the loop in a browser", () => {
  let admin: { context: BrowserContext; page: Page };
  let postPath = "";

  it("staff triage a post: kind, planned, then shipped with a release note", async () => {
    admin = await newPage();
    const page = admin.page;
    await page.goto(server.url + "/");
    await page.getByLabel("Site name").fill("Acme Feedback");
    await page.getByLabel("Your name").fill("Ada Admin");
    await page.getByLabel("Your email").fill("ada@example.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create board" }).click();
    await page.waitForURL(server.url + "/");

    // A customer posts; an Arabic-speaking customer votes for it.
    const author = await newPage();
    await signUp(author.page, "Carla", "carla@example.test");
    await author.page.goto(server.url + "/posts/new");
    await author.page.getByLabel("Title").fill("Export invoices to CSV");
    await author.page.getByRole("button", { name: "Post idea" }).click();
    await author.page.waitForURL(/\/posts\/\d+$/);
    postPath = new URL(author.page.url()).pathname;
    await author.context.close();

    const voter = await newPage();
    await voter.page.goto(server.url + "/signup");
    await voter.page.getByLabel("Language").selectOption("ar");
    await voter.page.waitForFunction(() => document.documentElement.dir === "rtl");
    await signUp(voter.page, "سارة", "sara@example.test", {
      name: "الاسم الظاهر",
      email: "البريد الإلكتروني",
      password: "كلمة المرور",
      submit: "إنشاء الحساب",
      inbox: "تحقّق من بريدك",
      subject: "أكّد بريدك الإلكتروني في Acme Feedback",
      finish: "أنشئ حسابي",
    });
    await voter.page.goto(server.url + postPath);
    await voter.page
      .getByRole("button", { name: /Export invoices to CSV/ })
      .first()
      .click();
    await voter.page.getByTestId("vote-count").first().filter({ hasText: "٢" }).waitFor();
    await voter.context.close();

    // Triage in the inbox: the post is untriaged and on top.
    await page.goto(server.url + "/admin");
    await page.getByTestId("inbox-row").first().getByText("Untriaged").waitFor();
    await shot(page, "20-inbox");

    // Quick triage from the inbox row: the kind is set and the row says so.
    const row = page.getByTestId("inbox-row").first();
    await row.getByLabel("Kind").selectOption("feature_request");
    await row.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").getByText("Saved.").waitFor();
    await page.getByTestId("inbox-row").first().locator(".badge", { hasText: "Feature request" }).waitFor();

    await page.goto(server.url + postPath);
    await page.locator(".badge", { hasText: "Feature request" }).first().waitFor();

    await page.getByLabel("Status", { exact: true }).selectOption("planned");
    await page.getByRole("button", { name: "Change status" }).click();
    await page.getByTestId("timeline").getByText("Open → Planned").waitFor();

    await page.getByLabel("Status", { exact: true }).selectOption("shipped");
    await page.getByLabel("Official response").fill("Shipped in **v2.3**: Settings → Export.");
    await page.getByRole("button", { name: "Change status" }).click();
    await page.getByTestId("official-response").getByText("v2.3").waitFor();
    await shot(page, "21-post-shipped-staff");
  }, 120_000);

  it("without JavaScript, a staff form with a mistake comes back with the error and what was typed", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
    await context.addCookies(await admin.context.cookies());
    const page = await context.newPage();
    await page.goto(server.url + postPath);
    await page.getByLabel("Customer's email").fill("lina-at-acme");
    await page.getByLabel("Source").fill("ACME call, no JS");
    await page.getByRole("button", { name: "Add vote" }).click();
    await page.getByText("Enter a valid email address.").waitFor();
    expect(await page.getByLabel("Customer's email").inputValue()).toBe("lina-at-acme");
    expect(await page.getByLabel("Source").inputValue()).toBe("ACME call, no JS");
    await page.getByLabel("Customer's email").fill("lina@acme.test");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(new RegExp(`${postPath}#staff$`));
    expect(await page.getByTestId("voters").textContent()).toContain("lina@acme.test");
    await shot(page, "25-nojs-onbehalf");
    await context.close();
  });

  it("the voter sees the bell count and the notification, in Arabic", async () => {
    const { context, page } = await newPage();
    await page.goto(server.url + "/login");
    await page.getByLabel("Email").fill("sara@example.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(server.url + "/");
    // Signing in switches the page to the account's language.
    await page.waitForFunction(() => document.documentElement.dir === "rtl" && document.documentElement.lang === "ar");
    // The language picker follows the account's language after signing in.
    expect(await page.getByLabel("اللغة").inputValue()).toBe("ar");
    // Planned and shipped: two notices, in Arabic-Indic digits.
    expect(await page.getByTestId("unread-count").textContent()).toBe("٢");
    await page.getByTestId("bell").click();
    await page.waitForURL(server.url + "/notifications");
    const items = page.getByTestId("notification");
    await items.first().waitFor();
    expect(await items.count()).toBe(2);
    expect(await items.first().textContent()).toContain("تم الإطلاق");
    await shot(page, "22-notifications-ar");
    await page.getByRole("button", { name: "عيّن الكل كمقروء" }).click();
    await page.waitForFunction(() => !document.querySelector("[data-testid=unread-count]"));
    await context.close();
  });

  it("the shipped emails arrive, localised, with RTL HTML for Arabic and the unsubscribe headers", async () => {
    const en = await waitForMail("carla@example.test", "Shipped: Export invoices to CSV");
    expect(en.html).toContain('dir="ltr"');
    expect(en.html).toContain("<strong>v2.3</strong>");
    expect(en.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");

    const ar = await waitForMail("sara@example.test", "تم الإطلاق: Export invoices to CSV");
    expect(ar.html).toMatch(/<html lang="ar" dir="rtl"/);
    const { context, page } = await newPage();
    await page.setContent(ar.html as string);
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe("rtl");
    await shot(page, "23-email-ar");
    await context.close();
  });

  it("hydrates under the content security policy: the staff form answered through a fetcher", async () => {
    const { context, page } = await newPage();
    await context.addCookies(await admin.context.cookies());
    await page.goto(server.url + postPath);
    await page.waitForFunction(() => document.querySelector("input[name=via][value=fetcher]") !== null);
    await page.getByRole("button", { name: "Save kind" }).click();
    await page.getByRole("status").getByText("Saved.").waitFor();
    expect(policyViolations).toEqual([]);
    await context.close();
  });

  it("one click on “Yes” records the answer without a login, and staff see it", async () => {
    const en = await waitForMail("carla@example.test", "Shipped: Export invoices to CSV");
    const yes = /href="([^"]+\/csat\/[^"]+\/yes)"/.exec(en.html as string)![1];
    expect(yes.startsWith(server.url)).toBe(true);
    const { context, page } = await newPage();
    await page.goto(yes);
    await page.getByRole("heading", { name: "Thank you!" }).waitFor();
    await page.getByLabel("Anything you want to add? (optional)").fill("Works great, thanks!");
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByText("Thanks, your comment was saved.").waitFor();
    await shot(page, "24-csat-thanks");
    await context.close();

    await admin.page.goto(server.url + postPath);
    expect(await admin.page.getByTestId("csat-summary").textContent()).toBe("Yes 1 · Partly 0 · No 0");
    await admin.page.getByText("Works great, thanks!").waitFor();
    await admin.context.close();
  });
  it("a customer who forgot the password chooses a new one from the emailed link, in Arabic", async () => {
    const { context, page } = await newPage();
    await page.goto(server.url + "/login");
    await page.getByLabel("Language").selectOption("ar");
    await page.waitForFunction(() => document.documentElement.dir === "rtl");
    await page.getByRole("link", { name: "نسيت كلمة المرور؟" }).click();
    await page.waitForURL(server.url + "/login/forgot");
    // Typing before the client-side navigation settles could be lost to a re-render.
    await page.waitForLoadState("networkidle");
    await page.getByLabel("البريد الإلكتروني").fill("sara@example.test");
    await shot(page, "25-forgot-password-ar");
    await page.getByRole("button", { name: "أرسل لي رابطًا" }).click();
    await page.getByRole("heading", { name: "تحقّق من بريدك" }).waitFor();

    const mail = await waitForMail("sara@example.test", "اختر كلمة مرور جديدة في Acme Feedback");
    expect(mail.html).toContain('dir="rtl"');
    const link = /https?:\/\/\S+\/login\/reset\/[A-Za-z0-9_-]+/.exec(mail.text ?? "")?.[0];
    expect(link, mail.text).toBeDefined();
    await page.goto(link!);
    await page.getByLabel("كلمة المرور الجديدة").fill("short");
    await page.getByRole("button", { name: "احفظ كلمة المرور الجديدة" }).click();
    await page.locator('input[name="password"][aria-invalid="true"]').waitFor();
    await shot(page, "26-reset-password-error-ar");
    await page.getByLabel("كلمة المرور الجديدة").fill("a fresh passphrase for sara");
    await page.getByRole("button", { name: "احفظ كلمة المرور الجديدة" }).click();
    await page.waitForURL(server.url + "/");
    await page.getByRole("button", { name: "تسجيل الخروج" }).waitFor();
    await context.close();
  }, 60_000);
});
