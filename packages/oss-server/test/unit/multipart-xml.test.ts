import { describe, expect, it } from "vitest";
import { parseCompleteBody } from "../../src/handlers/multipart-xml.js";
import { renderXml } from "../../src/http/xml.js";

describe("CompleteMultipartUpload body", () => {
  it("reads parts in document order with entity-decoded ETags", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<CompleteMultipartUpload>
<Part>
<PartNumber>2</PartNumber>
<ETag>&quot;BBB&quot;</ETag>
</Part>
<Part><PartNumber>1</PartNumber><ETag>"AAA"</ETag></Part>
</CompleteMultipartUpload>`;

    expect(parseCompleteBody(xml)).toEqual([
      { partNumber: 2, etag: '"BBB"' },
      { partNumber: 1, etag: '"AAA"' },
    ]);
  });

  it("refuses documents without parts or with incomplete ones", () => {
    expect(() => parseCompleteBody("<Other/>")).toThrow(/not well-formed/);
    expect(() => parseCompleteBody("<CompleteMultipartUpload></CompleteMultipartUpload>")).toThrow(
      /no Part/,
    );
    expect(() =>
      parseCompleteBody(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>",
      ),
    ).toThrow(/lacks/);
  });
});

describe("XML rendering", () => {
  it("escapes text, repeats arrays and skips undefined", () => {
    const xml = renderXml("R", { A: `<&"'>`, B: [{ C: 1 }, { C: 2 }], D: undefined, E: true });

    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<R><A>&lt;&amp;&quot;&apos;&gt;</A><B><C>1</C></B><B><C>2</C></B><E>true</E></R>',
    );
  });
});
