"""Unit tables: literals, docstrings and comments are safe for hostile spec text; type hints."""

from __future__ import annotations

import ast

import pytest

from generator.ir import types as t
from generator.ir.decls import Alias, Model
from generator.pycode import Hints, Import, docstring, literal, render_imports

HOSTILE = [
    "plain",
    'say "hi"',
    "it's",
    '"""; import os; os.system("x"); """',
    "'''",
    "back\\slash\\",
    'ends with quote"',
    "nul\x00byte",
    "line\nbreak\r\nwindows",
    "{{ jinja }} {% raw %}",
    "</script><script>alert(1)</script>",
    "\u2028separator\u2029",
    "\ud800 lone surrogate",
    "tab\tand\x1bescape",
    "ünïcödé 日本語 🎉",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_round_trips_and_is_a_single_expression(text: str) -> None:
    code = literal(text)
    node = ast.parse(code, mode="eval")
    assert isinstance(node.body, ast.Constant)
    assert ast.literal_eval(code) == text
    code.encode("utf-8")  # always writable as UTF-8 source


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_round_trips_and_stays_a_docstring(text: str) -> None:
    source = f"def f():\n    {docstring(text, '    ')}\n    return 1\n"
    tree = ast.parse(source)
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef) and len(func.body) == 2
    value = ast.get_docstring(func, clean=False)
    assert value is not None
    expected = [line.strip() for line in text.strip().replace("\r\n", "\n").split("\n")]
    assert [line.strip() for line in value.strip().split("\n")] == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "None"),
        (True, "True"),
        (3, "3"),
        (1.5, "1.5"),
        (float("inf"), 'float("inf")'),
        ([1, "a"], '[1, "a"]'),
        ({"k": [None]}, '{"k": [None]}'),
        ("\udc80", '"\\udc80"'),
    ],
)
def test_literal_of_json_values(value: object, code: str) -> None:
    assert literal(value) == code


def _hints() -> Hints:
    decls = {
        "#/Pet": Model(key="#/Pet", words=("Pet",), wire_name="Pet", fields=()),
        "#/Color": Alias(key="#/Color", words=("Color",), wire_name="Color", type=t.LiteralShape(values=("red", "blue"))),
    }
    return Hints(resolve=decls.__getitem__, class_of=lambda key: key.removeprefix("#/"))


@pytest.mark.parametrize(
    ("shape", "hint", "decoder"),
    [
        (t.Primitive(kind="int", format="unixtime"), "int", "_serde.decode_int"),
        (t.Primitive(kind="str", format="date-time"), "str", "_serde.decode_str"),
        (t.LiteralShape(values=("a", "b")), 'Literal["a", "b"]', '_serde.literal("a", "b")'),
        (t.LiteralShape(values=("a",), open=True), 'Literal["a"] | str', '_serde.literal("a")'),
        (t.ArrayShape(item=t.RefShape(key="#/Pet")), "list[Pet]", "_serde.list_of(Pet.from_dict)"),
        (t.MapShape(value=t.AnyShape()), "dict[str, Any]", "_serde.dict_of(_serde.decode_any)"),
        (t.NullableShape(inner=t.Primitive(kind="float")), "float | None", "_serde.nullable(_serde.decode_float)"),
        (
            t.UnionShape(variants=(t.Primitive(kind="str"), t.RefShape(key="#/Color"))),
            "Color | str",
            '_serde.union(_serde.decode_str, _serde.literal("red", "blue"))',
        ),
        (t.FileShape(), "FileTypes", "_serde.decode_str"),
    ],
)
def test_type_hints_and_decoders(shape: t.TypeShape, hint: str, decoder: str) -> None:
    hints = _hints()
    assert hints.hint(shape) == hint
    assert hints.decoder(shape) == decoder


def test_imports_are_grouped_and_sorted() -> None:
    lines = render_imports({Import("typing", "Literal"), Import("typing", "Any"), Import("..models", "Pet"), Import("json")})
    assert lines == ["import json", "from typing import Any, Literal", "", "from ..models import Pet"]
