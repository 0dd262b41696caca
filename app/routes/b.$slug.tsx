import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PostList } from "~/components/PostList";
import { getViewer } from "~/services/guards.server";
import { listBoardPosts, parseListQuery } from "~/services/posts.server";
import { refuse } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const listing = listBoardPosts(params.slug ?? "", parseListQuery(new URL(request.url)), viewer);
  if (!listing.ok) refuse(listing);
  return listing.value;
}

export default function BoardPage() {
  const listing = useLoaderData<typeof loader>();
  return <PostList listing={listing} basePath={`/b/${listing.board!.slug}`} />;
}
