import type { RequestContext } from "../http/context.js";
import type { Operation } from "../http/operation.js";
import { abortMultipartUpload } from "./abort-multipart.js";
import { completeMultipartUpload } from "./complete-multipart.js";
import { deleteObject } from "./delete-object.js";
import type { HandlerDeps } from "./deps.js";
import { getObject } from "./get-object.js";
import { headObject } from "./head-object.js";
import { initiateMultipartUpload } from "./initiate-multipart.js";
import { listMultipartUploads } from "./list-multipart-uploads.js";
import { listObjects, listObjectsV2 } from "./list-objects.js";
import { listParts } from "./list-parts.js";
import { putObject } from "./put-object.js";
import { uploadPart } from "./upload-part.js";

export type Handler = (ctx: RequestContext, deps: HandlerDeps) => Promise<void>;

/** One handler per operation. */
export const HANDLERS: Record<Operation, Handler> = {
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  InitiateMultipartUpload: initiateMultipartUpload,
  UploadPart: uploadPart,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
  ListMultipartUploads: listMultipartUploads,
};
