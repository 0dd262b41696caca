import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useHydrated } from "./useHydrated";
import type { MessageKey } from "~/i18n";
import { Field, FormError, Honeypot } from "./Field";
import { useT } from "./i18n";

type ActionResult = {
  ok?: true;
  commentId?: number;
  errors?: Record<string, MessageKey | undefined>;
  formError?: MessageKey;
  values?: Record<string, string>;
};

/** New comment or reply. Posts through a fetcher; without JavaScript it is a plain form. */
export function CommentForm({ postId, parentId, autoFocus, onPosted }: { postId: number; parentId?: number; autoFocus?: boolean; onPosted?: () => void }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const submitting = fetcher.state !== "idle";
  const result = submitting ? undefined : fetcher.data;
  const postedId = fetcher.state === "idle" && fetcher.data?.ok ? fetcher.data.commentId : undefined;
  useEffect(() => {
    if (postedId === undefined) return;
    formRef.current?.reset();
    onPosted?.();
    document.getElementById(`comment-${postedId}`)?.scrollIntoView({ block: "nearest" });
  }, [postedId, onPosted]);
  const name = parentId ? `reply-${parentId}` : "comment";
  return (
    <fetcher.Form ref={formRef} method="post" action={`/posts/${postId}/comments`} className="space-y-2" noValidate>
      <Honeypot />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
      <FormError error={result?.formError ?? result?.errors?.parentId} />
      <Field name={name} label={parentId ? t("comments.writeReply") : t("comments.write")} hint={t("comments.markdownHint")} error={result?.errors?.body}>
        {(p) => (
          <textarea
            {...p}
            name="body"
            rows={parentId ? 2 : 3}
            className="input"
            dir="auto"
            maxLength={10000}
            // Only a reply form the user just opened with "Reply" takes focus: it is where they meant to type.
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus={autoFocus}
            defaultValue={result?.errors ? result.values?.body : undefined}
          />
        )}
      </Field>
      <button type="submit" className="btn btn-primary" disabled={submitting}>
        {parentId ? t("comments.submitReply") : t("comments.submit")}
      </button>
    </fetcher.Form>
  );
}
