// Every staff action on one post: a table of intents, each a schema, the staff check and
// one service call. With JavaScript the staff panel posts here through fetchers and
// shows errors in place; without it, success goes back to the post and a form that needs
// fixing renders here again, with the error and what was typed.
import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useParams } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { FormError } from "~/components/Field";
import { firstError, replyError, useSchemaForm, type SchemaFields } from "~/components/forms";
import { useT } from "~/components/i18n";
import { MergeFields, NoteFields, OnBehalfFields, StatusFields } from "~/components/staff/fields";
import {
  banSchema,
  boardSchema,
  internalNoteSchema,
  kindSchema,
  lockSchema,
  mergeSchema,
  noFields,
  onBehalfSchema,
  ownerSchema,
  sizingSchema,
  statusSchema,
  tagsSchema,
} from "~/schemas/triage";
import { requireStaff, safeRedirectPath } from "~/services/guards.server";
import { changeStatusFromSidebar, setBoard, setOwner } from "~/services/staff-post.server";
import { mergePosts, undoMerge } from "~/services/merge.server";
import {
  addInternalNote,
  approvePost,
  deletePost,
  setBanned,
  setCommentsLocked,
  setKind,
  setPostTags,
  setSizing,
  voteOnBehalf,
} from "~/services/triage.server";
import { readForm } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";
import { intent, runIntent } from "~/utils/intents.server";
import { idParam } from "~/utils/validation";

// No redirect: after a no-JS POST with errors, Remix renders this route (and runs this
// loader) to show the form again with the error and what was typed.
export async function loader() {
  return null;
}

type Ctx = { request: Request; postId: number };
const staffOnly = ({ request }: Ctx) => requireStaff(request);

const intents = {
  kind: intent({ schema: kindSchema, authorise: staffOnly, run: ({ kind }, _staff, { postId }) => setKind(postId, kind) }),
  status: intent({
    schema: statusSchema,
    authorise: staffOnly,
    run: (input, staff, { postId }) => changeStatusFromSidebar(postId, input, staff),
  }),
  owner: intent({ schema: ownerSchema, authorise: staffOnly, run: ({ ownerId }, staff, { postId }) => setOwner(postId, ownerId, staff) }),
  board: intent({ schema: boardSchema, authorise: staffOnly, run: ({ boardId }, _staff, { postId }) => setBoard(postId, boardId) }),
  sizing: intent({ schema: sizingSchema, authorise: staffOnly, run: ({ impact, effort }, _staff, { postId }) => setSizing(postId, impact, effort) }),
  tags: intent({ schema: tagsSchema, authorise: staffOnly, run: ({ tagIds }, _staff, { postId }) => setPostTags(postId, tagIds) }),
  lock: intent({ schema: lockSchema, authorise: staffOnly, run: ({ locked }, _staff, { postId }) => setCommentsLocked(postId, locked) }),
  delete: intent({ schema: noFields, authorise: staffOnly, run: (_input, _staff, { postId }) => deletePost(postId) }),
  approve: intent({ schema: noFields, authorise: staffOnly, run: (_input, _staff, { postId }) => approvePost(postId) }),
  merge: intent({ schema: mergeSchema, authorise: staffOnly, run: ({ targetId }, staff, { postId }) => mergePosts(postId, targetId, staff) }),
  undoMerge: intent({ schema: noFields, authorise: staffOnly, run: (_input, _staff, { postId }) => undoMerge(postId) }),
  onBehalf: intent({ schema: onBehalfSchema, authorise: staffOnly, run: (input, staff, { postId }) => voteOnBehalf(postId, input, staff) }),
  note: intent({ schema: internalNoteSchema, authorise: staffOnly, run: ({ body }, staff, { postId }) => addInternalNote(postId, body, staff) }),
  ban: intent({ schema: banSchema, authorise: staffOnly, run: ({ userId, banned }, staff) => setBanned(userId, banned, staff) }),
};

export async function action({ request, params }: ActionFunctionArgs) {
  const postId = idParam.safeParse(params.id);
  if (!postId.success) notFound();
  // Before the body is read: to anyone but staff, whatever they send, there is nothing here.
  await requireStaff(request);
  const form = await readForm(request);
  const ran = await runIntent(form, intents, { request, postId: postId.data });
  if (!ran.ok) return ran.rejected;
  if (ran.outcome.intent === "delete") return redirect("/admin");
  if (form.get("via") === "fetcher") return { intent: ran.outcome.intent, ok: true as const };
  // Without JavaScript, back to the page the form was on (the post, or the inbox showing it).
  const back = form.get("redirectTo");
  return redirect(safeRedirectPath(back, `/posts/${postId.data}#staff`));
}

type Reply = SubmissionResult<string[]>;

/** A form of the staff panel again, as typed, with its error: a plain POST back here. */
function RetryForm<S extends z.ZodTypeAny>(props: { intent: string; schema: S; reply: Reply; children: (fields: SchemaFields<S>) => ReactNode }) {
  const t = useT();
  const [form, fields] = useSchemaForm(props.schema, props.reply);
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} className="space-y-3" noValidate>
      <input type="hidden" name="intent" value={props.intent} />
      <FormError error={firstError(form.errors)} />
      {props.children(fields)}
      <button type="submit" className="btn btn-primary">
        {t("admin.save")}
      </button>
    </Form>
  );
}

/** The forms with something typed into them; the others have only their error to show. */
const RETRY = {
  status: (reply) => (
    <RetryForm intent="status" schema={statusSchema} reply={reply}>
      {(fields) => <StatusFields fields={fields} />}
    </RetryForm>
  ),
  onBehalf: (reply) => (
    <RetryForm intent="onBehalf" schema={onBehalfSchema} reply={reply}>
      {(fields) => <OnBehalfFields fields={fields} />}
    </RetryForm>
  ),
  note: (reply) => (
    <RetryForm intent="note" schema={internalNoteSchema} reply={reply}>
      {(fields) => <NoteFields fields={fields} />}
    </RetryForm>
  ),
  merge: (reply) => (
    <RetryForm intent="merge" schema={mergeSchema} reply={reply}>
      {(fields) => <MergeFields fields={fields} />}
    </RetryForm>
  ),
} satisfies Partial<Record<keyof typeof intents, (reply: Reply) => ReactNode>>;
const retryFormOf = (intent: string) => Object.entries(RETRY).find(([name]) => name === intent)?.[1];

/** Shown only without JavaScript, when a staff action needs fixing: the form again, as typed. */
export default function TriageNeedsFixing() {
  const t = useT();
  const params = useParams();
  const answer = useActionData<typeof action>();
  const rejected = answer && "reply" in answer ? answer : undefined;
  const retry = rejected ? retryFormOf(rejected.intent) : undefined;
  return (
    <div className="card mx-auto max-w-2xl space-y-4 p-5">
      {rejected && retry ? retry(rejected.reply) : <FormError error={replyError(rejected?.reply)} />}
      <Link to={`/posts/${params.id}#staff`}>{t("post.backToPost")}</Link>
    </div>
  );
}
