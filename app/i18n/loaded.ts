// The catalogue a page translates with, shared by server and browser. The browser gets it
// from a script of its own (`catalogueScriptPath`, cached for good under its version), not
// inside the root loader's data: that data is inlined in every page and sent again on every
// navigation and after every action, and the catalogue was two thirds of a board page. The
// root loader provides the same catalogue on the server before the page renders.
import type { Catalogue, Locale } from "./index";

type Loaded = Partial<Record<Locale, Catalogue>>;

declare global {
  // Set by the catalogue's script in the browser, by the root loader on the server (at most one entry per locale).
  var __closeloopCatalogues: Loaded | undefined;
}

export function loadedCatalogue(locale: Locale): Catalogue | undefined {
  return globalThis.__closeloopCatalogues?.[locale];
}

/** Any catalogue already here, to translate with while the one just asked for loads (after a change of language). */
export function anyLoadedCatalogue(): { locale: Locale; catalogue: Catalogue } | null {
  const [entry] = Object.entries(globalThis.__closeloopCatalogues ?? {}) as [Locale, Catalogue][];
  return entry ? { locale: entry[0], catalogue: entry[1] } : null;
}

export function provideCatalogue(locale: Locale, catalogue: Catalogue): void {
  (globalThis.__closeloopCatalogues ??= {})[locale] = catalogue;
}

/** The script that provides `locale`'s catalogue in the browser; `version` changes whenever its messages do. */
export function catalogueScriptPath(locale: Locale, version: string): string {
  return `/catalogue/${locale}?v=${version}`;
}
