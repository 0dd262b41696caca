// The typed fields of the staff forms, shared by the staff panel (posting through a
// fetcher) and the no-JS page that shows a form again when it needs fixing.
import { Field } from "../Field";
import { firstError, typedValue, type SchemaFields } from "../forms";
import { useT } from "../i18n";
import { settableStatus, StatusOptions } from "../TriageOptions";
import type { internalNoteSchema, mergeSchema, onBehalfSchema, statusSchema } from "~/schemas/triage";

/** The status and the official response. `current` is the post's status, where there is a post to show. */
export function StatusFields({ fields, current }: { fields: SchemaFields<typeof statusSchema>; current?: string }) {
  const t = useT();
  const typedStatus = typedValue(fields.status.initialValue);
  return (
    <>
      <Field name="status" label={t("staff.status")} error={firstError(fields.status.errors)}>
        {(p) => (
          <select {...p} className="input" defaultValue={typedStatus ?? (current === undefined ? undefined : settableStatus(current))} key={current}>
            <StatusOptions />
          </select>
        )}
      </Field>
      <Field name="response" label={t("staff.response")} hint={t("staff.responseHint")} error={firstError(fields.response.errors)}>
        {(p) => (
          <textarea {...p} rows={4} className="input" dir="auto" maxLength={10000} defaultValue={typedValue(fields.response.initialValue)} key={current} />
        )}
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="addToChangelog" value="on" defaultChecked={fields.addToChangelog.initialValue === "on"} />
        {t("sidebar.addToChangelogIfShipped")}
      </label>
    </>
  );
}

/** A customer's email and where staff heard them (their ids differ from the note form's on the same page). */
export function OnBehalfFields({ fields }: { fields: SchemaFields<typeof onBehalfSchema> }) {
  const t = useT();
  return (
    <>
      <Field name="onbehalf-email" label={t("staff.customerEmail")} error={firstError(fields.email.errors)}>
        {(p) => <input {...p} name="email" type="email" className="input" dir="ltr" defaultValue={typedValue(fields.email.initialValue)} />}
      </Field>
      <Field name="onbehalf-note" label={t("staff.onBehalfNote")} hint={t("staff.onBehalfNoteHint")} error={firstError(fields.note.errors)}>
        {(p) => <input {...p} name="note" className="input" dir="auto" maxLength={200} defaultValue={typedValue(fields.note.initialValue)} />}
      </Field>
    </>
  );
}

export function NoteFields({ fields }: { fields: SchemaFields<typeof internalNoteSchema> }) {
  const t = useT();
  return (
    <Field name="note-body" label={t("staff.addNote")} error={firstError(fields.body.errors)}>
      {(p) => <textarea {...p} name="body" rows={2} className="input" dir="auto" maxLength={10000} defaultValue={typedValue(fields.body.initialValue)} />}
    </Field>
  );
}

export function MergeFields({ fields }: { fields: SchemaFields<typeof mergeSchema> }) {
  const t = useT();
  return (
    <Field name="targetId" label={t("staff.mergeInto")} hint={t("staff.mergeHint")} error={firstError(fields.targetId.errors)}>
      {(p) => <input {...p} inputMode="numeric" className="input w-32" dir="ltr" defaultValue={typedValue(fields.targetId.initialValue)} />}
    </Field>
  );
}
