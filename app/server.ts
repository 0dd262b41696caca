// The production HTTP server: security headers, the request log, static files, the request
// guards every action relies on, and the Remix handler (ADR 001, ADR 011). `npm run build`
// compiles it to build/server.js, next to the app it serves; `npm start` runs that file.
// React and Remix pick their production code paths from this; `npm start` is production.
process.env.NODE_ENV ??= "production";

import cluster from "node:cluster";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import url from "node:url";
import zlib from "node:zlib";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from "express";
import helmet from "helmet";
import morgan from "morgan";
import type { PageCache, PageCacheTicket } from "~/services/page-cache.server";
import {
  primaryHasStarted,
  roleOfThisProcess,
  StartupSettingError,
  superviseWebWorkers,
  webConcurrencyFrom,
  type ProcessRole,
  type WebConcurrency,
} from "~/utils/cluster.server";
import type { AppLoadContext } from "~/utils/request.server";
import { isHttpsRequest } from "~/utils/request-scheme";
import {
  loggablePath,
  logStorageFailure,
  noteStorageFailure,
  storageErrorCode,
  storageUnavailablePage,
  storageUnavailableResponse,
} from "~/utils/storage-errors.server";

const MAX_BODY_BYTES = 1024 * 1024;
/**
 * The one route allowed a larger body: the admin's import upload (issue 14), which takes a
 * file of up to 20 MB (IMPORT_MAX_FILE_BYTES) plus the form around it, and streams it to a
 * temporary file. `.data` is the same action submitted by Remix's client.
 */
const LARGER_BODY_LIMITS: Record<string, number> = {
  "/admin/import": 21 * 1024 * 1024,
  "/admin/import.data": 21 * 1024 * 1024,
};
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** This server's origin as the browser sees it: https behind a TLS proxy that says so (as the Secure cookie flag). */
function ownOrigin(req: Request): string {
  const scheme = isHttpsRequest(req.protocol, req.get("x-forwarded-proto")) ? "https" : "http";
  return new URL(`${scheme}://${req.get("host")}`).origin;
}

/** Every non-GET request must come from this site: CSRF protection without tokens. */
const sameOriginGuard: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  // The JSON API takes no cookie, only a bearer key, which a browser never sends on its
  // own: there is no ambient authority for another site to borrow (issue 14).
  if (req.path.startsWith("/api/")) return next();
  const fetchSite = req.get("sec-fetch-site");
  const origin = req.get("origin");
  let crossSite = fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none";
  if (!crossSite && origin !== undefined) {
    try {
      // The whole origin (scheme, host and port), never the host alone: a page on
      // http://this-host must not post to https://this-host.
      crossSite = origin === "null" || new URL(origin).origin !== ownOrigin(req);
    } catch {
      crossSite = true;
    }
  }
  if (crossSite) {
    res.status(403).type("text/plain").send("This request came from another site and was refused.");
    return;
  }
  next();
};

/** Refuses oversized bodies before anything reads them. */
const bodySizeGuard: RequestHandler = (req, res, next) => {
  const declared = Number(req.get("content-length") ?? 0);
  if (declared > (LARGER_BODY_LIMITS[req.path] ?? MAX_BODY_BYTES)) {
    res.status(413).type("text/plain").send("The request is too large.");
    return;
  }
  next();
};

/**
 * Every response, whatever answers it (a page, the RSS feed, a JSON route, a static file, a
 * guard's refusal, the 503 page), carries the same security headers. The one exception is the
 * Content-Security-Policy: it holds a fresh nonce per page, so entry.server sets it.
 */
function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: false,
    // Not helmet's "no-referrer": with it, browsers send `Origin: null` on every form post,
    // and the same-origin guard refuses those.
    referrerPolicy: { policy: "same-origin" },
    // X-Frame-Options can name no other site: when FRAME_ANCESTORS lets one frame the
    // board, the CSP's frame-ancestors alone decides.
    xFrameOptions: process.env.FRAME_ANCESTORS ? false : { action: "sameorigin" },
    // Browsers ignore it over plain http. Without includeSubDomains: the board's host says
    // nothing about other sites under the same domain.
    strictTransportSecurity: { maxAge: ONE_YEAR_SECONDS, includeSubDomains: false },
  });
}

/** LOG_REQUESTS=0 turns the request log off, LOG_REQUESTS=1 on; by default it is on, except under NODE_ENV=test. */
function requestLogWanted(): boolean {
  const setting = process.env.LOG_REQUESTS;
  if (setting !== undefined && setting !== "") return !["0", "false", "off", "no"].includes(setting.toLowerCase());
  return process.env.NODE_ENV !== "test";
}

/**
 * One line per request, written when the response is done. The path goes through
 * loggablePath (no sign-up, reset, CSAT or unsubscribe secret); the query string and the
 * Referer are left out, since they may carry the same secrets or a visitor's search.
 */
