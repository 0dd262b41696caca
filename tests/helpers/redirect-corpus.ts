// A generated corpus of "come back here" paths that try to leave the site: every
// combination of dot segments, slashes and their encodings (percent-encoded, upper and
// lower case, double-encoded), backslashes, tabs, CR/LF, userinfo and "@", put in front
// of a foreign host. Shared by the unit, integration and browser tests of safeRedirectPath.

const DOTS = [".", "..", "%2e", "%2E", "%2e%2e", "%2E%2e", ".%2e", "%2e.", "%252e", "%252e%252e"];
const SLASHES = ["/", "\\", "%2f", "%2F", "%5c", "%5C", "%252f", "%255c", "/\t", "\t/", "\\\n", "\r\n/", "/ ", "\\\\"];
const NOISE = ["\t", "\n", "\r", "\r\n", " ", "@", ":", "a", "%09", "%0a", "%0d%0a", "%00"];
const TOKENS = [...DOTS, ...SLASHES, ...NOISE];
const HOSTS = (host: string) => [
  host,
  `user:pass@${host}`,
  `@${host}`,
  `${host}@board.example`,
  `${host}%2f`,
  `${host}:443/x?y=1#z`,
  `${host}\\@board.example`,
];

/** A deterministic pseudo-random generator, so a failure names an input that fails again. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Every "/" + (up to `exhaustive` tokens) + host, then `sampled` longer random
 * sequences; all start with "/" as a same-site path does, a few with several slashes.
 */
export function redirectCorpus(host = "evil.example", { exhaustive = 2, sampled = 4000, seed = 7 } = {}): string[] {
  const hosts = HOSTS(host);
  const out = new Set<string>();
  const prefixes = ["/", "//", "///", "/\\", "/./", "/../", "/a/../", "/a/b/../../", "/%2e/", "/%2e%2e/"];
  let sequences: string[] = [""];
  const all: string[] = [""];
  for (let length = 1; length <= exhaustive; length++) {
    sequences = sequences.flatMap((s) => TOKENS.map((t) => s + t));
    all.push(...sequences);
  }
  for (const prefix of prefixes) for (const s of all) for (const h of hosts) out.add(prefix + s + h);
  const random = seeded(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  for (let i = 0; i < sampled; i++) {
    const length = 3 + Math.floor(random() * 6);
    let s = pick(prefixes);
    for (let j = 0; j < length; j++) s += pick(random() < 0.5 ? [...DOTS, ...SLASHES] : TOKENS);
    out.add(s + pick(hosts));
  }
  return [...out];
}

/** An evenly spread sample of the corpus that always includes the inputs the audit named. */
export function redirectSample(host: string, size: number): string[] {
  const named = [`/./\\${host}`, `/..//${host}`, `/%2e%2e//${host}`, `/.//${host}`, `/a/..//${host}`, `/%2e/\\${host}`, `/..%2f/${host}`];
  const corpus = redirectCorpus(host);
  const step = Math.max(1, Math.floor(corpus.length / size));
  return [...new Set([...named, ...corpus.filter((_, i) => i % step === 0).slice(0, size)])];
}

/** Whether a Location header value, followed by a browser on `base`, stays on base's origin. */
export function staysOn(base: string, location: string | null): boolean {
  if (location === null) return false;
  return new URL(location, base).origin === new URL(base).origin;
}
