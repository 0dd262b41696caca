// The production HTTP server: static files, the request guards every action relies
// on, and the Remix handler. `npm start` builds the app and then runs this file.
// React and Remix pick their production code paths from this; `npm start` is production.
process.env.NODE_ENV ??= "production";

import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/node";
// The adapter's own request/response conversion, so the handler below can swap the response.
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import compression from "compression";
import express from "express";
import { isHttpsRequest } from "./utils/request-scheme.js";

const MAX_BODY_BYTES = 1024 * 1024;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** This server's origin as the browser sees it: https behind a TLS proxy that says so (as the Secure cookie flag). */
function ownOrigin(req) {
  const scheme = isHttpsRequest(req.protocol, req.get("x-forwarded-proto")) ? "https" : "http";
  return new URL(`${scheme}://${req.get("host")}`).origin;
}

/** Every non-GET request must come from this site: CSRF protection without tokens. */
export function sameOriginGuard(req, res, next) {
  if (SAFE_METHODS.has(req.method)) return next();
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
}

/** Refuses oversized bodies before anything reads them. */
export function bodySizeGuard(req, res, next) {
  const declared = Number(req.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) {
    res.status(413).type("text/plain").send("The request is too large.");
    return;
  }
  next();
}

/**
 * The Remix handler. When handling the request hit a storage failure (entry.server's
 * handleError notes it on the load context), the answer is a 503 with Retry-After,
 * whatever Remix rendered: a document, a resource route or a single-fetch payload.
 */
function remixHandler(build) {
  const handle = createRequestHandler(build, process.env.NODE_ENV);
  const entry = build.entry.module;
  return async (req, res, next) => {
    try {
      const request = createRemixRequest(req, res);
      const loadContext = { clientIp: req.ip };
      let response = await handle(request, loadContext);
      if (entry.storageFailureOf(loadContext)) {
        await response.body?.cancel().catch(() => undefined);
        response = entry.storageUnavailableResponse(request);
      }
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/** Storage errors that escape Remix still get the 503; anything else goes to Express. */
function storageErrorHandler(build) {
  const entry = build.entry.module;
  return (error, req, res, next) => {
    if (res.headersSent || !entry.storageErrorCode(error)) return next(error);
    console.error(`storage unavailable (${entry.storageErrorCode(error)}) during ${req.method} ${entry.loggablePath(req.path)}`);
    res.status(503).set("Retry-After", "30").type("text/plain").send("Storage is unavailable. Please try again in a moment.");
  };
}

export async function createServer({ root = process.cwd() } = {}) {
  const buildDir = path.resolve(root, process.env.BUILD_DIR ?? "build");
  const build = await import(url.pathToFileURL(path.join(buildDir, "server/index.js")).href);
  build.entry.module.onServerStart?.();
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
  app.use(compression());
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  app.use(bodySizeGuard);
  app.use(sameOriginGuard);
  app.all("*", remixHandler(build));
  app.use(storageErrorHandler(build));
  return app;
}

const isMain = process.argv[1] && url.pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (isMain) {
  const app = await createServer();
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const server = app.listen(port, host, () => {
    console.log(`Closeloop is listening on http://localhost:${port}`);
  });
  const shutdown = () => server.close(() => process.exit(0));
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
