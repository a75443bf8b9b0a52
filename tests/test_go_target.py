"""The Go target: the committed module for spec/openapi.yaml passes `go vet` and its `go test`
(against the spec server and httptest servers), sends the same multipart request as the Python
client, and the full OpenAI spec's module builds and passes `go vet`; a small spec's calls go on
the wire as its styles, Encoding Objects and security requirements say (raw requests recorded on
127.0.0.1), and the runtime's serializer passes the Style Examples table (`go test`)."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import GENERATED, ROOT, SPEC, run_cli
from paged_spec import paged_spec
from raw_recorder import RawRecorder
from spec_server import API_KEY, SpecServer

FULL_SPEC = ROOT / "tests" / "specs" / "openai-openapi.yaml"


def go() -> str:
    found = shutil.which("go")
    if found is None:
        message = "Go is not installed here (.ci/run installs Debian's golang-go with apt-get)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def run_go(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local", **(env or {})}
    return subprocess.run([go(), *args], check=False, cwd=folder, capture_output=True, text=True, env=environment, timeout=600)


def test_the_committed_module_is_gofmt_clean_and_vets() -> None:
    gofmt = shutil.which("gofmt") or go()
    listed = subprocess.run([gofmt, "-l", str(GENERATED / "go")], check=False, capture_output=True, text=True)
    assert listed.returncode == 0 and listed.stdout == "", listed.stdout
    vet = run_go(GENERATED / "go", "vet", "./...")
    assert vet.returncode == 0, vet.stdout + vet.stderr


def test_go_test_against_the_spec_server_and_httptest(tmp_path: Path, committed_client: object) -> None:
    module = tmp_path / "go"
    shutil.copytree(GENERATED / "go", module)
    shutil.copy(ROOT / "tests" / "go" / "images_test.go", module / "images_test.go")
    with SpecServer() as server:
        result = run_go(module, "test", "-count=1", "./...", env={"SPEC_SERVER_URL": server.base_url})
        assert result.returncode == 0, result.stdout + result.stderr
        go_request = server.requests[0]
        assert go_request.problems == [], go_request.problems
        client = committed_client.Client(api_key=API_KEY, base_url=server.base_url)  # type: ignore[attr-defined]
        client.images.create_variation(image=("otter.png", b"\x89PNG\r\n\x1a\nfake image bytes"), n=2, size="512x512")
        python_request = server.requests[-1]
    assert python_request.problems == []

    def parts(request: object) -> list[tuple[str, bytes, str | None, str | None]]:
        return sorted((p.name, p.value, p.filename, p.content_type) for p in request.parts)  # type: ignore[attr-defined]

    assert parts(go_request) == parts(python_request)  # the same parts, filename and content type
    assert [p[0] for p in parts(go_request)] == ["image", "n", "size"]  # omitted optionals are not sent
    assert go_request.headers["authorization"] == python_request.headers["authorization"] == f"Bearer {API_KEY}"


FILES_MAIN = """package main

import (
	"context"
	"fmt"
	"os"

	openai "example.com/openai-full-go"
	"example.com/openai-full-go/option"
)

