import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { excerptOf } from "~/utils/markdown.server";
import { renderMarkdownSync, sanitizeHtml } from "~/utils/markdown-worker.mjs";

/** The pipeline the worker threads run, called directly. */
const renderMarkdown = (markdown: string) => renderMarkdownSync(markdown).html;
/** Excerpts are cut from the rendered text, as createPost does. */
const excerptOfMarkdown = (markdown: string, maxLength?: number) => excerptOf(renderMarkdownSync(markdown).text, maxLength);
import { XSS_VECTORS } from "./xss-vectors";

const { document } = new JSDOM("<!doctype html><html><body></body></html>").window;

/** Parses HTML the way the page does: innerHTML of a container element. */
function parse(html: string): HTMLElement {
  const holder = document.createElement("div");
  holder.innerHTML = html;
  return holder;
}

const FORBIDDEN_ELEMENTS = [
  "script",
  "iframe",
  "object",
  "embed",
  "style",
  "form",
  "base",
  "meta",
  "link",
  "svg",
  "math",
  "frame",
  "frameset",
  "applet",
  "noscript",
  "template",
  "textarea",
  "select",
  "button",
  "video",
  "audio",
  "source",
  "details",
  "marquee",
  "body",
  "html",
  "head",
];
const URL_ATTRIBUTES = ["href", "src", "action", "formaction", "xlink:href", "data", "srcset", "background", "poster"];
const DANGEROUS_SCHEMES = ["javascript:", "data:", "vbscript:"];

/** Every way the HTML could run script, as a list of human-readable findings. */
function dangers(root: HTMLElement): string[] {
  const found: string[] = [];
  for (const el of Array.from(root.querySelectorAll("*"))) {
    const name = el.localName.toLowerCase();
    if (FORBIDDEN_ELEMENTS.includes(name)) found.push(`<${name}> element`);
    for (const attr of Array.from(el.attributes)) {
      const attrName = attr.name.toLowerCase();
      if (attrName.startsWith("on")) found.push(`${attrName} attribute on <${name}>`);
      if (attrName === "style") found.push(`style attribute on <${name}>`);
      if (URL_ATTRIBUTES.includes(attrName)) {
        const trimmed = attr.value.trim().toLowerCase();
        // Browsers also ignore tabs, newlines and control characters inside a scheme.
        // eslint-disable-next-line no-control-regex -- browsers ignore these inside a URL scheme
        const squeezed = attr.value.replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "").toLowerCase();
        for (const scheme of DANGEROUS_SCHEMES) {
          if (trimmed.startsWith(scheme) || squeezed.startsWith(scheme)) {
            found.push(`${attrName}="${attr.value}" on <${name}>`);
          }
        }
      }
    }
    if (name === "input" && el.getAttribute("type") !== "checkbox") found.push(`<input type="${el.getAttribute("type")}">`);
  }
  return found;
}

/** Checks the HTML and, against mutation XSS, the HTML a browser re-serialises from it. */
function expectSafe(html: string) {
  const first = parse(html);
  expect(dangers(first)).toEqual([]);
  const reparsed = parse(first.innerHTML);
  expect(dangers(reparsed)).toEqual([]);
}

describe("XSS vectors", () => {
  it("has at least 40 distinct payloads", () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(XSS_VECTORS.map((v) => v.input)).size).toBe(XSS_VECTORS.length);
    expect(new Set(XSS_VECTORS.map((v) => v.name)).size).toBe(XSS_VECTORS.length);
  });

  describe.each(XSS_VECTORS)("$name", ({ input }) => {
    it("renderMarkdown output is inert", () => {
      expectSafe(renderMarkdown(input));
    });

    it("sanitizeHtml output is inert", () => {
      expectSafe(sanitizeHtml(input));
    });

    it("rendering is stable: sanitising the output again changes nothing", () => {
      const once = renderMarkdown(input);
      expect(parse(sanitizeHtml(once)).innerHTML).toBe(parse(once).innerHTML);
    });
  });

  it("keeps the visible text of a neutralised javascript: link", () => {
    const root = parse(renderMarkdown("[click me](javascript:alert(1))"));
    const a = root.querySelector("a");
    expect(root.textContent?.trim()).toBe("click me");
    expect(a?.hasAttribute("href") ?? false).toBe(false);
  });

  it("strips handlers but keeps an allowed element and its safe attributes", () => {
    const root = parse(renderMarkdown('<a href="#top" onclick="alert(1)">up</a>'));
    const a = root.querySelector("a")!;
    expect(a).not.toBeNull();
    expect(a.getAttribute("href")).toBe("#top");
    expect(a.hasAttribute("onclick")).toBe(false);
    expect(a.textContent).toBe("up");
  });

  it("keeps direction-override characters as text only", () => {
    const root = parse(renderMarkdown("name: \u202Egnp.exe"));
    expect(root.textContent).toContain("\u202Egnp.exe");
    expect(root.querySelectorAll("*").length).toBe(1); // just the <p>
  });
});

