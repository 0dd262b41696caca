// The selected idea beside the inbox list (on a phone, a screen of its own): what it says,
// who asked, and the staff controls to triage it without leaving the inbox.
import type { SubmissionResult } from "@conform-to/react";
import { Link } from "@remix-run/react";
import type { inboxPage } from "~/services/triage.server";
import { KindBadge, StatusBadge, TagBadge } from "../Badges";
import { Markdown } from "../Markdown";
import { useFormat, useT } from "../i18n";
import { QuickTriage } from "./QuickTriage";
import { PostSidebar } from "../staff/PostSidebar";
import type { PostSidebarData } from "~/services/staff-post.server";

export type InboxDetailData = NonNullable<ReturnType<typeof inboxPage>["selected"]>;

type Props = {
  post: InboxDetailData;
  sidebar: PostSidebarData | null;
  /** The inbox with nothing selected (on a phone: back to the list). */
  back: string;
  previous: string | null;
  next: string | null;
  /** Where the quick triage form posts, and where it comes back to. */
  quickAction: string;
  stay: string;
  quickReply: SubmissionResult<string[]> | undefined;
};

export function InboxDetail({ post, sidebar, back, previous, next, quickAction, stay, quickReply }: Props) {
  const t = useT();
  const format = useFormat();
  return (
    <article className="card space-y-4 p-4" aria-labelledby="inbox-detail-title" data-testid="inbox-detail">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <Link to={back} className="lg:hidden" preventScrollReset>
          <span aria-hidden="true" className="rtl:hidden">
            ←{" "}
          </span>
          <span aria-hidden="true" className="ltr:hidden">
            →{" "}
          </span>
          {t("inbox.detail.back")}
        </Link>
        <div className="ms-auto flex gap-2">
          <StepLink to={previous} label={t("inbox.previous")} shortcut="k" />
          <StepLink to={next} label={t("inbox.next")} shortcut="j" />
        </div>
      </div>

      <header className="space-y-2">
        <h2 id="inbox-detail-title" className="text-xl font-bold [overflow-wrap:anywhere]" dir="auto">
          #{format.number(post.id)} {post.title}
        </h2>
        <p className="text-sm text-muted">{t("inbox.detail.by", { name: post.authorName, board: post.boardName, date: format.date(post.createdAt) })}</p>
        <div className="flex flex-wrap items-center gap-1 text-xs">
          {post.kind === null ? <span className="badge border-warn/60 text-warn">{t("list.untriaged")}</span> : <KindBadge kind={post.kind} />}
          <StatusBadge status={post.status} />
          {post.pendingApproval ? <span className="badge border-warn/60 text-warn">{t("inbox.pending")}</span> : null}
          {post.tags.map((tag) => (
            <TagBadge key={tag.id} tag={tag} />
          ))}
          <span className="text-muted">{t("count.votes", { count: post.voteCount })}</span>
          <span className="text-muted" aria-hidden="true">
            ·
          </span>
          <span className="text-muted">{t("count.comments", { count: post.commentCount })}</span>
          {post.priority !== null ? (
            <>
              <span className="text-muted" aria-hidden="true">
                ·
              </span>
              <abbr title={t("inbox.priorityExplained")} className="text-muted">
                {t("inbox.priority")} {format.number(Math.round(post.priority * 10) / 10)}
              </abbr>
            </>
          ) : null}
        </div>
      </header>

      {post.bodyHtml ? (
        <Markdown html={post.bodyHtml} className="max-h-80 overflow-y-auto" />
      ) : (
        <p className="text-sm italic text-muted">{t("post.emptyBody")}</p>
      )}

      <p>
        <Link to={`/posts/${post.id}`}>{t("inbox.detail.openFull")}</Link>
      </p>

      <QuickTriage key={`${post.id}:${post.kind}:${post.status}`} post={post} action={quickAction} stay={stay} next={next ?? back} reply={quickReply} />
      {/* The rest of the post page's sidebar; kind and status are the quick triage's here. */}
      {sidebar ? <PostSidebar sidebar={sidebar} redirectTo={stay} statusAndKindElsewhere /> : null}
    </article>
  );
}

function StepLink({ to, label, shortcut }: { to: string | null; label: string; shortcut: string }) {
  const body = (
    <>
      {label} <kbd className="text-[0.7rem]">{shortcut}</kbd>
    </>
  );
  // No idea before or after: shown greyed (muted text keeps AA contrast), not a link.
  if (!to) return <span className="btn pointer-events-none py-1 text-xs text-muted">{body}</span>;
  return (
    <Link to={to} className="btn py-1 text-xs no-underline" preventScrollReset>
      {body}
    </Link>
  );
}
