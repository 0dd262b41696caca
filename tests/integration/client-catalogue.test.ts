// The browser downloads one catalogue, the active locale's, as a script of its own
// (catalogue-script.test.ts): the built JavaScript holds none of the three, only the few
// English words of en-shell.ts.
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { ar } from "~/i18n/ar";
import { en } from "~/i18n/en";
import { enShell } from "~/i18n/en-shell";
import { fa } from "~/i18n/fa";
// Importing the server helper brings build-test/ up to date before this file runs.
import "../helpers/server";
import { TEST_BUILD_DIR } from "../helpers/test-build";

it("builds no catalogue into the browser's JavaScript", () => {
  const assets = path.resolve(TEST_BUILD_DIR, "client/assets");
  const javaScript = fs
    .readdirSync(assets)
    .filter((file) => file.endsWith(".js"))
    .map((file) => fs.readFileSync(path.join(assets, file), "utf8"))
    .join("\n");
  for (const [locale, catalogue] of Object.entries({ en, ar, fa })) {
    // Long plain messages only: a short word ("Search") could be in the code for other reasons.
    const messages = Object.entries(catalogue).filter(
      ([key, text]) => !(key in enShell) && typeof text === "string" && text.length > 20 && !/["'`\\\n]/.test(text),
    );
    expect(messages.length, locale).toBeGreaterThan(100);
    expect(
      messages.filter(([, text]) => javaScript.includes(text as string)).map(([key]) => key),
      locale,
    ).toEqual([]);
  }
  expect(javaScript).toContain(enShell["error.generic"]);
});
