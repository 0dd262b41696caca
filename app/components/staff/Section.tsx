import type { ReactNode } from "react";

/** One titled part of the staff panel. */
export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section className="space-y-3 border-t border-line pt-4 first:border-t-0 first:pt-0" aria-labelledby={id}>
      <h3 id={id} className="font-semibold">
        {title}
      </h3>
      {children}
    </section>
  );
}
