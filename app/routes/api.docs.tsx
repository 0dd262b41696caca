// /api/docs: the JSON API for people (issue 14). Everything about the endpoints comes from
// the generated OpenAPI document (so it says what the routes accept), and its English
// descriptions stay English; the page's own words come from the catalogues. Public, like
// /api/openapi.json: it documents the API, it grants nothing.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/components/i18n";
import { apiDocs, type DocField, type DocOperation } from "~/services/api-docs.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return { ...apiDocs(), origin: new URL(request.url).origin };
}

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { catalogue?: Record<string, unknown>; siteName?: string } | undefined;
  const title = root?.catalogue?.["apiDocs.title"];
  return [{ title: `${typeof title === "string" ? title : "API"} · ${root?.siteName ?? "Closeloop"}` }];
};

/** Code and English from the document: always left to right, whatever the page's direction. */
function Code({ children }: { children: string }) {
  return (
    <code dir="ltr" className="rounded bg-canvas px-1 text-sm">
      {children}
    </code>
  );
}

function CodeBlock({ children, label }: { children: string; label: string }) {
  return (
    // A region, focusable so that a keyboard can scroll a long line into view.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <pre dir="ltr" tabIndex={0} role="region" aria-label={label} className="overflow-x-auto rounded-md border border-line bg-canvas p-3 text-start text-sm">
      <code>{children}</code>
    </pre>
  );
}

