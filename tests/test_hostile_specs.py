"""Hostile documents: names and texts chosen to break generated code, escape the output folder
or inject code. The package must compile, import, pass mypy --strict and hold no executable
spec text; nothing may land outside the output folder; the docs must escape it all."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import import_generated, run_cli

PAYLOAD = "\nimport os\nos.system('touch PWNED')\n"
NASTY = [
    '"""',
    "'''",
    "\\",
    "\\x00",
    "\x00",
    "{{ 7*7 }}",
    "{% raw %}",
    PAYLOAD,
    "</script><script>alert(1)</script>",
    "**bold** [link](javascript:alert(1)) `code`",
    "ünï 日本 🎉",
    "\r\n",
    "\u2028",
]
TEXT = " ".join(NASTY)
NAMES = [
    "class",
    "match",
    "type",
    "list",
    "str",
    "self",
    "__init__",
    "__class__",
    "1st",
    "a-b",
    "a.b",
    "with space",
    "quote'\"",
    "naïve",
    "fooBar",
    "foo_bar",
    "FooBar",
    "Client",
    "Response",
    "Stream",
    "../../x",
    "/etc/x",
    "from_dict",
    "extra_fields",
    "field",
    "dataclass",
    "None",
    "True",
    "x" * 150,
]


def _schema(depth: int) -> dict[str, Any]:
    if depth == 0:
        return {"type": "string", "description": TEXT}
    return {"type": "object", "properties": {f"level{depth}": _schema(depth - 1)}}


def hostile_spec() -> dict[str, Any]:
    props = {name: {"type": "string", "description": TEXT, "default": TEXT, "examples": [TEXT]} for name in NAMES}
    props["choice"] = {"type": "string", "enum": NASTY[:9], "description": TEXT}
    props["deep"] = _schema(25)
    schemas: dict[str, Any] = {
        name: {"type": "object", "description": TEXT, "title": TEXT, "properties": props} for name in NAMES
    }
    schemas["Enum"] = {"type": "string", "enum": NASTY[:9]}
    paths: dict[str, Any] = {}
    for i, name in enumerate(NAMES[:12]):
        paths[f"/p{i}/{{{name}}}"] = {
            "post": {
                "operationId": name if i % 2 else f"__import__('os').system('{name}')",
                "tags": [name, "../../evil"][i % 2 :][:1],
                "summary": TEXT,
                "description": TEXT,
                "parameters": [
                    {"name": name, "in": "path", "required": True, "schema": {"type": "string"}, "description": TEXT},
                    {"name": "timeout", "in": "query", "schema": {"type": "integer"}},
                    {"name": "self", "in": "header", "schema": {"type": "string"}},
                ],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "$ref": f"#/components/schemas/{json.dumps(name)[1:-1].replace('~', '~0').replace('/', '~1')}"
                            }
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": TEXT,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Client"}, "example": {"choice": TEXT}}
                        },
                    }
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": 'Hostile """ API ' + PAYLOAD, "version": "1'\"", "description": TEXT},
        "servers": [{"url": "http://localhost/'\""}],
        "tags": [{"name": "../../evil", "description": TEXT}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("hostile")
    spec = root / "spec.json"
    spec.write_text(json.dumps(hostile_spec()))
    out = root / "out"
    result = run_cli(str(spec), "-o", str(out), "--package-name", "hostile", cwd=root)
    assert result.returncode == 0, result.stderr[-4000:]
    return out, result.stderr


def test_nothing_lands_outside_the_output_folder(generated: tuple[Path, str]) -> None:
    out, _ = generated
    assert sorted(p.name for p in out.parent.iterdir()) == ["out", "spec.json"]
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve())
        assert path.name.isascii() and " " not in path.name and ".." not in path.name


def test_the_package_compiles_imports_and_holds_no_spec_code(generated: tuple[Path, str]) -> None:
    out, _ = generated
    for path in (out / "hostile").rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = ast.unparse(node.func)
                assert "system" not in func and "__import__" not in func, (path, func)
            if isinstance(node, ast.Import):
                assert {a.name for a in node.names} <= {
                    "os",
                    "base64",
                    "json",
                    "re",
                    "asyncio",
                    "copy",
                    "logging",
                    "time",
                    "random",
                    "secrets",
                    "mimetypes",
                    "importlib",
                    "ipaddress",
                    "httpx2",
                    "tempfile",
                    "functools",
                }, (path, ast.unparse(node))
    package = import_generated(out, "hostile")
    for name in package.models.__all__:
        getattr(package.models, name)  # every model module imports
    assert not (out / "PWNED").exists() and not Path("PWNED").exists()


def test_models_keep_wire_names_and_round_trip_hostile_values(generated: tuple[Path, str]) -> None:
    package = import_generated(generated[0], "hostile")
    model = package.models.ClientModel  # "Client" must not shadow the package's Client
    wire = {name: TEXT for name in NAMES} | {"choice": '"""', "unknown": PAYLOAD}
    parsed = model.from_dict(wire)
    assert parsed.to_dict() == wire
    assert parsed.class_ == TEXT and parsed.self == TEXT and parsed.from_dict_wire == TEXT


def test_mypy_strict_passes(generated: tuple[Path, str], tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path), "hostile"],
        cwd=generated[0],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_docs_escape_everything(generated: tuple[Path, str]) -> None:
    out, _ = generated
    html = (out / "docs" / "reference.html").read_text()
    assert html.count("<script") == 1 and "alert(1)</script>" not in html and "&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    import re

    for page in (out / "docs").rglob("*.md"):
        # Code spans and fenced blocks show their text literally (CommonMark escapes them);
        # everywhere else, spec text must not be able to open a tag.
        prose = re.sub(r"```.*?```", "", page.read_text(), flags=re.S)
        prose = re.sub(r"(`+)(.+?)\1", "", prose, flags=re.S)
        assert "<script" not in prose and "</script>" not in prose, page
        assert "javascript:" not in prose, page  # a Markdown link to script keeps its text only


def test_collisions_are_resolved_with_warnings_not_numbers(generated: tuple[Path, str]) -> None:
    out, stderr = generated
    assert "warning[name-collision]" in stderr
    assert "Traceback" not in stderr
    package = import_generated(out, "hostile")
    names = set(package.models.__all__)
    assert {"FooBar", "FooBarModel", "FooBarPascal"} <= names  # fooBar, foo_bar, FooBar
    assert not [n for n in names if re.fullmatch(r"(FooBar|ClientModel|Response|StreamModel)\d+", n)]
