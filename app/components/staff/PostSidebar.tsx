// The staff sidebar of one post: its properties, each saving on change with JavaScript
// (a plain form with a Save button without it), the voters, the merge picker, and
// moderation behind a "More" menu. Self-contained: it takes the payload of
// postSidebar() (services/staff-post.server.ts) and nothing from the page around it, so
// the triage inbox shows the same sidebar beside its list.
import { Link } from "@remix-run/react";
import { useState } from "react";
import { POST_KINDS, SETTABLE_STATUSES, type PostStatus } from "~/db/enums";
import {
  banSchema,
  boardSchema,
  kindSchema,
  lockSchema,
  mergeSchema,
  noFields,
  onBehalfSchema,
  ownerSchema,
  sizingSchema,
  statusSchema,
  tagsSchema,
} from "~/schemas/triage";
import type { PostSidebarData } from "~/services/staff-post.server";
import { firstError, typedValue } from "../forms";
import { useFormat, useLocale, useT } from "../i18n";
import { PostPicker, type PickedPost } from "../PostPicker";
import { StaffForm } from "../StaffForm";
import { settableStatus } from "../TriageOptions";
import { useHydrated } from "../useHydrated";
import { AutoSaveForm } from "./AutoSaveForm";
import { OnBehalfFields } from "./fields";
import { triagePath } from "./types";

type SidebarProps = {
  sidebar: PostSidebarData;
  /** Where no-JS forms come back to; the page the sidebar is on by default. */
  redirectTo?: string;
  /** The inbox shows kind and status in its quick triage (with "Save and next"), so the sidebar beside it leaves them out. */
  statusAndKindElsewhere?: boolean;
};

const SCORES = [1, 2, 3, 4, 5];

/** A labelled control of the sidebar, with its error beside it; ids are per post, so two sidebars never clash. */
function Prop({ id, label, error, children }: { id: string; label: string; error?: string; children: React.ReactNode }) {
  const t = useT();
  return (
    <div className="grid grid-cols-[6.5rem_1fr] items-center gap-x-2 gap-y-1">
      <label htmlFor={id} className="text-sm text-muted">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="col-span-2 text-sm text-danger">
          {t(error as never)}
        </p>
      ) : null}
    </div>
  );
}

const selectClass = "input py-1 text-sm";

