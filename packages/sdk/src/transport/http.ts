import { networkFailure } from "./response.js";

/** The `fetch` the client uses: the caller's, or the platform's own. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Everything a request needs from the client's options. */
export interface Endpoint {
  url: string;
  fetch: FetchLike;
  headers(): Promise<Record<string, string>>;
}

/** Sends one request; answers the status and body text, or throws a network failure. */
export async function send(
  endpoint: Endpoint,
  init: RequestInit & { duplex?: "half" },
): Promise<{ status: number; text: string }> {
  const signal = init.signal ?? undefined;
  try {
    const response = await endpoint.fetch(endpoint.url, init);
    return { status: response.status, text: await response.text() };
  } catch (error) {
    throw networkFailure(error, signal);
  }
}