func main() {
	client := openai.NewClient(option.WithBaseURL(os.Args[1]), option.WithAPIKey("sk-test"))
	files := client.Files.ListFilesAutoPaging(context.Background(), openai.FilesListFilesParams{Limit: openai.F(int64(2))})
	for files.Next() {
		fmt.Println(files.Current().ID)
	}
	if files.Err() != nil {
		fmt.Println("error", files.Err())
		os.Exit(1)
	}
}
"""


def test_the_full_openai_spec_builds_and_vets_and_walks_list_files(tmp_path: Path) -> None:
    """The whole spec's module builds and vets; ListFilesAutoPaging(limit 2) walks two pages of
    OpenAI's GET /files, the second asked with after=<the first page's last_id>."""
    from openai_pages import QUERIES, files_page
    from recording_server import RecordingServer

    out = tmp_path / "full"
    result = run_cli(
        str(FULL_SPEC),
        "-o",
        str(out),
        "--target",
        "go",
        "--package-name",
        "openai_full",
        "--go-module",
        "example.com/openai-full-go",
        "-q",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    (out / "go" / "cmd" / "files").mkdir(parents=True)
    (out / "go" / "cmd" / "files" / "main.go").write_text(FILES_MAIN)
    build = run_go(out / "go", "build", "./...")
    assert build.returncode == 0, build.stderr[-3000:]
    vet = run_go(out / "go", "vet", "./...")
    assert vet.returncode == 0, vet.stderr[-3000:]
    assert len(list((out / "go").glob("*.go"))) > 1900
    with RecordingServer() as server:
        server.replies += [files_page([1, 2], True), files_page([3, 4], False)]
        walked = run_go(out / "go", "run", "./cmd/files", server.url + "/v1")
        assert walked.returncode == 0, walked.stdout + walked.stderr
        assert [s.query for s in server.seen] == QUERIES
    assert walked.stdout.split() == ["file-1", "file-2", "file-3", "file-4"]


def test_the_docs_go_example_compiles_and_runs_against_the_spec_server(tmp_path: Path) -> None:
    """The Go program on the images operation page, built against the committed module (a
    `replace` directive) and run as written, with the spec server's URL in the environment."""
    page = (GENERATED / "docs" / "images" / "create_variation.md").read_text()
    program = page.split("## Example: Go", 1)[1].split("```go\n", 1)[1].split("```", 1)[0]
    assert "client.Images.NewVariation(context.TODO()" in program
    (tmp_path / "main.go").write_text(program)
    module = "example.com/openai-api-go"
    (tmp_path / "go.mod").write_text(
        f"module example.com/try\n\ngo 1.19\n\nrequire {module} v0.0.0\n\nreplace {module} => {GENERATED / 'go'}\n"
    )
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    with SpecServer() as server:
        result = run_go(tmp_path, "run", ".", env={"OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": server.base_url})
        assert result.returncode == 0, result.stdout + result.stderr
        assert [r.problems for r in server.requests] == [[]]
        assert {p.name for p in server.requests[0].parts} >= {"image", "response_format"}
    assert '"created"' in result.stdout


def test_a_corpus_sample_generates_go_that_vets() -> None:
    """The first 12 specs of the corpus sample (benchmarks/corpus_go.py runs all of it)."""
    go()
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus_go import vet_sample

    rows = vet_sample(12)
    failed = [(rel, outcome) for rel, outcome, _ in rows if outcome not in ("vetted", "refused")]
    assert failed == [] and sum(o == "vetted" for _, o, _ in rows) >= 10, rows


# -- the serialization plan on the wire ---------------------------------------------------------
def _param(name: str, where: str, schema: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "schema": schema, **({"required": True} if where == "path" else {}), **more}


def _op(op_id: str, *, security: list[dict[str, list[str]]] | None = None, **more: Any) -> dict[str, Any]:
    op = {"operationId": op_id, "tags": ["things"], "responses": {"204": {"description": "done"}}, **more}
    return op if security is None else {**op, "security": security}


def _form_body(schema: dict[str, Any], encoding: dict[str, Any] | None = None) -> dict[str, Any]:
    media = {"schema": schema, **({"encoding": encoding} if encoding else {})}
    return {"required": True, "content": {"application/x-www-form-urlencoded": media}}


