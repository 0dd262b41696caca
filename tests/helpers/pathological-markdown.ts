// Markdown that makes parsers slow or makes them recurse without end: each shape is a
// short unit repeated up to the size limit of a post body (10,000 characters). Shared by
// the test (output produced, the author's text kept, other requests served) and the
// benchmark (how long the worst one takes).
export const BODY_LIMIT = 10_000;

/** Units that are repeated to fill a body, by the kind of construct they stress. */
const UNITS: Record<string, string[]> = {
  "unclosed links": ["[a](", "[a](<", "[a](b ", '[a](b "', "[a][", "[a]: <", "<a@"],
  "unclosed images": ["![a](", "![", "![a][", "[![a](", "![a](<"],
  brackets: ["[", "]", "[a", "[]", "[[", "]]", "(", "[(", "\\[", "[^a]"],
  "emphasis runs": ["*a", "_a", "**_", "*_", "~a", "~~a", "***a", "__a_", "*a*b", "a**", "_*"],
  "code spans": ["`a", "``a`", "`", "a``"],
  nesting: [">", "> ", "- ", "1. ", "> - ", "* > ", "-\t", "> 1. ", "+ > - "],
  "inline html": ["<b>", "<i><b>", "<a>", "<br>", "</b>", "<b ", "<img ", "<", "<!--", "<?", "<![CDATA["],
  "many autolinks": ["http://a.b ", "www.a.b ", "a@b.co ", "https://a.b/c?d ", "<http://a.b>"],
  "line structure": ["a\n", "# a\n", "---\n", "```\n", "    a\n", "a  \n", "=\n", "<div>\n", "|a|\n"],
};

export type PathologicalCase = { name: string; markdown: string };

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.floor(length / unit.length));
}

/** Every unit repeated to the limit, plus tables, deep lists and mixed nestings. */
export function pathologicalMarkdown(limit = BODY_LIMIT): PathologicalCase[] {
  const cases: PathologicalCase[] = [];
  for (const [kind, units] of Object.entries(UNITS)) {
    for (const unit of units) cases.push({ name: `${kind}: ${JSON.stringify(unit)} ×`, markdown: repeatTo(unit, limit) });
  }
  const header = "|a|b|\n|-|-|\n";
  cases.push({ name: "long table", markdown: header + repeatTo("|x|y|\n", limit - header.length) });
  const wide = Math.floor((limit - 4) / 4);
  cases.push({ name: "wide table", markdown: `|${"a|".repeat(wide)}\n|${"-|".repeat(wide)}\n` });
  cases.push({ name: "table of unclosed links", markdown: header + repeatTo("|[a](|![b](|\n", limit - header.length) });
  let indented = "";
  for (let depth = 0; indented.length < limit; depth++) indented += `${"  ".repeat(depth)}- a\n`;
  cases.push({ name: "list indented ever deeper", markdown: indented.slice(0, limit) });
  const open = "*_[".repeat(Math.floor(limit / 6));
  cases.push({ name: "nested emphasis and links, closed", markdown: `${open}a${"]_*".repeat(Math.floor(limit / 6))}` });
  cases.push({ name: "blockquote holding a list holding a quote", markdown: repeatTo("> - > 1. ", limit) + "a" });
  return cases.map((c) => ({ ...c, markdown: c.markdown.slice(0, limit) }));
}
