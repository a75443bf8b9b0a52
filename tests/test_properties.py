"""Property-based: random schema trees (objects, arrays, unions, enums, nullable, maps,
recursion) with random names generate models that compile, and random instances round-trip:
``Model.from_dict(wire).to_dict() == wire`` and ``from_dict(to_dict(x)) == x``.

Bounded for CI (HYPOTHESIS_PROFILE=ci, the default); a longer run:
    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_properties.py
"""

from __future__ import annotations

import importlib
import itertools
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import generate
from generator.config import Config

settings.register_profile("ci", max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
settings.register_profile("long", max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

NAMES = st.one_of(
    st.sampled_from(
        [
            "id",
            "type",
            "class",
            "from",
            "list",
            "str",
            "self",
            "fooBar",
            "foo_bar",
            "FOO-BAR",
            "a.b",
            "with space",
            "1st",
            "naïve",
            "__init__",
            "extra_fields",
            "to_dict",
            "field",
            "None",
        ]
    ),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-0123456789", min_size=1, max_size=12),
)
TEXT = st.text(max_size=8)
LEAVES = st.one_of(
    st.just({"type": "string"}),
    st.just({"type": "integer"}),
    st.just({"type": "number"}),
    st.just({"type": "boolean"}),
    st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=4, unique=True).map(lambda v: {"type": "string", "enum": v}),
    st.just({"$ref": "#/components/schemas/Node"}),
)


def _nullable(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.sampled_from([schema, {**schema, "nullable": True}]) if "$ref" not in schema else st.just(schema)


def _extend(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    objects = st.dictionaries(NAMES, children, min_size=1, max_size=4).flatmap(
        lambda props: st.lists(st.sampled_from(sorted(props)), unique=True).map(
            lambda req: {"type": "object", "properties": props, **({"required": req} if req else {})}
        )
    )
    return st.one_of(
        objects,
        children.map(lambda c: {"type": "array", "items": c}),
        children.map(lambda c: {"type": "object", "additionalProperties": c}),
        st.tuples(children, children).map(lambda p: {"anyOf": [p[0], p[1]]}),
    ).flatmap(_nullable)


SCHEMAS = st.recursive(LEAVES, _extend, max_leaves=8)
NODE = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}},
}


def instances(schema: dict[str, Any], spec: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Wire values that fit ``schema``."""
    if "$ref" in schema:
        return instances(spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]], spec, depth + 1)
    base: st.SearchStrategy[Any]
    if "anyOf" in schema:
        base = st.one_of(*(instances(s, spec, depth + 1) for s in schema["anyOf"]))
    elif "enum" in schema:
        base = st.sampled_from(schema["enum"])
    elif schema.get("type") == "string":
        base = TEXT
    elif schema.get("type") == "integer":
        base = st.integers(-(10**6), 10**6)
    elif schema.get("type") == "number":
        base = st.floats(allow_nan=False, allow_infinity=False, width=32)
    elif schema.get("type") == "boolean":
        base = st.booleans()
    elif schema.get("type") == "array":
        base = st.just([]) if depth > 4 else st.lists(instances(schema["items"], spec, depth + 1), max_size=2)
    elif "additionalProperties" in schema:
        base = (
            st.just({})
            if depth > 4
            else st.dictionaries(TEXT, instances(schema["additionalProperties"], spec, depth + 1), max_size=2)
        )
    else:
        props = schema.get("properties", {})
        required = set(schema.get("required", []))
        base = st.fixed_dictionaries(
            {k: instances(v, spec, depth + 1) for k, v in props.items() if k in required},
            optional={} if depth > 4 else {k: instances(v, spec, depth + 1) for k, v in props.items() if k not in required},
        )
    return st.one_of(base, st.none()) if schema.get("nullable") else base


_counter = itertools.count()


def _generate(spec: dict[str, Any]) -> Any:
    import json

    package = f"prop_pkg_{os.getpid()}_{next(_counter)}"
    folder = Path(tempfile.mkdtemp(prefix="props-"))
    (folder / "spec.json").write_text(json.dumps(spec))
    result = generate(folder / "spec.json", Config(output=folder / "out", package_name=package))
    assert result.ok, [d.format() for d in result.diagnostics]
    sys.path.insert(0, str(folder / "out"))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(folder / "out"))


@given(root=SCHEMAS.filter(lambda s: s.get("type") == "object" and "properties" in s and not s.get("nullable")), data=st.data())
def test_random_schemas_generate_models_that_round_trip(root: dict[str, Any], data: st.DataObject) -> None:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Props", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Root": root, "Node": NODE}},
    }
    package = _generate(spec)
    model = package.models.Root
    for _ in range(3):
        wire = data.draw(instances(root, spec))
        parsed = model.from_dict(wire)
        assert parsed.to_dict() == wire
        assert model.from_dict(parsed.to_dict()) == parsed


# Text chosen to break code: quotes of every kind, backslashes, newlines, NUL, template syntax,
# comment starts, non-ASCII, line separators. Drawn into every position a spec can put text.
_PIECES = [
    '"',
    "'",
    '"""',
    "\\",
    "\n",
    "\r",
    "\x00",
    "\u2028",
    "#",
    "{",
    "}",
    "{{",
    "%}",
    "`",
    ":",
    ";",
    "/",
    "?",
    "&",
    "=",
    " ",
    "é",
    "日",
    "a",
    "B",
    "_",
    "-",
    ".",
    "0",
    "(",
    ")",
    "[",
    "]",
    ",",
    "*",
    "<",
    ">",
    "$",
    "@",
    "\t",
    "\x0b",
    "~",
]
HOSTILE = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8).map("".join)


