// The Canny and Fider readers: each fixture (tests/fixtures/import) becomes exactly the
// bundle the importer should get, and a file that is empty, of another kind, huge or
// broken becomes a clear refusal, never a throw. Fider's backup ZIP is built here from
// the JSON tables beside it, the way Fider writes it (one <table>.json per table, blobs/).
import { readFileSync, readdirSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readCannyExport } from "~/services/import-readers/canny.server";
import { readFiderExport } from "~/services/import-readers/fider.server";
import { MAX_ROWS_PER_ENTITY, parseTime } from "~/services/import-readers/shared.server";
import type { ImportBundle } from "~/services/import-types";

const FIXTURES = "tests/fixtures/import";
const at = (iso: string) => Date.parse(iso);
const bytes = (text: string) => strToU8(text);
const fixture = (name: string) => new Uint8Array(readFileSync(`${FIXTURES}/${name}`));

/** Fider's backup.zip from the fixture tables, with some tables replaced or left out (undefined). */
function fiderBackup(replace: Record<string, unknown> = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const name of readdirSync(`${FIXTURES}/fider-backup`)) files[name] = fixture(`fider-backup/${name}`);
  for (const [name, rows] of Object.entries(replace)) {
    if (rows === undefined) delete files[name];
    else files[name] = bytes(typeof rows === "string" ? rows : JSON.stringify(rows));
  }
  // Fider puts every blob (attachments, avatars) in the same ZIP; the reader must skip them.
  files["blobs/attachments/1f3e.png"] = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
  return zipSync(files);
}

/** Every reference in the bundle names a record the bundle holds: the importer never meets a dangling source id. */
function expectReferencesResolve(bundle: ImportBundle) {
  const ids = (records: { sourceId: string }[]) => new Set(records.map((r) => r.sourceId));
  const [users, boards, tags, posts, comments] = [bundle.users, bundle.boards, bundle.tags, bundle.posts, bundle.comments].map(ids);
  for (const post of bundle.posts) {
    expect(boards.has(post.boardSourceId)).toBe(true);
    expect(users.has(post.authorSourceId)).toBe(true);
    for (const tag of post.tagSourceIds ?? []) expect(tags.has(tag)).toBe(true);
  }
  for (const comment of bundle.comments) {
    expect(posts.has(comment.postSourceId) && users.has(comment.authorSourceId)).toBe(true);
    if (comment.parentSourceId) expect(comments.has(comment.parentSourceId)).toBe(true);
  }
  for (const vote of bundle.votes) expect(posts.has(vote.postSourceId) && users.has(vote.userSourceId)).toBe(true);
  for (const change of bundle.statusChanges) expect(posts.has(change.postSourceId) && users.has(change.actorSourceId)).toBe(true);
  // Source ids are unique per kind, and so are addresses (users) and tag names.
  for (const list of [bundle.users, bundle.boards, bundle.tags, bundle.posts, bundle.comments, bundle.votes, bundle.statusChanges]) {
    expect(new Set(list.map((r) => r.sourceId)).size).toBe(list.length);
  }
  expect(new Set(bundle.users.map((u) => u.email)).size).toBe(bundle.users.length);
  expect(new Set(bundle.tags.map((t) => t.name.toLowerCase())).size).toBe(bundle.tags.length);
  expect(new Set(bundle.boards.map((b) => b.slug)).size).toBe(bundle.boards.length);
}

function onlyRefusal(bundle: ImportBundle) {
  expect({ ...bundle, refused: [] }).toEqual({
    source: bundle.source,
    users: [],
    boards: [],
    tags: [],
    posts: [],
    comments: [],
    votes: [],
    statusChanges: [],
    refused: [],
  });
  expect(bundle.refused).toHaveLength(1);
  return bundle.refused[0];
}

