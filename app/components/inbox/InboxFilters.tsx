// The inbox's filters: a plain GET form, so every filtered view is a link.
import { Form, Link } from "@remix-run/react";
import { POST_KINDS, POST_STATUSES } from "~/db/enums";
import { INBOX_SORTS } from "~/schemas/triage";
import type { InboxQuery } from "~/services/triage.server";
import { useT } from "../i18n";

type Option = { value: string; label: string };

function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string; options: Option[] }) {
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

type Props = {
  query: InboxQuery;
  boards: { slug: string; name: string }[];
  allTags: { id: number; name: string }[];
  /** Whether any filter is set, so there is something to clear. */
  filtered: boolean;
};

export function InboxFilters({ query, boards, allTags, filtered }: Props) {
  const t = useT();
  return (
    <Form method="get" className="flex flex-wrap items-end gap-3">
      <FilterSelect name="sort" label={t("inbox.sort")} value={query.sort} options={INBOX_SORTS.map((s) => ({ value: s, label: t(`inbox.sort.${s}`) }))} />
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
        name="owner"
        label={t("inbox.owner")}
        value={query.owner ?? ""}
        options={[
          { value: "", label: t("inbox.owner.anyone") },
          { value: "me", label: t("inbox.owner.me") },
          { value: "none", label: t("inbox.owner.none") },
        ]}
      />
      <FilterSelect
        name="tag"
        label={t("inbox.tag")}
        value={query.tag ? String(query.tag) : ""}
        options={[{ value: "", label: t("inbox.allTags") }, ...allTags.map((tag) => ({ value: String(tag.id), label: tag.name }))]}
      />
      {query.pending ? <input type="hidden" name="pending" value="1" /> : null}
      {query.closed ? <input type="hidden" name="closed" value="1" /> : null}
      <button type="submit" className="btn">
        {t("list.filter.apply")}
      </button>
      {filtered ? <Link to="/admin">{t("list.clearFilters")}</Link> : null}
    </Form>
  );
}
