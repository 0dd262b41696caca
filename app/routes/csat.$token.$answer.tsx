// "Did this solve it?" from the shipped email: one click records the answer (the link
// is signed, no login), then a thank-you page offers an optional comment.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/Field";
import { useT } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { addCsatComment, csatAnswerParam, csatCommentSchema, recordCsatAnswer } from "~/services/follow-up.server";
import { parseForm, readForm } from "~/utils/forms.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const answer = csatAnswerParam.safeParse(params.answer);
  if (!answer.success) throw new Response("Not found", { status: 404 });
  const recorded = recordCsatAnswer(params.token ?? "", answer.data);
  if (!recorded) throw new Response("Not found", { status: 404 });
  return { postId: recorded.postId, postTitle: recorded.postTitle, answer: recorded.answer };
}

type Outcome = { ok: boolean; errors?: Partial<Record<string, MessageKey>>; values?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = parseForm(await readForm(request), csatCommentSchema);
  if (!parsed.ok) return data<Outcome>({ ok: false, errors: parsed.errors, values: parsed.values }, { status: 400 });
  if (!addCsatComment(params.token ?? "", parsed.data.comment)) throw new Response("Not found", { status: 404 });
  return data<Outcome>({ ok: true });
}

export default function CsatThanks() {
  const t = useT();
  const { postId, postTitle, answer } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>() as Outcome | undefined;
  return (
    <div className="card mx-auto max-w-lg space-y-4 p-6">
      <h1 className="text-xl font-semibold">{t("csat.thanks")}</h1>
      <p>
        {t("csat.recorded", { answer: t(`csat.${answer}`) })}{" "}
        <Link to={`/posts/${postId}`} dir="auto">
          {postTitle}
        </Link>
      </p>
      {outcome?.ok ? (
        <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok">
          {t("csat.commentSaved")}
        </p>
      ) : (
        <Form method="post" className="space-y-2" noValidate>
          <Field name="comment" label={t("csat.commentLabel")} error={outcome?.errors?.comment}>
            {(p) => <textarea {...p} rows={3} className="input" dir="auto" maxLength={2000} defaultValue={outcome?.values?.comment} />}
          </Field>
          <button type="submit" className="btn btn-primary">
            {t("csat.sendComment")}
          </button>
        </Form>
      )}
    </div>
  );
}
