// Everything staff do on a post page, one named piece per form. Customers never receive this data.
import { useT } from "./i18n";
import { CsatSection, NotesSection, OnBehalfSection } from "./staff/CustomerSections";
import { MergeSection, ModerationSection } from "./staff/ModerationSections";
import { ApproveForm, KindForm, SizingForm, StatusForm, TagsSection } from "./staff/TriageForms";
import type { PostSummary, StaffData } from "./staff/types";

export function StaffPanel({ post, staff, tagIds }: { post: PostSummary; staff: StaffData; tagIds: number[] }) {
  const t = useT();
  // A merged-away post is only a pointer to its target: nothing to sort on it but the merge.
  const open = post.mergedIntoId === null;
  return (
    <aside id="staff" className="card space-y-5 border-accent/40 p-5" aria-labelledby="staff-heading">
      <h2 id="staff-heading" className="text-lg font-semibold">
        {t("staff.heading")}
      </h2>
      {post.pendingApproval ? <ApproveForm post={post} /> : null}
      {open ? (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <KindForm post={post} />
            <SizingForm post={post} staff={staff} />
          </div>
          <StatusForm post={post} staff={staff} />
          <TagsSection post={post} staff={staff} tagIds={tagIds} />
          <OnBehalfSection postId={post.id} staff={staff} />
          <NotesSection postId={post.id} notes={staff.notes} />
        </>
      ) : null}
      <CsatSection csat={staff.csat} comments={staff.csatComments} />
      <MergeSection post={post} canUndoMerge={staff.canUndoMerge} />
      <ModerationSection post={post} staff={staff} />
    </aside>
  );
}
