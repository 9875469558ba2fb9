import { describe, expect, it } from "vitest";
import { describeUpload, uploadForm, uploadHeaders } from "../src/upload-request";

describe("uploadForm", () => {
  it("lays out a GraphQL multipart request: operations, map, then the file as part 0", async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x05, 0x06]);
    const form = uploadForm(new Blob([bytes]), "ア-archive.zip", "ab".repeat(32));

    expect([...form.keys()]).toEqual(["operations", "map", "0"]);
    const operations = JSON.parse(String(form.get("operations")));
    expect(operations.query).toMatch(/uploadZip\(file: \$file, sha256: \$sha256\)/);
    expect(operations.variables).toEqual({ file: null, sha256: "ab".repeat(32) });
    expect(JSON.parse(String(form.get("map")))).toEqual({ 0: ["variables.file"] });
    const file = form.get("0") as File;
    expect(file.name).toBe("ア-archive.zip");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
  });

  it("sends a null sha256 when none is given", () => {
    const form = uploadForm(new Blob([]), "a.zip");

    expect(JSON.parse(String(form.get("operations"))).variables.sha256).toBeNull();
  });
});

describe("uploadHeaders", () => {
  it("keeps the editor's headers and adds the CSRF header Kura requires", () => {
    const headers = uploadHeaders({ authorization: "Bearer t0ken", "x-request-id": "r1" });

    expect(headers.get("authorization")).toBe("Bearer t0ken");
    expect(headers.get("x-request-id")).toBe("r1");
    expect(headers.get("apollo-require-preflight")).toBe("true");
  });

  it("leaves content-type to the browser, which alone knows the multipart boundary", () => {
    const headers = uploadHeaders({ "Content-Type": "application/json" });

    expect(headers.has("content-type")).toBe(false);
  });

  it("works with no headers at all", () => {
    expect(uploadHeaders(undefined).get("apollo-require-preflight")).toBe("true");
  });
});

describe("describeUpload", () => {
  it("names the stored file and its id", () => {
    const outcome = describeUpload({ data: { uploadZip: { id: "0190-ab", filename: "a.zip" } } });

    expect(outcome).toEqual({ ok: true, summary: "Stored a.zip as 0190-ab." });
  });

  it("leads with the error code from extensions", () => {
    const outcome = describeUpload({
      data: null,
      errors: [{ message: "Not a ZIP archive.", extensions: { code: "INVALID_ZIP" } }],
    });

    expect(outcome).toEqual({ ok: false, summary: "INVALID_ZIP: Not a ZIP archive." });
  });

  it("does not claim success for an answer without an upload", () => {
    expect(describeUpload({ data: { uploadZip: null } }).ok).toBe(false);
  });
});
