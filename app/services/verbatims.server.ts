// STUB (replaced at merge by the verbatims helper's real service): a few fixed verbatims.
import type { Verbatim, VerbatimFilter, VerbatimPage } from "./insights-types";

const STUB: Verbatim[] = [
  ["Search finally understands Arabic, thank you!", "en", 10, "promoter"],
  ["البحث أصبح أسرع بكثير، شكرًا لكم", "ar", 9, "promoter"],
  ["Exports still time out on big accounts.", "en", 4, "detractor"],
  ["خوب است ولی گزارش‌ها کند هستند", "fa", 7, "passive"],
  ["I waited two weeks for an answer.", "en", 2, "detractor"],
  ["Fine.", "en", 8, "passive"],
].map(([reason, locale, score, group], i) => ({
  answerId: 100 - i,
  surveyId: 1,
  surveyName: "Stub NPS survey",
  kind: "nps",
  score: score as number,
  group: group as Verbatim["group"],
  reason: reason as string,
  locale: locale as Verbatim["locale"],
  channel: "email",
  answeredAt: Date.UTC(2026, 10, 30 - i),
  respondent: { id: 1, name: "Stub Respondent" },
  votedFor: [],
  postId: null,
}));

export function listVerbatims(filter: VerbatimFilter): VerbatimPage {
  return { items: STUB.slice(0, filter.limit ?? 20), nextCursor: null };
}
