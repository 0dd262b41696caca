// Field rules shared by several forms, on the server and in the browser. Messages are
// catalogue keys.
import { z } from "zod";
import { looksLikeLinkOrAddress } from "~/utils/link-like";
import { asciiDigits } from "./text-normalize";

export const emailField = z
  .string({ message: "error.emailInvalid" })
  .trim()
  .max(254, "error.emailInvalid")
  .email("error.emailInvalid")
  .transform((e) => e.toLowerCase());

export const displayNameField = z
  .string({ message: "error.nameRequired" })
  .trim()
  .min(1, "error.nameRequired")
  .max(60, "error.nameTooLong")
  // Names are shown in emails from the board's address: one that reads as a link would
  // be phishing text in the board's voice.
  .refine((name) => !looksLikeLinkOrAddress(name), "error.nameLooksLikeLink");

/** Length only, so browsers can check it too; the server adds the common-password list (passwords.server.ts). */
export const passwordLengthField = z.string({ message: "error.passwordShort" }).min(8, "error.passwordShort").max(200, "error.passwordLong");

export const postTitleField = z.string({ message: "error.titleTooShort" }).trim().min(3, "error.titleTooShort").max(120, "error.titleTooLong");

export const postBodyField = z
  .string()
  .trim()
  .max(10_000, "error.bodyTooLong")
  .optional()
  .transform((b) => b ?? "");

export const commentBodyField = z.string({ message: "error.commentEmpty" }).trim().min(1, "error.commentEmpty").max(10_000, "error.commentTooLong");

/** A checkbox: in the form only when ticked. */
export const checkboxField = z.preprocess((v) => v === "on" || v === "1" || v === "true", z.boolean());

export const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An idea number as people type it: "#12", "١٢" or "۱۲". */
export const typedPostId = z.preprocess((v) => (typeof v === "string" ? asciiDigits(v).replace(/^\s*#/, "").trim() : v), idParam);

/** A catalogue key ("error.commentEmpty"), as opposed to zod's own English ("Required"). */
export const CATALOGUE_KEY = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/;

/**
 * Every schema message is a catalogue key; where a schema gives none (zod's own English,
 * such as "Required"), the message is "error.required". A parse's own error map has the
 * last word over the schema's, so it keeps the key a schema set for a missing or
 * mistyped value (`z.string({ message: "error.commentEmpty" })`): conform sends an empty
 * field as a missing one.
 */
export const catalogueErrorMap: z.ZodErrorMap = (_issue, ctx) => ({ message: CATALOGUE_KEY.test(ctx.defaultError) ? ctx.defaultError : "error.required" });