STRINGS = {"type": "array", "items": {"type": "string"}}
WIRE_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Wire Check", "version": "1.0.0"},
    "servers": [{"url": "http://127.0.0.1:9"}],
    "security": [{"bearer": []}],
    "paths": {
        "/search/{color}/{point}": {
            "get": _op(
                "search",
                security=[{"cookieKey": []}],
                parameters=[
                    _param("color", "path", STRINGS, style="label", explode=True),
                    _param("point", "path", {"$ref": "#/components/schemas/Point"}, style="matrix", explode=True),
                    _param("filter", "query", {"$ref": "#/components/schemas/Filter"}, style="deepObject", explode=True),
                    _param("ids", "query", {"type": "array", "items": {"type": "integer"}}, style="pipeDelimited", explode=False),
                    _param("tags", "query", STRINGS, explode=False),
                    _param("next", "query", {"type": "string"}, allowReserved=True),
                    _param("X-Trace", "header", STRINGS),
                    _param("session_id", "cookie", {"type": "string"}),
                    _param("prefs", "cookie", STRINGS, explode=False),
                ],
            )
        },
        "/customers": {  # Stripe's way: deepObject form fields
            "post": _op(
                "createCustomer",
                security=[{"basic": []}],
                requestBody=_form_body(
                    {
                        "type": "object",
                        "required": ["email"],
                        "properties": {
                            "email": {"type": "string"},
                            "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                            "items": {"type": "array", "items": {"$ref": "#/components/schemas/LineItem"}},
                        },
                    },
                    {"metadata": {"style": "deepObject", "explode": True}, "items": {"style": "deepObject", "explode": True}},
                ),
            )
        },
        # LibreTranslate's way: a form body whose schema is a string, sent as it is
        "/translate": {"post": _op("translate", security=[], requestBody=_form_body({"type": "string"}))},
        "/whoami": {"get": _op("whoami", security=[{}, {"basic": []}])},
        "/ping": {"get": _op("ping")},
    },
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "basic": {"type": "http", "scheme": "basic"},
            "cookieKey": {"type": "apiKey", "in": "cookie", "name": "token"},
        },
        "schemas": {
            "Point": {
                "type": "object",
                "required": ["x", "y"],
                "properties": {"x": {"type": "integer"}, "y": {"type": "integer"}},
            },
            "Filter": {"type": "object", "properties": {"status": {"type": "string"}, "owner": {"type": "string"}}},
            "LineItem": {"type": "object", "properties": {"price": {"type": "string"}, "quantity": {"type": "integer"}}},
        },
    },
}

# No security scheme at all: a key the user gives is sent as a bearer token.
PLAIN_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Plain", "version": "1.0.0"},
    "paths": {
        "/things/{id}": {
            "get": _op(
                "getThing", parameters=[_param("id", "path", {"type": "integer"}), _param("limit", "query", {"type": "integer"})]
            )
        },
        "/uploads": {
            "post": _op(
                "upload",
                requestBody={
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                                    "meta": {"type": "object", "properties": {"R": {"type": "integer"}}},
                                    "tags": STRINGS,
                                },
                            }
                        }
                    },
                },
            )
        },
        "/notes": {
            "post": _op("addNote", requestBody={"required": True, "content": {"text/plain": {"schema": {"type": "string"}}}})
        },
    },
}


