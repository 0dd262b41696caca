// GET /api/v1/posts/:id and PATCH /api/v1/posts/:id (triage) (issue 14).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { updatePostSchema } from "~/schemas/api/posts";
import { postById, updatePostFromApi } from "~/services/api-posts.server";
import { apiIdParam, apiJson, authorizeApi, problemFor, readJsonBody, requireMethod } from "~/utils/api.server";

export function loader({ request, params }: LoaderFunctionArgs) {
  authorizeApi(request, "read");
  const post = postById(apiIdParam(params.id));
  return post.ok ? apiJson(post.value) : problemFor(post);
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireMethod(request, "GET", "PATCH");
  const caller = authorizeApi(request, "write");
  const postId = apiIdParam(params.id);
  const updated = await updatePostFromApi(postId, await readJsonBody(request, updatePostSchema), caller.actor);
  return updated.ok ? apiJson(updated.value) : problemFor(updated);
}