describe("Fider backup.zip", () => {
  const bundle = readFiderExport(fiderBackup(), "backup.zip");

  it("reads the site's people, with a placeholder address for the account its owner deleted", () => {
    expect(bundle.source).toBe("fider");
    expect(bundle.users).toEqual([
      { sourceId: "31", email: "layla@example.com", displayName: "Layla Haddad", createdAt: at("2021-03-04T09:15:22.500Z") },
      { sourceId: "32", email: "maryam@example.ir", displayName: "مریم رضایی", createdAt: at("2021-03-05T06:30:00Z") },
      { sourceId: "33", email: "fider-user-33@imported.invalid", displayName: "fider-user-33", createdAt: at("2021-03-06T11:00:00Z") },
      { sourceId: "34", email: "omar@example.com", displayName: "عمر الفاروق", createdAt: at("2021-03-07T12:00:00Z") },
      { sourceId: "35", email: "sam@example.com", displayName: "Sam O'Neil", createdAt: at("2022-01-15T08:30:00Z") },
    ]);
  });

  it("makes the site's one board from the tenant, and its tags with their colours", () => {
    expect(bundle.boards).toEqual([{ sourceId: "7", slug: "acme", name: "منصة أكمي", createdAt: at("2021-03-04T09:15:22.481Z") }]);
    expect(bundle.tags).toEqual([
      { sourceId: "3", name: "واجهة", color: "#1e90ff" },
      { sourceId: "4", name: "mobile" },
    ]);
  });

  it("maps the statuses, names posts by their number, and keeps the response as a status change", () => {
    const post = { boardSourceId: "7", kind: null };
    expect(bundle.posts).toEqual([
      {
        ...post,
        sourceId: "1",
        authorSourceId: "32",
        title: "Dark mode",
        bodyMd: 'Please add dark mode,\nwith "auto" option.',
        status: "planned",
        tagSourceIds: ["3", "4"],
        createdAt: at("2021-04-01T10:00:00.123Z"),
        statusChangedAt: at("2021-04-03T08:00:00Z"),
        shippedAt: null,
      },
      {
        ...post,
        sourceId: "2",
        authorSourceId: "34",
        title: "تصدير التقارير إلى PDF",
        bodyMd: "نحتاج تصدير **التقارير** الشهرية.",
        status: "in_progress",
        tagSourceIds: [],
        createdAt: at("2021-04-02T10:00:00Z"),
        statusChangedAt: at("2021-04-10T09:30:00Z"),
        shippedAt: null,
      },
      {
        ...post,
        sourceId: "3",
        authorSourceId: "33",
        title: "Export to Excel",
        bodyMd: "",
        status: "shipped",
        tagSourceIds: [],
        createdAt: at("2021-04-05T10:00:00Z"),
        statusChangedAt: at("2021-05-01T00:00:00Z"),
        shippedAt: at("2021-05-01T00:00:00Z"),
      },
      {
        ...post,
        sourceId: "4",
        authorSourceId: "35",
        title: "Exporting to Excel",
        bodyMd: "Same as the other one",
        status: "declined",
        tagSourceIds: [],
        createdAt: at("2021-04-06T10:00:00Z"),
        statusChangedAt: at("2021-04-07T10:00:00Z"),
        shippedAt: null,
      },
      {
        ...post,
        sourceId: "8",
        authorSourceId: "35",
        title: "ورود با حساب گوگل",
        bodyMd: "لطفاً ورود با گوگل را اضافه کنید.",
        status: "open",
        tagSourceIds: ["3"],
        createdAt: at("2022-01-15T09:00:00Z"),
        statusChangedAt: null,
        shippedAt: null,
      },
    ]);
    const change = { fromStatus: "open", actorSourceId: "31" };
    expect(bundle.statusChanges).toEqual([
      {
        ...change,
        sourceId: "1:response",
        postSourceId: "1",
        toStatus: "planned",
        responseMd: "On the roadmap for Q3.",
        createdAt: at("2021-04-03T08:00:00Z"),
      },
      { ...change, sourceId: "2:response", postSourceId: "2", toStatus: "in_progress", responseMd: "بدأنا العمل عليه.", createdAt: at("2021-04-10T09:30:00Z") },
      { ...change, sourceId: "3:response", postSourceId: "3", toStatus: "shipped", responseMd: "Shipped in 2.4 🎉", createdAt: at("2021-05-01T00:00:00Z") },
      { ...change, sourceId: "4:response", postSourceId: "4", toStatus: "declined", responseMd: "", createdAt: at("2021-04-07T10:00:00Z") },
    ]);
  });

  it("keeps votes with their dates, each voter once, and comments in time order", () => {
    expect(bundle.votes).toEqual([
      { sourceId: "1:32", postSourceId: "1", userSourceId: "32", createdAt: at("2021-04-01T10:00:00.123Z") },
      { sourceId: "1:34", postSourceId: "1", userSourceId: "34", createdAt: at("2021-04-02T08:15:00Z") },
      { sourceId: "1:35", postSourceId: "1", userSourceId: "35", createdAt: at("2022-01-15T09:30:00Z") },
      { sourceId: "2:31", postSourceId: "2", userSourceId: "31", createdAt: at("2021-04-03T09:00:00Z") },
      { sourceId: "8:32", postSourceId: "8", userSourceId: "32", createdAt: at("2022-01-16T09:00:00Z") },
    ]);
    expect(bundle.comments).toEqual([
      { sourceId: "502", postSourceId: "1", authorSourceId: "32", bodyMd: "عالی! منتظرم.", isInternal: false, createdAt: at("2021-04-01T11:00:00Z") },
      {
        sourceId: "501",
        postSourceId: "1",
        authorSourceId: "31",
        bodyMd: "Thanks! We'll look at it.",
        isInternal: false,
        createdAt: at("2021-04-01T12:00:00Z"),
      },
      { sourceId: "506", postSourceId: "8", authorSourceId: "33", bodyMd: "Me too", isInternal: false, createdAt: at("2022-01-16T10:00:00Z") },
    ]);
  });

  it("lists every row it leaves out, with the reason", () => {
    expect(bundle.refused).toEqual([
      { entity: "tag", row: "tags.json row 3", reason: "error.tagNameTooLong", value: "a tag name far longer than thirty characters" },
      { entity: "post", row: "posts.json row 5", reason: "import.refused.postDeleted", value: "Buy cheap watches" },
      { entity: "post", row: "posts.json row 6", reason: "import.refused.notApproved", value: "Pending idea" },
      { entity: "post", row: "posts.json row 7", reason: "error.titleTooShort", value: "ab" },
      { entity: "post", row: "posts.json row 9", reason: "import.refused.dateInvalid", value: "2021-02-30T10:00:00Z" },
      { entity: "tag", row: "post_tags.json row 4", reason: "import.refused.tagMissing", value: "5" },
      { entity: "tag", row: "post_tags.json row 5", reason: "import.refused.postMissing", value: "105" },
      { entity: "vote", row: "post_votes.json row 6", reason: "import.refused.duplicateVote", value: "32" },
      { entity: "vote", row: "post_votes.json row 7", reason: "import.refused.userMissing", value: "99" },
      { entity: "vote", row: "post_votes.json row 8", reason: "import.refused.postMissing", value: "105" },
      { entity: "comment", row: "comments.json row 3", reason: "error.commentEmpty" },
      { entity: "comment", row: "comments.json row 4", reason: "import.refused.commentDeleted" },
      { entity: "comment", row: "comments.json row 5", reason: "import.refused.postMissing", value: "105" },
      { entity: "comment", row: "comments.json row 7", reason: "import.refused.notApproved", value: "Waiting for a moderator" },
    ]);
    expectReferencesResolve(bundle);
  });

  it("maps each of Fider's status ids", () => {
    const posts = [0, 1, 2, 3, 4, 5, 6, 7].map((status, i) => ({
      id: 900 + i,
      number: 90 + i,
      title: `Status ${status}`,
      user_id: 31,
      created_at: "2021-04-01T10:00:00Z",
      status,
    }));
    const read = readFiderExport(fiderBackup({ "posts.json": posts, "post_tags.json": [], "post_votes.json": [], "comments.json": [] }), "backup.zip");
    expect(read.posts.map((p) => [p.title, p.status])).toEqual([
      ["Status 0", "open"],
      ["Status 1", "in_progress"],
      ["Status 2", "shipped"],
      ["Status 3", "declined"],
      ["Status 4", "planned"],
      ["Status 5", "declined"],
    ]);
    expect(read.refused).toEqual([
      { entity: "tag", row: "tags.json row 3", reason: "error.tagNameTooLong", value: "a tag name far longer than thirty characters" },
      { entity: "post", row: "posts.json row 7", reason: "import.refused.postDeleted", value: "Status 6" },
      { entity: "post", row: "posts.json row 8", reason: "import.refused.statusUnknown", value: "7" },
    ]);
  });

  it("refuses a ZIP that isn't Fider's, is damaged, or holds a table that isn't JSON", () => {
    expect(onlyRefusal(readFiderExport(zipSync({ "notes.txt": bytes("hi") }), "other.zip"))).toEqual({
      entity: "post",
      row: "other.zip",
      reason: "import.refused.notFiderExport",
    });
    expect(onlyRefusal(readFiderExport(fiderBackup({ "users.json": undefined }), "backup.zip")).reason).toBe("import.refused.notFiderExport");
    const damaged = fiderBackup().slice(0, 200);
    expect(onlyRefusal(readFiderExport(damaged, "backup.zip"))).toEqual({ entity: "post", row: "backup.zip", reason: "import.refused.zipUnreadable" });
    expect(onlyRefusal(readFiderExport(fiderBackup({ "comments.json": "[{" }), "backup.zip"))).toEqual({
      entity: "post",
      row: "backup.zip: comments.json",
      reason: "import.refused.jsonMalformed",
      value: "comments.json",
    });
    expect(onlyRefusal(readFiderExport(fiderBackup({ "posts.json": { not: "a table" } }), "backup.zip")).reason).toBe("import.refused.jsonMalformed");
  });

  it("refuses a ZIP whose tables claim more than it will unpack, before unpacking them (a ZIP bomb)", () => {
    const zip = fiderBackup();
    // Each central directory entry (PK\x01\x02) holds the file's unpacked size at offset 24 and its name at 46.
    const view = new DataView(zip.buffer);
    for (let i = 0; i < zip.length - 46; i++) {
      if (view.getUint32(i, true) !== 0x02014b50) continue;
      const name = new TextDecoder().decode(zip.subarray(i + 46, i + 46 + view.getUint16(i + 28, true)));
      if (name === "posts.json") view.setUint32(i + 24, 300 * 1024 * 1024, true);
    }
    expect(onlyRefusal(readFiderExport(zip, "bomb.zip"))).toEqual({ entity: "post", row: "bomb.zip", reason: "import.refused.tableTooLarge" });
  });

  it("refuses a table with more rows than one import takes", () => {
    const votes = Array.from({ length: MAX_ROWS_PER_ENTITY + 1 }, () => ({}));
    expect(onlyRefusal(readFiderExport(fiderBackup({ "post_votes.json": votes }), "backup.zip"))).toEqual({
      entity: "post",
      row: "backup.zip: post_votes.json",
      reason: "import.refused.tooManyRows",
      value: "post_votes.json",
    });
  });
});

