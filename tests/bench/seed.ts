// Writes a deterministic benchmark fixture: `npm run bench:seed -- --posts 100000 --votes 1000000
// --users 10000 --comments 200000 [--out tests/bench/fixture.db] [--seed 42] [--hot-voters 100000]
// [--answers 200000] [--status-changes 20000] [--solved 10000]`.
// Not part of `npm test`. See tests/bench/README.md.
//
// The database is opened with openDatabase() so the migrations run and the SQL functions the
// FTS triggers and the trending maths call (closeloop_search_text, closeloop_vote_weight) exist.
// Rows are written with prepared statements inside large transactions; the derived columns
// (vote_count, comment_count, trending_score) and the subscriptions are computed in SQL afterwards.
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "~/db/client.server";
import { hashPassword } from "~/services/auth.server";
import { searchText } from "~/utils/text-normalize";
import { TRENDING_WINDOW_MS } from "~/utils/trending.server";
import { AR, EN, FA } from "./vocabulary";

type Args = {
  posts: number;
  votes: number;
  users: number;
  comments: number;
  out: string;
  seed: number;
  hotVoters: number | null;
  answers: number;
  statusChanges: number;
  solved: number;
};

function parseArgs(argv: string[]): Args {
  const args: Args = {
    posts: 100_000,
    votes: 1_000_000,
    users: 10_000,
    comments: 200_000,
    out: "tests/bench/fixture.db",
    seed: 42,
    hotVoters: null,
    answers: 200_000,
    statusChanges: 20_000,
    solved: 10_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, "");
    const value = argv[i + 1];
    if (key === "out") args.out = value;
    else if (key === "hot-voters") args.hotVoters = Number(value);
    else if (key === "status-changes") args.statusChanges = Number(value);
    else if (key in args) (args as Record<string, unknown>)[key] = Number(value);
    else if (argv[i] === "--") continue;
    else throw new Error(`unknown option ${argv[i]}`);
    i++;
  }
  return args;
}

/** sfc32: small, fast and good enough; seeded, so every run writes the same rows. */
function prng(seed: number) {
  let a = 0x9e3779b9 ^ seed,
    b = 0x243f6a88 ^ (seed * 7),
    c = 0xb7e15162,
    d = seed | 0;
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  return next;
}

