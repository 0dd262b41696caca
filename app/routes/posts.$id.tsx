import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useCallback, useRef } from "react";
import { KindBadge, StatusBadge } from "~/components/Badges";
import { CommentForm } from "~/components/CommentForm";
import { useFormat, useT } from "~/components/i18n";
import { Markdown } from "~/components/Markdown";
import { VoteButton } from "~/components/VoteButton";
import { getViewer } from "~/services/guards.server";
import { loginUrl } from "~/utils/redirects";
import { getPostPage, type ThreadComment } from "~/services/posts.server";
import { idParam } from "~/services/validation.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.post.title ?? "" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam.safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  const viewer = await getViewer(request);
  const page = getPostPage(id.data, viewer);
  if (!page) throw new Response("Not found", { status: 404 });
  return { ...page, viewerId: viewer?.id ?? null };
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

type Comment = ThreadComment | ThreadComment["replies"][number];

function CommentView({ comment, postId, viewerId, isReply }: { comment: Comment; postId: number; viewerId: number | null; isReply: boolean }) {
  const t = useT();
  const format = useFormat();
  const own = viewerId !== null && comment.authorId === viewerId && !comment.deletedAt;
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
            <time dateTime={new Date(comment.createdAt).toISOString()}>{format.date(comment.createdAt)}</time>
            {comment.editedAt ? <span>({t("comments.edited")})</span> : null}
          </div>
          <Markdown html={comment.bodyHtml} />
        </>
      )}
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {!isReply && viewerId !== null ? (
          <ReplyBox postId={postId} parentId={comment.id} />
        ) : null}
        {own ? (
          <>
            <Link to={`/posts/${postId}/comments/${comment.id}`}>{t("comments.edit")}</Link>
            <Form
              method="post"
              action={`/posts/${postId}/comments/${comment.id}`}
              onSubmit={(e) => {
                if (!confirm(t("comments.deleteConfirm"))) e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="text-danger underline-offset-2 hover:underline">
                {t("comments.delete")}
              </button>
            </Form>
          </>
        ) : null}
      </div>
    </article>
  );
}

export default function PostPage() {
  const { post, voted, comments, viewerId } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const location = useLocation();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to="/" className="text-sm">
        {t("post.back")}
      </Link>
      <article className="card flex gap-4 p-5">
        <VoteButton postId={post.id} title={post.title} voted={voted} voteCount={post.voteCount} size="lg" />
        <div className="min-w-0 flex-1 space-y-3">
          <h1 className="text-2xl font-bold" dir="auto">
            {post.title}
          </h1>
          <div className="flex flex-wrap items-center gap-2 text-sm text-muted">
            <StatusBadge status={post.status} />
            <KindBadge kind={post.kind} />
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
        </div>
      </article>

      <section aria-labelledby="comments-heading" className="space-y-4">
        <h2 id="comments-heading" className="text-lg font-semibold">
          {t("comments.heading", { count: post.commentCount })}
        </h2>
        <ol className="space-y-4">
          {comments.map((comment) => (
            <li key={comment.id} className="card space-y-3 p-4">
              <CommentView comment={comment} postId={post.id} viewerId={viewerId} isReply={false} />
              {comment.replies.length > 0 ? (
                <ol className="space-y-3 border-s-2 border-line ps-4">
                  {comment.replies.map((reply) => (
                    <li key={reply.id}>
                      <CommentView comment={reply} postId={post.id} viewerId={viewerId} isReply />
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ol>
        {viewerId !== null ? (
          <div className="card p-4">
            <CommentForm postId={post.id} />
          </div>
        ) : (
          <Link to={loginUrl(location.pathname)} className="btn">
            {t("comments.loginToComment")}
          </Link>
        )}
      </section>
    </div>
  );
}