def _module(spec: dict[str, Any], tmp: Path, module: str) -> Path:
    (tmp / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    out = tmp / "out"
    result = run_cli(str(tmp / "spec.json"), "-o", str(out), "--target", "go", "--go-module", module, "--strict", "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "go"


def test_styles_encodings_and_security_on_the_wire(tmp_path: Path) -> None:
    go()
    module = _module(WIRE_SPEC, tmp_path, "example.com/wirecheck")
    shutil.copy(ROOT / "tests" / "go" / "wirecheck" / "table_test.go", module / "table_test.go")
    (module / "cmd" / "wirecheck").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "go" / "wirecheck" / "main.go", module / "cmd" / "wirecheck" / "main.go")
    vet = run_go(module, "vet", "./...")
    assert vet.returncode == 0, vet.stdout + vet.stderr
    table = run_go(module, "test", "-count=1", ".")
    assert table.returncode == 0, table.stdout + table.stderr
    with RawRecorder() as server:
        result = run_go(module, "run", "./cmd/wirecheck", server.url)
        assert result.returncode == 0, result.stdout + result.stderr
    names = [line.split()[1] for line in result.stdout.splitlines()]
    calls = dict(zip(names, server.seen, strict=True))
    basic = "Basic " + base64.b64encode(b"ada:s3cret pass").decode()

    search = calls["search"]
    assert search.path == "/search/.blue.bl%20ack/;x=1;y=-2"  # label and matrix, exploded
    assert search.query == (
        "filter[status]=open&filter[owner]=ada%20b"  # deepObject
        "&ids=1%7C2%7C3"  # pipeDelimited
        "&tags=a%2Cb,c"  # a comma inside a value is encoded, the delimiting one is not
        "&next=/v1/items?page=2:x%20y%23top"  # allowReserved ('#' stays encoded)
    )
    assert search.headers["x-trace"] == "t1,t2"
    assert search.headers["cookie"] == "session_id=abc%201; prefs=x,y; token=key-1"  # cookies and an apiKey cookie
    assert "authorization" not in search.headers  # the operation's own security, not the document's bearer
    anonymous = calls["search-anonymous"]
    assert (anonymous.target, "cookie" in anonymous.headers) == ("/search/.%C3%A9/;x=0;y=0", False)

    customer = calls["create-customer"]
    assert customer.headers["content-type"] == "application/x-www-form-urlencoded"
    assert customer.body == (
        b"email=ada%40example.com&metadata[order_id]=42"
        b"&items[0][price]=price_1&items[0][quantity]=2&items[1][price]=price_2&items[1][quantity]=1"
    )
    assert customer.headers["authorization"] == basic

    translate = calls["translate"]
    assert (translate.body, translate.headers["content-type"]) == (
        b"q=hello%20world&source=en",
        "application/x-www-form-urlencoded",
    )
    assert "authorization" not in translate.headers and "cookie" not in translate.headers  # security: []

    assert calls["whoami"].headers["authorization"] == basic  # the first alternative with credentials
    assert "authorization" not in calls["whoami-anonymous"].headers  # none has them: anonymous ({})
    assert calls["ping"].headers["authorization"] == "Bearer key-1"  # the document's requirement


def test_no_scheme_sends_the_key_as_bearer_and_the_conformance_driver_calls_by_reflection(tmp_path: Path) -> None:
    go()
    module = _module(PLAIN_SPEC, tmp_path, "example.com/conformance")
    (module / "cmd" / "conformance").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "go" / "conformance" / "main.go", module / "cmd" / "conformance" / "main.go")
    files = [{"name": "a.txt", "content": "first", "content_type": "text/plain"}, {"name": "b.bin", "content_base64": "AP8="}]
    calls = [
        {"cell": "get", "go": {"service": "Things", "method": "GetThing", "path_args": [7], "params": {"Limit": 5}}},
        {
            "cell": "upload",
            "go": {
                "service": "Things",
                "method": "Upload",
                "params": {"Meta": {"R": 1}, "Tags": ["x", "y z"]},
                "files": {"Files": files},
            },
        },
        {"cell": "note", "go": {"service": "Things", "method": "AddNote", "params": {"Body": "héllo ✓"}}},
        {"cell": "missing", "go": {"service": "Things", "method": "Nope"}},
    ]
    with RawRecorder() as server:
        plan = {"base_url": server.url, "api_key": "key-1", "username": "", "password": "", "calls": calls}
        (tmp_path / "calls.json").write_text(json.dumps(plan), encoding="utf-8")
        result = run_go(module, "run", "./cmd/conformance", str(tmp_path / "calls.json"))
        assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["ok get", "ok upload", "ok note", 'error missing: Things has no method "Nope"']
    get, upload, note = server.seen
    assert (get.target, get.headers["authorization"]) == ("/things/7?limit=5", "Bearer key-1")
    boundary = upload.headers["content-type"].split("boundary=")[1]
    parts = [p for p in upload.body.split(b"--" + boundary.encode())[1:-1]]
    assert parts == [
        b'\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nfirst\r\n',
        b'\r\nContent-Disposition: form-data; name="files"; filename="b.bin"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\xff\r\n',
        b'\r\nContent-Disposition: form-data; name="meta"\r\nContent-Type: application/json\r\n\r\n{"R":1}\r\n',
        b'\r\nContent-Disposition: form-data; name="tags"\r\n\r\nx\r\n',
        b'\r\nContent-Disposition: form-data; name="tags"\r\n\r\ny z\r\n',
    ]
    assert (note.body, note.headers["content-type"]) == ("héllo ✓".encode(), "text/plain")


# -- templates and names ------------------------------------------------------------------------
def _gofmt_and_vet(module: Path) -> None:
    gofmt = shutil.which("gofmt") or go()
    listed = subprocess.run([gofmt, "-l", str(module)], check=False, capture_output=True, text=True)
    assert listed.returncode == 0 and listed.stdout == "", listed.stdout + listed.stderr
    vet = run_go(module, "vet", "./...")
    assert vet.returncode == 0, vet.stdout + vet.stderr


