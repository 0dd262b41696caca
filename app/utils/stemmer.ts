// Light stemming for search (ADR 017). It works on a token already folded by
// text-normalize (letters unified, harakat and ZWNJ gone, the article dropped), and is
// applied the same way when a post is indexed and when a query is typed, so only the
// question "do two spellings of one word reach the same stem?" matters, not whether the
// stem is a real word. Conservative on purpose: a stem never drops below three letters,
// single-letter prefixes other than و are left alone (ب, ف, ك, ل begin too many nouns:
// كتاب, فاتوره, بحث), and one wrong stem only costs precision if it collides with
// another word's stem.

const ARABIC_SCRIPT = /^[\u0600-\u06FF]+$/;
const MIN_STEM = 3;

// Compound proclitics in front of the article, beyond the ones folding already drops
// (ال, وال, بال, كال, فال, لل).
const COMPOUND_PROCLITICS = ["وبال", "وكال", "فبال", "ولل", "فلل"];

// Longest first. ات, ون, ين: sound plurals; ان: the Arabic dual and the Persian plural;
// ها, هاي: the Persian plural (كتاب‌ها, گزارش‌های, the ZWNJ already folded away) and the
// Arabic "her/its"; هم, كم, نا: possessive pronouns; ه: teh marbuta (folded to ه) and "his".
const SUFFIXES = ["هاي", "ات", "ون", "ين", "ان", "ها", "هم", "كم", "نا", "ه"];
// A final ي (Persian ی: ایمیلی, the Arabic nisba, "my") only from longer words: عربي stays.
const YEH = "\u064A";
const MIN_WORD_FOR_YEH = 5;

/** The stem of one folded token; Latin words lose a plural "s", other scripts are left alone. */
export function stemToken(token: string): string {
  if (ARABIC_SCRIPT.test(token)) return stemArabicScript(token);
  if (/^[a-z]+$/.test(token)) return stemEnglishPlural(token);
  return token;
}

function stemArabicScript(token: string): string {
  let word = token;
  const compound = COMPOUND_PROCLITICS.find((p) => word.startsWith(p) && word.length - p.length >= 2);
  if (compound) word = word.slice(compound.length);
  // "و" (and) written onto the next word: only when at least four letters remain, since
  // وقت, وضع, ورود begin with a و of their own.
  else if (word.startsWith("و") && word.length - 1 >= 4) word = word.slice(1);
  // Up to two suffixes: تحسينات → تحسين → تحس, so the singular تحسين meets it.
  for (let pass = 0; pass < 2; pass++) {
    const next = withoutSuffix(word);
    if (next === word) break;
    word = next;
  }
  return singularOfBrokenPlural(word);
}

function withoutSuffix(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= MIN_STEM) return word.slice(0, -suffix.length);
  }
  if (word.endsWith(YEH) && word.length >= MIN_WORD_FOR_YEH) return word.slice(0, -1);
  return word;
}

/**
 * The two commonest broken-plural patterns, فواعل → فاعل (هواتف → هاتف, شوارع → شارع)
 * and فواعيل → فاعول (فواتير → فاتور, the stem of فاتورة). Other broken plurals
 * (تقارير, مشاريع, اجهزه) are not covered.
 */
function singularOfBrokenPlural(word: string): string {
  if (word.length === 5 && word[1] === "و" && word[2] === "ا") return word[0] + "ا" + word.slice(3);
  if (word.length === 6 && word[1] === "و" && word[2] === "ا" && word[4] === YEH) return word[0] + "ا" + word[3] + "و" + word[5];
  return word;
}

// exports → export, categories → category; "ss", "us", "is" endings (process, status,
// analysis) and words of four letters or fewer (news, bus) keep theirs.
function stemEnglishPlural(word: string): string {
  if (word.length < 5 || !word.endsWith("s") || /(?:ss|us|is)$/.test(word)) return word;
  if (word.endsWith("ies")) return word.slice(0, -3) + "y";
  return word.slice(0, -1);
}
