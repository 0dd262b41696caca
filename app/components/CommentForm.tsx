import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { MessageKey } from "~/i18n";
import { Field, FormError, Honeypot } from "./Field";
import { useT } from "./i18n";

type ActionResult = { errors?: Record<string, MessageKey | undefined>; formError?: MessageKey; values?: Record<string, string> };

/** New comment or reply. Posts through a fetcher; without JavaScript it is a plain form. */
export function CommentForm({ postId, parentId, autoFocus }: { postId: number; parentId?: number; autoFocus?: boolean }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  const formRef = useRef<HTMLFormElement>(null);
  const submitting = fetcher.state !== "idle";
  const result = fetcher.data;
  const succeeded = fetcher.state === "idle" && result !== undefined && !result.errors && !result.formError;
  useEffect(() => {
    if (succeeded) formRef.current?.reset();
  }, [succeeded]);
  const name = parentId ? `reply-${parentId}` : "comment";
  return (
    <fetcher.Form ref={formRef} method="post" action={`/posts/${postId}/comments`} className="space-y-2" noValidate>
      <Honeypot />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <FormError error={result?.formError ?? result?.errors?.parentId} />
      <Field
        name={name}
        label={parentId ? t("comments.writeReply") : t("comments.write")}
        hint={t("comments.markdownHint")}
        error={result?.errors?.body}
      >
        {(p) => (
          <textarea
            {...p}
            name="body"
            rows={parentId ? 2 : 3}
            className="input"
            dir="auto"
            maxLength={10000}
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
