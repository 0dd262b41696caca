// GET /api/v1/posts (list and search) and POST /api/v1/posts (create) (issue 14).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createPostSchema, postsQuerySchema } from "~/schemas/api/posts";
import { createPostFromApi, postsPage } from "~/services/api-posts.server";
import { apiJson, authorizeApi, problemFor, readApiQuery, readJsonBody, requireMethod } from "~/utils/api.server";

export function loader({ request }: LoaderFunctionArgs) {
  authorizeApi(request, "read");
  const page = postsPage(readApiQuery(request, postsQuerySchema));
  return page.ok ? apiJson(page.value) : problemFor(page);
}

export async function action({ request }: ActionFunctionArgs) {
  requireMethod(request, "GET", "POST");
  authorizeApi(request, "write");
  const created = await createPostFromApi(await readJsonBody(request, createPostSchema));
  return created.ok ? apiJson(created.value, 201, { location: `/api/v1/posts/${created.value.id}` }) : problemFor(created);
}
