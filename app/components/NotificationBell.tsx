import { Link, useFetcher, useLocation, useMatches } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { loader as latestLoader } from "~/routes/notifications_.latest";
import { useFormat, useRootData, useT } from "./i18n";
import { NotificationText, UnreadDot } from "./NotificationText";
import { useHydrated } from "./useHydrated";

const bellIcon = (
  <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
    <path d="M10 2a5 5 0 0 0-5 5v3l-1.5 3h13L15 10V7a5 5 0 0 0-5-5zm0 16a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 10 18z" />
  </svg>
);

/**
 * The unread count to show. The root loader counts it, but a page that marks
 * notifications read (the idea page) sends the count after doing so, since the root
 * loader runs alongside it and is not run again on a link navigation: that count wins,
 * and stays until the root data is fresh again.
 */
function useUnreadCount(rootUnread: number): number {
  const matches = useMatches();
  const root = useRootData();
  const fromPage = matches
    .map((m) => (m.data as { unreadNotifications?: unknown } | undefined)?.unreadNotifications)
    .reverse()
    .find((v): v is number => typeof v === "number");
  const [kept, setKept] = useState<{ root: unknown; value: number } | null>(null);
  // Kept while rendering (React's pattern for state derived from props), not in an effect.
  if (fromPage !== undefined && (kept?.value !== fromPage || kept.root !== root)) setKept({ root, value: fromPage });
  if (fromPage !== undefined) return fromPage;
  return kept && kept.root === root ? kept.value : rootUnread;
}

/**
 * The header's bell. Without JavaScript it is a link to /notifications; with it, a
 * disclosure whose panel loads the latest notifications when opened, with the full page
 * behind its last link.
 */
export function NotificationBell({ unread }: { unread: number }) {
  const t = useT();
  const format = useFormat();
  const hydrated = useHydrated();
  const fetcher = useFetcher<typeof latestLoader>();
  const location = useLocation();
  const details = useRef<HTMLDetailsElement>(null);
  const count = useUnreadCount(unread);

  // Following a link in the panel, or pressing Escape or clicking elsewhere, closes it.
  useEffect(() => details.current?.removeAttribute("open"), [location.key]);
  useEffect(() => {
    const close = (event: Event) => {
      const el = details.current;
      if (!el?.open) return;
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !el.contains(event.target as Node)) {
        el.removeAttribute("open");
        if (event instanceof KeyboardEvent) el.querySelector("summary")?.focus();
      }
    };
    document.addEventListener("keydown", close);
    document.addEventListener("click", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("click", close);
    };
  }, []);

  const face = (
    <>
      {bellIcon}
      {count > 0 ? (
        <span className="rounded-full bg-danger px-1.5 text-xs font-semibold text-white" data-testid="unread-count">
          {format.number(count)}
        </span>
      ) : null}
      <span className="sr-only">{count > 0 ? t("notifications.bellUnread", { count }) : t("notifications.heading")}</span>
    </>
  );
  const faceClass = "relative inline-flex items-center gap-1 text-ink no-underline";

  if (!hydrated) {
    return (
      <Link to="/notifications" className={faceClass} data-testid="bell">
        {face}
      </Link>
    );
  }
  const items = fetcher.data?.items;
  return (
    <details
      ref={details}
      className="relative"
      onToggle={(e) => {
        if (e.currentTarget.open) fetcher.load("/notifications/latest");
      }}
    >
      <summary className={`${faceClass} cursor-pointer list-none [&::-webkit-details-marker]:hidden`} data-testid="bell">
        {face}
      </summary>
      <div
        className="card fixed inset-x-2 top-14 z-30 max-h-[80vh] space-y-2 overflow-y-auto p-3 text-start text-sm shadow-lg sm:absolute sm:inset-x-auto sm:end-0 sm:top-auto sm:mt-2 sm:w-80"
        data-testid="bell-panel"
        aria-busy={fetcher.state !== "idle"}
      >
        <h2 className="font-semibold">{t("notifications.heading")}</h2>
        {items === undefined ? (
          <p className="text-muted">{t("notifications.loading")}</p>
        ) : items.length === 0 ? (
          <p className="text-muted">{t("notifications.empty")}</p>
        ) : (
          <ul className="divide-y divide-line">
            {items.map((n) => (
              <li key={n.id} className="flex gap-2 py-2" data-testid="bell-notification" data-unread={n.readAt ? undefined : ""}>
                {n.readAt ? <span className="w-2 shrink-0" aria-hidden="true" /> : <UnreadDot />}
                <NotificationText n={n} now={fetcher.data!.now} compact />
              </li>
            ))}
          </ul>
        )}
        <Link to="/notifications" className="block border-t border-line pt-2 font-medium">
          {t("notifications.seeAll")}
        </Link>
      </div>
    </details>
  );
}
