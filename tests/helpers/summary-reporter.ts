// Prints one plain closing line ("vitest: N passed, N failed") that CI can read.
import type { Reporter } from "vitest/reporters";

type Task = { type: string; result?: { state?: string }; tasks?: Task[]; mode?: string };

function count(tasks: Task[], totals = { passed: 0, failed: 0, skipped: 0 }) {
  for (const task of tasks) {
    // A suite or file can fail on its own (a hook timed out, the file did not load).
    if (task.tasks && task.result?.state === "fail" && !task.tasks.some((t) => t.result?.state === "fail")) totals.failed += 1;
    if (task.tasks) count(task.tasks, totals);
    else if (task.type === "test") {
      if (task.result?.state === "pass") totals.passed += 1;
      else if (task.result?.state === "fail") totals.failed += 1;
      else totals.skipped += 1;
    }
  }
  return totals;
}

export default class SummaryReporter implements Reporter {
  onFinished(files: unknown[] = [], errors: unknown[] = []) {
    const { passed, failed, skipped } = count(files as Task[]);
    const failedTotal = failed + (errors.length > 0 && failed === 0 ? 1 : 0);
    console.log(`vitest: ${passed} passed, ${failedTotal} failed${skipped ? `, ${skipped} skipped` : ""}`);
  }
}
