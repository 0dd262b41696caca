// Folding duplicates together (and undoing it), and moderation: locking the thread,
// banning the author, deleting the post.
import { banSchema, lockSchema, mergeSchema, noFields } from "~/schemas/triage";
import { useT } from "../i18n";
import { StaffForm } from "../StaffForm";
import { MergeFields } from "./fields";
import { Section } from "./Section";
import { triagePath, type PostSummary, type StaffData } from "./types";

/** Merge this post into another; once merged, undo it (while its target is not merged on). */
export function MergeSection({ post, canUndoMerge }: { post: PostSummary; canUndoMerge: boolean }) {
  const t = useT();
  const mergedInto = post.mergedIntoId;
  let body = null;
  if (mergedInto === null) {
    body = (
      <StaffForm action={triagePath(post.id)} intent="merge" schema={mergeSchema} className="flex flex-wrap items-end gap-2" confirm={t("staff.mergeConfirm")}>
        {({ fields, busy }) => (
          <>
            <MergeFields fields={fields} />
            <button type="submit" className="btn" disabled={busy}>
              {t("staff.mergeSubmit")}
            </button>
          </>
        )}
      </StaffForm>
    );
  } else if (canUndoMerge) {
    body = (
      <StaffForm action={triagePath(post.id)} intent="undoMerge" schema={noFields}>
        {({ busy }) => (
          <button type="submit" className="btn" disabled={busy}>
            {t("staff.undoMerge", { id: mergedInto })}
          </button>
        )}
      </StaffForm>
    );
  }
  return (
    <Section title={t("staff.merge")} id="staff-merge">
      {body}
    </Section>
  );
}

export function ModerationSection({ post, staff }: { post: PostSummary; staff: StaffData }) {
  const t = useT();
  return (
    <Section title={t("staff.moderation")} id="staff-moderation">
      <div className="flex flex-wrap gap-2">
        <StaffForm action={triagePath(post.id)} intent="lock" schema={lockSchema}>
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
          <StaffForm action={triagePath(post.id)} intent="ban" schema={banSchema} confirm={t("staff.banConfirm", { name: post.authorName })}>
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
        <DeletePostForm postId={post.id} />
      </div>
    </Section>
  );
}

/** A plain form, not a fetcher: the post is gone afterwards, so the action sends staff to the inbox. */
function DeletePostForm({ postId }: { postId: number }) {
  const t = useT();
  return (
    <form method="post" action={triagePath(postId)} onSubmit={(e) => !window.confirm(t("staff.deleteConfirm")) && e.preventDefault()}>
      <input type="hidden" name="intent" value="delete" />
      <button type="submit" className="btn border-danger/50 text-danger">
        {t("staff.deletePost")}
      </button>
    </form>
  );
}
