// Merge and undo in every order over four posts whose voters, followers and comments
// overlap. After each step every post's vote_count and comment_count equal its rows, and
// the board list's public counts (migration 0018) equal a count over every post
// (no start-up repair needed). A successful undo leaves exactly the state that the
// same steps without that merge would have left; an undo whose target was itself
// merged away is refused with a message and changes nothing.
import type { Statement } from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, transaction } from "~/db/client.server";
import { setSubscription } from "~/models/subscriptions.server";
import { action as triageAction } from "~/routes/posts.$id_.triage";
import type { SessionUser } from "~/services/auth.server";
import { addComment, deleteComment } from "~/services/comments.server";
import { mergePosts, undoMerge, type MergeDone } from "~/services/merge.server";
import type { Result } from "~/utils/result";
import { addInternalNote } from "~/services/triage.server";
import { toggleVote } from "~/services/votes.server";
import { wrongPublicPostCounts } from "../helpers/public-post-counts";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

const NOW = Date.now();
const DEPTH = 4;

let staff: SessionUser;
let postIds: number[] = [];

function sqlite() {
  return getDb().$client;
}

/** Prepared once: the checks below run after every one of thousands of steps. */
const statements = new Map<string, Statement<unknown[]>>();
function query(text: string) {
  if (!statements.has(text)) statements.set(text, sqlite().prepare(text));
  return statements.get(text)!;
}

/** Everything a merge or an undo may touch, without row ids that differ between runs of the same steps. */
function snapshot(): string {
  const ids = postIds.join(",");
  return JSON.stringify({
    // trending_score is a float sum: the same votes summed in another order may differ in the last bits.
    posts: query(
      `select id, status, merged_into_id, vote_count, comment_count, printf('%.12e', trending_score) as trending_score, status_changed_at
       from posts where id in (${ids}) order by id`,
    ).all(),
    votes: query(`select post_id, user_id, source, added_by_id, note, created_at from votes where post_id in (${ids}) order by post_id, user_id`).all(),
    comments: query(`select id, post_id, merged_from_post_id, parent_id from comments where post_id in (${ids}) order by id`).all(),
    subscriptions: query(`select post_id, user_id, state, created_at from subscriptions where post_id in (${ids}) order by post_id, user_id`).all(),
    statusChanges: query(
      `select post_id, from_status, to_status, created_at from status_changes where post_id in (${ids}) order by post_id, from_status, to_status, created_at`,
    ).all(),
  });
}

/** Posts whose counters disagree with their rows. */
function wrongCounters(): unknown[] {
  return query(
    `select id, vote_count, (select count(*) from votes v where v.post_id = p.id) as votes,
            comment_count, (select count(*) from comments c where c.post_id = p.id and c.is_internal = 0 and c.deleted_at is null) as comments
     from posts p
     where vote_count <> (select count(*) from votes v where v.post_id = p.id)
        or comment_count <> (select count(*) from comments c where c.post_id = p.id and c.is_internal = 0 and c.deleted_at is null)`,
  )
    .all()
    .concat(wrongPublicPostCounts());
}

function mergedInto(postId: number): number | null {
  return (query("select merged_into_id as m from posts where id = ?").get(postId) as { m: number | null }).m;
}

type Op = { key: string; kind: "merge" | "undo"; source: number; target?: number };

function allOps(): Op[] {
  const ops: Op[] = [];
  postIds.forEach((s, i) => {
    postIds.forEach((t, j) => {
      if (i !== j) ops.push({ key: `m${i}>${j}`, kind: "merge", source: s, target: t });
    });
    ops.push({ key: `u${i}`, kind: "undo", source: s });
  });
  return ops;
}

beforeAll(async () => {
  await seedSite();
  staff = await createUser({ role: "staff", displayName: "Sam Staff" });
  const users = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => createUser({ displayName: `Voter ${n}` })));
  const authors = await Promise.all([1, 2, 3, 4].map((n) => createUser({ displayName: `Author ${n}` })));
  postIds = [];
  for (const [i, a] of authors.entries()) postIds.push(await createTestPost(a, `Chain post ${i}`));
  // Overlapping voters: users[1] votes on 0, 1 and 2; users[3] on 2 and 3; and so on.
  const voters = [
    [0, 1],
    [1, 2, 5],
    [0, 1, 3, 4],
    [3, 4, 5],
  ];
  let at = NOW - 3_600_000;
  voters.forEach((vs, p) => vs.forEach((u) => toggleVote(postIds[p], users[u], (at += 60_000))));
  // Comments on every post: a comment, a reply, a deleted one and an internal note.
  for (const [p, postId] of postIds.entries()) {
    const first = await addComment(postId, { body: `First on ${p}` }, users[(p + 1) % 6]);
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect((await addComment(postId, { body: `Reply on ${p}`, parentId: first.value.commentId }, users[(p + 2) % 6])).ok).toBe(true);
    const gone = await addComment(postId, { body: `Deleted on ${p}` }, users[(p + 3) % 6]);
    if (!gone.ok) throw new Error(JSON.stringify(gone));
    expect(deleteComment(postId, gone.value.commentId, users[(p + 3) % 6]).ok).toBe(true);
    expect((await addInternalNote(postId, `Note on ${p}`, staff)).ok).toBe(true);
  }
  // A follower who chose to unfollow one post but follows another.
  transaction((db) => setSubscription(db, postIds[2], users[1].id, "unsubscribed"));
  expect(wrongCounters()).toEqual([]);
});

