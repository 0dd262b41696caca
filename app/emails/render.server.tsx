// Every email's layout: subject, HTML and text, in the recipient's language and
// direction. Each template (templates/*) gives the content; this adds the greeting, the
// footer and the unsubscribe links. React renders the HTML, so every value is escaped;
// the only raw HTML is markdown that was sanitised when it was written.
import { LRUCache } from "lru-cache";
import { renderToStaticMarkup } from "react-dom/server";
import type { Locale } from "~/db/schema";
import { directionOf, type Translate } from "~/i18n";
import { translator } from "~/i18n/catalogues.server";
import { plainTextOf } from "~/utils/html-text.mjs";
import { unlinkable } from "~/utils/link-like";
import { publicUrl, signLink } from "~/utils/signed-links.server";
import { INERT_TOKEN, NAME_SLOT, namedLine, type EmailContent, type EmailSection, type Line, type Link, type NamedLine } from "./content";
import { contentOf, type OutboxEmail } from "./templates";

export type RenderedEmail = { subject: string; html: string; text: string; headers: Record<string, string> };
/**
 * `email` is an outbox row read through safeParseEmail. `inert`: for the staff preview.
 * Every link that acts without a login (CSAT answers, unsubscribe, sign-up and
 * password-reset links) points at a dead token instead, so the preview holds no working
 * signed link for any recipient (safeParseEmail has already replaced the link tokens).
 */
export type EmailInput = { email: OutboxEmail; locale: Locale; userId: number; recipientName: string; inert?: boolean };

function lineText(line: Line, t: Translate): string {
  if (typeof line === "string") return line;
  if ("user" in line) return line.user;
  return line.before + t("email.quotedName", { name: unlinkable(line.name) }) + line.after;
}

function LineHtml({ line, t }: { line: NamedLine | string; t: Translate }) {
  if (typeof line === "string") return <>{line}</>;
  const [open, close = ""] = t("email.quotedName", { name: NAME_SLOT }).split(NAME_SLOT);
  return (
    <>
      {line.before}
      <span data-user-name="" style={{ background: "#f1f0ec", borderInlineStart: "3px solid #8a8f98", padding: "0 4px", fontStyle: "italic" }}>
        {open}
        <bdi>{unlinkable(line.name)}</bdi>
        {close}
      </span>
      {line.after}
    </>
  );
}

/** A link that answers in one click ("Did this solve it?", a survey's score), drawn as a button. */
const ONE_CLICK_LINK = { border: "1px solid #2563eb", borderRadius: "6px", color: "#2563eb", textDecoration: "none" } as const;
/** A line of the board's own words, or a block someone wrote (its own direction, set apart). */
function LineBlock({ line, t }: { line: Line; t: Translate }) {
  return typeof line === "object" && "user" in line ? (
    <p dir="auto" data-user-text="" style={{ overflowWrap: "anywhere" }}>
      {line.user}
    </p>
  ) : (
    <p>
      <LineHtml line={line} t={t} />
    </p>
  );
}

