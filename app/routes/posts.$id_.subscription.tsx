import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { readForm } from "~/utils/forms.server";
import { requireUser, safeRedirectPath } from "~/services/guards.server";
import { setFollowing } from "~/services/posts.server";
import { notFound, refuse } from "~/utils/http.server";
import { idParam } from "~/utils/validation";

export async function loader({ params }: ActionFunctionArgs) {
  throw redirect(`/posts/${params.id}`);
}

const schema = z.object({ subscribed: z.enum(["true", "false"]) });

/** Follow or stop following a post; an unsubscribe sticks through later votes and comments. */
export async function action({ request, params }: ActionFunctionArgs) {
  const postId = idParam.safeParse(params.id);
  if (!postId.success) notFound();
  const user = await requireUser(request, `/posts/${postId.data}`);
  const form = await readForm(request);
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const followed = setFollowing(postId.data, user, parsed.data.subscribed === "true");
  if (!followed.ok) refuse(followed);
  if (form.get("via") === "fetcher") return Response.json(followed.value);
  return redirect(safeRedirectPath(form.get("redirectTo"), `/posts/${postId.data}`));
}
