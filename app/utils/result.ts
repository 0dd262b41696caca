// The one shape every service answers with (ADR 010). A failure names a catalogue key,
// never an HTTP status: which status that key becomes is the web layer's business
// (`statusFor` in http.server.ts), and the JSON API maps the same keys.
import type { MessageKey } from "~/i18n";

export type Ok<T> = { ok: true; value: T };
/** `field` names the form field the error belongs beside; without it the error is the form's. */
export type Err<E extends MessageKey = MessageKey> = { ok: false; error: E; field?: string };
export type Result<T = void, E extends MessageKey = MessageKey> = Ok<T> | Err<E>;

export function ok(): Ok<void>;
export function ok<T>(value: T): Ok<T>;
export function ok<T>(value?: T): Ok<T | undefined> {
  return { ok: true, value };
}

export function err<E extends MessageKey>(error: E, field?: string): Err<E> {
  return field === undefined ? { ok: false, error } : { ok: false, error, field };
}
