// What a production build is made from, shared by `npm start` (build-if-stale.mjs) and the
// test build (tests/helpers/test-build.ts): a change to any of these makes a build stale.
import fs from "node:fs";
import path from "node:path";

/** The app, the static files, the build's configuration, the installed dependencies (npm rewrites node_modules/.package-lock.json on every install), and .env. */
export const BUILD_SOURCES = [
  "app",
  "public",
  "package.json",
  "package-lock.json",
  "node_modules/.package-lock.json",
  "remix.config.js",
  "vite.config.ts",
  "vite.server.config.ts",
  "tailwind.config.ts",
  "postcss.config.js",
  "tsconfig.json",
  ".env",
];

/**
 * The newest change under `entry`, as { file, mtimeMs }, or null when it does not exist.
 * A folder's own time counts too: it changes when a file in it is added, removed or renamed.
 */
export function newestChange(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return null;
  let found = { file: entry, mtimeMs: stat.mtimeMs };
  if (!stat.isDirectory()) return found;
  for (const name of fs.readdirSync(entry)) {
    const inner = newestChange(path.join(entry, name));
    if (inner && inner.mtimeMs > found.mtimeMs) found = inner;
  }
  return found;
}

/** The first source under `root` changed after `builtAtMs`, or null when the build is newer than all of them. */
export function sourceChangedAfter(root, builtAtMs) {
  for (const source of BUILD_SOURCES) {
    const newest = newestChange(path.join(root, source));
    if (newest && newest.mtimeMs > builtAtMs) return newest.file;
  }
  return null;
}
