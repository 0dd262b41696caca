import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { Field } from "./Field";
import { useFormat, useT } from "./i18n";
import { Markdown } from "./Markdown";
import { StaffForm } from "./StaffForm";
import { KindOptions, settableStatus, StatusOptions } from "./TriageOptions";

type Tag = { id: number; name: string; color: string };
export type StaffData = {
  impact: number | null;
  effort: number | null;
  priority: number | null;
  allTags: Tag[];
  notes: { id: number; authorName: string; bodyHtml: string; createdAt: number }[];
  voters: {
    userId: number;
    displayName: string;
    email: string;
    source: "self" | "on_behalf";
    addedByName: string | null;
    note: string | null;
    createdAt: number;
  }[];
  csat: { yes: number; partly: number; no: number; total: number };
  csatComments: { answer: string; comment: string; updatedAt: number }[];
  canUndoMerge: boolean;
  /** Policy's answer: staff ban customers, only an admin bans staff, nobody an admin or themselves. */
  canBanAuthor: boolean;
  subscribers: number;
};
type PostSummary = {
  id: number;
  status: string;
  kind: string | null;
  authorId: number;
  authorName: string;
  mergedIntoId: number | null;
  pendingApproval: boolean;
  commentsLocked: boolean;
};

function Section({ title, children, id }: { title: string; children: React.ReactNode; id?: string }) {
  return (
    <section className="space-y-3 border-t border-line pt-4 first:border-t-0 first:pt-0" aria-labelledby={id}>
      <h3 id={id} className="font-semibold">
        {title}
      </h3>
      {children}
    </section>
  );
}