describe("raw HTML that would swallow what follows", () => {
  // Each of these makes an HTML parser treat the rest of the field as part of one
  // element, which DOMPurify then removes: the author's later words would vanish.
  it.each([
    "<plaintext>",
    '"><script>alert(123);</script x="',
    "'><script>alert(123);</script x='",
    "<title onpropertychange=alert(1)><title title=>",
    "<SCRIPT SRC=http://ha.ckers.org/xss.js?< B >",
    "<SCRIPT SRC=//ha.ckers.org/.j>",
    "<iframe src=http://ha.ckers.org/scriptlet.html <",
    "<!-- an unclosed comment",
    "<pre>an unclosed pre",
    "<code>an unclosed code",
    '<a title="unclosed quote>link',
    "<table><tr><td>a raw table",
  ])("keeps the words after %s, and shows it as typed", (input) => {
    const root = parse(renderMarkdown(`before ${input} middle\n\nafter **bold** [link](https://example.com)`));
    const text = root.textContent ?? "";
    expect(text).toContain("before");
    expect(text).toContain("middle");
    expect(text).toContain("after");
    expect(root.querySelector("strong")?.textContent).toBe("bold");
    expect(root.querySelector("a[href='https://example.com']")?.textContent).toBe("link");
    expect(text.replace(/\s+/g, " ")).toContain(input.replace(/\s+/g, " "));
    expect(root.querySelector("script, title, iframe, plaintext")).toBeNull();
  });

  it("still keeps whole tags of allowed elements", () => {
    const root = parse(renderMarkdown("H<sub>2</sub>O is <b>wet</b><br>and <i>cold</i>"));
    expect(["sub", "b", "br", "i"].map((tag) => root.querySelectorAll(tag).length)).toEqual([1, 1, 1, 1]);
    expect(root.textContent?.trim()).toBe("H2O is wetand cold");
  });
});

describe("links", () => {
  it.each([
    ["[site](https://example.com/a?b=1)", "https://example.com/a?b=1"],
    ["[site](http://example.com)", "http://example.com"],
    ["<https://example.com>", "https://example.com"],
    ["https://example.com/bare", "https://example.com/bare"],
    ["[mail](mailto:team@example.com)", "mailto:team@example.com"],
    ["[local](/boards/1)", "/boards/1"],
    ["[anchor](#comments)", "#comments"],
  ])("%s keeps its href and gets rel=nofollow ugc noopener", (markdown, href) => {
    const links = parse(renderMarkdown(markdown)).querySelectorAll("a");
    expect(links).toHaveLength(1);
    expect(links[0].getAttribute("href")).toBe(href);
    expect(links[0].getAttribute("rel")).toBe("nofollow ugc noopener");
  });

  it("overrides a rel the author wrote", () => {
    const a = parse(renderMarkdown('<a href="https://example.com" rel="opener">x</a>')).querySelector("a")!;
    expect(a.getAttribute("rel")).toBe("nofollow ugc noopener");
  });

  it("drops protocol-relative links", () => {
    const a = parse(renderMarkdown("[x](//evil.example/path)")).querySelector("a")!;
    expect(a.hasAttribute("href")).toBe(false);
    expect(a.getAttribute("rel")).toBe("nofollow ugc noopener");
  });

  it("never keeps a target attribute (not allowed)", () => {
    const a = parse(renderMarkdown('<a href="https://example.com" target="_top">x</a>')).querySelector("a")!;
    expect(a.hasAttribute("target")).toBe(false);
  });
});

