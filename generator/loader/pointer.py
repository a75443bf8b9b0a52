"""JSON pointers (RFC 6901)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

_MISSING = object()


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape(str(t)) for t in tokens)


def split(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [unescape(t) for t in pointer.lstrip("/").split("/")] if pointer.startswith("/") else [unescape(pointer)]


def from_fragment(fragment: str) -> str:
    """The pointer in a URI fragment (percent-decoded): ``/components/schemas/Pet``."""
    return unquote(fragment)


def resolve(doc: Any, pointer: str) -> Any:
    """The value at ``pointer``, or raise KeyError."""
    node = doc
    for token in split(pointer):
        if isinstance(node, dict):
            if token not in node:
                raise KeyError(token)
            node = node[token]
        elif isinstance(node, list):
            if not (token.isascii() and token.isdigit()) or int(token) >= len(node):
                raise KeyError(token)
            node = node[int(token)]
        else:
            raise KeyError(token)
    return node
