/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload: node --require loads it before the server's first import */
// Counts how often the router flattens and ranks the route tree (issue 15, item 2), without
// touching node_modules: preloaded into a built server, it adds counters to
// @remix-run/router's CommonJS build as Node loads it (server-runtime, @remix-run/react and
// react-router all load that one file). `kill -USR2 <pid>` writes the counts as JSON.
//
//   DATABASE_PATH=/tmp/copy.db PORT=4712 node --require ./tests/bench/count-route-matches.cjs build/server.js &
//   curl -s localhost:4712/ >/dev/null; kill -USR2 $!          # warm; then diff two dumps around N requests
//
// COUNT_ROUTE_MATCHES_OUT names the file (default /tmp/route-matches.json); COUNT_ROUTE_MATCHES_STACKS=1
// also records where each match came from.
const Module = require("node:module");
const fs = require("node:fs");

const counts = {
  matchRoutes: 0,
  flattenRoutes: 0,
  rankRouteBranches: 0,
  compilePath: 0,
  createStaticHandler: 0,
  convertRoutesToDataRoutes: 0,
  createStaticRouter: 0,
  stacks: [],
};
globalThis.__routeMatchCounts = counts;
const count = (name, when = "true") => `if (${when}) globalThis.__routeMatchCounts.${name}++;`;
const stack = "if (process.env.COUNT_ROUTE_MATCHES_STACKS) globalThis.__routeMatchCounts.stacks.push(new Error().stack.split('\\n').slice(2, 6).join(' | '));";

function instrument(source, name, code) {
  const at = new RegExp(`function ${name}\\(([^)]*)\\) \\{`);
  if (!at.test(source)) throw new Error(`count-route-matches: ${name} not found; the router changed`);
  return source.replace(at, (declaration) => `${declaration} ${code}`);
}

const load = Module._extensions[".js"];
Module._extensions[".js"] = function (module, filename) {
  let source = null;
  if (filename.endsWith("@remix-run/router/dist/router.cjs.js")) {
    source = fs.readFileSync(filename, "utf8");
    source = instrument(source, "matchRoutesImpl", count("matchRoutes") + stack);
    // Top-level calls only: it recurses with `branches` given.
    source = instrument(source, "flattenRoutes", count("flattenRoutes", "branches === void 0"));
    source = instrument(source, "rankRouteBranches", count("rankRouteBranches"));
    source = instrument(source, "compilePath", count("compilePath"));
    source = instrument(source, "createStaticHandler", count("createStaticHandler"));
    source = instrument(source, "convertRoutesToDataRoutes", count("convertRoutesToDataRoutes", "parentPath === void 0 || parentPath.length === 0"));
  } else if (filename.endsWith("react-router-dom/server.js")) {
    source = instrument(fs.readFileSync(filename, "utf8"), "createStaticRouter", count("createStaticRouter"));
  }
  if (source === null) return load.call(this, module, filename);
  module._compile(source, filename);
};

process.on("SIGUSR2", () => {
  fs.writeFileSync(process.env.COUNT_ROUTE_MATCHES_OUT || "/tmp/route-matches.json", JSON.stringify(counts, null, 1));
});
