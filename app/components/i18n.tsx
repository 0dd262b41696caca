import { useRouteLoaderData } from "@remix-run/react";
import { createContext, Fragment, useContext, useEffect, useMemo, useState } from "react";
import {
  formatDate,
  formatDayMonth,
  formatHours,
  formatNumber,
  formatPercent,
  formatRelative,
  formatSigned,
  translatorFor,
  type Locale,
  type MessageKey,
  type Translate,
} from "~/i18n";
import { enShell } from "~/i18n/en-shell";
import { anyLoadedCatalogue, catalogueScriptPath, loadedCatalogue } from "~/i18n/loaded";
import type { loader as rootLoader } from "~/root";

/** The root loader's data: undefined only when the root loader itself failed. */
export function useRootData() {
  return useRouteLoaderData<typeof rootLoader>("root");
}

export function useLocale(): Locale {
  return useRootData()?.locale ?? "en";
}

const shellTranslator = translatorFor("en", enShell);
const TranslatorContext = createContext<Translate>(shellTranslator);

/**
 * The translator of the locale whose catalogue is here, and that locale. Its catalogue is
 * already here when the page renders (the root loader provides it on the server, its script
 * in the browser); after a change of language the browser loads the new one and goes on with
 * the old one meanwhile, so the page's words and its `lang`/`dir` switch together when it
 * arrives. Without a locale (the root loader failed) the page has the few words of en-shell.ts.
 */
export function useActiveCatalogue(locale: Locale | null, version: string | null): { translate: Translate; shownLocale: Locale | null } {
  const [arrived, setArrived] = useState(0);
  const missing = locale !== null && version !== null && !loadedCatalogue(locale);
  useEffect(() => {
    if (!missing) return;
    const script = document.createElement("script");
    script.src = catalogueScriptPath(locale, version);
    script.onload = () => setArrived((n) => n + 1);
    document.head.append(script);
    return () => script.remove();
  }, [missing, locale, version]);
  return useMemo(() => {
    const catalogue = locale ? loadedCatalogue(locale) : undefined;
    if (catalogue) return { translate: translatorFor(locale!, catalogue), shownLocale: locale };
    const fallback = locale ? anyLoadedCatalogue() : null;
    return fallback
      ? { translate: translatorFor(fallback.locale, fallback.catalogue), shownLocale: fallback.locale }
      : { translate: shellTranslator, shownLocale: null };
    // `arrived` is what changes when the catalogue's script has run.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [locale, arrived]);
}

/** Gives the page the translator useActiveCatalogue chose. */
export function TranslatorProvider({ translate, children }: { translate: Translate; children: React.ReactNode }) {
  return <TranslatorContext.Provider value={translate}>{children}</TranslatorContext.Provider>;
}

/** Translates with the active locale's catalogue, merged over English. */
export function useT(): Translate {
  return useContext(TranslatorContext);
}

export function useFormat() {
  const locale = useLocale();
  return {
    number: (n: number) => formatNumber(locale, n),
    date: (ms: number) => formatDate(locale, ms),
    relative: (ms: number, now: number) => formatRelative(locale, ms, now),
    percent: (points: number) => formatPercent(locale, points),
    signed: (n: number) => formatSigned(locale, n),
    dayMonth: (ms: number) => formatDayMonth(locale, ms),
    hours: (hours: number, signed?: boolean, unit?: "hour" | "day") => formatHours(locale, hours, signed, unit),
  };
}

// Private-use characters no catalogue contains mark where each value goes.
const SLOT = /\uE000(\d+)\uE001/;

/**
 * A message whose values (an email address, a person's name) are set apart in <bdi>:
 * each keeps its own direction inside an Arabic or Persian sentence instead of being
 * reordered with it, and a long address may wrap instead of widening a phone's page.
 */
export function Message({ id, values, count }: { id: MessageKey; values: Record<string, string>; count?: number }) {
  const t = useT();
  const names = Object.keys(values);
  const slots = Object.fromEntries(names.map((name, i) => [name, `\uE000${i}\uE001`]));
  // A plural message takes its count as a number, formatted in the locale's digits.
  const text = t(id, count === undefined ? slots : { ...slots, count });
  const parts = text.split(SLOT);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <bdi key={i} className="[overflow-wrap:anywhere]">
            {values[names[Number(part)]]}
          </bdi>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}
