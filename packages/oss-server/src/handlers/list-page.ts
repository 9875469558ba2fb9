import { compareKeys } from "../store/object-store.js";

export interface ListRequest {
  prefix: string;
  delimiter: string;
  /** List only keys after this one (start-after, marker, or a continuation token's key). */
  after: string;
  /** Whether `after` is a common prefix already returned: all keys under it are skipped too. */
  afterIsPrefix: boolean;
  maxKeys: number;
}

export interface ListPage<T> {
  contents: T[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned; where the next page starts. */
  last: { value: string; isPrefix: boolean } | undefined;
}

/**
 * One page of a listing over keys sorted in UTF-8 byte order: keys past `after` under `prefix`,
 * with keys sharing a segment up to `delimiter` rolled into one common prefix. Contents and
 * common prefixes together count against `maxKeys`.
 */
export function listPage<T extends { key: string }>(
  sorted: readonly T[],
  request: ListRequest,
): ListPage<T> {
  const page: ListPage<T> = { contents: [], commonPrefixes: [], truncated: false, last: undefined };

  for (const item of sorted) {
    const { key } = item;
    if (!key.startsWith(request.prefix)) continue;
    if (request.after !== "" && compareKeys(key, request.after) <= 0) continue;
    if (request.afterIsPrefix && key.startsWith(request.after)) continue;

    const rest = key.slice(request.prefix.length);
    const cut = request.delimiter === "" ? -1 : rest.indexOf(request.delimiter);
    const commonPrefix =
      cut === -1 ? undefined : request.prefix + rest.slice(0, cut + request.delimiter.length);
    if (commonPrefix !== undefined && commonPrefix === page.last?.value) continue;

    if (page.contents.length + page.commonPrefixes.length >= request.maxKeys) {
      page.truncated = true;
      break;
    }

    if (commonPrefix === undefined) {
      page.contents.push(item);
      page.last = { value: key, isPrefix: false };
    } else {
      page.commonPrefixes.push(commonPrefix);
      page.last = { value: commonPrefix, isPrefix: true };
    }
  }
  return page;
}
