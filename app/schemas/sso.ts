// Single sign-on from the customer's own app (issue 14): the link's query, the token's
// claims as Closeloop reads them, and the admin's settings forms. Messages are catalogue keys.
import { z } from "zod";
import { displayNameField, emailField } from "~/utils/validation";

/** `GET /sso?token=…&redirectTo=…`; a missing token is a malformed link. */
export const ssoQuerySchema = z.object({
  token: z.string().min(1).max(8_000).optional().catch(undefined),
  redirectTo: z.string().max(2_000).optional().catch(undefined),
});

/** Blank text claims read as absent; `null` clears a stored trait. */
const blankAsAbsent = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const httpUrl = z
  .string()
  .max(2_000)
  .url()
  .refine((url) => /^https?:$/.test(new URL(url).protocol));

export const SSO_COMPANY_MAX = 100;

/**
 * The token's claims past its signature and times. `email` is checked on its own first
 * (its refusal has a reason of its own); a failure here names the claim that is wrong.
 * Claims we do not know are ignored, as JWT claims usually are.
 */
export const ssoClaimsSchema = z.object({
  jti: z.string().trim().min(1).max(200),
  // A name our display-name rules refuse (too long, or one that reads as a link, which
  // some apps fill with the email) is not worth refusing the sign-in over: it is dropped,
  // and the account is named after the email's local part instead.
  name: z.unknown().transform((v) => {
    const name = displayNameField.safeParse(v);
    return name.success ? name.data : undefined;
  }),
  avatarUrl: z.preprocess(blankAsAbsent, httpUrl.nullable().optional()),
  company: z.preprocess(blankAsAbsent, z.string().trim().max(SSO_COMPANY_MAX).nullable().optional()),
  monthlySpend: z.number().finite().min(0).max(1e12).nullable().optional(),
});
export type SsoClaims = z.output<typeof ssoClaimsSchema>;

export const ssoEmailClaim = emailField;

/** The settings section: SSO on or off. Rotating the secret has no fields. */
export const ssoEnabledSchema = z.object({ enabled: z.enum(["true", "false"]).transform((v) => v === "true") });
export const ssoRotateSchema = z.object({});
