import { useFetcher, useLocation } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { voteSchema } from "~/schemas/posts";
import { useSchemaForm } from "./forms";
import { useHydrated } from "./useHydrated";
import { useFormat, useT } from "./i18n";

type Props = {
  postId: number;
  title: string;
  voted: boolean;
  voteCount: number;
  size?: "sm" | "lg";
  /** Why this viewer may not vote (from policy, in the loader): the button is then disabled and says why. */
  refusal?: MessageKey | null;
};

/**
 * A plain form that toggles the vote. With JavaScript it submits through a fetcher
 * and shows the new state at once; without it, the server redirects back here.
 *
 * Its accessible name starts with what it shows (the count), then says what it does in
 * visually hidden text: no aria-label that would hide the visible number from speech input.
 */
export function VoteButton({ postId, title, voted, voteCount, size = "sm", refusal = null }: Props) {
  const t = useT();
  const format = useFormat();
  const fetcher = useFetcher();
  const location = useLocation();
  const hydrated = useHydrated();
  // The form has nothing to get wrong; conform still owns its submit, like every form's.
  const [form] = useSchemaForm(voteSchema, undefined, { id: `vote-${postId}` });
  const pending = fetcher.formData !== undefined;
  const shownVoted = pending ? !voted : voted;
  const shownCount = pending ? voteCount + (voted ? -1 : 1) : voteCount;
  const box = size === "lg" ? "h-16 w-16 text-lg" : "h-14 w-12 text-sm";
  const reason = refusal ? t(refusal) : null;
  return (
    <fetcher.Form method="post" action={`/posts/${postId}/vote`} id={form.id} onSubmit={form.onSubmit} noValidate className="shrink-0">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
      <button
        type="submit"
        aria-pressed={shownVoted}
        disabled={reason !== null}
        title={reason ?? (shownVoted ? t("vote.voted") : t("vote.vote"))}
        data-testid="vote-button"
        className={`flex ${box} flex-col items-center justify-center rounded-md border font-semibold transition-colors ${
          reason
            ? "cursor-not-allowed border-line bg-canvas text-muted"
            : shownVoted
              ? "border-accent bg-accent text-accent-ink"
              : "border-line bg-surface text-ink hover:border-accent"
        }`}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
          <path d="M10 4l6 8H4z" />
        </svg>
        <span data-testid="vote-count">{format.number(shownCount)}</span>
        <span className="sr-only"> {reason ? t("vote.countClosed", { count: shownCount, reason }) : t("vote.countAction", { count: shownCount, title })}</span>
      </button>
    </fetcher.Form>
  );
}
