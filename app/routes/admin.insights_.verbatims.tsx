// Staff: every verbatim of the period (the reasons customers gave with their scores), with
// a GET filter form and "More" pages, and the action that makes an idea of one. Works
// without JavaScript: the filters are a plain GET form, "More" is a link, and "Make it an
// idea" is a disclosure holding a plain form.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { VerbatimList, type MakeIdeaAnswer } from "~/components/insights/VerbatimList";
import { SURVEY_CHANNELS } from "~/db/enums";
import { LOCALE_NAMES } from "~/i18n";
import { INSIGHTS_PRESETS, scopeFromQuery } from "~/schemas/insights";
import { listBoardsForAdmin } from "~/services/boards.server";
import { makeIdeaSchema, verbatimQuerySchema } from "~/schemas/verbatims";
import { requireStaff, safeRedirectPath } from "~/services/guards.server";
import { makePostFromVerbatim, verbatimsPage } from "~/services/verbatims.server";
import { parseSubmission, readForm, rejection } from "~/utils/forms.server";
import { statusFor, throwIfNotFound } from "~/utils/http.server";

const PATH = "/admin/insights/verbatims";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const now = Date.now();
  // An empty field of the GET form is no filter.
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  // A value that does not parse falls back to its default (the insights page shows why).
  const period = scopeFromQuery(params, now, listBoardsForAdmin());
  const page = verbatimsPage(period, verbatimQuerySchema.parse(params));
  return {
    ...page,
    // Dates are shown only when the query gave them: a preset chosen later must not be overridden by stale dates.
    period: {
      preset: params.from || params.to ? "" : period.preset,
      from: params.from ?? "",
      to: params.to ?? "",
      board: period.boardSlug ?? "",
      channel: params.channel ?? "",
    },
    now,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const form = await readForm(request);
  const submission = parseSubmission(form, makeIdeaSchema);
  const answerId = Number(form.get("answerId")) || 0;
  if (submission.status !== "success") return data<MakeIdeaAnswer>({ answerId, reply: rejection(submission) }, { status: 400 });
  const { boardId, title, body } = submission.value;
  const made = await makePostFromVerbatim(submission.value.answerId, { boardId, title, body }, staff);
  if (!made.ok) {
    throwIfNotFound(made);
    return data<MakeIdeaAnswer>({ answerId, reply: rejection(submission, made) }, { status: statusFor(made.error) });
  }
  if (form.get("via") === "fetcher") return data<MakeIdeaAnswer>({ postId: made.value.postId });
  // Without JavaScript, back to the list as it was, at the item that now links to its idea.
  return redirect(safeRedirectPath(form.get("redirectTo"), `${PATH}#verbatim-${answerId}`));
}

export default function Verbatims() {
  const t = useT();
  const { items, nextCursor, filters, surveys, boards, locales, groups, period, now } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const location = useLocation();
  const moreParams = new URLSearchParams(location.search);
  if (nextCursor) moreParams.set("cursor", nextCursor);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{t("verbatims.heading")}</h1>
        <p className="text-muted">{t("verbatims.intro")}</p>
      </div>

      <Form method="get" className="card grid grid-cols-2 gap-3 p-4" aria-label={t("verbatims.filters")}>
        <label className="space-y-1 text-sm col-span-2">
          <span className="block font-medium">{t("verbatims.search")}</span>
          <input type="search" name="q" className="input" dir="auto" maxLength={200} defaultValue={filters.q ?? ""} />
        </label>
        <Select name="group" label={t("verbatims.groupLabel")} value={filters.group ?? ""} any={t("verbatims.allGroups")}>
          {groups.map((group) => (
            <option key={group} value={group}>
              {t(`verbatims.group.${group}`)}
            </option>
          ))}
        </Select>
        <Select name="survey" label={t("verbatims.survey")} value={filters.survey ? String(filters.survey) : ""} any={t("verbatims.allSurveys")}>
          {surveys.map((survey) => (
            <option key={survey.id} value={survey.id}>
              {survey.name}
            </option>
          ))}
        </Select>
        <Select name="lang" label={t("verbatims.language")} value={filters.lang ?? ""} any={t("verbatims.allLanguages")}>
          {locales.map((locale) => (
            <option key={locale} value={locale}>
              {LOCALE_NAMES[locale]}
            </option>
          ))}
        </Select>
        <Select name="channel" label={t("verbatims.channel")} value={period.channel} any={t("verbatims.allChannels")}>
          {SURVEY_CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {t(`surveys.channel.${channel}`)}
            </option>
          ))}
        </Select>
        <Select name="board" label={t("verbatims.board")} value={period.board} any={t("verbatims.allBoards")}>
          {boards.map((board) => (
            <option key={board.id} value={board.slug}>
              {board.name}
            </option>
          ))}
        </Select>
        <Select name="preset" label={t("verbatims.period")} value={period.preset} any={t("verbatims.customPeriod")}>
          {INSIGHTS_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {t(`verbatims.preset.${preset}`)}
            </option>
          ))}
        </Select>
        <fieldset className="grid grid-cols-2 gap-3 col-span-2">
          <legend className="mb-1 text-sm font-medium">{t("verbatims.customRange")}</legend>
          <label className="space-y-1 text-sm">
            <span className="block">{t("verbatims.from")}</span>
            <input type="date" name="from" className="input" defaultValue={period.from} />
          </label>
          <label className="space-y-1 text-sm">
            <span className="block">{t("verbatims.to")}</span>
            <input type="date" name="to" className="input" defaultValue={period.to} />
          </label>
        </fieldset>
        <div className="flex flex-wrap items-center gap-3 col-span-2">
          <button type="submit" className="btn btn-primary">
            {t("verbatims.apply")}
          </button>
          <Link to={PATH}>{t("verbatims.clear")}</Link>
        </div>
      </Form>

      {items.length === 0 ? (
        <p className="card p-4 text-muted">{t("verbatims.empty")}</p>
      ) : (
        <VerbatimList items={items} now={now} makeIdea={{ boards, action: `${PATH}${location.search}`, rejected }} />
      )}
      {nextCursor ? (
        <p>
          <Link to={`${PATH}?${moreParams}`} className="btn" rel="next">
            {t("verbatims.more")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

function Select({ name, label, value, any, children }: { name: string; label: string; value: string; any: string; children: React.ReactNode }) {
  return (
    <label className="space-y-1 text-sm">
      <span className="block font-medium">{label}</span>
      <select name={name} className="input" defaultValue={value}>
        <option value="">{any}</option>
        {children}
      </select>
    </label>
  );
}
