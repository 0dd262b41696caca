import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useLocation } from "@remix-run/react";
import { useHydrated } from "~/components/useHydrated";
import { useCallback, useRef, useState } from "react";
import { KindBadge, StatusBadge } from "~/components/Badges";
import { CommentForm } from "~/components/CommentForm";
import { useSchemaForm } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { Markdown } from "~/components/Markdown";
import { VoteButton } from "~/components/VoteButton";
import { PostSidebar } from "~/components/staff/PostSidebar";
import { RelativeTime } from "~/components/RelativeTime";
import { NoteFields } from "~/components/staff/fields";
import { triagePath } from "~/components/staff/types";
import { StaffForm } from "~/components/StaffForm";
import { TagBadge } from "~/components/Badges";
import { getViewer } from "~/services/guards.server";
import { notFound } from "~/utils/http.server";
import { loginUrl } from "~/utils/redirects";
import { deleteCommentSchema } from "~/schemas/posts";
import { internalNoteSchema } from "~/schemas/triage";
import { postSidebar, staffActivity, type ActivityItem } from "~/services/staff-post.server";
import { getPostPage, type ThreadComment } from "~/services/posts.server";
import { readNotificationsOfPost } from "~/services/notifications.server";
import { idParam } from "~/utils/validation";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.post.title ?? "" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam.safeParse(params.id);
  if (!id.success) notFound();
  const viewer = await getViewer(request);
  const page = getPostPage(id.data, viewer);
  if (!page.ok) notFound();
  // Staff get the two-column page: one activity feed and the sidebar of properties,
  // which carry everything only staff see (notes, voters, sizing, CSAT).
  const sidebar = viewer && page.value.can.moderate ? postSidebar(id.data, viewer) : null;
  const activity = viewer && sidebar?.ok ? staffActivity(id.data, page.value.comments, viewer) : null;
  // Opening the idea is reading what it notified the viewer of. The header's count is
  // sent from here too: the root loader runs alongside this one and may count first.
  const unreadNotifications = viewer ? readNotificationsOfPost(viewer, id.data) : null;
  return { ...page.value, viewerId: viewer?.id ?? null, sidebar: sidebar?.ok ? sidebar.value : null, activity, unreadNotifications };
}

/** A disclosure that holds the reply form; it closes again once the reply is posted. */
function ReplyBox({ postId, parentId }: { postId: number; parentId: number }) {
  const t = useT();
  const details = useRef<HTMLDetailsElement>(null);
  const close = useCallback(() => details.current?.removeAttribute("open"), []);
  return (
    <details ref={details} className="w-full">
      <summary className="cursor-pointer text-accent">{t("comments.reply")}</summary>
      <div className="mt-2 ps-4">
        <CommentForm postId={postId} parentId={parentId} onPosted={close} />
      </div>
    </details>
  );
}

/** Delete a comment (its author's, or any for staff); the action answers with the thread again. */
function DeleteCommentForm({ postId, commentId }: { postId: number; commentId: number }) {
  const t = useT();
  const [form] = useSchemaForm(deleteCommentSchema, undefined, { id: `delete-comment-${commentId}` });
  return (
    <Form
      method="post"
      action={`/posts/${postId}/comments/${commentId}`}
      id={form.id}
      noValidate
      onSubmit={(e) => {
        if (!confirm(t("comments.deleteConfirm"))) e.preventDefault();
        else form.onSubmit(e);
      }}
    >
      <input type="hidden" name="intent" value="delete" />
      <button type="submit" className="text-danger underline-offset-2 hover:underline">
        {t("comments.delete")}
      </button>
    </Form>
  );
}

type Comment = ThreadComment | ThreadComment["replies"][number];

