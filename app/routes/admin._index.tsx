// The triage inbox: untriaged posts first, filters, quick actions per row and bulk
// actions over the selected rows. All plain forms; rows join the bulk form by `form=`.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { KindBadge, StatusBadge, TagBadge } from "~/components/Badges";
import { FormError } from "~/components/Field";
import { KindOptions, settableStatus, StatusOptions } from "~/components/TriageOptions";
import { useFormat, useT } from "~/components/i18n";
import { POST_KINDS, POST_STATUSES, SETTABLE_STATUSES } from "~/db/enums";
import type { MessageKey } from "~/i18n";
import { parseForm, readForm } from "~/utils/forms.server";
import { requireStaff, safeRedirectPath } from "~/services/guards.server";
import { changeStatus } from "~/services/loop.server";
import { applyBulk, bulkSchema, inboxPage, inboxQuerySchema, setKind } from "~/services/triage.server";
import { idParam } from "~/utils/validation";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const url = new URL(request.url);
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  return inboxPage(inboxQuerySchema.parse(raw));
}

const quickSchema = z.object({
  postId: idParam,
  kind: z.preprocess((v) => (v === "" ? null : v), z.enum(POST_KINDS).nullable()),
  status: z.enum(SETTABLE_STATUSES),
});

type Failure = { errors: Partial<Record<string, MessageKey>>; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const form = await readForm(request);
  const back = safeRedirectPath(form.get("redirectTo"), "/admin");
  const intent = form.get("intent");
  if (intent === "quick") {
    const parsed = parseForm(form, quickSchema);
    if (!parsed.ok) return data<Failure>({ errors: { form: "error.chooseAction" }, values: parsed.values }, { status: 400 });
    setKind([parsed.data.postId], parsed.data.kind);
    const changed = await changeStatus(parsed.data.postId, parsed.data.status, "", staff);
    if (!changed.ok && changed.error !== "error.statusUnchanged") {
      return data<Failure>({ errors: { form: changed.error }, values: parsed.values }, { status: 400 });
    }
    return redirect(withSaved(back));
  }
  if (intent === "bulk") {
    const parsed = parseForm(form, bulkSchema, { lists: ["ids"] });
    // Every ticked row stays ticked when the form comes back with an error.
    const values = { ...parsed.values, ids: form.getAll("ids").join(",") };
    if (!parsed.ok) return data<Failure>({ errors: parsed.errors, values }, { status: 400 });
    const result = applyBulk(parsed.data, staff);
    if (!result.ok) return data<Failure>({ errors: { [result.field ?? "form"]: result.error as MessageKey }, values }, { status: 400 });
    return redirect(withSaved(back));
  }
  throw new Response("Bad request", { status: 400 });
}

/** Back to the inbox as it was, with a "Saved." notice. */
function withSaved(path: string): string {
  const url = new URL(path, "http://x");
  url.searchParams.delete("index");
  url.searchParams.set("saved", "1");
  return url.pathname + url.search;
}

