import type { LoaderFunctionArgs } from "@remix-run/node";
import { findSimilarPosts } from "~/services/posts.server";

/** GET /posts/similar?title=… → { posts: [{ id, title, voteCount, status }] } */
export async function loader({ request }: LoaderFunctionArgs) {
  const title = (new URL(request.url).searchParams.get("title") ?? "").slice(0, 200);
  return Response.json({ posts: findSimilarPosts(title) }, { headers: { "Cache-Control": "no-store" } });
}
