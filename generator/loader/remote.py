"""Specs by URL. The root document and every document its ``$ref``s reach (relative ones, and
absolute ones on the same host; other hosts only with ``allow_outside_refs``) are fetched into a
local folder laid out as the URLs' host and path, so the rest of the pipeline reads files as for
a spec on disk, with the same rules: a relative ``$ref`` is resolved against the referring
document's URL, and one that leaves the root document's folder needs ``allow_outside_refs``.

Each fetch has a timeout, a size limit (the loader's) and at most ``MAX_REDIRECTS`` redirects; a
failure is a ``FetchError`` naming the URL (and the document that referred to it)."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit

import yaml

TIMEOUT = 30.0  # seconds per request
MAX_REDIRECTS = 5
_URL = re.compile(r"https?://", re.IGNORECASE)


def is_url(text: str) -> bool:
    return _URL.match(text) is not None


class FetchError(Exception):
    def __init__(self, url: str, reason: str, referrer: str | None = None) -> None:
        super().__init__(reason)
        self.url, self.reason, self.referrer = url, reason, referrer


@dataclass(slots=True)
class Mirror:
    url: str  # the root document's URL
    root: Path  # its local copy
    remote: dict[str, Path] = field(default_factory=dict)  # every fetched URL (no fragment) -> its copy


def fetch(url: str, limit: int) -> tuple[str, bytes]:
    """The URL answered (after redirects) and the body of a 2xx answer to GET ``url``;
    FetchError otherwise. (urllib.request is imported here: a spec on disk never needs it, and
    it costs a run a sixth of the images spec's time.)"""
    import urllib.error
    import urllib.request

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

    opener = urllib.request.build_opener(Redirects())
    request = urllib.request.Request(url, headers={"Accept": "application/yaml, application/json;q=0.9, */*;q=0.5"})
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            body: bytes = response.read(limit + 1)
            final: str = response.geturl()
    except urllib.error.HTTPError as exc:
        raise FetchError(url, f"HTTP {exc.code} {exc.reason}".strip()) from None
    except urllib.error.URLError as exc:
        raise FetchError(url, str(exc.reason)) from None
    except (OSError, ValueError) as exc:  # timeouts, resets, malformed URLs
        raise FetchError(url, str(exc) or type(exc).__name__) from None
    if len(body) > limit:
        raise FetchError(url, f"larger than {limit // (1024 * 1024)} MiB")
    return address(final), body


def local_path(folder: Path, url: str) -> Path:
    """Where a URL's copy goes: ``folder/<host>/<path>`` (a path ending in ``/`` gets ``index``)."""
    parts = urlsplit(url)
    path = PurePosixPath(posixpath.normpath("/" + unquote(parts.path or "/")))
    words = [w for w in path.parts[1:] if w not in ("", ".", "..")] or ["index"]
    if parts.path.endswith("/"):
        words.append("index")
    host = re.sub(r"[^A-Za-z0-9.-]", "_", parts.netloc)
    return folder.joinpath(host, *[re.sub(r"[\x00/\\]", "_", w) for w in words])


def address(target: str, base: str = "") -> str:
    """The URL a $ref's target (no fragment) names, spelled as the mirror keys it."""
    return urldefrag(urljoin(base, quote(target, safe=":/?#[]@!$&'()*+,;=%~")))[0]


def _refs(value: Any) -> list[str]:
    out: list[str] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                out.append(ref)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out


def _parse(body: bytes) -> Any:
    """Enough of the document to find its $refs: JSON, else YAML; nothing when neither (the
    loader reports a document it cannot read, with its line)."""
    try:
        text = body.decode("utf-8-sig")
        return (
            json.loads(text)
            if text.lstrip().startswith("{")
            else yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        )
    except (UnicodeDecodeError, ValueError, yaml.YAMLError):
        return None


def mirror(url: str, folder: Path, limit: int, *, allow_outside_refs: bool = False) -> Mirror:
    """Fetch ``url`` and what its $refs reach into ``folder``. A redirected document's $refs are
    resolved against the URL that answered (as a browser would)."""
    url = address(url)
    try:
        answered, body = fetch(url, limit)
    except FetchError as exc:
        raise FetchError(exc.url, exc.reason) from None
    root_dir = posixpath.dirname(urlsplit(answered).path) + "/"
    origin = urlsplit(answered)[:2]
    found = Mirror(url=url, root=local_path(folder, answered))
    queue: list[tuple[str, str | None]] = [(url, None)]
    first: tuple[str, bytes] | None = (answered, body)
    while queue:
        asked, referrer = queue.pop()
        if asked in found.remote:
            continue
        if first is not None:
            (here, body), first = first, None
        else:
            try:
                here, body = fetch(asked, limit)
            except FetchError as exc:
                raise FetchError(exc.url, exc.reason, referrer) from None
        copy = local_path(folder, here)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(body)
        found.remote[asked] = found.remote[here] = copy
        for ref in _refs(_parse(body)):
            target = urldefrag(ref)[0]
            if not target:
                continue
            absolute = address(target, here)
            if not is_url(absolute):
                continue  # file: and the like: the loader refuses them
            same = urlsplit(absolute)[:2] == origin
            inside = same and urlsplit(absolute).path.startswith(root_dir)
            if inside or allow_outside_refs:
                queue.append((absolute, here))
    return found
