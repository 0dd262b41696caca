// The fan-out every notice shares: in-app notifications for the recipients, and an
// outbox row for each of them whose email preference allows it, both written inside
// the caller's transaction by one INSERT … SELECT each (in the models, which own the SQL).
import type { Db } from "~/db/client.server";
import type { EmailTemplate, Locale } from "~/db/schema";
import type { PayloadOf } from "~/emails/templates";
import { insertNotificationsFor } from "~/models/notifications.server";
import { enqueueEmailsFor, type EmailPreference } from "~/models/outbox.server";
import type { FieldsPerRecipient, Recipients } from "~/models/recipients.server";
import { smtpConfigured } from "./outbox.server";
import { getSiteSettings } from "./site.server";

type InApp = Omit<Parameters<typeof insertNotificationsFor>[2], "createdAt">;
export type EmailNotice<T extends EmailTemplate, R extends Recipients> = {
  template: T;
  /** The template's payload, less the fields the recipients fill in for each of them. */
  payload: Omit<PayloadOf<T>, keyof FieldsPerRecipient<R>>;
  dedupePrefix: string;
  preference: EmailPreference;
  /** The language for recipients who never chose one (the site's by default). */
  locale?: Locale;
};

/** Notifies in-app (when `inApp` is given) and queues emails (when `email` is); returns the emails queued. */
export function announce<R extends Recipients, T extends EmailTemplate>(
  db: Db,
  recipients: R,
  notice: { inApp?: InApp; email?: EmailNotice<T, R>; now: number },
): number {
  if (notice.inApp) insertNotificationsFor(db, recipients, { ...notice.inApp, createdAt: notice.now });
  if (!notice.email) return 0;
  const { locale, ...email } = notice.email;
  return enqueueEmailsFor(db, recipients, {
    ...email,
    smtpConfigured: smtpConfigured(),
    defaultLocale: locale ?? getSiteSettings().defaultLocale,
    now: notice.now,
  });
}
