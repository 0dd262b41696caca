// Kind and status of the selected idea in one form, saved by the inbox's "quick" intent.
// "Save and next" comes back to the inbox with the next idea of the list selected. Its own
// component so that it can sit beside the staff post sidebar.
import type { SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { PostKind, PostStatus } from "~/db/enums";
import { quickSchema } from "~/schemas/triage";
import { FormError } from "../Field";
import { firstError, useSchemaForm } from "../forms";
import { useT } from "../i18n";
import { KindOptions, settableStatus, StatusOptions } from "../TriageOptions";
import { QUICK_TRIAGE_FORM_ID } from "./useInboxShortcuts";

type Props = {
  post: { id: number; kind: PostKind | null; status: PostStatus };
  /** Where the form posts: the inbox's action, with the inbox's query so a reply to fix keeps the view. */
  action: string;
  /** The inbox with this idea still selected. */
  stay: string;
  /** The inbox with the next idea selected, or the inbox when this is the last one. */
  next: string;
  reply: SubmissionResult<string[]> | undefined;
};

export function QuickTriage({ post, action, stay, next, reply }: Props) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(quickSchema, reply, { id: QUICK_TRIAGE_FORM_ID });
  const error = firstError(fields.kind.errors) ?? firstError(fields.status.errors) ?? firstError(form.errors);
  return (
    <Form
      method="post"
      action={action}
      id={form.id}
      onSubmit={form.onSubmit}
      noValidate
      preventScrollReset
      className="space-y-3 rounded-md border border-line p-3"
      aria-labelledby="quick-triage-heading"
    >
      <h3 id="quick-triage-heading" className="text-sm font-semibold">
        {t("inbox.quick")}
      </h3>
      <input type="hidden" name="intent" value="quick" />
      <input type="hidden" name="postId" value={post.id} />
      <div className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="quick-kind" className="block text-xs font-medium text-muted">
            {t("staff.kind")} <kbd className="text-[0.7rem]">t</kbd>
          </label>
          <select id="quick-kind" name="kind" defaultValue={post.kind ?? ""} className="input w-auto py-1 text-sm" aria-invalid={Boolean(fields.kind.errors)}>
            <KindOptions />
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="quick-status" className="block text-xs font-medium text-muted">
            {t("staff.status")} <kbd className="text-[0.7rem]">s</kbd>
          </label>
          <select
            id="quick-status"
            name="status"
            defaultValue={settableStatus(post.status)}
            className="input w-auto py-1 text-sm"
            aria-invalid={Boolean(fields.status.errors)}
          >
            <StatusOptions />
          </select>
        </div>
      </div>
      <FormError error={error} />
      <div className="flex flex-wrap gap-2">
        {/* The first button is the one Enter submits: save and go on to the next idea. */}
        <button type="submit" name="redirectTo" value={next} className="btn btn-primary" disabled={busy}>
          {t("inbox.quick.saveNext")}
        </button>
        <button type="submit" name="redirectTo" value={stay} className="btn" disabled={busy}>
          {t("inbox.save")}
        </button>
      </div>
    </Form>
  );
}
