// The parts of the staff's survey forms shared by "new survey" and "edit survey": the
// in-app prompt checkbox and the question texts in each language.
import type { FieldMetadata } from "@conform-to/react";
import { firstError, typedValue } from "~/components/forms";
import { Field } from "~/components/Field";
import { useT } from "~/components/i18n";
import { directionOf, LOCALE_NAMES, LOCALES, type Locale } from "~/i18n";
import type { SurveyKind } from "~/db/enums";
import { SURVEY_TEXT_MAX } from "~/schemas/surveys";
import type { SurveyPlaceholders } from "~/services/surveys.server";

type LocaleTexts = { question?: string; followUp?: string; object?: string };
type TextsField = FieldMetadata<Partial<Record<Locale, LocaleTexts>> | undefined, Record<string, unknown>, string[]>;

export function InAppPromptCheckbox({ defaultChecked }: { defaultChecked: boolean }) {
  const t = useT();
  return (
    <label className="flex items-start gap-2">
      <input type="checkbox" name="inAppPrompt" defaultChecked={defaultChecked} className="mt-1" />
      <span>
        <span className="block font-medium">{t("surveys.admin.inAppPrompt")}</span>
        <span className="block text-sm text-muted">{t("surveys.admin.inAppPromptHint")}</span>
      </span>
    </label>
  );
}

/**
 * The question, its follow-up and (CES only) the object of "How easy was it to …?", in
 * each language. A blank field asks the catalogue's default, which its placeholder shows.
 * `kind` null: the kind is not chosen yet (a new survey without JavaScript), so the CES
 * object is offered with a hint that only CES uses it (and the placeholders are NPS's).
 */
export function SurveyTextsFields({ texts, kind, placeholders }: { texts: TextsField; kind: SurveyKind | null; placeholders: SurveyPlaceholders }) {
  const t = useT();
  const byLocale = texts.getFieldset();
  return (
    <fieldset className="space-y-3">
      <legend className="font-medium">{t("surveys.admin.textsHeading")}</legend>
      <p className="text-sm text-muted">{t("surveys.admin.textsHint")}</p>
      {LOCALES.map((locale) => {
        const fields = byLocale[locale].getFieldset();
        const defaults = placeholders[locale];
        // Questions are textareas so the default in the placeholder shows whole on a phone.
        // Each field holds text in its own language, so it takes that language's direction
        // (and its placeholder, the default in that language, reads the right way round).
        const inLanguage = { lang: locale, dir: directionOf(locale), className: "input" };
        return (
          <fieldset key={locale} className="space-y-2 rounded-md border border-line p-3" data-testid={`texts-${locale}`}>
            <legend className="px-1 text-sm font-semibold" lang={locale}>
              {LOCALE_NAMES[locale]}
            </legend>
            {kind === "ces" || kind === null ? (
              <Field
                name={fields.object.name}
                label={t("surveys.admin.object")}
                hint={kind === null ? t("surveys.admin.objectHintNoKind") : t("surveys.admin.objectHint")}
                error={firstError(fields.object.errors)}
              >
                {(p) => (
                  <input
                    {...p}
                    {...inLanguage}
                    maxLength={SURVEY_TEXT_MAX}
                    placeholder={defaults.object}
                    defaultValue={typedValue(fields.object.initialValue)}
                  />
                )}
              </Field>
            ) : null}
            {(["question", "followUp"] as const).map((text) => (
              <Field key={text} name={fields[text].name} label={t(`surveys.admin.${text}`)} error={firstError(fields[text].errors)}>
                {(p) => (
                  <textarea
                    {...p}
                    {...inLanguage}
                    rows={2}
                    maxLength={SURVEY_TEXT_MAX}
                    placeholder={defaults[text]}
                    defaultValue={typedValue(fields[text].initialValue)}
                  />
                )}
              </Field>
            ))}
          </fieldset>
        );
      })}
    </fieldset>
  );
}
