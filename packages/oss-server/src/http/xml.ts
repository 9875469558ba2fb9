/** Escapes text for an XML element body or attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    if (entity === "lt") return "<";
    if (entity === "gt") return ">";
    if (entity === "quot") return '"';
    if (entity === "apos") return "'";
    if (entity === "amp") return "&";
    if (entity.startsWith("#x")) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
  });
}

/** A tiny element tree for building responses: `{ Key: "a", Size: 3 }` or nested arrays. */
export type XmlValue = string | number | boolean | XmlNode | XmlNode[] | undefined;
export interface XmlNode {
  [tag: string]: XmlValue | XmlValue[];
}

function renderValue(tag: string, value: XmlValue | XmlValue[]): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value.map((item) => renderValue(tag, item)).join("");
  if (typeof value === "object") return `<${tag}>${renderNode(value)}</${tag}>`;
  return `<${tag}>${escapeXml(String(value))}</${tag}>`;
}

function renderNode(node: XmlNode): string {
  return Object.entries(node)
    .map(([tag, value]) => renderValue(tag, value))
    .join("");
}

/** Renders a document with OSS's XML declaration and one root element. */
export function renderXml(root: string, node: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderValue(root, node)}`;
}
