/**
 * Query parameters in the order they were sent, percent-decoded. A plus sign stays a plus sign:
 * OSS clients encode spaces as %20, and a literal "+" in a value must survive for signing.
 */
export type Query = ReadonlyMap<string, string>;

export function parseQuery(search: string): Map<string, string> {
  const query = new Map<string, string>();
  const text = search.startsWith("?") ? search.slice(1) : search;

  if (text === "") return query;

  for (const pair of text.split("&")) {
    if (pair === "") continue;

    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    query.set(safeDecode(rawKey), safeDecode(rawValue));
  }
  return query;
}

/** Decodes percent escapes; a malformed escape is kept as written rather than failing. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