def test_a_replaced_go_template_changes_the_go_files(tmp_path: Path) -> None:
    """--templates replaces a Go template like any other: the model template with a line more."""
    go()
    templates = tmp_path / "my-templates"
    (templates / "go").mkdir(parents=True)
    builtin = (ROOT / "templates" / "go" / "model.go.j2").read_text()
    include = '{% include "go/_package.go.j2" %}\n'
    assert include in builtin
    line = "// Reviewed by Example Corp. before it ships."
    (templates / "go" / "model.go.j2").write_text(builtin.replace(include, include + "\n" + line + "\n", 1))
    out = tmp_path / "out"
    result = run_cli(
        str(SPEC), "-o", str(out), "--target", "go", "--templates", str(templates), "--go-module", "example.com/t", "-q"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    models = sorted((out / "go").glob("model_*.go"))
    assert len(models) == 6
    for path in models:
        assert line in path.read_text().splitlines(), path
    assert line not in (out / "go" / "client.go").read_text() and line not in (out / "go" / "images.go").read_text()
    _gofmt_and_vet(out / "go")


RUNTIME_LIKE = ("pathParam", "send", "decode", "newRequest", "ctx", "opts", "params", "r", "err", "resp")
SHADOW_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Shadow", "version": "1.0.0"},
    "servers": [{"url": "http://127.0.0.1:9"}],
    "paths": {
        "/things/" + "/".join(f"{{{n}}}" for n in (*RUNTIME_LIKE, "wire", "jsonValue", "json", "string", "nil", "s")): {
            "get": _op(
                "getThing",
                parameters=[
                    *(
                        _param(n, "path", {"type": "string"})
                        for n in (*RUNTIME_LIKE, "wire", "jsonValue", "json", "string", "nil", "s")
                    ),
                    *(_param(n, "query", {"type": "string"}) for n in RUNTIME_LIKE),
                ],
                # events whose type the body names (newStream[string]): a path argument "string" would hide it
                responses={"200": {"description": "ok", "content": {"text/event-stream": {"schema": {"type": "string"}}}}},
            )
        },
        "/plain/{text}/{wait}/{quote}/{context}": {
            "post": _op(
                "postPlain",
                parameters=[_param(n, "path", {"type": "integer"}) for n in ("text", "wait", "quote", "context")],
                requestBody={
                    "content": {"application/json": {"schema": {"type": "object", "properties": {"r": {"type": "string"}}}}}
                },
            )
        },
    },
}


def test_parameters_named_like_the_runtime_s_helpers_shadow_nothing(tmp_path: Path) -> None:
    """Path arguments never take a name the method body uses (its locals, the runtime's helpers,
    imported packages, Go's predeclared names); query parameters become params members."""
    go()
    from generator.gonames import locals_reserved

    module = _module(SHADOW_SPEC, tmp_path, "example.com/shadow")
    source = (module / "things.go").read_text()
    signature = source.split("func (s *ThingsService) GetThing(", 1)[1].split(") (", 1)[0]
    args = [part.split()[0] for part in signature.split(", ")]
    assert args[0] == "ctx" and args[-2:] == ["params", "opts"]
    assert "pathParam" in args and "sendArg" in args and "stringArg" in args  # pathParam is no runtime name
    assert not set(args[1:-2]) & locals_reserved()
    for member in ("PathParam", "Send", "Decode", "NewRequest", "Ctx", "Opts", "Params", "R", "Err", "Resp"):
        assert f"r.put(params.{member}, " in source
    _gofmt_and_vet(module)


def test_the_reserved_names_are_every_name_the_runtime_and_client_go_declare() -> None:
    """The runtime's package-level names are read from its sources; client.go's are listed beside
    them. Every one of the committed module's is reserved, and none is a template's local."""
    from generator.gonames import TEMPLATE_LOCALS, declared_names, locals_reserved, runtime_names, runtime_reserved

    assert declared_names("const (\n\ta, b = 1, 2\n\t// c\n\td = 3\n)\nfunc (x T) m() {}\nfunc f[T any]() {}\ntype t int\n") == {
        "a",
        "b",
        "d",
        "f",
        "t",
    }
    module = GENERATED / "go"
    runtime = set().union(
        *(declared_names(p.read_text()) for p in module.glob("*.go") if not p.name.startswith(("model_", "images")))
    )
    assert runtime - {"Client", "NewClient", "defaultBaseURL", "apiKeyEnv", "baseURLEnv", "userAgent", "securitySchemes"} == set(
        runtime_names()
    )
    assert runtime <= set(runtime_reserved()) <= locals_reserved()
    assert {"send", "decode", "newRequest", "wire", "jsonValue", "discard", "readText", "newStream", "F"} <= set(runtime_names())
    assert not set(TEMPLATE_LOCALS) & set(runtime_reserved())


