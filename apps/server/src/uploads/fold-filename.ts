/**
 * The form of a file name that `filenameContains` searches: Unicode NFKC (so half-width ｶﾅ finds
 * カナ, and a decomposed é finds a composed one), then lower case. Done here rather than in SQL so
 * that SQLite (whose lower() knows ASCII only) and MySQL (whose collations equate every emoji)
 * find exactly the same rows.
 */
export function foldFilename(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}