/** A link to the comment; with JavaScript a click copies its full address instead. */
function CopyLink({ commentId }: { commentId: number }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <>
      <a
        href={`#comment-${commentId}`}
        className="text-muted underline-offset-2 hover:underline"
        onClick={(event) => {
          if (!navigator.clipboard) return;
          event.preventDefault();
          const url = new URL(`#comment-${commentId}`, window.location.href).href;
          navigator.clipboard.writeText(url).then(
            () => setCopied(true),
            () => window.location.assign(url),
          );
        }}
      >
        {t("comments.copyLink")}
      </a>
      <span role="status" className="text-xs text-ok">
        {copied ? t("comments.linkCopied") : ""}
      </span>
    </>
  );
}

/** One comment with the controls its `can` flags (from policy, in the loader) allow. */
function CommentView({ comment, postId }: { comment: Comment; postId: number }) {
  const t = useT();
  const { now } = useLoaderData<typeof loader>();
  return (
    <article id={`comment-${comment.id}`} className="space-y-1" data-testid="comment">
      {comment.deletedAt ? (
        <p className="text-sm italic text-muted">{t("comments.deleted")}</p>
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
            <span className="font-semibold text-ink" dir="auto">
              {comment.authorName}
            </span>
            {comment.authorRole !== "customer" ? (
              <span className="badge border-accent/60 text-accent" data-testid="team-badge">
                {t("comments.team")}
              </span>
            ) : null}
            <RelativeTime at={comment.createdAt} now={now} />
            {comment.editedAt ? <span>({t("comments.edited")})</span> : null}
            {comment.mergedFromPostId ? <span className="badge border-line">{t("comments.mergedFrom", { id: comment.mergedFromPostId })}</span> : null}
          </div>
          <Markdown html={comment.bodyHtml} />
        </>
      )}
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {comment.can.reply ? <ReplyBox postId={postId} parentId={comment.id} /> : null}
        {comment.can.edit ? <Link to={`/posts/${postId}/comments/${comment.id}`}>{t("comments.edit")}</Link> : null}
        {comment.can.delete ? <DeleteCommentForm postId={postId} commentId={comment.id} /> : null}
        {comment.deletedAt ? null : <CopyLink commentId={comment.id} />}
      </div>
    </article>
  );
}

