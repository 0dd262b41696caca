import { useFormat } from "./i18n";

/**
 * "3 days ago", with the full date as its tooltip and machine-readable value. `now` is
 * the loader's clock for the request, so the server's HTML and the hydrated page agree.
 */
export function RelativeTime({ at, now, className }: { at: number; now: number; className?: string }) {
  const format = useFormat();
  return (
    <time dateTime={new Date(at).toISOString()} title={format.date(at)} className={className}>
      {format.relative(at, now)}
    </time>
  );
}
