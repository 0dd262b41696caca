// Admin: webhook endpoints. Register a receiver's URL and the events it takes (the URL is
// checked against DNS before it is saved; a refusal says why beside the field), and see
// each endpoint's state. Each endpoint's own page has its deliveries and its secret.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { WEBHOOK_EVENTS } from "~/db/enums";
import { newWebhookSchema } from "~/schemas/webhooks";
import { requireAdmin } from "~/services/guards.server";
import { createWebhook, webhooksForAdmin } from "~/services/webhooks.server";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { webhooks: webhooksForAdmin(), now: Date.now() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const submission = parseSubmission(await readForm(request), newWebhookSchema);
  if (submission.status !== "success") return reject(submission);
  const created = await createWebhook(submission.value, admin);
  return created.ok ? redirect(`/admin/webhooks/${created.value.webhookId}?created=1`) : reject(submission, created);
}

export default function AdminWebhooks() {
  const t = useT();
  const format = useFormat();
  const { webhooks, now } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm(newWebhookSchema, useActionData<typeof action>());
  // After a refused submission the boxes hold what was ticked; on a fresh form, every event.
  const typedEvents = fields.events.initialValue;
  const ticked = (event: string) => (typedEvents === undefined ? true : ([] as unknown[]).concat(typedEvents).includes(event));
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{t("webhooks.heading")}</h1>
        <p className="text-muted">{t("webhooks.intro")}</p>
      </div>

      <section className="space-y-3" aria-labelledby="webhooks-list">
        <h2 id="webhooks-list" className="text-lg font-semibold">
          {t("webhooks.listHeading")}
        </h2>
        {webhooks.length === 0 ? (
          <p className="card p-4 text-muted">{t("webhooks.empty")}</p>
        ) : (
          <ul className="space-y-2">
            {webhooks.map((hook) => (
              <li key={hook.id} className="card space-y-2 p-3" data-testid="webhook-endpoint">
                <div className="flex flex-wrap items-center gap-2">
                  <span className={`badge ${hook.enabled ? "border-ok/50 text-ok" : "border-danger/50 text-danger"}`}>
                    {hook.enabled ? t("webhooks.enabled") : t("webhooks.disabled")}
                  </span>
                  <Link to={`/admin/webhooks/${hook.id}`} className="min-w-0 flex-1 font-mono text-sm font-semibold [overflow-wrap:anywhere]" dir="ltr">
                    {hook.url}
                  </Link>
                </div>
                <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
                  <span>{t("webhooks.eventCount", { count: hook.events.length })}</span>
                  {hook.pending > 0 ? <span>{t("webhooks.pendingCount", { count: hook.pending })}</span> : null}
                  {hook.failed > 0 ? <span className="text-danger">{t("webhooks.failedCount", { count: hook.failed })}</span> : null}
                  <span>
                    {hook.lastDeliveredAt ? t("webhooks.lastDelivered", { date: format.relative(hook.lastDeliveredAt, now) }) : t("webhooks.neverDelivered")}
                  </span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="card space-y-4 p-5" noValidate aria-labelledby="new-webhook-heading">
        <h2 id="new-webhook-heading" className="text-lg font-semibold">
          {t("webhooks.newHeading")}
        </h2>
        <Field name="url" label={t("webhooks.url")} hint={t("webhooks.urlHint")} error={firstError(fields.url.errors)}>
          {(p) => (
            <input
              {...p}
              type="url"
              inputMode="url"
              className="input font-mono"
              dir="ltr"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://example.com/closeloop-hooks"
              maxLength={2000}
              defaultValue={typedValue(fields.url.initialValue) ?? ""}
            />
          )}
        </Field>
        <fieldset className="space-y-2" aria-describedby={fields.events.errors ? "field-events-error" : undefined}>
          <legend className="text-sm font-medium">{t("webhooks.events")}</legend>
          <ul className="grid gap-2 sm:grid-cols-2">
            {WEBHOOK_EVENTS.map((event) => (
              <li key={event}>
                <label className="flex items-start gap-2 text-sm">
                  <input type="checkbox" name="events" value={event} defaultChecked={ticked(event)} className="mt-1" />
                  <span>
                    {/* An inline code in a block of the page's direction: in Arabic it sits at the start (right) like the text under it. */}
                    <span className="block">
                      <code dir="ltr" className="font-mono text-xs">
                        {event}
                      </code>
                    </span>
                    <span className="text-muted">{t(`webhooks.event.${event}`)}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {fields.events.errors ? (
            <p id="field-events-error" className="text-sm text-danger" role="alert">
              {t(firstError(fields.events.errors)!)}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="btn btn-primary">
          {t("webhooks.create")}
        </button>
      </Form>
    </div>
  );
}
