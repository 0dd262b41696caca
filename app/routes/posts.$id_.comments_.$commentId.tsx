import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useT } from "~/components/i18n";
import { deleteCommentSchema, editCommentSchema } from "~/schemas/posts";
import { commentForEditing, deleteComment, editComment } from "~/services/comments.server";
import { requireUser } from "~/services/guards.server";
import { readForm } from "~/utils/forms.server";
import { notFound, refuse } from "~/utils/http.server";
import { intent, runIntent } from "~/utils/intents.server";
import { idParam } from "~/utils/validation";

const paramsSchema = z.object({ id: idParam, commentId: idParam });

function parseParams(params: unknown) {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) notFound();
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id, commentId } = parseParams(params);
  const user = await requireUser(request);
  const editable = commentForEditing(id, commentId, user);
  if (editable.ok) return { ...editable.value, refusal: null };
  // A locked thread is a page that says so, with the way back; anything else is an error page.
  if (editable.error === "error.commentsLocked") return { postId: id, commentId, body: null, refusal: editable.error };
  refuse(editable);
}

type Ctx = { request: Request; postId: number; commentId: number };

const signedIn = ({ request, postId }: Ctx) => requireUser(request, `/posts/${postId}`);

const intents = {
  edit: intent({
    schema: editCommentSchema,
    // Authorised before the text is validated: only the author hears what is wrong with it.
    // A thread locked meanwhile is not ended here: the edit is refused beside the form, with what was typed kept.
    authorise: async (ctx: Ctx) => {
      const user = await signedIn(ctx);
      const editable = commentForEditing(ctx.postId, ctx.commentId, user);
      if (!editable.ok && editable.error !== "error.commentsLocked") refuse(editable);
      return user;
    },
    run: ({ body }, user, { postId, commentId }) => editComment(postId, commentId, body, user),
  }),
  delete: intent({
    schema: deleteCommentSchema,
    authorise: signedIn,
    run: (_input, user, { postId, commentId }) => deleteComment(postId, commentId, user),
  }),
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { id, commentId } = parseParams(params);
  const ctx: Ctx = { request, postId: id, commentId };
  await signedIn(ctx);
  const ran = await runIntent(await readForm(request), intents, ctx);
  if (!ran.ok) return ran.rejected;
  return redirect(`/posts/${id}#comment-${commentId}`);
}

export default function EditComment() {
  const t = useT();
  const { postId, commentId, body, refusal } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(editCommentSchema, rejected?.intent === "edit" ? rejected.reply : undefined, {
    defaultValue: { body: body ?? "" },
  });
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
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="space-y-3" noValidate>
        <FormError error={firstError(form.errors)} />
        <input type="hidden" name="intent" value="edit" />
        <Field name="body" label={t("comments.edit")} hint={t("comments.markdownHint")} error={firstError(fields.body.errors)}>
          {(p) => <textarea {...p} rows={6} className="input" dir="auto" defaultValue={typedValue(fields.body.initialValue)} maxLength={10000} />}
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
