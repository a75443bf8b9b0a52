"""The Perl target: `prove` runs tests/perl/client.t against the distribution for spec/openapi.yaml
(the spec server and a scripted server), the multipart request is the Python client's part for
part, every module compiles (`perl -c`) and its POD passes `podchecker`, on the images spec and
the full OpenAI spec, whose own tests (t/00-load.t, t/01-call.t) pass under `prove -l t`; a small
inline spec's calls (tests/perl/wire.pl) go on the wire as its styles, Encoding Objects, schema
types and security requirements say (raw requests recorded on 127.0.0.1); the runtime's options
never take a parameter's name (tests/perl/options.pl); self-referencing schemas end; a replaced
Perl template reaches the modules."""

from __future__ import annotations

import base64
import json
import os
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import GENERATED, ROOT, run_cli, tool
from paged_spec import paged_spec
from raw_recorder import Raw, RawRecorder, multipart
from recording_server import RecordingServer, Reply
from spec_server import API_KEY, SpecServer

COMMITTED = GENERATED / "perl"
FULL_SPEC = ROOT / "tests" / "specs" / "openai-openapi.yaml"


@pytest.fixture(scope="module")
def perl_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The distribution for spec/openapi.yaml as the generator writes it now (the committed one
    is checked against it by the golden test)."""
    out = tmp_path_factory.mktemp("perl-images")
    result = run_cli("-o", str(out), "--target", "perl", "-q", isolated=False)  # the repository's settings
    assert result.returncode == 0, result.stderr[-3000:]
    return out / "perl"


def modules(root: Path) -> list[Path]:
    return sorted((root / "lib").rglob("*.pm"))


def test_prove_against_the_spec_server_and_a_scripted_one(committed_client: object, perl_dist: Path) -> None:
    ok = json.dumps({"created": 7, "data": []}).encode()
    error = json.dumps({"error": {"message": "Invalid image", "type": "invalid_request_error", "param": "image"}}).encode()
    extra = json.dumps({"created": 1, "output_format": "avif", "brand_new": {"x": 1}}).encode()
    with SpecServer() as spec_server, RecordingServer() as scripted:
        scripted.replies += [
            Reply(status=429, headers={"Retry-After": "0.2"}, chunks=[b'{"error": {"message": "slow down"}}']),
            Reply(chunks=[ok]),
            Reply(status=400, headers={"x-request-id": "req_42"}, chunks=[error]),
            Reply(chunks=[extra]),
        ]
        env = {**os.environ, "SPEC_SERVER_URL": spec_server.base_url, "SCRIPT_SERVER_URL": scripted.url}
        result = subprocess.run(
            [tool("prove"), "-I", str(perl_dist / "lib"), str(ROOT / "tests" / "perl" / "client.t")],
            check=False,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert len(scripted.seen) == 4 and scripted.seen[0].body == scripted.seen[1].body  # the retry resent the same body
        perl_request = spec_server.requests[0]
        client = committed_client.Client(api_key=API_KEY, base_url=spec_server.base_url)  # type: ignore[attr-defined]
        client.images.create_variation(image=("otter.png", b"\x89PNG\r\n\x1a\nfake image bytes"), n=2, size="512x512")
        python_request = spec_server.requests[-1]
    assert perl_request.problems == [] and python_request.problems == []

    def parts(request: object) -> list[tuple[str, bytes, str | None, str | None]]:
        return sorted((p.name, p.value, p.filename, p.content_type) for p in request.parts)  # type: ignore[attr-defined]

    assert parts(perl_request) == parts(python_request)  # the same parts, filename and content type
    assert [p[0] for p in parts(perl_request)] == ["image", "n", "size"]  # omitted optionals are not sent
    assert perl_request.headers["authorization"] == f"Bearer {API_KEY}"


def _compile_and_podcheck(root: Path) -> None:
    found = modules(root)
    assert found
    for module in found:
        compiled = subprocess.run(
            [tool("perl"), "-I", str(root / "lib"), "-c", str(module)], check=False, capture_output=True, text=True
        )
        assert compiled.returncode == 0, compiled.stderr[-2000:]
    pod = subprocess.run([tool("podchecker"), *map(str, found)], check=False, capture_output=True, text=True)
    assert pod.returncode == 0, pod.stderr[-3000:]
    assert "WARNING" not in pod.stderr and "ERROR" not in pod.stderr, pod.stderr[-3000:]


@pytest.mark.parametrize("which", ["committed", "current"])
def test_the_images_distribution_compiles_and_its_pod_is_clean(which: str, request: pytest.FixtureRequest) -> None:
    root = COMMITTED if which == "committed" else request.getfixturevalue("perl_dist")
    _compile_and_podcheck(root)
    text = (root / "lib" / "OpenAI" / "API" / "Images.pm").read_text()
    for heading in ("=head1 NAME", "=head1 OPERATIONS", "=head2 create_variation", "=head1 SCHEMAS", "=head2 ImagesResponse"):
        assert heading in text
    assert "C<n> (body field, integer) - The number of images to generate." in text
    assert "Allowed values: 256x256, 512x512, 1024x1024" in text and "Default: 1024x1024" in text


FILES_SCRIPT = r"""
use strict;
use warnings;
use OpenAI::API::Client;
my $client = OpenAI::API::Client->new( base_url => $ARGV[0], api_key => 'sk-test' );
my $files = $client->list_files_iter( { limit => 2 } );
while ( my $file = $files->() ) { print "$file->{id}\n" }
"""


def test_the_full_openai_spec_compiles_its_pod_is_clean_and_it_walks_list_files(tmp_path: Path) -> None:
    """The whole spec's distribution compiles, its POD is clean, its own tests pass; and
    list_files_iter(limit 2) walks two pages of OpenAI's GET /files, the second asked with
    after=<the first page's last_id>."""
    from openai_pages import QUERIES, files_page

    out = tmp_path / "full"
    result = run_cli(str(FULL_SPEC), "-o", str(out), "--target", "perl", "-q")
    assert result.returncode == 0, result.stderr[-3000:]
    _compile_and_podcheck(out / "perl")
    assert len(modules(out / "perl")) > 20
    _prove(out / "perl", ["00-load.t", "01-call.t"])
    (tmp_path / "files.pl").write_text(FILES_SCRIPT)
    with RecordingServer() as server:
        server.replies += [files_page([1, 2], True), files_page([3, 4], False)]
        run = subprocess.run(
            [tool("perl"), "-I", str(out / "perl" / "lib"), str(tmp_path / "files.pl"), server.url + "/v1"],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        assert [s.query for s in server.seen] == QUERIES
    assert run.stdout.split() == ["file-1", "file-2", "file-3", "file-4"]


def _prove(dist: Path, tests: list[str]) -> None:
    """The distribution's own tests, as a user runs them (`prove -l t` in its folder)."""
    assert sorted(p.name for p in (dist / "t").iterdir()) == tests
    result = subprocess.run([tool("prove"), "-l", "t"], cwd=dist, check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All tests successful" in result.stdout and "skipped" not in result.stdout, result.stdout


def test_the_distributions_own_tests_load_every_module_and_make_a_call(perl_dist: Path) -> None:
    _prove(perl_dist, ["00-load.t", "01-call.t"])
    load = (perl_dist / "t" / "00-load.t").read_text()
    for module in ("Client", "Runtime", "Wire", "Error", "Schemas", "Images"):
        assert f"use_ok('OpenAI::API::{module}');" in load
    call = (perl_dist / "t" / "01-call.t").read_text()
    assert "$client->create_variation({" in call  # the one operation, its file passed as content
    assert "image => [ $content, 'image.bin', 'image/png' ]," in call


def test_a_spec_without_a_callable_operation_gets_only_the_load_test(tmp_path: Path) -> None:
    """Its one operation needs a file inside a multipart field's object: no example can pass one."""
    result = run_cli(str(ROOT / "tests" / "perl" / "no_call.yaml"), "-o", str(tmp_path / "out"), "--target", "perl", "-q")
    assert result.returncode == 0, result.stderr
    _compile_and_podcheck(tmp_path / "out" / "perl")
    _prove(tmp_path / "out" / "perl", ["00-load.t"])


def test_a_replaced_perl_template_reaches_the_modules(tmp_path: Path) -> None:
    """`--templates`: a resource module's template with an extra POD section; the rest built in."""
    builtin = (ROOT / "templates" / "perl" / "resource.pm.j2").read_text()
    assert builtin.endswith("=cut\n")
    variant = builtin[: -len("=cut\n")] + "=head1 COPYRIGHT\n\nCopyright Example Corp. ({{ module.package }})\n\n=cut\n"
    (tmp_path / "mine" / "perl").mkdir(parents=True)
    (tmp_path / "mine" / "perl" / "resource.pm.j2").write_text(variant, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(
        str(ROOT / "spec" / "openapi.yaml"), "-o", str(out), "--target", "perl", "--templates", str(tmp_path / "mine")
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "template-unused" not in result.stdout + result.stderr
    text = (out / "perl" / "lib" / "OpenAI" / "API" / "Images.pm").read_text()
    assert "=head1 COPYRIGHT\n\nCopyright Example Corp. (OpenAI::API::Images)\n\n=cut\n" in text
    assert "=head2 create_image_variation" in text  # the built-in part is still there
    assert "COPYRIGHT" not in (out / "perl" / "lib" / "OpenAI" / "API" / "Client.pm").read_text()
    _compile_and_podcheck(out / "perl")


def test_the_docs_perl_example_runs_against_the_spec_server(tmp_path: Path, perl_dist: Path) -> None:
    page = (GENERATED / "docs" / "images" / "create_variation.md").read_text()
    program = page.split("## Example: Perl", 1)[1].split("```perl\n", 1)[1].split("```", 1)[0]
    assert "$client->create_variation({" in program
    (tmp_path / "example.pl").write_text("use strict;\nuse warnings;\n" + program + 'print $result->{created}, "\\n";\n')
    (tmp_path / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    with SpecServer() as server:
        env = {**os.environ, "OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": server.base_url}
        result = subprocess.run(
            [tool("perl"), "-I", str(perl_dist / "lib"), "example.pl"],
            cwd=tmp_path,
            check=False,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert [r.problems for r in server.requests] == [[]]
    assert result.stdout.strip().isdigit()


# -- the wire: a small spec's calls, recorded raw ------------------------------------------------
def _schema(props: dict[str, object], required: list[str] | None = None) -> dict[str, object]:
    return {"type": "object", "properties": props, **({"required": required} if required else {})}


def _op(op_id: str, **rest: object) -> dict[str, object]:
    ok = {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}}
    return {"operationId": op_id, "tags": ["things"], "responses": ok, **rest}


def _param(name: str, where: str, schema: dict[str, object], **rest: object) -> dict[str, object]:
    return {"name": name, "in": where, "required": where == "path", "schema": schema, **rest}


STRINGS = {"type": "array", "items": {"type": "string"}}
WIRE_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Wire Test", "version": "1.0.0"},
    "servers": [{"url": "http://127.0.0.1:1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "basic": {"type": "http", "scheme": "basic"},
            "sid": {"type": "apiKey", "in": "cookie", "name": "sid"},
        }
    },
    "paths": {
        "/things/{ids}/{point}": {
            "get": _op(
                "listThings",
                security=[],
                parameters=[
                    _param("ids", "path", STRINGS, style="label", explode=True),
                    _param("point", "path", _schema({"x": {"type": "integer"}, "y": {"type": "integer"}}), style="matrix"),
                    _param(
                        "filter",
                        "query",
                        _schema({"status": {"type": "string"}, "limit": {"type": "integer"}}),
                        style="deepObject",
                        explode=True,
                    ),
                    _param("tags", "query", STRINGS, style="pipeDelimited", explode=False),
                    _param("words", "query", STRINGS, style="spaceDelimited", explode=False),
                    _param("path", "query", {"type": "string"}, allowReserved=True),
                    _param("q", "query", {"type": "string"}),
                    _param("flag", "query", {"type": "boolean"}),
                    _param("X-Trace", "header", STRINGS),
                    _param("session", "cookie", {"type": "string"}),
                    _param("prefs", "cookie", _schema({"theme": {"type": "string"}, "lang": {"type": "string"}})),
                ],
            )
        },
        "/customers": {
            "post": _op(
                "createCustomer",
                security=[{"sid": []}, {"basic": []}],
                requestBody={
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": _schema(
                                {
                                    "email": {"type": "string"},
                                    "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                                    "items": {
                                        "type": "array",
                                        "items": _schema({"price": {"type": "string"}, "quantity": {"type": "integer"}}),
                                    },
                                },
                                ["email"],
                            ),
                            "encoding": {
                                "metadata": {"style": "deepObject", "explode": True},
                                "items": {"style": "deepObject", "explode": True},
                            },
                        }
                    },
                },
            )
        },
        "/translate": {
            "post": _op(
                "translate",
                security=[{"sid": []}],
                requestBody={
                    "required": True,
                    "content": {"application/x-www-form-urlencoded": {"schema": {"type": "string"}}},
                },
            )
        },
        "/completions": {
            "post": _op(
                "createCompletion",
                requestBody={
                    "content": {
                        "application/json": {
                            "schema": _schema(
                                {
                                    "max_completion_tokens": {"type": "integer"},
                                    "temperature": {"type": "number"},
                                    "logprobs": {"type": "boolean"},
                                    "stream": {"type": "boolean"},
                                    "n": {"type": "integer", "minimum": 1, "maximum": 10},
                                }
                            )
                        }
                    },
                },
            )
        },
        "/uploads": {
            "post": _op(
                "upload",
                requestBody={
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": _schema(
                                {
                                    "file": {"type": "string", "format": "binary"},
                                    "note": {"type": "string"},
                                    "meta": _schema({"b": {"type": "integer"}, "a": {"type": "integer"}}),
                                    "count": {"type": "integer"},
                                },
                                ["file"],
                            )
                        }
                    },
                },
            )
        },
        "/video": {"get": _op("getVideo")},
    },
}


