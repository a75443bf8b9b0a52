"""The spec as loaded: the root document, the files it refers to, and ``$ref`` resolution.

The loader knows nothing of the IR. It hands out plain JSON values and answers two
questions: "what does this ``$ref`` point to?" and "on which line is this pointer?".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

from ..diagnostics import Diagnostics, GenerationFailed
from . import pointer as jp
from . import swagger2
from .remote import Mirror, address
from .source import Positions, SourceError, parse

MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Location:
    """Where a value lives: a file (relative to the root spec's folder) and a JSON pointer."""

    file: str
    pointer: str

    def child(self, *tokens: str | int) -> Location:
        return Location(self.file, jp.join(self.pointer, *tokens))

    def __str__(self) -> str:
        return f"{self.file}#{self.pointer}"


@dataclass(slots=True)
class Document:
    path: Path
    name: str  # as shown in diagnostics: relative to the root spec's folder
    data: Any
    positions: Positions  # or swagger2.MovedPositions: anything with get(pointer) -> (line, column)


class RefError(Exception):
    def __init__(self, code: str, **fields: object) -> None:
        super().__init__(code)
        self.code = code
        self.fields = fields


@dataclass(slots=True)
class Spec:
    root: Document
    sha256: str
    raw: bytes
    allow_outside_refs: bool = False
    documents: dict[Path, Document] = field(default_factory=dict)
    # A spec by URL: every fetched document's URL (no fragment) -> its local copy (see remote.py)
    remote: dict[str, Path] = field(default_factory=dict)

    @property
    def data(self) -> Any:
        return self.root.data

    @property
    def root_location(self) -> Location:
        return Location(self.root.name, "")

    def get(self, loc: Location) -> Any:
        return jp.resolve(self._document_named(loc.file).data, loc.pointer)

    def line_of(self, file: str | None, pointer: str) -> tuple[int, int] | None:
        doc = self._document_named(file) if file else self.root
        return doc.positions.get(pointer) if doc else None

    def _document_named(self, name: str) -> Document:
        for doc in self.documents.values():
            if doc.name == name:
                return doc
        raise KeyError(name)

    def resolve_ref(self, ref: str, at: Location) -> tuple[Location, Any]:
        """Follow one ``$ref`` found at ``at``: the target's location and value."""
        if not isinstance(ref, str):
            raise RefError("ref-missing", ref=ref)
        target, fragment = urldefrag(ref)
        if "://" in target:
            copy = self.remote.get(address(target))
            if copy is None:  # a spec by URL fetched what it was allowed to; a file fetches nothing
                raise RefError("ref-other-host" if self.remote else "ref-remote", ref=ref)
            doc = self._load_external(copy, ref)
        elif target:
            base = self._document_named(at.file).path.parent
            path = (base / target).resolve()
            doc = self._load_external(path, ref)
        else:
            doc = self._document_named(at.file)
        pointer = jp.from_fragment(fragment)
        try:
            value = jp.resolve(doc.data, pointer)
        except KeyError:
            raise RefError("ref-missing", ref=ref) from None
        return Location(doc.name, pointer), value

    def deref(self, value: Any, at: Location) -> tuple[Location, Any]:
        """Follow ``$ref`` chains until a value that is not a reference; detect cycles."""
        chain: list[str] = []
        while isinstance(value, dict) and "$ref" in value:
            ref = value["$ref"]
            if str(at) in chain:
                raise RefError("ref-cycle", chain=" -> ".join(chain + [str(at)]))
            chain.append(str(at))
            at, value = self.resolve_ref(ref, at)
        return at, value

    def _load_external(self, path: Path, ref: str) -> Document:
        if path in self.documents:
            return self.documents[path]
        root_dir = self.root.path.parent
        if not self.allow_outside_refs and not path.is_relative_to(root_dir):
            raise RefError("ref-outside", ref=ref)
        try:
            raw = _read(path)
            data, positions = parse(raw.decode("utf-8"), filename=path.name)
        except (OSError, UnicodeDecodeError) as exc:
            raise RefError("ref-file-missing", ref=ref, reason=_reason(exc)) from None
        except SourceError as exc:
            raise RefError("ref-file-missing", ref=ref, reason=exc.code) from None
        fetched = next((url for url, copy in self.remote.items() if copy == path), None)
        if path.is_relative_to(root_dir):
            name = path.relative_to(root_dir).as_posix()
        else:  # a spec by URL names a document of another place by its URL, not by its copy's path
            name = fetched or path.as_posix()
        doc = Document(path=path, name=name, data=data, positions=positions)
        self.documents[path] = doc
        return doc


def _read(path: Path) -> bytes:
    with path.open("rb") as fh:
        raw = fh.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise OSError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    return raw


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)


def _from_swagger2(data: Any, positions: Any, shown: str, diagnostics: Diagnostics) -> tuple[Any, Any]:
    """A Swagger 2.0 document, validated as 2.0 (its problems are errors: the conversion needs a
    valid document) and converted to OpenAPI 3.0; what 3.0 cannot say is a located warning."""
    problems = swagger2.validate(data)
    for pointer, reason in problems:
        diagnostics.add("invalid-swagger", file=shown, pointer=pointer, reason=reason)
    if problems:
        diagnostics.located(lambda _file, pointer: positions.get(pointer))
        raise GenerationFailed(diagnostics)
    converted = swagger2.convert(data)
    for finding in converted.findings:
        diagnostics.add("swagger-conversion", file=shown, pointer=finding.pointer, reason=finding.reason)
    moved = swagger2.MovedPositions(positions, converted.moves)
    return converted.data, moved


def load(
    path: Path,
    diagnostics: Diagnostics,
    *,
    allow_outside_refs: bool = False,
    fetched: Mirror | None = None,
) -> Spec:
    """Read and parse the root document. Raises GenerationFailed with a located diagnostic.
    ``fetched``: the spec came by URL, ``path`` is its local copy (diagnostics name the URL)."""
    shown = fetched.url if fetched is not None else path.name
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a directory")
        if path.stat().st_size > MAX_FILE_BYTES:
            diagnostics.add(
                "too-large",
                file=str(path),
                reason=f"{path.stat().st_size:,} bytes",
                limit=f"{MAX_FILE_BYTES // (1024 * 1024)} MiB",
            )
            raise GenerationFailed(diagnostics)
        raw = _read(path)
    except OSError as exc:
        diagnostics.add("read-failed", file=str(path), reason=_reason(exc))
        raise GenerationFailed(diagnostics) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        diagnostics.add("syntax", file=shown, syntax="UTF-8", reason=f"byte {exc.start} is not UTF-8")
        raise GenerationFailed(diagnostics) from None
    try:
        data, positions = parse(text, filename=path.name)
    except SourceError as exc:
        diagnostics.add(exc.code, file=shown, line=exc.line, column=exc.column, **exc.fields)
        raise GenerationFailed(diagnostics) from None
    resolved = path.resolve()
    if swagger2.is_swagger2(data):
        data, positions = _from_swagger2(data, positions, shown, diagnostics)
    doc = Document(path=resolved, name=shown, data=data, positions=positions)
    spec = Spec(root=doc, sha256=hashlib.sha256(raw).hexdigest(), raw=raw, allow_outside_refs=allow_outside_refs)
    if fetched is not None:
        spec.remote = {url: copy.resolve() for url, copy in fetched.remote.items()}
    spec.documents[resolved] = doc
    return spec