// ---------- text ----------
// Survey reasons (the insights' verbatims), in the respondent's language.
const REASONS = {
  en: [
    "Support answered within the hour.",
    "The export keeps failing on large projects.",
    "Love the new dashboard.",
    "Too many clicks for simple things.",
    "Pricing is too high for a small team.",
  ],
  ar: ["الدعم سريع ومفيد جدًا.", "التصدير لا يعمل مع المشاريع الكبيرة.", "الواجهة الجديدة رائعة.", "خطوات كثيرة لمهمة بسيطة.", "السعر مرتفع لفريق صغير."],
  fa: ["پشتیبانی خیلی سریع پاسخ داد.", "خروجی گرفتن در پروژه‌های بزرگ خطا می‌دهد.", "داشبورد جدید عالی است.", "برای کارهای ساده کلیک زیادی لازم است."],
};
const FIRST = ["Alex", "Sam", "Maria", "Chen", "Priya", "Jonas", "Fatima", "Omar", "Leila", "Reza", "Sara", "Noah", "Yuki", "Ana"];
const FIRST_AR = ["أحمد", "فاطمة", "محمد", "ليلى", "عمر", "سارة"];
const FIRST_FA = ["رضا", "مریم", "علی", "زهرا", "سینا", "نگار"];

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const rnd = prng(args.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const weighted = <T>(entries: [T, number][]): T => {
    let r = rnd() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [value, w] of entries) if ((r -= w) < 0) return value;
    return entries[entries.length - 1][0];
  };

  const P = args.posts;
  const V = args.votes;
  const C = args.comments;
  // One post gets exactly `hotVoters` distinct voters (scenario 6), so there must be that many users.
  const hotVoters = Math.min(args.hotVoters ?? 100_000, Math.floor(V / 2));
  const U = Math.max(args.users, hotVoters + 1);
  const hotCommentCount = Math.min(200, C);

  // Timestamps are relative to "now" rounded down to the day, so a fixture seeded today is
  // identical for the same seed, and the 14-day trending window holds a realistic share of votes.
  const DAY = 86_400_000;
  const NOW = Math.floor(Date.now() / DAY) * DAY;
  const windowStart = NOW - TRENDING_WINDOW_MS;

  const out = path.resolve(args.out);
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(out + suffix, { force: true });
  const started = performance.now();
  const db = openDatabase(out);
  const sqlite = db.$client;
  // Seed-only pragmas: no fsync, no journal, a 1 GB cache. The file is switched back to WAL at the end.
  sqlite.pragma("journal_mode = OFF");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -1000000");
  sqlite.pragma("temp_store = MEMORY");
  sqlite.pragma("threads = 2");
  sqlite.pragma("locking_mode = EXCLUSIVE");
  sqlite.pragma("foreign_keys = OFF");
  // The FTS trigger calls closeloop_search_text for every post. The seed's titles and bodies come
  // from a small vocabulary, so the same fold is memoised here (same function, same output).
  const folded = new Map<string, string>();
  sqlite.function("closeloop_search_text", { deterministic: true }, (text: unknown) => {
    if (typeof text !== "string") return searchText(null);
    let hit = folded.get(text);
    if (hit === undefined) folded.set(text, (hit = searchText(text)));
    return hit;
  });

  // Bulk-load trick: drop the secondary indexes and the FTS triggers of the big tables, load, then
  // rebuild them from their own DDL (sqlite_master), so the file ends up exactly as migrated.
  // CREATE INDEX sorts once instead of inserting into 20 B-trees at random positions row by row.
  const deferred = sqlite
    .prepare(
      `select type, name, sql from sqlite_master where sql is not null and tbl_name in ('posts', 'votes', 'comments', 'subscriptions', 'survey_answers')
       and (type = 'index' or (type = 'trigger' and name like 'posts_fts_%'))`,
    )
    .all() as { type: string; name: string; sql: string }[];
  for (const d of deferred) sqlite.exec(`drop ${d.type} ${d.name}`);

  const adminEmail = "admin@bench.closeloop.test";
  const adminPassword = `bench-admin-${args.seed}-${Math.floor(rnd() * 1e9).toString(36)}`;
  const adminHash = await hashPassword(adminPassword);
  // Customers share one real argon2 hash of a random password: nobody signs in as them; the
  // bench uses the pre-made sessions.
  const customerHash = await hashPassword(`customer-${rnd()}`);

  const counts: Record<string, number> = {};
  const phase = (name: string, fn: () => number) => {
    const t0 = performance.now();
    const n = sqlite.transaction(fn)();
    const s = (performance.now() - t0) / 1000;
    counts[name] = n;
    console.log(
      `${name.padEnd(26)} ${String(n).padStart(10)} rows ${s.toFixed(2).padStart(7)} s ${Math.round(n / s)
        .toLocaleString("en")
        .padStart(10)} rows/s`,
    );
  };

  // ---------- settings, boards, users ----------
  phase("settings+boards", () => {
    const set = sqlite.prepare("insert or replace into settings (key, value) values (?, ?)");
    set.run("siteName", "Closeloop bench");
    set.run("defaultLocale", "en");
    // The hourly sweep would otherwise recompute trending for every post at server start.
    set.run("trendingSweptUntil", String(windowStart));
    const board = sqlite.prepare("insert into boards (id, slug, name, description, created_at) values (?, ?, ?, ?, ?)");
    board.run(1, "feedback", "Feedback", "Ideas and requests", NOW - 800 * DAY);
    board.run(2, "bugs", "Bugs", "Things that are broken", NOW - 800 * DAY);
    board.run(3, "mobile", "Mobile", "The iOS and Android apps", NOW - 400 * DAY);
    return 6;
  });

  const userLocale = new Array<string | null>(U + 1);
  phase("users", () => {
    const ins = sqlite.prepare(
      "insert into users (id, email, display_name, password_hash, role, locale, email_on_status, email_on_comment, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    ins.run(1, adminEmail, "Bench Admin", adminHash, "admin", "en", 1, 0, NOW - 800 * DAY);
    for (let id = 2; id <= U; id++) {
      const locale = weighted<string | null>([
        ["en", 55],
        ["ar", 20],
        ["fa", 10],
        [null, 15],
      ]);
      const name = locale === "ar" ? pick(FIRST_AR) : locale === "fa" ? pick(FIRST_FA) : pick(FIRST);
      const role = id <= 6 ? "staff" : "customer";
      userLocale[id] = locale;
      ins.run(
        id,
        `user${id}@bench.closeloop.test`,
        `${name} ${id}`,
        customerHash,
        role,
        locale,
        rnd() < 0.95 ? 1 : 0,
        rnd() < 0.2 ? 1 : 0,
        NOW - Math.floor(rnd() * 700 * DAY),
      );
    }
    return U;
  });

  // ---------- posts ----------
  // Which post is which: the hot post (hotVoters voters, scenario 6) and the comment post
  // (exactly 200 comments, scenario 4) sit at fixed, public, open positions.
  const hotPostId = Math.max(1, Math.floor(P / 3));
  const commentPostId = Math.max(1, Math.floor((2 * P) / 3));
  const postCreated = new Float64Array(P + 1);
  const postStatus = new Array<string>(P + 1);
  const postStatusChanged = new Float64Array(P + 1);
  const postPublic = new Uint8Array(P + 1);
  const englishTerm = "export";
  const arabicTerm = "تصدير";
  phase("posts", () => {
    const ins = sqlite.prepare(`insert into posts (id, board_id, author_id, title, body_md, body_html, excerpt, kind, status, impact, effort,
      merged_into_id, pending_approval, deleted_at, created_at, updated_at, status_changed_at, shipped_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (let id = 1; id <= P; id++) {
      const lang = weighted([
        [EN, 60],
        [AR, 25],
        [FA, 15],
      ]);
      const tail = pick(lang.tails);
      const title = `${pick(lang.verbs)} ${pick(lang.objects)}${tail ? " " + tail : ""}`;
      const sentences = 1 + Math.floor(rnd() * 4);
      const body: string[] = [];
      for (let s = 0; s < sentences; s++) body.push(pick(lang.sentences));
      const bodyMd = body.join(" ");
      const special = id === hotPostId || id === commentPostId;
      let status = special
        ? "open"
        : weighted([
            ["open", 55],
            ["under_review", 12],
            ["planned", 10],
            ["in_progress", 6],
            ["shipped", 10],
            ["declined", 5],
            ["duplicate", 2],
          ]);
      const kind = weighted<string | null>([
        [null, 30],
        ["bug", 20],
        ["minor_bug", 15],
        ["feature_request", 35],
      ]);
      const sized = kind === "feature_request" && rnd() < 0.4;
      // Posts are spread over two years; the hot post is 30 days old so its votes fill the trending window.
      const created = id === hotPostId ? NOW - 30 * DAY : NOW - Math.floor((1 - id / (P + 1)) * 730 * DAY) - Math.floor(rnd() * DAY);
      const statusChanged = status === "open" ? null : created + Math.floor(rnd() * (NOW - created));
      const mergedInto = status === "duplicate" && id > 1 ? 1 + Math.floor(rnd() * (id - 1)) : null;
      if (status === "duplicate" && !mergedInto) status = "open";
      const pending = !special && rnd() < 0.003 ? 1 : 0;
      const deleted = !special && rnd() < 0.005 ? created + DAY : null;
      const board =
        kind === "bug" || kind === "minor_bug"
          ? weighted([
              [2, 70],
              [3, 30],
            ])
          : weighted([
              [1, 80],
              [3, 20],
            ]);
      postCreated[id] = created;
      postStatus[id] = status;
      postStatusChanged[id] = statusChanged ?? 0;
      postPublic[id] = !mergedInto && !pending && !deleted ? 1 : 0;
      ins.run(
        id,
        board,
        7 + Math.floor(rnd() * (U - 6)),
        title,
        bodyMd,
        `<p>${escapeHtml(bodyMd)}</p>`,
        bodyMd.slice(0, 180),
        kind,
        status,
        sized ? 1 + Math.floor(rnd() * 5) : null,
        sized ? 1 + Math.floor(rnd() * 5) : null,
        mergedInto,
        pending,
        deleted,
        created,
        statusChanged ?? created,
        statusChanged,
        status === "shipped" ? statusChanged : null,
      );
    }
    return P;
  });

  // ---------- votes ----------
  // Zipf-like: the post of popularity rank r gets a share ∝ 1/(r + 5). Ranks are a seeded
  // shuffle of the post ids, so popular posts are spread over the id range. Each post's voters
  // are a stride walk over the users (stride coprime to U), so they are distinct without a set.
  const perPost = new Int32Array(P + 1);
  {
    const ranks = Array.from({ length: P }, (_, i) => i + 1);
    for (let i = ranks.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [ranks[i], ranks[j]] = [ranks[j], ranks[i]];
    }
    const rest = V - hotVoters;
    const cap = Math.min(U - 1, hotVoters - 1);
    let weightSum = 0;
    for (let r = 1; r <= P; r++) weightSum += 1 / (r + 5);
    let assigned = 0;
    const eligible = ranks.filter((id) => id !== hotPostId);
    eligible.forEach((id, r) => {
      perPost[id] = Math.min(cap, Math.floor((rest * (1 / (r + 1 + 5))) / weightSum));
      assigned += perPost[id];
    });
    // Hand out what rounding left, one vote each, to the long tail.
    for (let i = 0; assigned < rest; i = (i + 1) % eligible.length) {
      const id = eligible[eligible.length - 1 - i];
      if (perPost[id] < cap) {
        perPost[id]++;
        assigned++;
      }
    }
    perPost[hotPostId] = hotVoters;
  }
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  phase("votes", () => {
    const ins = sqlite.prepare("insert into votes (post_id, user_id, source, created_at) values (?, ?, 'self', ?)");
    let n = 0;
    for (let id = 1; id <= P; id++) {
      const k = perPost[id];
      if (k === 0) continue;
      const pool = U - 1; // users 2..U (the admin does not vote)
      let stride = 1 + Math.floor(rnd() * (pool - 1));
      while (gcd(stride, pool) !== 1) stride++;
      const start = id === hotPostId ? 0 : Math.floor(rnd() * pool);
      const created = postCreated[id];
      for (let j = 0; j < k; j++) {
        const user = id === hotPostId ? 2 + j : 2 + ((start + j * stride) % pool);
        // Votes lean towards recent days: sqrt(u) of the post's lifetime.
        const at = Math.floor(created + (NOW - created) * Math.sqrt(rnd()));
        ins.run(id, user, at);
        n++;
      }
    }
    return n;
  });

  // ---------- comments ----------
  phase("comments", () => {
    const ins = sqlite.prepare(`insert into comments (post_id, author_id, parent_id, body_md, body_html, is_internal, deleted_at, created_at)
      values (?, ?, ?, ?, ?, ?, ?, ?)`);
    let n = 0;
    const addThread = (postId: number, count: number, allPublic: boolean) => {
      const tops: number[] = [];
      const created = postCreated[postId];
      for (let j = 0; j < count; j++) {
        const lang = pick([EN, EN, EN, AR, FA]);
        const body = `${pick(lang.sentences)} ${pick(lang.sentences)}`;
        const parent = tops.length > 0 && rnd() < 0.3 ? tops[Math.floor(rnd() * tops.length)] : null;
        const internal = !allPublic && parent === null && rnd() < 0.03 ? 1 : 0;
        const at = created + Math.floor(((j + rnd()) / count) * (NOW - created));
        const info = ins.run(
          postId,
          2 + Math.floor(rnd() * (U - 1)),
          parent,
          body,
          `<p>${escapeHtml(body)}</p>`,
          internal,
          !allPublic && rnd() < 0.01 ? at + 1000 : null,
          at,
        );
        if (parent === null && !internal) tops.push(Number(info.lastInsertRowid));
        n++;
      }
    };
    addThread(commentPostId, hotCommentCount, true);
    // The rest follows the votes: popular posts are discussed more; at most 150 per post.
    const rest = C - hotCommentCount;
    let assigned = 0;
    const want = new Int32Array(P + 1);
    for (let id = 1; id <= P && assigned < rest; id++) {
      if (id === commentPostId) continue;
      want[id] = Math.min(150, Math.floor((perPost[id] / V) * rest));
      assigned += want[id];
    }
    for (let id = P; assigned < rest && id >= 1; id = id === 1 ? P : id - 1) {
      if (id === commentPostId || want[id] >= 150) continue;
      want[id]++;
      assigned++;
    }
    for (let id = 1; id <= P; id++) if (want[id] > 0 && id !== commentPostId) addThread(id, want[id], false);
    return n;
  });

  // ---------- insights: status changes, survey answers, "Did this solve it?" ----------
  // Status changes for the most recently decided posts (newest first, so they cover the last
  // year or so); half of the shipped and declined ones went through "planned" first. Staff
  // (users 2–6 and the admin) make them. posts.first_response_at and resolved_at are derived
  // from them (and from staff comments) in SQL after the index rebuild, exactly as migration
  // 0010 backfills them, so the two always agree.
  const decided: number[] = [];
  phase("status_changes", () => {
    const ins = sqlite.prepare(
      "insert into status_changes (post_id, from_status, to_status, actor_id, response_md, response_html, created_at) values (?, ?, ?, ?, '', '', ?)",
    );
    let n = 0;
    for (let id = P; id >= 1 && n < args.statusChanges; id--) {
      const status = postStatus[id];
      if (status === "open" || status === "duplicate") continue;
      const at = postStatusChanged[id];
      const actor = 1 + Math.floor(rnd() * 6);
      if ((status === "shipped" || status === "declined") && rnd() < 0.5) {
        ins.run(id, "open", "planned", actor, Math.floor(postCreated[id] + (at - postCreated[id]) * rnd() * 0.5));
        ins.run(id, "planned", status, actor, at);
        n += 2;
      } else {
        ins.run(id, "open", status, actor, at);
        n++;
      }
      decided.push(id);
    }
    return n;
  });

  phase("surveys+survey_answers", () => {
    // NPS half of the answers, CES and CSAT a quarter each, two surveys of each kind.
    const surveys: { id: number; kind: "nps" | "ces" | "csat"; share: number }[] = [
      { id: 1, kind: "nps", share: 0.3 },
      { id: 2, kind: "nps", share: 0.2 },
      { id: 3, kind: "ces", share: 0.15 },
      { id: 4, kind: "ces", share: 0.1 },
      { id: 5, kind: "csat", share: 0.15 },
      { id: 6, kind: "csat", share: 0.1 },
    ];
    const insSurvey = sqlite.prepare(
      "insert into surveys (id, name, kind, status, in_app_prompt, created_by_id, created_at) values (?, ?, ?, 'active', ?, 1, ?)",
    );
    for (const sv of surveys) insSurvey.run(sv.id, `${sv.kind.toUpperCase()} survey ${sv.id}`, sv.kind, sv.id % 2, NOW - 400 * DAY);
    const scoreWeights: Record<string, [number, number][]> = {
      nps: [3, 2, 2, 3, 3, 5, 7, 12, 18, 22, 23].map((w, score) => [score, w]),
      ces: [3, 4, 6, 10, 17, 30, 30].map((w, i) => [i + 1, w]),
      csat: [5, 7, 13, 35, 40].map((w, i) => [i + 1, w]),
    };
    const ins = sqlite.prepare(`insert into survey_answers (survey_id, kind, user_id, score, reason, channel, locale, board_id, recorded_by_id, answered_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const pool = U - 6; // customers: users 7..U
    let n = 0;
    for (const sv of surveys) {
      // One answer per (survey, respondent): a stride walk over the customers, as for votes.
      const count = Math.min(pool, Math.round(args.answers * sv.share));
      let stride = 1 + Math.floor(rnd() * (pool - 1));
      while (gcd(stride, pool) !== 1) stride++;
      const start = Math.floor(rnd() * pool);
      for (let j = 0; j < count; j++) {
        const user = 7 + ((start + j * stride) % pool);
        const locale = (userLocale[user] ?? "en") as "en" | "ar" | "fa";
        const channel = weighted([
          ["in_app", 40],
          ["email", 35],
          ["link", 10],
          ["phone", 8],
          ["chat", 5],
          ["in_person", 2],
        ]);
        const staffRecorded = channel === "phone" || channel === "chat" || channel === "in_person";
        ins.run(
          sv.id,
          sv.kind,
          user,
          weighted(scoreWeights[sv.kind]),
          rnd() < 0.35 ? pick(REASONS[locale]) : "",
          channel,
          locale,
          weighted<number | null>([
            [1, 50],
            [2, 25],
            [3, 15],
            [null, 10],
          ]),
          staffRecorded ? 2 + Math.floor(rnd() * 5) : null,
          NOW - Math.floor(rnd() * 365 * DAY),
        );
        n++;
      }
    }
    return n;
  });

  phase("solved_answers", () => {
    const shipped = decided.filter((id) => postStatus[id] === "shipped");
    if (shipped.length === 0) return 0;
    const ins = sqlite.prepare("insert or ignore into solved_answers (post_id, user_id, answer, comment, created_at, updated_at) values (?, ?, ?, '', ?, ?)");
    let n = 0;
    for (let j = 0; j < args.solved; j++) {
      const id = shipped[Math.floor(rnd() * shipped.length)];
      const at = Math.floor(postStatusChanged[id] + (NOW - postStatusChanged[id]) * rnd());
      const answer = weighted([
        ["yes", 60],
        ["partly", 25],
        ["no", 15],
      ]);
      n += ins.run(id, 7 + Math.floor(rnd() * (U - 6)), answer, at, at).changes;
    }
    return n;
  });

  // ---------- derived columns and follow-ups, in SQL ----------
  phase("subscriptions", () => {
    let n = sqlite
      .prepare("insert into subscriptions (post_id, user_id, state, created_at) select post_id, user_id, 'subscribed', created_at from votes")
      .run().changes;
    n += sqlite
      .prepare("insert or ignore into subscriptions (post_id, user_id, state, created_at) select id, author_id, 'subscribed', created_at from posts")
      .run().changes;
    n += sqlite
      .prepare(
        "insert or ignore into subscriptions (post_id, user_id, state, created_at) select post_id, author_id, 'subscribed', min(created_at) from comments where is_internal = 0 group by post_id, author_id",
      )
      .run().changes;
    // About 2% of followers opted out (the hot post keeps every voter, so the fan-out is 100k).
    n += sqlite.prepare(`update subscriptions set state = 'unsubscribed' where post_id <> ? and (post_id * 31 + user_id * 17) % 50 = 0`).run(hotPostId).changes;
    return n;
  });

  phase("counts+trending (UPDATE)", () => {
    sqlite.exec(`create temp table vc as select post_id, count(*) as n,
      coalesce(sum(case when created_at > ${windowStart} then closeloop_vote_weight(created_at) end), 0) as t
      from votes group by post_id`);
    sqlite.exec(`create temp table cc as select post_id, count(*) as n from comments where is_internal = 0 and deleted_at is null group by post_id`);
    let n = sqlite.prepare("update posts set vote_count = vc.n, trending_score = vc.t from temp.vc as vc where vc.post_id = posts.id").run().changes;
    n += sqlite.prepare("update posts set comment_count = cc.n from temp.cc as cc where cc.post_id = posts.id").run().changes;
    sqlite.exec("drop table temp.vc; drop table temp.cc;");
    return n;
  });

  phase(
    "posts_fts (bulk)",
    () =>
      sqlite.prepare("insert into posts_fts (rowid, title, body) select id, closeloop_search_text(title), closeloop_search_text(body_md) from posts").run()
        .changes,
  );
  {
    const t0 = performance.now();
    sqlite.transaction(() => {
      for (const d of deferred) sqlite.exec(d.sql);
    })();
    console.log(`rebuilt ${deferred.length} indexes/triggers ${((performance.now() - t0) / 1000).toFixed(2).padStart(12)} s`);
  }

  phase("first response / resolved / owners (UPDATE)", () => {
    // The same derivation as migration 0010's backfill (after the rebuild: it reads comments_post_idx).
    let n = sqlite
      .prepare(
        `update posts set resolved_at = (select min(sc.created_at) from status_changes sc where sc.post_id = posts.id and sc.to_status in ('shipped', 'declined'))
         where id in (select post_id from status_changes)`,
      )
      .run().changes;
    n += sqlite
      .prepare(
        `update posts set first_response_at = (select min(t) from (
           select min(sc.created_at) as t from status_changes sc where sc.post_id = posts.id
           union all
           select min(c.created_at) from comments c join users u on u.id = c.author_id
           where c.post_id = posts.id and c.is_internal = 0 and u.role in ('staff', 'admin')))`,
      )
      .run().changes;
    // Half of the decided posts have an owner on the team.
    n += sqlite.prepare("update posts set owner_id = 2 + (id % 5) where id in (select post_id from status_changes) and id % 2 = 0").run().changes;
    return n;
  });

  // ---------- sessions ----------
  const sessionIds: string[] = [];
  phase("sessions", () => {
    const ins = sqlite.prepare("insert into sessions (id, user_id, expires_at) values (?, ?, ?)");
    // Lucia stores seconds; 30 days ahead means Lucia never needs to extend (and rewrite) them.
    const expires = Math.floor(NOW / 1000) + 30 * 86_400;
    for (let i = 0; i < 1000; i++) {
      let id = "";
      for (let c = 0; c < 40; c++) id += "abcdefghijklmnopqrstuvwxyz234567"[Math.floor(rnd() * 32)];
      sessionIds.push(id);
      ins.run(id, 7 + Math.floor((i * (U - 7)) / 1000), expires);
    }
    return 1000;
  });

  const t0 = performance.now();
  sqlite.pragma("optimize");
  sqlite.exec("analyze");
  console.log(`analyze                    ${((performance.now() - t0) / 1000).toFixed(2).padStart(18)} s`);
  sqlite.pragma("locking_mode = NORMAL");
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();

  const seconds = (performance.now() - started) / 1000;
  const total = Object.values(counts).reduce((s, n) => s + n, 0);
  const meta = {
    seed: args.seed,
    seededAt: new Date(NOW).toISOString(),
    sizes: {
      posts: P,
      votes: counts.votes,
      users: U,
      comments: counts.comments,
      subscriptions: counts.subscriptions,
      statusChanges: counts.status_changes,
      surveyAnswers: counts["surveys+survey_answers"],
      solvedAnswers: counts.solved_answers,
    },
    hotPostId,
    hotVoters,
    commentPostId,
    commentPostComments: hotCommentCount,
    admin: { email: adminEmail, password: adminPassword },
    searchTerms: { en: englishTerm, ar: arabicTerm },
    sessions: sessionIds,
  };
  const metaPath = out.replace(/\.db$/, "") + ".meta.json";
  fs.writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  console.log(
    `\n${total.toLocaleString("en")} rows in ${seconds.toFixed(1)} s = ${Math.round(total / seconds).toLocaleString("en")} rows/s (wall clock, incl. migrations, argon2, analyze)`,
  );
  console.log(`fixture: ${out} (${(fs.statSync(out).size / 1e6).toFixed(0)} MB); metadata and the 1,000 session ids: ${metaPath}`);
  console.log(`hot post #${hotPostId} has ${hotVoters} voters; post #${commentPostId} has ${hotCommentCount} comments`);
  if (U !== args.users) console.log(`users raised from ${args.users} to ${U}: the hot post needs ${hotVoters} distinct voters`);
  console.log(`admin: ${adminEmail} / ${adminPassword}`);
}

await main();
