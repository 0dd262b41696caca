// In-process search latency (issue 15, ADR 017), on one connection, per word, p50 / p95 /
// max of: the search statement as the board runs it (open ideas, 20 results), and the whole
// board service (listPosts with ?q=, which adds highlighting, tags and the board counts). Runs on any tree that has
// listPosts/parseListQuery, so main and a branch can be compared on copies of one fixture:
//   DATABASE_PATH=/tmp/copy-of-fixture.db npx tsx tests/bench/search-latency.ts [--runs 200] [--words a,b] [--service]
// The database is migrated when it opens: use a copy, never the fixture itself.
import { performance } from "node:perf_hooks";
import fs from "node:fs";
import { getDb } from "~/db/client.server";
import { OPEN_STATUSES } from "~/db/schema";
import type { ListFilters, PostListRow } from "~/models/posts.server";
import { listPosts, parseListQuery } from "~/services/posts.server";
import { toFtsQuery } from "~/utils/text-normalize";

type Search = (ftsQuery: string, filters: ListFilters, limit: number) => PostListRow[];
// main kept the statement in models/posts.server; this branch moves it to models/search.server.
const { searchPublicPosts } = (await (fs.existsSync("app/models/search.server.ts")
  ? import("~/models/search.server" as string)
  : import("~/models/posts.server" as string))) as { searchPublicPosts: Search };

// Chosen by counting matches in the 100k fixture (fts5vocab): rare, medium, most common per language.
const DEFAULT_WORDS = ["bulk", "reports", "the", "فواتير", "تصدير", "على", "تاریک", "برنامه", "از", "export csv", "a"];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(option("runs") ?? 200);
const words = option("words")?.split(",") ?? DEFAULT_WORDS;
const withService = process.argv.includes("--service");
const opened = performance.now();
getDb();
console.log(`opened (and migrated) in ${(performance.now() - opened).toFixed(0)} ms`);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const fmt = (n: number) => n.toFixed(1).padStart(6);

function measure(run: () => number): string {
  for (let i = 0; i < 10; i++) run();
  const times: number[] = [];
  let results = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    results = run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return `p50 ${fmt(percentile(times, 0.5))} p95 ${fmt(percentile(times, 0.95))} max ${fmt(times[times.length - 1])} (${results})`;
}

console.log("word          statement ms (results)                    service ms (results)");
for (const word of words) {
  const ftsQuery = toFtsQuery(word)!;
  const statement = measure(() => searchPublicPosts(ftsQuery, { statuses: OPEN_STATUSES }, 20).length);
  const query = parseListQuery(new URL(`http://bench/?q=${encodeURIComponent(word)}`));
  const service = withService ? measure(() => listPosts(query, null).posts.length) : "";
  console.log(`${word.padEnd(12)}  ${statement}   ${service}`);
}
