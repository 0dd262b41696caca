// The password rule that needs a list too big to send to browsers.
import { dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";
import { passwordLengthField } from "./validation";

// zxcvbn-ts's list of ~49,000 passwords seen most often in breaches, kept up to date by
// that project.
const COMMON_PASSWORDS = new Set(dictionary["passwords-common"]);

// A listed word with digits or symbols tacked on ("password123!") is just as guessable.
const TRAILING_DIGITS_AND_SYMBOLS = /[\d\W_]+$/u;

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  const stem = lower.replace(TRAILING_DIGITS_AND_SYMBOLS, "");
  return COMMON_PASSWORDS.has(lower) || (stem.length >= 4 && COMMON_PASSWORDS.has(stem));
}

// Piped, so a password already refused for its length is not also called common.
export const newPasswordField = passwordLengthField.pipe(z.string().refine((p) => !isCommonPassword(p), "error.passwordCommon"));
