// Finding an idea by what it says, not by its number: a combobox over /posts/pick (the
// board's own search, Arabic-aware). Type, move with ↑/↓, choose with Enter or a click.
// Without JavaScript the callers show a number field and a link to the search page.
import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import type { PostStatus } from "~/db/enums";
import type { loader as pickLoader } from "~/routes/posts.pick";
import { StatusBadge } from "./Badges";
import { useFormat, useT } from "./i18n";

export type PickedPost = { id: number; title: string; status: PostStatus };

type Props = {
  label: string;
  /** The post being merged: never offered. */
  except?: number;
  /** Ids already chosen (the changelog's linked ideas): not offered again. */
  exclude?: number[];
  onPick: (post: PickedPost) => void;
  hint?: string;
};

const DEBOUNCE_MS = 200;

export function PostPicker({ label, except, exclude = [], onPick, hint }: Props) {
  const t = useT();
  const format = useFormat();
  const fetcher = useFetcher<typeof pickLoader>();
  const uid = useId().replace(/:/g, "");
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const options = query.trim() && fetcher.data ? fetcher.data.posts.filter((p) => !exclude.includes(p.id)) : [];
  const listId = `${uid}-list`;
  const optionId = (id: number) => `${uid}-opt-${id}`;
  const activePost = open ? options[Math.min(active, options.length - 1)] : undefined;
  const { load } = fetcher;

  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (text: string) => {
    setQuery(text);
    setActive(0);
    setOpen(true);
    clearTimeout(timer.current);
    if (!text.trim()) return;
    const params = new URLSearchParams({ q: text });
    if (except !== undefined) params.set("except", String(except));
    timer.current = setTimeout(() => load(`/posts/pick?${params}`), DEBOUNCE_MS);
  };

  const choose = (post: PickedPost) => {
    onPick(post);
    setQuery("");
    setOpen(false);
  };

  const searching = fetcher.state === "loading";
  const expanded = open && query.trim() !== "" && (options.length > 0 || (!searching && fetcher.data !== undefined));
  return (
    <div className="relative space-y-1">
      <label htmlFor={`${uid}-input`} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={`${uid}-input`}
        type="text"
        role="combobox"
        className="input"
        dir="auto"
        autoComplete="off"
        maxLength={200}
        value={query}
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && activePost ? optionId(activePost.id) : undefined}
        aria-describedby={hint ? `${uid}-hint` : undefined}
        onChange={(e) => search(e.target.value)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onFocus={() => query && setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setOpen(true);
            if (options.length === 0) return;
            const step = e.key === "ArrowDown" ? 1 : -1;
            setActive((i) => (Math.min(i, options.length - 1) + step + options.length) % options.length);
          } else if (e.key === "Enter") {
            // Enter chooses; it never submits the form around the picker.
            e.preventDefault();
            if (activePost) choose(activePost);
          } else if (e.key === "Escape") {
            setOpen(false);
          }
        }}
      />
      {hint ? (
        <p id={`${uid}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      <ul
        id={listId}
        role="listbox"
        aria-label={label}
        hidden={!expanded}
        className="absolute inset-x-0 z-20 mt-1 max-h-72 overflow-y-auto rounded-md border border-line bg-surface p-1 shadow-lg"
      >
        {options.map((post) => (
          // The keyboard works on the combobox input (aria-activedescendant), as the ARIA pattern has it.
          // eslint-disable-next-line jsx-a11y/click-events-have-key-events
          <li
            key={post.id}
            id={optionId(post.id)}
            role="option"
            aria-selected={activePost?.id === post.id}
            className={`flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm ${activePost?.id === post.id ? "bg-accent/15" : ""}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(post)}
          >
            <span dir="ltr" className="text-muted">
              #{format.number(post.id)}
            </span>
            <span dir="auto" className="min-w-0 flex-1 truncate">
              {post.title}
            </span>
            <StatusBadge status={post.status} />
          </li>
        ))}
        {expanded && options.length === 0 ? <li className="px-2 py-1.5 text-sm text-muted">{t("picker.none")}</li> : null}
      </ul>
      <p className="sr-only" aria-live="polite">
        {expanded ? t("picker.results", { count: options.length }) : ""}
      </p>
    </div>
  );
}

/**
 * The ideas a changelog entry links, chosen by search: each chosen idea is a chip with a
 * remove button, and a hidden `name` field carries their numbers to the form (the same
 * field the no-JS page types numbers into).
 */
export function LinkedIdeasPicker({ name, initial, describedBy }: { name: string; initial: PickedPost[]; describedBy?: string }) {
  const t = useT();
  const [chosen, setChosen] = useState<PickedPost[]>(initial);
  return (
    <fieldset className="space-y-2" aria-describedby={describedBy}>
      <legend className="text-sm font-medium">{t("picker.linkedHeading")}</legend>
      <input type="hidden" name={name} value={chosen.map((p) => p.id).join(",")} />
      {chosen.length === 0 ? (
        <p className="text-sm text-muted">{t("picker.noneLinked")}</p>
      ) : (
        <ul className="flex flex-wrap gap-2" data-testid="linked-ideas">
          {chosen.map((post) => (
            <li key={post.id} className="flex items-center gap-1 rounded-full border border-line py-0.5 pe-1 ps-3 text-sm">
              <span dir="ltr" className="text-muted">
                #{post.id}
              </span>
              <span dir="auto" className="max-w-[16rem] truncate">
                {post.title}
              </span>
              <button
                type="button"
                className="rounded-full px-2 text-muted hover:text-danger"
                aria-label={t("picker.remove", { title: post.title })}
                onClick={() => setChosen((all) => all.filter((p) => p.id !== post.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <PostPicker
        label={t("picker.linkSearch")}
        exclude={chosen.map((p) => p.id)}
        onPick={(post) => setChosen((all) => (all.some((p) => p.id === post.id) ? all : [...all, post]))}
      />
    </fieldset>
  );
}
