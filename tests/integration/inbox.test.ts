// The triage inbox through its real loader and action: "Needs triage" then "Triaged" with
// their counts, closed ideas hidden until asked for, each group in the chosen order, the
// selected idea beside the list, and "Save and next" coming back to the next idea.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { CLOSED_STATUSES, isClosedStatus, OPEN_STATUSES, type PostKind, type PostStatus } from "~/db/enums";
import { posts } from "~/db/schema";
import { insertBoard } from "~/models/boards.server";
import { action as inboxAction, loader as inboxLoader } from "~/routes/admin._index";
import { action as triageAction } from "~/routes/posts.$id_.triage";
import type { SessionUser } from "~/services/auth.server";
import { toggleVote } from "~/services/votes.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

type Inbox = {
  rows: { id: number; untriaged: boolean; voteCount: number; status: string; kind: string | null }[];
  counts: { needsTriage: number; triaged: number };
  selected: { id: number; title: string; bodyHtml: string } | null;
};

let staffCookie: string;
const voters: SessionUser[] = [];

beforeAll(async () => {
  await seedSite();
  const staff = await createUser({ role: "staff" });
  staffCookie = await sessionCookie(staff.id);
  for (let i = 0; i < 4; i++) voters.push(await createUser());
});

const postRow = (id: number) => getDb().select().from(posts).where(eq(posts.id, id)).get()!;
const setPost = (id: number, values: { kind?: PostKind | null; status?: PostStatus }) => getDb().update(posts).set(values).where(eq(posts.id, id)).run();

async function inbox(query: string): Promise<Inbox> {
  const res = await callRoute(inboxLoader, makeRequest(`/admin${query}`, { cookie: staffCookie }));
  expect(res.status).toBe(200);
  return res.data as Inbox;
}

/** A board of its own per test, so counts are only of what the test made. */
let boardCount = 0;
async function boardWith(specs: { title: string; kind?: PostKind; status?: PostStatus; votes?: number }[]) {
  boardCount += 1;
  const slug = `inbox-${boardCount}`;
  insertBoard({ slug, name: `Inbox ${boardCount}`, description: "" });
  const ids: number[] = [];
  for (const spec of specs) {
    // An author per post: one author posting this fast would be rate limited.
    const id = await createTestPost(await createUser(), spec.title, "", slug);
    for (const voter of voters.slice(0, spec.votes ?? 0)) toggleVote(id, voter);
    setPost(id, { kind: spec.kind ?? null, status: spec.status ?? "open" });
    ids.push(id);
  }
  return { slug, ids };
}

describe("the statuses", () => {
  it("splits open from closed", () => {
    expect([...OPEN_STATUSES, ...CLOSED_STATUSES].sort()).toEqual(["declined", "in_progress", "open", "planned", "shipped", "under_review"]);
    expect(isClosedStatus("shipped")).toBe(true);
    expect(isClosedStatus("planned")).toBe(false);
  });
});

describe("groups, counts and closed ideas", () => {
  it("lists “Needs triage” (no kind yet) first and “Triaged” after, with counts, and hides shipped and declined ideas by default", async () => {
    const { slug, ids } = await boardWith([
      { title: "Untriaged one" },
      { title: "Triaged bug", kind: "bug", status: "under_review" },
      { title: "Untriaged two" },
      { title: "Shipped feature", kind: "feature_request", status: "shipped" },
      { title: "Declined, never triaged", status: "declined" },
      { title: "Planned feature", kind: "feature_request", status: "planned" },
    ]);
    const [untriagedOne, triagedBug, untriagedTwo, shipped, declined, planned] = ids;

    const open = await inbox(`?board=${slug}&sort=newest`);
    expect(open.counts).toEqual({ needsTriage: 2, triaged: 2 });
    expect(open.rows.map((r) => [r.id, r.untriaged])).toEqual([
      [untriagedTwo, true],
      [untriagedOne, true],
      [planned, false],
      [triagedBug, false],
    ]);

    const all = await inbox(`?board=${slug}&sort=newest&closed=1`);
    expect(all.counts).toEqual({ needsTriage: 3, triaged: 3 });
    expect(all.rows.map((r) => r.id)).toEqual([declined, untriagedTwo, untriagedOne, planned, shipped, triagedBug]);

    // A status filter that names a closed status shows those ideas without the toggle.
    const shippedOnly = await inbox(`?board=${slug}&status=shipped`);
    expect(shippedOnly.rows.map((r) => r.id)).toEqual([shipped]);
    expect(shippedOnly.counts).toEqual({ needsTriage: 0, triaged: 1 });
  });

  it("sorts each group by the chosen order: “Most votes” reads downwards in both", async () => {
    const { slug, ids } = await boardWith([
      { title: "Untriaged, 1 vote", votes: 1 },
      { title: "Triaged, 4 votes", kind: "bug", votes: 4 },
      { title: "Untriaged, 3 votes", votes: 3 },
      { title: "Triaged, 2 votes", kind: "minor_bug", votes: 2 },
      { title: "Untriaged, 0 votes" },
    ]);
    const byVotes = await inbox(`?board=${slug}&sort=votes`);
    const needs = byVotes.rows.filter((r) => r.untriaged);
    const triaged = byVotes.rows.filter((r) => !r.untriaged);
    expect(needs.map((r) => r.id)).toEqual([ids[2], ids[0], ids[4]]);
    expect(triaged.map((r) => r.id)).toEqual([ids[1], ids[3]]);
    expect(byVotes.rows.map((r) => r.untriaged)).toEqual([true, true, true, false, false]);

    const newest = await inbox(`?board=${slug}&sort=newest`);
    expect(newest.rows.map((r) => r.id)).toEqual([ids[4], ids[2], ids[0], ids[3], ids[1]]);
  });

  it("shows the selected idea beside the list, and nothing for an idea that is not there", async () => {
    const { slug, ids } = await boardWith([{ title: "Dark mode for the widget" }]);
    const withDetail = await inbox(`?board=${slug}&post=${ids[0]}`);
    expect(withDetail.selected).toMatchObject({ id: ids[0], title: "Dark mode for the widget" });
    expect((await inbox(`?board=${slug}&post=999999`)).selected).toBeNull();
    expect((await inbox(`?board=${slug}&post=abc`)).selected).toBeNull();
  });
});

