// The board list's per-board counts come from public_post_counts, kept by triggers on posts
// (migration 0018). Every kind of write that changes whether or where a post is public must
// leave them equal to a count over every post, and the board list must show them.
import { beforeAll, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { insertBoard } from "~/models/boards.server";
import { countPublicPostsByBoard } from "~/models/posts.server";
import type { SessionUser } from "~/services/auth.server";
import { createTestPost, createUser, seedSite } from "../helpers/factories";
import { wrongPublicPostCounts } from "../helpers/public-post-counts";

let author: SessionUser;
let feedbackId: number;
let bugsId: number;
const ids: number[] = [];

function run(sql: string, ...params: unknown[]) {
  getDb()
    .$client.prepare(sql)
    .run(...params);
}

beforeAll(async () => {
  const { board } = await seedSite();
  feedbackId = board.id;
  bugsId = insertBoard({ slug: "bugs-counted", name: "Bugs", description: "" }).id;
  author = await createUser();
  for (let i = 0; i < 6; i++) ids.push(await createTestPost(author, `Counted idea number ${i}`));
});

it("counts new public posts per board and status", () => {
  expect(wrongPublicPostCounts()).toEqual([]);
  expect(countPublicPostsByBoard(["open"]).get(feedbackId)).toBe(6);
});

it("follows status changes, board moves, approval, deletion, merges and hard deletes", () => {
  const steps: [string, () => void, number, number][] = [
    ["planned", () => run("update posts set status = 'planned' where id = ?", ids[0]), 5, 0],
    ["moved to bugs", () => run("update posts set board_id = ? where id = ?", bugsId, ids[1]), 4, 1],
    ["awaiting approval", () => run("update posts set pending_approval = 1 where id = ?", ids[2]), 3, 1],
    ["approved", () => run("update posts set pending_approval = 0 where id = ?", ids[2]), 4, 1],
    ["soft-deleted", () => run("update posts set deleted_at = 1 where id = ?", ids[3]), 3, 1],
    ["restored", () => run("update posts set deleted_at = null where id = ?", ids[3]), 4, 1],
    ["merged away", () => run("update posts set merged_into_id = ?, status = 'duplicate' where id = ?", ids[5], ids[4]), 3, 1],
    ["moved and closed at once", () => run("update posts set board_id = ?, status = 'shipped' where id = ?", bugsId, ids[5]), 2, 1],
    ["vote counts only", () => run("update posts set vote_count = vote_count + 3 where id = ?", ids[1]), 2, 1],
    ["deleted for good", () => run("delete from posts where id = ?", ids[4]), 2, 1],
  ];
  for (const [step, write, openOnFeedback, openOnBugs] of steps) {
    write();
    expect(wrongPublicPostCounts(), step).toEqual([]);
    const open = countPublicPostsByBoard(["open"]);
    expect([open.get(feedbackId) ?? 0, open.get(bugsId) ?? 0], step).toEqual([openOnFeedback, openOnBugs]);
  }
  expect(countPublicPostsByBoard(["planned", "shipped"]).get(feedbackId)).toBe(1);
  expect(countPublicPostsByBoard(["planned", "shipped"]).get(bugsId)).toBe(1);
});
