// Staff email a survey to an audience: all customers, those active in the last N days,
// or the voters of one board. The same form counts the recipients first (a GET of the
// same fields, live as they change when JavaScript runs) and sends (a POST); below it,
// the sends so far with how many each reached.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { SURVEY_AUDIENCES } from "~/db/enums";
import { surveySendSchema } from "~/schemas/survey-send";
import { listBoardsForAdmin } from "~/services/boards.server";
import { requireStaff } from "~/services/guards.server";
import { countSurveyAudience, sendSurvey, surveyWithSends } from "~/services/surveys.server";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";
import { notFound, refuse, throwIfNotFound } from "~/utils/http.server";
import { idParam } from "~/utils/validation";

function surveyIdOf(params: LoaderFunctionArgs["params"]): number {
  const id = idParam.safeParse(params.id);
  if (!id.success) notFound();
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const page = surveyWithSends(surveyIdOf(params));
  if (!page.ok) refuse(page);
  const url = new URL(request.url);
  // The count for the audience in the address (the form's "Count the recipients"), when it is complete.
  const asked = url.searchParams.has("audience")
    ? surveySendSchema.safeParse(Object.fromEntries([...url.searchParams].filter(([, value]) => value !== "")))
    : null;
  const counted = asked?.success ? countSurveyAudience(asked.data) : null;
  const sentId = Number(url.searchParams.get("sent"));
  return {
    ...page.value,
    boards: listBoardsForAdmin().map(({ id, name }) => ({ id, name })),
    chosen: asked?.success ? asked.data : null,
    willEmail: counted?.ok ? counted.value : null,
    sent: page.value.sends.find((s) => s.id === sentId) ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const surveyId = surveyIdOf(params);
  const staff = await requireStaff(request);
  const submission = parseSubmission(await readForm(request), surveySendSchema);
  if (submission.status !== "success") return reject(submission);
  const sent = sendSurvey(surveyId, submission.value, staff);
  if (!sent.ok) {
    throwIfNotFound(sent);
    return reject(submission, sent);
  }
  return redirect(`/admin/surveys/${surveyId}/send?sent=${sent.value.sendId}`);
}

export default function SurveySend() {
  const t = useT();
  const format = useFormat();
  const { survey, sends, boards, chosen, willEmail, sent } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [form, fields] = useSchemaForm(surveySendSchema, reply, {
    defaultValue: chosen
      ? { audience: chosen.audience, activeDays: chosen.activeDays, boardId: chosen.boardId }
      : { audience: "all_customers", activeDays: 30 },
  });
  const audience = typedValue(fields.audience.value) ?? chosen?.audience ?? "all_customers";
  const sending = navigation.state === "submitting" && navigation.formMethod === "POST";
  const audienceLabel = (s: (typeof sends)[number]) =>
    s.audience === "active_customers"
      ? t("surveys.send.activeFor", { count: s.activeDays ?? 0 })
      : s.audience === "board_voters"
        ? t("surveys.send.votersOf", { board: s.boardName ?? "—" })
        : t("surveys.send.audience.all_customers");

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-1">
        <p className="text-sm">
          <Link to={`/admin/surveys/${survey.id}`}>{t("surveys.send.back")}</Link>
        </p>
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere]">{t("surveys.send.title", { name: survey.name })}</h1>
      </div>
      {sent ? (
        <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok" data-testid="survey-sent">
          {t("surveys.send.sent", { count: sent.recipients })}
        </p>
      ) : null}
      {survey.status === "closed" ? (
        <FormError error="error.surveyClosed" />
      ) : (
        <Form
          method="post"
          id={form.id}
          onSubmit={form.onSubmit}
          // With JavaScript the count follows the choices; without it, "Count the recipients" asks for it.
          onChange={(event) => submit(event.currentTarget, { method: "get", replace: true, preventScrollReset: true })}
          className="card space-y-4 p-4"
          noValidate
        >
          <FormError error={firstError(form.errors)} id={form.errorId} />
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">{t("surveys.send.audience")}</legend>
            {SURVEY_AUDIENCES.map((value) => (
              <label key={value} className="flex items-center gap-2 text-sm">
                <input type="radio" name="audience" value={value} defaultChecked={audience === value} />
                {t(`surveys.send.audience.${value}`)}
              </label>
            ))}
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field name="activeDays" label={t("surveys.send.activeDays")} hint={t("surveys.send.activeDaysHint")} error={firstError(fields.activeDays.errors)}>
              {(p) => (
                <input {...p} type="number" min={1} max={365} inputMode="numeric" className="input" defaultValue={typedValue(fields.activeDays.initialValue)} />
              )}
            </Field>
            <Field name="boardId" label={t("surveys.send.board")} error={firstError(fields.boardId.errors)}>
              {(p) => (
                <select {...p} className="input" defaultValue={typedValue(fields.boardId.initialValue) ?? ""}>
                  <option value="">{t("surveys.send.chooseBoard")}</option>
                  {boards.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <p className="text-xs text-muted">{t("surveys.send.excluded")}</p>
          {willEmail !== null ? (
            <p className="font-medium" aria-live="polite" data-testid="survey-will-email">
              {t("surveys.send.willEmail", { count: willEmail })}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <button type="submit" formMethod="get" formNoValidate className="btn">
              {t("surveys.send.count")}
            </button>
            <button type="submit" className="btn btn-primary" disabled={sending}>
              {t("surveys.send.submit")}
            </button>
          </div>
        </Form>
      )}
      <section aria-labelledby="sends-heading" className="space-y-2">
        <h2 id="sends-heading" className="text-lg font-semibold">
          {t("surveys.send.history")}
        </h2>
        {sends.length === 0 ? (
          <p className="text-muted">{t("surveys.send.noSends")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="survey-sends">
              <thead>
                <tr className="text-start text-muted">
                  <th className="py-1 text-start font-medium">{t("surveys.send.col.date")}</th>
                  <th className="py-1 text-start font-medium">{t("surveys.send.col.audience")}</th>
                  <th className="py-1 text-end font-medium">{t("surveys.send.col.recipients")}</th>
                  <th className="py-1 text-start font-medium">{t("surveys.send.col.by")}</th>
                </tr>
              </thead>
              <tbody>
                {sends.map((s) => (
                  <tr key={s.id} className="border-t border-line">
                    <td className="py-1 pe-2">{format.date(s.createdAt)}</td>
                    <td className="py-1 pe-2">
                      <bdi>{audienceLabel(s)}</bdi>
                    </td>
                    <td className="py-1 pe-2 text-end tabular-nums">{format.number(s.recipients)}</td>
                    <td className="py-1">
                      <bdi>{s.sentByName ?? "—"}</bdi>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
