"""Problems as values: the one place that words what went wrong, where, and what to do.

Every stage reports through a :class:`Diagnostics` collector that is passed in explicitly.
A stage that cannot go on raises :class:`GenerationFailed` carrying what was collected.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace


class Severity(enum.IntEnum):
    WARNING = 1
    ERROR = 2


# code -> (severity, message template, what to do). Templates use str.format fields.
CATALOGUE: dict[str, tuple[Severity, str, str]] = {
    # reading
    "read-failed": (Severity.ERROR, "cannot read the spec file: {reason}", "check the path and its permissions"),
    "empty-document": (Severity.ERROR, "the document is empty", "point the generator at an OpenAPI 3.0 or 3.1 document"),
    "syntax": (Severity.ERROR, "invalid {syntax}: {reason}", "fix the syntax at the given line and column"),
    "yaml-tag": (Severity.ERROR, "unsupported YAML tag {tag}", "OpenAPI documents are plain JSON data: remove the tag"),
    "yaml-key": (Severity.ERROR, "mapping key is not a plain scalar", "use strings as mapping keys"),
    "duplicate-key": (Severity.ERROR, "duplicate key {key!r}", "keep one of the two entries"),
    "too-large": (
        Severity.ERROR,
        "the document is too large: {reason}",
        "split it or remove the repeated anchors; the limit is {limit}",
    ),
    "not-a-mapping": (
        Severity.ERROR,
        "the document is a {kind}, not an OpenAPI object",
        "an OpenAPI document is a mapping with an 'openapi' key",
    ),
    "swagger-2": (
        Severity.ERROR,
        "this is a Swagger {version} document",
        "Swagger 2.0 and OpenAPI 3.0 and 3.1 are read: convert it to one of those",
    ),
    "invalid-swagger": (
        Severity.ERROR,
        "not a valid Swagger 2.0 document: {reason}",
        "fix the document (it is converted to OpenAPI 3.0, which needs a valid 2.0 document)",
    ),
    "swagger-conversion": (
        Severity.WARNING,
        "{reason}",
        "Swagger 2.0 says this; OpenAPI 3.0, which the document is converted to, cannot",
    ),
    "not-openapi": (
        Severity.ERROR,
        "no 'openapi' version field: this is not an OpenAPI document",
        "add `openapi: 3.1.0` (or 3.0.x) at the top level",
    ),
    "bad-version": (Severity.ERROR, "unsupported OpenAPI version {version!r}", "this generator reads OpenAPI 3.0.x and 3.1.x"),
    # references
    "ref-missing": (Severity.ERROR, "$ref {ref!r} points to nothing", "fix the JSON pointer or add the missing component"),
    "ref-file-missing": (
        Severity.ERROR,
        "$ref {ref!r} names a file that cannot be read: {reason}",
        "check the relative path from the referring file",
    ),
    "ref-outside": (
        Severity.ERROR,
        "$ref {ref!r} leaves the spec's folder",
        "keep referenced files beside or below the root spec",
    ),
    "ref-remote": (Severity.ERROR, "$ref {ref!r} is a remote URL", "download the document and refer to it by a relative path"),
    "ref-other-host": (
        Severity.ERROR,
        "$ref {ref!r} is on another host than the spec's URL (or outside its folder)",
        "refer to it by a relative path, or allow it with --allow-outside-refs",
    ),
    "fetch-failed": (
        Severity.ERROR,
        "cannot fetch {url}: {reason}",
        "check the URL (and that the server answers it with the document)",
    ),
    "ref-cycle": (
        Severity.ERROR,
        "$ref chain {chain} never reaches a value",
        "make one of the references point at a real object",
    ),
    "ref-not-mapping": (
        Severity.ERROR,
        "$ref {ref!r} points to a {kind}, not an object",
        "point the reference at a schema, parameter or response object",
    ),
    # validation
    "invalid-spec": (
        Severity.WARNING,
        "openapi-spec-validator: {reason}",
        "fix the document; generation went on because the generator could still read it",
    ),
    # model building
    "no-operations": (Severity.WARNING, "the document has no operations", "add paths, or expect a package with models only"),
    "unsupported-schema": (
        Severity.WARNING,
        "{what} is not supported yet; typed as Any",
        "simplify the schema, or expect a loosely typed value",
    ),
    "unsupported-body": (
        Severity.WARNING,
        "request body type {media!r} is not supported; operation skipped",
        "use JSON, multipart/form-data or form-urlencoded",
    ),
    "unsupported-security": (
        Severity.WARNING,
        "security scheme {name!r} ({kind}) is not supported; no credentials are sent for it",
        "use http bearer or basic, apiKey (header, query or cookie), oauth2 or openIdConnect (sent as bearer tokens)",
    ),
    "operation-ref": (
        Severity.WARNING,
        "the operation is a $ref ({ref!r}); OpenAPI allows $ref for a whole path item, not an operation: followed",
        "move the $ref up to the path item, or inline the operation",
    ),
    "param-undeclared": (
        Severity.WARNING,
        "path parameter {name!r} in {path!r} is not declared; taken as a required string",
        "declare it under parameters with `in: path`",
    ),
    "param-style-invalid": (
        Severity.WARNING,
        "parameter {name!r} in {location} has style {style!r}, which OpenAPI does not allow there; {used!r} is used",
        "use one of {allowed}",
    ),
    "encoding-unknown-property": (
        Severity.WARNING,
        "the Encoding Object names {name!r}, which is not a property of the body's schema; it is ignored",
        "rename the entry after one of the schema's properties, or remove it",
    ),
    "param-not-required": (
        Severity.WARNING,
        "path parameter {name!r} is not `required: true`; taken as required, since it is in the path",
        "set `required: true` on it",
    ),
    "param-unused": (
        Severity.WARNING,
        "path parameter {name!r} does not appear in {path!r}; left out",
        "add {{{name}}} to the path or remove the parameter",
    ),
    "bad-status": (
        Severity.ERROR,
        "response code {status!r} is not an HTTP status",
        "use a status such as 200, a range such as 2XX, or default",
    ),
    "duplicate-operation-id": (
        Severity.WARNING,
        "operationId {op_id!r} is used twice (first at {other}); this one is named {name!r}",
        "give every operation its own operationId",
    ),
    "duplicate-method": (
        Severity.WARNING,
        "{second} would also become {resource}.{method}(), as {first} does; named {resource}.{name}()",
        "rename one operationId, or name the method in [tool.generator.method-names], to choose the name yourself",
    ),
    "bad-default": (
        Severity.WARNING,
        "default {value} is invalid: {reason}; left out of the docs",
        "fix the default or remove it",
    ),
    "bad-mapping": (
        Severity.WARNING,
        "discriminator mapping {value!r} -> {ref!r} cannot be used: {reason}; the entry is ignored",
        "point the mapping at a schema of the union",
    ),
    "default-mismatch": (
        Severity.WARNING,
        "default {value} does not fit its schema: {reason}; left out of the docs",
        "fix the default or remove it",
    ),
    "name-changed": (
        Severity.WARNING,
        "{kind} {wire!r} is named {name!r} in Python ({why})",
        "nothing to do unless the name surprises you",
    ),
    "name-collision": (
        Severity.WARNING,
        "{kind} {wire!r} collides with {other!r}; named {name!r}",
        "rename one of them in the spec to choose the names yourself",
    ),
    # output
    "output-not-ours": (
        Severity.ERROR,
        "output folder {path} holds files this generator did not write ({files})",
        "move them out, or choose an empty or new folder with -o; the generator replaces its folder whole",
    ),
    "write-failed": (Severity.ERROR, "cannot write the output: {reason}", "check the output folder's permissions and free space"),
    "breaking-change": (
        Severity.ERROR,
        "the API changed in a way that breaks its users' code: {summary}",
        "review the changes with --api-diff; regenerate with --no-fail-on-breaking to accept them",
    ),
    "format-failed": (
        Severity.ERROR,
        "{formatter} rejected the rendered {path} (from template {template}): {reason}",
        "this is a generator bug: please report it with the spec",
    ),
    "bad-option": (Severity.ERROR, "{option}: {reason}", "{hint}"),
    # settings and name overrides
    "bad-config": (Severity.ERROR, "setting {key}: {reason}", "{hint}"),
    "override-unknown": (
        Severity.ERROR,
        "{table}: {name!r} names no {kind} in this spec",
        "remove the entry or fix its spelling{suggestion}",
    ),
    "override-invalid": (
        Severity.ERROR,
        "{table}: {name!r} = {value!r} is not a usable {language} {kind} name ({reason})",
        "choose another name{suggestion}",
    ),
    "override-pagination": (
        Severity.ERROR,
        "pagination: {name!r}: {reason}",
        "see the README's Pages section for what an entry says",
    ),
    "override-collision": (
        Severity.ERROR,
        "{table}: {name!r} = {value!r} collides with {other}",
        "choose another name for one of the two",
    ),
    "template-failed": (Severity.ERROR, "template {template} failed: {reason}", "{hint}"),
    "template-unused": (
        Severity.WARNING,
        "template override {path} replaces no built-in template",
        "check its path against the built-in templates/ folder ({hint})",
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    hint: str = ""
    file: str | None = None
    pointer: str | None = None
    line: int | None = None
    column: int | None = None

    def format(self) -> str:
        where = self.file or "<spec>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        pointer = f" at #{self.pointer}" if self.pointer is not None else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {self.severity.name.lower()}[{self.code}]{pointer}: {self.message}{hint}"

    def sort_key(self) -> tuple[int, str, int, str, str]:
        return (-self.severity, self.file or "", self.line or 0, self.pointer or "", self.message)


def make(
    code: str,
    *,
    file: str | None = None,
    pointer: str | None = None,
    line: int | None = None,
    column: int | None = None,
    **fields: object,
) -> Diagnostic:
    severity, template, hint = CATALOGUE[code]
    return Diagnostic(
        severity=severity,
        code=code,
        message=template.format(**fields),
        hint=hint.format(**fields),
        file=file,
        pointer=pointer,
        line=line,
        column=column,
    )


@dataclass(slots=True)
class Diagnostics:
    """An explicit collector, handed from stage to stage."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, code: str, **kwargs: object) -> Diagnostic:
        diag = make(code, **kwargs)  # type: ignore[arg-type]
        self.items.append(diag)
        return diag

    def extend(self, diags: Iterable[Diagnostic]) -> None:
        self.items.extend(diags)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def located(self, locate: Callable[[str | None, str], tuple[int, int] | None]) -> None:
        """Fill in line numbers from a source map for diagnostics that carry a pointer."""
        for i, d in enumerate(self.items):
            if d.line is None and d.pointer is not None:
                pos = locate(d.file, d.pointer)
                if pos is not None:
                    self.items[i] = replace(d, line=pos[0], column=pos[1])

    def sorted(self) -> list[Diagnostic]:
        unique = {d: None for d in self.items}
        return sorted(unique, key=Diagnostic.sort_key)


def unknown_override(
    diagnostics: Diagnostics, *, table: str, name: str, kind: str, known: Iterable[str], file: str | None = None
) -> None:
    """A name override that names nothing in the spec, with the closest spelling suggested."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    diagnostics.add(
        "override-unknown",
        file=file,
        table=table,
        name=name,
        kind=kind,
        suggestion=f": did you mean {close[0]!r}?" if close else "",
    )


class GenerationFailed(Exception):
    """Raised by a stage that cannot continue; the diagnostics say why."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__("generation failed")
        self.diagnostics = diagnostics
