import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useParams } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useT } from "~/components/i18n";
import { newCommentSchema } from "~/schemas/posts";
import { addComment } from "~/services/comments.server";
import { requireUser } from "~/services/guards.server";
import { assertNoBot, parseSubmission, readForm, reject } from "~/utils/forms.server";
import { notFound, throwIfNotFound } from "~/utils/http.server";
import { idParam } from "~/utils/validation";

// No redirect here: after a no-JS POST with errors, Remix renders this route (and runs
// this loader) to show the form again with what was typed.
export async function loader() {
  return null;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const postId = idParam.safeParse(params.id);
  if (!postId.success) notFound();
  const user = await requireUser(request, `/posts/${postId.data}`);
  const form = await readForm(request);
  assertNoBot(form);
  const submission = parseSubmission(form, newCommentSchema);
  if (submission.status !== "success") return reject(submission);
  const added = await addComment(postId.data, submission.value, user);
  if (!added.ok) {
    throwIfNotFound(added);
    return reject(submission, added);
  }
  // The fetcher (JavaScript) stays on the page and clears its form; a plain form goes back to the thread.
  if (form.get("via") === "fetcher") return data({ commentId: added.value.commentId });
  return redirect(`/posts/${postId.data}#comment-${added.value.commentId}`);
}

/** Shown only without JavaScript, when a comment needs fixing: the text is kept. */
export default function CommentNeedsFixing() {
  const t = useT();
  const params = useParams();
  const answer = useActionData<typeof action>();
  const postId = Number(params.id);
  const [form, fields] = useSchemaForm(newCommentSchema, answer && !("commentId" in answer) ? answer : undefined, { id: "comment-retry-form" });
  const parentId = typedValue(fields.parentId.initialValue);
  return (
    <div className="card mx-auto max-w-2xl space-y-4 p-5">
      <FormError id={form.errorId} error={firstError(form.errors) ?? firstError(fields.parentId.errors)} />
      <form method="post" action={`/posts/${postId}/comments`} id={form.id} onSubmit={form.onSubmit} noValidate className="space-y-2">
        {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
        <Field name="comment-retry" label={parentId ? t("comments.writeReply") : t("comments.write")} error={firstError(fields.body.errors)}>
          {(p) => <textarea {...p} name="body" rows={4} className="input" dir="auto" defaultValue={typedValue(fields.body.initialValue)} />}
        </Field>
        <button type="submit" className="btn btn-primary">
          {t("comments.submit")}
        </button>
      </form>
      <Link to={`/posts/${postId}`}>{t("post.back")}</Link>
    </div>
  );
}
