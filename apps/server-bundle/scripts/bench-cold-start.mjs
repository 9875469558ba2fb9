// Cold start: the median time from spawning the production server to its first 200 from /readyz,
// on the embedded default (SQLite + local folder, a fresh data folder each run, so migrations run
// too). Prints figures; asserts nothing. Usage:
//   node scripts/bench-cold-start.mjs [--runs N] [--dir PRODUCTION_DIR] [--entry FILE]
// Without --dir it first builds the production folder (scripts/build-production.sh) under /tmp.
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort, readyzStatus } from "./probe.mjs";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "15" },
    dir: { type: "string" },
    entry: { type: "string", default: "bundle/server.mjs" },
  },
});
const runs = Number(values.runs);
const repo = path.resolve(import.meta.dirname, "../../..");

let dir = values.dir;
if (dir === undefined) {
  dir = path.join(await mkdtemp(path.join(tmpdir(), "kura-bench-")), "production");
  execFileSync("bash", [path.join(repo, "scripts/build-production.sh"), dir], { stdio: "inherit" });
}

/**
 * CPU seconds the process has used (user + system, from /proc): on a shared machine the wall time
 * includes waiting for a core, the CPU time does not.
 * @param {number} pid
 */
async function cpuMs(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

async function oneRun() {
  const dataDir = await mkdtemp(path.join(tmpdir(), "kura-bench-data-"));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [values.entry], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: "127.0.0.1",
      KURA_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    },
    stdio: "ignore",
  });
  try {
    const deadline = started + 30_000;
    while (performance.now() < deadline) {
      if ((await readyzStatus(port)) === 200) {
        const wall = performance.now() - started;
        return { wall, cpu: await cpuMs(child.pid ?? 0) };
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    throw new Error("no 200 from /readyz within 30 s");
  } finally {
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    await rm(dataDir, { recursive: true, force: true });
  }
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await oneRun());

/** @param {number[]} values */
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (/** @type {number | undefined} */ t) => `${(t ?? Number.NaN).toFixed(0)} ms`;
  return `median ${ms(sorted[Math.floor(sorted.length / 2)])}, min ${ms(sorted[0])}, max ${ms(sorted.at(-1))}`;
}
console.log(
  `cold start of ${values.entry}, ${runs} runs, a fresh data folder each (target < 300 ms)`,
);
console.log(`  process start -> first 200 from /readyz: ${summary(results.map((r) => r.wall))}`);
console.log(`  CPU time used by then (user + system):   ${summary(results.map((r) => r.cpu))}`);