def test_the_go_templates_read_every_view_model_field_and_only_those() -> None:
    """What the Go templates read (attribute names, jinja2's AST) against what the view-models in
    generator/targets/go/__init__.py provide: no field unused, no attribute read that no view has."""
    import dataclasses

    import jinja2
    from jinja2 import nodes

    from generator.targets import go as go_target

    fields = {
        f.name
        for cls in vars(go_target).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == go_target.__name__
        for f in dataclasses.fields(cls)
    }
    env = jinja2.Environment()
    read: set[str] = set()
    for path in sorted((ROOT / "templates" / "go").glob("*.j2")):
        read |= {node.attr for node in env.parse(path.read_text()).find_all(nodes.Getattr)}
    assert read - {"first", "last"} <= fields, read - fields  # loop.first, loop.last
    assert fields <= read, fields - read


# -- wire names no struct tag can hold ----------------------------------------------------------
def _json_response(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


ODD_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Odd", "version": "1.0.0"},
    "servers": [{"url": "http://127.0.0.1:9"}],
    "paths": {
        "/things": {"get": _op("getThing", responses={"200": _json_response({"$ref": "#/components/schemas/Thing"})})},
        "/shapes": {"get": _op("getShape", responses={"200": _json_response({"$ref": "#/components/schemas/Shape"})})},
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["the id of the thing, really"],
                "properties": {
                    "the id of the thing, really": {"type": "integer"},
                    'quote"d': {"type": "string"},
                    "plain": {"type": "string"},
                    "-": {"$ref": "#/components/schemas/Inner"},
                },
            },
            "Inner": {"type": "object", "required": ["x y"], "properties": {"x y": {"type": "string"}}},
            "Shape": {
                "oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}],
                "discriminator": {"propertyName": "kind of"},
            },
            "Circle": {"type": "object", "required": ["kind of"], "properties": {"kind of": {"type": "string"}}},
            "Square": {"type": "object", "required": ["kind of"], "properties": {"kind of": {"type": "string"}}},
            "SameThing": {"oneOf": [{"$ref": "#/components/schemas/Thing"}]},  # a defined type would drop the methods
        }
    },
}

ODD_TEST = r"""package odd

import (
	"encoding/json"
	"reflect"
	"testing"
)

func sameJSON(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestOddNames(t *testing.T) {
	in := `{"plain":"p","the id of the thing, really":7,"quote\"d":"q","-":{"x y":"inner"}}`
	var thing Thing
	if err := json.Unmarshal([]byte(in), &thing); err != nil {
		t.Fatal(err)
	}
	if thing.TheIDOfTheThingReally != 7 || thing.QuoteD != "q" || thing.Plain != "p" || thing.Field == nil || thing.Field.XY != "inner" {
		t.Fatalf("decoded %+v", thing)
	}
	if extra := thing.ExtraFields(); len(extra) != 0 {
		t.Fatalf("extra fields %v", extra)
	}
	out, err := json.Marshal(thing)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, out, in)
	out, err = json.Marshal(&thing) // through a pointer too
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, out, in)

	// the plain fields first, then the odd ones in the schema's order; the empty optional ones
	// left out, the required one always written
	out, err = json.Marshal(Thing{Plain: "p"})
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"plain":"p","the id of the thing, really":0}` {
		t.Fatalf("got %s", out)
	}
	out, err = json.Marshal(Thing{QuoteD: "q"})
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"the id of the thing, really":0,"quote\"d":"q"}` {
		t.Fatalf("got %s", out)
	}
	out, err = json.Marshal(map[string]*Thing{"a": {Field: &Inner{}}})
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, out, `{"a":{"the id of the thing, really":0,"-":{"x y":""}}}`)

	var wrong Thing
	if err := json.Unmarshal([]byte(`{"quote\"d":1}`), &wrong); err == nil {
		t.Fatal("a number decoded as a string")
	}

	var same SameThing
	if err := json.Unmarshal([]byte(in), &same); err != nil {
		t.Fatal(err)
	}
	if same.TheIDOfTheThingReally != 7 || same.QuoteD != "q" {
		t.Fatalf("decoded %+v", same)
	}

	var shape Shape
	if err := json.Unmarshal([]byte(`{"kind of":"circle"}`), &shape); err != nil {
		t.Fatal(err)
	}
	circle, err := shape.AsCircle()
	if shape.KindOf() != "circle" || err != nil || circle.KindOf != "circle" {
		t.Fatalf("discriminator %q, %+v, %v", shape.KindOf(), circle, err)
	}
}
"""


