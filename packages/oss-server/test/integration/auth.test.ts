import { describe, expect, it } from "vitest";
import { rawRequest, xmlField } from "../helpers/raw-request.js";
import { ACCESS_KEY_ID, BUCKET, caught, createClient, startTestServer } from "../helpers/server.js";
import { startTamperProxy } from "../helpers/tamper-proxy.js";

describe.each([{ sldEnable: false }, { sldEnable: true }])(
  "V1 header signatures (sldEnable $sldEnable)",
  ({ sldEnable }) => {
    it("accepts the right credentials", async () => {
      await using t = await startTestServer();

      const put = await t.client({ sldEnable }).put("auth/ok.txt", Buffer.from("ok"));

      expect(put.res.status).toBe(200);
    });

    it("answers SignatureDoesNotMatch to a wrong secret, with OSS's XML error", async () => {
      await using t = await startTestServer();

      const error = await caught(() =>
        t
          .client({ sldEnable, accessKeySecret: "not-the-secret" })
          .put("auth/x.txt", Buffer.from("x")),
      );

      expect(error.status).toBe(403);
      expect(error.code).toBe("SignatureDoesNotMatch");
      expect(error.requestId).toMatch(/^[0-9A-F]{24}$/);
      expect(t.server.inspect.objects(BUCKET)).toEqual([]);
    });

    it("answers InvalidAccessKeyId to an unknown key id", async () => {
      await using t = await startTestServer();

      const error = await caught(() =>
        t.client({ sldEnable, accessKeyId: "nobody" }).get("auth/x.txt"),
      );

      expect(error.status).toBe(403);
      expect(error.code).toBe("InvalidAccessKeyId");
    });

    it("signs and verifies keys with spaces, plus, percent and non-ASCII characters", async () => {
      await using t = await startTestServer();
      const client = t.client({ sldEnable });
      const key = "上传/a b+c%25 d%/ファイル (1).zip";

      await client.put(key, Buffer.from("special"));

      expect((await client.get(key)).content.toString()).toBe("special");
      expect((await client.head(key)).status).toBe(200);
      expect(t.server.inspect.objects(BUCKET).map((o) => o.key)).toEqual([key]);
    });
  },
);

describe("requests without a valid signature", () => {
  it("refuses an anonymous request with AccessDenied and OSS's XML body", async () => {
    await using t = await startTestServer();

    const response = await rawRequest(`${t.server.url}/kura/anything.txt`);

    expect(response.status).toBe(403);
    expect(response.headers["content-type"]).toBe("application/xml");
    expect(xmlField(response.body, "Code")).toBe("AccessDenied");
    expect(xmlField(response.body, "Message")).toBeTruthy();
    expect(xmlField(response.body, "RequestId")).toBe(response.headers["x-oss-request-id"]);
    expect(xmlField(response.body, "HostId")).toBe(new URL(t.server.url).host);
  });

  it("refuses a request whose x-oss-meta header was changed after signing", async () => {
    await using t = await startTestServer();
    await using proxy = await startTamperProxy(t.server.url, (headers) => {
      if (headers["x-oss-meta-owner"] !== undefined) headers["x-oss-meta-owner"] = "mallory";
    });

    const error = await caught(() =>
      createClient(proxy.url).put("tamper/meta.txt", Buffer.from("x"), {
        meta: { owner: "alice", uid: 0, pid: 0 },
      }),
    );

    expect(error.code).toBe("SignatureDoesNotMatch");
    expect(t.server.inspect.objects(BUCKET)).toEqual([]);
  });

  it("refuses a request whose Content-Type was changed after signing", async () => {
    await using t = await startTestServer();
    await using proxy = await startTamperProxy(t.server.url, (headers) => {
      headers["content-type"] = "text/html";
    });

    const error = await caught(() =>
      createClient(proxy.url).put("tamper/type.zip", Buffer.from("x")),
    );

    expect(error.code).toBe("SignatureDoesNotMatch");
  });

  it("passes the same requests through an untouched proxy (control for the two above)", async () => {
    await using t = await startTestServer();
    await using proxy = await startTamperProxy(t.server.url, () => {});

    await createClient(proxy.url).put("tamper/none.txt", Buffer.from("x"), {
      meta: { owner: "alice", uid: 0, pid: 0 },
    });

    expect(t.server.inspect.objects(BUCKET).map((o) => o.key)).toEqual(["tamper/none.txt"]);
  });

  it("refuses a request dated an hour off with RequestTimeTooSkewed", async () => {
    await using t = await startTestServer();
    const skewed = t.client({ amendTimeSkewed: -60 * 60 * 1000 } as object);

    const error = await caught(() => skewed.get("any.txt"));

    expect(error.status).toBe(403);
    expect(error.code).toBe("RequestTimeTooSkewed");
  });
});

