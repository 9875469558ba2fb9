import { describe, expect, it } from "vitest";
import { multipartBody, randomBoundary } from "../../src/upload/multipart.js";
import { openPortable } from "../../src/upload/source.js";

async function collect(parts: AsyncIterable<Uint8Array>): Promise<Blob> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  for await (const part of parts) chunks.push(part as Uint8Array<ArrayBuffer>);
  return new Blob(chunks);
}

describe("multipartBody", () => {
  it("is a form any multipart parser reads back: operations, map, then the file", async () => {
    const bytes = new Uint8Array(140_000).map((_, i) => i % 251);
    const file = openPortable(bytes, { filename: 'a "quoted"\r\nname 名.zip' });
    if (!file) throw new Error("bytes must open");
    const boundary = randomBoundary();
    let counted = 0;

    const body = await collect(
      multipartBody(
        boundary,
        { query: "mutation { x }", variables: { file: null }, filePath: "variables.file" },
        file,
        (n) => {
          counted += n;
        },
      ),
    );

    // undici's own form parser is the witness that the framing is right.
    const form = await new Response(body, {
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    }).formData();
    expect([...form.keys()]).toEqual(["operations", "map", "0"]);
    expect(JSON.parse(form.get("operations") as string)).toEqual({
      query: "mutation { x }",
      variables: { file: null },
    });
    expect(JSON.parse(form.get("map") as string)).toEqual({ 0: ["variables.file"] });
    const sent = form.get("0") as File;
    // Escaped as browsers escape it, and read back as it was.
    expect(sent.name).toBe('a "quoted"\r\nname 名.zip');
    expect(sent.type).toBe("application/zip");
    expect(new Uint8Array(await sent.arrayBuffer())).toEqual(bytes);
    expect(counted).toBe(bytes.length);
  });

  it("refuses a stream of text rather than send it mangled", async () => {
    async function* text() {
      yield "PK" as unknown as Uint8Array;
    }
    const parts = multipartBody(
      "b",
      { query: "q", variables: {}, filePath: "variables.file" },
      { filename: "a.zip", contentType: "application/zip", size: undefined, chunks: text },
      () => {},
    );
    await expect(collect(parts)).rejects.toThrow(/bytes/);
  });
});
