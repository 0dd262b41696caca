import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PostList } from "~/components/PostList";
import { BoardSurveyPrompt } from "~/components/surveys/SurveyPrompt";
import { getViewerSession } from "~/services/guards.server";
import { resolveLocale } from "~/services/i18n.server";
import { listPosts, parseListQuery } from "~/services/posts.server";
import { promptFor } from "~/services/surveys.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, sessionId } = await getViewerSession(request);
  const listing = listPosts(parseListQuery(new URL(request.url)), viewer);
  return { ...listing, surveyPrompt: promptFor(viewer, sessionId, await resolveLocale(request, viewer)) };
}

export default function Index() {
  const { surveyPrompt, ...listing } = useLoaderData<typeof loader>();
  return <PostList listing={listing} basePath="/" prompt={<BoardSurveyPrompt prompt={surveyPrompt} boardId={listing.board?.id ?? null} />} />;
}
