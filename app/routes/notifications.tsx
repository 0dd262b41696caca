import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useFormat, useT } from "~/components/i18n";
import { requireUser } from "~/services/guards.server";
import { markAllNotificationsRead, markNotificationRead, notificationsPage } from "~/services/notifications.server";
import { readForm } from "~/utils/forms.server";
import { intent, runIntent } from "~/utils/intents.server";
import { ok } from "~/utils/result";
import { idParam } from "~/utils/validation";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const before = z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .catch(undefined)
    .parse(new URL(request.url).searchParams.get("before") ?? undefined);
  return notificationsPage(user, before);
}

type Ctx = { request: Request };
const signedIn = ({ request }: Ctx) => requireUser(request);

const intents = {
  read: intent({ schema: z.object({ id: idParam }), authorise: signedIn, run: ({ id }, user) => ok(markNotificationRead(user, id)) }),
  readAll: intent({ schema: z.object({}), authorise: signedIn, run: (_input, user) => ok(markAllNotificationsRead(user)) }),
};

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request);
  const form = await readForm(request);
  const ran = await runIntent(form, intents, { request });
  if (!ran.ok) return ran.rejected;
  if (form.get("via") === "fetcher") return data({ marked: ran.outcome.value });
  return redirect("/notifications");
}

export default function Notifications() {
  const t = useT();
  const format = useFormat();
  const { items, nextBefore, unread } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("notifications.heading")}</h1>
        <div className="flex items-center gap-3 text-sm">
          <Link to="/settings/notifications">{t("notifications.preferences")}</Link>
          {unread > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="readAll" />
              <button type="submit" className="btn">
                {t("notifications.markAllRead")}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      {items.length === 0 ? <p className="card p-6 text-center text-muted">{t("notifications.empty")}</p> : null}
      <ul className="space-y-2">
        {items.map((n) => {
          const message =
            n.type === "status_change"
              ? t("notifications.statusChange", { status: t(`status.${n.status ?? "open"}`) })
              : n.type === "merged"
                ? t("notifications.merged", { id: n.relatedPostId ?? 0 })
                : t("notifications.comment");
          const target = n.type === "merged" && n.relatedPostId ? `/posts/${n.relatedPostId}` : `/posts/${n.postId}`;
          return (
            <li
              key={n.id}
              className={`card flex flex-wrap items-start gap-3 p-3 ${n.readAt ? "opacity-70" : "border-accent/60"}`}
              data-testid="notification"
              data-unread={n.readAt ? undefined : ""}
            >
              {n.readAt ? null : <span className="mt-2 inline-block h-2 w-2 rounded-full bg-accent" aria-label={t("notifications.unread")} />}
              <div className="min-w-0 flex-1 space-y-1">
                <p className="text-sm">{message}</p>
                <Link to={target} className="font-medium" dir="auto">
                  {n.postTitle}
                </Link>
                <p className="text-xs text-muted">
                  <time dateTime={new Date(n.createdAt).toISOString()}>{format.date(n.createdAt)}</time>
                </p>
              </div>
              {n.readAt ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="btn text-xs">
                    {t("notifications.markRead")}
                  </button>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
      {nextBefore ? (
        <div className="flex justify-center">
          <Link to={`/notifications?before=${nextBefore}`} className="btn" rel="next">
            {t("notifications.older")}
          </Link>
        </div>
      ) : null}
    </div>
  );
}