describe("Fider posts.csv", () => {
  const bundle = readFiderExport(fixture("fider-posts.csv"), "posts.csv");

  it("reads posts with commas, quotes and newlines in cells, and a formula-looking title as plain text", () => {
    expect(bundle.boards).toEqual([{ sourceId: "fider", slug: "fider", name: "Fider" }]);
    expect(bundle.posts.map((p) => [p.sourceId, p.title, p.status, p.authorSourceId, p.tagSourceIds])).toEqual([
      ["1", "Dark mode", "planned", "name:مریم رضایی", ["name:واجهة", "name:mobile"]],
      ["2", "تصدير التقارير إلى PDF", "in_progress", "name:عمر الفاروق", []],
      ["3", '=HYPERLINK("http://evil.example","Export to Excel")', "shipped", "name:", []],
      ["4", "Exporting to Excel", "declined", "name:Sam O'Neil", []],
      ["8", "ورود با حساب گوگل", "open", "name:Sam O'Neil", ["name:واجهة", "name:this-tag-has,comma"]],
    ]);
    expect(bundle.posts[0]).toMatchObject({
      bodyMd: 'Please add dark mode,\nwith "auto" option.',
      createdAt: at("2021-04-01T10:00:00Z"),
      statusChangedAt: at("2021-04-03T08:00:00Z"),
      shippedAt: null,
    });
    expect(bundle.posts[2]).toMatchObject({ statusChangedAt: at("2021-05-01T00:00:00Z"), shippedAt: at("2021-05-01T00:00:00Z") });
    expect(bundle.posts[4]).toMatchObject({ createdAt: at("2022-01-15T09:00:00Z"), statusChangedAt: null });
    expect(bundle.tags).toEqual([
      { sourceId: "name:واجهة", name: "واجهة" },
      { sourceId: "name:mobile", name: "mobile" },
      { sourceId: "name:this-tag-has,comma", name: "this-tag-has,comma" },
    ]);
  });

  it("gives each named person one placeholder that can never receive mail, and has no votes or comments to give", () => {
    expect(bundle.users.map((u) => [u.sourceId, u.displayName])).toEqual([
      ["name:مریم رضایی", "مریم رضایی"],
      ["name:Layla Haddad", "Layla Haddad"],
      ["name:عمر الفاروق", "عمر الفاروق"],
      ["name:", "fider-unknown-author"],
      ["name:Sam O'Neil", "Sam O'Neil"],
    ]);
    for (const user of bundle.users) expect(user.email).toMatch(/^fider-[a-z0-9-]+@imported\.invalid$/);
    expect(bundle.votes).toEqual([]);
    expect(bundle.comments).toEqual([]);
    expect(bundle.statusChanges.map((c) => [c.postSourceId, c.actorSourceId, c.fromStatus, c.toStatus, c.responseMd])).toEqual([
      ["1", "name:Layla Haddad", "open", "planned", "On the roadmap for Q3."],
      ["2", "name:Layla Haddad", "open", "in_progress", "بدأنا العمل عليه."],
      ["3", "name:Layla Haddad", "open", "shipped", "Shipped in 2.4 🎉"],
      ["4", "name:Layla Haddad", "open", "declined", ""],
    ]);
  });

  it("lists the rows it refuses", () => {
    expect(bundle.refused).toEqual([
      { entity: "post", row: "posts.csv row 6", reason: "import.refused.postDeleted", value: "Buy cheap watches" },
      { entity: "post", row: "posts.csv row 7", reason: "error.titleTooShort", value: "x" },
      { entity: "post", row: "posts.csv row 8", reason: "import.refused.statusUnknown", value: "archived" },
      { entity: "post", row: "posts.csv row 10", reason: "import.refused.idMissing", value: "abc" },
      { entity: "post", row: "posts.csv row 11", reason: "import.refused.duplicateRow", value: "2" },
      { entity: "post", row: "posts.csv row 12", reason: "import.refused.dateInvalid", value: "04/12/2021" },
    ]);
    expectReferencesResolve(bundle);
  });

  it("names posts as the backup does, so importing one export after the other matches them", () => {
    const backup = readFiderExport(fiderBackup(), "backup.zip");
    expect(bundle.posts.map((p) => p.sourceId)).toEqual(backup.posts.map((p) => p.sourceId));
  });

  it("reads the same file saved with a BOM and Windows line ends", () => {
    const windows = readFiderExport(bytes("\uFEFF" + readFileSync(`${FIXTURES}/fider-posts.csv`, "utf8").replace(/\n/g, "\r\n")), "posts.csv");
    expect(windows.posts.map((p) => p.title)).toEqual(bundle.posts.map((p) => p.title));
    expect(windows.posts[0].bodyMd).toBe('Please add dark mode,\r\nwith "auto" option.');
    expect(windows.refused).toEqual(bundle.refused);
  });
});