function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string; options: { value: string; label: string }[] }) {
  return (
    <div className="space-y-1">
      <label htmlFor={`inbox-${name}`} className="block text-xs font-medium text-muted">
        {label}
      </label>
      <select id={`inbox-${name}`} name={name} defaultValue={value} className="input w-auto py-1 text-sm">
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function Inbox() {
  const t = useT();
  const format = useFormat();
  const { rows, nextCursor, boards, allTags, pendingCount, query } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const location = useLocation();
  const navigation = useNavigation();
  const back = location.pathname + location.search;
  const busy = navigation.state !== "idle";
  const params = new URLSearchParams(location.search);
  params.delete("cursor");
  params.delete("index");
  const saved = params.get("saved") === "1";
  params.delete("saved");
  // Changes whenever an action changed the rows: the bulk form and the row checkboxes start afresh.
  const rowsState = rows.map((r) => `${r.id}:${r.kind}:${r.status}:${r.pendingApproval}`).join(",");
  const selected = new Set((failure?.values.ids ?? "").split(","));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("inbox.heading")}</h1>
        {pendingCount > 0 ? (
          <Link to="/admin?pending=1" className="badge border-amber-500/60 px-3 py-1 text-sm text-amber-600 no-underline">
            {t("inbox.pendingCount", { count: pendingCount })}
          </Link>
        ) : null}
      </div>

      {saved && !failure ? (
        <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok">
          {t("admin.saved")}
        </p>
      ) : null}

      <Form method="get" className="flex flex-wrap items-end gap-3">
        <FilterSelect
          name="sort"
          label={t("inbox.sort")}
          value={query.sort}
          options={(["votes", "newest", "priority"] as const).map((s) => ({ value: s, label: t(`inbox.sort.${s}`) }))}
        />
        <FilterSelect
          name="board"
          label={t("list.filter.board")}
          value={query.board ?? ""}
          options={[{ value: "", label: t("list.filter.allBoards") }, ...boards.map((b) => ({ value: b.slug, label: b.name }))]}
        />
        <FilterSelect
          name="status"
          label={t("list.filter.status")}
          value={query.status ?? ""}
          options={[{ value: "", label: t("list.filter.allStatuses") }, ...POST_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <FilterSelect
          name="kind"
          label={t("list.filter.kind")}
          value={query.kind ?? ""}
          options={[
            { value: "", label: t("list.filter.allKinds") },
            { value: "none", label: t("list.untriaged") },
            ...POST_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })),
          ]}
        />
        <FilterSelect
          name="tag"
          label={t("inbox.tag")}
          value={query.tag ? String(query.tag) : ""}
          options={[{ value: "", label: t("inbox.allTags") }, ...allTags.map((tag) => ({ value: String(tag.id), label: tag.name }))]}
        />
        {query.pending ? <input type="hidden" name="pending" value="1" /> : null}
        <button type="submit" className="btn">
          {t("list.filter.apply")}
        </button>
        {params.toString() ? <Link to="/admin">{t("list.clearFilters")}</Link> : null}
      </Form>

      {/* Row controls join these forms through their `form` attribute: a form cannot sit inside a table row. */}
      <div hidden>
        {rows.map((row) => (
          <form key={`${row.id}-${row.kind}-${row.status}`} id={`quick-${row.id}`} method="post" action="/admin?index">
            <input type="hidden" name="intent" value="quick" />
            <input type="hidden" name="postId" value={row.id} />
            <input type="hidden" name="redirectTo" value={back} />
          </form>
        ))}
      </div>

      <Form key={rowsState} method="post" id="bulk" className="card flex flex-wrap items-end gap-3 p-3" aria-labelledby="bulk-heading">
        <h2 id="bulk-heading" className="sr-only">
          {t("inbox.bulkHeading")}
        </h2>
        <input type="hidden" name="intent" value="bulk" />
        <input type="hidden" name="redirectTo" value={back} />
        <div className="space-y-1">
          <label htmlFor="bulk-action" className="block text-xs font-medium text-muted">
            {t("inbox.bulkAction")}
          </label>
          <select
            id="bulk-action"
            name="bulk"
            defaultValue={failure?.values.bulk ?? ""}
            className="input w-auto py-1 text-sm"
            aria-invalid={Boolean(failure?.errors.bulk)}
          >
            <option value="">{t("inbox.chooseAction")}</option>
            <optgroup label={t("list.filter.kind")}>
              {POST_KINDS.map((k) => (
                <option key={k} value={`kind:${k}`}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </optgroup>
            <optgroup label={t("list.filter.status")}>
              {SETTABLE_STATUSES.map((s) => (
                <option key={s} value={`status:${s}`}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </optgroup>
            <option value="tag">{t("inbox.addTag")}</option>
            <option value="approve">{t("staff.approve")}</option>
            <option value="delete">{t("staff.deletePost")}</option>
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="bulk-tag" className="block text-xs font-medium text-muted">
            {t("inbox.tag")}
          </label>
          <select id="bulk-tag" name="tagId" defaultValue={failure?.values.tagId ?? ""} className="input w-auto py-1 text-sm">
            <option value="">–</option>
            {allTags.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t("inbox.applyToSelected")}
        </button>
        <div className="w-full">
          <FormError error={failure?.errors.ids ?? failure?.errors.bulk ?? failure?.errors.tagId ?? failure?.errors.form} />
        </div>
      </Form>

      {rows.length === 0 ? (
        <p className="card p-6 text-center text-muted">{t("inbox.empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-separate border-spacing-y-1 text-sm">
            <thead className="text-xs text-muted">
              <tr>
                <th scope="col" className="px-2 text-start">
                  <span className="sr-only">{t("inbox.select")}</span>
                </th>
                <th scope="col" className="px-2 text-start">
                  {t("inbox.votes")}
                </th>
                <th scope="col" className="px-2 text-start">
                  {t("inbox.post")}
                </th>
                <th scope="col" className="px-2 text-start">
                  {t("inbox.priority")}
                </th>
                <th scope="col" className="px-2 text-start">
                  {t("inbox.quick")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="bg-surface align-top" data-testid="inbox-row">
                  <td className="rounded-s-md px-2 py-2">
                    <input
                      type="checkbox"
                      form="bulk"
                      name="ids"
                      value={row.id}
                      aria-label={t("inbox.selectPost", { title: row.title })}
                      defaultChecked={selected.has(String(row.id))}
                      key={rowsState}
                    />
                  </td>
                  <td className="px-2 py-2 font-semibold">{format.number(row.voteCount)}</td>
                  <td className="max-w-md px-2 py-2">
                    <Link to={`/posts/${row.id}`} className="font-medium text-ink" dir="auto">
                      #{format.number(row.id)} {row.title}
                    </Link>
                    <div className="mt-1 flex flex-wrap items-center gap-1 text-xs text-muted">
                      {row.kind === null ? (
                        <span className="badge border-amber-500/60 text-amber-600">{t("list.untriaged")}</span>
                      ) : (
                        <KindBadge kind={row.kind} />
                      )}
                      <StatusBadge status={row.status} />
                      {row.pendingApproval ? <span className="badge border-amber-500/60 text-amber-600">{t("inbox.pending")}</span> : null}
                      {row.tags.map((tag) => (
                        <TagBadge key={tag.id} tag={tag} />
                      ))}
                      <span dir="auto">{row.boardName}</span>
                      <span aria-hidden="true">·</span>
                      <time dateTime={new Date(row.createdAt).toISOString()}>{format.date(row.createdAt)}</time>
                    </div>
                  </td>
                  <td className="px-2 py-2">{row.priority === null ? "–" : format.number(Math.round(row.priority * 10) / 10)}</td>
                  <td className="rounded-e-md px-2 py-2">
                    <div className="flex flex-wrap items-center gap-1">
                      <label className="sr-only" htmlFor={`quick-kind-${row.id}`}>
                        {t("staff.kind")}
                      </label>
                      <select
                        key={`kind-${row.kind}`}
                        id={`quick-kind-${row.id}`}
                        form={`quick-${row.id}`}
                        name="kind"
                        defaultValue={row.kind ?? ""}
                        className="input w-auto py-1 text-xs"
                      >
                        <KindOptions />
                      </select>
                      <label className="sr-only" htmlFor={`quick-status-${row.id}`}>
                        {t("staff.status")}
                      </label>
                      <select
                        key={`status-${row.status}`}
                        id={`quick-status-${row.id}`}
                        form={`quick-${row.id}`}
                        name="status"
                        defaultValue={settableStatus(row.status)}
                        className="input w-auto py-1 text-xs"
                      >
                        <StatusOptions />
                      </select>
                      <button type="submit" form={`quick-${row.id}`} className="btn py-1 text-xs">
                        {t("inbox.save")}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor ? (
        <div className="flex justify-center">
          <Link to={`/admin?${new URLSearchParams([...params, ["cursor", nextCursor]])}`} className="btn" rel="next">
            {t("inbox.more")}
          </Link>
        </div>
      ) : null}
    </div>
  );
}
