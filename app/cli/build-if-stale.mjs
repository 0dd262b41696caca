// `npm start`, first step: runs `npm run build` only when the build is missing or older than
// something it is built from, so a restart with nothing changed starts at once.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import remixConfig from "../../remix.config.js";

const buildDir = remixConfig.buildDirectory;

// What `npm run build` writes: the browser's files, the Remix server build, the HTTP server.
const OUTPUTS = ["client/assets", "server/index.js", "server.js"].map((file) => path.join(buildDir, file));

// What the build reads: the app, the static files, the build's configuration, and the
// installed dependencies (npm rewrites node_modules/.package-lock.json on every install).
const SOURCES = [
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

/** The newest file or folder under `entry` (a folder's time changes when a file in it is added, removed or renamed). */
function newest(entry) {
  if (!fs.existsSync(entry)) return null;
  let found = { file: entry, mtimeMs: fs.statSync(entry).mtimeMs };
  if (fs.statSync(entry).isDirectory()) {
    for (const name of fs.readdirSync(entry, { recursive: true })) {
      const file = path.join(entry, String(name));
      const { mtimeMs } = fs.statSync(file);
      if (mtimeMs > found.mtimeMs) found = { file, mtimeMs };
    }
  }
  return found;
}

/** Why a build is needed, or null when the build is newer than all its sources. */
function staleness() {
  const missing = OUTPUTS.find((file) => !fs.existsSync(file));
  if (missing) return `${missing} is missing`;
  const builtAt = Math.min(...OUTPUTS.map((file) => fs.statSync(file).mtimeMs));
  const changed = SOURCES.map(newest)
    .filter((source) => source !== null)
    .find((source) => source.mtimeMs > builtAt);
  return changed ? `${changed.file} changed after the last build` : null;
}

const reason = staleness();
if (reason === null) {
  console.log(`${buildDir}/ is up to date with its sources: starting without a build.`);
} else {
  console.log(`Building (${reason}).`);
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
