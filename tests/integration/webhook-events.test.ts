// Webhook events are recorded in the same transaction as the change they report: each
// event's service writes one delivery per enabled endpoint subscribed to it, with a
// Standard Webhooks payload ({ type, timestamp, data }); a change that rolls back writes
// none, and a delivery that cannot be written takes the change down with it.
import { eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, transaction } from "~/db/client.server";
import { comments, posts, webhookDeliveries, type PostKind } from "~/db/schema";
import { findLivePost } from "~/models/posts.server";
import { insertTag } from "~/models/tags.server";
import type { SessionUser } from "~/services/auth.server";
import { addComment } from "~/services/comments.server";
import { changeStatus, changeStatusIn, NO_RESPONSE } from "~/services/loop.server";
import { mergePosts } from "~/services/merge.server";
import { insertPostIn } from "~/services/posts.server";
import { setOwner } from "~/services/staff-post.server";
import { addInternalNote, setKind, setPostTags, voteOnBehalf } from "~/services/triage.server";
import { toggleVote } from "~/services/votes.server";
import { createWebhook, setWebhookEnabled } from "~/services/webhooks.server";
import { createTestPost, createUser, seedSite } from "../helpers/factories";

let admin: SessionUser;
let staff: SessionUser;
let customer: SessionUser;
let boardId: number;
let everything: number;
let votesOnly: number;
let switchedOff: number;
let mark = 0;

type Payload = { type: string; timestamp: string; data: Record<string, unknown> & { post?: { id: number } & Record<string, unknown> } };
type Delivery = { webhookId: number; event: string; messageId: string; payload: Payload };

/** Deliveries written since the last call, oldest first. */
function newDeliveries(): Delivery[] {
  const rows = getDb().select().from(webhookDeliveries).where(gt(webhookDeliveries.id, mark)).orderBy(webhookDeliveries.id).all();
  if (rows.length) mark = rows[rows.length - 1].id;
  return rows.map((r) => ({ webhookId: r.webhookId, event: r.event, messageId: r.messageId, payload: JSON.parse(r.payload) as Payload }));
}

/** A post by a new customer (posting is rate-limited per author). */
async function newPost(title: string): Promise<number> {
  return createTestPost(await createUser({ displayName: "Cora" }), title);
}

const to = (webhookId: number, deliveries: Delivery[]) => deliveries.filter((d) => d.webhookId === webhookId);

/** Runs `change` inside a transaction that then rolls back. */
function rolledBack(change: () => void): void {
  expect(() =>
    transaction(() => {
      change();
      throw new Error("rolled back for the test");
    }),
  ).toThrow("rolled back for the test");
}

/** Runs `change` while no delivery row can be written: the change must fail whole. */
async function withDeliveriesRefused(change: () => unknown): Promise<void> {
  const sqlite = getDb().$client;
  sqlite.exec("create temp trigger refuse_deliveries before insert on webhook_deliveries begin select raise(abort, 'deliveries refused'); end");
  try {
    const failure = await Promise.resolve()
      .then(change)
      .then(
        () => null,
        (error: Error) => error,
      );
    // Drizzle wraps SQLite's error; the trigger's message is its cause.
    expect(String((failure?.cause as Error | undefined)?.message ?? failure?.message)).toContain("deliveries refused");
  } finally {
    sqlite.exec("drop trigger temp.refuse_deliveries");
  }
}

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = "1";
  const site = await seedSite();
  admin = site.admin;
  boardId = site.board.id;
  staff = await createUser({ role: "staff", displayName: "Sara" });
  customer = await createUser({ displayName: "Cora" });
  const all = await createWebhook(
    {
      url: "http://127.0.0.1:9/all",
      events: ["post.created", "post.updated", "post.status_changed", "post.shipped", "post.merged", "comment.created", "vote.created", "vote.deleted"],
    },
    admin,
  );
  const votes = await createWebhook({ url: "http://127.0.0.1:9/votes", events: ["vote.created"] }, admin);
  const off = await createWebhook({ url: "http://127.0.0.1:9/off", events: ["post.created", "vote.created"] }, admin);
  if (!all.ok || !votes.ok || !off.ok) throw new Error("webhooks not created");
  everything = all.value.webhookId;
  votesOnly = votes.value.webhookId;
  switchedOff = off.value.webhookId;
  setWebhookEnabled(switchedOff, false);
  newDeliveries();
});

