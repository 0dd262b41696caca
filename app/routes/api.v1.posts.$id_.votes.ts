// GET, POST and DELETE /api/v1/posts/:id/votes (issue 14): who voted, a vote on behalf of a
// customer (the staff panel's service), and taking a customer's vote back.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { VoteForStaff } from "~/models/votes.server";
import { deleteVoteBodySchema, deleteVoteQuerySchema, newVoteSchema, userQuerySchema, votesQuerySchema } from "~/schemas/api/people";
import { removeVoteOnBehalf, voteOnBehalf } from "~/services/triage.server";
import { voteOf, votesPage } from "~/services/votes.server";
import { apiIdParam, apiJson, authorizeApi, isoTime, problem, problemFor, readApiQuery, readJsonBody } from "~/utils/api.server";

function voteJson(v: VoteForStaff) {
  return {
    voter: { id: v.userId, name: v.name, email: v.email },
    source: v.source,
    addedById: v.addedById,
    note: v.note,
    createdAt: isoTime(v.createdAt),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  authorizeApi(request, "read");
  const postId = apiIdParam(params.id);
  const query = readApiQuery(request, votesQuerySchema);
  const page = votesPage(postId, query);
  if (!page.ok) return problemFor(page);
  return apiJson({ data: page.value.rows.map(voteJson), nextCursor: page.value.nextCursor });
}

type Caller = ReturnType<typeof authorizeApi>;

async function addVote(request: Request, postId: number, caller: Caller) {
  const input = await readJsonBody(request, newVoteSchema);
  const added = voteOnBehalf(postId, input, caller.actor);
  if (!added.ok) return problemFor(added);
  return apiJson(voteJson(voteOf(postId, added.value.userId)!), 201);
}

/** The customer named by `?email=` (for clients that send no body with DELETE), else by the JSON body. */
async function emailToDelete(request: Request): Promise<string> {
  const fromQuery = readApiQuery(request, deleteVoteQuerySchema).email;
  if (fromQuery) return fromQuery;
  // Neither: the answer names the missing `email`, rather than asking for a JSON body.
  if (!request.headers.has("content-type")) return readApiQuery(request, userQuerySchema).email;
  return (await readJsonBody(request, deleteVoteBodySchema)).email;
}

async function deleteVote(request: Request, postId: number) {
  const removed = removeVoteOnBehalf(postId, await emailToDelete(request));
  if (!removed.ok) return problemFor(removed);
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const run = { POST: addVote, DELETE: deleteVote }[request.method];
  if (!run) return problem(405, "error.methodNotAllowed", { headers: { allow: "GET, POST, DELETE" } });
  // The key is checked before the id, so a caller without one learns nothing about which ideas exist.
  const caller = authorizeApi(request, "write");
  return run(request, apiIdParam(params.id), caller);
}
