import type { IncomingMessage } from "node:http";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { OssError } from "../errors.js";
import type { FaultAction } from "./fault-rule.js";

/** What the request pipeline does after the faults that fired were applied. */
export interface FaultOutcome {
  /** The socket is gone; nothing more to do. */
  stopped: boolean;
  body: Readable;
  corruptCrc: boolean;
}

const ERROR_CODES: Record<number, string> = {
  500: "InternalError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

/** Applies fired actions in order: refuse and error end the request, the others shape it. */
export async function applyFaults(
  req: IncomingMessage,
  actions: readonly FaultAction[],
): Promise<FaultOutcome> {
  const outcome: FaultOutcome = { stopped: false, body: req, corruptCrc: false };

  for (const action of actions) {
    switch (action.type) {
      case "refuse":
        req.socket.destroy();
        return { ...outcome, stopped: true };
      case "delay":
        await sleep(action.ms);
        break;
      case "cut":
        outcome.body = req.pipe(cutAfter(req, action.afterBytes));
        break;
      case "wrongCrc":
        outcome.corruptCrc = true;
        break;
      case "error":
        throw new OssError(
          action.code ?? ERROR_CODES[action.status] ?? "InternalError",
          action.status,
          action.message ?? "Injected fault.",
        );
    }
  }
  return outcome;
}

/** Passes bytes through until `limit` have arrived, then drops the connection. */
function cutAfter(req: IncomingMessage, limit: number): Transform {
  let received = 0;

  const cut = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      received += chunk.length;
      if (received < limit) {
        done(null, chunk);
        return;
      }

      req.socket.destroy();
      done(new Error(`connection cut by fault after ${limit} body bytes`));
    },
  });
  // The request is piped in at once, but the handler reads the body only after its own awaits;
  // a cut that comes first must not be an unhandled 'error'. The handler still sees it: reading a
  // destroyed stream fails.
  cut.on("error", () => {});
  return cut;
}