describe("STS security tokens", () => {
  const sts = {
    accessKeyId: "STS.temp",
    accessKeySecret: "temp-secret",
    securityToken: "token-123",
  };
  // The interval only silences ali-oss's advice to refresh tokens; nothing refreshes here.
  const stsClient = (token: string | undefined) => ({
    accessKeyId: sts.accessKeyId,
    accessKeySecret: sts.accessKeySecret,
    refreshSTSTokenInterval: 3_600_000,
    ...(token === undefined ? {} : { stsToken: token }),
  });

  it("accepts the configured token and refuses a wrong or missing one", async () => {
    await using t = await startTestServer({ credentials: [sts] });

    await t.client(stsClient("token-123")).put("sts/ok.txt", Buffer.from("ok"));
    const wrong = await caught(() => t.client(stsClient("token-999")).get("sts/ok.txt"));
    const missing = await caught(() => t.client(stsClient(undefined)).get("sts/ok.txt"));

    expect(t.server.inspect.objects(BUCKET).map((o) => o.key)).toEqual(["sts/ok.txt"]);
    expect(wrong.code).toBe("InvalidSecurityToken");
    expect(missing.code).toBe("InvalidSecurityToken");
  });

  it("accepts signed URLs carrying the token", async () => {
    await using t = await startTestServer({ credentials: [sts] });
    await t.client(stsClient("token-123")).put("sts/url.txt", Buffer.from("via url"));
    const signer = createClient(`http://localhost:${t.server.port}`, {
      sldEnable: true,
      ...stsClient("token-123"),
    });

    const url = new URL(signer.signatureUrl("sts/url.txt", { expires: 60 }));
    url.hostname = "127.0.0.1";
    const response = await fetch(url);

    expect(url.searchParams.get("security-token")).toBe("token-123");
    expect(await response.text()).toBe("via url");
  });
});

describe("V4 signatures (authorizationV4)", () => {
  it("puts, lists, gets and deletes with OSS4-HMAC-SHA256", async () => {
    await using t = await startTestServer();
    const client = t.client({ authorizationV4: true });
    const key = "v4/日本語 a+b%.txt";

    await client.put(key, Buffer.from("v4 body"), { meta: { owner: "alice", uid: 0, pid: 0 } });
    const listed = await client.listV2({ prefix: "v4/", "max-keys": "10" });
    const got = await client.get(key);
    await client.delete(key);

    expect(listed.objects.map((o) => o.name)).toEqual([key]);
    expect(got.content.toString()).toBe("v4 body");
    expect(t.server.inspect.objects(BUCKET)).toEqual([]);
  });

  it("refuses a V4 request made with a wrong secret", async () => {
    await using t = await startTestServer();

    const error = await caught(() =>
      t
        .client({ authorizationV4: true, accessKeySecret: "wrong" })
        .put("v4/x.txt", Buffer.from("x")),
    );

    expect(error.code).toBe("SignatureDoesNotMatch");
  });

  it("works path style and for multipart uploads", async () => {
    await using t = await startTestServer();
    const client = t.client({ authorizationV4: true, sldEnable: true });
    const part = Buffer.alloc(1000, 7);

    const { uploadId } = await client.initMultipartUpload("v4/mp.zip");
    const p1 = await client.uploadPart("v4/mp.zip", uploadId, 1, part, 0, part.length);
    await client.completeMultipartUpload("v4/mp.zip", uploadId, [{ number: 1, etag: p1.etag }]);

    expect(t.server.inspect.objects(BUCKET).map((o) => o.key)).toEqual(["v4/mp.zip"]);
  });
});

