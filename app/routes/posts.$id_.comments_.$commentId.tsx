import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/Field";
import { useT } from "~/components/i18n";
import { commentForEditing, deleteComment, editComment, editCommentSchema } from "~/services/comments.server";
import { parseForm, readForm } from "~/utils/forms.server";
import { requireUser } from "~/services/guards.server";
import { idParam } from "~/utils/validation";

const paramsSchema = z.object({ id: idParam, commentId: idParam });

function parseParams(params: unknown) {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id, commentId } = parseParams(params);
  const user = await requireUser(request);
  const { comment, error } = commentForEditing(id, commentId, user);
  // A locked thread is a page that says so, with the way back; anything else is an error page.
  if (error?.formError === "error.commentsLocked") return { postId: id, commentId, body: null, refusal: error.formError };
  if (error) throw new Response(error.formError, { status: error.status });
  return { ...comment, refusal: null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { id, commentId } = parseParams(params);
  const user = await requireUser(request, `/posts/${id}`);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "delete") {
    const result = deleteComment(id, commentId, user);
    if (!result.ok) throw new Response(result.formError, { status: result.status });
    return redirect(`/posts/${id}#comment-${commentId}`);
  }
  // Authorise before validating: only the author hears what is wrong with the text.
  const editable = commentForEditing(id, commentId, user);
  if (editable.error?.formError === "error.commentsLocked") {
    // Locked while the author was editing: say so, and keep what they typed on the page.
    const typed = String(form.get("body") ?? "");
    return data({ errors: { body: undefined }, formError: editable.error.formError, values: { body: typed } }, { status: 403 });
  }
  if (editable.error) throw new Response(editable.error.formError, { status: editable.error.status });
  const parsed = parseForm(form, editCommentSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, formError: undefined, values: parsed.values }, { status: 400 });
  const result = await editComment(id, commentId, parsed.data.body, user);
  if (result.ok) return redirect(`/posts/${id}#comment-${commentId}`);
  // Refused after rendering (too many edits, or the thread was locked meanwhile): say why and keep the text.
  if (result.status === 429 || result.formError === "error.commentsLocked") {
    return data({ errors: { body: undefined }, formError: result.formError, values: parsed.values }, { status: result.status });
  }
  throw new Response(result.formError, { status: result.status });
}

export default function EditComment() {
  const t = useT();
  const { postId, commentId, body, refusal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (refusal) {
    return (
      <div className="card mx-auto max-w-2xl space-y-4 p-5">
        <FormError error={refusal} />
        <Link to={`/posts/${postId}#comment-${commentId}`} className="btn">
          {t("comments.backToIdea")}
        </Link>
      </div>
    );
  }
  return (
    <div className="card mx-auto max-w-2xl space-y-4 p-5">
      <Form method="post" className="space-y-3" noValidate>
        <FormError error={result?.formError} />
        <input type="hidden" name="intent" value="edit" />
        <Field name="body" label={t("comments.edit")} hint={t("comments.markdownHint")} error={result?.errors.body}>
          {(p) => <textarea {...p} rows={6} className="input" dir="auto" defaultValue={result?.values.body ?? body} maxLength={10000} />}
        </Field>
        <div className="flex gap-2">
          <button type="submit" className="btn btn-primary">
            {t("comments.save")}
          </button>
          <Link to={`/posts/${postId}#comment-${commentId}`} className="btn">
            {t("comments.cancel")}
          </Link>
        </div>
      </Form>
    </div>
  );
}
