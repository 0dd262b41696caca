// SQLite caps the parameters one statement may bind, so long lists go in slices.
const BATCH = 500;

/** Runs `run` over slices of `items` and concatenates what each returns. */
export function inBatches<T, R = never>(items: T[], run: (batch: T[]) => R[] | void): R[] {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += BATCH) results.push(...(run(items.slice(i, i + BATCH)) ?? []));
  return results;
}