def test_wire_names_no_struct_tag_can_hold_are_read_and_written_by_name(tmp_path: Path) -> None:
    """A member named with a space, a comma, a quote or "-" gets the tag json:"-"; the struct's
    own UnmarshalJSON and MarshalJSON read and write it by its name (go vet refuses the rest)."""
    go()
    module = _module(ODD_SPEC, tmp_path, "example.com/odd")
    declaration = (module / "model_thing.go").read_text().split("type Thing struct {\n", 1)[1].split("\n}\n", 1)[0]
    tags = [line.split("`")[1] for line in declaration.splitlines() if "`" in line]
    assert tags == ['json:"-"', 'json:"-"', 'json:"plain,omitempty"', 'json:"-"'], declaration
    assert '// JSON name: "quote\\"d".' in declaration
    assert "type SameThing = Thing\n" in (module / "model_same_thing.go").read_text()
    (module / "odd_test.go").write_text(ODD_TEST)
    _gofmt_and_vet(module)
    result = run_go(module, "test", "-count=1", ".")
    assert result.returncode == 0, result.stdout + result.stderr


CORPUS_SHAPES_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Shapes", "version": "1"},
    "paths": {
        "/records": {
            "patch": _op(
                "updateRecord",
                requestBody={
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "srv": {  # an inline object that may be null (Vercel's spec)
                                        "type": ["object", "null"],
                                        "properties": {"port": {"type": ["integer", "null"]}},
                                    },
                                    "usage": {"$ref": "#/components/schemas/IOUsage"},
                                    "dice": {"type": "string", "enum": ["🎲", "⚽", "\ud83c"]},  # Telegram's sendDice
                                },
                            }
                        }
                    },
                },
                responses={"200": {"description": "ok"}},
            )
        }
    },
    "components": {
        "schemas": {
            # Named like Go's file-name build constraints: model_read_ios.go would build on iOS only.
            "IOUsage": {
                "type": "object",
                "properties": {
                    n: {"$ref": f"#/components/schemas/{n}"} for n in ("ReadIOs", "RunAndroid", "ForPlan9", "OnRiscv64")
                },
            },
            "ReadIOs": {"type": "integer"},
            "RunAndroid": {"type": "integer"},
            "ForPlan9": {"type": "integer"},
            "OnRiscv64": {"type": "integer"},
            "Nested" + "LoanInterestTierBandItem" * 12: {"type": "integer"},  # HSBC's: a file name over 255 bytes
        }
    },
}


def test_shapes_the_directory_run_found_vet(tmp_path: Path) -> None:
    """From the whole-directory run: an inline object that may be null is a struct (not a type
    defined as itself), files never end in a GOOS or GOARCH (Go would leave them out) nor
    outgrow the file system's 255 bytes, and
    strings with characters beyond the BMP, or a lone surrogate, are valid Go literals."""
    go()
    module = _module(CORPUS_SHAPES_SPEC, tmp_path, "example.com/shapes")
    names = sorted(p.name for p in module.glob("model_*.go"))
    assert not [n for n in names if re.search(r"_(ios|android|plan9|riscv64)\.go$", n)], names
    assert max(len(n) for n in names) <= 124, names
    srv = (module / "model_update_record_body_srv.go").read_text("utf-8")
    assert "type UpdateRecordBodySrv struct" in srv
    _gofmt_and_vet(module)


PAGED_SPEC = paged_spec(cursor="starting_after", next_field="", events_param="offset", events_items="items")

PAGED_MAIN = """package main

import (
	"context"
	"fmt"
	"os"

	paged "example.com/paged"
	"example.com/paged/option"
)

func main() {
	client := paged.NewClient(option.WithBaseURL(os.Args[1]), option.WithAPIKey("k"))
	things := client.Things.ListThingsAutoPaging(context.Background(), paged.ThingsListThingsParams{Limit: paged.F(int64(2))})
	for things.Next() {
		fmt.Println("thing", things.Current().ID)
	}
	events := client.Things.ListEventsAutoPaging(context.Background(), paged.ThingsListEventsParams{})
	for events.Next() {
		fmt.Println("event", events.Current())
	}
	if things.Err() != nil || events.Err() != nil {
		fmt.Println("error", things.Err(), events.Err())
		os.Exit(1)
	}
}
"""


