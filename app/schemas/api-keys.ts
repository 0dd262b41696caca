// Form schemas of the admin's API keys page (/admin/api), shared by its action and the
// page that checks them as the admin types (so no server-only imports here).
import { z } from "zod";
import { API_SCOPES } from "~/db/enums";
import { idParam } from "~/utils/validation";

export const newApiKeySchema = z.object({
  name: z.string({ message: "error.apiKeyName" }).trim().min(1, "error.apiKeyName").max(80, "error.apiKeyName"),
  scope: z.enum(API_SCOPES, { message: "error.apiKeyScope" }),
});

export const revokeApiKeySchema = z.object({ keyId: idParam });
