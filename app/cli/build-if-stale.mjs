// `npm start`, first step: runs `npm run build` only when the build is missing or older than
// something it is built from, so a restart with nothing changed starts at once.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import remixConfig from "../../remix.config.js";
import { sourceChangedAfter } from "./build-sources.mjs";

const buildDir = remixConfig.buildDirectory;

// What `npm run build` writes: the browser's files, the Remix server build, the HTTP server.
const OUTPUTS = ["client/assets", "server/index.js", "server.js"].map((file) => path.join(buildDir, file));

/** Why a build is needed, or null when the build is newer than all its sources. */
function staleness() {
  const missing = OUTPUTS.find((file) => !fs.existsSync(file));
  if (missing) return `${missing} is missing`;
  const builtAt = Math.min(...OUTPUTS.map((file) => fs.statSync(file).mtimeMs));
  const changed = sourceChangedAfter(process.cwd(), builtAt);
  return changed ? `${changed} changed after the last build` : null;
}

const reason = staleness();
if (reason === null) {
  console.log(`${buildDir}/ is up to date with its sources: starting without a build.`);
} else {
  console.log(`Building (${reason}).`);
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
