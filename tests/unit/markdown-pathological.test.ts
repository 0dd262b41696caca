// Input that freezes or crashes markdown parsers: each case must render, keep every
// letter the author typed, and (through the pool) never hold up the event loop. How
// long the worst case takes is measured by `npm run bench:markdown`, not asserted here.
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRenderer } from "~/utils/markdown.server";
import { renderMarkdownSync } from "~/utils/markdown-worker.mjs";
import { pathologicalMarkdown } from "../helpers/pathological-markdown";

/** How often each letter or digit occurs. */
function letterCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of text.match(/[\p{L}\p{N}]/gu) ?? []) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

/** The letters the author meant as text: not tag names, link targets or list numbers. */
function typedLetters(markdown: string): Map<string, number> {
  return letterCounts(
    markdown
      .replace(/<\/?[a-z][^<>]*>/gi, "")
      .replace(/\]\([^()\s]*\)/g, "]")
      .replace(/\d+[.)](?= )/g, ""),
  );
}

/** Letters the text is missing, compared with what the author typed. */
function missingLetters(text: string, markdown: string): string[] {
  const shown = letterCounts(text);
  return [...typedLetters(markdown)].filter(([c, n]) => (shown.get(c) ?? 0) < n).map(([c, n]) => `${c}: ${shown.get(c) ?? 0} of ${n}`);
}

const CASES = pathologicalMarkdown();

describe("pathological markdown", () => {
  it("covers every kind of construct named in the issue", () => {
    const names = CASES.map((c) => c.name).join("\n");
    for (const kind of ["unclosed links", "unclosed images", "brackets", "emphasis runs", "nesting", "inline html", "long table", "many autolinks"]) {
      expect(names).toContain(kind);
    }
    expect(CASES.length).toBeGreaterThanOrEqual(70);
    expect(Math.max(...CASES.map((c) => c.markdown.length))).toBe(10_000);
  });

  it.each(CASES.map((c) => [c.name, c.markdown] as const))("%s renders and keeps the author's text", (_name, body) => {
    const markdown = `Opening words\n\n${body}\n\nClosing words`;
    const { html, text } = renderMarkdownSync(markdown);
    expect(html.length).toBeGreaterThan(0);
    expect(text).toContain("Opening words");
    expect(text).toContain("Closing words");
    expect(missingLetters(text, markdown)).toEqual([]);
  });
});

describe("the render pool", () => {
  const renderer = createRenderer();
  // A worker that never finishes, standing in for any input a parser gets stuck on.
  const stuck = createRenderer({ workerFile: path.resolve("tests/fixtures/stuck-markdown-worker.mjs"), deadlineMs: 500 });
  afterAll(async () => {
    await renderer.close();
    await stuck.close();
  });

  it("renders in another thread: the caller's event loop runs before the result arrives", async () => {
    const rendering = renderer.render(`|a|b|\n|-|-|\n${"|x|y|\n".repeat(100)}`);
    const first = await Promise.race([rendering.then(() => "render"), new Promise((resolve) => setTimeout(() => resolve("timer"), 0))]);
    expect(first).toBe("timer");
    const rendered = await rendering;
    expect(rendered.fellBack).toBe(false);
    expect(rendered.html).toContain("<table");
  });

  it("answers other work while a render is stuck, then keeps the typed text at the deadline", async () => {
    let settled = false;
    const rendering = stuck.render("**Stuck** <b>on</b> [this](\n\nsecond paragraph").finally(() => (settled = true));
    // Turns of the event loop go by while the worker is stuck (its deadline is 500 ms).
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(settled).toBe(false);
    const rendered = await rendering;
    expect(rendered.fellBack).toBe(true);
    expect(rendered.html).toBe('<p dir="auto">**Stuck** &#60;b&#62;on&#60;/b&#62; [this](</p>\n<p dir="auto">second paragraph</p>');
    expect(rendered.text).toBe("**Stuck** <b>on</b> [this]( second paragraph");
  });

  it("replaces stuck threads, and a render waiting its turn meanwhile is not cut short", async () => {
    // As many stuck texts as the pool has threads: "fine" waits past its own deadline for
    // a thread, which only counts once a thread starts on it.
    const [one, two, fine] = await Promise.all(["Stuck one", "Stuck two", "fine"].map((text) => stuck.render(text)));
    expect([one, two].map((r) => [r.text, r.fellBack])).toEqual([
      ["Stuck one", true],
      ["Stuck two", true],
    ]);
    expect(fine).toEqual({ html: "<p>fine</p>", text: "fine", fellBack: false });
  });

  it("keeps the typed text when no thread is free for too long", async () => {
    const flooded = createRenderer({ workerFile: path.resolve("tests/fixtures/stuck-markdown-worker.mjs"), deadlineMs: 60_000, queueLimitMs: 300 });
    const busy = ["Stuck one", "Stuck two"].map((text) => flooded.render(text));
    try {
      expect(await flooded.render("waiting")).toEqual({ html: '<p dir="auto">waiting</p>', text: "waiting", fellBack: true });
    } finally {
      await flooded.close();
    }
    // Closing the pool ends the stuck ones too, each kept as typed.
    expect((await Promise.all(busy)).map((r) => r.fellBack)).toEqual([true, true]);
  });

  it("keeps the typed text when the parser throws", async () => {
    const failing = createRenderer({ workerFile: path.resolve("tests/fixtures/failing-markdown-worker.mjs") });
    try {
      expect(await failing.render("a <b>c</b>")).toMatchObject({ html: '<p dir="auto">a &#60;b&#62;c&#60;/b&#62;</p>', fellBack: true });
    } finally {
      await failing.close();
    }
  });
});
