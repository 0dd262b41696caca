// A survey (NPS, CES or CSAT) emailed to an audience: the question in the recipient's
// language and one signed score link per point of the scale. A click records the score
// and opens the follow-up question (routes/s.$surveyId_.e.$token.$score.tsx).
import { z } from "zod";
import { LOCALES, SURVEY_KINDS, SURVEY_SCALES } from "~/db/enums";
import { formatNumber } from "~/i18n";
import { publicUrl } from "~/utils/signed-links.server";
import { recordId, sitePayload, type EmailContent, type TemplateContext } from "../content";

const wording = z.object({ question: z.string(), followUp: z.string() });

export const payloadSchema = sitePayload.extend({
  surveyId: recordId,
  sendId: recordId,
  kind: z.enum(SURVEY_KINDS),
  /** The question in every language, as the survey asked it when it was sent (the admin's text or the default). */
  wording: z.object(Object.fromEntries(LOCALES.map((locale) => [locale, wording])) as Record<(typeof LOCALES)[number], typeof wording>),
});

export function render(p: z.output<typeof payloadSchema>, { t, sign, userId, locale }: TemplateContext): EmailContent {
  const { min, max } = SURVEY_SCALES[p.kind];
  const token = sign({ purpose: "survey", surveyId: p.surveyId, userId, sendId: p.sendId });
  const links = Array.from({ length: max - min + 1 }, (_, i) => min + i).map((score) => ({
    href: `${publicUrl()}/s/${p.surveyId}/e/${token}/${score}`,
    label: formatNumber(locale, score),
  }));
  return {
    subject: t("email.subject.survey", { site: p.siteName }),
    heading: p.wording[locale].question,
    lines: [t("email.surveyHowTo")],
    links: [],
    scale: { links, low: t(`surveys.scale.low.${p.kind}`), high: t(`surveys.scale.high.${p.kind}`) },
    footer: "email.surveyFooter",
  };
}
