// The list of the inbox's keyboard shortcuts, opened by "?" or its visible button.
import { forwardRef } from "react";
import { useT } from "../i18n";
import { SHORTCUT_KEYS } from "./useInboxShortcuts";

export const ShortcutsDialog = forwardRef<HTMLDialogElement>(function ShortcutsDialog(_props, ref) {
  const t = useT();
  return (
    // !m-auto: the page's spaced column (space-y-*) gives its children a top margin, which would pull the dialog off centre.
    <dialog
      ref={ref}
      aria-labelledby="shortcuts-heading"
      className="!m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface p-5 text-ink backdrop:bg-black/40"
      data-testid="shortcuts-dialog"
    >
      <h2 id="shortcuts-heading" className="mb-3 text-lg font-bold">
        {t("inbox.shortcuts.heading")}
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {SHORTCUT_KEYS.map(([name, key]) => (
          <div key={name} className="contents">
            <dt>
              <kbd className="rounded border border-line px-2 py-0.5 font-mono">{key}</kbd>
            </dt>
            <dd>{t(`inbox.shortcuts.${name}`)}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-xs text-muted">{t("inbox.shortcuts.note")}</p>
      <form method="dialog" className="mt-4 flex justify-end">
        <button type="submit" className="btn">
          {t("inbox.shortcuts.close")}
        </button>
      </form>
    </dialog>
  );
});
