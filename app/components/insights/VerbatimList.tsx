// STUB (replaced at merge by the verbatims helper's real list).
import type { Verbatim } from "~/services/insights-types";

export function VerbatimList({ items }: { items: Verbatim[] }) {
  return (
    <ul className="divide-y divide-line">
      {items.map((v) => (
        <li key={v.answerId} className="px-4 py-3 text-sm">
          <span className="me-2 font-semibold tabular-nums">{v.score}</span>
          <span dir="auto" lang={v.locale}>
            {v.reason}
          </span>
        </li>
      ))}
    </ul>
  );
}