describe("quick triage and coming back", () => {
  it("“Save and next” saves kind and status and comes back to the inbox with the next idea selected", async () => {
    const { slug, ids } = await boardWith([{ title: "First to triage" }, { title: "Second to triage" }]);
    const next = `/admin?board=${slug}&post=${ids[0]}`;
    const res = await callRoute(
      inboxAction,
      makeRequest(`/admin?index=&board=${slug}&post=${ids[1]}`, {
        cookie: staffCookie,
        form: { intent: "quick", postId: String(ids[1]), kind: "feature_request", status: "planned", redirectTo: next },
      }),
    );
    expect(res.status).toBe(302);
    expect(res.location).toBe(`${next}&saved=1`);
    expect(postRow(ids[1])).toMatchObject({ kind: "feature_request", status: "planned" });
    const after = await inbox(`?board=${slug}&post=${ids[0]}`);
    expect(after.counts).toEqual({ needsTriage: 1, triaged: 1 });
  });

  it("a quick triage to fix answers with the error, not a redirect", async () => {
    const { ids } = await boardWith([{ title: "Bad status" }]);
    const res = await callRoute(
      inboxAction,
      makeRequest("/admin?index=", { cookie: staffCookie, form: { intent: "quick", postId: String(ids[0]), kind: "bug", status: "duplicate" } }),
    );
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({ intent: "quick", reply: { error: { status: ["error.chooseAction"] } } });
  });

  it("refuses a redirectTo that leaves the site, in the inbox and in the triage route", async () => {
    const { ids } = await boardWith([{ title: "Redirect target" }, { title: "Merge me" }]);
    for (const redirectTo of ["//evil.example/admin", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
      const quick = await callRoute(
        inboxAction,
        makeRequest("/admin?index=", { cookie: staffCookie, form: { intent: "quick", postId: String(ids[0]), kind: "bug", status: "open", redirectTo } }),
      );
      expect(quick.status).toBe(302);
      expect(quick.location).toBe("/admin?saved=1");
      const kind = await callRoute(
        triageAction,
        makeRequest(`/posts/${ids[0]}/triage`, { cookie: staffCookie, form: { intent: "kind", kind: "bug", redirectTo } }),
        { id: String(ids[0]) },
      );
      expect(kind.status).toBe(302);
      expect(kind.location).toBe(`/posts/${ids[0]}#staff`);
    }
    // The inbox's merge form comes back to the inbox, on the next idea.
    const merged = await callRoute(
      triageAction,
      makeRequest(`/posts/${ids[1]}/triage`, { cookie: staffCookie, form: { intent: "merge", targetId: String(ids[0]), redirectTo: `/admin?post=${ids[0]}` } }),
      { id: String(ids[1]) },
    );
    expect(merged.status).toBe(302);
    expect(merged.location).toBe(`/admin?post=${ids[0]}`);
    expect(postRow(ids[1]).mergedIntoId).toBe(ids[0]);
  });
});
