import { beforeAll, describe, expect, it } from "vitest";
import { renderEmail } from "~/emails/render.server";
import { setLinkSecret } from "~/utils/signed-links.server";
import { displayNameField } from "~/utils/validation";
import { looksLikeLinkOrAddress, unlinkable } from "~/utils/link-like";
import { foreignLinks, foreignLinksInHtml, LEGITIMATE_NAMES, linkLikeNames, mailClientLinkifier } from "../helpers/name-corpus";

const linkify = mailClientLinkifier();

describe("display names that read as links", () => {
  const names = linkLikeNames();

  it("the generated set is large and every name in it is linkified as it stands", () => {
    expect(names.length).toBeGreaterThan(400);
    // The plain-ASCII ones are the ones a client would certainly link (".test" is reserved,
    // so no client links it); the rest are lookalikes.
    expect(names.filter((n) => /^[\x20-\x7e]+$/.test(n) && !n.includes("bank.test") && !linkify.test(n))).toEqual([]);
  });

  it("refuses every generated URL- or address-like name with error.nameLooksLikeLink", () => {
    const accepted = names.filter((name) => {
      const parsed = displayNameField.safeParse(name);
      return parsed.success || parsed.error.issues[0].message !== "error.nameLooksLikeLink";
    });
    expect(accepted).toEqual([]);
  });

  it("accepts legitimate names in English, Arabic and Persian", () => {
    const refused = LEGITIMATE_NAMES.filter((name) => !displayNameField.safeParse(name).success);
    expect(refused).toEqual([]);
    expect(LEGITIMATE_NAMES.filter(looksLikeLinkOrAddress)).toEqual([]);
  });

  it("unlinkable leaves nothing a mail client could link, and legitimate names unchanged", () => {
    const stillLinks = names
      .map(unlinkable)
      .filter((text) => linkify.test(text) || /[.．。｡﹒․۔][\p{Cf}]*[\p{L}\p{N}]|[@＠﹫]|[:：﹕][\p{Cf}\s]*[/／\\]/u.test(text.replace(/\[[^\]]\]/gu, "")));
    expect(stillLinks).toEqual([]);
    expect(LEGITIMATE_NAMES.map(unlinkable)).toEqual(LEGITIMATE_NAMES);
  });
});

describe("names in emails", () => {
  const names = [...linkLikeNames(), ...LEGITIMATE_NAMES];
  // Emails carry signed links; the server loads its secret at start.
  beforeAll(() => setLinkSecret("unit-test-link-secret"));

  it.each(["en", "ar", "fa"] as const)("quotes a commenter's and the recipient's name as user content, never linkable (%s)", (locale) => {
    const problems: string[] = [];
    for (const name of names) {
      const payload = { siteName: "Test board", postId: 7, commentId: 3, title: "Export invoices", authorName: name, excerpt: "Looks good" };
      const email = renderEmail({ email: { template: "comment", payload }, locale, userId: 5, recipientName: name });
      const quoted = locale === "en" ? `“${unlinkable(name)}”` : `«${unlinkable(name)}»`;
      // Text part: the name quoted twice (greeting and comment line); no link but the board's own.
      if (email.text.split(quoted).length !== 3) problems.push(`text does not quote ${JSON.stringify(name)}`);
      const foreign = foreignLinks(email.text, "http://localhost");
      if (foreign.length) problems.push(`text links ${foreign} for ${JSON.stringify(name)}`);
      // HTML part: set apart in a marked, quoted <bdi>.
      const marked = email.html.match(/<span data-user-name=""[^>]*>[^<]*<bdi>([^<]*)<\/bdi>[^<]*<\/span>/g) ?? [];
      if (marked.length !== 2) problems.push(`html does not mark ${JSON.stringify(name)}`);
      const htmlForeign = foreignLinksInHtml(email.html, "http://localhost");
      if (htmlForeign.length) problems.push(`html links ${htmlForeign} for ${JSON.stringify(name)}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
});
