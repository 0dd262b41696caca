// Preloaded into the server by `npm run bench -- --cpu-prof` (NODE_OPTIONS=--import …; Node refuses
// --cpu-prof in NODE_OPTIONS). Starts the V8 sampling profiler and writes
// tests/bench/results/CPU.<label>.<pid>.cpuprofile when the server is stopped (SIGTERM) or exits.
import fs from "node:fs";
import inspector from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_CPU_PROF_DIR ?? path.resolve("tests/bench/results");
const label = process.env.BENCH_CPU_PROF_LABEL ?? "server";
const session = new inspector.Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.setSamplingInterval", { interval: 1000 });
session.post("Profiler.start");

let written = false;
function write() {
  if (written) return;
  written = true;
  // The in-process inspector session answers synchronously.
  session.post("Profiler.stop", (error, result) => {
    if (error) return;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `CPU.${label}.${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
}
process.prependListener("SIGTERM", write);
process.on("exit", write);
