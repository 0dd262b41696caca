// @ts-check
// The markdown pipeline: marked turns markdown into HTML and DOMPurify (over a jsdom
// window) removes anything that could run. app/utils/markdown.server.ts runs it in a
// pool of worker threads with a deadline (ADR 007), so no input can hold up other
// requests; the functions are also exported for callers that already run off the main
// request path (tests, the worker itself).
//
// Plain JavaScript, importing only packages: a worker thread loads this file as it is,
// from the source tree, in tests and in production alike.
import createDOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import { Marked, Tokenizer } from "marked";
import { asTypedText, escapeHtml, plainTextOf } from "./html-text.mjs";

const window = new JSDOM("").window;
const purify = createDOMPurify(/** @type {any} */ (window));
const marked = new Marked({ gfm: true, breaks: true, async: false });

const SAFE_LINK = /^(?:https?:|mailto:|\/(?!\/)|#)/i;

/**
 * Structure is capped so that no input can make the parsers recurse without end (a
 * `RangeError` on ">>>>…" or "- - - …") or spend long on it. Text past a nesting cap is
 * kept and shown as the text the author typed; only the nesting stops.
 *
 * Building a DOM in jsdom for DOMPurify costs about thirty times what parsing the same
 * HTML costs, so the element count bounds a render's time. An ordinary 10,000-character
 * post makes about 300 elements; markdown that would make more than `elements` (a
 * line per character, thousands of emphasis runs) is shown exactly as typed instead,
 * which is built as an escaped string without a DOM.
 */
export const LIMITS = Object.freeze({ blockDepth: 16, rawHtmlTags: 200, elements: 1000 });

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
  "a",
  "b",
  "blockquote",
  "br",
  "code",
  "del",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "i",
  "img",
  "li",
  "ol",
  "p",
  "pre",
  "s",
  "strong",
  "sub",
  "sup",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
  "input",
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

/** @param {string} html */
function isKeptRawHtml(html) {
  return !html.replace(WHOLE_RAW_HTML_TAG, "").includes("<");
}

// Per render: how deep the block tokenizers have recursed, and how many raw tags were kept.
// A worker renders one document at a time, synchronously, so module state is safe here.
let blockDepth = 0;
let rawHtmlTagsKept = 0;

/**
 * Runs a block tokenizer one level deeper, or, past the cap, turns the block into a
 * paragraph of its own text so nothing the author typed is lost.
 * @param {any} tokenizer
 * @param {(src: string) => any} tokenize
 * @param {RegExp} rule
 * @param {string} src
 */
function nested(tokenizer, tokenize, rule, src) {
  if (blockDepth >= LIMITS.blockDepth) {
    const match = rule.exec(src);
    if (!match) return undefined;
    const raw = match[0];
    const text = raw.trimEnd();
    return { type: "paragraph", raw, text, tokens: tokenizer.lexer.inlineTokens(text) };
  }
  blockDepth++;
  try {
    return tokenize(src);
  } finally {
    blockDepth--;
  }
}

marked.use({
  tokenizer: {
    blockquote(src) {
      return nested(this, (s) => Tokenizer.prototype.blockquote.call(this, s), this.rules.block.blockquote, src);
    },
    list(src) {
      return nested(this, (s) => Tokenizer.prototype.list.call(this, s), this.rules.block.list, src);
    },
    // An inline tag that will not be kept becomes plain text before marked's lexer sees
    // it as HTML, so it cannot switch the lexer into its raw, unescaped mode. Past the
    // cap on kept tags, the rest are text too: thousands of nested tags would otherwise
    // overflow the HTML parser's stack.
    tag(src) {
      const { inLink, inRawBlock } = this.lexer.state;
      const token = /** @type {import("marked").Tokens.Tag | undefined} */ (Tokenizer.prototype.tag.call(this, src));
      if (!token) return token;
      if (isKeptRawHtml(token.raw) && rawHtmlTagsKept < LIMITS.rawHtmlTags) {
        rawHtmlTagsKept++;
        return token;
      }
      Object.assign(this.lexer.state, { inLink, inRawBlock });
      return /** @type {any} */ ({ type: "text", raw: token.raw, text: token.raw, escaped: false });
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

/** @param {string} html */
export function sanitizeHtml(html) {
  return /** @type {string} */ (/** @type {unknown} */ (purify.sanitize(html, SANITIZE_OPTIONS)));
}

/**
 * Markdown to sanitised HTML, safe to put in dangerouslySetInnerHTML, and its plain text
 * (for excerpts and notices), from one parse.
 * @param {string} markdown
 * @returns {{ html: string; text: string; fellBack: boolean }}
 */
export function renderMarkdownSync(markdown) {
  blockDepth = 0;
  rawHtmlTagsKept = 0;
  const parsed = /** @type {string} */ (marked.parse(markdown));
  if (countElements(parsed) > LIMITS.elements) return { ...asTypedText(markdown), fellBack: true };
  const html = sanitizeHtml(parsed);
  return { html, text: plainTextOf(html, " "), fellBack: false };
}

/** @param {string} html */
function countElements(html) {
  let count = 0;
  for (let at = html.indexOf("<"); at !== -1; at = html.indexOf("<", at + 1)) {
    const next = html.charCodeAt(at + 1);
    // An opening tag: "<" and a letter (escaped text has no raw "<").
    if ((next >= 97 && next <= 122) || (next >= 65 && next <= 90)) count++;
  }
  return count;
}

/**
 * What a worker does with a task: piscina calls the default export. It first tells the
 * pool that it has started, which is when the render's deadline begins.
 * @param {{ markdown: string; started?: import("node:worker_threads").MessagePort }} task
 */
export default function renderTask({ markdown, started }) {
  started?.postMessage("started");
  started?.close();
  return renderMarkdownSync(markdown);
}
