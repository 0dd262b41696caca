import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "~/services/markdown.server";

describe("direction of rendered markdown", () => {
  it("lets every block find its own direction and keeps code left-to-right", () => {
    const html = renderMarkdown("نريد تصديرًا\n\nWe need CSV\n\n- بند\n- item\n\n```\nconst x = 1;\n```");
    const doc = new JSDOM(html).window.document;
    expect([...doc.querySelectorAll("p, li")].map((el) => el.getAttribute("dir"))).toEqual(["auto", "auto", "auto", "auto"]);
    expect(doc.querySelector("pre")?.getAttribute("dir")).toBe("ltr");
  });
});
