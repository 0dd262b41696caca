// The first-run checklist on the admin home (issue 12): four steps after /setup, each
// done or not from what the site really holds, until the admin dismisses it.
import { LOCALES } from "~/i18n";
import { translator } from "~/i18n/catalogues.server";
import { listAllBoards } from "~/models/boards.server";
import { readSettings, writeSettings } from "~/models/settings.server";
import { countTeamInvitesSent } from "~/models/team-invites.server";
import { findUsersByRole } from "~/models/users.server";
import { ok, type Result } from "~/utils/result";
import { publicUrl } from "~/utils/signed-links.server";
import { smtpConfigured } from "./outbox.server";

export const CHECKLIST_STEPS = ["email", "boards", "team", "share"] as const;
export type ChecklistStep = (typeof CHECKLIST_STEPS)[number];
export type Checklist = { steps: { step: ChecklistStep; done: boolean }[]; boardUrl: string };

/** The checklist, or null once the admin dismissed it. */
export function setupChecklist(): Checklist | null {
  const settings = readSettings();
  if (settings.checklistDismissed === "1") return null;
  const boards = listAllBoards();
  const defaultNames = new Set(LOCALES.map((l) => translator(l)("setup.defaultBoardName")));
  const done: Record<ChecklistStep, boolean> = {
    email: smtpConfigured(),
    boards: boards.length > 1 || boards.some((b) => !defaultNames.has(b.name)),
    team: findUsersByRole(["admin", "staff"]).length > 1 || countTeamInvitesSent() > 0,
    share: settings.checklistShared === "1",
  };
  return { steps: CHECKLIST_STEPS.map((step) => ({ step, done: done[step] })), boardUrl: `${publicUrl()}/` };
}

/** "I shared the link" marks the last step; "dismiss" hides the whole list for good. */
export function updateChecklist(action: "shared" | "dismiss"): Result {
  writeSettings(action === "shared" ? { checklistShared: "1" } : { checklistDismissed: "1" });
  return ok();
}
