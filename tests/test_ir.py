"""The IR from small inline spec fragments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostics
from generator.ir import Alias, Api, Model, build_api
from generator.ir import types as t
from generator.loader import load
from generator.pynames import PyNames, python_names


def build(
    tmp_path: Path,
    schemas: dict[str, Any] | None = None,
    paths: dict[str, Any] | None = None,
    version: str = "3.1.0",
    **extra: Any,
) -> tuple[Api, Diagnostics]:
    doc = {
        "openapi": version,
        "info": {"title": "Test API", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas or {}},
        **extra,
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(doc))
    diags = Diagnostics()
    return build_api(load(path, diags), diags), diags


def py(api: Api, diags: Diagnostics | None = None) -> PyNames:
    """The Python names of ``api`` (the IR itself names things by words and wire spellings)."""
    return python_names(api, diags if diags is not None else Diagnostics())


def key(api: Api, cls: str) -> str:
    """The key of the declaration whose Python class is ``cls``."""
    return next(k for k, c in py(api).classes.items() if c == cls)


def ref(api: Api, cls: str) -> t.RefShape:
    return t.RefShape(key=key(api, cls))


def model(api: Api, cls: str) -> Model:
    decl = api.declaration(key(api, cls))
    assert isinstance(decl, Model)
    return decl


def test_required_and_nullable_stay_different(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        {
            "Pet": {
                "type": "object",
                "required": ["a", "b"],
                "properties": {
                    "a": {"type": "string"},
                    "b": {"type": ["string", "null"]},
                    "c": {"type": "integer", "nullable": True},
                    "d": {"type": "boolean"},
                },
            }
        },
    )
    fields = {f.wire_name: (f.required, f.nullable, f.type) for f in model(api, "Pet").fields}
    assert fields == {
        "a": (True, False, t.Primitive(kind="str")),
        "b": (True, True, t.Primitive(kind="str")),
        "c": (False, True, t.Primitive(kind="int")),  # 3.0-style nullable inside a 3.1 document
        "d": (False, False, t.Primitive(kind="bool")),
    }


def test_refs_are_names_and_recursion_needs_no_special_case(tmp_path: Path) -> None:
    api, diags = build(
        tmp_path,
        {
            "Node": {
                "type": "object",
                "properties": {
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                    "other": {"$ref": "#/components/schemas/Other"},
                },
            },
            "Other": {"type": "object", "properties": {"back": {"$ref": "#/components/schemas/Node"}}},
        },
    )
    node = model(api, "Node")
    assert node.fields[0].type == t.ArrayShape(item=ref(api, "Node"))
    assert node.fields[1].type == ref(api, "Other")
    assert model(api, "Other").fields[0].type == ref(api, "Node")
    assert [d.code for d in diags.items] == ["no-operations"]


def test_enums_nullable_enums_and_open_unions(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        {
            "Size": {"type": ["string", "null"], "enum": ["s", "m", None]},
            "Req": {
                "type": "object",
                "properties": {"model": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Size"}]}},
            },
        },
    )
    size = api.declaration(key(api, "Size"))
    assert isinstance(size, Alias)
    assert size.type == t.NullableShape(inner=t.LiteralShape(values=("s", "m")))
    assert model(api, "Req").fields[0].type == t.UnionShape(variants=(t.Primitive(kind="str"), ref(api, "Size")))


def test_inline_objects_are_named_after_parent_and_property(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        {"Pet": {"type": "object", "properties": {"owner": {"type": "object", "properties": {"name": {"type": "string"}}}}}},
    )
    assert model(api, "Pet").fields[0].type == ref(api, "PetOwner")
    assert [f.wire_name for f in model(api, "PetOwner").fields] == ["name"]


def test_all_of_is_merged(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        {
            "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}},
            "Cat": {
                "allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"purrs": {"type": "boolean"}}}]
            },
        },
    )
    assert [(f.wire_name, f.required) for f in model(api, "Cat").fields] == [("id", True), ("purrs", False)]


def test_property_names_that_collide_after_conversion_get_a_diagnostic(tmp_path: Path) -> None:
    api, diags = build(
        tmp_path,
        {
            "Pet": {
                "type": "object",
                "properties": {"fooBar": {"type": "string"}, "foo_bar": {"type": "string"}, "class": {"type": "string"}},
            }
        },
    )
    pet = model(api, "Pet")
    assert [d.code for d in diags.items if d.code != "no-operations"] == []  # the IR keeps wire names
    names = py(api, diags)
    assert [(f.wire_name, names.field(pet, f)) for f in pet.fields] == [
        ("fooBar", "foo_bar"),
        ("foo_bar", "foo_bar_wire"),
        ("class", "class_"),
    ]
    assert [d.code for d in diags.items if d.code != "no-operations"] == ["name-collision"]


def test_schema_names_never_shadow_the_package_names(tmp_path: Path) -> None:
    api, _ = build(tmp_path, {"Client": {"type": "object", "properties": {"x": {"type": "string"}}}})
    assert list(py(api).classes.values()) == ["ClientModel"]


def test_operation_body_parameters_and_response(tmp_path: Path) -> None:
    api, diags = build(
        tmp_path,
        {"Pet": {"type": "object", "properties": {"id": {"type": "integer"}}}},
        paths={
            "/pets/{petId}": {
                "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {
                    "operationId": "getPet",
                    "tags": ["pets"],
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 5}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                        },
                        "default": {"description": "error"},
                    },
                },
            }
        },
    )
    assert not diags.items
    (resource,) = api.resources
    (op,) = resource.operations
    names = py(api)
    assert (names.resource(resource).attr, names.main_method(op), op.method, op.path) == (
        "pets",
        "get_pet",
        "GET",
        "/pets/{petId}",
    )
    assert (resource.words, op.words) == (("pets",), ("get", "Pet"))
    assert [(names.param(op, p), p.location, p.required) for p in op.parameters] == [
        ("pet_id", "path", True),
        ("limit", "query", False),
    ]
    assert op.parameters[1].constraints.minimum == 1 and op.parameters[1].default is not None
    assert (op.response.kind, op.response.type) == ("json", ref(api, "Pet"))


def test_multipart_body_is_flattened_and_its_schema_not_emitted(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        {
            "Upload": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": "string"}},
            }
        },
        paths={
            "/up": {
                "post": {
                    "operationId": "upload",
                    "requestBody": {
                        "content": {
                            "multipart/form-data": {
                                "schema": {"$ref": "#/components/schemas/Upload"},
                                "encoding": {"file": {"contentType": "image/png"}},
                            }
                        }
                    },
                    "responses": {"204": {"description": "done"}},
                }
            }
        },
    )
    op = api.resources[0].operations[0]
    assert op.body is not None and op.body.media_type == "multipart"
    assert [(py(api).body_field(op, f), f.type) for f in op.body.fields] == [
        ("file", t.FileShape()),
        ("note", t.Primitive(kind="str")),
    ]
    assert op.body.file_content_types == (("file", "image/png"),)
    assert op.response.kind == "empty"
    assert api.declarations == ()


@pytest.mark.parametrize(
    ("paths", "code"),
    [
        ({"/a/{id}": {"get": {"responses": {"200": {"description": "x"}}}}}, "param-undeclared"),
        (
            {
                "/a/{id}": {
                    "get": {
                        "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
                        "responses": {"200": {"description": "x"}},
                    }
                }
            },
            "param-not-required",
        ),
        ({"/a": {"get": {"responses": {"20O": {"description": "x"}}}}}, "bad-status"),
        (
            {"/a": {"get": {"operationId": "x", "responses": {}}}, "/b": {"get": {"operationId": "x", "responses": {}}}},
            "duplicate-operation-id",
        ),
        ({"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/Nope"}}}}}, "ref-missing"),
    ],
)
def test_operation_problems_are_located_diagnostics(tmp_path: Path, paths: dict[str, Any], code: str) -> None:
    _, diags = build(tmp_path, paths=paths)
    assert code in [d.code for d in diags.items]
    assert all(d.pointer is not None for d in diags.items)


def test_circular_ref_chain_is_an_error(tmp_path: Path) -> None:
    api, diags = build(
        tmp_path,
        {
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"$ref": "#/components/schemas/C"},
            "C": {"$ref": "#/components/schemas/B"},
        },
    )
    assert "ref-cycle" in [d.code for d in diags.items]


def test_discriminator_mapping_and_tag_values(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        {
            "Cat": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["cat"]}}},
            "Dog": {"type": "object", "properties": {"kind": {"const": "dog"}}},
            "Bird": {"type": "object", "properties": {"kind": {"type": "string"}}},
            "Pet": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Cat"},
                    {"$ref": "#/components/schemas/Dog"},
                    {"$ref": "#/components/schemas/Bird"},
                ],
                "discriminator": {"propertyName": "kind", "mapping": {"parrot": "#/components/schemas/Bird"}},
            },
        },
    )
    pet = api.declaration(key(api, "Pet"))
    assert isinstance(pet, Alias) and isinstance(pet.type, t.UnionShape) and pet.type.discriminator is not None
    assert dict(pet.type.discriminator.mapping) == {"parrot": key(api, "Bird"), "cat": key(api, "Cat"), "dog": key(api, "Dog")}


def test_inline_union_members_are_named_by_tag_then_title_then_kind(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        {
            "Event": {
                "oneOf": [
                    {"type": "object", "properties": {"type": {"const": "done"}, "id": {"type": "string"}}},
                    {"type": "object", "title": "Progress report", "properties": {"pct": {"type": "integer"}}},
                    {"type": "array", "items": {"type": "object", "properties": {"x": {"type": "string"}}}},
                ]
            }
        },
    )
    assert {d.words for d in api.declarations} == {
        ("Event",),
        ("Event", "Done"),
        ("Event", "Progress", "Report"),
        ("Event", "List", "Item"),
    }
    assert set(py(api).classes.values()) == {"Event", "EventDone", "EventProgressReport", "EventListItem"}


def test_annotated_refs_through_all_of_keep_their_type(tmp_path: Path) -> None:
    api, diags = build(
        tmp_path,
        {
            "Mode": {"type": "string", "enum": ["a", "b"]},
            "Req": {
                "type": "object",
                "properties": {
                    "mode": {"allOf": [{"$ref": "#/components/schemas/Mode"}], "description": "How."},
                    "other": {"allOf": [{"$ref": "#/components/schemas/Mode"}, {"description": "x"}]},
                },
            },
        },
    )
    assert [f.type for f in model(api, "Req").fields] == [ref(api, "Mode"), ref(api, "Mode")]
    assert [f.description for f in model(api, "Req").fields][0] == "How."
    assert [d.code for d in diags.items] == ["no-operations"]


def test_tags_differing_only_in_case_are_one_resource_and_names_avoid_models(tmp_path: Path) -> None:
    ok = {"responses": {"200": {"description": "ok"}}}
    api, _ = build(
        tmp_path,
        {"Batch": {"type": "object", "properties": {"id": {"type": "string"}}}},
        paths={
            "/a": {"get": {"operationId": "a", "tags": ["Batch"], **ok}},
            "/b": {"get": {"operationId": "b", "tags": ["batch"], **ok}},
        },
    )
    (resource,) = api.resources
    assert resource.wire_name == "Batch"
    names = py(api).resource(resource)
    assert (names.attr, names.sync_class, names.async_class) == ("batch", "BatchResource", "AsyncBatchResource")
    assert [py(api).main_method(op) for op in resource.operations] == ["a", "b"]


def test_yaml_is_read_by_the_1_2_core_schema(tmp_path: Path) -> None:
    from generator.loader.source import parse

    data, _ = parse(
        "a: 1e3\nb: 0o17\nc: 2024-10-01\nd: on\n200: x\ne: &m {x: 1, y: 2}\nf:\n  <<: *m\n  x: 9\n", filename="s.yaml"
    )
    assert data == {"a": 1000.0, "b": 15, "c": "2024-10-01", "d": "on", "200": "x", "e": {"x": 1, "y": 2}, "f": {"x": 9, "y": 2}}


def test_patterns_python_cannot_read_are_left_out(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        {
            "P": {
                "type": "object",
                "properties": {"a": {"type": "string", "pattern": "^\\p{L}+$"}, "b": {"type": "string", "pattern": "^[a-z]+$"}},
            }
        },
    )
    assert [f.constraints.pattern for f in model(api, "P").fields] == [None, "^[a-z]+$"]
