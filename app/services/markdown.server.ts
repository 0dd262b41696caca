// Markdown is rendered once, on the server, when it is written. The work happens in a
// small pool of worker threads with a deadline (ADR 007): whatever a user sends, the
// event loop that answers everyone else never waits for it. Past the deadline, or if
// the parser fails, the text is stored as the author typed it, escaped.
import os from "node:os";
import path from "node:path";
import { Piscina } from "piscina";
import { asTypedText, plainTextOf } from "~/utils/html-text.mjs";

export { plainTextOf };

export type RenderedMarkdown = {
  /** Sanitised HTML, safe for dangerouslySetInnerHTML. */
  html: string;
  /** Its plain text, blocks separated by spaces, for excerpts and notices. */
  text: string;
  /** True when the text was kept as typed: too many elements, past the deadline, or the parser failed. */
  fellBack: boolean;
};

/** How long one render may take, queueing included, before the typed text is kept instead. */
export const RENDER_DEADLINE_MS = 2000;

// The worker loads the source file as it is (plain JavaScript), so the path is the same
// under `npm start`, the tests and the benchmarks: all run from the project's root.
const WORKER_FILE = path.resolve(process.cwd(), "app/utils/markdown-worker.mjs");

export type MarkdownRenderer = { render(markdown: string): Promise<RenderedMarkdown>; close(): Promise<void> };

/** A pool of render threads; the app uses one, tests make others around a worker of their own. */
export function createRenderer({ workerFile = WORKER_FILE, deadlineMs = RENDER_DEADLINE_MS } = {}): MarkdownRenderer {
  const pool = new Piscina({
    filename: workerFile,
    minThreads: 1,
    maxThreads: Math.max(1, Math.min(2, os.availableParallelism())),
    idleTimeout: 60_000,
    // Beyond this many waiting renders the server is flooded: keep the typed text at once.
    maxQueue: 256,
  });
  return {
    async render(markdown) {
      const deadline = AbortSignal.timeout(deadlineMs);
      try {
        // Aborting a running task terminates its thread; the pool starts a fresh one.
        return (await pool.run({ markdown }, { signal: deadline })) as RenderedMarkdown;
      } catch (error) {
        const why = deadline.aborted ? `took over ${deadlineMs} ms` : error instanceof Error ? error.message : String(error);
        console.warn(`markdown: kept ${markdown.length} characters as typed (${why})`);
        return { ...asTypedText(markdown), fellBack: true };
      }
    },
    close: () => pool.destroy(),
  };
}

let appRenderer: MarkdownRenderer | undefined;

/** Markdown to sanitised HTML and its text, in a worker thread, within RENDER_DEADLINE_MS. */
export function renderMarkdown(markdown: string): Promise<RenderedMarkdown> {
  appRenderer ??= createRenderer();
  return appRenderer.render(markdown);
}

/** Puts another renderer behind renderMarkdown (tests put a stuck one there); returns the one it replaced. */
export function useRenderer(renderer: MarkdownRenderer | undefined): MarkdownRenderer | undefined {
  const previous = appRenderer;
  appRenderer = renderer;
  return previous;
}

/** Text cut at a word boundary, for list excerpts and notices. */
export function excerptOf(text: string, maxLength = 180): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
