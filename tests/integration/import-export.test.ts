// Export and import (issue 14): a round trip into a fresh database restores the same board,
// a re-import creates nothing, a CSV is read with its refused rows, a dry run writes
// nothing, an import sends nothing, a staff export holds no email, and bad files get a
// message, never a 500.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { closeDb, getDb } from "~/db/client.server";
import { insertBoard } from "~/models/boards.server";
import { findTagByName } from "~/models/tags.server";
import { loader as downloadLoader } from "~/routes/admin.export_.download";
import { action as importAction } from "~/routes/admin.import";
import type { SessionUser } from "~/services/auth.server";
import { addComment } from "~/services/comments.server";
import { applyImport, dryRun, type ImportReport } from "~/services/import.server";
import { readCloseloopExport } from "~/services/import-readers/closeloop.server";
import { postsCsvReader } from "~/services/import-readers/posts-csv.server";
import { changeStatus } from "~/services/loop.server";
import { mergePosts } from "~/services/merge.server";
import { listPosts, parseListQuery } from "~/services/posts.server";
import { addInternalNote, createTag, setKind, setPostTags, setSizing, voteOnBehalf } from "~/services/triage.server";
import { toggleVote } from "~/services/votes.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

const q = <T>(sql: string, ...params: unknown[]) =>
  getDb()
    .$client.prepare(sql)
    .all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) =>
  getDb()
    .$client.prepare(sql)
    .get(...params) as T;

/** The board as people see it, with nothing that depends on local ids. */
function boardState() {
  return {
    boards: q("select slug, name, description from boards order by slug"),
    tags: q("select name, color from tags order by name"),
    posts: q<Record<string, unknown>>(`select p.title, p.body_md, p.body_html, p.excerpt, p.status, p.kind, p.impact, p.effort, p.vote_count,
        p.comment_count, round(p.trending_score, 6) as trending, p.created_at, p.status_changed_at, p.shipped_at, b.slug as board, u.email as author,
        (select group_concat(name, ',') from (select t.name from post_tags pt join tags t on t.id = pt.tag_id where pt.post_id = p.id order by t.name)) as tags,
        (select m.title from posts m where m.id = p.merged_into_id) as merged_into
      from posts p join boards b on b.id = p.board_id join users u on u.id = p.author_id where p.deleted_at is null order by p.title`),
    comments: q(`select p.title as post, u.email as author, c.body_md, c.body_html, c.is_internal, c.created_at,
        (select pc.body_md from comments pc where pc.id = c.parent_id) as parent
      from comments c join posts p on p.id = c.post_id join users u on u.id = c.author_id where c.deleted_at is null order by c.created_at, c.body_md`),
    votes: q(`select p.title as post, u.email as voter, v.source, v.note, v.created_at
      from votes v join posts p on p.id = v.post_id join users u on u.id = v.user_id order by p.title, u.email`),
    statusChanges: q(`select p.title as post, s.from_status, s.to_status, u.email as actor, s.response_md, s.response_html, s.created_at
      from status_changes s join posts p on p.id = s.post_id join users u on u.id = s.actor_id order by s.created_at, p.title`),
    people: q(`select email, display_name from users where id in (select author_id from posts union select user_id from votes
      union select author_id from comments union select actor_id from status_changes) order by email`),
  };
}

function counts() {
  return one<
    Record<string, number>
  >(`select (select count(*) from users) as users, (select count(*) from boards) as boards, (select count(*) from tags) as tags,
    (select count(*) from posts) as posts, (select count(*) from comments) as comments, (select count(*) from votes) as votes,
    (select count(*) from status_changes) as statusChanges, (select count(*) from imported_records) as records,
    (select count(*) from notifications) as notifications, (select count(*) from email_outbox) as outbox, (select count(*) from subscriptions) as subscriptions`);
}

/** Opens a fresh copy of the migrated template as the app's database. */
function switchToFreshDatabase(): void {
  closeDb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-import-"));
  const file = path.join(dir, "fresh.db");
  fs.copyFileSync(inject("templateDatabase"), file);
  process.env.DATABASE_PATH = file;
}

