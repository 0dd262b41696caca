import { useState } from "react";
import { useT } from "./i18n";

/**
 * A link to an anchor on this page. Without JavaScript it is a plain link (the address
 * bar then holds the URL to share); with it, it also copies that URL and says so.
 */
export function CopyLink({ hash }: { hash: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <>
      <a
        href={`#${hash}`}
        className="text-muted underline-offset-2 hover:underline"
        onClick={(event) => {
          if (!navigator.clipboard) return;
          event.preventDefault();
          const url = new URL(window.location.href);
          url.hash = hash;
          window.history.replaceState(window.history.state, "", url);
          navigator.clipboard.writeText(url.toString()).then(
            () => {
              setCopied(true);
              setTimeout(() => setCopied(false), 2_000);
            },
            () => undefined,
          );
        }}
      >
        {t("comments.copyLink")}
      </a>
      <span role="status" className="text-muted">
        {copied ? t("comments.linkCopied") : ""}
      </span>
    </>
  );
}