describe("signed URLs (signatureUrl)", () => {
  /** ali-oss refuses to sign URLs for an IP endpoint; it signs for localhost and we fetch 127.0.0.1. */
  function signer(port: number, sldEnable = true) {
    return createClient(`http://localhost:${port}`, { sldEnable });
  }

  function loopback(signed: string): URL {
    const url = new URL(signed);
    url.hostname = "127.0.0.1";
    return url;
  }

  it("serves a GET with response-content-disposition carrying an RFC 5987 file name", async () => {
    await using t = await startTestServer();
    await t.client().put("urls/報告 2024+final%.zip", Buffer.from("zip bytes"));
    const disposition = `attachment; filename*=UTF-8''${encodeURIComponent("報告 2024+final%.zip")}`;

    const url = signer(t.server.port).signatureUrl("urls/報告 2024+final%.zip", {
      expires: 300,
      response: { "content-disposition": disposition, "content-type": "application/zip" },
    });
    const response = await fetch(loopback(url));

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("zip bytes");
    expect(response.headers.get("content-disposition")).toBe(disposition);
    expect(response.headers.get("content-type")).toBe("application/zip");
  });

  it("serves a virtual-hosted signed URL (bucket in Host)", async () => {
    await using t = await startTestServer();
    await t.client().put("urls/vhost.txt", Buffer.from("vhost"));

    const url = new URL(
      signer(t.server.port, false).signatureUrl("urls/vhost.txt", { expires: 300 }),
    );
    const response = await rawRequest(`${t.server.url}${url.pathname}${url.search}`, {
      headers: { host: url.host },
    });

    expect(url.host).toBe(`kura.localhost:${t.server.port}`);
    expect(response.status).toBe(200);
    expect(response.body).toBe("vhost");
  });

  it("accepts a signed PUT URL", async () => {
    await using t = await startTestServer();
    const url = signer(t.server.port).signatureUrl("urls/put.zip", {
      method: "PUT",
      expires: 300,
      "Content-Type": "application/zip",
    });

    const response = await fetch(loopback(url), {
      method: "PUT",
      headers: { "Content-Type": "application/zip" },
      body: "uploaded",
    });

    expect(response.status).toBe(200);
    expect((await t.client().get("urls/put.zip")).content.toString()).toBe("uploaded");
  });

  it("refuses an expired URL with AccessDenied", async () => {
    await using t = await startTestServer();
    await t.client().put("urls/old.txt", Buffer.from("old"));

    const url = signer(t.server.port).signatureUrl("urls/old.txt", { expires: -60 });
    const response = await fetch(loopback(url));
    const body = await response.text();

    expect(response.status).toBe(403);
    expect(xmlField(body, "Code")).toBe("AccessDenied");
    expect(xmlField(body, "Message")).toBe("Request has expired.");
  });

  it("refuses a URL whose response override was altered", async () => {
    await using t = await startTestServer();
    await t.client().put("urls/a.txt", Buffer.from("a"));
    const url = loopback(
      signer(t.server.port).signatureUrl("urls/a.txt", {
        expires: 300,
        response: { "content-disposition": "attachment" },
      }),
    );

    url.searchParams.set("response-content-disposition", "inline");
    const response = await fetch(url);

    expect(response.status).toBe(403);
    expect(xmlField(await response.text(), "Code")).toBe("SignatureDoesNotMatch");
  });

  it("refuses a URL signed with an unknown key id", async () => {
    await using t = await startTestServer();
    const url = createClient(`http://localhost:${t.server.port}`, {
      sldEnable: true,
      accessKeyId: "nobody",
    }).signatureUrl("urls/a.txt", { expires: 300 });

    const response = await fetch(loopback(url));

    expect(response.status).toBe(403);
    expect(xmlField(await response.text(), "Code")).toBe("InvalidAccessKeyId");
    expect(ACCESS_KEY_ID).not.toBe("nobody");
  });
});

describe("V4 signed URLs (signatureUrlV4)", () => {
  it("serves a GET and refuses it once expired or altered", async () => {
    await using t = await startTestServer();
    const client = t.client({ sldEnable: true, authorizationV4: true });
    await client.put("v4url/日本 a+b.txt", Buffer.from("v4 url"));
    const disposition = `attachment; filename*=UTF-8''${encodeURIComponent("日本 a+b.txt")}`;

    const good = await client.signatureUrlV4(
      "GET",
      300,
      { queries: { "response-content-disposition": disposition } },
      "v4url/日本 a+b.txt",
    );
    const expired = await client.signatureUrlV4("GET", 1, undefined, "v4url/日本 a+b.txt");
    const altered = new URL(good);
    altered.searchParams.set("response-content-disposition", "inline");

    const ok = await fetch(good);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("v4 url");
    expect(ok.headers.get("content-disposition")).toBe(disposition);
    expect(xmlField(await (await fetch(altered)).text(), "Code")).toBe("SignatureDoesNotMatch");
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const late = await fetch(expired);
    expect(late.status).toBe(403);
    expect(xmlField(await late.text(), "Message")).toBe("Request has expired.");
  });
});
