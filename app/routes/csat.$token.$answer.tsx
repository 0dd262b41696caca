// "Did this solve it?" from the shipped email: one click records the answer (the link
// is signed, no login), then a thank-you page offers an optional comment.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FollowUpForm } from "~/components/FollowUpForm";
import { useT } from "~/components/i18n";
import { csatCommentSchema } from "~/schemas/csat";
import { addCsatComment, csatAnswerParam, recordCsatAnswer } from "~/services/follow-up.server";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const answer = csatAnswerParam.safeParse(params.answer);
  if (!answer.success) notFound();
  const recorded = recordCsatAnswer(params.token ?? "", answer.data);
  if (!recorded) notFound();
  return { postId: recorded.postId, postTitle: recorded.postTitle, answer: recorded.answer };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseSubmission(await readForm(request), csatCommentSchema);
  if (submission.status !== "success") return reject(submission);
  if (!addCsatComment(params.token ?? "", submission.value.comment)) notFound();
  return { commentSaved: true as const };
}

export default function CsatThanks() {
  const t = useT();
  const { postId, postTitle, answer } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const saved = Boolean(outcome && "commentSaved" in outcome);
  return (
    <div className="card mx-auto max-w-lg space-y-4 p-6">
      <h1 className="text-xl font-semibold">{t("csat.thanks")}</h1>
      <p>
        {t("csat.recorded", { answer: t(`csat.${answer}`) })}{" "}
        <Link to={`/posts/${postId}`} dir="auto">
          {postTitle}
        </Link>
      </p>
      <FollowUpForm
        schema={csatCommentSchema}
        name="comment"
        label={t("csat.commentLabel")}
        submitLabel={t("csat.sendComment")}
        savedMessage={t("csat.commentSaved")}
        saved={saved}
        reply={outcome && !("commentSaved" in outcome) ? outcome : undefined}
      />
    </div>
  );
}
