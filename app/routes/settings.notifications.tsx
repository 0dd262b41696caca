import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { notificationPreferencesSchema } from "~/schemas/account";
import { requireUser } from "~/services/guards.server";
import { notificationPreferences, saveNotificationPreferences } from "~/services/notifications.server";
import { parseSubmission, readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return notificationPreferences(user);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // Checkboxes only: only a forged form can fail, and it gets no form back.
  const submission = parseSubmission(await readForm(request), notificationPreferencesSchema);
  if (submission.status !== "success") throw new Response("Bad request", { status: 400 });
  saveNotificationPreferences(user, submission.value);
  return redirect("/settings/notifications?saved=1");
}

export default function NotificationSettings() {
  const t = useT();
  const prefs = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">{t("prefs.notificationsHeading")}</h1>
      {params.get("saved") === "1" ? (
        <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok">
          {t("admin.saved")}
        </p>
      ) : null}
      {prefs.suppressed ? (
        <p role="alert" className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
          {t("prefs.suppressed")}
        </p>
      ) : null}
      <Form method="post" className="card space-y-4 p-5">
        <p className="text-sm text-muted">{t("prefs.inAppAlwaysOn")}</p>
        <label className="flex items-start gap-2">
          <input type="checkbox" name="emailOnStatus" defaultChecked={prefs.emailOnStatus} className="mt-1" />
          <span>{t("prefs.emailOnStatus")}</span>
        </label>
        <label className="flex items-start gap-2">
          <input type="checkbox" name="emailOnComment" defaultChecked={prefs.emailOnComment} className="mt-1" />
          <span>{t("prefs.emailOnComment")}</span>
        </label>
        {prefs.weeklyDigest !== null ? (
          <label className="flex items-start gap-2">
            <input type="checkbox" name="emailWeeklyDigest" defaultChecked={prefs.weeklyDigest} className="mt-1" />
            <span>
              <span className="block">{t("prefs.weeklyDigest")}</span>
              <span className="block text-sm text-muted">{t("prefs.weeklyDigestHint")}</span>
            </span>
          </label>
        ) : null}
        <button type="submit" className="btn btn-primary">
          {t("admin.save")}
        </button>
      </Form>
      <section className="space-y-2" aria-labelledby="following-heading">
        <h2 id="following-heading" className="text-lg font-semibold">
          {t("prefs.following")}
        </h2>
        {prefs.subscriptions.length === 0 ? <p className="text-sm text-muted">{t("prefs.followingNone")}</p> : null}
        <ul className="space-y-1 text-sm">
          {prefs.subscriptions.map((s) => (
            <li key={s.postId} className="flex flex-wrap items-center gap-2">
              <Link to={`/posts/${s.postId}`} dir="auto">
                {s.title}
              </Link>
              <span className="badge border-line text-muted">{s.state === "subscribed" ? t("prefs.stateFollowing") : t("prefs.stateUnfollowed")}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
