import { LOCALE_NAMES, LOCALES } from "~/i18n";
import { Field } from "./Field";
import { firstError, typedValue } from "./forms";
import { useT } from "./i18n";

/** What SiteFields reads of each of conform's field records. */
type SiteField = { errors?: string[]; initialValue?: unknown };

/** Site name and default language: asked at setup, edited in admin settings. */
export function SiteFields({ fields }: { fields: { siteName: SiteField; defaultLocale: SiteField } }) {
  const t = useT();
  return (
    <>
      <Field name="siteName" label={t("setup.siteName")} error={firstError(fields.siteName.errors)}>
        {(p) => <input {...p} className="input" dir="auto" defaultValue={typedValue(fields.siteName.initialValue) ?? ""} required />}
      </Field>
      <Field name="defaultLocale" label={t("setup.defaultLocale")} error={firstError(fields.defaultLocale.errors)}>
        {(p) => (
          <select {...p} className="input" defaultValue={typedValue(fields.defaultLocale.initialValue) ?? "en"}>
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
