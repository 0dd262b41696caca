import type { PostKind, PostStatus } from "~/db/enums";
import { useT } from "./i18n";

// Each status has one colour token (app/tailwind.css, --status-*), chosen once to read
// at AA contrast (4.5:1) as text on the page, the card and the badge's own tint, in both themes.
const STATUS_STYLE: Record<PostStatus, string> = {
  open: "border-status-open/40 text-status-open",
  under_review: "border-status-review/50 bg-status-review/10 text-status-review",
  planned: "border-status-planned/50 bg-status-planned/10 text-status-planned",
  in_progress: "border-status-progress/50 bg-status-progress/10 text-status-progress",
  shipped: "border-status-shipped/50 bg-status-shipped/10 text-status-shipped",
  declined: "border-status-declined/50 bg-status-declined/10 text-status-declined",
  duplicate: "border-status-open/40 text-status-open",
};

export function StatusBadge({ status }: { status: PostStatus }) {
  const t = useT();
  return <span className={`badge ${STATUS_STYLE[status]}`}>{t(`status.${status}`)}</span>;
}

export function KindBadge({ kind }: { kind: PostKind | null }) {
  const t = useT();
  if (!kind) return null;
  const style = kind === "bug" ? "border-status-declined/50 text-status-declined" : "border-line text-muted";
  return <span className={`badge ${style}`}>{t(`kind.${kind}`)}</span>;
}

/** A staff-made tag; its colour is a dot, so the text keeps the theme's contrast. */
export function TagBadge({ tag }: { tag: { name: string; color: string } }) {
  return (
    <span className="badge border-line text-ink">
      <span className="me-1 inline-block h-2 w-2 rounded-full" style={{ backgroundColor: tag.color }} aria-hidden="true" />
      <span dir="auto">{tag.name}</span>
    </span>
  );
}
