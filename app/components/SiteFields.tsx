import { LOCALE_NAMES, LOCALES, type MessageKey } from "~/i18n";
import { Field } from "./Field";
import { useT } from "./i18n";

type Props = {
  values: { siteName?: string; defaultLocale?: string };
  errors: { siteName?: MessageKey; defaultLocale?: MessageKey };
};

/** Site name and default language: asked at setup, edited in admin settings. */
export function SiteFields({ values, errors }: Props) {
  const t = useT();
  return (
    <>
      <Field name="siteName" label={t("setup.siteName")} error={errors.siteName}>
        {(p) => <input {...p} className="input" dir="auto" defaultValue={values.siteName} required />}
      </Field>
      <Field name="defaultLocale" label={t("setup.defaultLocale")} error={errors.defaultLocale}>
        {(p) => (
          <select {...p} className="input" defaultValue={values.defaultLocale ?? "en"}>
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
