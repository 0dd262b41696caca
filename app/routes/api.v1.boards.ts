// GET /api/v1/boards: every board, a keyset page at a time (issue 14).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { boardsQuerySchema } from "~/schemas/api/posts";
import { boardsPage } from "~/services/api-posts.server";
import { apiJson, authorizeApi, methodNotAllowed, readApiQuery } from "~/utils/api.server";

export function loader({ request }: LoaderFunctionArgs) {
  authorizeApi(request, "read");
  return apiJson(boardsPage(readApiQuery(request, boardsQuerySchema)));
}

export const action = methodNotAllowed("GET");
