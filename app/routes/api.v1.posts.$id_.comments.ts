// GET and POST /api/v1/posts/:id/comments (issue 14): the idea's thread, and a new comment
// or internal note through the same comment service as the board's form.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { CommentForStaff } from "~/models/comments.server";
import { commentsQuerySchema, newApiCommentSchema } from "~/schemas/api/people";
import { scopeAllows } from "~/services/api-keys.server";
import { addCommentThroughApi, commentForStaff, commentsPage } from "~/services/comments.server";
import { apiIdParam, apiJson, authorizeApi, isoTime, problem, problemFor, readApiQuery, readJsonBody } from "~/utils/api.server";

function commentJson(c: CommentForStaff) {
  return {
    id: c.id,
    postId: c.postId,
    parentId: c.parentId,
    author: { id: c.authorId, name: c.authorName, email: c.authorEmail },
    body: c.bodyMd,
    bodyHtml: c.bodyHtml,
    internal: c.isInternal,
    createdAt: isoTime(c.createdAt),
    editedAt: isoTime(c.editedAt),
    deletedAt: isoTime(c.deletedAt),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = authorizeApi(request, "read");
  const postId = apiIdParam(params.id);
  const query = readApiQuery(request, commentsQuerySchema);
  const withNotes = query.notes === "1";
  // Internal notes are staff's working notes: only a key that may also write sees them.
  if (withNotes && !scopeAllows(caller.scope, "write")) return problem(403, "error.apiScope");
  const page = commentsPage(postId, { withNotes, cursor: query.cursor, limit: query.limit });
  if (!page.ok) return problemFor(page);
  return apiJson({ data: page.value.rows.map(commentJson), nextCursor: page.value.nextCursor });
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return problem(405, "error.methodNotAllowed", { headers: { allow: "GET, POST" } });
  const caller = authorizeApi(request, "write");
  const postId = apiIdParam(params.id);
  const input = await readJsonBody(request, newApiCommentSchema);
  const added = await addCommentThroughApi(postId, input, caller.actor);
  if (!added.ok) return problemFor(added);
  return apiJson(commentJson(commentForStaff(added.value.commentId)!), 201);
}