function requestLog(): RequestHandler {
  morgan.token<Request>("loggable-path", (req) => loggablePath(req.originalUrl.split("?")[0]));
  return morgan<Request>(':remote-addr ":method :loggable-path" :status :res[content-length] :response-time ms');
}

/**
 * Loaders and actions that hit a storage failure (SQLite read-only, full, I/O error) throw
 * the 503 page instead. A resource route answers with it as thrown; for a page or a
 * single-fetch data request, entry.server sees the failure noted on the load context and
 * answers with the same page whatever Remix rendered.
 */
function answeringStorageFailures(build: ServerBuild): ServerBuild {
  const guard =
    <Args extends { request: globalThis.Request; context: unknown }, Result>(handler: (args: Args) => Result) =>
    async (args: Args): Promise<Awaited<Result>> => {
      try {
        return await handler(args);
      } catch (error) {
        if (noteStorageFailure(error, args.request, args.context)) throw storageUnavailableResponse(args.request);
        throw error;
      }
    };
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const { loader, action } = route.module;
    routes[id] = { ...route, module: { ...route.module, ...(loader && { loader: guard(loader) }), ...(action && { action: guard(action) }) } };
  }
  return { ...build, routes };
}

/** Storage failures that escape Remix get the same 503 page; anything else goes to Express. */
const storageErrorPage: ErrorRequestHandler = (error, req, res, next) => {
  const code = storageErrorCode(error);
  if (res.headersSent || !code) return next(error);
  logStorageFailure(code, req.method, req.path, error);
  const page = storageUnavailablePage(req.get("accept-language") ?? null);
  res.status(page.status).set(page.headers).send(page.html);
};

/**
 * A visitor's public page from the anonymous page cache (ADR 016), before Remix runs: a hit
 * is answered here with the stored copy its Accept-Encoding takes (compressed once, when it
 * was stored), and skips routing, loaders and rendering. A miss goes on to Remix with a
 * ticket on res.locals, which the load context carries to entry.server to store the page.
 * The cache lives in the server build's module graph (entry.server exports it): this file is
 * compiled apart from it, and storing and serving must share one instance.
 */
function servingCachedPages(cache: PageCache): RequestHandler {
  return (req, res, next) => {
    cache
      .lookUpPage({ method: req.method, url: req.originalUrl, cookie: req.get("cookie"), acceptLanguage: req.get("accept-language") })
      .then((lookup) => {
        if (lookup && "page" in lookup) {
          const { encoding, body } = cache.encodingFor(lookup.page, req.get("accept-encoding"));
          res.status(lookup.page.status);
          for (const [name, value] of cache.responseHeadersFor(lookup.page, encoding, body, true)) res.setHeader(name, value);
          res.end(req.method === "HEAD" ? undefined : body);
          return;
        }
        if (lookup) {
          res.locals.pageCacheTicket = lookup.ticket;
          res.once("close", () => cache.ticketFinished(lookup.ticket));
        }
        next();
      })
      // A lookup that fails (the generation unreadable) leaves the request to Remix, uncached.
      .catch(() => next());
  };
}

function pageCacheOf(build: ServerBuild): PageCache | null {
  const entry: object = build.entry.module;
  return "pageCache" in entry ? (entry.pageCache as PageCache) : null;
}

/**
 * entry.server's start-up for this process's part: the one process, or a cluster's primary, migrates
 * the database and runs the link secret, counter repair, the pid file and the background jobs;
 * a cluster's web worker only opens the database the primary migrated (ADR 018).
 */
function startApp(build: ServerBuild, role: ProcessRole): void {
  const entry = build.entry.module;
  if (!("onServerStart" in entry) || typeof entry.onServerStart !== "function") throw new Error("The server build has no onServerStart: run `npm run build`.");
  entry.onServerStart(role);
}

/** The Remix build this file was compiled next to (`npm run build` writes both into build/, or $BUILD_DIR). */
async function loadBuild(): Promise<{ build: ServerBuild; buildDir: string }> {
  const buildDir = path.dirname(url.fileURLToPath(import.meta.url));
  const serverEntry = path.join(buildDir, "server/index.js");
  if (!fs.existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: run \`npm run build\` (or \`npm start\`, which builds when needed).`);
  const build: ServerBuild = await import(url.pathToFileURL(serverEntry).href);
  return { build, buildDir };
}

