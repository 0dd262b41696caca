// An email that waits (SMTP not configured yet, a retry after a 4xx, a lease that ran
// out) must not quote content that was deleted meanwhile: a deleted comment, a deleted
// post, or a rejected one (awaiting approval, then deleted by staff). Deleting cancels
// the waiting rows in the same transaction; the worker checks again before it sends.
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";
import { requeueRows, releaseUnconfiguredRows } from "~/models/outbox.server";
import { updateEmailPreferences } from "~/models/users.server";
import { writeSettings } from "~/models/settings.server";
import { loader as emailLogLoader } from "~/routes/admin.emails";
import type { SessionUser } from "~/services/auth.server";
import { publishEntry, saveEntry } from "~/services/changelog.server";
import { addComment, deleteComment } from "~/services/comments.server";
import { changeStatus } from "~/services/loop.server";
import { mergePosts } from "~/services/merge.server";
import { drainOutbox } from "~/services/outbox.server";
import { deletePosts } from "~/services/triage.server";
import { castVote } from "~/services/votes.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";
import { closeSinkAndWorker, startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

let sink: SmtpSink;
let admin: SessionUser;
let staff: SessionUser;

const rowsQuoting = (text: string) =>
  getDb()
    .select()
    .from(emailOutbox)
    .all()
    .filter((r) => r.payload.includes(text));

function commentId(result: Awaited<ReturnType<typeof addComment>>): number {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.value.commentId;
}

/** A user who asked for every email, comments included. */
async function emailedUser(displayName: string, email: string): Promise<SessionUser> {
  const user = await createUser({ displayName, email });
  updateEmailPreferences(user.id, { emailOnStatus: true, emailOnComment: true });
  return user;
}

/** Everything the sink received, as one string to search. */
const everythingSent = () => sink.received.map((r) => `${r.mail.subject}\n${r.mail.text}\n${r.mail.html}`).join("\n");

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.PUBLIC_URL = "http://closeloop.test";
  ({ admin } = await seedSite());
  staff = await createUser({ role: "staff", displayName: "Sam Staff" });
});

afterAll(() => closeSinkAndWorker(sink));

beforeEach(() => {
  sink.received.length = 0;
  delete process.env.SMTP_URL;
});

