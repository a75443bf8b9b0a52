"""``t/01-call.t``: which operation the distribution's own test calls, with which arguments, and
what the test's server answers. An operation whose required arguments hold no file comes first;
else one whose files are the body's own fields (or the whole body), passed as
``[ $content, $filename, $content_type ]``; a spec whose every operation needs a file deeper
inside its arguments gets no call test."""

from __future__ import annotations

import json

from ...examples import response_example
from ...ir import Api, Model, Operation
from ...ir import types as t
from ...plnames import PerlNames, Raw, example_args, is_file, literal
from . import PerlCallTestView


def call_test(api: Api, names: PerlNames) -> PerlCallTestView | None:
    ops = [op for r in api.resources for op in r.operations]
    plain = [op for op in ops if not _top_files(op) and not _deep_files(api, op)]
    with_files = [op for op in ops if not _deep_files(api, op)]
    candidates = plain or with_files
    if not candidates:
        return None
    chosen = candidates[0]
    args = example_args(api, chosen, _file)
    example = response_example(api, chosen)
    reply = json.dumps(json.loads(example)) if example else "{}"
    return PerlCallTestView(
        namespace=names.namespace,
        method=names.calls[chosen.key],
        args=literal(args, "    "),
        reply=literal(reply),
    )


def _file(stem: str, content_type: str | None) -> object:
    """A file as the test passes it: its content, a name and a content type."""
    concrete = content_type if content_type and "*" not in content_type and "," not in content_type else None
    return Raw(f"[ $content, {literal(stem + '.bin')}, {literal(concrete or 'application/octet-stream')} ]")


def _top_files(op: Operation) -> bool:
    """Whether the call needs a file as the body or one of its fields."""
    body = op.body
    if body is None:
        return False
    if body.whole is not None:
        return body.required and body.media_type == "binary"
    return any(f.required and is_file(f.type) for f in body.fields)


def _deep_files(api: Api, op: Operation) -> bool:
    """Whether a required argument holds a file below its top (the example cannot pass one)."""
    shapes = [p.type for p in op.parameters if p.required]
    body = op.body
    if body is not None and body.whole is not None and body.required and body.media_type != "binary":
        shapes.append(body.whole)
    if body is not None and body.whole is None:
        shapes += [f.type for f in body.fields if f.required and not is_file(f.type)]
    return any(_holds_file(api, shape, frozenset()) for shape in shapes)


def _holds_file(api: Api, shape: t.TypeShape, seen: frozenset[str]) -> bool:
    """Whether an example value of ``shape`` (its required members, a union's first variant)
    holds a file; a schema met again inside itself adds nothing."""
    shape, _ = t.strip_nullable(shape)
    if isinstance(shape, t.FileShape):
        return True
    if isinstance(shape, t.ArrayShape):
        return _holds_file(api, shape.item, seen)
    if isinstance(shape, t.UnionShape):
        return bool(shape.variants) and _holds_file(api, shape.variants[0], seen)
    if isinstance(shape, t.RefShape) and shape.key not in seen:
        decl = api.declaration(shape.key)
        inner = [f.type for f in decl.fields if f.required] if isinstance(decl, Model) else [decl.type]
        return any(_holds_file(api, s, seen | {shape.key}) for s in inner)
    return False