afterAll(() => {
  delete process.env.WEBHOOKS_ALLOW_PRIVATE;
});

describe("post.created", () => {
  it("is recorded with the post, the author's own vote with it, for the subscribed and enabled endpoints only", async () => {
    const postId = await createTestPost(customer, "Dark mode", "Please **dark** mode.");
    // Every other post here has an author of its own: posting is rate-limited per person.
    const written = newDeliveries();
    const created = to(everything, written).find((d) => d.event === "post.created")!;
    expect(created.payload.type).toBe("post.created");
    expect(created.payload.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(created.payload.data.post).toMatchObject({
      id: postId,
      title: "Dark mode",
      body: "Please **dark** mode.",
      status: "open",
      author: { id: customer.id, name: "Cora", email: customer.email },
      board: { id: boardId },
      voteCount: 1,
      tags: [],
    });
    expect(created.messageId).toMatch(/^msg_[0-9a-f]{32}$/);
    // The votes-only endpoint hears of the author's vote; the disabled one of nothing.
    expect(to(votesOnly, written).map((d) => d.event)).toEqual(["vote.created"]);
    expect(to(switchedOff, written)).toEqual([]);
    expect(new Set(written.map((d) => d.messageId)).size).toBe(written.length);
  });

  it("writes nothing when the post's transaction rolls back", () => {
    rolledBack(() => insertPostIn(getDb(), { boardId, authorId: customer.id, title: "Never", bodyMd: "", bodyHtml: "", excerpt: "" }));
    expect(newDeliveries()).toEqual([]);
  });

  it("takes the post down with it when its delivery cannot be written", async () => {
    await withDeliveriesRefused(() => newPost("Refused with its delivery"));
    expect(getDb().select().from(posts).where(eq(posts.title, "Refused with its delivery")).all()).toEqual([]);
  });
});

describe("post.updated", () => {
  it("reports a new kind, tags and owner, each saying what changed", async () => {
    const postId = await newPost("Export");
    newDeliveries();
    expect(setKind(postId, "bug").ok).toBe(true);
    const tag = insertTag({ name: "Reporting", color: "#0ea5e9" });
    expect(setPostTags(postId, [tag.id]).ok).toBe(true);
    expect(setOwner(postId, staff.id, admin).ok).toBe(true);
    const updates = to(everything, newDeliveries());
    expect(updates.map((d) => [d.event, d.payload.data.changed])).toEqual([
      ["post.updated", ["kind"]],
      ["post.updated", ["tags"]],
      ["post.updated", ["owner"]],
    ]);
    expect(updates[2].payload.data.post).toMatchObject({ id: postId, kind: "bug", tags: ["Reporting"], ownerId: staff.id });
  });

  it("writes nothing when the change rolls back, and fails with an unwritable delivery", async () => {
    const postId = await newPost("Rollback kind");
    newDeliveries();
    rolledBack(() => setKind(postId, "feature_request"));
    rolledBack(() => setOwner(postId, staff.id, admin));
    expect(newDeliveries()).toEqual([]);
    await withDeliveriesRefused(() => setKind(postId, "bug"));
    expect(findLivePost(postId)!.kind).toBe(null satisfies PostKind | null);
  });
});

describe("post.status_changed and post.shipped", () => {
  it("carries the old and new status and the response; shipping adds post.shipped", async () => {
    const postId = await newPost("Webhooks");
    newDeliveries();
    expect((await changeStatus(postId, "planned", "Next *quarter*.", staff)).ok).toBe(true);
    const [planned] = to(everything, newDeliveries());
    expect(planned.event).toBe("post.status_changed");
    expect(planned.payload.data).toMatchObject({
      oldStatus: "open",
      newStatus: "planned",
      response: { markdown: "Next *quarter*.", html: expect.stringContaining("<em>quarter</em>") },
      changedBy: { id: staff.id, name: "Sara" },
      post: { id: postId, status: "planned" },
    });
    expect((await changeStatus(postId, "shipped", "", staff)).ok).toBe(true);
    const shipped = to(everything, newDeliveries());
    expect(shipped.map((d) => d.event)).toEqual(["post.status_changed", "post.shipped"]);
    expect(shipped[0].payload.data).toMatchObject({ oldStatus: "planned", newStatus: "shipped", response: null });
    expect(shipped[1].payload.data).toMatchObject({ post: { id: postId, status: "shipped" }, response: null });
  });

  it("writes nothing when the status change rolls back", async () => {
    const postId = await newPost("Rollback status");
    newDeliveries();
    rolledBack(() => changeStatusIn(getDb(), findLivePost(postId)!, "shipped", NO_RESPONSE, staff, { emails: true, now: Date.now() }));
    expect(newDeliveries()).toEqual([]);
    await withDeliveriesRefused(() => changeStatus(postId, "shipped", "", staff));
    expect(findLivePost(postId)!.status).toBe("open");
  });
});

describe("post.merged", () => {
  it("names the merged post and the one it went into", async () => {
    const source = await newPost("Night theme");
    const target = await newPost("Dark theme");
    newDeliveries();
    expect(mergePosts(source, target, staff).ok).toBe(true);
    const merged = to(everything, newDeliveries());
    expect(merged.map((d) => d.event)).toEqual(["post.merged"]);
    expect(merged[0].payload.data).toMatchObject({ post: { id: source, status: "duplicate", mergedIntoId: target }, into: { id: target } });
  });

  it("writes nothing when the merge rolls back", async () => {
    const source = await newPost("Rollback merge A");
    const target = await newPost("Rollback merge B");
    newDeliveries();
    rolledBack(() => mergePosts(source, target, staff));
    expect(newDeliveries()).toEqual([]);
    await withDeliveriesRefused(() => mergePosts(source, target, staff));
    expect(findLivePost(source)!.mergedIntoId).toBe(null);
  });
});

describe("comment.created", () => {
  it("reports public comments and never internal notes", async () => {
    const postId = await newPost("Comments");
    newDeliveries();
    const added = await addComment(postId, { body: "Same here" }, customer);
    if (!added.ok) throw new Error("comment refused");
    expect((await addInternalNote(postId, "Big customer asks for this", staff)).ok).toBe(true);
    const written = to(everything, newDeliveries());
    expect(written.map((d) => d.event)).toEqual(["comment.created"]);
    expect(written[0].payload.data).toMatchObject({
      comment: { id: added.value.commentId, postId, parentId: null, body: "Same here", author: { id: customer.id, name: "Cora" } },
      post: { id: postId, commentCount: 1 },
    });
    expect(JSON.stringify(written)).not.toContain("Big customer");
  });

  it("takes the comment down with it when its delivery cannot be written", async () => {
    const postId = await newPost("Comment refused");
    newDeliveries();
    await withDeliveriesRefused(() => addComment(postId, { body: "Lost with its delivery" }, customer));
    expect(getDb().select().from(comments).where(eq(comments.postId, postId)).all()).toEqual([]);
    expect(findLivePost(postId)!.commentCount).toBe(0);
  });
});

describe("vote.created and vote.deleted", () => {
  it("reports a vote, a vote on someone's behalf, and a vote taken back", async () => {
    const postId = await newPost("Votes");
    const voter = await createUser({ displayName: "Vera" });
    newDeliveries();
    expect(toggleVote(postId, voter).ok).toBe(true);
    expect(voteOnBehalf(postId, { email: "caller@example.test", note: "On the phone" }, staff).ok).toBe(true);
    expect(toggleVote(postId, voter).ok).toBe(true);
    const written = newDeliveries();
    expect(to(everything, written).map((d) => d.event)).toEqual(["vote.created", "vote.created", "vote.deleted"]);
    const [cast, onBehalf, takenBack] = to(everything, written).map((d) => d.payload.data);
    expect(cast).toMatchObject({ vote: { postId, voter: { id: voter.id, name: "Vera" }, onBehalf: null }, post: { id: postId, voteCount: 2 } });
    expect(onBehalf).toMatchObject({ vote: { voter: { email: "caller@example.test" }, onBehalf: { addedById: staff.id, note: "On the phone" } } });
    expect(takenBack).toMatchObject({ vote: { postId, voter: { id: voter.id } }, post: { voteCount: 2 } });
    // The votes-only endpoint gets the two new votes and not the one taken back.
    expect(to(votesOnly, written).map((d) => d.event)).toEqual(["vote.created", "vote.created"]);
  });

  it("writes nothing when the vote rolls back, and fails with an unwritable delivery", async () => {
    const postId = await newPost("Rollback vote");
    const voter = await createUser();
    newDeliveries();
    rolledBack(() => toggleVote(postId, voter));
    expect(newDeliveries()).toEqual([]);
    await withDeliveriesRefused(() => toggleVote(postId, voter));
    expect(findLivePost(postId)!.voteCount).toBe(1);
  });
});
