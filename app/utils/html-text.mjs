// @ts-check
// The text of sanitised HTML (for excerpts, notices and the text part of emails), read
// with parse5, the spec-compliant parser jsdom itself uses, without building a DOM:
// a DOM costs about thirty times as much for the same markup.
// Plain JavaScript, so the markdown worker thread can load it as it is.
import { parse, parseFragment, serialize } from "parse5";

/**
 * Text made safe to place between tags or inside a quoted attribute.
 * @param {string} text
 */
export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Text shown exactly as it was typed, escaped: one paragraph per blank-line-separated
 * block, line breaks kept. What a post shows when its markdown could not be rendered.
 * @param {string} markdown
 * @returns {{ html: string; text: string }}
 */
export function asTypedText(markdown) {
  const blocks = markdown
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter(Boolean);
  const html = blocks.map((block) => `<p dir="auto">${escapeHtml(block).replace(/\n/g, "<br>")}</p>`).join("\n");
  return { html, text: blocks.join(" ") };
}

const BLOCKS = new Set(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "pre", "blockquote"]);

/**
 * The text of `html`, with `blockEnd` after each block so blocks do not run together.
 * @param {string} html
 * @param {string} [blockEnd]
 */
export function plainTextOf(html, blockEnd = "\n") {
  /** @type {string[]} */
  const parts = [];
  // An explicit stack rather than recursion: depth is whatever the HTML nests to.
  /** @type {any[]} */
  const pending = [...parseFragment(html).childNodes].reverse();
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === BLOCK_END) {
      parts.push(blockEnd);
    } else if (node.nodeName === "#text") {
      parts.push(node.value);
    } else if (node.childNodes) {
      if (BLOCKS.has(node.nodeName)) pending.push(BLOCK_END);
      const children = node.nodeName === "template" ? node.content.childNodes : node.childNodes;
      for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
    }
  }
  return parts.join("").trim();
}

const BLOCK_END = Symbol("block end");

/**
 * A whole HTML document with its links made inert: each `<a>` keeps its text and shows
 * where it led as a tooltip, but has no href, so it cannot be clicked or followed from
 * the keyboard. For previews of emails, whose links act for their recipient.
 * @param {string} html
 */
export function withInertLinks(html) {
  const document = parse(html);
  /** @type {any[]} */
  const pending = [document];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node.nodeName === "a") {
      const href = node.attrs.find((/** @type {{ name: string }} */ a) => a.name === "href");
      node.attrs = node.attrs.filter((/** @type {{ name: string }} */ a) => a.name !== "href" && a.name !== "title");
      if (href) node.attrs.push({ name: "title", value: href.value });
    }
    if (node.childNodes) pending.push(...node.childNodes);
    if (node.content?.childNodes) pending.push(...node.content.childNodes);
  }
  return serialize(document);
}
