"""A scripted HTTP server on 127.0.0.1 for specs other than spec/openapi.yaml: it records every
request exactly as it arrived and answers with what the test queued (status, headers, body in
chunks, optionally slowly), noticing when the client hangs up early."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass, field
from typing import Any

from urllib.parse import parse_qsl, urlsplit

from loopback import LoopbackServer, QuietHandler


@dataclass
class Reply:
    status: int = 200
    content_type: str = "application/json"
    chunks: list[bytes] = field(default_factory=lambda: [b"{}"])
    delay: float = 0.0  # between chunks
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0  # seconds to wait before answering at all
    drop: bool = False  # promise the whole body, send half of it, then hang up


@dataclass
class Seen:
    method: str
    path: str  # raw, still percent-encoded
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    disconnected: bool = False


class RecordingServer(LoopbackServer):
    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.replies: list[Reply] = []
        outer = self

        class Handler(QuietHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length) if length else b""
                url = urlsplit(self.path)
                seen = Seen(
                    self.command,
                    url.path,
                    parse_qsl(url.query, keep_blank_values=True),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                outer.seen.append(seen)
                reply = outer.replies.pop(0) if outer.replies else Reply()
                if reply.stall:
                    time.sleep(reply.stall)
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if reply.delay:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    try:
                        for chunk in reply.chunks:
                            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                            self.wfile.flush()
                            time.sleep(reply.delay)
                        self.wfile.write(b"0\r\n\r\n")
                    except (BrokenPipeError, ConnectionResetError):
                        seen.disconnected = True
                        self.close_connection = True
                    return
                data = b"".join(reply.chunks)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if reply.drop:
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _handle  # noqa: N815

        super().__init__(Handler)
