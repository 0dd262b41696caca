// Names people choose are shown in emails sent from the board's address. A name that
// reads as a web address or an email address ("support.example.com", "www．bank．test",
// "http://…", "help@…") would be phishing text in the board's voice, and mail clients
// turn such text into a live link. Shared by validation (refuse such names) and the
// email renderer (break the patterns in names stored before the rule).

import tlds from "tlds";

// Characters that read as a dot in a host name: NFKC maps the fullwidth, small and
// one-dot-leader forms to "."; these it leaves alone, though IDNA (and so a browser)
// treats the ideographic ones as dots, and the Arabic ones look like one.
const DOT_LOOKALIKES = /[\u3002\uff61\u06d4\u066b\u2e33\u0701\u0702]/gu;
// Invisible characters that could sit inside "example.com" without changing how it reads:
// format characters (zero-width space and joiners, bidi controls, soft hyphen).
const INVISIBLE = /[\p{Cf}\u034f\u115f\u1160\u3164\uffa0]/gu;

function comparable(text: string): string {
  return text.normalize("NFKC").replace(INVISIBLE, "").replace(DOT_LOOKALIKES, ".").toLowerCase();
}

const LINK_LIKE = [
  /:\s*[/\\]/u, // a scheme: "http://", "https:\\"
  /\bwww\s*\./u, // "www." even without a scheme
  /@/u, // an email address, or userinfo in a URL
  /[\p{L}\p{N}_-]\.xn--/u, // a punycode top-level domain
  /\d+\.\d+\.\d+\.\d+/u, // an IPv4 address
];

// "word.tld" reads as a host only when the tld is one: every delegated top-level domain
// (the IANA list, in every script: "com", "io", "مصر", "ایران") and the reserved ones
// people meet in examples. "St.John", "Jo.Ann", "Node.js" and "محمد.علي" are names.
const TOP_LEVEL_DOMAINS = new Set([...(tlds as string[]), "test", "example", "invalid", "localhost", "local", "onion"]);
const DOTTED_LABEL = /(?<=[\p{L}\p{N}_-])\.([\p{L}\p{M}\p{N}-]+)/gu;

function endsInTopLevelDomain(text: string): boolean {
  for (const [, label] of text.matchAll(DOTTED_LABEL)) if (TOP_LEVEL_DOMAINS.has(label)) return true;
  return false;
}

/** Whether a name reads as a web or email address (after lookalikes are folded). */
export function looksLikeLinkOrAddress(name: string): boolean {
  const text = comparable(name);
  return LINK_LIKE.some((pattern) => pattern.test(text)) || endsInTopLevelDomain(text);
}

// Everything a linkifier could use as a dot, colon or at sign (ASCII, fullwidth, small).
const DOTS = ".\uff0e\ufe52\u2024\u3002\uff61\u06d4\u066b\u2e33";
const BETWEEN_WORD_CHARACTERS = new RegExp(`(?<=[\\p{L}\\p{N}_-][\\p{Cf}]*)([${DOTS}])(?=[\\p{Cf}]*[\\p{L}\\p{N}])`, "gu");
const SCHEME_COLON = /([:\uff1a\ufe55])(?=[\p{Cf}\s]*[/\\\uff0f\uff3c])/gu;
const AT_SIGNS = /([@\uff20\ufe6b])/gu;

/**
 * The text with every URL- or address-like joint bracketed ("example[.]com",
 * "http[:]//", "help[@]bank"), so no mail client can make a link of it. Dots followed
 * by a space ("J. R. Smith"), and names that read as no address, are left as they are.
 */
export function unlinkable(text: string): string {
  // A name that reads as no address ("St.John") is left exactly as its owner wrote it.
  if (!looksLikeLinkOrAddress(text)) return text;
  return text.replace(BETWEEN_WORD_CHARACTERS, "[$1]").replace(SCHEME_COLON, "[$1]").replace(AT_SIGNS, "[$1]");
}