function SubscribeToggle({ postId, subscribed }: { postId: number; subscribed: boolean }) {
  const t = useT();
  const fetcher = useFetcher<{ subscribed: boolean }>();
  const location = useLocation();
  const hydrated = useHydrated();
  const shown = fetcher.formData ? fetcher.formData.get("subscribed") === "true" : (fetcher.data?.subscribed ?? subscribed);
  return (
    <fetcher.Form method="post" action={`/posts/${postId}/subscription`}>
      <input type="hidden" name="subscribed" value={shown ? "false" : "true"} />
      <input type="hidden" name="redirectTo" value={location.pathname} />
      {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
      <button type="submit" className="btn text-sm" aria-pressed={shown}>
        {shown ? t("post.unsubscribe") : t("post.subscribe")}
      </button>
    </fetcher.Form>
  );
}

export default function PostPage() {
  const { post, voted, subscribed, comments, viewerId, can, tags, timeline, officialResponse, sidebar, activity, now } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const location = useLocation();
  const staffView = sidebar !== null && activity !== null;
  const article = (
    <article className="card flex gap-4 p-5">
      {can.vote ? <VoteButton postId={post.id} title={post.title} voted={voted} voteCount={post.voteCount} size="lg" refusal={can.voteRefusal} /> : null}
      <div className="min-w-0 flex-1 space-y-3">
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere]" dir="auto">
          {post.title}
        </h1>
        <div className="flex flex-wrap items-center gap-2 text-sm text-muted">
          <StatusBadge status={post.status} />
          <KindBadge kind={post.kind} />
          {tags.map((tag) => (
            <TagBadge key={tag.id} tag={tag} />
          ))}
          <span>{t("count.votes", { count: post.voteCount })}</span>
          <span aria-hidden="true">·</span>
          <span dir="auto">{t("post.by", { name: post.authorName })}</span>
          <Link to={`/b/${post.boardSlug}`} dir="auto">
            {t("post.in", { board: post.boardName })}
          </Link>
          <time dateTime={new Date(post.createdAt).toISOString()}>{t("post.on", { date: format.date(post.createdAt) })}</time>
        </div>
        {post.mergedIntoId ? (
          <p className="rounded-md border border-line p-2 text-sm">
            <Link to={`/posts/${post.mergedIntoId}`}>{t("post.mergedInto", { id: post.mergedIntoId })}</Link>
          </p>
        ) : null}
        {post.bodyHtml ? <Markdown html={post.bodyHtml} /> : <p className="text-sm text-muted">{t("post.emptyBody")}</p>}
        {can.follow ? <SubscribeToggle postId={post.id} subscribed={subscribed} /> : null}
      </div>
    </article>
  );
  const response = officialResponse ? (
    <section aria-labelledby="response-heading" className="card space-y-2 border-s-4 border-s-ok p-5" data-testid="official-response">
      <h2 id="response-heading" className="flex flex-wrap items-center gap-2 font-semibold">
        {t("post.officialResponse")}
        <StatusBadge status={officialResponse.toStatus} />
      </h2>
      <p className="text-xs text-muted">
        <span dir="auto">{officialResponse.actorName}</span> · <RelativeTime at={officialResponse.createdAt} now={now} />
      </p>
      <Markdown html={officialResponse.responseHtml} />
    </section>
  ) : null;
  const composer = (
    <>
      {post.commentsLocked ? (
        <p className="rounded-md border border-line px-3 py-2 text-sm text-muted" role="status">
          {t("comments.locked")}
        </p>
      ) : null}
      {can.comment ? (
        <div className="card p-4">
          <CommentForm postId={post.id} />
        </div>
      ) : viewerId === null ? (
        <Link to={loginUrl(location.pathname)} className="btn">
          {t("comments.loginToComment")}
        </Link>
      ) : null}
    </>
  );
  const pending =
    post.pendingApproval && post.authorId === viewerId ? (
      <p role="status" className="rounded-md border border-warn/50 bg-warn/10 px-3 py-2 text-sm">
        {t("post.pendingApproval")}
      </p>
    ) : null;

  if (staffView) {
    return (
      <div className="mx-auto max-w-6xl space-y-4">
        <Link to="/" className="text-sm">
          {t("post.back")}
        </Link>
        {pending}
        <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <div className="min-w-0 space-y-6">
            {article}
            {response}
            <section aria-labelledby="activity-heading" className="space-y-4">
              <h2 id="activity-heading" className="text-lg font-semibold">
                {t("activity.heading")}
              </h2>
              <ol className="space-y-3" data-testid="activity">
                {activity.map((item) => (
                  <li key={item.key}>
                    <ActivityEntry item={item} postId={post.id} />
                  </li>
                ))}
              </ol>
              {composer}
              {post.mergedIntoId === null ? <InternalNoteForm postId={post.id} /> : null}
            </section>
          </div>
          <div className="lg:sticky lg:top-4">
            <PostSidebar sidebar={sidebar} />
          </div>
        </div>
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to="/" className="text-sm">
        {t("post.back")}
      </Link>
      {pending}
      {article}
      {response}

      {timeline.length > 0 ? (
        <section aria-labelledby="timeline-heading" className="space-y-2">
          <h2 id="timeline-heading" className="text-lg font-semibold">
            {t("post.timeline")}
          </h2>
          <ol className="space-y-2 border-s-2 border-line ps-4" data-testid="timeline">
            {timeline.map((entry) => (
              <li key={entry.id} className="text-sm">
                <time dateTime={new Date(entry.createdAt).toISOString()} className="text-muted">
                  {format.date(entry.createdAt)}
                </time>{" "}
                {t("post.timelineEntry", { from: t(`status.${entry.fromStatus}`), to: t(`status.${entry.toStatus}`) })}
                {/* Earlier answers stay readable here; the latest one is highlighted above. */}
                {entry.responseHtml && entry.id !== officialResponse?.id ? <Markdown html={entry.responseHtml} className="mt-1 text-muted" /> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="comments-heading" className="space-y-4">
        <h2 id="comments-heading" className="text-lg font-semibold">
          {t("comments.heading", { count: post.commentCount })}
        </h2>
        <ol className="space-y-4">
          {comments.map((comment) => (
            <li key={comment.id}>
              <CommentThread comment={comment} postId={post.id} />
            </li>
          ))}
        </ol>
        {composer}
      </section>
    </div>
  );
}

/** A top-level comment and its replies, one card. */
function CommentThread({ comment, postId }: { comment: ThreadComment; postId: number }) {
  return (
    <div className="card space-y-3 p-4">
      <CommentView comment={comment} postId={postId} />
      {comment.replies.length > 0 ? (
        <ol className="space-y-3 border-s-2 border-line ps-4">
          {comment.replies.map((reply) => (
            <li key={reply.id}>
              <CommentView comment={reply} postId={postId} />
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

/** One entry of staff's activity feed. Internal notes are tinted and labelled, never told apart by colour alone. */
function ActivityEntry({ item, postId }: { item: ActivityItem; postId: number }) {
  const t = useT();
  const { now } = useLoaderData<typeof loader>();
  const when = <RelativeTime at={item.at} now={now} className="text-muted" />;
  switch (item.type) {
    case "comment":
      return <CommentThread comment={item.comment} postId={postId} />;
    case "note":
      return (
        <div className="space-y-1 rounded-md border border-dashed border-warn/70 bg-warn/10 p-4" data-testid="activity-note">
          <div className="flex flex-wrap items-center gap-2 text-xs">
            <span className="badge border-warn/70 font-semibold text-ink">
              <span aria-hidden="true" className="me-1">
                🔒
              </span>
              {t("activity.internal")}
            </span>
            <span className="font-semibold" dir="auto">
              {item.authorName}
            </span>
            {when}
          </div>
          <Markdown html={item.bodyHtml} />
        </div>
      );
    case "status":
      return (
        <div className="space-y-1 border-s-2 border-line ps-3 text-sm" data-testid="activity-status">
          <p className="flex flex-wrap items-center gap-x-2">
            <span>{t("activity.status", { name: item.actorName, from: t(`status.${item.fromStatus}`), to: t(`status.${item.toStatus}`) })}</span>
            <StatusBadge status={item.toStatus} />
            {when}
          </p>
          {item.responseHtml ? <Markdown html={item.responseHtml} className="rounded-md bg-canvas p-2" /> : null}
        </div>
      );
    case "merge":
      return (
        <p className="border-s-2 border-line ps-3 text-sm" data-testid="activity-merge">
          {t("activity.merged", { name: item.actorName, id: item.sourcePostId, title: item.sourceTitle })} {when}
        </p>
      );
    case "vote":
      return (
        <p className="border-s-2 border-line ps-3 text-sm" data-testid="activity-vote">
          {t("activity.onBehalf", { by: item.addedByName ?? t("activity.someone"), name: item.voterName })}
          {item.note ? <span dir="auto"> · {t("activity.onBehalfNote", { note: item.note })}</span> : null} {when}
        </p>
      );
  }
}

/** Staff's note in the feed: only staff ever see it. */
function InternalNoteForm({ postId }: { postId: number }) {
  const t = useT();
  return (
    <div className="rounded-md border border-dashed border-warn/70 bg-warn/10 p-4">
      <p className="mb-2 text-xs">
        <span className="badge border-warn/70 font-semibold text-ink">{t("activity.internal")}</span> {t("staff.notesHint")}
      </p>
      <StaffForm action={triagePath(postId)} intent="note" schema={internalNoteSchema} className="space-y-2">
        {({ fields, busy }) => (
          <>
            <NoteFields fields={fields} />
            <button type="submit" className="btn" disabled={busy}>
              {t("staff.saveNote")}
            </button>
          </>
        )}
      </StaffForm>
    </div>
  );
}
