"""A loopback server that records each request exactly as it arrived (the request target still
percent-encoded, every header, the body's bytes) and answers 200 with the queued (content
type, body) or ``{}``; and a multipart reader for what it recorded. RecordingServer decodes
the query, which the serialization tests must not."""

from __future__ import annotations

import re
from dataclasses import dataclass

from loopback import LoopbackServer, QuietHandler


@dataclass
class Raw:
    method: str
    target: str  # the request target exactly as sent: path and query, still percent-encoded
    pairs: list[tuple[str, str]]  # the headers as sent, repeated ones included
    body: bytes

    @property
    def path(self) -> str:
        return self.target.partition("?")[0]

    @property
    def query(self) -> str:
        return self.target.partition("?")[2]

    @property
    def headers(self) -> dict[str, str]:
        """Lower-case names; a repeated header's values joined with ", "."""
        out: dict[str, str] = {}
        for k, v in self.pairs:
            out[k.lower()] = f"{out[k.lower()]}, {v}" if k.lower() in out else v
        return out

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Part:
    name: str
    content_type: str | None
    content: bytes
    filename: str | None
    headers: dict[str, str]  # the others, lower-case names


def multipart(raw: Raw) -> list[Part]:
    """The parts of a multipart/form-data body, in order."""
    match = re.search(r'boundary="?([^";]+)"?', raw.header("content-type") or "")
    if not match:
        return []
    parts = []
    for chunk in raw.body.split(b"--" + match.group(1).encode())[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, content = chunk[2:].partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode("utf-8").split("\r\n"):
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        disposition = headers.pop("content-disposition", "")
        name = re.search(r' name="([^"]*)"', disposition)
        filename = re.search(r'filename="([^"]*)"', disposition)
        parts.append(
            Part(
                name=name.group(1) if name else "",
                content_type=headers.pop("content-type", None),
                content=content[:-2] if content.endswith(b"\r\n") else content,
                filename=filename.group(1) if filename else None,
                headers=headers,
            )
        )
    return parts


class RawRecorder(LoopbackServer):
    def __init__(self, replies: list[tuple[str, bytes]] | None = None) -> None:
        self.seen: list[Raw] = []
        self.replies = replies if replies is not None else []
        outer = self

        class Handler(QuietHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length) if length else b""
                outer.seen.append(Raw(self.command, self.path, list(self.headers.items()), body))
                content_type, data = outer.replies.pop(0) if outer.replies else ("application/json", b"{}")
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

        super().__init__(Handler)
