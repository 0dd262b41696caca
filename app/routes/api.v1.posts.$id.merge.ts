// POST /api/v1/posts/:id/merge: fold a duplicate into another post (issue 14).
import type { ActionFunctionArgs } from "@remix-run/node";
import { mergePostSchema } from "~/schemas/api/posts";
import { mergePostFromApi } from "~/services/api-posts.server";
import { apiIdParam, apiJson, authorizeApi, methodNotAllowed, problemFor, readJsonBody, requireMethod } from "~/utils/api.server";

export const loader = methodNotAllowed("POST");

export async function action({ request, params }: ActionFunctionArgs) {
  requireMethod(request, "POST");
  const caller = authorizeApi(request, "write");
  const postId = apiIdParam(params.id);
  const { into } = await readJsonBody(request, mergePostSchema);
  const merged = mergePostFromApi(postId, into, caller.actor);
  return merged.ok ? apiJson(merged.value) : problemFor(merged);
}
