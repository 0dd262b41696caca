// Display names that read as web or email addresses, generated: hosts in Latin, Arabic
// and Persian script, with schemes, "www.", userinfo and paths, their dots, colons, at
// signs and slashes swapped for Unicode lookalikes (fullwidth, small, ideographic,
// Arabic) or split by invisible characters, with names and phrases around them. And
// legitimate names in en/ar/fa that must still be accepted.
import LinkifyIt from "linkify-it";
import tlds from "tlds";

const HOSTS = [
  "example.com",
  "bank.test",
  "support.paypal.com",
  "secure-login.net",
  "mail.google.co.uk",
  "مثال.مصر",
  "پشتیبانی.ایران",
  "بنك.السعودية",
  "xn--80ak6aa92e.com",
  "192.168.1.10",
  "login.bank",
  "evil.io",
];
const SHAPES = (h: string) => [h, `www.${h}`, `http://${h}`, `https://${h}/reset`, `help@${h}`, `user:pw@${h}`, `${h}/login`, `HTTPS://${h.toUpperCase()}`];
const DOTS = [".", "\uff0e", "\u3002", "\uff61", "\ufe52", "\u2024", ".\u200b", "\u200b.", "\u200c.", ".\u2060", "\u06d4"];
const ATS = ["@", "\uff20", "\ufe6b", "@\u200b"];
const COLONS = [":", "\uff1a", "\ufe55"];
const SLASHES = ["/", "\uff0f"];
const AROUND = [
  (s: string) => s,
  (s: string) => `محمد ${s}`,
  (s: string) => `${s} علی`,
  (s: string) => `Support team ${s}`,
  (s: string) => `پشتیبانی: ${s}`,
  (s: string) => `\u202e${s}\u202c`,
  (s: string) => `${s}!`,
];

export function linkLikeNames(): string[] {
  const out = new Set<string>();
  let i = 0;
  for (const host of HOSTS) {
    for (const shape of SHAPES(host)) {
      for (const dot of DOTS) {
        // Every dot variant everywhere, and the other joints varied with it.
        const at = ATS[i % ATS.length];
        const colon = COLONS[i % COLONS.length];
        const slash = SLASHES[i % SLASHES.length];
        const wrap = AROUND[i % AROUND.length];
        i += 1;
        const name = shape.replaceAll(".", dot).replaceAll("@", at).replaceAll(":", colon).replaceAll("/", slash);
        const wrapped = wrap(name);
        if (wrapped.trim().length <= 60) out.add(wrapped);
      }
    }
  }
  return [...out];
}

export const LEGITIMATE_NAMES = [
  "J. R. Smith",
  // Dots between letters that do not end in a top-level domain.
  "St.John",
  "Jo.Ann",
  "Ana.Maria",
  "Dr.Who",
  "Node.js Fan",
  "محمد.علي",
  "Dr. Anne-Marie O'Neil",
  "Sara",
  "Mary Jane Watson-Parker",
  "Jean-Luc Picard",
  "St. John Rivers",
  "Ms. Li Na",
  "O'Brien, Conan",
  "Ada Lovelace (QA)",
  "A. B.",
  "R2 D2",
  "Zoë Ångström",
  "محمد علی",
  "د. فاطمة الزهراء",
  "عبد الله بن عمر",
  "أ. محمود درويش",
  "سارا",
  "مریم میرزاخانی",
  "علی‌رضا حسینی",
  "م. رضا",
  "نرگس ۲",
  "José María Nuñez",
  "Team Lead — Ops",
];

/** A linkifier with every current top-level domain, fuzzy links, emails and IPs: a fair model of what mail clients linkify. */
export function mailClientLinkifier() {
  return new LinkifyIt().tlds(tlds as string[], true).set({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: true });
}

const linkifier = mailClientLinkifier();

/** Links a mail client would make in `text` that do not start with `own` (the board's address). */
export function foreignLinks(text: string, own: string): string[] {
  return (linkifier.match(text) ?? []).map((m) => m.url).filter((url) => !url.startsWith(own));
}

/** Links a mail client would make in the visible text of an HTML email (tags dropped, entities read). */
export function foreignLinksInHtml(html: string, own: string): string[] {
  return foreignLinks(
    html
      .replace(/<[^>]+>/g, " ")
      .replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&"),
    own,
  );
}