def test_auto_paging_walks_every_page_on_the_wire(tmp_path: Path) -> None:
    """ListAutoPaging: Next/Current/Err over two cursor pages (starting_after=<the last item's
    id>) and offset pages (offset advanced by the items read) until an empty page."""
    from recording_server import RecordingServer, Reply

    go()
    module = _module(PAGED_SPEC, tmp_path, "example.com/paged")
    (module / "cmd" / "paged").mkdir(parents=True)
    (module / "cmd" / "paged" / "main.go").write_text(PAGED_MAIN)
    vet = run_go(module, "vet", "./...")
    assert vet.returncode == 0, vet.stdout + vet.stderr
    with RecordingServer() as server:
        server.replies += [
            Reply(chunks=[b'{"data": [{"id": "t1"}, {"id": "t2"}], "has_more": true}']),
            Reply(chunks=[b'{"data": [{"id": "t3"}], "has_more": false}']),
            Reply(chunks=[b'{"items": ["e1", "e2"]}']),
            Reply(chunks=[b'{"items": ["e3"]}']),
            Reply(chunks=[b'{"items": []}']),
        ]
        result = run_go(module, "run", "./cmd/paged", server.url)
        assert result.returncode == 0, result.stdout + result.stderr
        seen = [(s.path, s.query) for s in server.seen]
    assert result.stdout.split("\n")[:6] == ["thing t1", "thing t2", "thing t3", "event e1", "event e2", "event e3"]
    assert seen == [
        ("/things", [("limit", "2")]),
        ("/things", [("limit", "2"), ("starting_after", "t2")]),
        ("/events", []),
        ("/events", [("offset", "2")]),
        ("/events", [("offset", "3")]),
    ]


NESTED_MAIN = """package main

import (
	"context"
	"fmt"
	"os"

	shop "example.com/shop"
	"example.com/shop/option"
)

func main() {
	client := shop.NewClient(option.WithBaseURL(os.Args[1]), option.WithAPIKey("k"), option.WithMaxRetries(0))
	ctx := context.Background()
	made, err := client.Customers.TaxIds.New(ctx, "cus_1", shop.CustomersTaxIdsNewParams{Value: shop.F("DE123")})
	check(err)
	got, err := client.Customers.TaxIds.Get(ctx, "cus_1", "txi_1", shop.CustomersTaxIdsGetParams{})
	check(err)
	check(client.Customers.TaxIds.Delete(ctx, "cus_1", "txi_1", shop.CustomersTaxIdsDeleteParams{}))
	failed, err := client.TestHelpers.Treasury.Transfers.Fail(ctx, "tr_1", shop.TestHelpersTreasuryTransfersFailParams{})
	check(err)
	fmt.Println(made.Value, got.ID, failed.ID)
}

func check(err error) {
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
}
"""


def test_nested_services_on_the_wire(tmp_path: Path) -> None:
    """REST names where paths nest: client.Customers.TaxIds.New(ctx, customer, params), and a
    service level holding nested services only (TestHelpers.Treasury) to reach them."""
    from nested_spec import NESTED_SPEC, REPLIES, SEEN, seen
    from recording_server import RecordingServer, Reply

    go()
    (tmp_path / "spec.json").write_text(json.dumps(NESTED_SPEC), encoding="utf-8")
    out = tmp_path / "out"
    made = run_cli(
        str(tmp_path / "spec.json"), "-o", str(out), "--target", "go", "--go-module", "example.com/shop", "--method-style", "rest"
    )
    assert made.returncode == 0, made.stdout + made.stderr
    module = out / "go"
    (module / "cmd" / "nested").mkdir(parents=True)
    (module / "cmd" / "nested" / "main.go").write_text(NESTED_MAIN)
    _gofmt_and_vet(module)
    with RecordingServer() as server:
        server.replies += [Reply(status=status, chunks=[body]) for status, body in REPLIES]
        result = run_go(module, "run", "./cmd/nested", server.url)
        assert result.returncode == 0, result.stdout + result.stderr
        assert seen(server.seen) == SEEN
    assert result.stdout == "DE123 txi_1 tr_1\n"
