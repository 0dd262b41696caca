// The admin's API keys (issue 14): create a key with a name and a scope, see it once,
// and revoke it. A key acts as the admin who made it (services/api-keys.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { Field, FormError, RadioField } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { useHydrated } from "~/components/useHydrated";
import { API_SCOPES } from "~/db/enums";
import { newApiKeySchema, revokeApiKeySchema } from "~/schemas/api-keys";
import { apiKeysForAdmin, createApiKey, revokeApiKey } from "~/services/api-keys.server";
import { requireAdmin } from "~/services/guards.server";
import { readForm } from "~/utils/forms.server";
import { intent, runIntent } from "~/utils/intents.server";
import { ok } from "~/utils/result";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return {
    keys: apiKeysForAdmin().map(({ id, name, scope, keyPrefix, createdAt, lastUsedAt, revokedAt }) => ({
      id,
      name,
      scope,
      keyPrefix,
      createdAt,
      lastUsedAt,
      revokedAt,
    })),
  };
}

type Ctx = { request: Request };
const asAdmin = ({ request }: Ctx) => requireAdmin(request);
const intents = {
  create: intent({ schema: newApiKeySchema, authorise: asAdmin, run: (input, admin) => ok(createApiKey(input, admin)) }),
  revoke: intent({ schema: revokeApiKeySchema, authorise: asAdmin, run: ({ keyId }) => revokeApiKey(keyId) }),
};

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const ran = await runIntent(await readForm(request), intents, { request });
  if (!ran.ok) return ran.rejected;
  if (ran.outcome.intent === "create") {
    const created: ReturnType<typeof createApiKey> = ran.outcome.value;
    // The secret is in this one answer and nowhere else (only its hash is stored): no
    // redirect to a page that could show it again, and no cache may keep it.
    return data({ created: { name: created.row.name, key: created.key } }, { headers: { "cache-control": "no-store" } });
  }
  return redirect("/admin/api");
}

function CopyButton({ text }: { text: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn text-sm"
      onClick={() => {
        void navigator.clipboard.writeText(text).then(() => setCopied(true));
      }}
    >
      <span aria-live="polite">{copied ? t("apiKeys.copied") : t("apiKeys.copy")}</span>
    </button>
  );
}

/** The new key, shown this once: plain selectable text without JavaScript, with a copy button once hydrated. */
function NewKey({ name, secret }: { name: string; secret: string }) {
  const t = useT();
  const hydrated = useHydrated();
  return (
    <section role="status" className="card space-y-3 border-ok/40 bg-ok/10 p-5" aria-labelledby="new-key-heading" data-testid="new-api-key">
      <h2 id="new-key-heading" className="font-semibold">
        {t("apiKeys.created", { name })}
      </h2>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="api-key" className="sr-only">
          {t("apiKeys.newKey")}
        </label>
        <output
          id="api-key"
          name="api-key"
          dir="ltr"
          className="min-w-0 flex-1 select-all break-all rounded-md border border-line bg-surface px-3 py-2 font-mono text-sm"
        >
          {secret}
        </output>
        {hydrated ? <CopyButton text={secret} /> : null}
      </div>
      <p className="text-sm">{t("apiKeys.usage")}</p>
      <pre dir="ltr" className="whitespace-pre-wrap break-all rounded-md border border-line bg-surface px-3 py-2 text-start text-xs">
        <code>Authorization: Bearer {secret}</code>
      </pre>
    </section>
  );
}

export default function ApiKeys() {
  const t = useT();
  const format = useFormat();
  const { keys } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const created = answer && "created" in answer ? answer.created : null;
  const rejected = answer && "intent" in answer ? answer : null;
  const [form, fields] = useSchemaForm(newApiKeySchema, rejected?.intent === "create" ? rejected.reply : undefined);
  const scope = typedValue(fields.scope.initialValue) ?? "read";
  // Revoke is a button with no fields: what it can fail with is said above the page.
  const pageError = rejected && rejected.intent !== "create" ? firstError(rejected.reply.error?.[""]) : undefined;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{t("apiKeys.heading")}</h1>
        <p className="text-muted">{t("apiKeys.intro")}</p>
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <a href="/api/docs">{t("apiKeys.docs")}</a>
          <a href="/api/openapi.json" dir="ltr">
            {t("apiKeys.openapi")}
          </a>
        </p>
      </div>
      <FormError error={pageError} />
      {created ? <NewKey name={created.name} secret={created.key} /> : null}

      {/* Keyed by the list's length: after a key is made, the form starts empty again. */}
      <Form
        key={keys.length}
        method="post"
        id={form.id}
        onSubmit={form.onSubmit}
        className="card space-y-4 p-5"
        noValidate
        aria-labelledby="new-key-form-heading"
      >
        <h2 id="new-key-form-heading" className="text-lg font-semibold">
          {t("apiKeys.createHeading")}
        </h2>
        <input type="hidden" name="intent" value="create" />
        <FormError id={form.errorId} error={firstError(form.errors)} />
        <Field name="name" label={t("apiKeys.name")} hint={t("apiKeys.nameHint")} error={firstError(fields.name.errors)}>
          {(p) => <input {...p} className="input" dir="auto" maxLength={80} autoComplete="off" defaultValue={typedValue(fields.name.initialValue)} />}
        </Field>
        <RadioField
          name="scope"
          legend={t("apiKeys.scope")}
          options={API_SCOPES.map((option) => ({ value: option, label: t(`apiKeys.scope.${option}`), hint: t(`apiKeys.scope.${option}Hint`) }))}
          value={scope}
          error={firstError(fields.scope.errors)}
        />
        <button type="submit" className="btn btn-primary">
          {t("apiKeys.create")}
        </button>
      </Form>

      <section className="card space-y-3 p-5" aria-labelledby="key-list-heading">
        <h2 id="key-list-heading" className="text-lg font-semibold">
          {t("apiKeys.listHeading")}
        </h2>
        {keys.length === 0 ? <p className="text-muted">{t("apiKeys.empty")}</p> : null}
        <ul className="divide-y divide-line">
          {keys.map((key) => (
            <li key={key.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-3" data-testid="api-key-row">
              <div className="min-w-0 flex-1 space-y-1">
                <p className="flex flex-wrap items-center gap-2">
                  <span className={`font-medium ${key.revokedAt ? "text-muted line-through" : ""}`} dir="auto">
                    {key.name}
                  </span>
                  <span className="badge border-line text-muted">{t(`apiKeys.scope.${key.scope}`)}</span>
                  {key.revokedAt ? (
                    <span className="badge border-danger/40 text-danger">{t("apiKeys.revokedOn", { date: format.date(key.revokedAt) })}</span>
                  ) : null}
                </p>
                <p className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-muted">
                  <span>
                    {t("apiKeys.startsWith")}{" "}
                    <code dir="ltr" className="font-mono">
                      {key.keyPrefix}…
                    </code>
                  </span>
                  <span>{t("apiKeys.createdOn", { date: format.date(key.createdAt) })}</span>
                  <span>{key.lastUsedAt ? t("apiKeys.lastUsed", { date: format.date(key.lastUsedAt) }) : t("apiKeys.neverUsed")}</span>
                </p>
              </div>
              {key.revokedAt ? null : (
                <Form method="post" onSubmit={(e) => !window.confirm(t("apiKeys.revokeConfirm")) && e.preventDefault()}>
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="keyId" value={key.id} />
                  <button type="submit" className="btn text-sm" aria-label={`${t("apiKeys.revoke")}: ${key.name}`}>
                    {t("apiKeys.revoke")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
