// Form schemas for tags, shared by the action that parses them and the page that
// checks them as the user types (so no server-only imports here).
import { z } from "zod";

export const newTagSchema = z.object({
  name: z.string({ message: "error.tagNameRequired" }).trim().min(1, "error.tagNameRequired").max(30, "error.tagNameTooLong"),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "error.colorInvalid")
    .default("#64748b"),
});