describe("Canny CSV of posts", () => {
  const bundle = readCannyExport(fixture("canny-posts.csv"), "canny-posts.csv");

  it("maps the columns and statuses, one board per board name", () => {
    expect(bundle.source).toBe("canny");
    expect(bundle.boards).toEqual([
      { sourceId: "name:feature requests", slug: "feature-requests", name: "Feature Requests" },
      // An Arabic name has no Latin letters for a slug: a stable one stands in.
      { sourceId: "name:طلبات الميزات", slug: expect.stringMatching(/^board-[0-9a-f]{6}$/), name: "طلبات الميزات" },
      { sourceId: "name:bugs", slug: "bugs", name: "Bugs" },
    ]);
    const post = { kind: null };
    expect(bundle.posts).toEqual([
      {
        ...post,
        sourceId: "5f1a00000000000000000001",
        boardSourceId: "name:feature requests",
        authorSourceId: "email:layla@example.com",
        title: "Dark mode",
        bodyMd: 'Please add a dark theme.\nAlso for "reports", please.',
        status: "planned",
        tagSourceIds: ["name:ui", "name:theme"],
        createdAt: at("2023-05-02T10:11:12Z"),
        statusChangedAt: at("2023-06-01T09:00:00Z"),
        shippedAt: null,
      },
      {
        ...post,
        sourceId: "5f1a00000000000000000002",
        boardSourceId: "name:طلبات الميزات",
        authorSourceId: "email:maryam@example.ir",
        title: "تصدير التقارير إلى PDF",
        bodyMd: "نحتاج تصدير **التقارير** الشهرية.",
        status: "in_progress",
        tagSourceIds: ["name:ui"],
        createdAt: at("2023-07-15T00:00:00Z"),
        statusChangedAt: null,
        shippedAt: null,
      },
      {
        ...post,
        sourceId: "5f1a00000000000000000003",
        boardSourceId: "name:feature requests",
        authorSourceId: "email:sam@example.com",
        title: "=cmd|' /C calc'!A0",
        bodyMd: "Looks like a formula, stays text.",
        status: "shipped",
        tagSourceIds: [],
        createdAt: at("2023-08-01T14:00:00Z"),
        statusChangedAt: at("2023-09-01T09:00:00Z"),
        shippedAt: at("2023-09-01T09:00:00Z"),
      },
      {
        ...post,
        sourceId: "5f1a00000000000000000004",
        boardSourceId: "name:feature requests",
        authorSourceId: "email:sam@example.com",
        title: "Old idea",
        bodyMd: "",
        status: "declined",
        tagSourceIds: [],
        createdAt: 1_690_000_000_000,
        statusChangedAt: null,
        shippedAt: null,
      },
      {
        ...post,
        sourceId: "5f1a00000000000000000009",
        boardSourceId: "name:bugs",
        authorSourceId: "email:canny-deleted-account@imported.invalid",
        title: "Search is slow",
        bodyMd: "",
        status: "open",
        tagSourceIds: [],
        createdAt: at("2023-08-04T20:00:00Z"),
        statusChangedAt: null,
        shippedAt: null,
      },
    ]);
    expect(bundle.tags).toEqual([
      { sourceId: "name:ui", name: "UI" },
      { sourceId: "name:theme", name: "theme" },
    ]);
  });

  it("turns the voters column into votes, each voter once, named when the file names them elsewhere", () => {
    expect(bundle.votes).toEqual([
      {
        sourceId: "5f1a00000000000000000001:email:sam@example.com",
        postSourceId: "5f1a00000000000000000001",
        userSourceId: "email:sam@example.com",
        createdAt: at("2023-05-02T10:11:12Z"),
      },
      {
        sourceId: "5f1a00000000000000000001:email:omar@example.com",
        postSourceId: "5f1a00000000000000000001",
        userSourceId: "email:omar@example.com",
        createdAt: at("2023-05-02T10:11:12Z"),
      },
      {
        sourceId: "5f1a00000000000000000002:email:layla@example.com",
        postSourceId: "5f1a00000000000000000002",
        userSourceId: "email:layla@example.com",
        createdAt: at("2023-07-15T00:00:00Z"),
      },
      {
        sourceId: "5f1a00000000000000000009:email:maryam@example.ir",
        postSourceId: "5f1a00000000000000000009",
        userSourceId: "email:maryam@example.ir",
        createdAt: at("2023-08-04T20:00:00Z"),
      },
    ]);
    expect(bundle.users).toEqual([
      { sourceId: "email:layla@example.com", email: "layla@example.com", displayName: "Layla Haddad" },
      // First seen as a voter (an address only), then as an author with a name.
      { sourceId: "email:sam@example.com", email: "sam@example.com", displayName: "Sam O'Neil" },
      { sourceId: "email:omar@example.com", email: "omar@example.com", displayName: "omar" },
      { sourceId: "email:maryam@example.ir", email: "maryam@example.ir", displayName: "مریم رضایی" },
      { sourceId: "email:canny-deleted-account@imported.invalid", email: "canny-deleted-account@imported.invalid", displayName: "canny-deleted-account" },
    ]);
    expect(bundle.comments).toEqual([]);
  });

  it("lists the rows and votes it refuses", () => {
    expect(bundle.refused).toEqual([
      { entity: "vote", row: "canny-posts.csv row 2", reason: "import.refused.duplicateVote", value: "sam@example.com" },
      { entity: "post", row: "canny-posts.csv row 6", reason: "import.refused.statusUnknown", value: "Needs Info" },
      { entity: "post", row: "canny-posts.csv row 7", reason: "import.refused.dateInvalid", value: "31/12/2023" },
      { entity: "post", row: "canny-posts.csv row 8", reason: "error.emailInvalid", value: "not-an-email" },
      { entity: "post", row: "canny-posts.csv row 9", reason: "error.titleTooShort" },
      { entity: "vote", row: "canny-posts.csv row 10", reason: "error.emailInvalid", value: "not an email" },
      { entity: "post", row: "canny-posts.csv row 11", reason: "import.refused.duplicateRow", value: "Dark mode (copy)" },
    ]);
    expectReferencesResolve(bundle);
  });

  it("finds the columns whatever their case and spacing, and reads Windows line ends", () => {
    const csv =
      "title,details,board,status,author_email,author_name,created_at,voters\r\nExport,Details,Ideas,UNDER REVIEW,a@example.com,Ann,2024-01-02T03:04:05+01:00,b@example.com\r\n";
    const read = readCannyExport(bytes(csv), "export.csv");
    expect(read.refused).toEqual([]);
    expect(read.posts).toEqual([
      {
        sourceId: expect.stringMatching(/^row:[0-9a-f]{12}$/),
        boardSourceId: "name:ideas",
        authorSourceId: "email:a@example.com",
        title: "Export",
        bodyMd: "Details",
        status: "under_review",
        kind: null,
        tagSourceIds: [],
        createdAt: at("2024-01-02T02:04:05Z"),
        statusChangedAt: null,
        shippedAt: null,
      },
    ]);
    // The same row read again gets the same source id, so a re-import creates nothing twice.
    expect(readCannyExport(bytes(csv), "again.csv").posts[0].sourceId).toBe(read.posts[0].sourceId);
    expect(read.votes.map((v) => v.userSourceId)).toEqual(["email:b@example.com"]);
  });
});

