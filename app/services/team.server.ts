// The admin's team page: who is staff, and who is banned.
import { findUserByEmail, findUsersByRole, listBannedUsers, updateUserRole } from "~/models/users.server";
import { err, ok, type Result } from "~/utils/result";
import type { SessionUser } from "./auth.server";

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

export function promoteToStaff(email: string): Result<void, "error.noSuchUser" | "error.alreadyStaff"> {
  const user = findUserByEmail(email);
  if (!user || !user.passwordHash) return err("error.noSuchUser", "email");
  if (user.role !== "customer") return err("error.alreadyStaff", "email");
  updateUserRole(user.id, "staff");
  return ok();
}

/** Staff go back to being customers; admins are not demoted here, so the site always keeps one. */
export function demoteToCustomer(userId: number, actor: SessionUser): Result<void, "error.cannotDemote"> {
  const user = findUsersByRole(["staff"]).find((u) => u.id === userId);
  if (!user || user.id === actor.id) return err("error.cannotDemote");
  updateUserRole(user.id, "customer");
  return ok();
}
