import { LOCALE_NAMES, LOCALES } from "~/i18n";
import { Field } from "./Field";
import { firstError, typedValue } from "./forms";
import { useT } from "./i18n";

/** What SiteFields reads of each of conform's field records. */
type SiteField = { errors?: string[]; initialValue?: unknown };

/**
 * Site name and default language: asked at setup, edited in admin settings. At setup the
 * language starts as the one the page is read in, and follows the header's language switch
 * (`pageLocale`), which re-renders the page without reloading it when JavaScript runs.
 */
export function SiteFields({ fields, pageLocale }: { fields: { siteName: SiteField; defaultLocale: SiteField }; pageLocale?: string }) {
  const t = useT();
  return (
    <>
      <Field name="siteName" label={t("setup.siteName")} error={firstError(fields.siteName.errors)}>
        {(p) => <input {...p} className="input" dir="auto" defaultValue={typedValue(fields.siteName.initialValue) ?? ""} required />}
      </Field>
      <Field name="defaultLocale" label={t("setup.defaultLocale")} error={firstError(fields.defaultLocale.errors)}>
        {(p) => (
          <select {...p} key={pageLocale} className="input" defaultValue={pageLocale ?? typedValue(fields.defaultLocale.initialValue) ?? "en"}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}
