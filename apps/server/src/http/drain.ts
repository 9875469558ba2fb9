import type { Server, ServerResponse } from "node:http";

/**
 * Lets a server stop without cutting requests in flight. Once `drain` starts, the listener stops
 * accepting, every response still to be sent (and any request that arrives on an open
 * connection) says `connection: close`, and each connection closes as soon as its last response
 * is out. Connections that outlive the grace period are cut.
 */
export class ConnectionDrainer {
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;

  constructor(private readonly server: Server) {
    // Before the route handler, so that a response answered at once still gets the header.
    server.prependListener("request", (_req, res: ServerResponse) => this.track(res));
  }

  /** Requests whose responses are not finished yet. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Resolves true when every connection closed within `graceMs`, false when some were cut. */
  async drain(graceMs: number): Promise<boolean> {
    this.draining = true;
    for (const res of this.inFlight) closeAfter(res);

    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();

    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<true>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs);
    });
    const cut = await Promise.race([closed.then(() => false as const), expired]);
    clearTimeout(timer);
    if (cut) {
      this.server.closeAllConnections();
      await closed;
    }
    return !cut;
  }

  private track(res: ServerResponse): void {
    this.inFlight.add(res);
    if (this.draining) closeAfter(res);

    res.once("close", () => {
      this.inFlight.delete(res);
      // A keep-alive connection that just went idle would otherwise hold `close` open until its
      // keep-alive timeout.
      if (this.draining) setImmediate(() => this.server.closeIdleConnections());
    });
  }
}

function closeAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader("connection", "close");
}