export function PostSidebar({ sidebar, redirectTo, statusAndKindElsewhere = false }: SidebarProps) {
  const t = useT();
  const s = sidebar;
  const idOf = (name: string) => `sb-${s.postId}-${name}`;
  const open = s.mergedIntoId === null;
  return (
    <aside id="staff" aria-labelledby={idOf("heading")} className="card space-y-3 p-4 text-sm" data-testid="post-sidebar">
      <h2 id={idOf("heading")} className="text-base font-semibold">
        {t("sidebar.heading")}
      </h2>

      {s.pendingApproval ? (
        <StaffForm action={triagePath(s.postId)} intent="approve" schema={noFields} className="space-y-2 rounded-md border border-warn/50 p-2">
          {() => (
            <>
              <p>{t("staff.pendingApproval")}</p>
              <button type="submit" className="btn btn-primary">
                {t("staff.approve")}
              </button>
            </>
          )}
        </StaffForm>
      ) : null}

      {open ? (
        <>
          {statusAndKindElsewhere ? null : <StatusControl sidebar={s} idOf={idOf} redirectTo={redirectTo} />}

          {statusAndKindElsewhere ? null : (
            <AutoSaveForm postId={s.postId} intent="kind" schema={kindSchema} label={t("staff.kind")} redirectTo={redirectTo}>
              {({ fields }) => (
                <Prop id={idOf("kind")} label={t("staff.kind")} error={firstError(fields.kind.errors)}>
                  <select
                    id={idOf("kind")}
                    name="kind"
                    className={selectClass}
                    defaultValue={s.kind ?? ""}
                    key={s.kind ?? "none"}
                    aria-invalid={Boolean(fields.kind.errors)}
                  >
                    <option value="">{t("staff.kindNone")}</option>
                    {POST_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`kind.${k}`)}
                      </option>
                    ))}
                  </select>
                </Prop>
              )}
            </AutoSaveForm>
          )}

          {s.kind === "feature_request" ? <SizingControl sidebar={s} idOf={idOf} redirectTo={redirectTo} /> : null}

          <AutoSaveForm postId={s.postId} intent="board" schema={boardSchema} label={t("sidebar.board")} redirectTo={redirectTo}>
            {({ fields }) => (
              <Prop id={idOf("board")} label={t("sidebar.board")} error={firstError(fields.boardId.errors)}>
                <select id={idOf("board")} name="boardId" className={selectClass} defaultValue={s.boardId} key={s.boardId}>
                  {s.boards.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.name}
                    </option>
                  ))}
                </select>
              </Prop>
            )}
          </AutoSaveForm>

          <AutoSaveForm postId={s.postId} intent="owner" schema={ownerSchema} label={t("sidebar.owner")} redirectTo={redirectTo}>
            {({ fields }) => (
              <Prop id={idOf("owner")} label={t("sidebar.owner")} error={firstError(fields.ownerId.errors)}>
                <select id={idOf("owner")} name="ownerId" className={selectClass} defaultValue={s.ownerId ?? ""} key={s.ownerId ?? "none"}>
                  <option value="">{t("sidebar.noOwner")}</option>
                  {s.owners.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </select>
              </Prop>
            )}
          </AutoSaveForm>

          <TagsControl sidebar={s} idOf={idOf} redirectTo={redirectTo} />

          <VotersControl sidebar={s} idOf={idOf} />

          <p className="text-muted" data-testid="followers">
            {t("sidebar.followers", { count: s.followers })}
          </p>

          {s.csat.total > 0 ? (
            <div className="space-y-1">
              <p>
                <span className="text-muted">{t("csat.question")}</span>{" "}
                <span data-testid="csat-summary">{t("staff.csatSummary", { yes: s.csat.yes, partly: s.csat.partly, no: s.csat.no })}</span>
              </p>
              {s.csatComments.length > 0 ? (
                <ul className="space-y-1">
                  {s.csatComments.map((c, i) => (
                    <li key={i} dir="auto">
                      <span className="font-medium">{t(`csat.${c.answer}`)}:</span> {c.comment}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </>
      ) : null}

      <MergeControl sidebar={s} idOf={idOf} />

      <MoreMenu sidebar={s} />
    </aside>
  );
}

type Part = { sidebar: PostSidebarData; idOf: (name: string) => string; redirectTo?: string };

/**
 * The status. A change that notifies people opens a composer for the official response
 * first, saying how many will hear; any other change saves at once. Without JavaScript
 * the response box and the changelog box are always there.
 */
function StatusControl({ sidebar: s, idOf, redirectTo }: Part) {
  const t = useT();
  const current = settableStatus(s.status);
  const notifies = (status: string) => status !== current && s.notifyStatuses.includes(status as PostStatus);
  return (
    <AutoSaveForm
      postId={s.postId}
      intent="status"
      schema={statusSchema}
      label={t("staff.status")}
      redirectTo={redirectTo}
      auto={(target) => target.name === "status" && target.value !== current && !notifies(target.value)}
    >
      {({ fields, hydrated, busy }) => (
        <StatusFieldsLive sidebar={s} idOf={idOf} fields={fields} hydrated={hydrated} busy={busy} notifies={notifies} current={current} />
      )}
    </AutoSaveForm>
  );
}

function StatusFieldsLive({
  sidebar: s,
  idOf,
  fields,
  hydrated,
  busy,
  notifies,
  current,
}: Omit<Part, "redirectTo"> & {
  fields: Parameters<Parameters<typeof AutoSaveForm<typeof statusSchema>>[0]["children"]>[0]["fields"];
  hydrated: boolean;
  busy: boolean;
  notifies: (status: string) => boolean;
  current: string;
}) {
  const t = useT();
  const typed = typedValue(fields.status.initialValue);
  const [chosen, setChosen] = useState(typed ?? current);
  const composing = !hydrated || notifies(chosen) || typed !== undefined;
  const draftHint = s.changelogDraft ? t("sidebar.addToChangelogHint", { title: s.changelogDraft.title }) : t("sidebar.addToChangelogNew");
  return (
    <div className="space-y-2">
      <Prop id={idOf("status")} label={t("staff.status")} error={firstError(fields.status.errors)}>
        <select
          id={idOf("status")}
          name="status"
          className={selectClass}
          defaultValue={chosen}
          onChange={(e) => setChosen(e.target.value)}
          aria-invalid={Boolean(fields.status.errors)}
        >
          {SETTABLE_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </select>
      </Prop>
      {composing ? (
        <div className="space-y-2 rounded-md border border-line bg-canvas p-2" data-testid="status-composer">
          <label htmlFor={idOf("response")} className="block text-sm font-medium">
            {t("staff.response")}
          </label>
          <textarea
            id={idOf("response")}
            name="response"
            rows={4}
            className="input text-sm"
            dir="auto"
            maxLength={10000}
            defaultValue={typedValue(fields.response.initialValue)}
            aria-describedby={`${idOf("response")}-hint`}
            aria-invalid={Boolean(fields.response.errors)}
          />
          <p id={`${idOf("response")}-hint`} className="text-xs text-muted">
            {t("staff.responseHint")}
          </p>
          {fields.response.errors ? (
            <p role="alert" className="text-sm text-danger">
              {t(firstError(fields.response.errors)!)}
            </p>
          ) : null}
          <p className="font-medium" data-testid="notify-count">
            {hydrated ? t("sidebar.notifyCount", { count: s.notifyCount }) : t("sidebar.notifyCountIf", { count: s.notifyCount })}
          </p>
          {!hydrated || chosen === "shipped" ? (
            <div className="space-y-0.5">
              <label className="flex items-center gap-2">
                <input type="checkbox" name="addToChangelog" value="on" />
                {hydrated ? t("sidebar.addToChangelog") : t("sidebar.addToChangelogIfShipped")}
              </label>
              <p className="ms-6 text-xs text-muted" dir="auto">
                {draftHint}
              </p>
            </div>
          ) : null}
          {hydrated ? (
            <div className="flex flex-wrap gap-2">
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {t("staff.saveStatus")}
              </button>
              <button
                type="button"
                className="btn"
                onClick={(e) => {
                  const select = e.currentTarget.form?.elements.namedItem("status");
                  if (select instanceof HTMLSelectElement) select.value = current;
                  setChosen(current);
                }}
              >
                {t("comments.cancel")}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function SizingControl({ sidebar: s, idOf, redirectTo }: Part) {
  const t = useT();
  const format = useFormat();
  return (
    <AutoSaveForm postId={s.postId} intent="sizing" schema={sizingSchema} label={t("sidebar.sizing")} redirectTo={redirectTo}>
      {({ fields }) => (
        <div className="space-y-2">
          {(["impact", "effort"] as const).map((name) => (
            <Prop key={name} id={idOf(name)} label={t(`staff.${name}`)} error={firstError(fields[name].errors)}>
              <select id={idOf(name)} name={name} className={selectClass} defaultValue={String(s[name] ?? "")} key={String(s[name])}>
                <option value="">–</option>
                {SCORES.map((n) => (
                  <option key={n} value={n}>
                    {format.number(n)}
                  </option>
                ))}
              </select>
            </Prop>
          ))}
          <p className="text-xs text-muted">
            {s.priority !== null ? t("staff.priority", { priority: format.number(Math.round(s.priority * 10) / 10) }) : t("staff.priorityUnsized")}
          </p>
        </div>
      )}
    </AutoSaveForm>
  );
}

function TagsControl({ sidebar: s, idOf, redirectTo }: Part) {
  const t = useT();
  if (s.allTags.length === 0) {
    return (
      <p className="text-muted">
        {t("staff.noTags")} <Link to="/admin/tags">{t("staff.manageTags")}</Link>
      </p>
    );
  }
  return (
    <AutoSaveForm postId={s.postId} intent="tags" schema={tagsSchema} label={t("staff.tags")} redirectTo={redirectTo}>
      {() => (
        <fieldset className="grid grid-cols-[6.5rem_1fr] gap-x-2">
          <legend className="sr-only">{t("staff.tags")}</legend>
          <span aria-hidden="true" className="text-muted">
            {t("staff.tags")}
          </span>
          <div className="flex flex-wrap gap-x-3 gap-y-1">
            {s.allTags.map((tag) => (
              <label key={tag.id} className="flex items-center gap-1" htmlFor={idOf(`tag-${tag.id}`)}>
                {/* Keyed by what is saved, so a save redraws the box from the page's data. */}
                <input
                  id={idOf(`tag-${tag.id}`)}
                  key={String(s.tagIds.includes(tag.id))}
                  type="checkbox"
                  name="tagIds"
                  value={tag.id}
                  defaultChecked={s.tagIds.includes(tag.id)}
                />
                <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: tag.color }} aria-hidden="true" />
                <span dir="auto">{tag.name}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
    </AutoSaveForm>
  );
}

function VotersControl({ sidebar: s }: Part) {
  const t = useT();
  const locale = useLocale();
  const more = s.voterCount - s.voterNames.length;
  return (
    <div className="space-y-1" data-testid="voters">
      <p>
        <span className="font-medium">{t("staff.voters", { count: s.voterCount })}</span>
        {s.voterNames.length > 0 ? (
          <>
            {": "}
            <span dir="auto">{new Intl.ListFormat(locale, { type: "unit" }).format(s.voterNames)}</span>
            {more > 0 ? ` ${t("sidebar.votersMore", { count: more })}` : null}
          </>
        ) : null}
      </p>
      <VoterTraitsList traits={s.voterTraits} />
      {s.mergedIntoId === null ? (
        <details>
          <summary className="cursor-pointer text-accent">{t("staff.onBehalf")}</summary>
          <StaffForm action={triagePath(s.postId)} intent="onBehalf" schema={onBehalfSchema} className="mt-2 space-y-2">
            {({ fields, busy }) => (
              <>
                <OnBehalfFields fields={fields} />
                <button type="submit" className="btn" disabled={busy}>
                  {t("staff.addVote")}
                </button>
              </>
            )}
          </StaffForm>
        </details>
      ) : null}
    </div>
  );
}

/** Merge into another idea found by search (a number field and a search page without JavaScript), or undo the merge. */
function MergeControl({ sidebar: s }: Part) {
  const t = useT();
  const hydrated = useHydrated();
  const [target, setTarget] = useState<PickedPost | null>(null);
  if (s.mergedIntoId !== null) {
    if (!s.canUndoMerge) return null;
    return (
      <StaffForm action={triagePath(s.postId)} intent="undoMerge" schema={noFields}>
        {({ busy }) => (
          <button type="submit" className="btn" disabled={busy}>
            {t("staff.undoMerge", { id: s.mergedIntoId! })}
          </button>
        )}
      </StaffForm>
    );
  }
  return (
    <details className="border-t border-line pt-3" data-testid="merge">
      <summary className="cursor-pointer font-medium">{t("sidebar.mergeSummary")}</summary>
      <StaffForm action={triagePath(s.postId)} intent="merge" schema={mergeSchema} className="mt-2 space-y-2" confirm={t("staff.mergeConfirm")}>
        {({ fields, busy }) => (
          <>
            {hydrated ? (
              <>
                <PostPicker label={t("sidebar.mergeSearch")} hint={t("staff.mergeHint")} except={s.postId} onPick={setTarget} />
                <input type="hidden" name="targetId" value={target?.id ?? ""} />
                {target ? (
                  <p className="rounded-md border border-line p-2" data-testid="merge-target">
                    {t("sidebar.mergeTarget")}{" "}
                    <span dir="ltr" className="text-muted">
                      #{target.id}
                    </span>{" "}
                    <span dir="auto">{target.title}</span>
                  </p>
                ) : null}
              </>
            ) : (
              <>
                <label htmlFor={`sb-${s.postId}-target`} className="block font-medium">
                  {t("staff.mergeInto")}
                </label>
                <input
                  id={`sb-${s.postId}-target`}
                  name="targetId"
                  inputMode="numeric"
                  className="input w-32"
                  dir="ltr"
                  defaultValue={typedValue(fields.targetId.initialValue)}
                />
                <p className="text-xs text-muted">
                  <Link to={`/posts/pick?except=${s.postId}`}>{t("sidebar.mergeFind")}</Link>
                </p>
              </>
            )}
            {fields.targetId.errors ? (
              <p role="alert" className="text-sm text-danger">
                {t(firstError(fields.targetId.errors)!)}
              </p>
            ) : null}
            <button type="submit" className="btn" disabled={busy || (hydrated && !target)}>
              {t("staff.mergeSubmit")}
            </button>
          </>
        )}
      </StaffForm>
    </details>
  );
}

/** Lock, ban and delete: rare and heavy, so one menu away, each with a confirmation. */
function MoreMenu({ sidebar: s }: { sidebar: PostSidebarData }) {
  const t = useT();
  return (
    <details className="border-t border-line pt-3" data-testid="more-menu">
      <summary className="cursor-pointer font-medium">
        <span aria-hidden="true">⋯ </span>
        {t("sidebar.more")}
      </summary>
      <div className="mt-2 flex flex-col items-start gap-2">
        <StaffForm
          action={triagePath(s.postId)}
          intent="lock"
          schema={lockSchema}
          confirm={s.commentsLocked ? t("sidebar.unlockConfirm") : t("sidebar.lockConfirm")}
        >
          {({ busy }) => (
            <>
              <input type="hidden" name="locked" value={s.commentsLocked ? "false" : "true"} />
              <button type="submit" className="btn" disabled={busy}>
                {s.commentsLocked ? t("staff.unlockComments") : t("staff.lockComments")}
              </button>
            </>
          )}
        </StaffForm>
        {s.canBanAuthor ? (
          <StaffForm action={triagePath(s.postId)} intent="ban" schema={banSchema} confirm={t("staff.banConfirm", { name: s.authorName })}>
            {({ busy }) => (
              <>
                <input type="hidden" name="userId" value={s.authorId} />
                <input type="hidden" name="banned" value="true" />
                <button type="submit" className="btn" disabled={busy}>
                  {t("staff.banAuthor", { name: s.authorName })}
                </button>
              </>
            )}
          </StaffForm>
        ) : null}
        {/* A plain form, not a fetcher: the post is gone afterwards, so the action sends staff to the inbox. */}
        <form method="post" action={triagePath(s.postId)} onSubmit={(e) => !window.confirm(t("staff.deleteConfirm")) && e.preventDefault()}>
          <input type="hidden" name="intent" value="delete" />
          <button type="submit" className="btn border-danger/50 text-danger">
            {t("staff.deletePost")}
          </button>
        </form>
      </div>
    </details>
  );
}

/** The voters' companies and monthly spend, when the customer's app reports them through single sign-on. */
function VoterTraitsList({ traits }: { traits: Part["sidebar"]["voterTraits"] }) {
  const t = useT();
  const format = useFormat();
  if (traits.voters.length === 0 && traits.totalSpend === 0) return null;
  return (
    <div className="text-xs text-muted" data-testid="voter-traits">
      <p>{t("sidebar.voterSpend", { amount: format.number(traits.totalSpend) })}</p>
      {traits.voters.length > 0 ? (
        <ul aria-label={t("sidebar.voterCompanies")} className="mt-1 space-y-0.5">
          {traits.voters.map((voter) => (
            <li key={voter.userId} className="[overflow-wrap:anywhere]">
              <bdi>{voter.displayName}</bdi>
              {voter.company ? (
                <>
                  {" · "}
                  <bdi data-testid="voter-company">{voter.company}</bdi>
                </>
              ) : null}
              {voter.monthlySpend !== null ? ` · ${format.number(voter.monthlySpend)}` : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
