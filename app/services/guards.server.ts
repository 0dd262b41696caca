// Authorisation checks for loaders and actions: who may see or do what.
import { redirect } from "@remix-run/node";
import { loginUrl } from "~/utils/redirects";
import { getCurrentUser, type SessionUser } from "./auth.server";
import { isStaff } from "./policy.server";

export { loginUrl, safeRedirectPath } from "~/utils/redirects";
export { isStaff } from "./policy.server";

export async function getViewer(request: Request): Promise<SessionUser | null> {
  return (await getCurrentUser(request)).user;
}

/** The signed-in user and their session's id (for rules kept per session), or nulls for a visitor. */
export async function getViewerSession(request: Request): Promise<{ viewer: SessionUser | null; sessionId: string | null }> {
  const { user, sessionId } = await getCurrentUser(request);
  return { viewer: user, sessionId };
}

/** The signed-in user, or a redirect to /login that comes back to returnTo. */
export async function requireUser(request: Request, returnTo?: string): Promise<SessionUser> {
  const user = await getViewer(request);
  if (user) return user;
  const url = new URL(request.url);
  throw redirect(loginUrl(returnTo ?? url.pathname + url.search));
}

/** Admins only. (A banned account never gets here signed in; a banned admin would get a 403.) */
export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await getViewer(request);
  if (!user) throw new Response("Not found", { status: 404 });
  if (!isStaff(user) || user.role !== "admin") throw new Response("Forbidden", { status: 403 });
  return user;
}

/** Staff and admins; others get a 404 when signed out and a 403 when signed in. */
export async function requireStaff(request: Request): Promise<SessionUser> {
  const user = await getViewer(request);
  if (!user) throw new Response("Not found", { status: 404 });
  if (!isStaff(user)) throw new Response("Forbidden", { status: 403 });
  return user;
}