describe("emails queued while SMTP is not configured", () => {
  it("sends nothing that quotes a deleted comment, a deleted post or a rejected post; everything else still goes", async () => {
    const follower = await emailedUser("Fay Follower", "fay@example.test");
    const commenter = await createUser({ displayName: "Cy Commenter" });

    // A post that stays, with a comment its author deletes, one staff deletes, and one that stays.
    const kept = await createTestPost(await createUser(), "Keeper post about calendars");
    castVote(kept, follower);
    const ownDeleted = commentId(await addComment(kept, { body: "Quokka remark the commenter takes back" }, commenter));
    const staffDeleted = commentId(await addComment(kept, { body: "Narwhal spam that staff remove" }, commenter));
    commentId(await addComment(kept, { body: "Pelican remark that stays" }, commenter));
    expect((await changeStatus(kept, "planned", "", staff)).ok).toBe(true);

    // A post that gets a status email, a comment email, and is then deleted.
    const doomed = await createTestPost(await createUser(), "Doomed post about ferrets");
    castVote(doomed, follower);
    expect((await changeStatus(doomed, "planned", "Ferret plans in detail", staff)).ok).toBe(true);
    commentId(await addComment(doomed, { body: "Ferret comment on a doomed post" }, commenter));

    // A post merged into a target that is then deleted: the merge email quotes the target's title.
    const source = await createTestPost(await createUser(), "Source post about otters");
    const target = await createTestPost(await createUser(), "Target post about badgers");
    castVote(source, follower);
    expect(mergePosts(source, target, staff).ok).toBe(true);

    // A post awaiting approval: staff answer its author, then reject it.
    writeSettings({ requireApproval: "1" });
    const hopeful = await emailedUser("Hope Author", "hope@example.test");
    const rejected = await createTestPost(hopeful, "Rejected post about lemurs");
    writeSettings({ requireApproval: "0" });
    commentId(await addComment(rejected, { body: "Staff question about lemurs" }, admin));

    for (const text of ["Quokka", "Narwhal", "Pelican", "ferrets", "otters", "lemurs", "calendars"]) {
      expect(rowsQuoting(text).length, text).toBeGreaterThan(0);
      expect(
        rowsQuoting(text).every((r) => r.status === "not_configured"),
        text,
      ).toBe(true);
    }

    expect(deleteComment(kept, ownDeleted, commenter).ok).toBe(true);
    expect(deleteComment(kept, staffDeleted, staff).ok).toBe(true);
    expect(deletePosts([doomed])).toBe(1);
    expect(deletePosts([target])).toBe(1);
    expect(deletePosts([rejected])).toBe(1);

    // Cancelled in the same transaction as each delete, before any worker runs.
    for (const text of ["Quokka", "Narwhal", "ferrets", "badgers", "lemurs"]) {
      expect(
        rowsQuoting(text).map((r) => r.status),
        text,
      ).toEqual(rowsQuoting(text).map(() => "cancelled"));
    }
    // Staff cannot bring a cancelled row back by asking for a retry.
    const cancelledIds = rowsQuoting("ferrets").map((r) => r.id);
    expect(requeueRows(cancelledIds, "pending", Date.now())).toBe(0);

    process.env.SMTP_URL = sink.url;
    releaseUnconfiguredRows(Date.now());
    await drainOutbox();

    const sent = everythingSent();
    for (const gone of ["Quokka", "Narwhal", "ferrets", "Ferret", "otters", "badgers", "lemurs"]) expect(sent).not.toContain(gone);
    // The rest went out: the kept post's status email and its surviving comment.
    expect(sent).toContain("Pelican remark that stays");
    expect(sent).toContain("Keeper post about calendars");
    expect(rowsQuoting("Pelican").map((r) => r.status)).toEqual(["sent"]);
    expect(
      getDb()
        .select()
        .from(emailOutbox)
        .where(inArray(emailOutbox.id, cancelledIds))
        .all()
        .map((r) => r.status),
    ).toEqual(cancelledIds.map(() => "cancelled"));

    // The staff email log counts and labels them.
    const staffCookie = await sessionCookie(staff.id);
    const log = (await callRoute(emailLogLoader, makeRequest("/admin/emails?status=cancelled", { cookie: staffCookie }))).data as Awaited<
      ReturnType<typeof emailLogLoader>
    >;
    expect(log.counts.cancelled).toBeGreaterThanOrEqual(cancelledIds.length);
    expect(log.rows.length).toBeGreaterThanOrEqual(cancelledIds.length);
    expect(log.rows.every((r) => r.status === "cancelled")).toBe(true);
  });
});

