// The email log (staff): every outbox row, retries, and "why didn't X get an email?".
// Thin: parse the query or form with zod, authorise (staff), call the email-log service.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field } from "~/components/Field";
import { useFormat, useT } from "~/components/i18n";
import { LOCALE_NAMES } from "~/i18n";
import { OUTBOX_STATUSES, type OutboxStatus } from "~/db/enums";
import { emailLog, logQuerySchema, retryEmails, unsuppressEmails } from "~/services/email-log.server";
import { readForm } from "~/utils/forms.server";
import { intent, runIntent } from "~/utils/intents.server";
import { idParam } from "~/utils/validation";
import { requireStaff } from "~/services/guards.server";

/** What the last action did, carried through the redirect so the page can say so. */
const doneSchema = z.object({
  done: z.enum(["retried", "unsuppressed"]).optional().catch(undefined),
  count: z.coerce.number().int().min(0).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = logQuerySchema.parse(params);
  const done = doneSchema.parse(params);
  return { ...emailLog(query), query, done };
}

type Ctx = { request: Request };
const staffOnly = ({ request }: Ctx) => requireStaff(request);
const intents = {
  retry: intent({ schema: z.object({ id: idParam }), authorise: staffOnly, run: ({ id }) => retryEmails({ id }) }),
  retryFailed: intent({ schema: z.object({}), authorise: staffOnly, run: () => retryEmails("failed") }),
  unsuppress: intent({ schema: z.object({ userId: idParam }), authorise: staffOnly, run: ({ userId }) => unsuppressEmails(userId) }),
};

export async function action({ request }: ActionFunctionArgs) {
  await requireStaff(request);
  const ran = await runIntent(await readForm(request), intents, { request });
  if (!ran.ok) return ran.rejected;
  // Back to the same filtered page (the form posts to the current URL, search included).
  const back = new URLSearchParams();
  const query = logQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (query.status) back.set("status", query.status);
  if (query.email) back.set("email", query.email);
  if (query.before) back.set("before", String(query.before));
  back.set("done", ran.outcome.intent === "unsuppress" ? "unsuppressed" : "retried");
  if (ran.outcome.intent !== "unsuppress") back.set("count", String(ran.outcome.value));
  return redirect(`/admin/emails?${back}`);
}

const STATUS_STYLE: Record<OutboxStatus, string> = {
  pending: "border-warn/50 text-warn",
  sending: "border-status-planned/50 text-status-planned",
  sent: "border-ok/50 text-ok",
  failed: "border-danger/50 text-danger",
  suppressed: "border-line text-muted",
  not_configured: "border-warn/50 text-warn",
  cancelled: "border-line text-muted",
};

/** A cell: a table cell from md up; below it, a line of the row's card, led by its column's name. */
const CELL =
  "flex flex-wrap items-baseline gap-x-2 px-3 py-1 before:w-24 before:shrink-0 before:text-xs before:text-muted before:content-[attr(data-label)] md:table-cell md:py-2 md:before:content-none max-md:empty:hidden";

function OutboxStatusBadge({ status }: { status: OutboxStatus }) {
  const t = useT();
  return <span className={`badge whitespace-nowrap ${STATUS_STYLE[status]}`}>{t(`emails.status.${status}`)}</span>;
}

function Timestamp({ ms }: { ms: number }) {
  const format = useFormat();
  const iso = new Date(ms).toISOString();
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap">
      {format.date(ms)}
    </time>
  );
}

