// The inbox's list: "Needs triage" then "Triaged", each under its heading with its count.
// A row's title is a link that selects it (`?post=`); its tick joins the bulk form by `form=`.
import { Link } from "@remix-run/react";
import type { inboxPage } from "~/services/triage.server";
import { KindBadge, StatusBadge, TagBadge } from "../Badges";
import { useFormat, useT } from "../i18n";
import { BULK_FORM_ID } from "./InboxBulkBar";

export type InboxRowData = ReturnType<typeof inboxPage>["rows"][number];
export type InboxCounts = ReturnType<typeof inboxPage>["counts"];

export const PRIORITY_HELP_ID = "priority-help";

type Props = {
  rows: InboxRowData[];
  counts: InboxCounts;
  selectedId: number | null;
  /** The inbox URL that selects a post, keeping the filters. */
  hrefFor: (id: number) => string;
  /** Rows that stay ticked after the bulk form came back with an error. */
  ticked: Set<string>;
  /** Changes whenever an action changed the rows, so the checkboxes start afresh. */
  rowsState: string;
};

export function InboxGroups({ rows, counts, ...rest }: Props) {
  const t = useT();
  const groups = [
    { key: "needsTriage", heading: t("inbox.group.needsTriage"), count: counts.needsTriage, rows: rows.filter((r) => r.untriaged) },
    { key: "triaged", heading: t("inbox.group.triaged"), count: counts.triaged, rows: rows.filter((r) => !r.untriaged) },
  ] as const;
  return (
    <nav aria-label={t("inbox.list")} className="space-y-4">
      {groups.map((group) =>
        group.count === 0 ? null : (
          <section key={group.key} aria-labelledby={`group-${group.key}`} data-testid={`group-${group.key}`}>
            <h2 id={`group-${group.key}`} className="mb-1 flex items-baseline gap-2 text-base font-semibold">
              {group.heading}
              <span className="text-sm font-normal text-muted" data-testid="group-count">
                {t("inbox.group.count", { count: group.count })}
              </span>
            </h2>
            {group.rows.length > 0 ? <GroupTable rows={group.rows} {...rest} /> : null}
          </section>
        ),
      )}
    </nav>
  );
}

function GroupTable({ rows, ...rest }: Omit<Props, "counts">) {
  const t = useT();
  return (
    <table className="w-full table-fixed border-separate border-spacing-y-1 text-sm">
      <thead className="text-xs text-muted">
        <tr>
          <th scope="col" className="w-8 px-1 text-start">
            <span className="sr-only">{t("inbox.select")}</span>
          </th>
          <th scope="col" className="px-2 text-start">
            {t("inbox.post")}
          </th>
          <th scope="col" className="w-14 px-1 text-end">
            {t("inbox.votes")}
          </th>
          <th scope="col" className="w-16 px-1 text-end">
            <abbr title={t("inbox.priorityExplained")} className="cursor-help">
              {t("inbox.priority")}
            </abbr>
            <a href={`#${PRIORITY_HELP_ID}`} className="ms-1" aria-label={t("inbox.priorityHelp")}>
              ?
            </a>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <InboxRow key={row.id} row={row} {...rest} selected={row.id === rest.selectedId} ticked={rest.ticked.has(String(row.id))} />
        ))}
      </tbody>
    </table>
  );
}

function InboxRow({
  row,
  selected,
  ticked,
  rowsState,
  hrefFor,
}: { row: InboxRowData; selected: boolean; ticked: boolean } & Pick<Props, "rowsState" | "hrefFor">) {
  const t = useT();
  const format = useFormat();
  const cell = selected ? "bg-accent/10" : "bg-surface";
  return (
    <tr className="align-top" data-testid="inbox-row" data-post-id={row.id} data-selected={selected || undefined}>
      <td className={`rounded-s-md px-1 py-2 ${cell} ${selected ? "border-s-4 border-accent" : ""}`}>
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
      <td className={`min-w-0 px-2 py-2 ${cell}`}>
        <Link
          to={hrefFor(row.id)}
          preventScrollReset
          aria-current={selected ? "true" : undefined}
          className="font-medium text-ink [overflow-wrap:anywhere]"
          dir="auto"
        >
          #{format.number(row.id)} {row.title}
        </Link>
        <RowBadges row={row} />
      </td>
      <td className={`px-1 py-2 text-end font-semibold ${cell}`}>{format.number(row.voteCount)}</td>
      <td className={`rounded-e-md px-1 py-2 text-end ${cell}`}>{row.priority === null ? "–" : format.number(Math.round(row.priority * 10) / 10)}</td>
    </tr>
  );
}

function RowBadges({ row }: { row: InboxRowData }) {
  const t = useT();
  const format = useFormat();
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1 text-xs text-muted">
      {row.kind === null ? <span className="badge border-warn/60 text-warn">{t("list.untriaged")}</span> : <KindBadge kind={row.kind} />}
      <StatusBadge status={row.status} />
      {row.pendingApproval ? <span className="badge border-warn/60 text-warn">{t("inbox.pending")}</span> : null}
      {row.tags.map((tag) => (
        <TagBadge key={tag.id} tag={tag} />
      ))}
      <span dir="auto">{row.boardName}</span>
      <span aria-hidden="true">·</span>
      <time dateTime={new Date(row.createdAt).toISOString()}>{format.date(row.createdAt)}</time>
      {row.voterSpend !== null ? (
        <span className="badge whitespace-nowrap border-accent/60 text-ink" title={t("inbox.spendExplained")} data-testid="voter-spend">
          {t("inbox.rowSpend", { amount: format.number(row.voterSpend) })}
        </span>
      ) : null}
    </div>
  );
}
