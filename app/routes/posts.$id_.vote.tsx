import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { voteSchema } from "~/schemas/posts";
import { getViewer, loginUrl, safeRedirectPath } from "~/services/guards.server";
import { toggleVote } from "~/services/votes.server";
import { parseSubmission, readForm, reject, rejection } from "~/utils/forms.server";
import { notFound, statusFor, throwIfNotFound } from "~/utils/http.server";
import { idParam } from "~/utils/validation";

export async function loader({ params }: ActionFunctionArgs) {
  throw redirect(`/posts/${params.id}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const postId = idParam.safeParse(params.id);
  if (!postId.success) notFound();
  const form = await readForm(request);
  const viewer = await getViewer(request);
  // A visitor is sent to sign in and comes back to the post with the vote counted.
  if (!viewer) throw redirect(loginUrl(`/posts/${postId.data}`, { vote: String(postId.data) }));
  const submission = parseSubmission(form, voteSchema);
  if (submission.status !== "success") return reject(submission);
  const { redirectTo, via } = submission.value;
  const voted = toggleVote(postId.data, viewer);
  if (!voted.ok) {
    throwIfNotFound(voted);
    // A resource route answers with a real Response, so the refusal's status (403 for a
    // closed idea or a banned voter) reaches plain HTTP clients too, as the success does.
    return Response.json(rejection(submission, voted), { status: statusFor(voted.error) });
  }
  // The fetcher (JavaScript) stays on the page; a plain form goes back where it came from.
  if (via === "fetcher") return Response.json(voted.value);
  return redirect(safeRedirectPath(redirectTo, `/posts/${postId.data}`));
}
