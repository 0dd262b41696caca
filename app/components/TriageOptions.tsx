import { POST_KINDS, SETTABLE_STATUSES } from "~/db/enums";
import { useT } from "./i18n";

/** <option>s for a post's kind, with "not triaged" as the empty choice. */
export function KindOptions() {
  const t = useT();
  return (
    <>
      <option value="">{t("staff.kindNone")}</option>
      {POST_KINDS.map((k) => (
        <option key={k} value={k}>
          {t(`kind.${k}`)}
        </option>
      ))}
    </>
  );
}

export function StatusOptions() {
  const t = useT();
  return (
    <>
      {SETTABLE_STATUSES.map((s) => (
        <option key={s} value={s}>
          {t(`status.${s}`)}
        </option>
      ))}
    </>
  );
}

/** The status a status <select> starts on: a merged-away post shows as open. */
export function settableStatus(status: string): string {
  return status === "duplicate" ? "open" : status;
}