function SectionHtml({ section, t }: { section: EmailSection; t: Translate }) {
  return (
    <div data-section="" style={{ borderTop: "1px solid #dfddd6", marginTop: "16px", paddingTop: "8px" }}>
      <h2 style={{ fontSize: "16px", margin: "8px 0" }}>{section.heading}</h2>
      {section.lines.map((line, i) =>
        typeof line === "object" && "user" in line ? (
          <blockquote
            key={i}
            dir="auto"
            data-user-text=""
            style={{ margin: "0 0 12px", borderInlineStart: "3px solid #8a8f98", paddingInlineStart: "10px", fontStyle: "italic", overflowWrap: "anywhere" }}
          >
            {line.user}
          </blockquote>
        ) : (
          <p key={i} style={{ margin: "4px 0" }}>
            <LineHtml line={line} t={t} />
          </p>
        ),
      )}
      {section.items.length > 0 ? (
        <ul style={{ paddingInlineStart: "20px", margin: "4px 0" }}>
          {section.items.map((item, i) => (
            <li key={i} style={{ margin: "2px 0" }}>
              <a href={item.href} dir="auto" style={{ color: "#2563eb", overflowWrap: "anywhere" }}>
                {item.label}
              </a>
              {item.note ? <span style={{ color: "#5c626b" }}> · {item.note}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function EmailDocument({
  locale,
  body,
  t,
  greeting,
  footer,
  unsubscribe,
}: {
  locale: Locale;
  body: EmailContent;
  t: Translate;
  greeting?: NamedLine;
  footer: string;
  unsubscribe: Link[];
}) {
  const dir = directionOf(locale);
  const align = dir === "rtl" ? "right" : "left";
  return (
    <html lang={locale} dir={dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width" />
        <title>{body.subject}</title>
      </head>
      <body
        dir={dir}
        style={{
          margin: 0,
          padding: "24px",
          background: "#f8f7f4",
          fontFamily: "system-ui, 'Noto Sans Arabic', Tahoma, sans-serif",
          color: "#1c1e21",
          textAlign: align,
        }}
      >
        <div style={{ maxWidth: "560px", margin: "0 auto", background: "#ffffff", borderRadius: "8px", padding: "24px" }}>
          {greeting ? (
            <p>
              <LineHtml line={greeting} t={t} />
            </p>
          ) : null}
          <h1 dir="auto" style={{ fontSize: "20px", overflowWrap: "anywhere", wordBreak: "break-word" }}>
            {body.heading}
          </h1>
          {/* The board's own sentences follow the email's direction; only what someone wrote takes its own. */}
          {body.lines.map((line, i) => (
            <LineBlock key={i} line={line} t={t} />
          ))}
          {body.html ? (
            <div style={{ borderInlineStart: "4px solid #15803d", paddingInlineStart: "12px", margin: "16px 0" }}>
              <p style={{ fontWeight: 600, margin: "0 0 8px" }}>{t("email.releaseNote")}</p>
              <div dangerouslySetInnerHTML={{ __html: body.html }} />
            </div>
          ) : null}
          {body.sections?.map((section, i) => (
            <SectionHtml key={i} section={section} t={t} />
          ))}
          <ul style={{ paddingInlineStart: "20px" }}>
            {body.links.map((link) => (
              <li key={link.href}>
                <a href={link.href} dir="auto" style={{ color: "#2563eb" }}>
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
          {body.csat ? (
            <div data-csat="" style={{ borderTop: "1px solid #dfddd6", marginTop: "16px", paddingTop: "16px" }}>
              <p style={{ fontWeight: 600 }}>{t("csat.question")}</p>
              <p>
                {body.csat.map((link) => (
                  <a key={link.href} href={link.href} style={{ ...ONE_CLICK_LINK, display: "inline-block", margin: "0 4px 4px 0", padding: "8px 16px" }}>
                    {link.label}
                  </a>
                ))}
              </p>
            </div>
          ) : null}
          {body.scale ? <ScoreRow scale={body.scale} dir={dir} /> : null}
        </div>
        <p style={{ maxWidth: "560px", margin: "16px auto 0", fontSize: "12px", color: "#5c626b" }}>
          {footer}{" "}
          {unsubscribe.map((link, i) => (
            <span key={link.href}>
              {i > 0 ? " · " : null}
              <a href={link.href} style={{ color: "#5c626b" }}>
                {link.label}
              </a>
            </span>
          ))}
        </p>
      </body>
    </html>
  );
}

/**
 * A survey's score links as one row of cells (a table: mail clients keep it on one line
 * and in order), lowest score at the start of the line, so it runs right to left in
 * Arabic and Persian; under it, what the two ends mean.
 */
function ScoreRow({ scale, dir }: { scale: NonNullable<EmailContent["scale"]>; dir: "ltr" | "rtl" }) {
  const start = dir === "rtl" ? "right" : "left";
  const end = dir === "rtl" ? "left" : "right";
  return (
    <div data-survey-scale="" style={{ borderTop: "1px solid #dfddd6", marginTop: "16px", paddingTop: "16px" }}>
      <table role="presentation" dir={dir} cellPadding={0} cellSpacing={0} style={{ width: "100%", borderCollapse: "separate", borderSpacing: "3px" }}>
        <tbody>
          <tr>
            {scale.links.map((link) => (
              <td key={link.href} style={{ textAlign: "center" }}>
                <a href={link.href} style={{ ...ONE_CLICK_LINK, display: "block", padding: "10px 0", fontWeight: 600 }}>
                  {link.label}
                </a>
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <table role="presentation" dir={dir} cellPadding={0} cellSpacing={0} style={{ width: "100%", fontSize: "12px", color: "#5c626b" }}>
        <tbody>
          <tr>
            <td style={{ textAlign: start }}>{scale.low}</td>
            <td style={{ textAlign: end }}>{scale.high}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

// A notice goes to every follower with the same release note; its text part is made
// by parsing its HTML, so it is made once per note, not once per recipient.
const releaseNoteTexts = new LRUCache<string, string>({ max: 200 });

function releaseNoteText(html: string): string {
  let text = releaseNoteTexts.get(html);
  if (text === undefined) releaseNoteTexts.set(html, (text = plainTextOf(html)));
  return text;
}

const sectionText =
  (t: Translate) =>
  (section: EmailSection): string[] => [
    "",
    section.heading,
    ...section.lines.map((line) => lineText(line, t)),
    ...section.items.map((item) => `- ${item.label}${item.note ? ` · ${item.note}` : ""}: ${item.href}`),
  ];

export function renderEmail(input: EmailInput): RenderedEmail {
  const t = translator(input.locale);
  const sign: typeof signLink = input.inert ? () => INERT_TOKEN : signLink;
  const body = contentOf(input.email, { t, sign, userId: input.userId, locale: input.locale });
  const unsubscribeAll = `${publicUrl()}/unsubscribe/${sign({ purpose: "unsubscribe-all", postId: 0, userId: input.userId })}`;
  const unsubscribe: Link[] = body.optOut ? [body.optOut] : [];
  if (body.postId && !body.account) {
    unsubscribe.push({
      href: `${publicUrl()}/unsubscribe/${sign({ purpose: "unsubscribe-post", postId: body.postId, userId: input.userId })}`,
      label: t("email.unsubscribePost"),
    });
  }
  if (!body.account) unsubscribe.push({ href: unsubscribeAll, label: t("email.unsubscribeAll") });
  const footer = t(body.account ?? body.footer ?? "email.footer");
  // Before the address is proven the account's name is a placeholder, so account
  // emails do not greet anyone by it.
  const greeting = body.account ? undefined : namedLine(t, "email.greeting", input.recipientName);
  const html =
    "<!DOCTYPE html>" +
    renderToStaticMarkup(<EmailDocument locale={input.locale} body={body} t={t} greeting={greeting} footer={footer} unsubscribe={unsubscribe} />);
  const text = [
    ...(greeting ? [lineText(greeting, t), ""] : []),
    body.heading,
    ...body.lines.map((line) => lineText(line, t)),
    body.html ? `\n${t("email.releaseNote")}\n${releaseNoteText(body.html)}` : "",
    "",
    ...(body.sections ?? []).flatMap(sectionText(t)),
    ...body.links.map((l) => `${l.label}: ${l.href}`),
    ...(body.csat ? ["", t("csat.question"), ...body.csat.map((l) => `${l.label}: ${l.href}`)] : []),
    ...(body.scale
      ? [
          "",
          `${body.scale.links[0].label} = ${body.scale.low}, ${body.scale.links.at(-1)!.label} = ${body.scale.high}`,
          ...body.scale.links.map((l) => `${l.label}: ${l.href}`),
        ]
      : []),
    "",
    footer,
    ...unsubscribe.map((l) => `${l.label}: ${l.href}`),
  ].join("\n");
  return {
    subject: body.subject,
    html,
    text,
    headers: body.account
      ? {}
      : {
          // RFC 8058: mail clients show an unsubscribe button that POSTs here, no login needed.
          "List-Unsubscribe": `<${unsubscribeAll}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
  };
}
