// The "merged" notice tells a post's voters where their idea went. It must never name
// or link a post they may not see (one awaiting approval), and it must not go out
// once the merge it announces was undone while the email waited.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { emailOutbox, posts } from "~/db/schema";
import { releaseUnconfiguredRows } from "~/models/outbox.server";
import { writeSettings } from "~/models/settings.server";
import { updateEmailPreferences } from "~/models/users.server";
import { action as triageAction } from "~/routes/posts.$id_.triage";
import type { SessionUser } from "~/services/auth.server";
import { mergePosts, undoMerge } from "~/services/merge.server";
import { drainOutbox } from "~/services/outbox.server";
import { approvePosts } from "~/services/triage.server";
import { castVote } from "~/services/votes.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";
import { closeSinkAndWorker, startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

let sink: SmtpSink;
let staff: SessionUser;

const mergedRows = () => getDb().select().from(emailOutbox).where(eq(emailOutbox.template, "merged")).all();

const everythingSent = () => sink.received.map((r) => `${r.mail.subject}\n${r.mail.text}\n${r.mail.html}`).join("\n");

async function emailedVoter(displayName: string, email: string): Promise<SessionUser> {
  const user = await createUser({ displayName, email });
  updateEmailPreferences(user.id, { emailOnStatus: true, emailOnComment: true });
  return user;
}

/** A post awaiting approval, as a customer submits it while approval is required. */
async function pendingPost(title: string): Promise<number> {
  writeSettings({ requireApproval: "1" });
  try {
    return await createTestPost(await createUser(), title);
  } finally {
    writeSettings({ requireApproval: "0" });
  }
}

const mergedInto = (postId: number) => getDb().select({ m: posts.mergedIntoId }).from(posts).where(eq(posts.id, postId)).get()!.m;

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.PUBLIC_URL = "http://closeloop.test";
  await seedSite();
  staff = await createUser({ role: "staff", displayName: "Sam Staff" });
});

afterAll(() => closeSinkAndWorker(sink));

beforeEach(() => {
  sink.received.length = 0;
  process.env.SMTP_URL = sink.url;
});

describe("merging into a post awaiting approval", () => {
  it("is refused next to the merge field with a 400, moves nothing and emails nobody; once approved, the merge goes ahead", async () => {
    const voter = await emailedVoter("Vic Voter", "vic@example.test");
    const source = await createTestPost(await createUser(), "Visible post about kestrels");
    castVote(source, voter);
    const hidden = await pendingPost("Hidden pending post about falcons");
    const outboxBefore = mergedRows().length;

    const cookie = await sessionCookie(staff.id);
    const refused = await callRoute(triageAction, makeRequest(`/posts/${source}/triage`, { cookie, form: { intent: "merge", targetId: String(hidden) } }), {
      id: String(source),
    });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ intent: "merge", reply: { error: { targetId: ["error.mergeTargetPending"] } } });
    expect(mergedInto(source)).toBeNull();
    expect(mergedRows()).toHaveLength(outboxBefore);
    await drainOutbox();
    expect(everythingSent()).not.toContain("falcons");

    // Approve the target first: then the merge is an ordinary one.
    expect(approvePosts([hidden])).toBe(1);
    expect(mergePosts(source, hidden, staff).ok).toBe(true);
    await drainOutbox();
    expect(sink.to("vic@example.test").map((m) => m.subject)).toEqual([expect.stringContaining("kestrels")]);
  });

  it("a post awaiting approval may still be merged into a visible one (a duplicate never needs approving first)", async () => {
    const pending = await pendingPost("Pending duplicate about swifts");
    const visible = await createTestPost(await createUser(), "Visible original about swifts");
    expect(mergePosts(pending, visible, staff).ok).toBe(true);
    expect(mergedInto(pending)).toBe(visible);
  });
});

describe("undoing a merge whose notices are still waiting", () => {
  it("cancels them in the undo's transaction (SMTP not configured), so none is sent later", async () => {
    delete process.env.SMTP_URL;
    const voter = await emailedVoter("Una Unsent", "una@example.test");
    const source = await createTestPost(await createUser(), "Undo source about herons");
    const target = await createTestPost(await createUser(), "Undo target about egrets");
    castVote(source, voter);
    expect(mergePosts(source, target, staff).ok).toBe(true);
    const waiting = mergedRows().filter((r) => r.payload.includes("herons"));
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((r) => r.status === "not_configured")).toBe(true);

    expect(undoMerge(source).ok).toBe(true);
    expect(
      mergedRows()
        .filter((r) => r.payload.includes("herons"))
        .map((r) => r.status),
    ).toEqual(waiting.map(() => "cancelled"));

    process.env.SMTP_URL = sink.url;
    releaseUnconfiguredRows(Date.now());
    await drainOutbox();
    expect(everythingSent()).not.toContain("herons");
  });

  it("cancels one waiting for a retry, and the worker drops one it held when the undo came", async () => {
    const retried = await emailedVoter("Rex Retry", "rex@example.test");
    const held = await emailedVoter("Hal Held", "hal@example.test");
    const source = await createTestPost(await createUser(), "Undo source about cranes");
    const target = await createTestPost(await createUser(), "Undo target about storks");
    castVote(source, retried);
    castVote(source, held);

    sink.refuse("rex@example.test", 451, 1);
    sink.refuse("hal@example.test", 451, 1);
    expect(mergePosts(source, target, staff).ok).toBe(true);
    await drainOutbox();
    const rowTo = (email: string) => mergedRows().find((r) => r.toEmail === email)!;
    expect(rowTo("rex@example.test").status).toBe("pending");
    // A worker that died holding Hal's row: "sending", its lease run out.
    getDb()
      .update(emailOutbox)
      .set({ status: "sending", leaseUntil: 1 })
      .where(eq(emailOutbox.id, rowTo("hal@example.test").id))
      .run();

    expect(undoMerge(source).ok).toBe(true);
    expect(rowTo("rex@example.test").status).toBe("cancelled");

    await drainOutbox(() => Date.now() + 24 * 3_600_000);
    expect(sink.to("rex@example.test")).toEqual([]);
    expect(sink.to("hal@example.test")).toEqual([]);
    expect(rowTo("hal@example.test").status).toBe("cancelled");
  });
});
