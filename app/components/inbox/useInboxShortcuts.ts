// The inbox's keyboard: j/k move through the list, x ticks the selected idea for bulk
// actions, s/t/m go to its status, kind and merge controls, ? lists the shortcuts.
// Keys are matched by their place on the keyboard (`event.code`), so they work with an
// Arabic or Persian layout as well, and by the character typed as a fallback. Each one
// has a visible control that does the same (see the inbox page).
import { useNavigate } from "@remix-run/react";
import { useEffect, useRef } from "react";

export type InboxShortcut = "next" | "previous" | "select" | "status" | "kind" | "merge" | "help" | "saveNext";

/** The keys, as shown in the shortcuts dialog. */
export const SHORTCUT_KEYS: [InboxShortcut, string][] = [
  ["next", "j"],
  ["previous", "k"],
  ["select", "x"],
  ["status", "s"],
  ["kind", "t"],
  ["merge", "m"],
  ["saveNext", "Enter"],
  ["help", "?"],
];

/** The shortcuts of a single key outside a field (Enter is the quick triage's own). */
type KeyShortcut = Exclude<InboxShortcut, "saveNext">;

const BY_CODE: Record<string, KeyShortcut> = {
  KeyJ: "next",
  KeyK: "previous",
  KeyX: "select",
  KeyS: "status",
  KeyT: "kind",
  KeyM: "merge",
};
const BY_KEY: Record<string, KeyShortcut> = { j: "next", k: "previous", x: "select", s: "status", t: "kind", m: "merge", "?": "help", "؟": "help" };

export const QUICK_TRIAGE_FORM_ID = "quick-triage";

/** The controls s, t and m go to, inside the detail of the selected idea. */
export const SHORTCUT_TARGETS = {
  status: "#quick-status",
  kind: "#quick-kind",
  merge: '[data-testid="merge"] input[role="combobox"], [data-testid="merge"] input[name="targetId"]:not([type="hidden"])',
} as const;

/** The shortcut a key press means, or undefined: typing in a field or a key with a modifier is never a shortcut. */
export function shortcutOf(event: Pick<KeyboardEvent, "code" | "key" | "altKey" | "ctrlKey" | "metaKey" | "shiftKey" | "target">): KeyShortcut | undefined {
  if (event.altKey || event.ctrlKey || event.metaKey) return undefined;
  const target = event.target as HTMLElement | null;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return undefined;
  if (event.key === "?" || event.key === "؟" || (event.code === "Slash" && event.shiftKey)) return "help";
  if (event.shiftKey) return undefined;
  return BY_CODE[event.code] ?? BY_KEY[event.key.toLowerCase()];
}

/**
 * Enter on the kind or status of the quick triage saves and goes on to the next idea, as
 * the form's first button ("Save and next") does: a select, unlike a text field, does not
 * submit its form on Enter.
 */
function saveAndNext(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (event.key !== "Enter" || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false;
  if (!(target instanceof HTMLSelectElement) || !(target.form instanceof HTMLFormElement) || target.form.id !== QUICK_TRIAGE_FORM_ID) return false;
  event.preventDefault();
  target.form.requestSubmit(target.form.querySelector<HTMLButtonElement>('button[type="submit"]'));
  return true;
}

function postInUrl(): number | null {
  return Number(new URLSearchParams(window.location.search).get("post")) || null;
}

type Options = {
  /** The ids of the list, in the order shown. */
  ids: number[];
  selectedId: number | null;
  /** The inbox URL that selects a post. */
  hrefFor: (id: number) => string;
  openHelp: () => void;
};

export function useInboxShortcuts({ ids, selectedId, hrefFor, openHelp }: Options) {
  const navigate = useNavigate();
  // The listener is added once; it reads the latest list through this ref.
  const latest = useRef({ ids, hrefFor, openHelp, navigate });
  latest.current = { ids, hrefFor, openHelp, navigate };
  // Where j and k move from: the idea in the URL, which changes before the page renders
  // it, or the one they are still on the way to, so quick presses move one idea each.
  const inFlight = useRef<number | null>(null);
  useEffect(() => {
    // Arrived, or another way (a click on a row) chose the idea.
    if (selectedId === inFlight.current || selectedId === postInUrl()) inFlight.current = null;
  }, [selectedId]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || document.querySelector("dialog[open]")) return;
      if (saveAndNext(event)) return;
      const shortcut = shortcutOf(event);
      if (!shortcut) return;
      const { ids, hrefFor, openHelp, navigate } = latest.current;
      if (shortcut === "next" || shortcut === "previous") {
        if (ids.length === 0) return;
        const inUrl = postInUrl();
        if (inFlight.current === inUrl) inFlight.current = null;
        const from = inFlight.current ?? inUrl;
        const at = from === null ? -1 : ids.indexOf(from);
        const to = at === -1 ? 0 : Math.min(Math.max(at + (shortcut === "next" ? 1 : -1), 0), ids.length - 1);
        event.preventDefault();
        if (ids[to] === from) return;
        inFlight.current = ids[to];
        navigate(hrefFor(ids[to]), { preventScrollReset: true });
        return;
      }
      if (shortcut === "help") {
        event.preventDefault();
        openHelp();
        return;
      }
      if (shortcut === "select") {
        // The idea in the URL (or on its way), even if the page has not rendered it as selected yet.
        const id = inFlight.current ?? postInUrl();
        const box = document.querySelector<HTMLInputElement>(`[data-testid="inbox-row"][data-post-id="${id}"] input[name="ids"]`);
        if (!box) return;
        event.preventDefault();
        box.click();
        return;
      }
      const control = document.querySelector<HTMLElement>(SHORTCUT_TARGETS[shortcut]);
      if (!control) return;
      // The merge picker sits in a closed disclosure until it is wanted.
      const disclosure = control.closest("details");
      if (disclosure && !disclosure.open) disclosure.open = true;
      // Without this the letter would be typed into the field that just took focus.
      event.preventDefault();
      control.focus();
      control.scrollIntoView({ block: "nearest" });
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  // The selected row stays in view as j and k move through a long list.
  useEffect(() => {
    if (selectedId === null) return;
    document.querySelector(`[data-testid="inbox-row"][data-post-id="${selectedId}"]`)?.scrollIntoView?.({ block: "nearest" });
  }, [selectedId]);
}
