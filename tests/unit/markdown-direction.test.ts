import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { renderMarkdownSync } from "~/utils/markdown-worker.mjs";

describe("direction of rendered markdown", () => {
  it("lets every block find its own direction, a list as a whole, and keeps code left-to-right", () => {
    const { html } = renderMarkdownSync("نريد تصديرًا\n\nWe need CSV\n\n- بند\n- Safari 17\n\n```\nconst x = 1;\n```");
    const doc = new JSDOM(html).window.document;
    expect([...doc.querySelectorAll("p, ul")].map((el) => el.getAttribute("dir"))).toEqual(["auto", "auto", "auto"]);
    expect([...doc.querySelectorAll("li")].map((el) => el.getAttribute("dir"))).toEqual([null, null]);
    expect(doc.querySelector("pre")?.getAttribute("dir")).toBe("ltr");
  });
});
