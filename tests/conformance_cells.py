"""The conformance table: one operation per cell of OpenAPI's serialization rules (every style x
location x explode for primitives, arrays and objects, allowReserved, ``content`` parameters,
form and multipart Encoding Objects, plain bodies, security schemes), the value each client
passes, and what the request must carry, spelled as the specification's "Style Examples" table
spells it (3.1.1 / 3.0.4, which follow RFC 6570).

``python tests/conformance_cells.py`` writes tests/specs/conformance-3.1.yaml and
conformance-3.0.yaml from this table; tests/test_conformance.py checks they are current, calls
every operation through every target and judges each request with openapi-core and with the
strings below.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SPECS = Path(__file__).resolve().parent / "specs"
PRIMITIVE = "blue"
ARRAY = ["blue", "black", "brown"]
OBJECT = {"R": 100, "G": 200, "B": 150}
BLACK = {"R": 0, "G": 0, "B": 0}
RGB = {
    "type": "object",
    "required": ["R", "G", "B"],
    "properties": {"R": {"type": "integer"}, "G": {"type": "integer"}, "B": {"type": "integer"}},
}
VALUES: dict[str, object] = {"primitive": PRIMITIVE, "array": ARRAY, "object": OBJECT}
SCHEMAS: dict[str, dict[str, Any]] = {
    "primitive": {"type": "string"},
    "array": {"type": "array", "items": {"type": "string"}},
    "object": RGB,
}
API_KEY = "key-123"
USERNAME = "ada"
PASSWORD = "p@ss word"


@dataclass
class Expect:
    """What the raw request carries. Object members may come in any order (a Perl hash has
    none): ``pairs`` compares the delimited members as a multiset where order is free."""

    path: str | None = None  # raw, still percent-encoded, after the operation's fixed prefix
    query: str | None = None  # the raw query string
    headers: dict[str, str] = field(default_factory=dict)  # lower-case name -> exact value
    absent_headers: tuple[str, ...] = ()
    content_type: str | None = None  # the body's media type (parameters after ';' ignored)
    body: bytes | None = None  # exact bytes (form bodies, text, binary)
    json: object = None  # a JSON body, compared as data
    parts: list[tuple[str, str | None, bytes, str | None]] | None = None  # (name, content type, content, filename)
    part_headers: dict[str, dict[str, str]] = field(default_factory=dict)  # part name -> header -> value
    unordered: bool = False  # object members: compare the delimited pieces as a multiset


@dataclass
class Cell:
    id: str  # the operationId
    method: str
    path: str
    args: dict[str, object]  # wire name -> value ("body" -> a whole body); files as (filename, content, type)
    expect: Expect
    parameters: list[dict[str, Any]] = field(default_factory=list)
    body: dict[str, Any] | None = None
    security: list[dict[str, list[str]]] | None = None
    openapi_core: bool = True  # openapi-core 0.23.1 can unmarshal this request (else: the strings only)


def _styled(where: str, style: str, explode: bool, kind: str, expect: Expect, *, openapi_core: bool = True) -> Cell:
    """One cell of the Style Examples table: parameter ``color`` (``X-Color`` in a header)."""
    name = "X-Color" if where == "header" else "color"
    flag = str(explode).lower()
    return Cell(
        id=f"{where}_{_snake(style)}_{kind}_{flag}",
        method="get",
        path=f"/{where}/{style}/{kind}/{flag}" + ("/{color}" if where == "path" else ""),
        parameters=[{"name": name, "in": where, "required": True, "style": style, "explode": explode, "schema": SCHEMAS[kind]}],
        args={name: VALUES[kind]},
        expect=expect,
        openapi_core=openapi_core,
    )


PATH_TABLE = {
    ("simple", False): {"primitive": "blue", "array": "blue,black,brown", "object": "R,100,G,200,B,150"},
    ("simple", True): {"primitive": "blue", "array": "blue,black,brown", "object": "R=100,G=200,B=150"},
    ("label", False): {"primitive": ".blue", "array": ".blue,black,brown", "object": ".R,100,G,200,B,150"},
    ("label", True): {"primitive": ".blue", "array": ".blue.black.brown", "object": ".R=100.G=200.B=150"},
    ("matrix", False): {"primitive": ";color=blue", "array": ";color=blue,black,brown", "object": ";color=R,100,G,200,B,150"},
    ("matrix", True): {
        "primitive": ";color=blue",
        "array": ";color=blue;color=black;color=brown",
        "object": ";R=100;G=200;B=150",
    },
}
QUERY_TABLE = {
    ("form", False): {"primitive": "color=blue", "array": "color=blue,black,brown", "object": "color=R,100,G,200,B,150"},
    ("form", True): {"primitive": "color=blue", "array": "color=blue&color=black&color=brown", "object": "R=100&G=200&B=150"},
    ("spaceDelimited", False): {"array": "color=blue%20black%20brown", "object": "color=R%20100%20G%20200%20B%20150"},
    ("pipeDelimited", False): {"array": "color=blue%7Cblack%7Cbrown", "object": "color=R%7C100%7CG%7C200%7CB%7C150"},
    ("deepObject", True): {"object": "color[R]=100&color[G]=200&color[B]=150"},
}
HEADER_TABLE = {
    ("simple", False): {"primitive": "blue", "array": "blue,black,brown", "object": "R,100,G,200,B,150"},
    ("simple", True): {"primitive": "blue", "array": "blue,black,brown", "object": "R=100,G=200,B=150"},
}
COOKIE_TABLE = {
    ("form", False): {"primitive": "color=blue", "array": "color=blue,black,brown", "object": "color=R,100,G,200,B,150"},
    ("form", True): {"primitive": "color=blue", "array": "color=blue; color=black; color=brown", "object": "R=100; G=200; B=150"},
}


def _param_cells() -> list[Cell]:
    cells = []
    for (style, explode), row in PATH_TABLE.items():
        for kind, wire in row.items():
            # openapi-core reads label and matrix only from RFC 6570 templates ({.color})
            cells.append(
                _styled(
                    "path", style, explode, kind, Expect(path=wire, unordered=kind == "object"), openapi_core=style == "simple"
                )
            )
    for (style, explode), row in QUERY_TABLE.items():
        for kind, wire in row.items():
            # it splits spaceDelimited on a literal "%20" of the decoded value, and reads an
            # exploded form object from the raw query it is not given
            judged = style != "spaceDelimited" and (style, explode, kind) != ("form", True, "object")
            cells.append(
                _styled("query", style, explode, kind, Expect(query=wire, unordered=kind == "object"), openapi_core=judged)
            )
    for (style, explode), row in HEADER_TABLE.items():
        for kind, wire in row.items():
            cells.append(_styled("header", style, explode, kind, Expect(headers={"x-color": wire}, unordered=kind == "object")))
    for (style, explode), row in COOKIE_TABLE.items():
        for kind, wire in row.items():
            # it reads cookies from a mapping: one value per name, none for exploded objects
            judged = not explode or kind == "primitive"
            cells.append(
                _styled(
                    "cookie",
                    style,
                    explode,
                    kind,
                    Expect(headers={"cookie": wire}, unordered=kind == "object"),
                    openapi_core=judged,
                )
            )
    cells += [
        Cell(
            id="query_reserved_encoded",
            method="get",
            path="/query/reserved/encoded",
            parameters=[{"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}],
            args={"q": "a b,c/d&e=f#g+h\u00e9"},
            expect=Expect(query="q=a%20b%2Cc%2Fd%26e%3Df%23g%2Bh%C3%A9"),
        ),
        Cell(
            id="query_allow_reserved",
            method="get",
            path="/query/reserved/allowed",
            parameters=[{"name": "q", "in": "query", "required": True, "allowReserved": True, "schema": {"type": "string"}}],
            args={"q": "/files/a:b@c!$'()*,;"},
            expect=Expect(query="q=/files/a:b@c!$'()*,;"),
        ),
        Cell(
            id="query_content_json",
            method="get",
            path="/query/content/json",
            parameters=[{"name": "filter", "in": "query", "required": True, "content": {"application/json": {"schema": RGB}}}],
            args={"filter": OBJECT},
            expect=Expect(query="filter=%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%7D", unordered=True),
        ),
    ]
    return cells


def _form(schema: dict[str, Any], encoding: dict[str, Any] | None = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": schema}
    if encoding:
        media["encoding"] = encoding
    return {"required": True, "content": {"application/x-www-form-urlencoded": media}}


def _body_cells() -> list[Cell]:
    form_type = "application/x-www-form-urlencoded"
    text = "h\u00e9llo w\u00f6rld \u2713"
    return [
        Cell(
            id="body_json",
            method="post",
            path="/body/json",
            body={
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["name"],
                            "properties": {"name": {"type": "string"}, "color": RGB, "tags": SCHEMAS["array"]},
                        }
                    }
                },
            },
            args={"name": text, "color": OBJECT, "tags": ARRAY},
            expect=Expect(content_type="application/json", json={"name": text, "color": OBJECT, "tags": ARRAY}),
        ),
        Cell(
            id="body_form_defaults",
            method="post",
            path="/body/form/defaults",
            body=_form(
                {
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string"}, "tags": SCHEMAS["array"], "color": RGB},
                }
            ),
            args={"name": "a b&c", "tags": ARRAY, "color": OBJECT},
            expect=Expect(
                content_type=form_type,
                body=b"name=a%20b%26c&tags=blue&tags=black&tags=brown&R=100&G=200&B=150",
                unordered=True,
            ),
            openapi_core=False,  # it does not read an exploded object's members back from a form body
        ),
        Cell(
            id="body_form_deep_object",
            method="post",
            path="/body/form/deep",
            body=_form(
                {
                    "type": "object",
                    "required": ["email"],
                    "properties": {
                        "email": {"type": "string"},
                        "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                    },
                },
                {"metadata": {"style": "deepObject", "explode": True}},
            ),
            args={"email": "ada@example.com", "metadata": {"k": "v", "order_id": "42"}},
            expect=Expect(
                content_type=form_type,
                body=b"email=ada%40example.com&metadata[k]=v&metadata[order_id]=42",
                unordered=True,
            ),
        ),
        Cell(
            id="body_form_deep_nested",
            method="post",
            path="/body/form/deep-nested",
            body=_form(
                {
                    "type": "object",
                    "required": ["items"],
                    "properties": {
                        "items": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {"price": {"type": "string"}, "quantity": {"type": "integer"}},
                            },
                        }
                    },
                },
                {"items": {"style": "deepObject", "explode": True}},
            ),
            args={"items": [{"price": "price_1", "quantity": 2}, {"price": "price_2", "quantity": 1}]},
            expect=Expect(
                content_type=form_type,
                body=b"items[0][price]=price_1&items[0][quantity]=2&items[1][price]=price_2&items[1][quantity]=1",
                unordered=True,
            ),
            openapi_core=False,  # deepObject nesting beyond one level is Stripe's convention, not the spec's
        ),
        Cell(
            id="body_form_delimited",
            method="post",
            path="/body/form/delimited",
            body=_form(
                {
                    "type": "object",
                    "required": ["tags", "ids"],
                    "properties": {"tags": SCHEMAS["array"], "ids": {"type": "array", "items": {"type": "integer"}}},
                },
                {"tags": {"style": "pipeDelimited", "explode": False}, "ids": {"style": "form", "explode": False}},
            ),
            args={"tags": ARRAY, "ids": [1, 2, 3]},
            expect=Expect(content_type=form_type, body=b"tags=blue%7Cblack%7Cbrown&ids=1,2,3"),
        ),
        Cell(
            id="body_form_json_field",
            method="post",
            path="/body/form/json-field",
            body=_form(
                {"type": "object", "required": ["meta"], "properties": {"meta": RGB}},
                {"meta": {"contentType": "application/json"}},
            ),
            args={"meta": OBJECT},
            expect=Expect(
                content_type=form_type, body=b"meta=%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%7D", unordered=True
            ),
            openapi_core=False,  # it does not decode a form field by its Encoding Object's contentType
        ),
        Cell(
            id="body_form_string",
            method="post",
            path="/body/form/string",
            body=_form({"type": "string"}),
            args={"body": "q=hello%20world&source=en"},
            expect=Expect(content_type=form_type, body=b"q=hello%20world&source=en"),
            openapi_core=False,  # it unmarshals form bodies as objects only
        ),
        Cell(
            id="body_multipart",
            method="post",
            path="/body/multipart",
            body={
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file", "text"],
                            "properties": {
                                "file": {"type": "string", "format": "binary"},
                                "text": {"type": "string"},
                                "meta": RGB,
                                "tags": SCHEMAS["array"],
                            },
                        }
                    }
                },
            },
            args={
                "file": ("otter.bin", b"\x00\x01binary\xff", None),
                "text": text,
                "meta": OBJECT,
                "tags": ARRAY,
            },
            expect=Expect(
                content_type="multipart/form-data",
                parts=[
                    ("file", "application/octet-stream", b"\x00\x01binary\xff", "otter.bin"),
                    ("text", None, text.encode(), None),
                    ("meta", "application/json", json.dumps(OBJECT, separators=(",", ":")).encode(), None),
                    ("tags", None, b"blue", None),
                    ("tags", None, b"black", None),
                    ("tags", None, b"brown", None),
                ],
            ),
        ),
        Cell(
            id="body_multipart_primitives",
            method="post",
            path="/body/multipart/primitives",
            body={
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["count"],
                            "properties": {
                                "count": {"type": "integer"},
                                "ratio": {"type": "number"},
                                "flag": {"type": "boolean"},
                            },
                        }
                    }
                },
            },
            args={"count": 3, "ratio": 0.5, "flag": False},
            expect=Expect(
                content_type="multipart/form-data",
                parts=[("count", None, b"3", None), ("ratio", None, b"0.5", None), ("flag", None, b"false", None)],
            ),
            openapi_core=False,  # it does not cast text parts to their schema's types ('3' is not an integer)
        ),
        Cell(
            id="body_multipart_files",
            method="post",
            path="/body/multipart/files",
            body={
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["files"],
                            "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                        }
                    }
                },
            },
            args={"files": [("a.txt", b"first", "text/plain"), ("b.txt", b"second", "text/plain")]},
            expect=Expect(
                content_type="multipart/form-data",
                parts=[("files", "text/plain", b"first", "a.txt"), ("files", "text/plain", b"second", "b.txt")],
            ),
        ),
        Cell(
            id="body_multipart_encoding",
            method="post",
            path="/body/multipart/encoding",
            body={
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["doc", "meta"],
                            "properties": {
                                "doc": {"type": "string", "format": "binary"},
                                "meta": {"type": "array", "items": RGB},
                            },
                        },
                        "encoding": {
                            "doc": {
                                "contentType": "application/pdf",
                                "headers": {"X-Part-Origin": {"schema": {"type": "string", "default": "scanner"}}},
                            },
                            "meta": {"contentType": "application/json"},
                        },
                    }
                },
            },
            args={"doc": ("scan", b"%PDF-1.7 fake", None), "meta": [OBJECT, BLACK]},
            expect=Expect(
                content_type="multipart/form-data",
                parts=[  # an array: one part per item (RFC 7578), each item by the contentType
                    ("doc", "application/pdf", b"%PDF-1.7 fake", "scan"),
                    ("meta", "application/json", json.dumps(OBJECT, separators=(",", ":")).encode(), None),
                    ("meta", "application/json", json.dumps(BLACK, separators=(",", ":")).encode(), None),
                ],
                part_headers={"doc": {"x-part-origin": "scanner"}},
            ),
        ),
        Cell(
            id="body_multipart_media_type",
            method="post",
            path="/body/multipart/media-type",
            body={
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["image"],
                            # the 3.1 way: contentMediaType, no type (3.0: format binary + encoding)
                            "properties": {"image": {"contentMediaType": "image/png"}},
                        }
                    }
                },
            },
            args={"image": ("otter", b"\x89PNG fake", None)},
            expect=Expect(content_type="multipart/form-data", parts=[("image", "image/png", b"\x89PNG fake", "otter")]),
        ),
        Cell(
            id="body_text",
            method="post",
            path="/body/text",
            body={"required": True, "content": {"text/plain": {"schema": {"type": "string"}}}},
            args={"body": text},
            expect=Expect(content_type="text/plain", body=text.encode()),
        ),
        Cell(
            id="body_binary",
            method="post",
            path="/body/binary",
            body={"required": True, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
            args={"body": ("blob", b"\x00\xffraw bytes", None)},
            expect=Expect(content_type="application/octet-stream", body=b"\x00\xffraw bytes"),
        ),
    ]


def _auth_cells() -> list[Cell]:
    import base64

    basic = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    no_auth = ("authorization", "x-api-key", "cookie")
    return [
        Cell(
            id="auth_bearer",
            method="get",
            path="/auth/bearer",
            security=[{"bearer": []}],
            args={},
            expect=Expect(headers={"authorization": f"Bearer {API_KEY}"}, absent_headers=("x-api-key", "cookie")),
        ),
        Cell(
            id="auth_basic",
            method="get",
            path="/auth/basic",
            security=[{"basic": []}],
            args={},
            expect=Expect(headers={"authorization": basic}, absent_headers=("x-api-key", "cookie")),
        ),
        Cell(
            id="auth_api_key_header",
            method="get",
            path="/auth/api-key/header",
            security=[{"keyHeader": []}],
            args={},
            expect=Expect(headers={"x-api-key": API_KEY}, absent_headers=("authorization", "cookie")),
        ),
        Cell(
            id="auth_api_key_query",
            method="get",
            path="/auth/api-key/query",
            security=[{"keyQuery": []}],
            args={},
            expect=Expect(query=f"api_key={API_KEY}", absent_headers=no_auth),
        ),
        Cell(
            id="auth_api_key_cookie",
            method="get",
            path="/auth/api-key/cookie",
            security=[{"keyCookie": []}],
            args={},
            expect=Expect(headers={"cookie": f"session={API_KEY}"}, absent_headers=("authorization", "x-api-key")),
        ),
        Cell(
            id="auth_both",
            method="get",
            path="/auth/both",
            security=[{"keyHeader": [], "keyQuery": []}],
            args={},
            expect=Expect(query=f"api_key={API_KEY}", headers={"x-api-key": API_KEY}, absent_headers=("authorization",)),
        ),
        Cell(
            id="auth_alternatives",
            method="get",
            path="/auth/alternatives",
            security=[{}, {"basic": []}, {"bearer": []}],
            args={},
            expect=Expect(headers={"authorization": basic}, absent_headers=("x-api-key", "cookie")),
        ),
        Cell(
            id="auth_none",
            method="get",
            path="/auth/none",
            security=[],
            args={},
            expect=Expect(query="", absent_headers=no_auth),
        ),
    ]


def cells() -> list[Cell]:
    return _param_cells() + _body_cells() + _auth_cells()


def _snake(style: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in style)


def document(version: str) -> dict[str, Any]:
    """The conformance spec as data: ``version`` is "3.1" or "3.0"."""
    paths: dict[str, Any] = {}
    for cell in cells():
        op: dict[str, Any] = {
            "operationId": cell.id,
            "tags": ["cells"],
            "summary": cell.id.replace("_", " "),
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
                }
            },
        }
        if cell.parameters:
            op["parameters"] = copy.deepcopy(cell.parameters)
        if cell.body is not None:
            op["requestBody"] = copy.deepcopy(cell.body)
        if cell.security is not None:
            op["security"] = copy.deepcopy(cell.security)
        paths[cell.path] = {cell.method: op}
    doc: dict[str, Any] = {
        "openapi": "3.1.0" if version == "3.1" else "3.0.3",
        "info": {
            "title": "Conformance",
            "version": "1.0.0",
            "description": "One operation per cell of OpenAPI's serialization rules (tests/conformance_cells.py).",
        },
        "servers": [{"url": "http://127.0.0.1:8080"}],
        "tags": [{"name": "cells", "description": "Every cell of the table."}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "basic": {"type": "http", "scheme": "basic"},
                "keyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "keyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
                "keyCookie": {"type": "apiKey", "in": "cookie", "name": "session"},
            }
        },
    }
    if version == "3.0":
        _to_30(doc)
    return doc


def _to_30(node: Any) -> None:
    """3.1's file parts (contentMediaType without a type) as 3.0 spells them."""
    if isinstance(node, dict):
        media = node.get("multipart/form-data")
        if isinstance(media, dict):
            for name, prop in media["schema"]["properties"].items():
                if "contentMediaType" in prop:
                    media.setdefault("encoding", {})[name] = {"contentType": prop.pop("contentMediaType")}
                    prop.update({"type": "string", "format": "binary"})
        for value in node.values():
            _to_30(value)
    elif isinstance(node, list):
        for value in node:
            _to_30(value)


def text(version: str) -> str:
    head = "# Written by tests/conformance_cells.py: edit the table there, then run it.\n"
    return head + yaml.safe_dump(document(version), sort_keys=False, allow_unicode=True, width=100)


def spec_path(version: str) -> Path:
    return SPECS / f"conformance-{version}.yaml"


if __name__ == "__main__":
    for v in ("3.1", "3.0"):
        spec_path(v).write_text(text(v), encoding="utf-8")
        print(f"wrote {spec_path(v)}")
