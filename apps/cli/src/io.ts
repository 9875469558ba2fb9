import { EXIT } from "./exit-codes.js";

/** Where a command writes, and what it knows of its surroundings; tests give their own. */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

export function line(stream: NodeJS.WritableStream, text = ""): void {
  stream.write(`${text}\n`);
}

/** The server has no upload by this id: said on stderr, and exit 1 like any refusal. */
export function notFound(io: Io, id: string): number {
  line(io.stderr, `kura: NOT_FOUND: no upload with id ${id}`);
  return EXIT.refused;
}