describe("emails waiting for a retry, or leased by a worker that died", () => {
  it("are not sent once the comment they quote is deleted", async () => {
    process.env.SMTP_URL = sink.url;
    const follower = await emailedUser("Rita Retry", "rita@example.test");
    const commenter = await createUser({ displayName: "Cy Commenter" });
    const postId = await createTestPost(follower, "Retry post about owls");

    // A 4xx: the email waits for its retry.
    sink.refuse("rita@example.test", 451, 1);
    const retried = commentId(await addComment(postId, { body: "Heron remark that waits for a retry" }, commenter));
    expect((await drainOutbox()).retried).toBe(1);
    expect(rowsQuoting("Heron").map((r) => r.status)).toEqual(["pending"]);

    // A row a dead worker held ("sending", lease run out) when the delete came: the
    // delete leaves leased rows to their worker, so the worker's own check must stop it.
    const leased = commentId(await addComment(postId, { body: "Ibis remark a dead worker held" }, commenter));
    getDb()
      .update(emailOutbox)
      .set({ status: "sending", leaseUntil: 1 })
      .where(eq(emailOutbox.id, rowsQuoting("Ibis")[0].id))
      .run();

    const kept = commentId(await addComment(postId, { body: "Jackdaw remark that stays" }, commenter));
    expect(kept).toBeGreaterThan(0);

    expect(deleteComment(postId, retried, staff).ok).toBe(true);
    expect(deleteComment(postId, leased, commenter).ok).toBe(true);
    expect(rowsQuoting("Heron").map((r) => r.status)).toEqual(["cancelled"]);

    // Far enough ahead that the retry is due.
    await drainOutbox(() => Date.now() + 24 * 3_600_000);
    const sent = everythingSent();
    expect(sent).not.toContain("Heron");
    expect(sent).not.toContain("Ibis");
    expect(sent).toContain("Jackdaw remark that stays");
    expect(rowsQuoting("Ibis").map((r) => r.status)).toEqual(["cancelled"]);
  });
});

describe("a changelog email queued before a linked post was deleted or merged away", () => {
  it("lists only the linked posts still on the board, and with none left still sends the entry without a list", async () => {
    const voter = await emailedUser("Vera Voter", "vera@example.test");
    const lone = await emailedUser("Lon Voter", "lon@example.test");
    const kept = await createTestPost(await createUser(), "Kept post about puffins");
    const deleted = await createTestPost(await createUser(), "Deleted post about walruses");
    const mergedAway = await createTestPost(await createUser(), "Merged post about stoats");
    const mergeTarget = await createTestPost(await createUser(), "Merge target about weasels");
    for (const postId of [kept, deleted, mergedAway]) castVote(postId, voter);
    castVote(deleted, lone);

    const entry = await saveEntry(null, { title: "Spring release of marmots", body: "Marmot release notes", postIds: [kept, deleted, mergedAway] }, staff);
    if (!entry.ok) throw new Error(JSON.stringify(entry));
    expect(publishEntry(entry.value.entryId, staff)).toMatchObject({ ok: true });
    const queued = rowsQuoting("marmots").filter((r) => ["vera@example.test", "lon@example.test"].includes(r.toEmail));
    expect(queued.map((r) => [r.toEmail, r.status, r.payload.includes("walruses")])).toEqual([
      ["vera@example.test", "not_configured", true],
      ["lon@example.test", "not_configured", true],
    ]);

    // After the entry was queued: one linked post deleted, one merged into a post the entry does not link.
    expect(deletePosts([deleted])).toBe(1);
    expect(mergePosts(mergedAway, mergeTarget, staff).ok).toBe(true);

    process.env.SMTP_URL = sink.url;
    releaseUnconfiguredRows(Date.now());
    await drainOutbox();

    const changelogTo = (address: string) => sink.to(address).filter((m) => m.subject?.includes("marmots"));
    const [toVoter] = changelogTo("vera@example.test");
    expect(changelogTo("vera@example.test")).toHaveLength(1);
    const voterText = `${toVoter.text}\n${toVoter.html}`;
    expect(voterText).toContain("Kept post about puffins");
    expect(voterText).toContain(`/posts/${kept}`);
    expect(voterText).not.toContain("walruses");
    expect(voterText).not.toContain(`/posts/${deleted}"`);
    expect(voterText).not.toContain("stoats");
    expect(voterText).toContain("We shipped an idea you voted for:");

    // Lon voted only for the deleted post: the entry is still news, sent without a list of ideas.
    const toLone = changelogTo("lon@example.test");
    expect(toLone).toHaveLength(1);
    const loneText = `${toLone[0].text}\n${toLone[0].html}`;
    expect(loneText).toContain("Marmot release notes");
    expect(loneText).toContain(`/changelog#entry-${entry.value.entryId}`);
    expect(loneText).not.toContain("walruses");
    expect(loneText).not.toContain("We shipped");
  });
});