def _multipart(raw: Raw) -> list[tuple[str, str | None, bytes, str | None]]:
    return [(p.name, p.content_type, p.content, p.filename) for p in multipart(raw)]


def test_calls_go_on_the_wire_as_the_spec_says(tmp_path: Path) -> None:
    spec = tmp_path / "wire.json"
    spec.write_text(json.dumps(WIRE_SPEC), encoding="utf-8")
    result = run_cli(str(spec), "-o", str(tmp_path / "out"), "--target", "perl", "-q", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    lib = tmp_path / "out" / "perl" / "lib"
    _compile_and_podcheck(tmp_path / "out" / "perl")
    note = "héllo wörld ✓"
    replies = [("application/json", b"{}")] * 4 + [
        ("application/json; charset=utf-8", json.dumps({"echo": note}, ensure_ascii=False).encode()),
        ("video/mp4", b"\x00\x00\x00\x18ftypmp42\xff"),
        ("text/plain; charset=utf-8", "d\u00e9j\u00e0 vu \u2713".encode()),
    ]
    script = ROOT / "tests" / "perl" / "wire.pl"
    with RawRecorder(replies) as server:
        run = subprocess.run(
            [tool("perl"), "-I", str(lib), str(script), server.url], check=False, capture_output=True, text=True, timeout=60
        )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stderr == ""
    out = {r["call"]: r for r in map(json.loads, run.stdout.splitlines())}
    assert [k for k, v in out.items() if "error" in v] == ["create_completion_bad", "list_things_bad"], out
    things, customer, translate, completion, upload, video, text = server.seen  # the refused calls sent nothing

    # path label (exploded array) and matrix (object); query deepObject in the schema's order,
    # pipe- and space-delimited, allowReserved, a comma and UTF-8 encoded; a boolean as false
    assert things.path == "/things/.a.b%20c/;point=x,1,y,2"
    assert things.query == (
        "filter[status]=open&filter[limit]=5&tags=red%7Cblue&words=big%20small"
        "&path=/docs/a%20b?x=1&y=[2]%23frag&q=a%2Cb%2F%C3%A9&flag=false"
    )
    assert things.headers["x-trace"] == "one,two"
    assert things.headers["cookie"] == "session=abc%3B1; theme=dark; lang=fr"
    assert "authorization" not in things.headers  # security: [] sends nothing

    # a Stripe-like form body; the first alternative the client has credentials for: the cookie
    assert customer.headers["content-type"] == "application/x-www-form-urlencoded"
    assert customer.body == (
        b"email=ada%40example.com&metadata[k]=v&metadata[order_id]=42"
        b"&items[0][price]=price_1&items[0][quantity]=2&items[1][price]=price_2&items[1][quantity]=1"
    )
    assert customer.headers["cookie"] == "sid=sk-1" and "authorization" not in customer.headers
    assert translate.body == b"q=hello%20world&source=en"
    assert translate.headers["content-type"] == "application/x-www-form-urlencoded"
    assert translate.headers["cookie"] == "sid=sk-1"

    # numbers and booleans by their schema types, whatever the Perl scalar
    assert completion.headers["authorization"] == "Bearer sk-1"
    assert completion.body == b'{"max_completion_tokens":50,"temperature":0.5,"logprobs":false,"stream":false,"n":2}'
    bad = out["create_completion_bad"]
    assert "create_completion: n must be an integer, got 'two'" in bad["error"]
    assert f"at {script} line {bad['line']}." in bad["error"]  # the caller's line, not the module's
    assert "list_things: point.x must be an integer, got 'one'" in out["list_things_bad"]["error"]
    assert f"line {out['list_things_bad']['line']}." in out["list_things_bad"]["error"]

    # multipart: UTF-8 text, an object as JSON in the schema's order, a file; the reply decoded
    assert _multipart(upload) == [
        ("file", "image/png", b"\x89PNG\x00\xff", "otter.png"),
        ("note", None, note.encode(), None),
        ("meta", "application/json", b'{"b":2,"a":1}', None),
        ("count", None, b"3", None),
    ]
    assert out["upload"]["result"] == {"echo": note, "is_characters": 1}

    # not JSON although the spec said so: the bytes; text/*: decoded text
    assert video.path == "/video"
    assert out["video"]["result"].encode("latin-1") == b"\x00\x00\x00\x18ftypmp42\xff"
    assert out["text"]["result"] == {"text": "d\u00e9j\u00e0 vu \u2713", "characters": 9}
    assert text.path == "/video"


def test_basic_auth_and_no_credentials(tmp_path: Path) -> None:
    """Basic auth where the api key is missing (the first alternative the client can send), and
    nothing at all when it has none of an operation's credentials."""
    spec = tmp_path / "wire.json"
    spec.write_text(json.dumps(WIRE_SPEC), encoding="utf-8")
    assert run_cli(str(spec), "-o", str(tmp_path / "out"), "--target", "perl", "-q").returncode == 0
    program = (
        "use Wire::Test::Client;\n"
        'my $c = Wire::Test::Client->new(base_url => $ARGV[0], username => "ada", password => "p\\@ss w\\x{f6}rd");\n'
        "$c->create_customer({ body => { email => 'a' } });\n"
        "$c->translate({ body => 'x=1' });\n"
    )
    (tmp_path / "basic.pl").write_text(program)
    with RawRecorder([]) as server:
        run = subprocess.run(
            [tool("perl"), "-I", str(tmp_path / "out" / "perl" / "lib"), str(tmp_path / "basic.pl"), server.url],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert run.returncode == 0, run.stderr
    basic, anonymous = server.seen
    assert basic.headers["authorization"] == "Basic " + base64.b64encode("ada:p@ss wörd".encode()).decode()
    assert "cookie" not in basic.headers
    assert "authorization" not in anonymous.headers and "cookie" not in anonymous.headers
    assert unquote(basic.body.decode()) == "email=a"


# -- names: the runtime's options never take a parameter's name ----------------------------------
def test_the_runtimes_options_never_take_a_parameters_name(tmp_path: Path) -> None:
    spec = ROOT / "tests" / "perl" / "options.yaml"
    result = run_cli(str(spec), "-o", str(tmp_path / "out"), "--target", "perl", "-q", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    dist = tmp_path / "out" / "perl"
    _compile_and_podcheck(dist)
    pod = (dist / "lib" / "Options" / "Test" / "Things.pm").read_text()
    assert "A parameter is named C<body>, so the request body goes under C<request_body>." in pod
    assert "arg => 'request_body'," in pod
    replies = [
        ("application/json", b"{}"),
        ("application/octet-stream", b"\x00bytes\xff"),
        ("text/event-stream", b'data: {"n": 1}\n\ndata: {"n": 2}\n\ndata: [DONE]\n\n'),
    ]
    saved = tmp_path / "saved.bin"
    with RawRecorder(replies) as server:
        run = subprocess.run(
            [tool("perl"), "-I", str(dist / "lib"), str(ROOT / "tests" / "perl" / "options.pl"), server.url, str(saved)],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert run.returncode == 0 and run.stderr == "", run.stdout + run.stderr
    out = {r["call"]: r for r in map(json.loads, run.stdout.splitlines())}
    thing, download, events = server.seen  # the refused calls sent nothing
    assert thing.path == "/things/p%201" and thing.query == "headers=h&on_event=e&body=b"
    assert thing.body == b'{"name":"n"}' and thing.headers["x-extra"] == "yes"
    assert out["download"]["result"] == str(saved) and saved.read_bytes() == b"\x00bytes\xff"
    assert download.path == "/download" and events.path == "/events"
    assert out["events"]["result"] == [{"n": 1}, {"n": 2}]
    assert (
        "unknown argument 'save_to' (save_to is an option: pass it in the second hash reference)"
        in out["option_as_argument"]["error"]
    )
    assert "unknown option 'timeout' (the options are headers, save_to and on_event)" in out["unknown_option"]["error"]
    assert "download: options must be a hash reference" in out["options_not_a_hash"]["error"]


# -- self-referencing schemas ---------------------------------------------------------------------
def test_self_referencing_schemas_end_in_the_pod_the_types_and_the_calls(tmp_path: Path) -> None:
    spec = ROOT / "tests" / "perl" / "self_ref.yaml"
    result = run_cli(str(spec), "-o", str(tmp_path / "out"), "--target", "perl", "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    dist = tmp_path / "out" / "perl"
    _compile_and_podcheck(dist)
    _prove(dist, ["00-load.t", "01-call.t"])
    types = (dist / "lib" / "Self" / "Ref" / "Schemas.pm").read_text()
    assert "    Tree => { array => { ref => 'Tree' } }," in types
    assert "    Dict => { map => { ref => 'Dict' } }," in types
    assert "        children => { array => { ref => 'Node' } }," in types
    pod = (dist / "lib" / "Self" / "Ref" / "Trees.pm").read_text()
    assert pod.count("=head2 Node\n") == 1 and "C<children> (array of Node)" in pod
    with RawRecorder([]) as server:
        run = subprocess.run(
            [tool("perl"), "-I", str(dist / "lib"), str(ROOT / "tests" / "perl" / "self_ref.pl"), server.url],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert run.returncode == 0 and run.stderr == "", run.stdout + run.stderr
    out = {r["call"]: r for r in map(json.loads, run.stdout.splitlines())}
    assert [k for k, v in out.items() if "error" in v] == ["bad_loop", "bad_tree"], out
    assert "loop: a must be a string or an integer, got a HASH reference" in out["bad_loop"]["error"]
    assert "put_tree: body[0][0] does not fit the schema Tree, which is made of itself" in out["bad_tree"]["error"]
    bodies = sorted(r.body for r in server.seen)
    assert bodies == sorted(
        [b'{"name":"a","children":[{"name":"b","children":[{"name":"c"}]}]}', b"[[[]],[]]", b'{"a":{"b":{}}}', b'{"a":5}']
    )


PAGED = paged_spec(cursor="after", next_field="next_cursor", events_param="page", events_items="results")

PAGED_SCRIPT = r"""
use strict;
use warnings;
use Paged::Client;
my $client = Paged::Client->new( base_url => $ARGV[0], api_key => 'k' );
my $things = $client->list_things_iter( { limit => 2 } );
while ( my $thing = $things->() ) { print "thing $thing->{id}\n" }
my $events = $client->list_events_iter( {} );
while ( defined( my $event = $events->() ) ) { print "event $event\n" }
"""


def test_the_iterator_walks_every_page_on_the_wire(tmp_path: Path) -> None:
    """<method>_iter: every item of every page; a cursor from the response (next_cursor) and a
    page number advanced by one, until a page without a cursor or without items."""
    spec = tmp_path / "paged.json"
    spec.write_text(json.dumps(PAGED), encoding="utf-8")
    result = run_cli(str(spec), "-o", str(tmp_path / "out"), "--target", "perl", "-q", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    _compile_and_podcheck(tmp_path / "out" / "perl")
    (tmp_path / "paged.pl").write_text(PAGED_SCRIPT)
    with RecordingServer() as server:
        server.replies += [
            Reply(chunks=[b'{"data": [{"id": "t1"}, {"id": "t2"}], "next_cursor": "c2"}']),
            Reply(chunks=[b'{"data": [{"id": "t3"}]}']),
            Reply(chunks=[b'{"results": ["e1"]}']),
            Reply(chunks=[b'{"results": ["e2"]}']),
            Reply(chunks=[b'{"results": []}']),
        ]
        run = subprocess.run(
            [tool("perl"), "-I", str(tmp_path / "out" / "perl" / "lib"), str(tmp_path / "paged.pl"), server.url],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
        seen = [(s.path, s.query) for s in server.seen]
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == ["thing t1", "thing t2", "thing t3", "event e1", "event e2"]
    assert seen == [
        ("/things", [("limit", "2")]),
        ("/things", [("limit", "2"), ("after", "c2")]),
        ("/events", []),
        ("/events", [("page", "2")]),
        ("/events", [("page", "3")]),
    ]


NESTED_SCRIPT = r"""
use strict;
use warnings;
use Shop::Client;
my $client = Shop::Client->new( base_url => $ARGV[0], api_key => 'k', max_retries => 0 );
my $made = $client->customers->tax_ids->create( { customer => 'cus_1', body => { value => 'DE123' } } );
my $got = $client->customers->tax_ids->retrieve( { customer => 'cus_1', id => 'txi_1' } );
$client->customers->tax_ids->delete( { customer => 'cus_1', id => 'txi_1' } );
my $failed = $client->test_helpers->treasury->transfers->fail( { id => 'tr_1' } );
print "$made->{value} $got->{id} $failed->{id}\n";
eval { $client->customers->tax_ids->retrieve( { customer => 'cus_1' } ) };
print $@;
"""


def test_nested_resources_are_reached_through_accessors(tmp_path: Path) -> None:
    """REST names where paths nest: ``$client->customers->tax_ids->create(...)``; each resource
    module's methods are its own (list, create, retrieve in every one), so the client reaches
    them through accessors rather than inheriting them; an argument error names the caller's line."""
    from nested_spec import NESTED_SPEC, REPLIES, SEEN, seen

    spec = tmp_path / "nested.json"
    spec.write_text(json.dumps(NESTED_SPEC), encoding="utf-8")
    result = run_cli(str(spec), "-o", str(tmp_path / "out"), "--target", "perl", "-q", "--method-style", "rest", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    dist = tmp_path / "out" / "perl"
    _compile_and_podcheck(dist)
    _prove(dist, ["00-load.t", "01-call.t"])
    client_pod = (dist / "lib" / "Shop" / "Client.pm").read_text()
    assert "=item * C<< customers->tax_ids->create >> - C<POST /v1/customers/{customer}/tax_ids>" in client_pod
    (tmp_path / "nested.pl").write_text(NESTED_SCRIPT)
    with RecordingServer() as server:
        server.replies += [Reply(status=status, chunks=[body]) for status, body in REPLIES]
        run = subprocess.run(
            [tool("perl"), "-I", str(dist / "lib"), str(tmp_path / "nested.pl"), server.url],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        assert seen(server.seen) == SEEN
    lines = run.stdout.splitlines()
    assert lines[0] == "DE123 txi_1 tr_1"
    assert lines[1].startswith("customers->tax_ids->retrieve: missing required argument 'id' at ")
    assert lines[1].endswith("nested.pl line 11.")
