// Admin: one webhook endpoint. Its state and signing secret (revealed on demand: it is
// stored readable, since signing needs it, so "shown once" would only pretend), its
// controls (enable or disable, rotate the secret, delete), and each delivery: event,
// status, response code, duration, attempts, the next attempt, and the first 1 KB of the
// receiver's answer, with "resend". The URL and the answer are outsiders' text: React
// escapes them, and they sit in <code>/<pre> with their own direction.
// The trailing underscore keeps this page out of the list's layout: /admin/webhooks/:id.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormError } from "~/components/Field";
import { firstError } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import type { WebhookDeliveryStatus } from "~/db/enums";
import type { MessageKey } from "~/i18n";
import { deliveriesQuerySchema, resendSchema, webhookButtonSchema } from "~/schemas/webhooks";
import { requireAdmin } from "~/services/guards.server";
import { deleteWebhook, resendDelivery, rotateWebhookSecret, setWebhookEnabled, webhookPage } from "~/services/webhooks.server";
import { readForm } from "~/utils/forms.server";
import { idParamOrNotFound, refuse } from "~/utils/http.server";
import { intent, runIntent } from "~/utils/intents.server";
import { CATALOGUE_KEY } from "~/utils/validation";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const id = idParamOrNotFound(params.id);
  const query = deliveriesQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = webhookPage(id, query.before);
  if (!page.ok) refuse(page);
  return { ...page.value, now: Date.now() };
}

type Ctx = { request: Request; id: number };
const asAdmin = ({ request }: Ctx) => requireAdmin(request);
const intents = {
  enable: intent({ schema: webhookButtonSchema, authorise: asAdmin, run: (_input, _admin, { id }) => setWebhookEnabled(id, true) }),
  disable: intent({ schema: webhookButtonSchema, authorise: asAdmin, run: (_input, _admin, { id }) => setWebhookEnabled(id, false) }),
  rotate: intent({ schema: webhookButtonSchema, authorise: asAdmin, run: (_input, _admin, { id }) => rotateWebhookSecret(id) }),
  delete: intent({ schema: webhookButtonSchema, authorise: asAdmin, run: (_input, _admin, { id }) => deleteWebhook(id) }),
  resend: intent({ schema: resendSchema, authorise: asAdmin, run: ({ deliveryId }, _admin, { id }) => resendDelivery(id, deliveryId) }),
};

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAdmin(request);
  const id = idParamOrNotFound(params.id);
  const ran = await runIntent(await readForm(request), intents, { request, id });
  if (!ran.ok) return ran.rejected;
  if (ran.outcome.intent === "delete") return redirect("/admin/webhooks");
  if (ran.outcome.intent === "rotate") return redirect(`/admin/webhooks/${id}?rotated=1`);
  return redirect(`/admin/webhooks/${id}`);
}

const STATUS_STYLE: Record<WebhookDeliveryStatus, string> = {
  pending: "border-warn/50 text-warn",
  sending: "border-accent/50 text-accent",
  delivered: "border-ok/50 text-ok",
  failed: "border-danger/50 text-danger",
};