describe("merge and undo over chains", () => {
  it(`keeps counters exact and undoes exactly, or refuses, in every order of up to ${DEPTH} steps over four posts`, { timeout: 180_000 }, () => {
    const db = sqlite();
    const ops = allOps();
    const states = new Map<string, string>(); // path of successful steps → state
    const undoChecks: { path: string; expectedPath: string; state: string }[] = [];
    let refusedChains = 0;
    let undone = 0;

    const visit = (path: Op[], depth: number) => {
      const before = snapshot();
      states.set(path.map((o) => o.key).join(" "), before);
      if (depth === DEPTH) return;
      // Steps the plain checks refuse (merging a merged post, undoing an unmerged one) are
      // covered in triage.test.ts; here every step is one a staff member could take.
      const open = (id: number) => mergedInto(id) === null;
      for (const op of ops.filter((o) => (o.kind === "merge" ? open(o.source) && open(o.target!) : !open(o.source)))) {
        db.exec(`savepoint step${depth}`);
        try {
          const chained = op.kind === "undo" && mergedInto(op.source) !== null && mergedInto(mergedInto(op.source)!) !== null;
          const result: Result<MergeDone> = op.kind === "merge" ? mergePosts(op.source, op.target!, staff, NOW) : undoMerge(op.source, NOW);
          const where = [...path.map((o) => o.key), op.key].join(" ");
          expect(wrongCounters(), where).toEqual([]);
          if (chained) {
            expect(result, where).toEqual({ ok: false, error: "error.mergeUndoTargetMerged" });
            refusedChains += 1;
          }
          if (!result.ok) {
            expect(snapshot(), where).toBe(before);
            continue;
          }
          if (op.kind === "undo") {
            // The same steps without the merge this undid (and without the undo).
            const mergeAt = path.map((o) => o.kind === "merge" && o.source === op.source).lastIndexOf(true);
            expect(mergeAt, where).toBeGreaterThanOrEqual(0);
            const expectedPath = path
              .filter((_, i) => i !== mergeAt)
              .map((o) => o.key)
              .join(" ");
            undoChecks.push({ path: where, expectedPath, state: snapshot() });
            undone += 1;
          }
          visit([...path, op], depth + 1);
        } finally {
          db.exec(`rollback to step${depth}`);
          db.exec(`release step${depth}`);
        }
      }
    };

    db.exec("begin");
    try {
      visit([], 0);
    } finally {
      db.exec("rollback");
    }

    expect(refusedChains).toBeGreaterThan(0);
    expect(undone).toBeGreaterThan(0);
    for (const check of undoChecks) {
      expect(states.has(check.expectedPath), check.path).toBe(true);
      expect(JSON.parse(check.state), `${check.path} should equal ${check.expectedPath || "the start"}`).toEqual(JSON.parse(states.get(check.expectedPath)!));
    }
  });

  it("refuses the undo of A after B (A's target) was merged into C, with the message next to the form, and allows it once B's merge is undone", async () => {
    const [a, b, c] = postIds;
    const cookie = await sessionCookie(staff.id);
    const start = snapshot();
    expect(mergePosts(a, b, staff, NOW).ok).toBe(true);
    const afterAB = snapshot();
    expect(mergePosts(b, c, staff, NOW).ok).toBe(true);
    const chained = snapshot();

    const refused = await callRoute(triageAction, makeRequest(`/posts/${a}/triage`, { cookie, form: { intent: "undoMerge" } }), { id: String(a) });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ intent: "undoMerge", reply: { error: { "": ["error.mergeUndoTargetMerged"] } } });
    expect(snapshot()).toBe(chained);
    expect(wrongCounters()).toEqual([]);

    expect(undoMerge(b, NOW).ok).toBe(true);
    expect(JSON.parse(snapshot())).toEqual(JSON.parse(afterAB));
    expect(undoMerge(a, NOW).ok).toBe(true);
    expect(JSON.parse(snapshot())).toEqual(JSON.parse(start));
    expect(wrongCounters()).toEqual([]);
  });
});
