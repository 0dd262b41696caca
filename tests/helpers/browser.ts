// Real Chromium for the browser tests: Debian's package, driven by playwright-core.
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { beforeEach } from "vitest";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Why the browser tests cannot run on this machine, or null when they can (Chromium is there, or root can install it). */
export function browserUnavailable(): string | null {
  if (fs.existsSync(CHROMIUM) || isRoot()) return null;
  return `no Chromium at ${CHROMIUM}, and installing it needs root: run \`apt-get install chromium fonts-noto-core\` as root, or set CHROMIUM_PATH`;
}

/**
 * Skips every test of the calling file, saying why, when there is no browser to drive.
 * Returns whether it did, so the file's hooks can skip starting servers and browsers too.
 */
export function skipTestsWithoutBrowser(): boolean {
  const reason = browserUnavailable();
  if (reason) beforeEach((context) => context.skip(reason));
  return reason !== null;
}

/** Installs Debian's chromium when it is missing (CI and fresh machines run as root). */
export function ensureChromium(): string {
  if (fs.existsSync(CHROMIUM)) return CHROMIUM;
  if (!isRoot()) throw new Error(browserUnavailable()!);
  // Several test files may get here at once: one installs, the others wait for it.
  execSync(
    `flock /tmp/closeloop-chromium-install.lock sh -c 'test -e ${CHROMIUM} || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core; }'`,
    { stdio: "inherit", timeout: 600_000 },
  );
  if (!fs.existsSync(CHROMIUM)) throw new Error(`chromium was not installed at ${CHROMIUM}`);
  return CHROMIUM;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/**
 * For people, not for assertions: with SCREENSHOTS=<folder>, saves a full-page screenshot
 * of the page there as <name>.png; otherwise does nothing.
 */
export async function screenshotForPeople(page: Page, name: string): Promise<void> {
  const folder = process.env.SCREENSHOTS;
  if (!folder) return;
  fs.mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: path.join(folder, `${name}.png`), fullPage: true });
}

/** Waits for the element to show, then gives its text: a step that waits also says what it waited for. */
export async function shownText(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? "";
}

/**
 * A new page in `context` that fails the test on an uncaught script error and adds each
 * Content-Security-Policy report from the console to `policyViolations`.
 */
export async function watchedPage(context: BrowserContext, policyViolations: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) policyViolations.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}
