"""Strict validation with openapi-spec-validator, its findings turned into diagnostics.

Findings that do not stop the IR from being built are warnings (errors with ``--strict``).
Validation of a large spec takes seconds and importing the validator a fifth of one, so
the caller may pass findings remembered for the same spec bytes (see ``render.manifest``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from ..diagnostics import Diagnostic, Diagnostics, Severity, make
from ..processes import end, validator
from . import pointer as jp
from .document import Spec

MAX_FINDINGS = 200


def validate(spec: Spec, version: str, *, fast: bool = True) -> list[dict[str, Any]]:
    """Run the validator; return findings as plain data (``pointer`` and ``message``).
    ``fast``: check each schema against its dialect with jsonschema-rs first (see
    ``_validator_class``); the findings are the same."""
    cls = _validator_class(version, fast=fast)
    validator = cls(spec.data, base_uri=spec.root.path.as_uri())
    index: _Index | None = None
    findings: list[dict[str, Any]] = []
    errors = []
    try:
        with _values_kept_alive():
            for error in validator.iter_errors():
                errors.append(error)
                if len(errors) >= MAX_FINDINGS:
                    break
    except RecursionError:  # the validator follows $refs by recursion: a cycle through allOf ends it
        findings.append(
            {
                "pointer": "",
                "message": "the validator stopped: the document's references cycle or nest deeper than "
                "it can follow, so the rest of the document was not validated",
            }
        )
    except Exception as exc:  # noqa: BLE001 - the validator itself gave up (e.g. an unresolvable $ref)
        # the resolver's message quotes the whole document after "within": the reference is enough
        stopped = re.sub(r"\s+(?:does not exist )?within \{.*", " does not exist", str(exc), flags=re.DOTALL)
        findings.append({"pointer": "", "message": "the validator stopped: " + _short(stopped)})
    for error in errors:
        pointer = _pointer_of(spec.data, error)
        if pointer is None:
            index = index if index is not None else _Index(spec.data)
            pointer = index.find(error)
        findings.append({"pointer": pointer or "", "message": _short(error.message)})
    findings.sort(key=lambda f: (f["pointer"], f["message"]))
    return findings


# id(meta-schema) -> (the meta-schema, its compiled validator or None). The meta-schema is kept
# alive with its validator: a freed dict's id can be reused by another (a different dialect).
_RS_VALIDATORS: dict[int, tuple[Any, Any]] = {}


@contextmanager
def _values_kept_alive() -> Iterator[None]:
    """openapi-spec-validator skips a schema whose ``id()`` it has seen, but the values it reads
    can be short-lived, so a freed value's id, reused by the next, made it skip schemas at random
    (a different set of findings from run to run). Every value read stays alive until the end."""
    from jsonschema_path import SchemaPath

    original = SchemaPath.read_value
    alive: list[Any] = []

    def read_value(self: Any) -> Any:
        value = original(self)
        alive.append(value)
        return value

    SchemaPath.read_value = read_value  # type: ignore[method-assign]
    try:
        yield
    finally:
        SchemaPath.read_value = original  # type: ignore[method-assign]


class _Seen(list[int]):
    """A list of ids with a set's membership test: the validator keeps the schemas it visited in
    lists and asks ``in`` of them once per schema, quadratic on a big document (a fifth of the
    full OpenAI spec's validation)."""

    def __init__(self) -> None:
        super().__init__()
        self._ids: set[int] = set()

    def append(self, value: int) -> None:
        super().append(value)
        self._ids.add(value)

    def __contains__(self, value: object) -> bool:
        return value in self._ids


def _validator_class(version: str, *, fast: bool) -> Any:
    """openapi-spec-validator's validator for ``version``, with its visited-schema lists made
    :class:`_Seen`. It spends most of a large spec's time checking each schema against its JSON
    Schema dialect in pure Python; ``fast`` puts a jsonschema-rs validator of the same
    meta-schema in front of that check. A schema that it passes is valid; one it fails goes to
    the stock check, which words the finding, so the findings stay the stock validator's
    (tests/test_broken_specs.py compares the two)."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    stock: Any = OpenAPIV31SpecValidator if version == "3.1" else OpenAPIV30SpecValidator
    rs_resources: list[tuple[str, Any]] | None = None
    if fast:
        try:
            import jsonschema_rs  # noqa: F401 - only to know it is there
            from openapi_schema_validator._specifications import REGISTRY
        except ImportError:  # pragma: no cover - both are pinned dependencies
            pass
        else:
            rs_resources = [(uri, REGISTRY.contents(uri)) for uri in REGISTRY if uri.startswith("https://spec.openapis.org/")]

    def compiled(meta: dict[str, Any]) -> Any:
        import jsonschema_rs

        cached = _RS_VALIDATORS.get(id(meta))
        if cached is None or cached[0] is not meta:
            try:
                registry = jsonschema_rs.Registry(rs_resources or [])
                validator = jsonschema_rs.validator_for(meta, registry=registry, validate_formats=True)
            except Exception:  # noqa: BLE001 - a meta-schema it cannot compile: the stock check only
                validator = None
            cached = _RS_VALIDATORS[id(meta)] = (meta, validator)
        return cached[1]

    class SchemaValidator(stock.keyword_validators["schema"]):  # type: ignore[misc,name-defined]
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            self.visited_schema_ids = _Seen()
            self.meta_checked_schema_ids = _Seen()

        def _get_schema_checker(self, schema: Any, schema_value: Any) -> Any:
            slow = super()._get_schema_checker(schema, schema_value)
            if rs_resources is None:
                return slow
            owner = getattr(getattr(slow, "func", slow), "__self__", None)
            meta = getattr(owner, "META_SCHEMA", None)
            rs = compiled(meta) if isinstance(meta, dict) else None
            if rs is None:
                return slow

            def check(value: Any) -> None:
                if not rs.is_valid(value):
                    slow(value)

            return check

    class Validator(stock):  # type: ignore[misc]
        keyword_validators: ClassVar[dict[str, Any]] = {**stock.keyword_validators, "schema": SchemaValidator}

    return Validator


class Pending:
    """Findings being computed by a child process: ``wait`` for them, or ``cancel``."""

    def __init__(self, child: subprocess.Popen[bytes] | None) -> None:
        self.child = child

    def wait(self, fallback: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
        """The child's findings; ``fallback()`` (validation in this process) if it failed."""
        child, self.child = self.child, None
        if child is not None and child.stdout is not None:
            out = child.stdout.read()
            child.stdout.close()
            if child.wait() == 0:
                try:
                    result = json.loads(out)
                    if isinstance(result, list):
                        return result
                except ValueError:
                    pass
        return fallback()

    def cancel(self) -> None:
        child, self.child = self.child, None
        if child is not None:
            end(child)


def start(path: Path, *, allow_outside_refs: bool) -> Pending:
    """Validate the document at ``path`` in a child process (``processes.validator``), started
    before the caller even reads it, so that validation overlaps the whole run (the validator's
    import alone costs as much as rendering a small spec)."""
    child = validator()
    if child is None or child.stdin is None:
        return Pending(None)
    try:
        child.stdin.write(json.dumps({"path": str(path), "outside": allow_outside_refs}).encode())
        child.stdin.close()
    except OSError:  # it died: validation in this process
        end(child)
        return Pending(None)
    return Pending(child)


FAST_FROM_BYTES = 256 * 1024  # below this jsonschema-rs (its import and compile) costs more than it saves


def child_main() -> None:
    """The child: import the validator, then read the request on stdin (none: the parent did not
    need it), load and validate the document, print the findings."""
    import openapi_spec_validator  # noqa: F401 - imported while the parent is still starting

    from ..diagnostics import Diagnostics
    from .document import load
    from .version import check_version

    text = sys.stdin.read()
    if not text:
        return
    request = json.loads(text)
    path = Path(request["path"])
    diagnostics = Diagnostics()
    spec = load(path, diagnostics, allow_outside_refs=request["outside"])
    version = check_version(spec, diagnostics)
    if diagnostics.has_errors:
        sys.stdout.write("null")
        return
    fast = len(spec.raw) >= FAST_FROM_BYTES
    sys.stdout.write(json.dumps(validate(spec, version, fast=fast)))


def to_diagnostics(findings: list[dict[str, Any]], spec: Spec, diagnostics: Diagnostics, *, strict: bool) -> None:
    for finding in findings:
        diag: Diagnostic = make("invalid-spec", file=spec.root.name, pointer=finding["pointer"], reason=finding["message"])
        if strict:
            from dataclasses import replace

            diag = replace(diag, severity=Severity.ERROR, hint="fix the document (--strict makes validator findings errors)")
        diagnostics.items.append(diag)


def _short(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= 300 else message[:297] + "..."


def _pointer_of(doc: Any, error: Any) -> str | None:
    """The error's path, if it is a path from the document root to the failing value."""
    tokens = list(error.absolute_path)
    try:
        value = doc
        for t in tokens:
            value = value[t]
    except (KeyError, IndexError, TypeError):
        return None
    if value is error.instance or (not isinstance(value, (dict, list)) and value == error.instance and tokens):
        return jp.join("", *tokens)
    return None


class _Index:
    """Every container of the document by identity, to locate a finding whose path is relative
    to a nested schema (made once per validation, when the first such finding needs it)."""

    def __init__(self, doc: Any) -> None:
        self.by_id: dict[int, str] = {}
        containers: list[tuple[str, Any]] = []
        stack = [(doc, "")]
        while stack:
            node, p = stack.pop()
            if id(node) in self.by_id:
                continue
            self.by_id[id(node)] = p
            containers.append((p, node))
            if isinstance(node, dict):
                stack.extend((v, jp.join(p, k)) for k, v in node.items() if isinstance(v, (dict, list)))
            elif isinstance(node, list):
                stack.extend((v, jp.join(p, i)) for i, v in enumerate(node) if isinstance(v, (dict, list)))
        containers.sort(key=lambda c: c[0])
        self.containers = containers

    def find(self, error: Any) -> str | None:
        if isinstance(error.instance, (dict, list)) and id(error.instance) in self.by_id:
            return self.by_id[id(error.instance)]
        # A scalar: the first container (by pointer) that holds it at the error's relative path.
        tokens = list(error.relative_path)
        if not tokens:
            return None
        for p, node in self.containers:
            value = node
            try:
                for t in tokens:
                    value = value[t]
            except (KeyError, IndexError, TypeError):
                continue
            if value == error.instance:
                return jp.join(p, *tokens)
        return None
