import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PostList } from "~/components/PostList";
import { getViewer } from "~/services/guards.server";
import { listPosts, parseListQuery } from "~/services/posts.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  return listPosts(parseListQuery(new URL(request.url)), viewer);
}

export default function Index() {
  const listing = useLoaderData<typeof loader>();
  return <PostList listing={listing} basePath="/" />;
}
