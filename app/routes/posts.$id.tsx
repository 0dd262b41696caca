import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useLocation } from "@remix-run/react";
import { useHydrated } from "~/components/useHydrated";
import { useCallback, useRef } from "react";
import { KindBadge, StatusBadge } from "~/components/Badges";
import { CommentForm } from "~/components/CommentForm";
import { useSchemaForm } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { Markdown } from "~/components/Markdown";
import { VoteButton } from "~/components/VoteButton";
import { CopyLink } from "~/components/CopyLink";
import { StaffPanel } from "~/components/StaffPanel";
import { TagBadge } from "~/components/Badges";
import { getViewer } from "~/services/guards.server";
import { notFound } from "~/utils/http.server";
import { loginUrl } from "~/utils/redirects";
import { deleteCommentSchema } from "~/schemas/posts";
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
  // Opening the idea is reading what it notified the viewer of. The header's count is
  // sent from here too: the root loader runs alongside this one and may count first.
  const unreadNotifications = viewer ? readNotificationsOfPost(viewer, id.data) : null;
  return { ...page.value, viewerId: viewer?.id ?? null, unreadNotifications };
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

/** One comment with the controls its `can` flags (from policy, in the loader) allow. */
function CommentView({ comment, postId }: { comment: Comment; postId: number }) {
  const t = useT();
  const format = useFormat();
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
              <span className="badge border-accent/60 text-ink" data-testid="staff-badge">
                {t("comments.staffBadge")}
              </span>
            ) : null}
            <time dateTime={new Date(comment.createdAt).toISOString()}>{format.date(comment.createdAt)}</time>
            {comment.editedAt ? <span>({t("comments.edited")})</span> : null}
            {comment.mergedFromPostId ? <span className="badge border-line">{t("comments.mergedFrom", { id: comment.mergedFromPostId })}</span> : null}
          </div>
          <Markdown html={comment.bodyHtml} />
        </>
      )}
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {comment.deletedAt ? null : <CopyLink hash={`comment-${comment.id}`} />}
        {comment.can.reply ? <ReplyBox postId={postId} parentId={comment.id} /> : null}
        {comment.can.edit ? <Link to={`/posts/${postId}/comments/${comment.id}`}>{t("comments.edit")}</Link> : null}
        {comment.can.delete ? <DeleteCommentForm postId={postId} commentId={comment.id} /> : null}
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
  const { post, voted, subscribed, comments, viewerId, can, tags, timeline, officialResponse, staff } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const location = useLocation();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to="/" className="text-sm">
        {t("post.back")}
      </Link>
      {post.pendingApproval && post.authorId === viewerId ? (
        <p role="status" className="rounded-md border border-amber-500/50 bg-amber-500/10 px-3 py-2 text-sm">
          {t("post.pendingApproval")}
        </p>
      ) : null}
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

      {officialResponse ? (
        <section aria-labelledby="response-heading" className="card space-y-2 border-s-4 border-s-ok p-5" data-testid="official-response">
          <h2 id="response-heading" className="flex flex-wrap items-center gap-2 font-semibold">
            {t("post.officialResponse")}
            <StatusBadge status={officialResponse.toStatus} />
          </h2>
          <p className="text-xs text-muted">
            <span dir="auto">{officialResponse.actorName}</span> · {format.date(officialResponse.createdAt)}
          </p>
          <Markdown html={officialResponse.responseHtml} />
        </section>
      ) : null}

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

      {staff ? <StaffPanel post={post} staff={staff} tagIds={tags.map((tag) => tag.id)} /> : null}

      <section aria-labelledby="comments-heading" className="space-y-4">
        <h2 id="comments-heading" className="text-lg font-semibold">
          {t("comments.heading", { count: post.commentCount })}
        </h2>
        <ol className="space-y-4">
          {comments.map((comment) => (
            <li key={comment.id} className="card space-y-3 p-4">
              <CommentView comment={comment} postId={post.id} />
              {comment.replies.length > 0 ? (
                <ol className="space-y-3 border-s-2 border-line ps-4">
                  {comment.replies.map((reply) => (
                    <li key={reply.id}>
                      <CommentView comment={reply} postId={post.id} />
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ol>
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
      </section>
    </div>
  );
}
