import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, readFileSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { ZipInspector } from "../src/index.js";
import { entrySpans } from "./central-directory-walk.js";

// Upload throughput in one process, for one archive: the bytes of a real upload's path (read in
// 64 KiB chunks, hashed, written to a file) with no inspection, with structural checks and with
// full verification; beside them the bare inflate-and-CRC loop, the most full verification can
// reach on one core. Usage: pnpm --filter @kura/zip bench [archive.zip] [rounds]

type Mode = "none" | "structure" | "full";

const DEFAULT_ARCHIVE = "/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip";
const CHUNK = 64 * 1024;
const WARM_UP_ROUNDS = 5;

const archive = process.argv[2] ?? DEFAULT_ARCHIVE;
const rounds = Number(process.argv[3] ?? 5);
if (!existsSync(archive)) {
  console.error(`No archive at ${archive}; pass one: pnpm --filter @kura/zip bench <file.zip>`);
  process.exit(2);
}

/** The work every upload does on its bytes, plus the inspector when there is one. */
function meter(inspector: ZipInspector | null): Transform {
  const hash = createHash("sha256");
  return new Transform({
    highWaterMark: 1,
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      hash.update(chunk);
      if (inspector === null) done(null, chunk);
      else inspector.write(chunk).then(() => done(null, chunk), done);
    },
    flush(done: TransformCallback) {
      hash.digest();
      if (inspector === null) done();
      else inspector.end().then(() => done(), done);
    },
  });
}

/** Wall time of one upload, and the CPU time all the process's threads spent on it. */
async function upload(mode: Mode, target: string): Promise<[number, number]> {
  const inspector = mode === "none" ? null : new ZipInspector({ verify: mode });
  const cpu = process.cpuUsage();
  const started = performance.now();
  await pipeline(
    createReadStream(archive, { highWaterMark: CHUNK }),
    meter(inspector),
    createWriteStream(target),
  );
  const used = process.cpuUsage(cpu);
  return [performance.now() - started, (used.user + used.system) / 1000];
}

function bareLoop(zip: Buffer): number {
  const spans = entrySpans(zip);
  const started = performance.now();
  for (const span of spans) {
    const data = zip.subarray(span.dataStart, span.dataStart + span.compressedSize);
    zlib.crc32(span.method === 8 ? zlib.inflateRawSync(data) : data);
  }
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

const dir = await mkdtemp(path.join(tmpdir(), "kura-bench-"));
try {
  const bytes = readFileSync(archive);
  const megabytes = bytes.byteLength / 1e6;
  const times: Record<Mode | "bare", number[]> = { none: [], structure: [], full: [], bare: [] };
  const cpu: Record<Mode | "bare", number[]> = { none: [], structure: [], full: [], bare: [] };
  const run = async (mode: Mode | "bare"): Promise<[number, number]> => {
    if (mode !== "bare") return upload(mode, path.join(dir, `${mode}.zip`));

    const before = process.cpuUsage();
    const ms = bareLoop(bytes);
    const used = process.cpuUsage(before);
    return [ms, (used.user + used.system) / 1000];
  };
  // Each comparison in its own rounds, as a server runs one mode: full verification's garbage,
  // collected while a structural run went on, slowed that run by a few percent. Within a round
  // the two alternate in order, so that a busy neighbour slows both alike. The first rounds are
  // not counted: the worker's parser runs its fastest code only after a few archives (the first
  // structural runs over src.zip took 130-210 ms, later ones 105-125), which a server has long
  // been past.
  for (const pair of [
    ["none", "structure"],
    ["full", "bare"],
  ] as const) {
    for (let round = -WARM_UP_ROUNDS; round < rounds; round++) {
      for (const mode of round % 2 === 0 ? pair : [pair[1], pair[0]]) {
        const [ms, cpuMs] = await run(mode);
        if (round < 0) continue;

        times[mode].push(ms);
        cpu[mode].push(cpuMs);
      }
    }
  }

  console.log(
    `${archive}: ${megabytes.toFixed(1)} MB, median of ${rounds} rounds ` +
      `after ${WARM_UP_ROUNDS} uncounted`,
  );
  console.log("  mode         wall ms   MB/s    CPU ms (all threads)");
  const rate = (ms: number) => megabytes / (ms / 1000);
  for (const [name, values] of Object.entries(times)) {
    const ms = median(values);
    const cpuMs = median(cpu[name as Mode | "bare"]);
    console.log(
      `  ${name.padEnd(10)} ${ms.toFixed(0).padStart(8)} ${rate(ms).toFixed(1).padStart(7)} ` +
        `${cpuMs.toFixed(0).padStart(9)}`,
    );
  }
  const ratio = (a: number[], b: number[]) => ((100 * median(b)) / median(a)).toFixed(1);
  console.log(`  structure / none: ${ratio(times.structure, times.none)}% (target >= 90%)`);
  console.log(`  full / bare loop: ${ratio(times.full, times.bare)}% (target >= 90%)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