function createApp(build: ServerBuild, buildDir: string): express.Express {
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
  app.use(securityHeaders());
  if (requestLogWanted()) app.use(requestLog());
  const pageCache = pageCacheOf(build);
  // Before compression(): a cached page is sent as stored, already compressed.
  if (pageCache) app.use(servingCachedPages(pageCache));
  // Pages that are not cached are compressed per response: brotli 3 and gzip 4 cost 1.2 and
  // 3.1 ms on a 159 KB board page where the defaults (4 and 6) cost 2.5 and 4.6 ms, for
  // 6 % and 3 % more bytes (ADR 016).
  app.use(compression({ level: 4, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 3 } } }));
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  app.use(bodySizeGuard);
  app.use(sameOriginGuard);
  app.all(
    "*",
    createRequestHandler({
      build: answeringStorageFailures(build),
      getLoadContext: (req, res): AppLoadContext => {
        const context: AppLoadContext = {
          clientIp: req.ip,
          drained: () =>
            res.writableNeedDrain && !res.destroyed
              ? new Promise<void>((resolve) => {
                  const done = () => {
                    res.off("drain", done).off("close", done);
                    resolve();
                  };
                  res.once("drain", done).once("close", done);
                })
              : Promise.resolve(),
        };
        const ticket: PageCacheTicket | undefined = res.locals.pageCacheTicket;
        if (ticket && pageCache) pageCache.attachTicket(context, ticket);
        return context;
      },
    }),
  );
  app.use(storageErrorPage);
  return app;
}

/** What the start log says: where the board can be reached from, and how to narrow it. */
function listeningMessage(address: AddressInfo): string {
  if (address.address === "0.0.0.0" || address.address === "::") {
    return (
      `Closeloop is listening on port ${address.port} of every network interface (HOST=${address.address}): ` +
      `http://localhost:${address.port} on this machine. Set HOST=127.0.0.1 to accept connections from this machine only.`
    );
  }
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `Closeloop is listening on http://${host}:${address.port} only (HOST=${address.address}).`;
}

/** WEB_CONCURRENCY, or a one-line start-up error for a value that cannot be right (not a stack trace). */
function webConcurrencyOrExit(): WebConcurrency {
  try {
    return webConcurrencyFrom(process.env.WEB_CONCURRENCY);
  } catch (error) {
    if (!(error instanceof StartupSettingError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/**
 * TEST_WORKER_PID_HEADER=1 (the cluster tests only) names the process that answered, so a test
 * can see its requests spread over the workers. Never on by default: a pid is nobody else's business.
 */
function answeringPidHeader(app: express.Express): http.RequestListener {
  if (process.env.TEST_WORKER_PID_HEADER !== "1") return app;
  return (req, res) => {
    res.setHeader("X-Test-Worker-Pid", String(process.pid));
    app(req, res);
  };
}

/** Serves HTTP in this process: the one process, or one of a cluster's web workers (which share the port). */
function serveHttp(build: ServerBuild, buildDir: string, role: ProcessRole): void {
  const server = http.createServer(answeringPidHeader(createApp(build, buildDir)));
  server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? "0.0.0.0", () => {
    // In cluster mode the primary says it once, when every worker listens.
    const address = server.address();
    if (role === "single" && address && typeof address === "object") console.log(listeningMessage(address));
  });
  const shutdown = () => server.close(() => process.exit(0));
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

/**
 * The cluster's primary: keeps `workers` web workers serving; SIGTERM or SIGINT stops them, then
 * it. They are forked before the primary loads the build, so start-up costs one build load, not
 * two in a row; call the function it returns once this process has started the app.
 */
function superviseCluster(workers: number): () => void {
  let stopping = false;
  let markStarted = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const stopAll = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    void supervisor.stop().then(() => process.exit(exitCode));
  };
  const supervisor = superviseWebWorkers({
    workers,
    started,
    onListening: (address) => {
      const pids = Object.values(cluster.workers ?? {}).map((worker) => worker?.process.pid);
      console.log(`Cluster mode: ${workers} web workers (pids ${pids.join(", ")}) serve HTTP and run no background jobs.`);
      console.log(listeningMessage(address));
    },
    onGiveUp: (reason) => {
      console.error(`Closeloop is stopping: ${reason}`);
      stopAll(1);
    },
  });
  process.on("SIGTERM", () => stopAll(0));
  process.on("SIGINT", () => stopAll(0));
  return markStarted;
}

const { workers, capNote } = webConcurrencyOrExit();
const role = roleOfThisProcess(workers);
let primaryStarted: (() => void) | undefined;
if (role === "primary") {
  if (capNote) console.warn(capNote);
  console.log(`Cluster mode: this primary (pid ${process.pid}) migrates the database and runs every background job; it forks ${workers} web workers.`);
  primaryStarted = superviseCluster(workers);
}
const { build, buildDir } = await loadBuild();
// A web worker opens the database only once the primary has migrated it.
if (role === "web-worker") await primaryHasStarted();
startApp(build, role);
if (primaryStarted) primaryStarted();
else serveHttp(build, buildDir, role);
