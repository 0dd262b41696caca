// Markdown renders off the request path: while one comment's render is stuck, the
// server keeps answering, and at the deadline the comment is saved as typed. Also: edits
// are rate-limited like new comments, since each one is rendered again.
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { comments } from "~/db/schema";
import { loader as indexLoader } from "~/routes/_index";
import { action as commentAction } from "~/routes/posts.$id_.comments";
import { action as commentEditAction } from "~/routes/posts.$id_.comments_.$commentId";
import { loader as postLoader } from "~/routes/posts.$id";
import { createRenderer, useRenderer, type MarkdownRenderer } from "~/utils/markdown.server";
import { RATE_LIMITS } from "~/services/rate-limit.server";
import { setCommentsLocked } from "~/services/triage.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";
import { pathologicalMarkdown } from "../helpers/pathological-markdown";

let postId = 0;
let cookie = "";

beforeAll(async () => {
  await seedSite();
  const author = await createUser({ displayName: "Author" });
  cookie = await sessionCookie(author.id);
  postId = await createTestPost(author, "Export invoices as CSV");
});

function postComment(body: string) {
  return callRoute(commentAction, makeRequest(`/posts/${postId}/comments`, { cookie, form: { body } }), { id: String(postId) });
}

function commentsNow() {
  return getDb().select().from(comments).where(eq(comments.postId, postId)).all();
}

describe("a render that never finishes", () => {
  let stuck: MarkdownRenderer;
  let previous: MarkdownRenderer | undefined;
  beforeAll(() => {
    stuck = createRenderer({ workerFile: path.resolve("tests/fixtures/stuck-markdown-worker.mjs"), deadlineMs: 2000 });
    previous = useRenderer(stuck);
  });
  afterAll(async () => {
    useRenderer(previous);
    await stuck.close();
  });

  it("holds up nobody: the board and the post page answer meanwhile, and the comment is kept as typed", async () => {
    let commentAnswered = false;
    const commenting = postComment("Stuck on **this** <b>input</b>").finally(() => (commentAnswered = true));

    const board = await callRoute(indexLoader, makeRequest("/"));
    const page = await callRoute(postLoader, makeRequest(`/posts/${postId}`, { cookie }), { id: String(postId) });
    expect(board.status).toBe(200);
    expect(page.status).toBe(200);
    expect(commentAnswered).toBe(false);

    const commented = await commenting;
    expect(commented.status).toBe(302);
    const saved = commentsNow().at(-1)!;
    expect(saved.bodyMd).toBe("Stuck on **this** <b>input</b>");
    expect(saved.bodyHtml).toBe('<p dir="auto">Stuck on **this** &#60;b&#62;input&#60;/b&#62;</p>');
  });
});

describe("the pathological corpus through the comment form", () => {
  it("saves every case, with the author's closing words, and never a 500", async () => {
    // A little under the comment limit, so the closing words fit.
    const cases = pathologicalMarkdown(9_900).filter((_, i) => i % 6 === 0);
    for (const { markdown } of cases) {
      const before = commentsNow().length;
      const response = await postComment(`${markdown}\n\nClosing words`);
      if (response.status === 302) {
        expect(commentsNow().length).toBe(before + 1);
        expect(commentsNow().at(-1)!.bodyHtml).toContain("Closing words");
      } else {
        // The hourly comment limit: answered with a message, nothing half-saved.
        expect(response.status).toBe(429);
        expect(commentsNow().length).toBe(before);
      }
    }
  });
});

describe("comment edits", () => {
  it("are limited like new comments, with the edit form's message and the stored comment untouched", async () => {
    const editor = await createUser({ displayName: "Editor" });
    const editorCookie = await sessionCookie(editor.id);
    const created = await callRoute(commentAction, makeRequest(`/posts/${postId}/comments`, { cookie: editorCookie, form: { body: "first words" } }), {
      id: String(postId),
    });
    expect(created.status).toBe(302);
    const commentId = commentsNow().at(-1)!.id;
    const edit = (body: string) =>
      callRoute(commentEditAction, makeRequest(`/posts/${postId}/comments/${commentId}`, { cookie: editorCookie, form: { intent: "edit", body } }), {
        id: String(postId),
        commentId: String(commentId),
      });
    for (let i = 0; i < RATE_LIMITS.commentEdit.limit; i++) expect((await edit(`edit ${i}`)).status).toBe(302);
    const refused = await edit("one edit too many");
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.data)).toContain("error.rateLimited");
    expect(commentsNow().find((c) => c.id === commentId)!.bodyMd).toBe(`edit ${RATE_LIMITS.commentEdit.limit - 1}`);
  });
});

describe("a thread locked while an edit renders", () => {
  it("refuses the edit with the message and keeps the typed text", async () => {
    const editor = await createUser({ displayName: "Slow editor" });
    const editorCookie = await sessionCookie(editor.id);
    const lockedLater = await createTestPost(editor, "Locked while someone types");
    const created = await callRoute(commentAction, makeRequest(`/posts/${lockedLater}/comments`, { cookie: editorCookie, form: { body: "before" } }), {
      id: String(lockedLater),
    });
    expect(created.status).toBe(302);
    const commentId = getDb().select().from(comments).where(eq(comments.postId, lockedLater)).get()!.id;
    // Staff lock the thread while the edit is being rendered.
    const locking: MarkdownRenderer = {
      async render(markdown) {
        setCommentsLocked(lockedLater, true);
        return { html: `<p>${markdown}</p>`, text: markdown, fellBack: false };
      },
      close: async () => {},
    };
    const previous = useRenderer(locking);
    try {
      const edit = await callRoute(
        commentEditAction,
        makeRequest(`/posts/${lockedLater}/comments/${commentId}`, { cookie: editorCookie, form: { intent: "edit", body: "after, typed with care" } }),
        { id: String(lockedLater), commentId: String(commentId) },
      );
      expect(edit).toMatchObject({
        status: 403,
        data: { intent: "edit", reply: { error: { "": ["error.commentsLocked"] }, initialValue: { body: "after, typed with care" } } },
      });
    } finally {
      useRenderer(previous);
    }
    expect(getDb().select().from(comments).where(eq(comments.id, commentId)).get()!.bodyMd).toBe("before");
  });
});