export default function AdminEmails() {
  const t = useT();
  const format = useFormat();
  const { rows, nextBefore, counts, smtpConfigured, why, query, done } = useLoaderData<typeof loader>();
  const filters = new URLSearchParams();
  if (query.status) filters.set("status", query.status);
  if (query.email) filters.set("email", query.email);
  const olderParams = new URLSearchParams(filters);
  if (nextBefore) olderParams.set("before", String(nextBefore));
  const failedCount = counts.failed ?? 0;

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{t("emails.heading")}</h1>
        <p className="text-sm text-muted">{t("emails.intro")}</p>
      </div>

      {done.done ? (
        <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok">
          {done.done === "unsuppressed" ? t("emails.unsuppressed") : t("emails.retried", { count: done.count ?? 0 })}
        </p>
      ) : null}

      {!smtpConfigured ? (
        <p role="alert" className="rounded-md border border-warn/50 bg-warn/10 px-3 py-2 text-sm">
          {t("emails.notConfigured")}
        </p>
      ) : null}

      <section aria-labelledby="email-counts-heading" className="space-y-2">
        <h2 id="email-counts-heading" className="sr-only">
          {t("emails.countsLabel")}
        </h2>
        <ul className="flex flex-wrap gap-2 text-sm">
          {OUTBOX_STATUSES.map((status) => (
            <li key={status}>
              <Link
                to={`/admin/emails?status=${status}`}
                className={`card flex items-center gap-2 px-3 py-2 no-underline ${query.status === status ? "border-accent" : ""}`}
                aria-current={query.status === status ? "page" : undefined}
              >
                <OutboxStatusBadge status={status} />
                <span className="font-semibold text-ink" data-count={status}>
                  {format.number(counts[status] ?? 0)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <div className="flex flex-wrap items-end gap-4">
        <Form method="get" action="/admin/emails" className="card flex flex-wrap items-end gap-3 p-4" aria-label={t("emails.filterHeading")}>
          <Field name="status" label={t("emails.filterStatus")}>
            {(p) => (
              <select {...p} className="input" defaultValue={query.status ?? ""}>
                <option value="">{t("emails.filterAnyStatus")}</option>
                {OUTBOX_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {t(`emails.status.${status}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="email" label={t("emails.filterEmail")} hint={t("emails.filterEmailHint")}>
            {(p) => <input {...p} type="email" className="input" dir="ltr" defaultValue={query.email ?? ""} autoComplete="off" />}
          </Field>
          <div className="flex gap-2">
            <button type="submit" className="btn btn-primary">
              {t("emails.filterSubmit")}
            </button>
            {query.status || query.email ? (
              <Link to="/admin/emails" className="btn">
                {t("emails.filterClear")}
              </Link>
            ) : null}
          </div>
        </Form>
        {failedCount > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="retryFailed" />
            <button type="submit" className="btn">
              {t("emails.retryFailed")} ({format.number(failedCount)})
            </button>
          </Form>
        ) : null}
      </div>

      {why ? <WhyReport why={why} /> : null}

      {rows.length === 0 ? (
        <p className="card p-4 text-muted">{t("emails.empty")}</p>
      ) : (
        // relative: the table's screen-reader-only header is placed inside the scroller, not 600 px along the page.
        // Below md each row is a card of labelled lines, so the log fits a phone without scrolling sideways.
        <div className="card relative md:overflow-x-auto">
          <table className="block w-full text-sm md:table">
            <thead className="border-b border-line text-muted max-md:sr-only">
              <tr>
                <th scope="col" className="px-3 py-2 text-start font-medium">
                  {t("emails.col.recipient")}
                </th>
                <th scope="col" className="px-3 py-2 text-start font-medium">
                  {t("emails.col.template")}
                </th>
                <th scope="col" className="px-3 py-2 text-start font-medium">
                  {t("emails.col.status")}
                </th>
                <th scope="col" className="px-3 py-2 text-end font-medium">
                  {t("emails.col.attempts")}
                </th>
                <th scope="col" className="px-3 py-2 text-start font-medium">
                  {t("emails.col.lastError")}
                </th>
                <th scope="col" className="px-3 py-2 text-start font-medium">
                  {t("emails.col.created")}
                </th>
                <th scope="col" className="px-3 py-2 text-start font-medium">
                  <span className="sr-only">{t("emails.col.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody className="block md:table-row-group">
              {rows.map((row) => (
                <tr key={row.id} className="block border-b border-line py-2 align-top last:border-b-0 md:table-row md:py-0" data-outbox-id={row.id}>
                  <td data-label={t("emails.col.recipient")} className={CELL}>
                    <span dir="ltr" className="min-w-0 break-all md:whitespace-nowrap md:break-normal">
                      {row.toEmail}
                    </span>
                  </td>
                  <td data-label={t("emails.col.template")} className={CELL}>
                    <Link
                      to={`/admin/emails/${row.id}`}
                      aria-label={`${t("emails.preview")}: ${t(`emails.template.${row.template}`)}, ${t("emails.previewHeading", { id: row.id })}`}
                    >
                      {t(`emails.template.${row.template}`)}
                    </Link>
                    <span className="ms-1 text-xs text-muted" lang={row.locale}>
                      {LOCALE_NAMES[row.locale]}
                    </span>
                  </td>
                  <td data-label={t("emails.col.status")} className={CELL}>
                    <OutboxStatusBadge status={row.status} />
                    {row.status === "pending" ? (
                      <p className="mt-1 text-xs text-muted">{t("emails.nextAttempt", { date: format.date(row.nextAttemptAt) })}</p>
                    ) : null}
                  </td>
                  <td data-label={t("emails.col.attempts")} className={`${CELL} md:text-end tabular-nums`}>
                    {format.number(row.attempts)}
                  </td>
                  <td data-label={t("emails.col.lastError")} className={`${CELL} md:max-w-xs`}>
                    {row.lastError ? (
                      <code dir="ltr" className="block break-words text-xs text-danger">
                        {row.lastError}
                      </code>
                    ) : null}
                  </td>
                  <td data-label={t("emails.col.created")} className={CELL}>
                    <Timestamp ms={row.createdAt} />
                  </td>
                  <td data-label={t("emails.col.actions")} className={CELL}>
                    {/* Nothing to retry while SMTP is not configured: such rows are waiting already. */}
                    {row.status !== "sent" && row.status !== "sending" && (smtpConfigured || row.status !== "not_configured") ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="retry" />
                        <input type="hidden" name="id" value={row.id} />
                        <button type="submit" className="btn">
                          {t("emails.retry")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <nav className="flex gap-3 text-sm">
        {query.before ? <Link to={`/admin/emails${filters.toString() ? `?${filters}` : ""}`}>{t("emails.newest")}</Link> : null}
        {nextBefore ? (
          <Link to={`/admin/emails?${olderParams}`} rel="next">
            {t("emails.older")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

type Why = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["why"]>;

function WhyReport({ why }: { why: Why }) {
  const t = useT();
  const format = useFormat();
  return (
    <section className="card space-y-3 p-4" aria-labelledby="why-heading">
      <h2 id="why-heading" className="text-lg font-semibold">
        {t("emails.why.heading", { email: why.email })}
      </h2>
      {!why.found ? (
        <p>{t("emails.why.notFound")}</p>
      ) : (
        <>
          <ul className="space-y-1 text-sm">
            <li dir="auto">{t("emails.why.account", { name: why.displayName })}</li>
            <li>{why.placeholder ? t("emails.why.placeholder") : t("emails.why.registered")}</li>
            <li>
              {t("emails.why.prefStatus")}: <strong>{why.emailOnStatus ? t("emails.why.on") : t("emails.why.off")}</strong>
            </li>
            <li>
              {t("emails.why.prefComment")}: <strong>{why.emailOnComment ? t("emails.why.on") : t("emails.why.off")}</strong>
            </li>
            <li>{why.bannedAt ? t("emails.why.banned", { date: format.date(why.bannedAt) }) : t("emails.why.notBanned")}</li>
            <li>
              {why.suppressedAt ? (
                <div className="flex flex-wrap items-center gap-2">
                  <span className="text-danger">{t("emails.why.suppressed", { date: format.date(why.suppressedAt) })}</span>
                  <Form method="post">
                    <input type="hidden" name="intent" value="unsuppress" />
                    <input type="hidden" name="userId" value={why.userId} />
                    <button type="submit" className="btn">
                      {t("emails.unsuppress")}
                    </button>
                  </Form>
                </div>
              ) : (
                t("emails.why.notSuppressed")
              )}
            </li>
          </ul>
          <h3 className="font-semibold">{t("emails.why.follows")}</h3>
          {why.subscriptions.length === 0 ? (
            <p className="text-sm text-muted">{t("emails.why.noFollows")}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {why.subscriptions.map((s) => (
                <li key={s.postId} className="flex flex-wrap items-center gap-2">
                  <Link to={`/posts/${s.postId}`} dir="auto">
                    {s.title}
                  </Link>
                  <span className={`badge ${s.state === "subscribed" ? "border-ok/50 text-ok" : "border-line text-muted"}`}>
                    {s.state === "subscribed" ? t("emails.why.subscribed") : t("emails.why.unsubscribed")}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
