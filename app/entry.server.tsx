import crypto from "node:crypto";
import { PassThrough, Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/components/nonce";
import fs from "node:fs";
import { databasePath, getDb } from "~/db/client.server";
import { serverPidFile } from "~/db/location.js";
import { repairCounters } from "~/services/integrity.server";
import { runJobsWhenWebWorkersAsk, startBackgroundJobs } from "~/services/jobs.server";
import { inlineScriptHashes, pageCache, storePage, ticketFor, type PageCacheTicket } from "~/services/page-cache.server";
import { loadLinkSecret } from "~/services/site.server";
import type { ProcessRole } from "~/utils/cluster.server";
import { noteStorageFailure, storageFailureOf, storageUnavailableResponse } from "~/utils/storage-errors.server";

const ABORT_DELAY = 5_000;

/** `npm run restore` reads this to refuse overwriting the database of a running server. */
function announceRunningServer(): void {
  const pidFile = serverPidFile(databasePath());
  fs.writeFileSync(pidFile, String(process.pid));
  process.on("exit", () => {
    if (fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8") === String(process.pid)) fs.rmSync(pidFile);
  });
}

/**
 * Scripts only from this site, plus the inline ones Remix writes, which carry this
 * response's nonce. Inline style attributes stay allowed: tag colours and the email
 * preview use them, and they cannot run code. Who may frame the board: FRAME_ANCESTORS
 * (default 'self').
 */
export function contentSecurityPolicy(nonce: string): string {
  return policyWithScripts(`'nonce-${nonce}'`);
}

/**
 * The same policy for a page served from the anonymous page cache (ADR 016): its copies go
 * to many visitors, so no nonce would stay secret; each inline script is allowed by its
 * sha256 instead, and nothing else inline runs.
 */
export function cachedPagePolicy(scriptHashes: string[]): string {
  return policyWithScripts(scriptHashes.join(" "));
}

function policyWithScripts(inlineScripts: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${inlineScripts}`.trimEnd(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' https: data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${process.env.FRAME_ANCESTORS ?? "'self'"}`,
  ].join("; ");
}

/** The anonymous page cache, for app/server.ts's lookup before Remix (one module instance with what handleRequest stores). */
export { pageCache };

/**
 * Called once by app/server.ts before it listens. The one process (WEB_CONCURRENCY=1) or a
 * cluster's primary migrates the database, keeps the pid file and runs every background job;
 * a cluster's web worker only opens the database the primary migrated and reads the link
 * secret the primary made (ADR 018).
 */
export function onServerStart(role: ProcessRole = "single"): void {
  getDb();
  loadLinkSecret();
  if (role === "web-worker") return;
  repairCounters();
  announceRunningServer();
  startBackgroundJobs();
  if (role === "primary") runJobsWhenWebWorkersAsk();
}

/**
 * Every error a loader, action or render throws comes here. A storage failure (SQLite
 * read-only, full, I/O error, cannot open) is noted on the request's load context, so
 * the response becomes a 503 with Retry-After instead of a 500 (see app/server.ts).
 */
export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }): void {
  if (request.signal.aborted) return;
  if (noteStorageFailure(error, request, context)) return;
  console.error(error);
}

/** A single-fetch data request whose handling hit a storage failure gets the 503 page too, like a document. */
export const handleDataRequest: HandleDataRequestFunction = async (response, { request, context }) => {
  if (!storageFailureOf(context)) return response;
  await response.body?.cancel().catch(() => undefined);
  return storageUnavailableResponse(request);
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Nothing to render once storage failed: the small 503 page needs no database.
  if (storageFailureOf(loadContext)) return storageUnavailableResponse(request);
  const matches = remixContext.staticHandlerContext.matches;
  const ticket = ticketFor(loadContext, matches[matches.length - 1]?.route.id);
  if (ticket && responseStatusCode === 200 && !responseHeaders.has("set-cookie")) {
    return renderForCache(ticket, request, responseHeaders, remixContext);
  }
  // Bots and no-JS clients get the whole document at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  const nonce = crypto.randomBytes(16).toString("base64");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          // The other security headers are set on every response by app/server.ts (helmet).
          responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce));
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * A visitor's public page (the lookup in app/server.ts gave it a ticket): rendered whole,
 * with no nonce, its inline scripts allowed by hash, then stored with its compressed copies
 * and answered with the copy a hit would send.
 */
async function renderForCache(ticket: PageCacheTicket, request: Request, responseHeaders: Headers, remixContext: EntryContext): Promise<Response> {
  let failed = false;
  const html = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        resolve(Buffer.concat(chunks));
        callback();
      },
    });
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      onAllReady() {
        pipe(sink);
      },
      onShellError: reject,
      onError(error: unknown) {
        failed = true;
        console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set("Content-Security-Policy", cachedPagePolicy(inlineScriptHashes(html.toString("utf8"))));
  // A render that failed part-way is answered as rendered, as a 500, and not kept.
  if (failed) return new Response(bytesOf(html), { status: 500, headers: responseHeaders });
  const page = await storePage(ticket, 200, [...responseHeaders.entries()], html);
  const { encoding, body } = pageCache.encodingFor(page, request.headers.get("accept-encoding") ?? undefined);
  return new Response(request.method === "HEAD" ? null : bytesOf(body), { status: 200, headers: pageCache.responseHeadersFor(page, encoding, body, false) });
}

function bytesOf(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.length);
}
