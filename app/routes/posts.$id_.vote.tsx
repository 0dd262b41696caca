import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { readForm } from "~/utils/forms.server";
import { getViewer, loginUrl, safeRedirectPath } from "~/services/guards.server";
import { idParam } from "~/utils/validation";
import { toggleVote, VoteError } from "~/services/votes.server";

export async function loader({ params }: ActionFunctionArgs) {
  throw redirect(`/posts/${params.id}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const postId = idParam.safeParse(params.id);
  if (!postId.success) throw new Response("Not found", { status: 404 });
  const form = await readForm(request);
  const back = safeRedirectPath(form.get("redirectTo"), `/posts/${postId.data}`);
  const viewer = await getViewer(request);
  // A visitor is sent to sign in and comes back to the post with the vote counted.
  if (!viewer) throw redirect(loginUrl(`/posts/${postId.data}`, { vote: String(postId.data) }));
  try {
    const state = toggleVote(postId.data, viewer);
    // The fetcher (JavaScript) stays on the page; a plain form goes back where it came from.
    if (form.get("via") === "fetcher") return Response.json(state);
    return redirect(back);
  } catch (error) {
    if (error instanceof VoteError) {
      throw new Response(error.reason, { status: error.reason === "banned" ? 403 : 404 });
    }
    throw error;
  }
}
