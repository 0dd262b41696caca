// Markdown is rendered once, on the server, when it is written: marked turns it into
// HTML and DOMPurify (over a jsdom window) removes anything that could run. The
// stored HTML is the only user HTML a page ever receives.
import createDOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import { Marked, Tokenizer, type Tokens } from "marked";

const window = new JSDOM("").window;
const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
const marked = new Marked({ gfm: true, breaks: true, async: false });

const SAFE_LINK = /^(?:https?:|mailto:|\/(?!\/)|#)/i;

// Each block takes its direction from its own first letters, so an Arabic post with an
// English paragraph lays both out correctly; code is always left-to-right.
// A list takes one direction as a whole (from its first item), so an Arabic list with a
// "Safari 17" item keeps all its bullets on one side.
const BLOCKS_WITH_OWN_DIRECTION = new Set(["P", "UL", "OL", "H1", "H2", "H3", "H4", "H5", "H6", "BLOCKQUOTE", "TD", "TH"]);

purify.addHook("afterSanitizeAttributes", (node) => {
  if (BLOCKS_WITH_OWN_DIRECTION.has(node.tagName)) node.setAttribute("dir", "auto");
  if (node.tagName === "PRE") node.setAttribute("dir", "ltr");
  if (node.tagName === "A") {
    const href = node.getAttribute("href");
    if (href !== null && !SAFE_LINK.test(href.trim())) node.removeAttribute("href");
    node.setAttribute("rel", "nofollow ugc noopener");
    if (node.getAttribute("target") !== "_blank") node.removeAttribute("target");
  }
  if (node.tagName === "IMG") {
    const src = node.getAttribute("src") ?? "";
    // Only https images: no tracking over http, no data: payloads, no relative probes.
    if (!/^https:\/\//i.test(src.trim())) node.remove();
    else node.setAttribute("loading", "lazy");
  }
  if (node.tagName === "INPUT") {
    // GFM task lists are the only inputs markdown produces; nothing else may pose as a form.
    if (node.getAttribute("type") !== "checkbox") node.remove();
    else node.setAttribute("disabled", "");
  }
});

const ALLOWED_TAGS = [
  "a", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
  "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody",
  "td", "th", "thead", "tr", "ul", "input",
];

const SANITIZE_OPTIONS = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ["href", "title", "src", "alt", "type", "checked", "disabled", "align", "start"],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
};

// Raw HTML in markdown reaches DOMPurify only when it is nothing but whole tags of
// allowed inline elements. Anything else is shown as the text the author typed: a stray
// <plaintext>, <script>, <title> or <iframe>, an unclosed comment or an unclosed quote
// makes the HTML parser swallow the rest of the field, and DOMPurify then drops what
// was swallowed, so the author's words after it would silently vanish. Raw <pre> and
// <code> are text too, because marked stops escaping what follows them until they
// close; and raw block elements (<table>, <p>…) are, because inside marked's paragraphs
// they make the parser reshuffle the text around them. Markdown makes all of these.
const RAW_HTML_TAGS = ["a", "b", "i", "em", "strong", "del", "s", "sub", "sup", "br", "img", "input"];
const WHOLE_RAW_HTML_TAG = new RegExp(
  `<\\/?(?:${RAW_HTML_TAGS.join("|")})(?![a-z0-9-])(?:\\s+[a-z][a-z0-9-]*(?:\\s*=\\s*(?:"[^"]*"|'[^']*'|[^\\s"'=<>\`]+))?)*\\s*\\/?>`,
  "gi",
);

function isKeptRawHtml(html: string): boolean {
  return !html.replace(WHOLE_RAW_HTML_TAG, "").includes("<");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

marked.use({
  tokenizer: {
    // An inline tag that will not be kept becomes plain text before marked's lexer sees
    // it as HTML, so it cannot switch the lexer into its raw, unescaped mode.
    tag(src) {
      const { inLink, inRawBlock } = this.lexer.state;
      const token = Tokenizer.prototype.tag.call(this, src) as Tokens.Tag | undefined;
      if (!token || isKeptRawHtml(token.raw)) return token;
      Object.assign(this.lexer.state, { inLink, inRawBlock });
      return { type: "text", raw: token.raw, text: token.raw, escaped: false } as Tokens.Text as never;
    },
  },
  renderer: {
    // marked writes alt text into the attribute unescaped: a quote in it ended the
    // attribute, and whatever followed was read as HTML (and could swallow the field).
    image({ href, title, text, tokens }) {
      const alt = tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text;
      const titleAttribute = title ? ` title="${escapeHtml(title)}"` : "";
      return `<img src="${escapeHtml(href)}" alt="${escapeHtml(alt)}"${titleAttribute}>`;
    },
    html({ text, block }) {
      if (isKeptRawHtml(text)) return text;
      const shown = escapeHtml(block ? text.trim() : text);
      return block ? `<p>${shown.replace(/\n/g, "<br>")}</p>\n` : shown;
    },
  },
});

/** Markdown to sanitised HTML, safe to put in dangerouslySetInnerHTML. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html);
}

export function sanitizeHtml(html: string): string {
  return purify.sanitize(html, SANITIZE_OPTIONS) as unknown as string;
}

/** Plain text of the rendered markdown, cut at a word boundary, for list excerpts. */
export function excerptOf(markdown: string, maxLength = 180): string {
  const text = plainTextOf(renderMarkdown(markdown), " ").replace(/\s+/g, " ").trim();
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** The text of sanitised HTML, with `blockEnd` after each block so blocks do not run together. */
export function plainTextOf(html: string, blockEnd = "\n"): string {
  const holder = window.document.createElement("div");
  holder.innerHTML = html;
  holder.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6, td, th, pre, blockquote").forEach((el) => el.append(blockEnd));
  return (holder.textContent ?? "").trim();
}
