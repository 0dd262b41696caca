/** Up to two initials of a display name, whatever its script (Arabic has no capitals to pick). */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((word) => Array.from(word)[0] ?? "");
  return letters.join("").toLocaleUpperCase() || "?";
}

/** A round badge with a person's initials; decorative, since their name is always written beside it. */
export function Avatar({ name }: { name: string }) {
  return (
    <span
      aria-hidden="true"
      className="inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full border border-line bg-canvas text-[0.625rem] font-semibold leading-none text-ink"
    >
      {initialsOf(name)}
    </span>
  );
}
