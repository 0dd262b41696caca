import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useParams } from "@remix-run/react";
import { FormError } from "~/components/Field";
import { useT } from "~/components/i18n";
import { addComment, newCommentSchema } from "~/services/comments.server";
import { assertNoBot, parseForm, readForm } from "~/utils/forms.server";
import { requireUser } from "~/services/guards.server";
import { idParam } from "~/utils/validation";

// No redirect here: after a no-JS POST with errors, Remix renders this route (and runs
// this loader) to show the form again with what was typed.
export async function loader() {
  return null;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const postId = idParam.safeParse(params.id);
  if (!postId.success) throw new Response("Not found", { status: 404 });
  const user = await requireUser(request, `/posts/${postId.data}`);
  const form = await readForm(request);
  assertNoBot(form);
  const parsed = parseForm(form, newCommentSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, formError: undefined, values: parsed.values }, { status: 400 });
  const result = await addComment(postId.data, parsed.data, user);
  if (!result.ok) {
    if (result.status === 404) throw new Response("Not found", { status: 404 });
    return data({ errors: result.fieldErrors ?? {}, formError: result.formError, values: parsed.values }, { status: result.status });
  }
  // The fetcher (JavaScript) stays on the page and clears its form; a plain form goes back to the thread.
  if (form.get("via") === "fetcher")
    return data({ ok: true as const, commentId: result.commentId, errors: undefined, formError: undefined, values: undefined });
  return redirect(`/posts/${postId.data}#comment-${result.commentId}`);
}

/** Shown only without JavaScript, when a comment needs fixing: the text is kept. */
export default function CommentNeedsFixing() {
  const t = useT();
  const params = useParams();
  const result = useActionData<typeof action>();
  const postId = Number(params.id);
  return (
    <div className="card mx-auto max-w-2xl space-y-4 p-5">
      <FormError error={result?.formError ?? (result?.errors as Record<string, never> | undefined)?.body} />
      <NoJsCommentForm postId={postId} values={result?.values ?? {}} />
      <Link to={`/posts/${postId}`}>{t("post.back")}</Link>
    </div>
  );
}

function NoJsCommentForm({ postId, values }: { postId: number; values: Record<string, string> }) {
  const t = useT();
  return (
    <form method="post" action={`/posts/${postId}/comments`} className="space-y-2">
      {values.parentId ? <input type="hidden" name="parentId" value={values.parentId} /> : null}
      <label htmlFor="comment-retry" className="block text-sm font-medium">
        {values.parentId ? t("comments.writeReply") : t("comments.write")}
      </label>
      <textarea id="comment-retry" name="body" rows={4} className="input" dir="auto" defaultValue={values.body} />
      <button type="submit" className="btn btn-primary">
        {t("comments.submit")}
      </button>
    </form>
  );
}
