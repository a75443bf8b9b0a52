"""The generated command line (the cli target) in a subprocess against local servers: every
kind of option, --output-dir writing PNG files, --help from the spec, usage, connection and API
errors with their exit codes, streams, binary downloads."""

from __future__ import annotations

import base64
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import yaml

from conftest import API_KEY, GENERATED, black_check, run_cli
from recording_server import RecordingServer, Reply
from spec_server import SpecServer


def png(width: int, height: int) -> bytes:
    """A real PNG (one grey image), built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def cli(
    folder: Path,
    package: str,
    *args: str,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    environment |= {"PYTHONPATH": str(folder), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", package, *args], capture_output=True, input=stdin, env=environment, timeout=60, cwd=cwd or folder
    )


# --- the committed images client -------------------------------------------------------------


def test_create_variation_writes_decodable_pngs_into_the_output_dir(tmp_path: Path) -> None:
    (tmp_path / "otter.png").write_bytes(png(4, 4))
    images = [png(8, 8), png(16, 16)]
    reply = {"created": 1, "data": [{"b64_json": base64.b64encode(i).decode()} for i in images]}
    with SpecServer() as server:
        server.override = (200, json.dumps(reply).encode())
        args = ["images", "create-variation", "--image", str(tmp_path / "otter.png"), "--n", "2", "--size", "512x512"]
        args += ["--response-format", "b64_json", "--output-dir", str(tmp_path / "out")]
        result = cli(GENERATED, "openai_api", *args, "--base-url", server.base_url, "--api-key", API_KEY)
        assert result.returncode == 0, result.stderr.decode()
        paths = [Path(line) for line in result.stdout.decode().splitlines()]
        assert [p.name for p in paths] == ["create_variation-0.png", "create_variation-1.png"]
        assert [p.read_bytes() for p in paths] == images
        assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in paths)
        request = server.requests[-1]
        assert request.problems == [] and request.headers["authorization"] == f"Bearer {API_KEY}"
        parts = {p.name: p for p in request.parts}
        assert parts["image"].filename == "otter.png" and parts["image"].content_type == "image/png"
        assert parts["image"].value == png(4, 4)
        assert {k: parts[k].value for k in ("n", "size", "response_format")} == {
            "n": b"2",
            "size": b"512x512",
            "response_format": b"b64_json",
        }
        assert "model" not in parts and "user" not in parts  # omitted options are not sent


def test_json_output_pretty_or_compact_and_the_key_from_the_environment(tmp_path: Path) -> None:
    (tmp_path / "otter.png").write_bytes(png(2, 2))
    with SpecServer() as server:
        base = ["images", "create-variation", "--image", "-", "--base-url", server.base_url]
        pretty = cli(GENERATED, "openai_api", *base, stdin=png(2, 2), env={"OPENAI_API_KEY": API_KEY})
        assert pretty.returncode == 0, pretty.stderr.decode()
        data = json.loads(pretty.stdout)
        assert "created" in data and pretty.stdout.decode().startswith("{\n  ")
        assert {p.name: p.filename for p in server.requests[-1].parts}["image"] == "stdin"
        compact = cli(GENERATED, "openai_api", *base, "--compact", stdin=png(2, 2), env={"OPENAI_API_KEY": API_KEY})
        assert compact.stdout.decode().count("\n") == 1 and json.loads(compact.stdout) == data


def test_help_shows_the_specs_descriptions_and_constraints() -> None:
    top = cli(GENERATED, "openai_api", "--help")
    assert top.returncode == 0 and b"images" in top.stdout and b"Given a prompt and/or an input image" in top.stdout
    result = cli(GENERATED, "openai_api", "images", "create-variation", "--help")
    text = " ".join(result.stdout.decode().split())
    assert result.returncode == 0
    assert "Creates a variation of a given image. This endpoint only supports `dall-e-2`." in text
    assert "POST /images/variations" in text
    assert "--size {256x256,512x512,1024x1024}" in text and "Server default: 1024x1024." in text
    assert "The number of images to generate. Must be between 1 and 10." in text and "Server default: 1." in text
    assert "--image IMAGE" in text and "Required." in text and "A path, or - for stdin." in text
    assert "--api-key" in text and "OPENAI_API_KEY" in text and "--output-dir DIR" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["images", "create-variation", "--n", "2"], "the following arguments are required: --image"),
        (["images", "create-variation", "--image", "x.png", "--size", "3x3"], "invalid choice '3x3'"),
        (["images", "create-variation", "--image", "x.png", "--n", "11"], "11 is above the maximum 10"),
        (["images", "create-variation", "--image", "x.png", "--n", "two"], "'two' is not a whole number"),
        (["images", "create-variation", "--image", "missing.png"], "cannot read missing.png"),
        (["images", "delete"], "invalid choice: 'delete'"),
        (["imagez", "create-variation"], "unknown resource 'imagez' (choose from images)"),
        ([], "usage: python -m openai_api <resource> <operation> [options]"),
    ],
)
def test_usage_errors_exit_2_with_one_clear_message(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "x.png").write_bytes(png(1, 1))
    result = cli(GENERATED, "openai_api", *args, *(["--api-key", "k"] if args else []), cwd=tmp_path)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert message in stderr and "Traceback" not in stderr


def test_api_and_connection_errors_are_one_line_with_their_own_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "otter.png").write_bytes(png(2, 2))
    error = {"error": {"message": "Invalid image: not square", "type": "invalid_request_error", "param": "image", "code": None}}
    with SpecServer() as server:
        server.override = (400, json.dumps(error).encode())
        args = ["images", "create-variation", "--image", str(tmp_path / "otter.png"), "--api-key", "k"]
        result = cli(GENERATED, "openai_api", *args, "--base-url", server.base_url)
        assert result.returncode == 4
        assert result.stderr.decode() == "error: 400 invalid_request_error: Invalid image: not square (request id req_123)\n"
        assert result.stdout == b""
        port = server.url.rsplit(":", 1)[1]
    down = cli(GENERATED, "openai_api", *args, "--base-url", f"http://127.0.0.1:{port}/v1", "--max-retries", "0")
    assert down.returncode == 3 and down.stderr.decode().startswith("error: cannot reach the API:")
    assert down.stderr.decode().count("\n") == 1 and b"Traceback" not in down.stderr


# --- every kind of option, streams and downloads ------------------------------------------------

KINDS_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Kinds CLI", "version": "1"},
    "servers": [{"url": "http://localhost/v1"}],
    "components": {"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}},
    "security": [{"key": []}],
    "paths": {
        "/things/{thingId}": {
            "post": {
                "operationId": "updateThing",
                "tags": ["things"],
                "parameters": [
                    {"name": "thingId", "in": "path", "required": True, "schema": {"type": "integer"}},
                    {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                    {"name": "dry_run", "in": "query", "schema": {"type": "boolean"}},
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string", "description": "What to call it."},
                                    "weight": {"type": "number", "minimum": 0.5, "maximum": 99.5},
                                    "count": {"type": "integer", "default": 3},
                                    "active": {"type": "boolean"},
                                    "color": {"type": "string", "enum": ["red", "green"]},
                                    "labels": {"type": "array", "items": {"type": "string"}},
                                    "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                                },
                            }
                        }
                    },
                },
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}},
            }
        },
        "/chat": {
            "post": {
                "operationId": "chat",
                "tags": ["chat"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["prompt"],
                                "properties": {"prompt": {"type": "string"}, "stream": {"type": "boolean"}},
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"type": "object"}},
                            "text/event-stream": {"schema": {"type": "object"}},
                        },
                    }
                },
            }
        },
        "/events": {
            "get": {
                "operationId": "listenEvents",
                "tags": ["chat"],
                "responses": {"200": {"description": "ok", "content": {"text/event-stream": {"schema": {"type": "object"}}}}},
            }
        },
        "/things/{thingId}/blob": {
            "get": {
                "operationId": "downloadThing",
                "tags": ["things"],
                "parameters": [{"name": "thingId", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
                    }
                },
            }
        },
    },
}


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kinds_cli")
    spec = folder / "kinds.yaml"
    spec.write_text(yaml.safe_dump(KINDS_SPEC, sort_keys=False))
    result = run_cli(str(spec), "-o", str(folder / "out"), "--target", "python", "--target", "cli", "--package-name", "kinds_cli")
    assert result.returncode == 0, result.stderr
    return folder / "out"


def test_every_kind_of_option_reaches_the_request(kinds: Path, tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text('{"owner": "ops"}')
    with RecordingServer() as server:
        server.replies.append(Reply(chunks=[b'{"ok": true}']))
        args = ["things", "update-thing", "--thing-id", "7", "--tags", "a", "--tags", "b c", "--dry-run", "--x-trace", "t-1"]
        args += ["--name", "Widget", "--weight", "2.5", "--count", "4", "--no-active", "--color", "green"]
        args += ["--labels", "x", "--labels", "y", "--metadata", f"@{tmp_path / 'meta.json'}"]
        result = cli(kinds, "kinds_cli", *args, "--base-url", server.url + "/v1", "--api-key", "k")
        assert result.returncode == 0, result.stderr.decode()
        assert json.loads(result.stdout) == {"ok": True}
        seen = server.seen[-1]
        assert seen.method == "POST" and seen.path == "/v1/things/7"
        assert seen.query == [("tags", "a"), ("tags", "b c"), ("dry_run", "true")]
        assert seen.headers["x-trace"] == "t-1" and seen.headers["authorization"] == "Bearer k"
        assert json.loads(seen.body) == {
            "name": "Widget",
            "weight": 2.5,
            "count": 4,
            "active": False,
            "color": "green",
            "labels": ["x", "y"],
            "metadata": {"owner": "ops"},
        }
    bad = cli(kinds, "kinds_cli", "things", "update-thing", "--thing-id", "1", "--name", "n", "--weight", "100")
    assert bad.returncode == 2 and b"100 is above the maximum 99.5" in bad.stderr
    bad_json = cli(kinds, "kinds_cli", "things", "update-thing", "--thing-id", "1", "--name", "n", "--metadata", "{oops")
    assert bad_json.returncode == 2 and b"not valid JSON" in bad_json.stderr


def test_streams_print_one_event_per_line_as_they_arrive(kinds: Path) -> None:
    events = [b'data: {"n": 1}\n\n', b'data: {"n": 2}\n\n', b'data: {"n": 3}\n\n']
    with RecordingServer() as server:
        server.replies.append(Reply(content_type="text/event-stream", chunks=events, delay=0.05))
        server.replies.append(Reply(content_type="text/event-stream", chunks=events[:2], delay=0.05))
        base = ["--base-url", server.url + "/v1", "--api-key", "k"]
        streamed = cli(kinds, "kinds_cli", "chat", "chat", "--prompt", "hi", "--stream", *base)
        assert streamed.returncode == 0, streamed.stderr.decode()
        assert [json.loads(line) for line in streamed.stdout.decode().splitlines()] == [{"n": 1}, {"n": 2}, {"n": 3}]
        assert json.loads(server.seen[-1].body) == {"prompt": "hi", "stream": True}
        only = cli(kinds, "kinds_cli", "chat", "listen-events", *base)
        assert only.returncode == 0 and only.stdout.decode().splitlines() == ['{"n": 1}', '{"n": 2}']


def test_binary_responses_go_to_the_output_file(kinds: Path, tmp_path: Path) -> None:
    blob = bytes(range(256)) * 10
    with RecordingServer() as server:
        server.replies.append(Reply(content_type="application/octet-stream", chunks=[blob]))
        base = ["--base-url", server.url + "/v1", "--api-key", "k"]
        result = cli(
            kinds, "kinds_cli", "things", "download-thing", "--thing-id", "3", "--output", str(tmp_path / "b.bin"), *base
        )
        assert result.returncode == 0, result.stderr.decode()
        assert (tmp_path / "b.bin").read_bytes() == blob and result.stdout == b""
    missing = cli(kinds, "kinds_cli", "things", "download-thing", "--thing-id", "3")
    assert missing.returncode == 2 and b"the following arguments are required: --output" in missing.stderr


def test_a_big_api_starts_without_importing_every_resource(kinds: Path) -> None:
    code = (
        "import sys, kinds_cli._cli as c\n"
        "try:\n    c.main(['chat', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('kinds_cli._cli.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=kinds, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "['kinds_cli._cli._runtime', 'kinds_cli._cli.chat']"


def test_the_runtime_is_stored_black_formatted() -> None:
    """It is copied into packages as it is (``preformatted``), so it must stay black's output."""
    import black

    from generator.render.formatting import LINE_LENGTH
    from generator.targets.cli import RUNTIME

    source = RUNTIME.read_text()
    mode = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)
    assert black.format_str(source, mode=mode) == source, f"run black on {RUNTIME}"
    assert (GENERATED / "openai_api" / "_cli" / "_runtime.py").read_text().endswith(source)


