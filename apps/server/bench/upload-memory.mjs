// Prints the server's peak memory while it takes archives of growing size. Streaming means the
// peak stays flat as the archive grows. Run after `pnpm build`:
//   pnpm --filter @kura/server bench:memory [sizes in MiB, default 16 128 512]
import { execFileSync, spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";

const sizesMiB = process.argv.slice(2).map(Number).filter(Boolean);
const SIZES = sizesMiB.length > 0 ? sizesMiB : [16, 128, 512];
const BOUNDARY = "kura-bench";
const MAIN = path.resolve(import.meta.dirname, "../dist/main.js");

/** A stored (uncompressed) archive of random bytes, written by Python's zipfile in 1 MiB steps. */
function makeArchive(file, mib) {
  const script = [
    "import os, sys, zipfile",
    "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED, allowZip64=True) as z:",
    "    with z.open('payload.bin', 'w', force_zip64=True) as f:",
    "        for _ in range(int(sys.argv[2])): f.write(os.urandom(1 << 20))",
  ].join("\n");
  execFileSync("python3", ["-c", script, file, String(mib)]);
}

function startServer(dataDir) {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      PORT: "0",
      HOST: "127.0.0.1",
      KURA_DATA_DIR: dataDir,
      KURA_MAX_UPLOAD_BYTES: String(4 * 1024 ** 3),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buffered = "";
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      for (const line of buffered.split("\n")) {
        if (line.includes('"server.listening"')) resolve({ child, url: JSON.parse(line).url });
      }
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function peakRssMiB(pid) {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function currentRssMiB(pid) {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function upload(url, file, size) {
  const operations = JSON.stringify({
    query: "mutation($f: File!) { uploadZip(file: $f) { id size } }",
    variables: { f: null },
  });
  const head = Buffer.from(
    [
      `--${BOUNDARY}`,
      'Content-Disposition: form-data; name="operations"',
      "",
      operations,
      `--${BOUNDARY}`,
      'Content-Disposition: form-data; name="map"',
      "",
      '{"0":["variables.f"]}',
      `--${BOUNDARY}`,
      'Content-Disposition: form-data; name="0"; filename="bench.zip"',
      "Content-Type: application/zip",
      "",
      "",
    ].join("\r\n"),
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(`${url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
        "content-length": head.length + size + tail.length,
        "apollo-require-preflight": "true",
      },
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => resolve(JSON.parse(body)));
    });
    req.on("error", reject);
    req.write(head);
    const source = createReadStream(file);
    source.pipe(req, { end: false });
    source.on("end", () => req.end(tail));
  });
}

const work = await mkdtemp(path.join(tmpdir(), "kura-bench-memory-"));
const { child, url } = await startServer(path.join(work, "data"));
try {
  console.log(`server idle RSS: ${(await currentRssMiB(child.pid)).toFixed(1)} MiB`);
  console.log("archive MiB | upload s | MiB/s | server peak RSS MiB (since start)");
  for (const mib of SIZES) {
    const file = path.join(work, `archive-${mib}.zip`);
    makeArchive(file, mib);
    const { size } = await stat(file);
    const started = performance.now();
    const result = await upload(url, file, size);
    const seconds = (performance.now() - started) / 1000;
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    const peak = await peakRssMiB(child.pid);
    console.log(
      `${String(mib).padStart(11)} | ${seconds.toFixed(2).padStart(8)} | ${(size / 1024 ** 2 / seconds).toFixed(0).padStart(5)} | ${peak.toFixed(1)}`,
    );
    await rm(file);
  }
} finally {
  child.kill("SIGTERM");
  await rm(work, { recursive: true, force: true });
}
