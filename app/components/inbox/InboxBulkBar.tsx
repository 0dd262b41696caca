// One action over every ticked row. The rows' checkboxes join this form through their
// `form` attribute (a form cannot sit inside a table row), hence its fixed id.
import type { SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { POST_KINDS, SETTABLE_STATUSES } from "~/db/enums";
import { bulkSchema } from "~/schemas/triage";
import { FormError } from "../Field";
import { firstError, typedValue, useSchemaForm } from "../forms";
import { useT } from "../i18n";

export const BULK_FORM_ID = "bulk";
/** The bulk form's one error line, which the controls it is about point to. */
const BULK_ERROR_ID = "bulk-error";

/** The rows ticked when the bulk form came back to be fixed: they stay ticked. */
export function tickedIds(reply: SubmissionResult<string[]> | undefined): Set<string> {
  const ids = reply?.initialValue?.ids;
  return new Set([ids].flat().filter((id): id is string => typeof id === "string"));
}

type Props = {
  reply: SubmissionResult<string[]> | undefined;
  allTags: { id: number; name: string }[];
  /** Where to come back to: the inbox as it is filtered now. */
  back: string;
};

export function InboxBulkBar({ reply, allTags, back }: Props) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useSchemaForm(bulkSchema, reply, { id: BULK_FORM_ID });
  const error = firstError(fields.ids.errors) ?? firstError(fields.bulk.errors) ?? firstError(fields.tagId.errors) ?? firstError(form.errors);
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="card flex flex-wrap items-end gap-3 p-3" aria-labelledby="bulk-heading">
      <h2 id="bulk-heading" className="sr-only">
        {t("inbox.bulkHeading")}
      </h2>
      <input type="hidden" name="intent" value="bulk" />
      <input type="hidden" name="redirectTo" value={back} />
      <div className="space-y-1">
        <label htmlFor="bulk-action" className="block text-xs font-medium text-muted">
          {t("inbox.bulkAction")}
        </label>
        <select
          id="bulk-action"
          name="bulk"
          defaultValue={typedValue(fields.bulk.initialValue) ?? ""}
          className="input w-auto py-1 text-sm"
          aria-invalid={Boolean(fields.bulk.errors)}
          aria-describedby={error ? BULK_ERROR_ID : undefined}
        >
          <option value="">{t("inbox.chooseAction")}</option>
          <optgroup label={t("list.filter.kind")}>
            {POST_KINDS.map((k) => (
              <option key={k} value={`kind:${k}`}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("list.filter.status")}>
            {SETTABLE_STATUSES.map((s) => (
              <option key={s} value={`status:${s}`}>
                {t(`status.${s}`)}
              </option>
            ))}
          </optgroup>
          <option value="tag">{t("inbox.addTag")}</option>
          <option value="approve">{t("staff.approve")}</option>
          <option value="delete">{t("staff.deletePost")}</option>
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="bulk-tag" className="block text-xs font-medium text-muted">
          {t("inbox.tag")}
        </label>
        <select
          id="bulk-tag"
          name="tagId"
          defaultValue={typedValue(fields.tagId.initialValue) ?? ""}
          className="input w-auto py-1 text-sm"
          aria-invalid={Boolean(fields.tagId.errors)}
          aria-describedby={fields.tagId.errors ? BULK_ERROR_ID : undefined}
        >
          <option value="">–</option>
          {allTags.map((tag) => (
            <option key={tag.id} value={tag.id}>
              {tag.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {t("inbox.applyToSelected")}
      </button>
      <div className="w-full">
        <FormError id={BULK_ERROR_ID} error={error} />
      </div>
    </Form>
  );
}