def _hostile_spec(draw: st.DrawFn) -> dict[str, Any]:
    text = lambda: draw(HOSTILE)  # noqa: E731
    prop, schema_name, tag, op_id, header = text(), text(), text(), text(), text()
    enum = draw(st.lists(st.one_of(HOSTILE, st.none(), st.integers(-3, 3), st.booleans()), min_size=1, max_size=4, unique=True))
    default = draw(st.one_of(HOSTILE, st.integers(), st.none(), st.lists(HOSTILE, max_size=2)))
    media = "application/" + draw(HOSTILE) + "+json"
    schema = {
        "type": "object",
        "description": text(),
        "title": text(),
        "required": [prop],
        "properties": {
            prop: {"type": "string", "description": text(), "default": default, "example": text(), "pattern": text()},
            text(): {"enum": enum, "description": text()},
            text(): {"type": "object", "additionalProperties": {"type": "string", "format": text()}},
        },
    }
    segment = text()
    return {
        "openapi": "3.1.0",
        "info": {"title": text(), "version": text(), "description": text()},
        "servers": [{"url": "http://localhost/" + text()}],
        "tags": [{"name": tag, "description": text()}],
        "paths": {
            f"/{segment}/{{{prop}}}": {
                "post": {
                    "operationId": op_id,
                    "tags": [tag],
                    "summary": text(),
                    "description": text(),
                    "parameters": [
                        {"name": prop, "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": header, "in": "header", "schema": {"type": "string", "enum": enum}, "description": text()},
                        {"name": text(), "in": "query", "schema": {"type": "integer", "default": 3}},
                    ],
                    "requestBody": {"content": {media: {"schema": {"$ref": "#/components/schemas/" + _escape(schema_name)}}}},
                    "responses": {
                        "200": {
                            "description": text(),
                            "content": {
                                media: {
                                    "schema": {"$ref": "#/components/schemas/" + _escape(schema_name)},
                                    "example": {prop: text()},
                                },
                                "text/event-stream": {"schema": {"type": "string"}},
                            },
                        }
                    },
                }
            },
        },
        "components": {"schemas": {schema_name: schema}},
    }


def _escape(name: str) -> str:
    """A schema key as a JSON pointer token inside a URI fragment (RFC 6901 section 6)."""
    from urllib.parse import quote

    return quote(name.replace("~", "~0").replace("/", "~1"), safe="~")


@given(spec=st.composite(_hostile_spec)())
def test_hostile_text_in_every_position_generates_valid_code(spec: dict[str, Any]) -> None:
    """Names, enum values, defaults, descriptions, paths, media types, header names, titles,
    servers: whatever the text, black accepts every module (the pipeline fails otherwise), and
    the package imports."""
    package = _generate(spec)
    assert package.Client is not None
    from conftest import black_changes

    assert black_changes(Path(package.__file__).parent) == []
