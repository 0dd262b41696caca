// Sorting a post: approval, kind, sizing, status with the official response, and tags.
import { Link } from "@remix-run/react";
import { kindSchema, noFields, sizingSchema, statusSchema, tagsSchema } from "~/schemas/triage";
import { Field } from "../Field";
import { firstError, typedValue } from "../forms";
import { useFormat, useT } from "../i18n";
import { StaffForm } from "../StaffForm";
import { KindOptions } from "../TriageOptions";
import { StatusFields } from "./fields";
import { Section } from "./Section";
import { triagePath, type PostSummary, type StaffData } from "./types";

export function ApproveForm({ post }: { post: PostSummary }) {
  const t = useT();
  return (
    <StaffForm
      action={triagePath(post.id)}
      intent="approve"
      schema={noFields}
      className="flex flex-wrap items-center gap-3 rounded-md border border-amber-500/50 p-3"
    >
      {() => (
        <>
          <span>{t("staff.pendingApproval")}</span>
          <button type="submit" className="btn btn-primary">
            {t("staff.approve")}
          </button>
        </>
      )}
    </StaffForm>
  );
}

export function KindForm({ post }: { post: PostSummary }) {
  const t = useT();
  return (
    <StaffForm action={triagePath(post.id)} intent="kind" schema={kindSchema} className="space-y-2">
      {({ fields, busy }) => (
        <>
          <Field name="kind" label={t("staff.kind")} error={firstError(fields.kind.errors)}>
            {(p) => (
              <select {...p} className="input" defaultValue={post.kind ?? ""} key={post.kind ?? "none"}>
                <KindOptions />
              </select>
            )}
          </Field>
          <button type="submit" className="btn" disabled={busy}>
            {t("staff.saveKind")}
          </button>
        </>
      )}
    </StaffForm>
  );
}

const SCORES = [1, 2, 3, 4, 5];

/** Impact and effort of a feature request, and the priority they give; other kinds only say so. */
export function SizingForm({ post, staff }: { post: PostSummary; staff: StaffData }) {
  const t = useT();
  const format = useFormat();
  if (post.kind !== "feature_request") return <p className="text-sm text-muted">{t("staff.sizingHint")}</p>;
  return (
    <StaffForm action={triagePath(post.id)} intent="sizing" schema={sizingSchema} className="space-y-2">
      {({ fields, busy }) => (
        <>
          <div className="grid grid-cols-2 gap-2">
            {(["impact", "effort"] as const).map((name) => (
              <Field key={name} name={name} label={t(`staff.${name}`)} error={firstError(fields[name].errors)}>
                {(p) => (
                  <select {...p} className="input" defaultValue={typedValue(fields[name].initialValue) ?? String(staff[name] ?? "")} key={String(staff[name])}>
                    <option value="">–</option>
                    {SCORES.map((n) => (
                      <option key={n} value={n}>
                        {format.number(n)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
          </div>
          <p className="text-sm text-muted">
            {staff.priority !== null ? t("staff.priority", { priority: format.number(Math.round(staff.priority * 10) / 10) }) : t("staff.priorityUnsized")}
          </p>
          <button type="submit" className="btn" disabled={busy}>
            {t("staff.saveSizing")}
          </button>
        </>
      )}
    </StaffForm>
  );
}

export function StatusForm({ post, staff }: { post: PostSummary; staff: StaffData }) {
  const t = useT();
  return (
    <StaffForm action={triagePath(post.id)} intent="status" schema={statusSchema} className="space-y-2">
      {({ fields, busy }) => (
        <>
          <StatusFields fields={fields} current={post.status} />
          <p className="text-xs text-muted">{t("staff.followers", { count: staff.subscribers })}</p>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t("staff.saveStatus")}
          </button>
        </>
      )}
    </StaffForm>
  );
}

export function TagsSection({ post, staff, tagIds }: { post: PostSummary; staff: StaffData; tagIds: number[] }) {
  const t = useT();
  return (
    <Section title={t("staff.tags")} id="staff-tags">
      {staff.allTags.length === 0 ? (
        <p className="text-sm text-muted">
          {t("staff.noTags")} <Link to="/admin/tags">{t("staff.manageTags")}</Link>
        </p>
      ) : (
        <StaffForm action={triagePath(post.id)} intent="tags" schema={tagsSchema} className="space-y-2">
          {({ busy }) => (
            <>
              <fieldset className="flex flex-wrap gap-3">
                <legend className="sr-only">{t("staff.tags")}</legend>
                {staff.allTags.map((tag) => (
                  <label key={tag.id} className="flex items-center gap-1 text-sm">
                    {/* Keyed by what is saved, so a save that changes it redraws the box from the page's data. */}
                    <input key={String(tagIds.includes(tag.id))} type="checkbox" name="tagIds" value={tag.id} defaultChecked={tagIds.includes(tag.id)} />
                    <span className="inline-block h-3 w-3 rounded-full" style={{ backgroundColor: tag.color }} aria-hidden="true" />
                    <span dir="auto">{tag.name}</span>
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="btn" disabled={busy}>
                {t("staff.saveTags")}
              </button>
            </>
          )}
        </StaffForm>
      )}
    </Section>
  );
}