describe("Canny API JSON", () => {
  const bundle = readCannyExport(fixture("canny-api.json"), "canny-api.json");

  it("reads boards, people with their company traits, and tags merged by name", () => {
    expect(bundle.boards).toEqual([
      { sourceId: "b1", slug: "feature-requests", name: "Feature Requests", createdAt: at("2022-01-01T00:00:00Z") },
      { sourceId: "b2", slug: expect.stringMatching(/^board-[0-9a-f]{6}$/), name: "طلبات", createdAt: at("2022-02-01T00:00:00Z") },
      // A board only a post names is made from the post's board object.
      { sourceId: "b3", slug: "bugs", name: "Bugs", createdAt: at("2022-05-01T00:00:00Z") },
    ]);
    expect(bundle.users).toEqual([
      {
        sourceId: "u1",
        email: "layla@example.com",
        displayName: "Layla Haddad",
        createdAt: at("2022-01-01T00:00:00Z"),
        company: "Acme Ltd",
        monthlySpend: 499,
      },
      { sourceId: "u2", email: "maryam@example.ir", displayName: "مریم رضایی", createdAt: at("2022-03-01T00:00:00Z") },
      { sourceId: "deleted-account", email: "canny-deleted-account@imported.invalid", displayName: "canny-deleted-account" },
      // First seen as an author without a company, then as a voter with one.
      { sourceId: "u4", email: "omar@example.com", displayName: "عمر الفاروق", company: "شركة النور", monthlySpend: 120.5 },
      // Voted for by an admin, with no address in Canny.
      { sourceId: "u3", email: "canny-user-u3@imported.invalid", displayName: "Phone customer" },
    ]);
    expect(bundle.tags).toEqual([
      { sourceId: "t1", name: "UI" },
      { sourceId: "t2", name: "تقارير" },
    ]);
  });

  it("maps the statuses and keeps votes (self or on behalf), threads one level deep, internal notes and status history", () => {
    expect(bundle.posts.map((p) => [p.sourceId, p.boardSourceId, p.authorSourceId, p.status, p.tagSourceIds, p.statusChangedAt, p.shippedAt])).toEqual([
      ["p1", "b1", "u1", "planned", ["t1"], at("2023-06-01T09:00:00Z"), null],
      ["p2", "b2", "u2", "in_progress", ["t1", "t2"], at("2023-07-20T08:00:00Z"), null],
      ["p3", "b1", "deleted-account", "shipped", [], at("2023-03-01T00:00:00Z"), at("2023-03-01T00:00:00Z")],
      ["p5", "b3", "u4", "open", [], null, null],
    ]);
    expect(bundle.posts[1]).toMatchObject({
      title: "خروجی گرفتن از گزارش‌ها به PDF",
      bodyMd: "گزارش‌های ماهانه را لطفاً به PDF بدهید.",
      createdAt: at("2023-07-15T08:00:00Z"),
    });
    expect(bundle.votes).toEqual([
      { sourceId: "v1", postSourceId: "p1", userSourceId: "u2", source: "self", createdAt: at("2023-05-03T08:00:00Z") },
      { sourceId: "v2", postSourceId: "p1", userSourceId: "u3", source: "on_behalf", createdAt: at("2023-05-04T08:00:00Z") },
      { sourceId: "v6", postSourceId: "p2", userSourceId: "u4", source: "self", createdAt: at("2023-07-16T00:00:00Z") },
    ]);
    const comment = { isInternal: false, parentSourceId: null };
    expect(bundle.comments).toEqual([
      {
        ...comment,
        sourceId: "c5",
        postSourceId: "p3",
        authorSourceId: "deleted-account",
        bodyMd: "Works great, thanks.",
        createdAt: at("2023-02-01T00:00:00Z"),
      },
      { ...comment, sourceId: "c1", postSourceId: "p1", authorSourceId: "u1", bodyMd: "We're on it!", createdAt: at("2023-05-05T09:00:00Z") },
      { ...comment, sourceId: "c2", postSourceId: "p1", authorSourceId: "u2", bodyMd: "ممنون!", createdAt: at("2023-05-05T10:00:00Z"), parentSourceId: "c1" },
      // A reply to a reply answers the thread's first comment.
      {
        ...comment,
        sourceId: "c3",
        postSourceId: "p1",
        authorSourceId: "u1",
        bodyMd: "You're welcome.",
        createdAt: at("2023-05-05T11:00:00Z"),
        parentSourceId: "c1",
      },
      {
        ...comment,
        sourceId: "c4",
        postSourceId: "p2",
        authorSourceId: "u1",
        bodyMd: "Check with the PDF vendor first.",
        createdAt: at("2023-07-16T09:00:00Z"),
        isInternal: true,
      },
    ]);
    expect(bundle.statusChanges).toEqual([
      {
        sourceId: "s1",
        postSourceId: "p1",
        actorSourceId: "u1",
        fromStatus: "open",
        toStatus: "planned",
        responseMd: "Planned for June.",
        createdAt: at("2023-06-01T09:00:00Z"),
      },
      {
        sourceId: "s2",
        postSourceId: "p2",
        actorSourceId: "u1",
        fromStatus: "open",
        toStatus: "under_review",
        responseMd: "",
        createdAt: at("2023-07-16T08:00:00Z"),
      },
      {
        sourceId: "s3",
        postSourceId: "p2",
        actorSourceId: "u1",
        fromStatus: "under_review",
        toStatus: "in_progress",
        responseMd: "",
        createdAt: at("2023-07-20T08:00:00Z"),
      },
    ]);
  });

  it("lists what it refuses", () => {
    expect(bundle.refused).toEqual([
      { entity: "post", row: "canny-api.json: posts row 4", reason: "import.refused.statusUnknown", value: "Needs Info" },
      { entity: "vote", row: "canny-api.json: votes row 3", reason: "import.refused.duplicateVote", value: "maryam@example.ir" },
      { entity: "vote", row: "canny-api.json: votes row 4", reason: "import.refused.postMissing", value: "Needs more detail" },
      { entity: "vote", row: "canny-api.json: votes row 5", reason: "import.refused.dateInvalid", value: "2023-13-01T00:00:00.000Z" },
      { entity: "comment", row: "canny-api.json: comments row 6", reason: "import.refused.postMissing", value: "p4" },
      { entity: "comment", row: "canny-api.json: comments row 7", reason: "error.commentEmpty", value: "   " },
      { entity: "status_change", row: "canny-api.json: statusChanges row 4", reason: "import.refused.postMissing", value: "p4" },
    ]);
    expectReferencesResolve(bundle);
  });

  it("takes plain arrays as well as saved API answers, and one person under two ids as one", () => {
    const json = {
      posts: [
        {
          id: "a",
          title: "From an array",
          details: "",
          status: "open",
          board: { id: "b", name: "Ideas" },
          author: { id: "x1", email: "pat@example.com", name: "Pat" },
          created: 1446788856447,
        },
      ],
      votes: [{ id: "v", post: { id: "a" }, voter: { id: "x2", email: "PAT@example.com", name: "Pat again" }, created: "2016-01-01T00:00:00Z" }],
    };
    const read = readCannyExport(bytes(JSON.stringify(json)), "lists.json");
    expect(read.refused).toEqual([]);
    expect(read.posts[0]).toMatchObject({ sourceId: "a", boardSourceId: "b", createdAt: 1446788856447 });
    expect(read.users).toEqual([{ sourceId: "x1", email: "pat@example.com", displayName: "Pat" }]);
    expect(read.votes).toEqual([{ sourceId: "v", postSourceId: "a", userSourceId: "x1", source: "self", createdAt: at("2016-01-01T00:00:00Z") }]);
  });
});

