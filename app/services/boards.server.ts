// Boards: the admin creates, renames and archives them.
import type { z } from "zod";
import { findBoardById, insertBoard, listAllBoards, slugInUse, updateBoard } from "~/models/boards.server";
import type { createBoardSchema, updateBoardSchema } from "~/schemas/admin";
import { err, ok, type Result } from "~/utils/result";

export function listBoardsForAdmin() {
  return listAllBoards();
}

export function createBoard(input: z.output<typeof createBoardSchema>): Result<void, "error.slugTaken"> {
  if (slugInUse(input.slug)) return err("error.slugTaken", "slug");
  insertBoard(input);
  return ok();
}

export function renameBoard(input: z.output<typeof updateBoardSchema>): Result<void, "error.notFound" | "error.slugTaken"> {
  if (!findBoardById(input.boardId)) return err("error.notFound");
  if (slugInUse(input.slug, input.boardId)) return err("error.slugTaken", "slug");
  updateBoard(input.boardId, { name: input.name, slug: input.slug, description: input.description });
  return ok();
}

export function setBoardArchived(boardId: number, archived: boolean): Result<void, "error.notFound"> {
  if (!findBoardById(boardId)) return err("error.notFound");
  updateBoard(boardId, { archivedAt: archived ? Date.now() : null });
  return ok();
}