export default function AdminWebhook() {
  const t = useT();
  const format = useFormat();
  const { webhook, deliveries, olderBefore, now } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const [params] = useSearchParams();
  const justCreated = params.get("created") === "1";
  const rotated = params.get("rotated") === "1";
  const pageError = rejected ? firstError(rejected.reply.error?.[""]) : undefined;
  // A delivery's last error is either a catalogue key the worker recorded (a refused
  // target: "refused: error.webhookPrivateAddress") or the network's own English.
  const errorText = (error: string) => {
    const key = error.replace(/^refused: /, "");
    return error.startsWith("refused: ") && CATALOGUE_KEY.test(key) ? t(key as MessageKey) : error;
  };
  const when = (ms: number) => (
    <time dateTime={new Date(ms).toISOString()} title={format.date(ms)}>
      {format.relative(ms, now)}
    </time>
  );
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to="/admin/webhooks" className="text-sm">
        {t("webhooks.back")}
      </Link>
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{t("webhooks.endpointHeading", { id: webhook.id })}</h1>
        <p className="font-mono text-sm [overflow-wrap:anywhere]" dir="ltr" data-field="url">
          {webhook.url}
        </p>
      </div>
      <FormError error={pageError} />
      {justCreated || rotated ? (
        <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok">
          {justCreated ? t("webhooks.created") : t("webhooks.rotated")}
        </p>
      ) : null}
      {!webhook.enabled ? (
        <p className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger" data-testid="webhook-disabled">
          {t("webhooks.disabledNote")}
        </p>
      ) : null}

      <section className="card space-y-4 p-5" aria-labelledby="webhook-settings">
        <h2 id="webhook-settings" className="sr-only">
          {t("webhooks.settings")}
        </h2>
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-muted">{t("webhooks.status")}</dt>
          <dd>
            <span className={`badge ${webhook.enabled ? "border-ok/50 text-ok" : "border-danger/50 text-danger"}`}>
              {webhook.enabled ? t("webhooks.enabled") : t("webhooks.disabled")}
            </span>
            {webhook.disabledAt ? <span className="ms-2 text-xs text-muted">{t("webhooks.disabledOn", { date: format.date(webhook.disabledAt) })}</span> : null}
          </dd>
          <dt className="font-medium text-muted">{t("webhooks.events")}</dt>
          <dd>
            <ul className="flex flex-wrap gap-1">
              {webhook.events.map((event) => (
                <li key={event}>
                  <code dir="ltr" className="badge border-line font-mono">
                    {event}
                  </code>
                </li>
              ))}
            </ul>
          </dd>
          <dt className="font-medium text-muted">{t("webhooks.failuresInRow")}</dt>
          <dd>{format.number(webhook.consecutiveFailures)}</dd>
          <dt className="font-medium text-muted">{t("webhooks.added")}</dt>
          <dd>{format.date(webhook.createdAt)}</dd>
        </dl>

        <details open={justCreated || rotated} className="rounded-md border border-line p-3">
          <summary className="cursor-pointer text-sm font-medium">{t("webhooks.secretReveal")}</summary>
          <div className="mt-2 space-y-2">
            <output name="webhook-secret" className="block rounded bg-line/40 p-2 font-mono text-sm [overflow-wrap:anywhere]" dir="ltr">
              {webhook.secret}
            </output>
            <p className="text-xs text-muted">{t("webhooks.secretHint")}</p>
          </div>
        </details>

        <div className="flex flex-wrap gap-2">
          <Form method="post">
            <input type="hidden" name="intent" value={webhook.enabled ? "disable" : "enable"} />
            <button type="submit" className="btn">
              {webhook.enabled ? t("webhooks.disable") : t("webhooks.enable")}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="rotate" />
            <button type="submit" className="btn">
              {t("webhooks.rotate")}
            </button>
          </Form>
          <Form method="post" className="ms-auto">
            <input type="hidden" name="intent" value="delete" />
            <button type="submit" className="btn border-danger/50 text-danger" aria-describedby="webhook-delete-hint">
              {t("webhooks.delete")}
            </button>
          </Form>
        </div>
        <p id="webhook-delete-hint" className="text-xs text-muted">
          {t("webhooks.deleteHint")}
        </p>
      </section>

      <section className="space-y-3" aria-labelledby="webhook-deliveries">
        <h2 id="webhook-deliveries" className="text-lg font-semibold">
          {t("webhooks.deliveriesHeading")}
        </h2>
        {deliveries.length === 0 ? <p className="card p-4 text-muted">{t("webhooks.noDeliveries")}</p> : null}
        <ul className="space-y-2">
          {deliveries.map((d) => (
            <li key={d.id} className="card space-y-2 p-3 text-sm" data-testid="webhook-delivery" data-status={d.status}>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <code dir="ltr" className="font-mono font-semibold">
                  {d.event}
                </code>
                <span className={`badge ${STATUS_STYLE[d.status]}`}>{t(`webhooks.delivery.status.${d.status}`)}</span>
                <span data-field="response-status" dir={d.responseStatus !== null ? "ltr" : undefined}>
                  {d.responseStatus !== null ? t("webhooks.delivery.code", { code: d.responseStatus }) : t("webhooks.delivery.noCode")}
                </span>
                {d.durationMs !== null ? <span className="text-muted">{t("webhooks.delivery.duration", { ms: format.number(d.durationMs) })}</span> : null}
                <span className="text-muted">{t("webhooks.delivery.attempts", { count: d.attempts })}</span>
                {(d.status === "delivered" || d.status === "failed") && webhook.enabled ? (
                  <Form method="post" className="ms-auto">
                    <input type="hidden" name="intent" value="resend" />
                    <input type="hidden" name="deliveryId" value={d.id} />
                    <button type="submit" className="btn text-xs">
                      {t("webhooks.resend")}
                    </button>
                  </Form>
                ) : null}
              </div>
              <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
                <span>
                  {t("webhooks.delivery.queued")} {when(d.createdAt)}
                </span>
                {d.status === "pending" && d.attempts > 0 ? (
                  <span>
                    {t("webhooks.delivery.nextAttempt")} {when(d.nextAttemptAt)}
                  </span>
                ) : null}
                {d.deliveredAt ? (
                  <span>
                    {t("webhooks.delivery.deliveredAt")} {when(d.deliveredAt)}
                  </span>
                ) : null}
                <span>
                  webhook-id{" "}
                  <code dir="ltr" className="font-mono [overflow-wrap:anywhere]">
                    {d.messageId}
                  </code>
                </span>
              </p>
              {/* "HTTP 502" says no more than the code beside the status does. */}
              {d.lastError && d.lastError !== `HTTP ${d.responseStatus}` ? (
                <p className="text-xs text-danger [overflow-wrap:anywhere]" dir="auto" data-field="last-error">
                  {errorText(d.lastError)}
                </p>
              ) : null}
              <details>
                <summary className="cursor-pointer text-xs font-medium">{t("webhooks.delivery.details")}</summary>
                <h3 className="mt-2 text-xs font-semibold">{t("webhooks.delivery.responseBody")}</h3>
                <pre
                  dir="auto"
                  className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-line/40 p-2 text-xs"
                  data-field="response-body"
                >
                  {d.responseBody || t("webhooks.delivery.emptyBody")}
                </pre>
                <h3 className="mt-2 text-xs font-semibold">{t("webhooks.delivery.payload")}</h3>
                <pre dir="ltr" className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-line/40 p-2 text-xs">
                  {d.payload}
                </pre>
              </details>
            </li>
          ))}
        </ul>
        {olderBefore || params.has("before") ? (
          <nav className="flex gap-3 text-sm" aria-label={t("webhooks.deliveriesHeading")}>
            {params.has("before") ? <Link to={`/admin/webhooks/${webhook.id}`}>{t("webhooks.newest")}</Link> : null}
            {olderBefore ? <Link to={`/admin/webhooks/${webhook.id}?before=${olderBefore}`}>{t("webhooks.older")}</Link> : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
