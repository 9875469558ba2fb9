/** What `kura` exits with; scripts rely on these numbers. */
export const EXIT = {
  ok: 0,
  /** The server answered and refused (its code is printed). */
  refused: 1,
  /** The command line was wrong: unknown option, missing argument, unreadable file. */
  usage: 2,
  /** The server could not be reached, or did not answer as Kura. */
  network: 3,
} as const;

/** A mistake on the command line; printed with a hint and ends with exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
