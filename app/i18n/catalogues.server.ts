// The catalogues, on the server only: emails, feeds and error pages translate with them, and
// the browser loads the one it needs as a script of its own (catalogueScript, routes/catalogue.$locale.ts),
// so a page downloads one language, not all three, and only once.
import { createHash } from "node:crypto";
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

const scripts = new Map<Locale, { version: string; body: string }>();

/** `locale`'s catalogue as a script that provides it (loaded.ts), and a version that changes with its messages. */
export function catalogueScript(locale: Locale): { version: string; body: string } {
  let script = scripts.get(locale);
  if (!script) {
    // JSON is JavaScript; the file is served on its own, so no "</script>" inside a message can end it early.
    const json = JSON.stringify(catalogueFor(locale));
    const body = `(globalThis.__closeloopCatalogues ??= {})[${JSON.stringify(locale)}] = ${json};\n`;
    scripts.set(locale, (script = { version: createHash("sha256").update(body).digest("base64url").slice(0, 12), body }));
  }
  return script;
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