EDGE_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Edge", "version": "1"},
    "components": {"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}},
    "security": [{"key": []}],
    "paths": {
        "/things": {
            "post": {
                "operationId": "listThings",
                "tags": ["things"],
                "parameters": [
                    {"name": name, "in": "query", "schema": schema}
                    for name, schema in (
                        ("command", {"type": "string"}),
                        ("api_key", {"type": "string"}),
                        ("compact", {"type": "boolean"}),
                        ("verbose", {"type": "boolean"}),
                        ("no-verbose", {"type": "boolean"}),
                    )
                ],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "input": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                                    "limit": {"type": "integer", "minimum": -9223372036854775808, "maximum": 10},
                                },
                            }
                        }
                    }
                },
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}},
            }
        },
        "/ping": {"get": {"operationId": "ping", "tags": ["things"], "responses": {"204": {"description": "no content"}}}},
    },
}


def test_options_that_share_a_name_with_the_common_flags_keep_apart(tmp_path: Path) -> None:
    spec = tmp_path / "edge.yaml"
    spec.write_text(yaml.safe_dump(EDGE_SPEC, sort_keys=False))
    out = tmp_path / "out"
    result = run_cli(str(spec), "-o", str(out), "--target", "python", "--target", "cli", "--package-name", "edge")
    assert result.returncode == 0, result.stderr
    with RecordingServer() as server:
        base = ["--base-url", server.url, "--api-key", "the-key"]
        args = ["things", "list-things", "--command", "c", "--api-key-param", "q", "--compact-param", "--no-verbose"]
        args += ["--no-verbose-param", "--input", "hello", "--limit", "3"]
        ran = cli(out, "edge", *args, *base)
        assert ran.returncode == 0, ran.stderr.decode()
        seen = server.seen[-1]
        assert sorted(seen.query) == sorted(
            [("command", "c"), ("api_key", "q"), ("compact", "true"), ("verbose", "false"), ("no-verbose", "false")]
        )
        assert seen.headers["authorization"] == "Bearer the-key"  # the key flag is the key, the parameter a parameter
        assert json.loads(seen.body) == {"input": "hello", "limit": 3}  # text for a string-or-list, as it is
        listed = cli(out, "edge", "things", "list-things", "--input", '["a", "b"]', *base)
        assert listed.returncode == 0 and json.loads(server.seen[-1].body) == {"input": ["a", "b"]}
        assert cli(out, "edge", "things", "ping", *base).returncode == 0
    helped = cli(out, "edge", "things", "list-things", "--help")
    assert helped.returncode == 0 and b"9223372036854775808" in helped.stdout and b"e+18" not in helped.stdout
    negative = cli(out, "edge", "things", "ping", "--max-retries", "-1", "--api-key", "k")
    assert negative.returncode == 2 and b"-1 is negative" in negative.stderr
    assert black_check(out).returncode == 0  # an operation without options included
