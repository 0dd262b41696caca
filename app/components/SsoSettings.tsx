// The single sign-on section of /admin/settings: on or off, the shared secret (with a copy
// button, and a rotate form), and how the customer's server makes a sign-in link.
import { Form } from "@remix-run/react";
import { useState } from "react";
import { Message, useT } from "./i18n";

type Props = { enabled: boolean; secret: string | null; signInUrl: string };

// Code, not prose: the same in every language (the steps around it are translated).
const snippet = (signInUrl: string) => `import { SignJWT } from "jose";
import crypto from "node:crypto";

const secret = new TextEncoder().encode(process.env.CLOSELOOP_SSO_SECRET);

export async function closeloopSignInLink(user, redirectTo = "/") {
  const token = await new SignJWT({
    email: user.email,
    name: user.name,
    avatarUrl: user.avatarUrl,
    company: user.company.name,
    monthlySpend: user.company.monthlySpend,
  })
    .setProtectedHeader({ alg: "HS256" })
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(secret);
  return "${signInUrl}?" + new URLSearchParams({ token, redirectTo });
}`;

export function SsoSettings({ enabled, secret, signInUrl }: Props) {
  const t = useT();
  return (
    <section className="card space-y-4 p-5" aria-labelledby="sso-heading" data-testid="sso-settings">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="sso-heading" className="text-lg font-semibold">
          {t("admin.sso.heading")}
        </h2>
        <span className={`badge ${enabled ? "border-ok/60 text-ok" : "border-line text-muted"}`} data-testid="sso-state">
          {enabled ? t("admin.sso.on") : t("admin.sso.off")}
        </span>
      </div>
      <p className="text-sm text-muted">{t("admin.sso.intro")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="ssoEnabled" />
        <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
        <button type="submit" className={enabled ? "btn" : "btn btn-primary"}>
          {enabled ? t("admin.sso.disable") : t("admin.sso.enable")}
        </button>
      </Form>
      {secret ? <SecretField secret={secret} /> : null}
      {secret ? <RotateForm /> : null}
      <HowTo signInUrl={signInUrl} />
    </section>
  );
}

/** The secret, selectable without JavaScript; with it, a button copies it. */
function SecretField({ secret }: { secret: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-1">
      <label htmlFor="sso-secret" className="block text-sm font-medium">
        {t("admin.sso.secret")}
      </label>
      <div className="flex gap-2">
        <input
          id="sso-secret"
          readOnly
          value={secret}
          className="input min-w-0 font-mono text-sm"
          dir="ltr"
          aria-describedby="sso-secret-hint"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="btn shrink-0"
          onClick={() => {
            navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {t("admin.sso.copy")}
        </button>
      </div>
      <p id="sso-secret-hint" className="text-xs text-muted">
        {t("admin.sso.secretHint")}
      </p>
      <p role="status" className="text-xs text-ok">
        {copied ? t("admin.sso.copied") : ""}
      </p>
    </div>
  );
}

function RotateForm() {
  const t = useT();
  return (
    <Form
      method="post"
      onSubmit={(e) => {
        if (!confirm(t("admin.sso.rotateConfirm"))) e.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value="ssoRotate" />
      <button type="submit" className="btn">
        {t("admin.sso.rotate")}
      </button>
    </Form>
  );
}

function HowTo({ signInUrl }: { signInUrl: string }) {
  const t = useT();
  return (
    <div className="space-y-2">
      <h3 className="font-semibold">{t("admin.sso.howToHeading")}</h3>
      <ol className="list-decimal space-y-1 ps-6 text-sm">
        <li>
          <Message id="admin.sso.step.secret" values={{ envVar: "CLOSELOOP_SSO_SECRET" }} />
        </li>
        <li>
          <Message id="admin.sso.step.sign" values={{ jti: "jti" }} />
        </li>
        <li>{t("admin.sso.step.link")}</li>
      </ol>
      <figure className="space-y-1">
        <figcaption className="text-xs text-muted">{t("admin.sso.snippetLabel")}</figcaption>
        <pre className="whitespace-pre-wrap rounded-md bg-canvas p-3 text-xs [overflow-wrap:anywhere]" dir="ltr">
          <code>{snippet(signInUrl)}</code>
        </pre>
      </figure>
      <p className="text-sm">
        <Message id="admin.sso.urlFormat" values={{ param: "redirectTo" }} />
      </p>
      <p className="rounded-md bg-canvas p-2 font-mono text-xs [overflow-wrap:anywhere]" dir="ltr" data-testid="sso-url-format">
        {`${signInUrl}?token=<JWT>&redirectTo=/b/feedback`}
      </p>
      <p className="text-sm text-muted">
        <Message id="admin.sso.limits" values={{ doc: "docs/sso.md" }} />
      </p>
    </div>
  );
}
