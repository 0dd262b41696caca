// Boards: the admin creates, renames and archives them.
import { z } from "zod";
import { findBoardById, insertBoard, listAllBoards, slugInUse, updateBoard } from "~/models/boards.server";

const boardFields = {
  name: z.string({ message: "error.nameRequired" }).trim().min(1, "error.nameRequired").max(60, "error.nameTooLong"),
  slug: z
    .string({ message: "error.slugInvalid" })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "error.slugInvalid")
    .max(40, "error.slugInvalid"),
  description: z.string().trim().max(500, "error.descriptionTooLong").default(""),
};

export const createBoardSchema = z.object(boardFields);
export const updateBoardSchema = z.object({ ...boardFields, boardId: z.coerce.number().int().positive() });
export const archiveBoardSchema = z.object({ boardId: z.coerce.number().int().positive(), archived: z.enum(["true", "false"]) });

export type BoardResult = { ok: true } | { ok: false; errors: { slug?: "error.slugTaken" }; notFound?: boolean };

export function listBoardsForAdmin() {
  return listAllBoards();
}

export function createBoard(input: z.output<typeof createBoardSchema>): BoardResult {
  if (slugInUse(input.slug)) return { ok: false, errors: { slug: "error.slugTaken" } };
  insertBoard(input);
  return { ok: true };
}

export function renameBoard(input: z.output<typeof updateBoardSchema>): BoardResult {
  if (!findBoardById(input.boardId)) return { ok: false, errors: {}, notFound: true };
  if (slugInUse(input.slug, input.boardId)) return { ok: false, errors: { slug: "error.slugTaken" } };
  updateBoard(input.boardId, { name: input.name, slug: input.slug, description: input.description });
  return { ok: true };
}

export function setBoardArchived(boardId: number, archived: boolean): BoardResult {
  if (!findBoardById(boardId)) return { ok: false, errors: {}, notFound: true };
  updateBoard(boardId, { archivedAt: archived ? Date.now() : null });
  return { ok: true };
}
