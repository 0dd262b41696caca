// How long the pathological markdown corpus takes to render, next to an ordinary 10 KB
// post measured in the same run (absolute times on these shared machines move by 10×;
// the ratio is what to compare between runs).
//   npm run bench:markdown [-- --rounds 5 --out tests/bench/results/markdown.json]
import fs from "node:fs";
import { parseArgs } from "node:util";
import { createRenderer } from "~/utils/markdown.server";
import { renderMarkdownSync } from "~/utils/markdown-worker.mjs";
import { pathologicalMarkdown } from "../helpers/pathological-markdown";

const { values } = parseArgs({
  options: { rounds: { type: "string", default: "5" }, out: { type: "string" }, top: { type: "string", default: "15" } },
});
const rounds = Number(values.rounds);

/** An ordinary long post: paragraphs in English and Arabic, a list, links, bold, a code block. */
function ordinaryPost(limit = 10_000): string {
  const blocks = [
    "We export invoices every month and the **CSV** misses the tax column. See [the docs](https://example.com/docs) for the format.",
    "نحتاج إلى تصدير الفواتير شهريًا مع عمود الضريبة، ويفضل أن يكون الملف بصيغة *CSV* أو Excel.",
    "- first step: open the report\n- second step: pick the month\n- third step: press export",
    "```\ncurl https://example.com/api/invoices?month=2026-11\n```",
    "> Our accountant asked for this twice already.",
  ];
  let text = "";
  for (let i = 0; text.length < limit; i++) text += `${blocks[i % blocks.length]}\n\n`;
  return text.slice(0, limit);
}

/** The median of `rounds` timings of fn, in milliseconds. */
async function median(fn: () => unknown | Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const renderer = createRenderer({ deadlineMs: 60_000 });
const reference = ordinaryPost();
// Warm both paths (JIT, the pool's first thread and its jsdom) before measuring.
for (let i = 0; i < 3; i++) {
  renderMarkdownSync(reference);
  await renderer.render(reference);
}

const referenceInProcess = await median(() => renderMarkdownSync(reference));
const referencePool = await median(() => renderer.render(reference));
const rows = [];
for (const { name, markdown } of pathologicalMarkdown()) {
  const inProcess = await median(() => renderMarkdownSync(markdown));
  const pool = await median(() => renderer.render(markdown));
  rows.push({ name, chars: markdown.length, inProcessMs: inProcess, poolMs: pool, ratio: inProcess / referenceInProcess });
}
await renderer.close();
rows.sort((a, b) => b.inProcessMs - a.inProcessMs);

const fmt = (n: number) => n.toFixed(1).padStart(8);
console.log(
  `reference: an ordinary ${reference.length}-character post: ${referenceInProcess.toFixed(1)} ms in process, ${referencePool.toFixed(1)} ms through the pool`,
);
console.log(`${"case".padEnd(58)} ${"ms".padStart(8)} ${"pool ms".padStart(8)} ${"× ref".padStart(8)}`);
for (const row of rows.slice(0, Number(values.top))) {
  console.log(`${row.name.slice(0, 58).padEnd(58)} ${fmt(row.inProcessMs)} ${fmt(row.poolMs)} ${fmt(row.ratio)}`);
}
const worst = rows[0];
console.log(`worst: ${worst.name}: ${worst.inProcessMs.toFixed(1)} ms, ${worst.ratio.toFixed(2)}× the ordinary post`);
if (values.out) {
  fs.writeFileSync(
    values.out,
    `${JSON.stringify({ date: new Date().toISOString(), rounds, reference: { chars: reference.length, inProcessMs: referenceInProcess, poolMs: referencePool }, cases: rows }, null, 2)}\n`,
  );
}
