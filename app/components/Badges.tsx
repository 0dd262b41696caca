import type { PostKind, PostStatus } from "~/db/enums";
import { useT } from "./i18n";

const STATUS_STYLE: Record<PostStatus, string> = {
  open: "border-line text-muted",
  under_review: "border-amber-500/50 text-amber-600",
  planned: "border-sky-500/50 text-sky-600",
  in_progress: "border-violet-500/50 text-violet-500",
  shipped: "border-ok/50 text-ok",
  declined: "border-danger/50 text-danger",
  duplicate: "border-line text-muted",
};

export function StatusBadge({ status }: { status: PostStatus }) {
  const t = useT();
  return <span className={`badge ${STATUS_STYLE[status]}`}>{t(`status.${status}`)}</span>;
}

export function KindBadge({ kind }: { kind: PostKind | null }) {
  const t = useT();
  if (!kind) return null;
  const style = kind === "bug" ? "border-danger/50 text-danger" : "border-line text-muted";
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