function Fields({ fields, withIn = false }: { fields: (DocField & { in?: string })[]; withIn?: boolean }) {
  const t = useT();
  return (
    <ul className="divide-y divide-line rounded-md border border-line">
      {fields.map((field) => (
        <li key={`${field.in ?? ""}${field.name}`} className="space-y-1 px-3 py-2">
          <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
            <Code>{field.name}</Code>
            <span dir="ltr" className="text-sm text-muted">
              {field.type}
            </span>
            {withIn && field.in ? <span className="text-xs text-muted">{`${t("apiDocs.in")}: ${field.in}`}</span> : null}
            <span className={field.required ? "text-xs font-semibold text-warn" : "text-xs text-muted"}>
              {field.required ? t("apiDocs.requiredYes") : t("apiDocs.requiredNo")}
            </span>
          </p>
          {field.description ? (
            <p dir="ltr" lang="en" className="text-start text-sm">
              {field.description}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function OperationSection({ operation }: { operation: DocOperation }) {
  const t = useT();
  const headingId = `${operation.anchor}-heading`;
  return (
    <section id={operation.anchor} aria-labelledby={headingId} className="card scroll-mt-4 space-y-4 p-4 sm:p-5">
      <header className="space-y-1">
        <h4 id={headingId} className="flex flex-wrap items-baseline gap-2 text-lg font-semibold">
          <span dir="ltr" className="rounded bg-accent px-2 py-0.5 font-mono text-sm text-accent-ink">
            {operation.method}
          </span>
          <span dir="ltr" className="break-all font-mono text-base">
            {operation.path}
          </span>
        </h4>
        <p dir="ltr" lang="en" className="text-start font-medium">
          {operation.summary}
        </p>
        <p className="text-sm text-muted">{t("apiDocs.scope", { scope: operation.scope })}</p>
        {operation.description ? (
          <p dir="ltr" lang="en" className="text-start text-sm">
            {operation.description}
          </p>
        ) : null}
      </header>
      {operation.parameters.length > 0 ? (
        <div className="space-y-2">
          <h5 className="font-semibold">{t("apiDocs.parameters")}</h5>
          <Fields fields={operation.parameters} withIn />
        </div>
      ) : null}
      {operation.body ? (
        <div className="space-y-2">
          <h5 className="font-semibold">{t("apiDocs.requestBody")}</h5>
          <Fields fields={operation.body} />
        </div>
      ) : null}
      <div className="space-y-2">
        <h5 className="font-semibold">{t("apiDocs.answer", { status: operation.success.status })}</h5>
        <p dir="ltr" lang="en" className="text-start text-sm">
          {operation.success.description}
        </p>
        {operation.success.fields.length > 0 ? <Fields fields={operation.success.fields} /> : <p className="text-sm text-muted">{t("apiDocs.noFields")}</p>}
      </div>
      <div className="space-y-2">
        <h5 className="font-semibold">{t("apiDocs.errors")}</h5>
        <ul className="space-y-1 text-sm">
          {operation.problems.map((p) => (
            <li key={p.status} className="flex gap-2">
              <span dir="ltr" className="font-mono font-semibold">
                {p.status}
              </span>
              <span dir="ltr" lang="en" className="text-start">
                {p.description}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <div className="space-y-2">
        <h5 className="font-semibold">{t("apiDocs.example")}</h5>
        <CodeBlock label={`${t("apiDocs.example")}: ${operation.method} ${operation.path}`}>{operation.curl}</CodeBlock>
      </div>
    </section>
  );
}

/** One part of the guide before the endpoints, a target of the contents. */
function GuideSection({ id, heading, children }: { id: string; heading: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="scroll-mt-4 space-y-2">
      <h2 id={`${id}-heading`} className="text-xl font-bold">
        {heading}
      </h2>
      {children}
    </section>
  );
}

export default function ApiDocsPage() {
  const t = useT();
  const { groups, problems, origin, version } = useLoaderData<typeof loader>();
  const guide = [
    { id: "keys", label: t("apiDocs.keyHeading") },
    { id: "auth", label: t("apiDocs.authHeading") },
    { id: "paging", label: t("apiDocs.pagingHeading") },
    { id: "conventions", label: t("apiDocs.conventionsHeading") },
    { id: "problems", label: t("apiDocs.problemsHeading") },
  ];
  const after = [{ id: "problem-list", label: t("apiDocs.problemList") }];
  const titleOf = (key: string) => problems.find((p) => p.key === key)?.title ?? "";
  return (
    <div className="mx-auto max-w-6xl lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-8">
      <nav aria-labelledby="api-contents" className="mb-6 lg:sticky lg:top-4 lg:mb-0 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto">
        <h2 id="api-contents" className="mb-2 text-sm font-semibold uppercase text-muted">
          {t("apiDocs.contents")}
        </h2>
        <ul className="space-y-1 text-sm">
          {guide.map((g) => (
            <li key={g.id}>
              <a href={`#${g.id}`}>{g.label}</a>
            </li>
          ))}
          {groups.map((group) => (
            <li key={group.tag} className="pt-2">
              <span dir="ltr" className="font-semibold">
                {group.tag}
              </span>
              <ul className="mt-1 space-y-1 ps-3">
                {group.operations.map((op) => (
                  <li key={op.anchor}>
                    <a href={`#${op.anchor}`} dir="ltr" className="break-all font-mono text-xs">
                      {`${op.method} ${op.path}`}
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
          {after.map((g) => (
            <li key={g.id} className="pt-2">
              <a href={`#${g.id}`}>{g.label}</a>
            </li>
          ))}
        </ul>
      </nav>

      <div className="min-w-0 space-y-8">
        <header className="space-y-2">
          <h1 className="text-2xl font-bold">{t("apiDocs.heading")}</h1>
          <p className="text-muted">{t("apiDocs.intro")}</p>
          <p>
            {/* A document, not a page of the app: the browser fetches it itself. */}
            <a href="/api/openapi.json" type="application/json">
              {t("apiDocs.openApi")}
            </a>{" "}
            <span dir="ltr" className="text-sm text-muted">{`v${version}`}</span>
          </p>
        </header>

        <GuideSection id="keys" heading={t("apiDocs.keyHeading")}>
          <p>{t("apiDocs.keyText")}</p>
          <p>
            <Link to="/admin/api">{t("apiDocs.keyLink")}</Link> <Code>/admin/api</Code>
          </p>
        </GuideSection>

        <GuideSection id="auth" heading={t("apiDocs.authHeading")}>
          <CodeBlock label={t("apiDocs.authHeading")}>Authorization: Bearer cl_…</CodeBlock>
          <p>{t("apiDocs.authText")}</p>
          <CodeBlock label={t("apiDocs.example")}>{`export CLOSELOOP_URL="${origin}"\nexport CLOSELOOP_API_KEY="cl_…"`}</CodeBlock>
        </GuideSection>

        <GuideSection id="paging" heading={t("apiDocs.pagingHeading")}>
          <p>{t("apiDocs.pagingText")}</p>
          <CodeBlock
            label={t("apiDocs.example")}
          >{`{ "data": [ … ], "nextCursor": "WzE3MzMyMjU2MDAwMDAsNDJd" }\n\ncurl -G "$CLOSELOOP_URL/api/v1/posts" \\\n  -H "Authorization: Bearer $CLOSELOOP_API_KEY" \\\n  --data-urlencode "cursor=WzE3MzMyMjU2MDAwMDAsNDJd"`}</CodeBlock>
        </GuideSection>

        <GuideSection id="conventions" heading={t("apiDocs.conventionsHeading")}>
          <ul className="list-disc space-y-1 ps-6">
            <li>{t("apiDocs.conventionsIds")}</li>
            <li>{t("apiDocs.conventionsBodies")}</li>
            <li>{t("apiDocs.conventionsRate")}</li>
          </ul>
        </GuideSection>

        <GuideSection id="problems" heading={t("apiDocs.problemsHeading")}>
          <p>{t("apiDocs.problemsText")}</p>
          <CodeBlock label={t("apiDocs.example")}>
            {JSON.stringify(
              {
                type: "/api/docs#problem-error.invalidRequest",
                title: titleOf("error.invalidRequest"),
                status: 400,
                detail: titleOf("error.invalidRequest"),
                key: "error.invalidRequest",
                errors: [{ field: "title", key: "error.titleTooShort", detail: titleOf("error.titleTooShort") }],
              },
              null,
              2,
            )}
          </CodeBlock>
          <p>
            <a href="#problem-list">{t("apiDocs.problemList")}</a>
          </p>
        </GuideSection>

        <section aria-labelledby="endpoints-heading" className="space-y-6">
          <h2 id="endpoints-heading" className="text-xl font-bold">
            {t("apiDocs.endpoints")}
          </h2>
          {groups.map((group) => (
            <div key={group.tag} className="space-y-4">
              <h3 dir="ltr" className="text-start text-lg font-bold text-muted">
                {group.tag}
              </h3>
              {group.operations.map((op) => (
                <OperationSection key={op.anchor} operation={op} />
              ))}
            </div>
          ))}
        </section>

        <GuideSection id="problem-list" heading={t("apiDocs.problemList")}>
          <ul className="grid gap-x-6 rounded-md border border-line px-3 lg:grid-cols-2">
            {problems.map((p) => (
              <li key={p.key} id={`problem-${p.key}`} className="scroll-mt-4 border-b border-line py-2 target:bg-accent/10">
                <p className="flex flex-wrap items-baseline gap-x-2">
                  <Code>{p.key}</Code>
                  <span dir="ltr" className="font-mono text-sm font-semibold">
                    {p.status}
                  </span>
                </p>
                <p dir="ltr" lang="en" className="text-start text-sm">
                  {p.title}
                </p>
              </li>
            ))}
          </ul>
        </GuideSection>
      </div>
    </div>
  );
}
