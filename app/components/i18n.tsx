import { useRouteLoaderData } from "@remix-run/react";
import { formatDate, formatNumber, translator, type Locale, type Translate } from "~/i18n";

type RootData = { locale: Locale };

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as RootData | undefined;
  return data?.locale ?? "en";
}

export function useT(): Translate {
  return translator(useLocale());
}

export function useFormat() {
  const locale = useLocale();
  return {
    number: (n: number) => formatNumber(locale, n),
    date: (ms: number) => formatDate(locale, ms),
  };
}