describe("images", () => {
  it("drops an http image", () => {
    const root = parse(renderMarkdown("![a](http://x/y.png)"));
    expect(root.querySelector("img")).toBeNull();
  });

  it("keeps an https image, lazily loaded", () => {
    const img = parse(renderMarkdown("![a](https://x/y.png)")).querySelector("img");
    expect(img).not.toBeNull();
    expect(img!.getAttribute("src")).toBe("https://x/y.png");
    expect(img!.getAttribute("alt")).toBe("a");
    expect(img!.getAttribute("loading")).toBe("lazy");
  });

  it.each(["![a](/uploads/y.png)", "![a](//x/y.png)", "![a](y.png)", '<img src="ftp://x/y.png">'])("drops a non-https image: %s", (markdown) => {
    expect(parse(renderMarkdown(markdown)).querySelector("img")).toBeNull();
  });

  it("keeps a quote in alt text inside the attribute, and the words after the image", () => {
    const glare = parse(renderMarkdown('![27" monitor glare](https://example.com/a.png) words'));
    expect(glare.querySelector("img")?.getAttribute("alt")).toBe('27" monitor glare');
    expect(glare.textContent).toContain("words");
    const breakout = parse(renderMarkdown('![say "hi"><plaintext> there](https://example.com/a.png) and more words\n\nnext **bold**'));
    expect(breakout.querySelector("img")?.getAttribute("alt")).toBe('say "hi"><plaintext> there');
    expect(breakout.querySelector("plaintext")).toBeNull();
    expect(breakout.textContent).toContain("and more words");
    expect(breakout.querySelector("strong")?.textContent).toBe("bold");
  });

  it("keeps the surrounding text when an image is dropped", () => {
    const root = parse(renderMarkdown("before ![a](http://x/y.png) after"));
    expect(root.textContent?.replace(/\s+/g, " ").trim()).toBe("before after");
  });
});

describe("GFM task lists", () => {
  it("keeps disabled checkboxes, checked or not", () => {
    const root = parse(renderMarkdown("- [ ] todo\n- [x] done"));
    const boxes = Array.from(root.querySelectorAll("input"));
    expect(boxes).toHaveLength(2);
    for (const box of boxes) {
      expect(box.getAttribute("type")).toBe("checkbox");
      expect(box.hasAttribute("disabled")).toBe(true);
    }
    expect(boxes[0].hasAttribute("checked")).toBe(false);
    expect(boxes[1].hasAttribute("checked")).toBe(true);
    expect(Array.from(root.querySelectorAll("li")).map((li) => li.textContent?.trim())).toEqual(["todo", "done"]);
  });

  it("disables a raw checkbox an author wrote enabled", () => {
    const box = parse(renderMarkdown('<input type="checkbox" checked>')).querySelector("input");
    expect(box).not.toBeNull();
    expect(box!.hasAttribute("disabled")).toBe(true);
  });
});

