// GET /api/v1/changelog: published entries with the ids of the posts they shipped (issue 14).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { changelogQuerySchema } from "~/schemas/api/posts";
import { changelogPage } from "~/services/api-posts.server";
import { apiJson, authorizeApi, methodNotAllowed, readApiQuery } from "~/utils/api.server";

export function loader({ request }: LoaderFunctionArgs) {
  authorizeApi(request, "read");
  return apiJson(changelogPage(readApiQuery(request, changelogQuerySchema)));
}

export const action = methodNotAllowed("GET");