async function download(user: SessionUser, format: "zip" | "ndjson"): Promise<Uint8Array> {
  const cookie = await sessionCookie(user.id);
  const response = (await downloadLoader({ request: makeRequest(`/admin/export/download?format=${format}`, { cookie }), params: {}, context: {} })) as Response;
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

function entity(report: ImportReport, name: string) {
  return report.entities.find((e) => e.entity === name)!;
}

let exportedZip: Uint8Array;
let exportedNdjson: Uint8Array;
let sourceState: ReturnType<typeof boardState>;
let sourceAdmin: SessionUser;
let staffExport: Uint8Array;
const customerEmails: string[] = [];

beforeAll(async () => {
  const { admin } = await seedSite();
  sourceAdmin = admin;
  const staff = await createUser({ role: "staff", displayName: "Sam Staff" });
  insertBoard({ slug: "mobile", name: "تطبيق الجوال", description: "Ideas for the app" });
  const alice = await createUser({ displayName: "Alice" });
  const bob = await createUser({ displayName: "بوب" });
  customerEmails.push(alice.email, bob.email);
  createTag({ name: "Reporting", color: "#aa3300" });
  createTag({ name: "تقارير", color: "#0055aa" });
  const dark = await createTestPost(alice, "Dark mode for the dashboard", "Please add **dark mode**.\n\n- at night\n- on phones");
  const arabic = await createTestPost(bob, "الوضع الليلي في التطبيق", "نريد _وضعًا ليليًا_ للتطبيق", "mobile");
  const dupe = await createTestPost(bob, "Night theme please", "Same as dark mode");
  const csvIdea = await createTestPost(alice, "Export to CSV", "");
  setPostTags(dark, [findTagByName("Reporting")!.id, findTagByName("تقارير")!.id]);
  setKind(dark, "feature_request");
  setSizing(dark, 4, 2);
  setKind(arabic, "bug");
  toggleVote(dark, bob);
  toggleVote(arabic, alice);
  toggleVote(csvIdea, bob);
  expect(voteOnBehalf(dark, { email: "caller@customer.test", note: "Asked on the phone" }, staff).ok).toBe(true);
  const first = await addComment(dark, { body: "Yes, **please**!" }, bob);
  expect(first.ok).toBe(true);
  if (first.ok) expect((await addComment(dark, { body: "Agreed", parentId: first.value.commentId }, alice)).ok).toBe(true);
  expect((await addInternalNote(dark, "Big customer asks for this", staff)).ok).toBe(true);
  expect((await changeStatus(dark, "planned", "We are on it: [roadmap](https://example.test/roadmap)", admin)).ok).toBe(true);
  expect((await changeStatus(csvIdea, "shipped", "", admin)).ok).toBe(true);
  expect(mergePosts(dupe, dark, admin).ok).toBe(true);

  sourceState = boardState();
  exportedZip = await download(admin, "zip");
  exportedNdjson = await download(admin, "ndjson");
  staffExport = await download(staff, "zip");
});

describe("export", () => {
  it("is a ZIP with a manifest, one NDJSON per entity and posts.csv with vote counts", () => {
    const files = unzipSync(exportedZip);
    expect(Object.keys(files).sort()).toEqual(
      [
        "boards.ndjson",
        "comments.ndjson",
        "manifest.json",
        "posts.csv",
        "posts.ndjson",
        "status_changes.ndjson",
        "tags.ndjson",
        "users.ndjson",
        "votes.ndjson",
      ].sort(),
    );
    const manifest = JSON.parse(strFromU8(files["manifest.json"]));
    expect(manifest).toMatchObject({ format: "closeloop-export", version: 1, emails: true, counts: { posts: 4, boards: 2, tags: 2 } });
    const posts = strFromU8(files["posts.ndjson"])
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(posts).toHaveLength(4);
    const dark = posts.find((p) => p.title === "Dark mode for the dashboard");
    expect(dark).toMatchObject({ status: "planned", kind: "feature_request", impact: 4, effort: 2, voteCount: 3 });
    expect(dark.tagIds).toHaveLength(2);
    expect(strFromU8(files["comments.ndjson"])).toContain("Big customer asks for this");
    expect([...files["posts.csv"].subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = strFromU8(files["posts.csv"]);
    expect(csv).toContain("id,board,title,status,kind,votes,comments,author,author_email,created_at");
    expect(csv).toMatch(/Dark mode for the dashboard,planned,feature_request,3,2,/);
    // Merged-away posts are left out of the spreadsheet (their votes moved to the target).
    expect(csv).not.toContain("Night theme please");
  });

  it("is also one NDJSON stream whose lines carry their type, manifest first", () => {
    const lines = strFromU8(exportedNdjson)
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ type: "manifest", format: "closeloop-export", version: 1 });
    expect(new Set(lines.map((l) => l.type))).toEqual(new Set(["manifest", "user", "board", "tag", "post", "comment", "vote", "status_change"]));
    expect(lines.filter((l) => l.type === "vote")).toHaveLength(one<{ n: number }>("select count(*) as n from votes").n);
  });

  it("escapes spreadsheet formulas in posts.csv", async () => {
    const author = await createUser();
    await createTestPost(author, '=HYPERLINK("http://evil.test")', "");
    const csv = strFromU8(unzipSync(await download(sourceAdmin, "zip"))["posts.csv"]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
  });

  it("holds no email address when a staff member (not an admin) exports", () => {
    const files = unzipSync(staffExport);
    expect(JSON.parse(strFromU8(files["manifest.json"])).emails).toBe(false);
    const everything = Object.values(files)
      .map((f) => strFromU8(f))
      .join("\n");
    for (const email of [...customerEmails, sourceAdmin.email, "caller@customer.test"]) expect(everything).not.toContain(email);
    expect(everything).not.toMatch(/"email"/);
    expect(strFromU8(files["posts.csv"])).not.toContain("author_email");
  });

  it("is refused to customers and hidden from visitors", async () => {
    const customer = await createUser();
    expect((await callRoute(downloadLoader, makeRequest("/admin/export/download", { cookie: await sessionCookie(customer.id) }))).status).toBe(403);
    expect((await callRoute(downloadLoader, makeRequest("/admin/export/download"))).status).toBe(404);
  });
});

describe("/admin/import", () => {
  let adminCookie: string;
  let staffCookie: string;
  beforeAll(async () => {
    adminCookie = await sessionCookie(sourceAdmin.id);
    staffCookie = await sessionCookie((await createUser({ role: "staff" })).id);
  });

  function upload(cookie: string, file: Uint8Array | null, name: string, fields: Record<string, string> = {}) {
    const form = new FormData();
    if (file) form.append("file", new Blob([new Uint8Array(file)]), name);
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    return new Request("http://localhost/admin/import", { method: "POST", body: form, headers: { cookie } });
  }

  it("is for admins only", async () => {
    const refused = await callRoute(importAction, upload(staffCookie, exportedZip, "export.zip"));
    expect(refused.status).toBe(403);
  });

  it("answers a bad file with a message beside the file field, keeping the choices", async () => {
    const truncated = exportedZip.subarray(0, Math.floor(exportedZip.byteLength / 2));
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    const longLine = new TextEncoder().encode(`{"type":"manifest","format":"closeloop-export","version":1}\n${"a".repeat(10 * 1024 * 1024)}`);
    const cases: [Uint8Array | null, string, Record<string, string>, string, string][] = [
      [truncated, "export.zip", {}, "file", "import.error.zipDamaged"],
      [junk, "junk.bin", {}, "format", "import.error.formatUnknown"],
      [junk, "junk.bin", { format: "closeloop" }, "file", "import.error.notText"],
      [junk, "junk.csv", { format: "csv" }, "file", "import.error.notText"],
      [new TextEncoder().encode('title,body\n"open quote,x'), "a.csv", {}, "file", "import.error.csvUnclosedQuote"],
      [new TextEncoder().encode("name,votes\nA,1"), "a.csv", {}, "file", "import.error.csvNoTitle"],
      [null, "", { format: "csv" }, "file", "import.error.fileMissing"],
      [new TextEncoder().encode("x"), "a.json", { format: "canny" }, "file", "import.refused.notCannyExport"],
      [new TextEncoder().encode("x"), "a.csv", { format: "nonsense" }, "format", "import.error.formatInvalid"],
    ];
    for (const [file, name, fields, field, error] of cases) {
      const answer = await callRoute(importAction, upload(adminCookie, file, name, fields));
      expect({ name, status: answer.status, data: answer.data }).toMatchObject({ name, status: 400, data: { step: "upload", field, error } });
    }
    // A 10 MB line is one refused line, not a crash.
    const long = await callRoute(importAction, upload(adminCookie, longLine, "long.ndjson"));
    expect(long.status).toBe(200);
    expect(long.data).toMatchObject({ step: "preview", preview: { report: { refusedTotal: 1, refused: [{ reason: "import.refused.badLine" }] } } });
  });

  it("dry-runs an upload, then imports exactly it by its token, once", async () => {
    const csv = new TextEncoder().encode("title,author email,votes\nFrom the upload,up@csv.test,fan@csv.test\n");
    const first = await callRoute(importAction, upload(adminCookie, csv, "upload.csv", { format: "auto", board: "mobile" }));
    expect(first.status).toBe(200);
    const preview = (first.data as { preview: { token: string; report: ImportReport } }).preview;
    expect(entity(preview.report, "post")).toMatchObject({ create: 1, samples: ["From the upload"] });
    expect(one<{ n: number }>("select count(*) as n from posts where title = 'From the upload'").n).toBe(0);
    const applied = await callRoute(importAction, makeRequest("/admin/import", { cookie: adminCookie, form: { intent: "apply", token: preview.token } }));
    expect(applied.status).toBe(200);
    expect(applied.data).toMatchObject({ step: "done", outcome: { created: { post: 1, vote: 1, user: 2 } } });
    expect(one("select b.slug, p.vote_count from posts p join boards b on b.id = p.board_id where p.title = 'From the upload'")).toEqual({
      slug: "mobile",
      vote_count: 1,
    });
    const reused = await callRoute(importAction, makeRequest("/admin/import", { cookie: adminCookie, form: { intent: "apply", token: preview.token } }));
    expect(reused.status).toBe(400);
    expect(reused.data).toMatchObject({ intent: "apply", reply: { error: { "": ["import.error.expired"] } } });
  });
});

describe("import of our own export into a fresh database", () => {
  let admin: SessionUser;
  beforeAll(async () => {
    switchToFreshDatabase();
    ({ admin } = await seedSite());
  });

  it("a staff member's export is refused person by person, with the reason", () => {
    const report = dryRun(readCloseloopExport(staffExport, "staff.zip"));
    expect(entity(report, "post").create).toBe(0);
    expect(report.refused.filter((r) => r.reason === "import.refused.noEmail").length).toBeGreaterThan(0);
    expect(report.refused.some((r) => r.entity === "post" && r.reason === "import.refused.unknownPerson")).toBe(true);
  });

  it("the dry run says what will be created and writes nothing", () => {
    const before = counts();
    const report = dryRun(readCloseloopExport(exportedZip, "export.zip"));
    expect(counts()).toEqual(before);
    expect(report.refused).toEqual([]);
    // The fresh site has a "feedback" board already: matched by slug, not created again.
    expect(entity(report, "board")).toMatchObject({ create: 1, existing: 1, samples: ["تطبيق الجوال"] });
    expect(entity(report, "post")).toMatchObject({ create: 4, existing: 0 });
    expect(entity(report, "comment").create).toBe(3);
    expect(entity(report, "vote").create).toBe(sourceState.votes.length);
    expect(entity(report, "status_change").create).toBe(3);
  });

  it("restores the same boards, posts, comments, votes, counts, statuses and tags, and sends nothing", async () => {
    const before = counts();
    const result = await applyImport(readCloseloopExport(exportedZip, "export.zip"), admin);
    expect(result.ok).toBe(true);
    const state = boardState();
    expect(state.boards).toEqual(sourceState.boards);
    expect(state.tags).toEqual(sourceState.tags);
    expect(state.posts).toEqual(sourceState.posts);
    expect(state.comments).toEqual(sourceState.comments);
    expect(state.votes).toEqual(sourceState.votes);
    expect(state.statusChanges).toEqual(sourceState.statusChanges);
    expect(state.people).toEqual(sourceState.people);
    const after = counts();
    expect(after.notifications).toBe(before.notifications);
    expect(after.outbox).toBe(before.outbox);
    // Everyone imported is a claimable placeholder customer, the source's admin and staff included.
    expect(q("select role, password_hash from users where id <> ? group by role, password_hash", admin.id)).toEqual([
      { role: "customer", password_hash: null },
    ]);
    // The search index covers imported posts, Arabic included.
    const found = listPosts(parseListQuery(new URL("http://localhost/?q=الليلي")), null).posts.map((p) => p.title);
    expect(found).toContain("الوضع الليلي في التطبيق");
    expect(listPosts(parseListQuery(new URL("http://localhost/?q=dashboard")), null).posts.map((p) => p.title)).toEqual(["Dark mode for the dashboard"]);
  });

  it("a re-import of the same file (ZIP or NDJSON) creates nothing twice", async () => {
    const before = counts();
    const again = await applyImport(readCloseloopExport(exportedZip, "export.zip"), admin);
    expect(again.ok && Object.values(again.value.created).every((n) => n === 0)).toBe(true);
    const viaNdjson = readCloseloopExport(exportedNdjson, "export.ndjson");
    const report = dryRun(viaNdjson);
    expect(report.entities.map((e) => e.create)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(entity(report, "post").existing).toBe(4);
    await applyImport(viaNdjson, admin);
    expect(counts()).toEqual(before);
  });
});

describe("CSV of posts", () => {
  let admin: SessionUser;
  const csv = [
    "Title,Body,STATUS,Kind,Votes,Author Email,Created Date",
    `Bulk edit,"Edit many, at once",planned,feature_request,"v1@csv.test, v2@csv.test; v3@csv.test",author@csv.test,2025-03-01T10:00:00Z`,
    `"Crash on login","It crashes:\n\n1. open\n2. tap",In Progress,bug,v1@csv.test,author@csv.test,2025-03-02`,
    `Bad status,,someday,,v1@csv.test,author@csv.test,2025-03-03`,
    `${"x".repeat(121)},,open,,,author@csv.test,2025-03-04`,
    `No author,,open,,,,2025-03-05`,
    `Odd date,,open,,,author@csv.test,not a date`,
    `Bad voter,,open,,not-an-email,other@csv.test,2025-03-06`,
    `<img src=x onerror=alert(1)>,,open,,,author@csv.test,2025-03-07`,
  ].join("\r\n");
  const bytes = new TextEncoder().encode(csv);

  beforeAll(async () => {
    ({ admin } = await seedSite());
  });

  it("reports the rows it refuses, with the reason and the value", () => {
    const report = dryRun(postsCsvReader("feedback")(bytes, "ideas.csv"));
    const refused = report.refused.map((r) => [r.row, r.reason, r.value]);
    expect(refused).toEqual(
      expect.arrayContaining([
        // Rows as a spreadsheet numbers them (the header is row 1), whatever line breaks the cells hold.
        ["ideas.csv row 4", "error.statusInvalid", "someday"],
        ["ideas.csv row 6", "import.refused.noAuthor", undefined],
        ["ideas.csv row 7", "import.refused.dateInvalid", "not a date"],
        [expect.stringMatching(/^post /), "error.titleTooLong", "x".repeat(121)],
        ["user not-an-email", "error.emailInvalid", "not-an-email"],
        [expect.stringMatching(/^vote /), "import.refused.unknownPerson", "not-an-email"],
      ]),
    );
    expect(entity(report, "post").create).toBe(4);
    expect(entity(report, "vote").create).toBe(4);
  });

  it("imports the rest with statuses, kinds, voters as placeholders and dates kept; a second import adds nothing", async () => {
    const result = await applyImport(postsCsvReader("feedback")(bytes, "ideas.csv"), admin);
    expect(result.ok).toBe(true);
    const bulk = one<Record<string, unknown>>("select * from posts where title = 'Bulk edit'");
    expect(bulk).toMatchObject({ status: "planned", kind: "feature_request", vote_count: 3, created_at: Date.parse("2025-03-01T10:00:00Z") });
    expect(one<Record<string, unknown>>("select status, kind, body_html from posts where title = 'Crash on login'")).toMatchObject({
      status: "in_progress",
      kind: "bug",
      body_html: expect.stringContaining("<ol"),
    });
    expect(one("select password_hash, role from users where email = 'v3@csv.test'")).toEqual({ password_hash: null, role: "customer" });
    // An attacker's title is stored as text; the page escapes it (e2e xss covers the page).
    expect(one<{ n: number }>("select count(*) as n from posts where title = '<img src=x onerror=alert(1)>'").n).toBe(1);
    const before = counts();
    const again = await applyImport(postsCsvReader("feedback")(bytes, "ideas.csv"), admin);
    expect(again.ok && again.value.created.post).toBe(0);
    expect(counts()).toEqual(before);
  });
});
