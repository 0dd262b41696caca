import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PostList } from "~/components/PostList";
import { getViewer } from "~/services/guards.server";
import { listPosts, parseListQuery } from "~/services/posts.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const listing = listPosts(parseListQuery(new URL(request.url)), viewer, params.slug);
  if (!listing) throw new Response("Not found", { status: 404 });
  return listing;
}

export default function BoardPage() {
  const listing = useLoaderData<typeof loader>();
  return <PostList listing={listing} basePath={`/b/${listing.board!.slug}`} />;
}
