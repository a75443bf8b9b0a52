"""What every target must survive, on specs shaped like the ones people publish: schemas that
refer to themselves through an array's items or a map's values; parameters named like the
runtime's own arguments (which move aside instead of renaming the user's); a User-Agent that
is a version whatever ``info.version`` says; validator messages that do not quote the whole
document; and the command line's help naming every target."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, import_generated, run_cli, tool
from recording_server import RecordingServer, Reply

from generator.diagnostics import Diagnostics
from generator.loader import load
from generator.loader.validate import validate
from generator.naming import agent_version

SELF = {"$ref": "#/components/schemas/Self"}
RECURSIVE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Recursive", "version": "Wed Oct 15 2025 13:53:19 GMT+0000 (Coordinated Universal Time)"},
    "paths": {
        "/nodes": {
            "post": {
                "operationId": "postNode",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Holder"}}},
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Tree"}}},
                    }
                },
            }
        },
        "/self": {
            "put": {
                "operationId": "putSelf",
                "parameters": [
                    {
                        "name": "filter",
                        "in": "query",
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SelfMap"}}},
                    }
                ],
                "requestBody": {"required": True, "content": {"application/json": {"schema": SELF}}},
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Json"}}},
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Node": {
                "type": "object",
                "required": ["name", "children"],
                "properties": {
                    "name": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                },
            },
            "Tree": {
                "type": "object",
                "required": ["branches"],
                "properties": {"branches": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Tree"}}},
            },
            "Self": {"type": "array", "items": SELF},
            "SelfMap": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/SelfMap"}},
            "Json": {
                "anyOf": [
                    {"type": "string"},
                    {"type": "number"},
                    {"type": "array", "items": {"$ref": "#/components/schemas/Json"}},
                    {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Json"}},
                ]
            },
            "Holder": {
                "type": "object",
                "required": ["node", "tree", "itself", "map", "json"],
                "properties": {
                    "node": {"$ref": "#/components/schemas/Node"},
                    "tree": {"$ref": "#/components/schemas/Tree"},
                    "itself": SELF,
                    "map": {"$ref": "#/components/schemas/SelfMap"},
                    "json": {"$ref": "#/components/schemas/Json"},
                },
            },
        }
    },
}


def _generate(tmp_path: Path, doc: dict[str, Any], package: str, *targets: str) -> Path:
    spec = tmp_path / f"{package}.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))
    out = tmp_path / package
    flags = [f for t in targets for f in ("--target", t)]
    result = run_cli(str(spec), "-o", str(out), "--package-name", package, *flags, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_self_referencing_arrays_and_maps_generate_in_every_target(tmp_path: Path) -> None:
    out = _generate(tmp_path, RECURSIVE, "recursive", "python", "cli", "go", "perl", "docs")
    pkg = import_generated(out, "recursive")
    holder = pkg.models.Holder.from_dict(
        {"node": {"name": "a", "children": [{"name": "b", "children": []}]}, "tree": {"branches": {"x": {"branches": {}}}},
         "itself": [[[]]], "map": {"a": {"b": {}}}, "json": ["x", {"y": [1.5]}]}
    )  # fmt: skip
    assert holder.node.children[0].name == "b" and holder.tree.branches["x"].branches == {}
    assert "postNode" in (out / "docs" / "index.md").read_text() or (out / "docs" / "index.md").exists()
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local"}
    vet = subprocess.run([tool("go"), "vet", "./..."], cwd=out / "go", capture_output=True, text=True, env=env, timeout=600)
    assert vet.returncode == 0, vet.stdout + vet.stderr
    for module in sorted((out / "perl" / "lib").rglob("*.pm")):
        compiled = subprocess.run(
            [tool("perl"), "-c", "-I", str(out / "perl" / "lib"), str(module)], capture_output=True, text=True, timeout=120
        )
        assert compiled.returncode == 0, compiled.stderr
        pod = subprocess.run([tool("podchecker"), str(module)], capture_output=True, text=True, timeout=120)
        assert pod.returncode == 0, pod.stderr


RUNTIME_NAMED: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Clash", "version": "1"},
    "paths": {
        "/files/{destination}": {
            "get": {
                "operationId": "download",
                "parameters": [
                    {"name": "destination", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "timeout", "in": "query", "schema": {"type": "integer"}},
                    {"name": "extra_headers", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/octet-stream": {"schema": {"type": "string"}}}}
                },
            }
        }
    },
}


def test_runtime_arguments_move_aside_for_the_spec_names(tmp_path: Path) -> None:
    out = _generate(tmp_path, RUNTIME_NAMED, "clash", "python", "cli")
    pkg = import_generated(out, "clash")
    target = tmp_path / "saved.bin"
    with RecordingServer() as server:
        server.replies += [Reply(content_type="application/octet-stream", chunks=[b"abc"]) for _ in range(3)]
        with pkg.Client(base_url=server.url) as client:
            assert client.files.download(destination="d 1", timeout=5, extra_headers="x", request_timeout=3.0) == b"abc"
            client.files.download_to_file(destination="d 1", request_destination=str(target), timeout=5)
        cli = subprocess.run(
            # the command line's own flags keep their names; a spec option that wants one is --<name>-param
            [sys.executable, "-m", "clash", "files", "download", "--destination", "d 1", "--timeout-param", "5", "--output", "-",
             "--base-url", server.url],
            cwd=out, capture_output=True, timeout=60,
        )  # fmt: skip
    assert target.read_bytes() == b"abc"
    assert cli.returncode == 0 and cli.stdout == b"abc", cli.stderr
    first = server.seen[0]
    assert (first.path, first.query, first.headers["extra_headers"]) == ("/files/d%201", [("timeout", "5")], "x")
    assert server.seen[2].path == "/files/d%201" and server.seen[2].query == [("timeout", "5")]
    source = (out / "clash" / "resources" / "files.py").read_text()
    assert "destination_wire" not in source and "timeout_wire" not in source


@pytest.mark.parametrize(
    ("version", "agent"),
    [
        ("2.3.0", "2.3.0"),
        ("v1", "v1"),
        ("Wed Oct 15 2025 13:53:19 GMT+0000 (Coordinated Universal Time)", "2025-10-15"),
        ("2016-03-01-preview", "2016-03-01-preview"),
        ("15 October 2025", "2025-10-15"),
        ("API v3 (beta)", "3"),
        ("latest", "latest"),
        ("é", "0"),
    ],
)
def test_the_user_agent_carries_a_version(version: str, agent: str) -> None:
    assert agent_version(version) == agent


def test_the_user_agent_of_a_date_versioned_api(tmp_path: Path) -> None:
    out = _generate(tmp_path, RECURSIVE, "dated", "python")
    assert 'USER_AGENT: str = "dated-python/2025-10-15"' in (out / "dated" / "_constants.py").read_text()


def test_a_validator_that_stops_names_the_reference_not_the_document(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.0\ninfo: {title: R, version: '1'}\npaths:\n  /f:\n    get:\n      responses:\n"
        "        '200': {description: ok, content: {'*/*': {schema: {$ref: '#/components/schemas/Gone'}}}}\n"
    )
    findings = validate(load(spec, Diagnostics()), "3.0", fast=False)
    messages = [f["message"] for f in findings]
    assert messages and all("{'openapi'" not in m and "within {" not in m for m in messages), messages


def test_help_names_every_target() -> None:
    shown = subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=ROOT, capture_output=True, text=True)
    text = " ".join(shown.stdout.split())
    assert "typed Python client package from" not in text
    for name in ("python", "cli", "go", "perl", "docs"):
        assert f"{name} (" in text, text


def test_a_property_called_ref_is_no_reference(tmp_path: Path) -> None:
    """Real specs (cloud-elements.com's) have a property named "$ref": under a binary response,
    where the generator checks every reference, it is a property, not a reference to nothing."""
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Refs", "version": "1"},
        "paths": {
            "/export": {
                "get": {
                    "operationId": "export",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"*/*": {"schema": {"$ref": "#/components/schemas/Swagger"}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {"Swagger": {"type": "object", "properties": {"$ref": {"type": "string", "example": "#/definitions/X"}}}}
        },
    }
    _generate(tmp_path, doc, "refs", "python")


def test_a_tag_with_a_backslash_reads_as_text_in_the_cli_module(tmp_path: Path) -> None:
    """Vimeo tags operations ``Groups\\Users``: the command module's docstring quotes it, so a
    ``\\U`` there must not read as an escape (it was a SyntaxError on import)."""
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Tags", "version": "1"},
        "paths": {
            "/g": {
                "get": {"operationId": "listGroupUsers", "tags": ["Groups\\Users"], "responses": {"200": {"description": "ok"}}}
            }
        },
    }
    out = _generate(tmp_path, doc, "tagged", "python", "cli")
    modules = sorted((out / "tagged" / "_cli").glob("groups*.py"))
    assert modules
    compile(modules[0].read_text("utf-8"), str(modules[0]), "exec")
    assert "Groups\\\\Users" in modules[0].read_text("utf-8")  # the tag as written, its backslash escaped
