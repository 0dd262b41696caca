// Form schemas of /admin/export and /admin/import (issue 14), shared by the routes that
// parse them and the pages that check them as the admin types (no server-only imports).
import { z } from "zod";

export const EXPORT_FORMAT_CHOICES = ["zip", "ndjson"] as const;
/** The export's GET form: which format. Anything else is the ZIP. */
export const exportQuerySchema = z.object({ format: z.enum(EXPORT_FORMAT_CHOICES).catch("zip") });

/** What the import can read; "auto" looks at the file (a ZIP or NDJSON of ours, or a .csv). */
export const IMPORT_FORMAT_CHOICES = ["auto", "closeloop", "csv", "canny", "fider"] as const;
export type ImportFormatChoice = (typeof IMPORT_FORMAT_CHOICES)[number];

/** Step 1's fields besides the file: the format, and the board a CSV's rows go to when a row names none. */
export const importUploadSchema = z.object({
  format: z.enum(IMPORT_FORMAT_CHOICES, { message: "import.error.formatInvalid" }).default("auto"),
  board: z.string().trim().max(64).optional(),
});

/** Step 2: apply the upload the dry run was made from, or drop it. */
export const importTokenSchema = z.object({ token: z.string().regex(/^[a-f0-9]{32}$/, "import.error.expired") });
