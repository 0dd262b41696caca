// The inbox's rows: a tick for the bulk form, the post at a glance, its priority, and a
// quick kind-and-status save of its own.
import { Link } from "@remix-run/react";
import type { inboxPage } from "~/services/triage.server";
import { KindBadge, StatusBadge, TagBadge } from "../Badges";
import { useFormat, useT } from "../i18n";
import { KindOptions, settableStatus, StatusOptions } from "../TriageOptions";
import { BULK_FORM_ID } from "./InboxBulkBar";

export type InboxRowData = ReturnType<typeof inboxPage>["rows"][number];

const quickFormId = (postId: number) => `quick-${postId}`;

/** Row controls join these forms through their `form` attribute: a form cannot sit inside a table row. */
export function QuickSaveForms({ rows, back }: { rows: InboxRowData[]; back: string }) {
  return (
    <div hidden>
      {rows.map((row) => (
        <form key={`${row.id}-${row.kind}-${row.status}`} id={quickFormId(row.id)} method="post" action="/admin?index">
          <input type="hidden" name="intent" value="quick" />
          <input type="hidden" name="postId" value={row.id} />
          <input type="hidden" name="redirectTo" value={back} />
        </form>
      ))}
    </div>
  );
}

type TableProps = {
  rows: InboxRowData[];
  /** Rows that stay ticked after the bulk form came back with an error. */
  ticked: Set<string>;
  /** Changes whenever an action changed the rows, so the checkboxes start afresh. */
  rowsState: string;
};

export function InboxTable({ rows, ticked, rowsState }: TableProps) {
  const t = useT();
  return (
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
            <InboxRow key={row.id} row={row} ticked={ticked.has(String(row.id))} rowsState={rowsState} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function InboxRow({ row, ticked, rowsState }: { row: InboxRowData; ticked: boolean; rowsState: string }) {
  const t = useT();
  const format = useFormat();
  return (
    <tr className="bg-surface align-top" data-testid="inbox-row">
      <td className="rounded-s-md px-2 py-2">
        <input
          type="checkbox"
          form={BULK_FORM_ID}
          name="ids"
          value={row.id}
          aria-label={t("inbox.selectPost", { title: row.title })}
          defaultChecked={ticked}
          key={rowsState}
        />
      </td>
      <td className="px-2 py-2 font-semibold">{format.number(row.voteCount)}</td>
      <td className="max-w-md px-2 py-2">
        <Link to={`/posts/${row.id}`} className="font-medium text-ink" dir="auto">
          #{format.number(row.id)} {row.title}
        </Link>
        <RowBadges row={row} />
      </td>
      <td className="px-2 py-2">{row.priority === null ? "–" : format.number(Math.round(row.priority * 10) / 10)}</td>
      <td className="rounded-e-md px-2 py-2">
        <QuickSave row={row} />
      </td>
    </tr>
  );
}

function RowBadges({ row }: { row: InboxRowData }) {
  const t = useT();
  const format = useFormat();
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1 text-xs text-muted">
      {row.kind === null ? <span className="badge border-amber-500/60 text-amber-600">{t("list.untriaged")}</span> : <KindBadge kind={row.kind} />}
      <StatusBadge status={row.status} />
      {row.pendingApproval ? <span className="badge border-amber-500/60 text-amber-600">{t("inbox.pending")}</span> : null}
      {row.tags.map((tag) => (
        <TagBadge key={tag.id} tag={tag} />
      ))}
      <span dir="auto">{row.boardName}</span>
      <span aria-hidden="true">·</span>
      <time dateTime={new Date(row.createdAt).toISOString()}>{format.date(row.createdAt)}</time>
    </div>
  );
}

/** The row's kind and status, saved by the row's own hidden form. */
function QuickSave({ row }: { row: InboxRowData }) {
  const t = useT();
  const formId = quickFormId(row.id);
  return (
    <div className="flex flex-wrap items-center gap-1">
      <label className="sr-only" htmlFor={`quick-kind-${row.id}`}>
        {t("staff.kind")}
      </label>
      <select
        key={`kind-${row.kind}`}
        id={`quick-kind-${row.id}`}
        form={formId}
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
        form={formId}
        name="status"
        defaultValue={settableStatus(row.status)}
        className="input w-auto py-1 text-xs"
      >
        <StatusOptions />
      </select>
      <button type="submit" form={formId} className="btn py-1 text-xs">
        {t("inbox.save")}
      </button>
    </div>
  );
}
