import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useT } from "~/components/i18n";
import { NotificationText, UnreadDot } from "~/components/NotificationText";
import { requireUser } from "~/services/guards.server";
import { markAllNotificationsRead, markNotificationRead, markPostNotificationsRead, notificationsPage } from "~/services/notifications.server";
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
  // A grouped row ("3 new comments on …") is read all at once: everything about its idea.
  readPost: intent({ schema: z.object({ postId: idParam }), authorise: signedIn, run: ({ postId }, user) => ok(markPostNotificationsRead(user, postId)) }),
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
  const { items, nextBefore, unread, now } = useLoaderData<typeof loader>();
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
        {items.map((n) => (
          <li
            key={n.id}
            className={`card flex flex-wrap items-start gap-3 p-3 ${n.readAt ? "" : "border-accent/60"}`}
            data-testid="notification"
            data-unread={n.readAt ? undefined : ""}
            data-count={n.count}
          >
            {n.readAt ? null : <UnreadDot />}
            <NotificationText n={n} now={now} />
            {n.readAt ? null : (
              <Form method="post">
                {n.count > 1 ? (
                  <>
                    <input type="hidden" name="intent" value="readPost" />
                    <input type="hidden" name="postId" value={n.postId} />
                  </>
                ) : (
                  <>
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="id" value={n.id} />
                  </>
                )}
                <button type="submit" className="btn text-xs">
                  {t("notifications.markRead")}
                </button>
              </Form>
            )}
          </li>
        ))}
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
