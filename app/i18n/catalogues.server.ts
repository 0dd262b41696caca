// The catalogues, on the server only: emails, feeds and error pages translate with them, and
// the root loader sends the browser the one it needs (catalogueFor), so a page downloads one
// language, not all three.
import { ar } from "./ar";
import { en } from "./en";
import { fa } from "./fa";
import { translateFrom, translatorFor, type Catalogue, type Locale, type MessageKey, type MessageVars, type Translate } from "./index";

const own: Record<Locale, Partial<Catalogue>> = { en, ar, fa };
const merged = new Map<Locale, Catalogue>();

/** Every message in `locale`: its own entries over English, so a key it still lacks shows in English. */
export function catalogueFor(locale: Locale): Catalogue {
  let catalogue = merged.get(locale);
  if (!catalogue) merged.set(locale, (catalogue = { ...en, ...own[locale] }));
  return catalogue;
}

export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  return translateFrom(catalogueFor(locale), locale, key, vars);
}

export function translator(locale: Locale): Translate {
  return translatorFor(locale, catalogueFor(locale));
}

export function missingKeys(locale: Locale): string[] {
  return Object.keys(en).filter((k) => !(k in own[locale]));
}
