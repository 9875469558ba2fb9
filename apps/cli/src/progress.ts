import type { UploadProgress } from "@kura/sdk";
import { humanBytes } from "./format.js";
import type { Io } from "./io.js";

const BAR_WIDTH = 30;
const REDRAW_MS = 100;

/** One line of a progress bar, e.g. `[#######.......]  45%  2.1 MB / 4.7 MB  a.zip`. */
export function renderBar(name: string, { loaded, total }: UploadProgress): string {
  if (total === undefined || total === 0) return `${humanBytes(loaded)}  ${name}`;

  const fraction = Math.min(1, loaded / total);
  const filled = Math.round(fraction * BAR_WIDTH);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const bar = `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}]`;
  return `${bar} ${percent}  ${humanBytes(loaded)} / ${humanBytes(total)}  ${name}`;
}

/**
 * Reports an upload's progress on stderr: a bar redrawn in place on a terminal; elsewhere (a log,
 * a pipe) a plain line at each quarter, so logs stay readable.
 */
export function progressReporter(io: Io, name: string) {
  const tty = io.stderr.isTTY === true;
  let lastDraw = 0;
  let lastQuarter = -1;

  return {
    update(progress: UploadProgress): void {
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < REDRAW_MS && progress.loaded !== progress.total) return;
        lastDraw = now;
        io.stderr.write(`\r${renderBar(name, progress)}\u001b[K`);
        return;
      }
      if (progress.total === undefined || progress.total === 0) return;

      const quarter = Math.floor((progress.loaded / progress.total) * 4);
      if (quarter === lastQuarter) return;
      lastQuarter = quarter;
      io.stderr.write(`${name}: ${quarter * 25}% of ${humanBytes(progress.total)}\n`);
    },
    done(): void {
      if (tty) io.stderr.write("\r\u001b[K");
    },
  };
}
