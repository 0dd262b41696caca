// The admin's team page: who is staff, and who is banned.
import { z } from "zod";
import { findUserByEmail, findUsersByRole, listBannedUsers, updateUserRole } from "~/models/users.server";
import type { SessionUser } from "./auth.server";
import { emailField, idParam } from "~/utils/validation";

export const promoteSchema = z.object({ email: emailField });
export const demoteSchema = z.object({ userId: idParam });

export function teamPage() {
  const strip = (u: { id: number; email: string; displayName: string; role: string; bannedAt: number | null }) => ({
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    bannedAt: u.bannedAt,
  });
  return { team: findUsersByRole(["admin", "staff"]).map(strip), banned: listBannedUsers().map(strip) };
}

export type TeamResult = { ok: true } | { ok: false; errors: { email?: "error.noSuchUser" | "error.alreadyStaff" }; formError?: "error.cannotDemote" };

export function promoteToStaff(email: string): TeamResult {
  const user = findUserByEmail(email);
  if (!user || !user.passwordHash) return { ok: false, errors: { email: "error.noSuchUser" } };
  if (user.role !== "customer") return { ok: false, errors: { email: "error.alreadyStaff" } };
  updateUserRole(user.id, "staff");
  return { ok: true };
}

/** Staff go back to being customers; admins are not demoted here, so the site always keeps one. */
export function demoteToCustomer(userId: number, actor: SessionUser): TeamResult {
  const user = findUsersByRole(["staff"]).find((u) => u.id === userId);
  if (!user || user.id === actor.id) return { ok: false, errors: {}, formError: "error.cannotDemote" };
  updateUserRole(user.id, "customer");
  return { ok: true };
}