/** Everything staff do on a post page. Customers never receive this data. */
export function StaffPanel({ post, staff, tagIds }: { post: PostSummary; staff: StaffData; tagIds: number[] }) {
  const t = useT();
  const format = useFormat();
  const action = `/posts/${post.id}/triage`;
  const err = (e: MessageKey | undefined) => e;
  return (
    <aside id="staff" className="card space-y-5 border-accent/40 p-5" aria-labelledby="staff-heading">
      <h2 id="staff-heading" className="text-lg font-semibold">
        {t("staff.heading")}
      </h2>

      {post.pendingApproval ? (
        <StaffForm action={action} intent="approve" className="flex flex-wrap items-center gap-3 rounded-md border border-amber-500/50 p-3">
          {() => (
            <>
              <span>{t("staff.pendingApproval")}</span>
              <button type="submit" className="btn btn-primary">
                {t("staff.approve")}
              </button>
            </>
          )}
        </StaffForm>
      ) : null}

      {post.mergedIntoId ? null : (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <StaffForm action={action} intent="kind" className="space-y-2">
              {({ errors, busy }) => (
                <>
                  <Field name="kind" label={t("staff.kind")} error={err(errors.kind)}>
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

            {post.kind === "feature_request" ? (
              <StaffForm action={action} intent="sizing" className="space-y-2">
                {({ errors, values, busy }) => (
                  <>
                    <div className="grid grid-cols-2 gap-2">
                      {(["impact", "effort"] as const).map((name) => (
                        <Field key={name} name={name} label={t(`staff.${name}`)} error={err(errors[name])}>
                          {(p) => (
                            <select {...p} className="input" defaultValue={values[name] ?? String(staff[name] ?? "")} key={String(staff[name])}>
                              <option value="">–</option>
                              {[1, 2, 3, 4, 5].map((n) => (
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
                      {staff.priority !== null
                        ? t("staff.priority", { priority: format.number(Math.round(staff.priority * 10) / 10) })
                        : t("staff.priorityUnsized")}
                    </p>
                    <button type="submit" className="btn" disabled={busy}>
                      {t("staff.saveSizing")}
                    </button>
                  </>
                )}
              </StaffForm>
            ) : (
              <p className="text-sm text-muted">{t("staff.sizingHint")}</p>
            )}
          </div>

          <StaffForm action={action} intent="status" className="space-y-2">
            {({ errors, values, busy }) => (
              <>
                <Field name="status" label={t("staff.status")} error={err(errors.status)}>
                  {(p) => (
                    <select {...p} className="input" defaultValue={values.status ?? settableStatus(post.status)} key={post.status}>
                      <StatusOptions />
                    </select>
                  )}
                </Field>
                <Field name="response" label={t("staff.response")} hint={t("staff.responseHint")} error={err(errors.response)}>
                  {(p) => <textarea {...p} rows={4} className="input" dir="auto" maxLength={10000} defaultValue={values.response} key={post.status} />}
                </Field>
                <p className="text-xs text-muted">{t("staff.followers", { count: staff.subscribers })}</p>
                <button type="submit" className="btn btn-primary" disabled={busy}>
                  {t("staff.saveStatus")}
                </button>
              </>
            )}
          </StaffForm>

          <Section title={t("staff.tags")} id="staff-tags">
            {staff.allTags.length === 0 ? (
              <p className="text-sm text-muted">
                {t("staff.noTags")} <Link to="/admin/tags">{t("staff.manageTags")}</Link>
              </p>
            ) : (
              <StaffForm action={action} intent="tags" className="space-y-2">
                {({ busy }) => (
                  <>
                    <fieldset className="flex flex-wrap gap-3">
                      <legend className="sr-only">{t("staff.tags")}</legend>
                      {staff.allTags.map((tag) => (
                        <label key={tag.id} className="flex items-center gap-1 text-sm">
                          <input type="checkbox" name="tagIds" value={tag.id} defaultChecked={tagIds.includes(tag.id)} />
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

          <Section title={t("staff.onBehalf")} id="staff-onbehalf">
            <p className="text-sm text-muted">{t("staff.onBehalfHint")}</p>
            <StaffForm action={action} intent="onBehalf" className="grid gap-2 sm:grid-cols-2" resetOnSuccess>
              {({ errors, values, busy }) => (
                <>
                  <Field name="onbehalf-email" label={t("staff.customerEmail")} error={err(errors.email)}>
                    {(p) => <input {...p} name="email" type="email" className="input" dir="ltr" defaultValue={values.email} />}
                  </Field>
                  <Field name="onbehalf-note" label={t("staff.onBehalfNote")} hint={t("staff.onBehalfNoteHint")} error={err(errors.note)}>
                    {(p) => <input {...p} name="note" className="input" dir="auto" maxLength={200} defaultValue={values.note} />}
                  </Field>
                  <div>
                    <button type="submit" className="btn" disabled={busy}>
                      {t("staff.addVote")}
                    </button>
                  </div>
                </>
              )}
            </StaffForm>
            {staff.voters.length > 0 ? (
              <details>
                <summary className="cursor-pointer text-sm text-accent">{t("staff.voters", { count: staff.voters.length })}</summary>
                <ul className="mt-2 space-y-1 text-sm" data-testid="voters">
                  {staff.voters.map((v) => (
                    <li key={v.userId} className="flex flex-wrap gap-x-2">
                      <span dir="auto" className="font-medium">
                        {v.displayName}
                      </span>
                      <span dir="ltr" className="text-muted">
                        {v.email}
                      </span>
                      {v.source === "on_behalf" ? (
                        <span className="badge border-accent/50 text-accent" dir="auto">
                          {t("staff.onBehalfBy", { name: v.addedByName ?? "?" })}
                          {v.note ? ` · ${v.note}` : ""}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </Section>

          <Section title={t("staff.notes")} id="staff-notes">
            <p className="text-sm text-muted">{t("staff.notesHint")}</p>
            <ul className="space-y-2" data-testid="internal-notes">
              {staff.notes.map((note) => (
                <li key={note.id} className="rounded-md border border-dashed border-amber-500/60 bg-amber-500/5 p-3">
                  <div className="text-xs text-muted">
                    <span dir="auto">{note.authorName}</span> · {format.date(note.createdAt)}
                  </div>
                  <Markdown html={note.bodyHtml} />
                </li>
              ))}
            </ul>
            <StaffForm action={action} intent="note" className="space-y-2" resetOnSuccess>
              {({ errors, values, busy }) => (
                <>
                  <Field name="note-body" label={t("staff.addNote")} error={err(errors.body)}>
                    {(p) => <textarea {...p} name="body" rows={2} className="input" dir="auto" maxLength={10000} defaultValue={values.body} />}
                  </Field>
                  <button type="submit" className="btn" disabled={busy}>
                    {t("staff.saveNote")}
                  </button>
                </>
              )}
            </StaffForm>
          </Section>
        </>
      )}

      {staff.csat.total > 0 ? (
        <Section title={t("csat.question")} id="staff-csat">
          <p className="text-sm" data-testid="csat-summary">
            {t("staff.csatSummary", { yes: staff.csat.yes, partly: staff.csat.partly, no: staff.csat.no })}
          </p>
          <ul className="space-y-1 text-sm">
            {staff.csatComments.map((c, i) => (
              <li key={i} dir="auto">
                <span className="font-medium">{t(`csat.${c.answer as "yes" | "partly" | "no"}`)}:</span> {c.comment}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Section title={t("staff.merge")} id="staff-merge">
        {post.mergedIntoId ? (
          staff.canUndoMerge ? (
            <StaffForm action={action} intent="undoMerge">
              {({ busy }) => (
                <button type="submit" className="btn" disabled={busy}>
                  {t("staff.undoMerge", { id: post.mergedIntoId! })}
                </button>
              )}
            </StaffForm>
          ) : null
        ) : (
          <StaffForm action={action} intent="merge" className="flex flex-wrap items-end gap-2" confirm={t("staff.mergeConfirm")}>
            {({ errors, values, busy }) => (
              <>
                <Field name="targetId" label={t("staff.mergeInto")} hint={t("staff.mergeHint")} error={err(errors.targetId)}>
                  {(p) => <input {...p} inputMode="numeric" className="input w-32" dir="ltr" defaultValue={values.targetId} />}
                </Field>
                <button type="submit" className="btn" disabled={busy}>
                  {t("staff.mergeSubmit")}
                </button>
              </>
            )}
          </StaffForm>
        )}
      </Section>

      <Section title={t("staff.moderation")} id="staff-moderation">
        <div className="flex flex-wrap gap-2">
          <StaffForm action={action} intent="lock">
            {({ busy }) => (
              <>
                <input type="hidden" name="locked" value={post.commentsLocked ? "false" : "true"} />
                <button type="submit" className="btn" disabled={busy}>
                  {post.commentsLocked ? t("staff.unlockComments") : t("staff.lockComments")}
                </button>
              </>
            )}
          </StaffForm>
          {staff.canBanAuthor ? (
            <StaffForm action={action} intent="ban" confirm={t("staff.banConfirm", { name: post.authorName })}>
              {({ busy }) => (
                <>
                  <input type="hidden" name="userId" value={post.authorId} />
                  <input type="hidden" name="banned" value="true" />
                  <button type="submit" className="btn" disabled={busy}>
                    {t("staff.banAuthor", { name: post.authorName })}
                  </button>
                </>
              )}
            </StaffForm>
          ) : null}
          <form method="post" action={action} onSubmit={(e) => !window.confirm(t("staff.deleteConfirm")) && e.preventDefault()}>
            <input type="hidden" name="intent" value="delete" />
            <button type="submit" className="btn border-danger/50 text-danger">
              {t("staff.deletePost")}
            </button>
          </form>
        </div>
      </Section>
    </aside>
  );
}