describe("ordinary markdown", () => {
  it("renders bold, emphasis, strikethrough and inline code", () => {
    const p = parse(renderMarkdown("**bold** _em_ ~~gone~~ `a < b`")).querySelector("p")!;
    expect(p.querySelector("strong")?.textContent).toBe("bold");
    expect(p.querySelector("em")?.textContent).toBe("em");
    expect(p.querySelector("del")?.textContent).toBe("gone");
    expect(p.querySelector("code")?.textContent).toBe("a < b");
  });

  it("renders headings, quotes and rules", () => {
    const root = parse(renderMarkdown("# One\n\n## Two\n\n> quoted\n\n---"));
    expect(root.querySelector("h1")?.textContent).toBe("One");
    expect(root.querySelector("h2")?.textContent).toBe("Two");
    expect(root.querySelector("blockquote")?.textContent?.trim()).toBe("quoted");
    expect(root.querySelector("hr")).not.toBeNull();
  });

  it("renders ordered and unordered lists", () => {
    const root = parse(renderMarkdown("- a\n- b\n\n3. c\n4. d"));
    expect(Array.from(root.querySelectorAll("ul > li")).map((li) => li.textContent)).toEqual(["a", "b"]);
    const ol = root.querySelector("ol")!;
    expect(ol.getAttribute("start")).toBe("3");
    expect(Array.from(ol.querySelectorAll("li")).map((li) => li.textContent)).toEqual(["c", "d"]);
  });

  it("renders fenced code with its text escaped, not interpreted", () => {
    const root = parse(renderMarkdown("```html\n<script>alert(1)</script>\n```"));
    expect(root.querySelector("script")).toBeNull();
    expect(root.querySelector("pre > code")?.textContent).toBe("<script>alert(1)</script>\n");
  });

  it("renders GFM tables", () => {
    const root = parse(renderMarkdown("| Name | Votes |\n|:-----|------:|\n| Dark mode | 12 |\n| RTL | 7 |"));
    const table = root.querySelector("table")!;
    expect(table).not.toBeNull();
    expect(Array.from(table.querySelectorAll("th")).map((th) => th.textContent)).toEqual(["Name", "Votes"]);
    expect(Array.from(table.querySelectorAll("tbody tr")).map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent))).toEqual([
      ["Dark mode", "12"],
      ["RTL", "7"],
    ]);
  });

  it("turns single newlines into line breaks", () => {
    const p = parse(renderMarkdown("line one\nline two")).querySelector("p")!;
    expect(p.querySelectorAll("br")).toHaveLength(1);
  });

  it("renders Arabic and Persian text unchanged", () => {
    const root = parse(renderMarkdown("مرحبا **بالعالم**\n\n- اقتراح أول\n- پیشنهاد دوم"));
    expect(root.querySelector("p")?.textContent).toBe("مرحبا بالعالم");
    expect(root.querySelector("strong")?.textContent).toBe("بالعالم");
    expect(Array.from(root.querySelectorAll("li")).map((li) => li.textContent)).toEqual(["اقتراح أول", "پیشنهاد دوم"]);
  });

  it("keeps harakat and Arabic link text", () => {
    const a = parse(renderMarkdown("[مُحَمَّد](https://example.com/ar)")).querySelector("a")!;
    expect(a.textContent).toBe("مُحَمَّد");
    expect(a.getAttribute("href")).toBe("https://example.com/ar");
  });

  it("returns an empty string for empty input", () => {
    expect(renderMarkdown("").trim()).toBe("");
  });
});

describe("excerptOf", () => {
  it("strips markup to plain text", () => {
    expect(excerptOfMarkdown("# Title\n\n**bold** and [a link](https://example.com) and `code`")).toBe("Title bold and a link and code");
  });

  it("shows a script tag as the text typed and keeps the words of allowed html", () => {
    expect(excerptOfMarkdown("hi <script>alert(1)</script><b>there</b>")).toBe("hi <script>alert(1)</script>there");
  });

  it("returns short text whole, without an ellipsis", () => {
    expect(excerptOfMarkdown("short **text**")).toBe("short text");
  });

  it("cuts long text at a word boundary and appends …", () => {
    const markdown = "word ".repeat(100);
    const excerpt = excerptOfMarkdown(markdown);
    expect(excerpt.endsWith("…")).toBe(true);
    expect(excerpt.length).toBeLessThanOrEqual(181);
    expect(excerpt.slice(0, -1)).toMatch(/^(word )*word$/);
  });

  it("respects a custom length", () => {
    const excerpt = excerptOfMarkdown("alpha beta gamma delta epsilon zeta", 20);
    expect(excerpt).toBe("alpha beta gamma…");
  });

  it("cuts a single long word mid-word rather than returning nothing", () => {
    const excerpt = excerptOfMarkdown("a".repeat(300), 50);
    expect(excerpt).toBe(`${"a".repeat(50)}…`);
  });

  it("collapses whitespace across blocks", () => {
    expect(excerptOfMarkdown("one\n\n\n- two\n- three\n\n> four")).toBe("one two three four");
  });

  it("handles Arabic text", () => {
    const words = "اقتراح ".repeat(50);
    const excerpt = excerptOfMarkdown(words, 40);
    expect(excerpt.endsWith("…")).toBe(true);
    expect(excerpt.slice(0, -1)).toMatch(/^(اقتراح )*اقتراح$/);
  });
});
