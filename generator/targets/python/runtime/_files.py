"""File arguments: bytes, a binary file object, a path, or ``(filename, content[, content_type])``."""

from __future__ import annotations

import mimetypes
import os
import re
from dataclasses import dataclass
from typing import IO, cast

__all__ = ["FileContent", "FilePart", "FileTypes", "to_file_part"]

# type/subtype with optional parameters; nothing that could end a header line
_MEDIA_TYPE = re.compile(
    r"[\w.+-]+/[\w.+-]+(?:\s*;\s*[\w.+-]+=(?:[\w.+-]+|\"[^\"\r\n]*\"))*"
)

FileContent = bytes | IO[bytes] | os.PathLike[str]
FileTypes = (
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
)


@dataclass(frozen=True, slots=True)
class FilePart:
    """A file ready for a multipart body: read once, so a retry re-sends the same bytes."""

    filename: str
    content: bytes
    content_type: str


def _read(content: object, field: str) -> tuple[bytes, str | None]:
    if isinstance(content, (bytes, bytearray)):
        return bytes(content), None
    if isinstance(content, memoryview):
        return cast("memoryview[int]", content).tobytes(), None
    if isinstance(content, os.PathLike):
        path = str(os.fspath(cast("os.PathLike[str]", content)))
        with open(path, "rb") as fh:
            return fh.read(), os.path.basename(path)
    read = getattr(content, "read", None)
    if callable(read):
        data = read()
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError(
                f"{field}: the file object returned {type(data).__name__}, not bytes; open it in binary mode ('rb')"
            )
        name = getattr(content, "name", None)
        return bytes(data), (
            os.path.basename(name) if isinstance(name, str) and name else None
        )
    raise TypeError(
        f"{field}: expected bytes, a binary file object, an os.PathLike or a (filename, content[, content_type]) tuple, "
        f"got {type(content).__name__}"
    )


def to_file_part(
    value: object, *, field: str, default_content_type: str | None = None
) -> FilePart:
    """Normalise a file argument. The filename is the one given, else the file's own base name,
    else the field name; the content type is the one given, else guessed from the filename,
    else the spec's, else ``application/octet-stream``."""
    filename: str | None = None
    content_type: str | None = None
    content: object = value
    if isinstance(value, tuple):
        items = cast("tuple[object, ...]", value)
        if len(items) not in (2, 3):
            raise TypeError(f"{field}: a file tuple has 2 or 3 items, got {len(items)}")
        given_name, content = items[0], items[1]
        given_type = items[2] if len(items) == 3 else None
        if given_name is not None and not isinstance(given_name, str):
            raise TypeError(f"{field}: a file tuple's filename is a str or None")
        if given_type is not None and not isinstance(given_type, str):
            raise TypeError(f"{field}: a file tuple's content type is a str or None")
        filename, content_type = given_name, given_type
    data, own_name = _read(content, field)
    name = filename or own_name
    if not name:
        extension = mimetypes.guess_extension(default_content_type or "") or ""
        name = field + extension
    guessed = mimetypes.guess_type(name)[0] if (filename or own_name) else None
    if content_type is not None and not _MEDIA_TYPE.fullmatch(content_type):
        raise ValueError(
            f"{field}: {content_type!r} is not a media type such as 'image/png'"
        )
    return FilePart(
        filename=name,
        content=data,
        content_type=content_type
        or guessed
        or default_content_type
        or "application/octet-stream",
    )
