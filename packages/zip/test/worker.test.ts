import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { MessageChannel, Worker } from "node:worker_threads";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { ZipInspector, ZipRejection } from "../dist/index.js";
import { connectInflater, inflateBatch, useInflaterFrom } from "../dist/inflate-worker.js";
import { buildZip } from "./support/builder.js";
import { inspect } from "./support/inspect.js";

// The inspector hands its bytes to a worker thread through a 1 MiB shared buffer; these cases are
// about that hand-over: order, size, many at once, and giving up.

const text = "Stored in the storehouse. ".repeat(400);

function archive(files: number, prefix = "f"): Buffer {
  return buildZip({
    entries: Array.from({ length: files }, (_, index) => ({
      name: `${prefix}/${index}.txt`,
      data: `${text}${index}`,
      descriptor: index % 2 === 0 ? ("signed" as const) : undefined,
    })),
  });
}

describe("the hand-over to the inspection worker", () => {
  it("keeps the order of writes made without waiting for each", async () => {
    const zip = archive(300);
    const inspector = new ZipInspector();
    const writes: Promise<void>[] = [];
    for (let at = 0; at < zip.byteLength; at += 1000) {
      writes.push(inspector.write(zip.subarray(at, at + 1000)));
    }
    const [summary] = await Promise.all([inspector.end(), ...writes]);
    expect(summary.entryCount).toBe(300);
    expect(summary.entries[299]?.path).toBe("f/299.txt");
    expect(summary.verified).toBe(true);
  });

  it("takes a chunk several times larger than its buffer, and copies it", async () => {
    const big = randomBytes(3 * 1024 * 1024 + 17);
    const zip = buildZip({
      entries: [
        { name: "big.bin", data: big, method: 0 },
        { name: "small.txt", data: text },
      ],
    });
    const inspector = new ZipInspector();
    const write = inspector.write(zip);
    // The caller may reuse its memory once the write settles: the inspector holds a copy.
    await write;
    zip.fill(0);
    const summary = await inspector.end();
    expect(summary.entries.map((entry) => [entry.path, entry.size])).toEqual([
      ["big.bin", big.byteLength],
      ["small.txt", text.length],
    ]);
  });

  it("keeps many inspections at once apart", async () => {
    const cases = Array.from({ length: 12 }, (_, index) => {
      const zip = archive(20 + index, `a${index}`);
      // Every third archive is cut short and must be refused, without touching the others.
      return index % 3 === 2 ? zip.subarray(0, zip.byteLength - 30) : zip;
    });
    const verdicts = await Promise.all(
      cases.map((zip, index) =>
        inspect(zip, 4096 + index).then(
          (summary) => summary.entries.at(-1)?.path,
          (error: unknown) => (error instanceof ZipRejection ? error.reason : String(error)),
        ),
      ),
    );
    expect(verdicts).toEqual(
      cases.map((_, index) => (index % 3 === 2 ? "truncated" : `a${index}/${19 + index}.txt`)),
    );
  });

  it("rejects pending and later calls once aborted, and goes on serving others", async () => {
    const zip = archive(2000);
    const inspector = new ZipInspector();
    await inspector.write(zip.subarray(0, 100_000));
    const reason = new Error("the client went away");
    inspector.abort(reason);
    await expect(inspector.write(zip.subarray(100_000))).rejects.toBe(reason);
    await expect(inspector.end()).rejects.toBe(reason);
    inspector.abort();

    const summary = await inspect(zip);
    expect(summary.entryCount).toBe(2000);
  });

  it("builds the entries on first read, and they serialise like plain data", async () => {
    const summary = await inspect(archive(3));
    const copy = JSON.parse(JSON.stringify(summary)) as typeof summary;
    expect(copy.entries.map((entry) => entry.path)).toEqual(["f/0.txt", "f/1.txt", "f/2.txt"]);
    expect(summary.entries).toBe(summary.entries);
    expect(summary.entries[0]?.modifiedAt).toBeInstanceOf(Date);
  });

  // Run with --input-type=module: the workers must not take the process's flags.
  it("starts the worker ahead on request, and an idle worker lets the process exit", () => {
    const dist = new URL("../dist/index.js", import.meta.url).href;
    const script = `
      const { ZipInspector } = await import(${JSON.stringify(dist)});
      await ZipInspector.warmUp();
      await ZipInspector.warmUp();
      const inspector = new ZipInspector({ verify: "full" });
      await inspector.write(Buffer.from(${JSON.stringify(archive(2).toString("base64"))}, "base64"));
      const summary = await inspector.end();
      console.log(summary.entryCount);
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect([run.status, run.signal, run.stdout.trim(), run.stderr]).toEqual([0, null, "2", ""]);
  });

  it("gives the earliest failure whatever the timing of the inflation worker", async () => {
    // A bad CRC-32 in the first entry, found on the inflation worker, and a clash and a
    // traversal much later, found by the parser: the first entry's failure is the verdict.
    const zip = buildZip({
      entries: [
        { name: "bad.txt", data: text, crc: 1 },
        ...Array.from({ length: 120 }, (_, index) => ({
          name: `f${index}.bin`,
          data: randomBytes(3000),
        })),
        { name: "f0.bin", data: "again" },
        { name: "x/../../evil", data: "out" },
      ],
    });
    const verdicts = new Set<string>();
    for (const chunk of [5, 7, 100, 4096, 65536, zip.byteLength]) {
      for (let round = 0; round < 4; round++) {
        const error = await inspect(zip, chunk).catch((caught: ZipRejection) => caught);
        verdicts.add(`${(error as ZipRejection).reason} ${(error as ZipRejection).entry}`);
      }
    }
    expect([...verdicts]).toEqual(["crc_mismatch bad.txt"]);
  });

  it("survives an entry with no data at all, and serves the next archive", async () => {
    // Nothing to inflate makes a batch of no bytes for the inflation worker.
    const empty = buildZip({
      entries: [{ name: "nothing.txt", data: "declared", compressed: new Uint8Array(0) }],
    });
    const error = await inspect(empty).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZipRejection);
    const summary = await inspect(archive(40));
    expect(summary.entryCount).toBe(40);
  });

  it("fails the batches out when the inflation worker dies, and opens a new line after", async () => {
    // A stand-in inflation worker that dies on its first batch.
    const doomed = new Worker(
      `require("node:worker_threads").parentPort.on("message", ({ line }) =>
        line.on("message", () => process.exit(7)));`,
      { eval: true },
    );
    doomed.on("error", () => {});
    let opened = 0;
    useInflaterFrom(async () => {
      opened++;
      if (opened > 1) return connectInflater();

      const { port1, port2 } = new MessageChannel();
      doomed.postMessage({ line: port1 }, [port1]);
      return port2;
    });
    try {
      const batch = () => {
        const input = zlib.deflateRawSync(text);
        return inflateBatch(input, [{ offset: 0, length: input.byteLength, cap: text.length + 1 }]);
      };
      await expect(batch()).rejects.toThrow("The inflation worker stopped.");
      const [result] = await batch();
      expect(result).toEqual({
        kind: "ok",
        size: text.length,
        crc32: zlib.crc32(text),
        consumed: zlib.deflateRawSync(text).byteLength,
      });
      expect(opened).toBe(2);
    } finally {
      useInflaterFrom(() => Promise.resolve(connectInflater()));
      await doomed.terminate();
    }
  });

  it("does not grow with the number of inspections made", async () => {
    // Each inspection uses a megabyte of shared memory and some chunk buffers; they are reused,
    // not left for the collector, which lets thousands pile up before it runs.
    const zip = archive(2);
    const before = process.memoryUsage().rss;
    for (let round = 0; round < 3000; round++) await inspect(zip, 4096);
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(256 * 1024 * 1024);
  });
});

/** The nice value of each thread of this process (Linux). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const thread of readdirSync("/proc/self/task")) {
    const stat = readFileSync(`/proc/self/task/${thread}/stat`, "utf8");
    // Fields after the command's closing parenthesis; the nice value is the 19th field of all.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    nices.set(Number(thread), Number(fields[16]));
  }
  return nices;
}

describe("the inspection worker's priority", () => {
  it.runIf(process.platform === "linux")(
    "runs below the receiving thread, at nice 10",
    async () => {
      await inspect(archive(3));
      const nices = threadNices();
      const own = nices.get(process.pid) as number;
      // A thread cannot raise its priority back, so in a process already at 10 or more it stays
      // there; otherwise 10 is the worker's alone.
      expect([...nices.values()]).toContain(Math.max(10, own));
    },
  );

  it.runIf(process.platform === "linux")(
    "starts the inflation worker at the receiving thread's priority, not the walk's",
    async () => {
      const own = threadNices().get(process.pid) as number;
      const summary = await inspect(archive(40), 4096, { verify: "full" });
      expect(summary.verified).toBe(true);
      const lowered = [...threadNices().values()].filter((nice) => nice === Math.max(10, own));
      // Only the walk runs at 10; a process already there has every thread there.
      expect(lowered.length === 1 || own >= 10).toBe(true);
    },
  );

  it("refuses a nice value that is not an integer from 0 to 19", () => {
    for (const nice of [-1, 20, 1.5, Number.NaN]) {
      expect(() => ZipInspector.configureWorker({ nice })).toThrow(RangeError);
    }
  });
});