describe("files the readers refuse whole", () => {
  const readers = { fider: readFiderExport, canny: readCannyExport } as const;
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]);

  it.each(Object.keys(readers) as (keyof typeof readers)[])("%s: empty, blank, binary, Latin-1 and someone else's CSV", (name) => {
    const read = readers[name];
    expect(onlyRefusal(read(new Uint8Array(), "empty.csv"))).toEqual({ entity: "post", row: "empty.csv", reason: "import.refused.emptyFile" });
    expect(onlyRefusal(read(bytes(" \r\n\n"), "blank.csv")).reason).toBe("import.refused.emptyFile");
    expect(onlyRefusal(read(png, "logo.png")).reason).toBe("import.refused.notUtf8");
    expect(onlyRefusal(read(new Uint8Array([0x74, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0x63, 0x61, 0x66, 0xe9]), "latin1.csv")).reason).toBe("import.refused.notUtf8");
    const other = onlyRefusal(read(bytes("invoice,amount\nA-1,20\n"), "invoices.csv"));
    expect(other.reason).toBe(name === "fider" ? "import.refused.notFiderExport" : "import.refused.notCannyExport");
  });

  it.each(Object.keys(readers) as (keyof typeof readers)[])(
    "%s: a quote left open or out of place, a row of two million characters, too many rows",
    (name) => {
      const read = readers[name];
      const header = name === "fider" ? "number,title,status,created_at" : "title,status";
      expect(onlyRefusal(read(bytes(`${header}\n1,"Unclosed,open,2021-01-01\n2,Fine,open,2021-01-01\n`), "open.csv"))).toEqual({
        entity: "post",
        row: "open.csv",
        reason: "import.refused.csvQuoteNotClosed",
      });
      expect(onlyRefusal(read(bytes(`${header}\n1,Fine,open,2021-01-01\n2,Say "hi",open,2021-01-01\n`), "stray.csv"))).toEqual({
        entity: "post",
        row: "stray.csv line 3",
        reason: "import.refused.csvMalformed",
      });
      expect(onlyRefusal(read(bytes(`${header}\n1,${"x".repeat(2_000_000)},open,2021-01-01\n`), "huge.csv")).reason).toBe("import.refused.recordTooLarge");
      const rows = Array.from({ length: MAX_ROWS_PER_ENTITY + 1 }, (_, i) => `${i + 1},Title ${i},open,2021-01-01`).join("\n");
      expect(onlyRefusal(read(bytes(`${header}\n${rows}\n`), "many.csv"))).toEqual({ entity: "post", row: "many.csv", reason: "import.refused.tooManyRows" });
      // A hang guard, not a timing: parsing the two-million-character row and the rows past the
      // cap took 36–40 s for Canny on a box running two suites (Fider: 8 s), past the 30 s default.
    },
    180_000,
  );

  it("refuses a post whose details pass the app's limit, echoing only the start of what it refuses", () => {
    const long = "y".repeat(20_000);
    const fider = readFiderExport(
      bytes(`number,title,description,created_at,status\n1,${long},,2021-01-01T00:00:00Z,open\n2,Long details,${long},2021-01-01T00:00:00Z,open\n`),
      "posts.csv",
    );
    expect(fider.posts).toEqual([]);
    expect(fider.refused).toEqual([
      { entity: "post", row: "posts.csv row 2", reason: "error.titleTooLong", value: "y".repeat(200) },
      { entity: "post", row: "posts.csv row 3", reason: "error.bodyTooLong", value: "Long details" },
    ]);
    expect(fider.users).toEqual([]);
  });

  it("canny: JSON that is broken, or isn't Canny's lists", () => {
    expect(onlyRefusal(readCannyExport(bytes('{"posts": ['), "broken.json"))).toEqual({
      entity: "post",
      row: "broken.json",
      reason: "import.refused.jsonMalformed",
    });
    expect(onlyRefusal(readCannyExport(bytes("[1, 2, 3]"), "array.json")).reason).toBe("import.refused.notCannyExport");
    expect(onlyRefusal(readCannyExport(bytes('{"users": []}'), "users.json")).reason).toBe("import.refused.notCannyExport");
    expect(onlyRefusal(readCannyExport(bytes('{"posts": "all of them"}'), "odd.json"))).toEqual({
      entity: "post",
      row: "odd.json: posts",
      reason: "import.refused.notCannyExport",
      value: "posts",
    });
    const votes = Array.from({ length: MAX_ROWS_PER_ENTITY + 1 }, () => ({}));
    expect(onlyRefusal(readCannyExport(bytes(JSON.stringify({ posts: [], votes })), "votes.json")).reason).toBe("import.refused.tooManyRows");
  });
});

describe("parseTime", () => {
  it.each([
    ["2024-03-31T14:05:00Z", Date.UTC(2024, 2, 31, 14, 5)],
    ["2024-03-31T14:05:00.123456789Z", Date.UTC(2024, 2, 31, 14, 5, 0, 123)],
    ["2024-03-31T14:05:00+03:30", Date.UTC(2024, 2, 31, 10, 35)],
    ["2024-03-31T14:05:00-0500", Date.UTC(2024, 2, 31, 19, 5)],
    ["2024-03-31 14:05", Date.UTC(2024, 2, 31, 14, 5)],
    ["2024-03-31", Date.UTC(2024, 2, 31)],
    ["2024-02-29", Date.UTC(2024, 1, 29)],
    ["1690000000", 1_690_000_000_000],
    [1446788856447, 1446788856447],
  ] as const)("%s", (value, expected) => {
    expect(parseTime(value)).toBe(expected);
  });

  it.each(["2023-02-29", "2024-13-01", "2024-04-31", "2024-03-31T24:00:00Z", "03/04/2024", "31/12/2023", "yesterday", "", null, undefined, -5, Number.NaN])(
    "refuses %s",
    (value) => {
      expect(parseTime(value)).toBeNull();
    },
  );
});
