import type OSS from "ali-oss";

interface RequestParams {
  method: string;
  object: string;
  bucket: string;
  subres?: Record<string, string> | string;
  headers?: Record<string, string>;
  content?: Buffer | string;
  mime?: string;
  successStatuses?: number[];
}

interface Internals {
  _objectRequestParams(method: string, name: string, options: object): RequestParams;
  request(
    params: RequestParams,
  ): Promise<{ status: number; data: Buffer; res: { headers: Record<string, string> } }>;
}

/**
 * Sends a request signed by ali-oss itself but with a body or sub-resources its public methods
 * never produce (e.g. parts out of order). Uses ali-oss's own internal request path.
 */
export function signedRequest(
  client: OSS,
  method: string,
  key: string,
  options: {
    subres?: Record<string, string>;
    content?: string;
    mime?: string;
    headers?: Record<string, string>;
  },
) {
  const internals = client as unknown as Internals;
  const params = internals._objectRequestParams(method, key, {
    subres: options.subres,
    headers: options.headers,
  });
  return internals.request({
    ...params,
    content: options.content,
    mime: options.mime,
    successStatuses: [200, 204],
  });
}
