// Prints how much memory the SDK's Node upload takes for a large file: the client's peak RSS
// should stay near its baseline whatever the file's size, since the body is streamed from disk.
// Usage: pnpm --filter @kura/sdk bench [FILE]   (default: the JDK's src.zip)
import { stat } from "node:fs/promises";
import { startKuraProcess } from "@kura/test-kura";
import { createClient } from "../dist/index.js";

const file = process.argv[2] ?? "/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip";
const { size } = await stat(file);
const kura = await startKuraProcess();
try {
  const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let events = 0;
  const started = performance.now();

  const upload = await createClient({ url: kura.url }).uploadZip(file, {
    onProgress: () => {
      events += 1;
      peak = Math.max(peak, process.memoryUsage().rss);
    },
  });

  const seconds = (performance.now() - started) / 1000;
  console.log(`file            ${mib(size)} (${upload.entryCount} entries)`);
  console.log(
    `client rss     baseline ${mib(baseline)}, peak ${mib(peak)}, growth ${mib(peak - baseline)}`,
  );
  console.log(`progress       ${events} events`);
  console.log(
    `duration       ${seconds.toFixed(2)} s (${mib(size / seconds)}/s, server on the same machine)`,
  );
} finally {
  await kura.stop();
}
