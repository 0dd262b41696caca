import { Link } from "@remix-run/react";
import type { NotificationGroup } from "~/services/notifications.server";
import { Message, useFormat, useLocale, useT } from "./i18n";
import { RelativeTime } from "./RelativeTime";

/** Where a notice leads: the idea, or for a merge the idea it was merged into. */
export function notificationTarget(n: Pick<NotificationGroup, "type" | "postId" | "relatedPostId">): string {
  return n.type === "merged" && n.relatedPostId ? `/posts/${n.relatedPostId}` : `/posts/${n.postId}`;
}

const listFormats = new Map<string, Intl.ListFormat>();

/** "Sara, Bob and Dan", in the page's language. */
function useNameList(): (names: string[]) => string {
  const locale = useLocale();
  return (names) => {
    let format = listFormats.get(locale);
    if (!format) listFormats.set(locale, (format = new Intl.ListFormat(locale, { type: "conjunction" })));
    // Each name isolated, so a Latin name keeps its place in an Arabic list and vice versa.
    return format.format(names.map((name) => `\u2068${name}\u2069`));
  };
}

/**
 * Who did what, as one link to the idea: "Sara commented on “…”", "3 new comments on
 * “…”", "The team marked “…” as shipped", "Sara assigned “…” to you"; then a short quote and when.
 */
export function NotificationText({ n, now, compact = false }: { n: NotificationGroup; now: number; compact?: boolean }) {
  const t = useT();
  const names = useNameList();
  const format = useFormat();
  const title = n.postTitle;
  const sentence =
    n.type === "status_change" ? (
      <Message id="notifications.row.status" values={{ title, status: t(`status.${n.status ?? "open"}`) }} />
    ) : n.type === "merged" ? (
      <Message id="notifications.row.merged" values={{ title, id: format.number(n.relatedPostId ?? 0) }} />
    ) : n.type === "assigned" ? (
      n.actorNames.length > 0 ? (
        <Message id="notifications.row.assigned" values={{ title, name: n.actorNames[0] }} />
      ) : (
        <Message id="notifications.row.assignedAnon" values={{ title }} />
      )
    ) : n.count > 1 ? (
      <Message id="notifications.row.comments" values={{ title }} count={n.count} />
    ) : n.actorNames.length > 0 ? (
      <Message id="notifications.row.comment" values={{ title, name: n.actorNames[0] }} />
    ) : (
      <Message id="notifications.row.commentAnon" values={{ title }} />
    );
  return (
    <div className="min-w-0 flex-1 space-y-1">
      <Link to={notificationTarget(n)} className={`block text-ink ${n.readAt ? "" : "font-semibold"}`} data-testid="notification-link">
        {sentence}
      </Link>
      {n.count > 1 && n.actorNames.length > 0 ? (
        <p className="text-sm text-muted">
          <Message id="notifications.row.commentsBy" values={{ names: names(n.actorNames.slice(0, 3)) }} />
        </p>
      ) : null}
      {n.excerpt ? (
        <p className={`text-sm text-muted ${compact ? "line-clamp-1" : "line-clamp-2"}`} data-testid="notification-excerpt">
          <span dir="auto">{n.excerpt}</span>
        </p>
      ) : null}
      <p className="text-sm text-muted">
        <RelativeTime at={n.createdAt} now={now} />
      </p>
    </div>
  );
}

/** The unread marker: a dot for the eye, words for a screen reader (no label on a bare span). */
export function UnreadDot() {
  const t = useT();
  return (
    <>
      <span className="mt-2 inline-block h-2 w-2 shrink-0 rounded-full bg-accent" aria-hidden="true" />
      <span className="sr-only">{t("notifications.unread")}</span>
    </>
  );
}
