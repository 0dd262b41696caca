import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PostList } from "~/components/PostList";
import { BoardSurveyPrompt } from "~/components/surveys/SurveyPrompt";
import { getViewerSession } from "~/services/guards.server";
import { resolveLocale } from "~/services/i18n.server";
import { listBoardPosts, parseListQuery } from "~/services/posts.server";
import { promptFor } from "~/services/surveys.server";
import { refuse } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, sessionId } = await getViewerSession(request);
  const listing = listBoardPosts(params.slug ?? "", parseListQuery(new URL(request.url)), viewer);
  if (!listing.ok) refuse(listing);
  return { ...listing.value, surveyPrompt: promptFor(viewer, sessionId, await resolveLocale(request, viewer)) };
}

export default function BoardPage() {
  const { surveyPrompt, ...listing } = useLoaderData<typeof loader>();
  return (
    <PostList
      listing={listing}
      basePath={`/b/${listing.board!.slug}`}
      prompt={<BoardSurveyPrompt prompt={surveyPrompt} boardId={listing.board?.id ?? null} />}
    />
  );
}
