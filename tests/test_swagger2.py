"""Swagger 2.0 in (generator/loader/swagger2.py): real 2.0 documents (tests/specs/swagger2/, see
tests/specs/SOURCES.md: Swagger's petstore, Gitea's API, Docker Engine's API) generate every
target with no warning from the 3.0 validator on the converted document, and each Python
client calls operations correctly on the wire (a recording server on 127.0.0.1); the conversion
rules one by one on a small document; what 3.0 cannot say is a warning at its 2.0 line (an error
with --strict); an invalid 2.0 document is refused with the location."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from conftest import ROOT, import_generated, run_cli
from recording_server import RecordingServer, Reply

from generator.loader.swagger2 import convert

SPECS = ROOT / "tests" / "specs" / "swagger2"
TARGETS = ["--target", "python", "--target", "cli", "--target", "go", "--target", "perl", "--target", "docs"]
PACKAGES = {"petstore.yaml": "swagger_petstore", "gitea.json": "gitea_api", "docker.yaml": "docker_engine_api"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    root = tmp_path_factory.mktemp("swagger2")
    out = {}
    for name, package in PACKAGES.items():
        folder = root / package
        result = run_cli(str(SPECS / name), "-o", str(folder), "--package-name", package, *TARGETS)
        assert result.returncode == 0, result.stderr[-3000:]
        out[name] = (folder, result.stderr)
    return out


@pytest.fixture()
def server() -> Iterator[RecordingServer]:
    with RecordingServer() as srv:
        yield srv


def _client(generated: dict[str, tuple[Path, str]], spec: str, base: str) -> object:
    module: ModuleType = import_generated(generated[spec][0], PACKAGES[spec])
    return module.Client(api_key="k", base_url=base, timeout=10.0, max_retries=0)


def test_real_documents_generate_every_target_without_warnings(generated: dict[str, tuple[Path, str]]) -> None:
    for name, (folder, stderr) in generated.items():
        assert "warning[" not in stderr, (name, stderr[-2000:])  # the 3.0 validator finds nothing in what we made
        for part in ("docs/reference.html", "go/go.mod", "perl/Makefile.PL", f"{PACKAGES[name]}/_cli/__init__.py"):
            assert (folder / part).is_file(), (name, part)
        manifest = json.loads((folder / ".pyclientgen-manifest.json").read_text())
        assert manifest["counts"]["operations"] == {"petstore.yaml": 3, "gitea.json": 159, "docker.yaml": 106}[name]


def test_petstore_path_parameter_on_the_wire(generated: dict[str, tuple[Path, str]], server: RecordingServer) -> None:
    server.replies.append(Reply(chunks=[b'[{"id": 7, "name": "Rex"}]']))
    pets = _client(generated, "petstore.yaml", server.url + "/v1").pets.show_pet_by_id(pet_id="7")  # type: ignore[attr-defined]
    assert pets[0].name == "Rex"
    seen = server.seen[0]
    assert (seen.method, seen.path) == ("GET", "/v1/pets/7")


def test_gitea_json_body_and_text_body_on_the_wire(generated: dict[str, tuple[Path, str]], server: RecordingServer) -> None:
    server.replies.append(Reply(chunks=[b'{"id": 1, "title": "Bug"}']))
    server.replies.append(Reply(content_type="text/html", chunks=[b"<h1>hi</h1>"]))
    client = _client(generated, "gitea.json", server.url + "/api/v1")
    issue = client.issue.issue_create_issue(owner="go gitea", repo="tea", title="Bug", labels=[3])  # type: ignore[attr-defined]
    assert issue.title == "Bug"
    client.miscellaneous.render_markdown_raw(body="# hi")  # type: ignore[attr-defined]
    created, rendered = server.seen
    assert (created.method, created.path, created.headers["content-type"]) == (
        "POST",
        "/api/v1/repos/go%20gitea/tea/issues",
        "application/json",
    )
    assert json.loads(created.body) == {"title": "Bug", "labels": [3]}
    assert (rendered.path, rendered.headers["content-type"], rendered.body) == (
        "/api/v1/markdown/raw",
        "text/plain",
        b"# hi",
    )
    # the first alternative of the document's security that the client has a credential for: the
    # query key "token" (BasicAuth, listed first, needs a username and password)
    assert created.query == [("token", "k")] and "authorization" not in created.headers


def test_docker_query_and_flattened_body_on_the_wire(generated: dict[str, tuple[Path, str]], server: RecordingServer) -> None:
    server.replies.append(Reply(chunks=[b"[]"]))
    server.replies.append(Reply(status=201, chunks=[b'{"Id": "abc", "Warnings": []}']))
    client = _client(generated, "docker.yaml", server.url + "/v1.41")
    client.container.container_list(all=True, limit=2)  # type: ignore[attr-defined]
    made = client.container.container_create(name="web", image="alpine", cmd=["echo", "hi"])  # type: ignore[attr-defined]
    assert made.id == "abc"
    listed, created = server.seen
    assert (listed.method, listed.path, listed.query) == ("GET", "/v1.41/containers/json", [("all", "true"), ("limit", "2")])
    assert (created.method, created.path, created.query) == ("POST", "/v1.41/containers/create", [("name", "web")])
    assert json.loads(created.body) == {"Image": "alpine", "Cmd": ["echo", "hi"]}


SMALL = {
    "swagger": "2.0",
    "info": {"title": "Small", "version": "1"},
    "host": "api.example.com",
    "basePath": "/v2/",
    "schemes": ["https", "http"],
    "consumes": ["application/json"],
    "produces": ["application/json", "application/xml"],
    "securityDefinitions": {
        "basic": {"type": "basic"},
        "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
        "oauth": {"type": "oauth2", "flow": "application", "tokenUrl": "https://a/token", "scopes": {"read": "r"}},
    },
    "parameters": {
        "Limit": {"name": "limit", "in": "query", "type": "integer", "x-nullable": True},
        "Thing": {"name": "thing", "in": "body", "required": True, "schema": {"$ref": "#/definitions/Thing"}},
    },
    "responses": {"Missing": {"description": "not found", "schema": {"$ref": "#/definitions/Error"}}},
    "definitions": {
        "Thing": {
            "type": "object",
            "discriminator": "kind",
            "properties": {"kind": {"type": "string"}, "note": {"type": "string", "x-nullable": True}},
        },
        "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
    },
    "paths": {
        "/things": {
            "parameters": [{"$ref": "#/parameters/Limit"}],
            "get": {
                "operationId": "listThings",
                "parameters": [
                    {"name": "ids", "in": "query", "type": "array", "items": {"type": "string"}},
                    {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                    {"name": "words", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "ssv"},
                    {"name": "tabs", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "tsv"},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "schema": {"type": "array", "items": {"$ref": "#/definitions/Thing"}},
                        "headers": {"X-Rate": {"type": "integer", "description": "left"}},
                        "examples": {"application/json": [{"kind": "a"}]},
                    },
                    "404": {"$ref": "#/responses/Missing"},
                },
            },
            "post": {
                "operationId": "makeThing",
                "parameters": [{"$ref": "#/parameters/Thing"}],
                "responses": {"201": {"description": "made"}},
            },
        },
        "/upload": {
            "post": {
                "operationId": "upload",
                "consumes": ["application/x-www-form-urlencoded"],
                "parameters": [
                    {"name": "file", "in": "formData", "type": "file", "required": True},
                    {"name": "label", "in": "formData", "type": "string"},
                ],
                "produces": ["application/octet-stream"],
                "responses": {"200": {"description": "the file", "schema": {"type": "file"}}},
            }
        },
    },
}


def test_each_conversion_rule() -> None:
    out = convert(SMALL)
    doc = out.data
    assert doc["openapi"] == "3.0.3"
    assert doc["servers"] == [{"url": "https://api.example.com/v2"}, {"url": "http://api.example.com/v2"}]
    schemes = doc["components"]["securitySchemes"]
    assert schemes["basic"] == {"type": "http", "scheme": "basic"}
    assert schemes["key"] == {"type": "apiKey", "name": "X-Key", "in": "header"}
    assert schemes["oauth"] == {
        "type": "oauth2",
        "flows": {"clientCredentials": {"scopes": {"read": "r"}, "tokenUrl": "https://a/token"}},
    }
    assert doc["components"]["parameters"]["Limit"] == {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "nullable": True},
    }
    assert doc["components"]["requestBodies"]["Thing"] == {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
        "required": True,
    }
    thing = doc["components"]["schemas"]["Thing"]
    assert thing["discriminator"] == {"propertyName": "kind"} and thing["properties"]["note"]["nullable"] is True
    things = doc["paths"]["/things"]
    assert things["parameters"] == [{"$ref": "#/components/parameters/Limit"}]
    styles = {p["name"]: (p.get("style"), p.get("explode")) for p in things["get"]["parameters"]}
    assert styles == {"ids": ("form", False), "tags": ("form", True), "words": ("spaceDelimited", False), "tabs": ("form", False)}
    ok = things["get"]["responses"]["200"]
    assert set(ok["content"]) == {"application/json", "application/xml"}
    assert ok["content"]["application/json"]["example"] == [{"kind": "a"}]
    assert ok["headers"] == {"X-Rate": {"schema": {"type": "integer"}, "description": "left"}}
    assert things["get"]["responses"]["404"] == {"$ref": "#/components/responses/Missing"}
    assert things["post"]["requestBody"] == {"$ref": "#/components/requestBodies/Thing"}
    upload = doc["paths"]["/upload"]["post"]
    form = upload["requestBody"]["content"]
    assert list(form) == ["multipart/form-data"]  # a file goes as multipart whatever consumes says
    assert form["multipart/form-data"]["schema"] == {
        "type": "object",
        "properties": {"file": {"type": "string", "format": "binary"}, "label": {"type": "string"}},
        "required": ["file"],
    }
    assert upload["responses"]["200"]["content"] == {
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
    }
    assert [(f.pointer, f.reason.split(" has ")[0]) for f in out.findings] == [
        ("/paths/~1things/get/parameters/3/collectionFormat", "collectionFormat tsv")
    ]


def test_what_3_0_cannot_say_is_a_warning_at_its_line_and_an_error_with_strict(tmp_path: Path) -> None:
    spec = tmp_path / "small.yaml"
    spec.write_text(yaml.safe_dump(SMALL, sort_keys=False))
    line = next(i for i, text in enumerate(spec.read_text().splitlines(), 1) if "collectionFormat: tsv" in text)
    result = run_cli(str(spec), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert f"small.yaml:{line}:" in result.stderr and "warning[swagger-conversion]" in result.stderr
    strict = run_cli(str(spec), "-o", str(tmp_path / "strict"), "--strict")
    assert strict.returncode == 2 and "error[swagger-conversion]" in strict.stderr
    assert not (tmp_path / "strict").exists()


def test_an_invalid_2_0_document_is_refused_at_its_location(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text(
        "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {}\n      parameters:\n        - {name: q, in: nowhere}\n"
    )
    result = run_cli(str(spec), "-o", str(tmp_path / "out"))
    errors = [line for line in result.stderr.splitlines() if "error[invalid-swagger]" in line]
    assert result.returncode == 2 and errors and all(line.startswith("bad.yaml:") for line in errors), result.stderr
    assert any("#/paths/~1a/get" in line for line in errors)
    assert not (tmp_path / "out").exists()
