import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { action as commentAction } from "~/routes/posts.$id_.comments";
import { newCommentSchema } from "~/schemas/posts";
import { useHydrated } from "./useHydrated";
import { Field, FormError, Honeypot } from "./Field";
import { firstError, typedValue, useSchemaForm } from "./forms";
import { useT } from "./i18n";

/** New comment or reply. Posts through a fetcher; without JavaScript it is a plain form. */
export function CommentForm({ postId, parentId, autoFocus, onPosted }: { postId: number; parentId?: number; autoFocus?: boolean; onPosted?: () => void }) {
  const t = useT();
  const fetcher = useFetcher<typeof commentAction>();
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const submitting = fetcher.state !== "idle";
  const answer = submitting ? undefined : fetcher.data;
  // The action answers a posted comment with its id, and one to fix with conform's reply.
  const postedId = answer && "commentId" in answer ? answer.commentId : undefined;
  const reply = answer && !("commentId" in answer) ? answer : undefined;
  const [form, fields] = useSchemaForm(newCommentSchema, reply, { id: `comment-form-${postId}-${parentId ?? "new"}` });
  useEffect(() => {
    if (postedId === undefined) return;
    formRef.current?.reset();
    onPosted?.();
    document.getElementById(`comment-${postedId}`)?.scrollIntoView({ block: "nearest" });
  }, [postedId, onPosted]);
  const name = parentId ? `reply-${parentId}` : "comment";
  return (
    <fetcher.Form ref={formRef} method="post" action={`/posts/${postId}/comments`} id={form.id} onSubmit={form.onSubmit} className="space-y-2" noValidate>
      <Honeypot />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
      <FormError error={firstError(form.errors) ?? firstError(fields.parentId.errors)} />
      <Field
        name={name}
        label={parentId ? t("comments.writeReply") : t("comments.write")}
        hint={t("comments.markdownHint")}
        error={firstError(fields.body.errors)}
      >
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
            defaultValue={typedValue(fields.body.initialValue)}
          />
        )}
      </Field>
      <button type="submit" className="btn btn-primary" disabled={submitting}>
        {parentId ? t("comments.submitReply") : t("comments.submit")}
      </button>
    </fetcher.Form>
  );
}
