import { type GraphQLErrorPayload, KuraError, KuraNetworkError } from "../errors.js";

/**
 * Reads a GraphQL response body: the data when there are no errors, a {@link KuraError} when the
 * server refused, a {@link KuraNetworkError} when the body is not a GraphQL response at all.
 */
export function interpretResponse<T>(status: number, text: string): T {
  let body: { data?: unknown; errors?: GraphQLErrorPayload[] };
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new KuraNetworkError(
      `The server answered ${status} with a body that is not GraphQL: ${text.slice(0, 200)}`,
      { cause, status },
    );
  }

  if (Array.isArray(body?.errors) && body.errors.length > 0) {
    throw new KuraError(body.errors, status);
  }
  if (!body || typeof body !== "object" || body.data === undefined || body.data === null) {
    throw new KuraNetworkError(`The server answered ${status} without data or errors.`, {
      status,
    });
  }
  return body.data as T;
}

/** Wraps what `fetch` or XMLHttpRequest threw, keeping an abort as the caller's own reason. */
export function networkFailure(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason ?? error;
  if (error instanceof KuraError || error instanceof KuraNetworkError) return error;

  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error | undefined)?.message;
  return new KuraNetworkError(`Could not reach the Kura server${detail ? `: ${detail}` : ""}.`, {
    cause: error,
  });
}
