#!/usr/bin/env python3
"""A Kura client in plain Python (standard library only): upload ZIP archives, list uploads.

    python3 kura_client.py --url http://127.0.0.1:8080 upload archive.zip
    python3 kura_client.py --url http://127.0.0.1:8080 ls

The upload is a GraphQL multipart request built by hand. The file is streamed from disk in
chunks, so large archives are not read into memory.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
import uuid

UPLOAD_FIELDS = "id filename size sha256 entryCount uncompressedSize createdAt"
UPLOAD_MUTATION = (
    "mutation($file: File!, $sha256: String) { uploadZip(file: $file, sha256: $sha256) { %s } }"
    % UPLOAD_FIELDS
)
UPLOADS_QUERY = (
    "query($first: Int, $after: String) { uploads(first: $first, after: $after) {"
    " totalCount edges { node { %s } } pageInfo { hasNextPage endCursor } } }" % UPLOAD_FIELDS
)
CHUNK = 256 * 1024


class KuraError(Exception):
    """The server refused the request; `code` is its extensions.code."""

    def __init__(self, error):
        extensions = error.get("extensions") or {}
        super().__init__("%s: %s" % (extensions.get("code"), error.get("message")))
        self.code = extensions.get("code")
        self.reason = extensions.get("reason")


def _answer(request):
    """Sends a request and returns its data, raising KuraError when the server refused."""
    try:
        with urllib.request.urlopen(request) as response:
            body = json.load(response)
    except urllib.error.HTTPError as error:
        # Refusals arrive with 4xx statuses and a GraphQL body.
        body = json.load(error)
    if body.get("errors"):
        raise KuraError(body["errors"][0])
    return body["data"]


def _multipart_body(boundary, operations, path, filename):
    """The parts of the request in order, the file read from disk chunk by chunk."""
    quoted = filename.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
    yield (
        "--{b}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{ops}\r\n"
        "--{b}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{map}\r\n"
        "--{b}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"{name}\"\r\n"
        "Content-Type: application/zip\r\n\r\n"
    ).format(
        b=boundary,
        ops=json.dumps(operations),
        map=json.dumps({"0": ["variables.file"]}),
        name=quoted,
    ).encode("utf-8")
    with open(path, "rb") as file:
        while True:
            chunk = file.read(CHUNK)
            if not chunk:
                break
            yield chunk
    yield ("\r\n--%s--\r\n" % boundary).encode("ascii")


def _content_length(boundary, operations, path, filename):
    """Size of the whole body, counted without reading the file."""
    framing = sum(
        len(part) for part in _multipart_body(boundary, operations, os.devnull, filename)
    )
    return framing + os.path.getsize(path)


def upload_zip(url, path, sha256=None, headers=None):
    """Uploads one ZIP file and returns the stored upload as a dict."""
    boundary = "kura-" + uuid.uuid4().hex
    operations = {"query": UPLOAD_MUTATION, "variables": {"file": None, "sha256": sha256}}
    filename = os.path.basename(path)
    request = urllib.request.Request(
        url.rstrip("/") + "/graphql",
        data=_multipart_body(boundary, operations, path, filename),
        method="POST",
        headers={
            **(headers or {}),
            "Content-Type": "multipart/form-data; boundary=" + boundary,
            "Content-Length": str(_content_length(boundary, operations, path, filename)),
            # Kura refuses multipart requests without it: browsers cannot send it cross-site.
            "apollo-require-preflight": "true",
        },
    )
    return _answer(request)["uploadZip"]


def list_uploads(url, first=None, after=None, headers=None):
    """One page of uploads, newest first, as the `uploads` connection."""
    payload = {"query": UPLOADS_QUERY, "variables": {"first": first, "after": after}}
    request = urllib.request.Request(
        url.rstrip("/") + "/graphql",
        data=json.dumps(payload).encode("utf-8"),
        method="POST",
        headers={**(headers or {}), "Content-Type": "application/json"},
    )
    return _answer(request)["uploads"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("KURA_URL"), help="the Kura server")
    commands = parser.add_subparsers(dest="command", required=True)
    upload = commands.add_parser("upload", help="upload ZIP files")
    upload.add_argument("files", nargs="+")
    commands.add_parser("ls", help="list uploads as JSON lines")
    args = parser.parse_args(argv)
    if not args.url:
        parser.error("pass --url or set KURA_URL")

    try:
        if args.command == "upload":
            for path in args.files:
                stored = upload_zip(args.url, path)
                print("%s  %s  %s" % (stored["id"], stored["sha256"], path))
        else:
            for edge in list_uploads(args.url)["edges"]:
                print(json.dumps(edge["node"], ensure_ascii=False))
    except KuraError as error:
        print("kura: refused: %s" % error, file=sys.stderr)
        return 1
    except urllib.error.URLError as error:
        print("kura: network failure: %s" % error.reason, file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
