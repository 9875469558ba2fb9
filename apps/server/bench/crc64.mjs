// Prints the throughput of Kura's CRC-64 (built to dist/) next to the byte-at-a-time version of
// the OSS protocol server, over 256 MiB of random bytes fed in 64 KiB chunks.
import { randomBytes } from "node:crypto";
import { Crc64 as ByteAtATime } from "@kura/oss-server";
import { Crc64 } from "../dist/storage/crc64.js";

const CHUNK = 64 * 1024;
const TOTAL = 256 * 1024 * 1024;
const chunk = randomBytes(CHUNK);

function measure(name, run) {
  run(); // warm up the JIT
  const started = process.hrtime.bigint();
  const result = run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const mbPerSecond = TOTAL / 1024 / 1024 / seconds;
  console.log(`${name.padEnd(34)} ${mbPerSecond.toFixed(0).padStart(6)} MiB/s  (crc ${result})`);
}

measure("Kura Crc64 (slicing by 8)", () => {
  const crc = new Crc64();
  for (let done = 0; done < TOTAL; done += CHUNK) crc.update(chunk);
  return crc.digestDecimal();
});

measure("oss-server Crc64 (byte at a time)", () => {
  const crc = new ByteAtATime();
  for (let done = 0; done < TOTAL; done += CHUNK) crc.update(chunk);
  return crc.digestDecimal();
});
