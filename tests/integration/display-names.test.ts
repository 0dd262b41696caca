// Display names that read as links: refused at sign-up with a message by the field (in
// en/ar/fa), and names stored before that rule reach inboxes quoted and unlinkable,
// checked on the emails a real SMTP server received.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate } from "~/i18n/catalogues.server";
import { updateEmailPreferences } from "~/models/users.server";
import { action as signupAction } from "~/routes/signup";
import { addComment } from "~/services/comments.server";
import { unlinkable } from "~/utils/link-like";
import { ACCOUNT_EMAILS_PUBLIC_URL, clientsUnder, deliveredTo, startSiteWithEmail } from "../helpers/account-requests";
import { createUser, makeRequest } from "../helpers/factories";
import { foreignLinks, foreignLinksInHtml, LEGITIMATE_NAMES, linkLikeNames } from "../helpers/name-corpus";

const call = clientsUnder("100.64");
let site: Awaited<ReturnType<typeof startSiteWithEmail>>;

beforeAll(async () => {
  site = await startSiteWithEmail();
});
afterAll(() => site?.stop());

describe("sign-up refuses link-like names", () => {
  it.each(["en", "ar", "fa"] as const)("answers 400 with the message by the name field, keeping what was typed (%s)", async (locale) => {
    for (const displayName of linkLikeNames().filter((_, i) => i % 40 === 0)) {
      const form = { displayName, email: "nora@example.test", password: "a long enough passphrase" };
      const answer = await call(signupAction, makeRequest("/signup", { form, headers: { cookie: `closeloop_locale=${locale}`, "accept-language": locale } }));
      expect(answer.status, displayName).toBe(400);
      expect(answer.data).toMatchObject({ error: { displayName: ["error.nameLooksLikeLink"] }, initialValue: { displayName, email: "nora@example.test" } });
    }
    expect(translate(locale, "error.nameLooksLikeLink")).not.toBe("error.nameLooksLikeLink");
  });

  it("accepts legitimate names in en/ar/fa", async () => {
    for (const [i, displayName] of LEGITIMATE_NAMES.entries()) {
      const form = { displayName, email: `legit${i}@example.test`, password: "a long enough passphrase" };
      const answer = await call(signupAction, makeRequest("/signup", { form }));
      expect(answer.status, displayName).toBe(200);
      expect(answer.data).toMatchObject({ confirmationSentTo: `legit${i}@example.test` });
    }
  });
});

describe("names in emails over SMTP", () => {
  it("a commenter's name stored before the rule arrives quoted, in a marked <bdi>, and no client can link it", async () => {
    const names = [...linkLikeNames().filter((_, i) => i % 25 === 0), "J. R. Smith", "محمد علی"];
    updateEmailPreferences(site.admin.id, { emailOnStatus: true, emailOnComment: true });
    for (const name of names) {
      const author = await createUser({ displayName: name });
      const result = await addComment(site.postId, { body: "See the new export" }, author);
      expect(result.ok).toBe(true);
    }
    const mails = await deliveredTo(site.sink, site.admin.email);
    const problems: string[] = [];
    for (const name of names) {
      const mail = mails.find((m) => (m.text ?? "").includes(`“${unlinkable(name)}”`));
      if (!mail) {
        problems.push(`no email quotes ${JSON.stringify(name)}`);
        continue;
      }
      const foreign = foreignLinks(mail.text ?? "", ACCOUNT_EMAILS_PUBLIC_URL);
      if (foreign.length) problems.push(`text links ${foreign}`);
      const html = String(mail.html);
      if (!/<span data-user-name=""[^>]*>“<bdi>[^<]*<\/bdi>”<\/span> commented/.test(html)) problems.push(`html does not mark ${JSON.stringify(name)}`);
      const htmlForeign = foreignLinksInHtml(html, ACCOUNT_EMAILS_PUBLIC_URL);
      if (htmlForeign.length) problems.push(`html links ${htmlForeign}`);
    }
    expect(problems).toEqual([]);
  });
});
