// /changelog.rss: the published changelog as an RSS 2.0 feed.
import { translate } from "~/i18n/catalogues.server";
import { escapeHtml } from "~/utils/html-text.mjs";
import { listChangelog } from "~/services/changelog.server";
import { publicUrl } from "~/utils/signed-links.server";
import { getSiteSettings } from "~/services/site.server";

// Characters XML 1.0 forbids outright (C0 controls other than tab/LF/CR, lone surrogates,
// U+FFFE/U+FFFF): escaping cannot save them, so they are dropped.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: XML 1.0 forbids them
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for an element or a quoted attribute: the HTML escape serves XML as well (numeric references). */
function xmlText(value: string): string {
  return escapeHtml(value.replace(NOT_XML_CHAR, ""));
}

/** A CDATA section; a "]]>" inside is split across two sections so it cannot close it early. */
function cdata(value: string): string {
  return `<![CDATA[${value.replace(NOT_XML_CHAR, "").replace(/\]\]>/g, "]]]]><![CDATA[>")}]]>`;
}

/** Feed readers do not resolve links against the site, so site-relative links become absolute. */
function absoluteLinks(html: string, base: string): string {
  return html.replace(/(\s(?:href|src)=")\/(?!\/)/g, `$1${base}/`);
}

export async function loader() {
  const site = getSiteSettings();
  const base = publicUrl();
  const entries = listChangelog(false);
  const pageUrl = `${base}/changelog`;
  const newest = entries[0]?.publishedAt;

  const items = entries.map((entry) =>
    [
      "    <item>",
      `      <title>${xmlText(entry.title)}</title>`,
      `      <link>${xmlText(`${pageUrl}#entry-${entry.id}`)}</link>`,
      `      <guid isPermaLink="false">closeloop-changelog-${entry.id}</guid>`,
      entry.publishedAt ? `      <pubDate>${new Date(entry.publishedAt).toUTCString()}</pubDate>` : null,
      `      <description>${cdata(absoluteLinks(entry.bodyHtml, base))}</description>`,
      "    </item>",
    ]
      .filter((line) => line !== null)
      .join("\n"),
  );

  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    "  <channel>",
    `    <title>${xmlText(site.siteName)}</title>`,
    `    <link>${xmlText(pageUrl)}</link>`,
    `    <description>${xmlText(translate(site.defaultLocale, "changelog.feedDescription", { site: site.siteName }))}</description>`,
    `    <language>${site.defaultLocale}</language>`,
    `    <atom:link href="${xmlText(`${base}/changelog.rss`)}" rel="self" type="application/rss+xml"/>`,
    newest ? `    <lastBuildDate>${new Date(newest).toUTCString()}</lastBuildDate>` : null,
    ...items,
    "  </channel>",
    "</rss>",
    "",
  ]
    .filter((line) => line !== null)
    .join("\n");

  return new Response(xml, {
    headers: {
      "Content-Type": "application/rss+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    },
  });
}
