// Markdown is rendered once, on the server, when it is written. The work happens in a
// small pool of worker threads with a deadline (ADR 007): whatever a user sends, the
// event loop that answers everyone else never waits for it. Past the deadline, or if
// the parser fails, the text is stored as the author typed it, escaped.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { asTypedText } from "~/utils/html-text.mjs";

export type RenderedMarkdown = {
  /** Sanitised HTML, safe for dangerouslySetInnerHTML. */
  html: string;
  /** Its plain text, blocks separated by spaces, for excerpts and notices. */
  text: string;
  /** True when the text was kept as typed: too many elements, past the deadline, or the parser failed. */
  fellBack: boolean;
};

/**
 * How long one render may run before its thread is stopped and the typed text kept. It
 * counts from the moment a thread starts on it (the worker says so), so a render waiting
 * its turn, or a thread still loading on a busy machine, is not cut short.
 */
export const RENDER_DEADLINE_MS = 2000;
/** How long a render may wait for a thread at all: past this the server is flooded. */
export const RENDER_QUEUE_LIMIT_MS = 30_000;

// The worker loads the source file as it is (plain JavaScript), so the path is the same
// under `npm start`, the tests and the benchmarks: all run from the project's root.
const WORKER_FILE = path.resolve(process.cwd(), "app/utils/markdown-worker.mjs");

export type MarkdownRenderer = { render(markdown: string): Promise<RenderedMarkdown>; close(): Promise<void> };

type RendererOptions = { workerFile?: string; deadlineMs?: number; queueLimitMs?: number };

/** A pool of render threads; the app uses one, tests make others around a worker of their own. */
export function createRenderer({
  workerFile = WORKER_FILE,
  deadlineMs = RENDER_DEADLINE_MS,
  queueLimitMs = RENDER_QUEUE_LIMIT_MS,
}: RendererOptions = {}): MarkdownRenderer {
  // Without its worker every render would quietly keep the typed text: fail loudly instead.
  if (!fs.existsSync(workerFile)) throw new Error(`markdown worker not found at ${workerFile}: run the server from the project's root`);
  const pool = new Piscina({
    filename: workerFile,
    // One thread stays, although it holds jsdom and a V8 heap of its own (about 110 MB of
    // RSS once markdown was rendered): with minThreads 0 the pool did not replace stuck
    // threads for a render waiting its turn, which then never finished (issue 15 tried it;
    // tests/unit/markdown-pathological.test.ts caught it).
    minThreads: 1,
    maxThreads: Math.max(1, Math.min(2, os.availableParallelism())),
    idleTimeout: 60_000,
    // Beyond this many waiting renders the server is flooded: keep the typed text at once.
    maxQueue: 256,
  });
  return {
    async render(markdown) {
      const stop = new AbortController();
      const { port1: startedHere, port2: started } = new MessageChannel();
      let why = `waited over ${queueLimitMs} ms for a thread`;
      let timer = setTimeout(() => stop.abort(), queueLimitMs);
      startedHere.once("message", () => {
        clearTimeout(timer);
        why = `took over ${deadlineMs} ms`;
        timer = setTimeout(() => stop.abort(), deadlineMs);
      });
      try {
        // Aborting a running task terminates its thread; the pool starts a fresh one.
        return (await pool.run({ markdown, started }, { signal: stop.signal, transferList: [started] })) as RenderedMarkdown;
      } catch (error) {
        if (!stop.signal.aborted) why = error instanceof Error ? error.message : String(error);
        // A stuck input is the attacker's problem; anything else (a flood, a broken worker) is ours.
        const log = stop.signal.aborted && why.startsWith("took") ? console.warn : console.error;
        log(`markdown: kept ${markdown.length} characters as typed (${why})`);
        return { ...asTypedText(markdown), fellBack: true };
      } finally {
        clearTimeout(timer);
        startedHere.close();
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
