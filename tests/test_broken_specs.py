"""Broken documents: one clear, located line per problem, exit 2, no traceback, and the output
folder exactly as it was (also when it did not exist)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import GENERATED, run_cli
from test_golden import tree

HEAD = "openapi: 3.1.0\ninfo: {title: Broken, version: '1'}\n"
OK_RESPONSE = "      responses:\n        '200': {description: ok}\n"

# name -> (files, expected text in the error line, expected "file:line" or pointer in that line)
CASES: dict[str, tuple[dict[str, str], str, str]] = {
    "invalid_json": ({"spec.json": '{"openapi": "3.1.0",\n  "info": {"title": "x",}\n}'}, "invalid JSON", "spec.json:2:"),
    "ref_to_nothing": (
        {"spec.yaml": HEAD + "paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Gone'}\n"},
        "$ref '#/components/responses/Gone' points to nothing",
        "#/paths/~1a/get/responses/200",
    ),
    "ref_missing_file": (
        {
            "spec.yaml": HEAD
            + "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {$ref: 'other.yaml#/B'}}}\n"
        },
        "names a file that cannot be read",
        "#/components/schemas/A/properties/b",
    ),
    "ref_outside_folder": (
        {
            "spec.yaml": HEAD
            + "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {$ref: '../outside.yaml#/B'}}}\n"
        },
        "leaves the spec's folder",
        "#/components/schemas/A/properties/b",
    ),
    "ref_remote": (
        {
            "spec.yaml": HEAD
            + "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {$ref: 'https://example.com/x.yaml#/B'}}}\n"
        },
        "is a remote URL",
        "#/components/schemas/A/properties/b",
    ),
    "ref_cycle": (
        {
            "spec.yaml": HEAD
            + "paths: {}\ncomponents:\n  schemas:\n    Holder: {type: object, properties: {x: {$ref: '#/components/schemas/A'}}}\n"
            "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n"
        },
        "never reaches a value",
        "#/components/schemas",
    ),
    "ref_to_nothing_in_a_binary_response": (
        {
            "spec.yaml": HEAD + "paths:\n  /f:\n    get:\n      responses:\n        '200':\n          description: ok\n"
            "          content:\n            '*/*': {schema: {$ref: '#/components/schemas/Gone'}}\n"
        },
        "$ref '#/components/schemas/Gone' points to nothing",
        "#/paths/~1f/get/responses/200/content/*~1*/schema",
    ),
    "ref_missing_file_in_a_text_body": (
        {
            "spec.yaml": HEAD + "paths:\n  /f:\n    post:\n      requestBody:\n"
            "        content:\n          text/plain: {schema: {$ref: 'other.yaml#/T'}}\n" + OK_RESPONSE
        },
        "names a file that cannot be read",
        "#/paths/~1f/post/requestBody/content/text~1plain/schema",
    ),
    "bad_status": (
        {"spec.yaml": HEAD + "paths:\n  /a:\n    get:\n      responses:\n        '2OO': {description: ok}\n"},
        "response code '2OO' is not an HTTP status",
        "#/paths/~1a/get/responses/2OO",
    ),
    "not_a_directory_spec": ({"spec.yaml/": ""}, "cannot read the spec file: is a directory", "spec.yaml"),
    "huge_file": ({"spec.yaml": "<huge>"}, "the document is too large", "spec.yaml"),
}


def _write(root: Path, files: dict[str, str]) -> Path:
    spec = None
    for name, text in files.items():
        path = root / name.rstrip("/")
        if name.endswith("/"):
            path.mkdir()
        elif text == "<huge>":
            with path.open("wb") as fh:  # 200 MB, sparse: refused before it is read whole
                fh.truncate(200 * 1024 * 1024)
        else:
            path.write_text(text)
        spec = spec or path
    assert spec is not None
    return spec


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_document(tmp_path: Path, case: str) -> None:
    files, message, where = CASES[case]
    root = tmp_path / "specs"
    root.mkdir()
    spec = _write(root, files)
    out = tmp_path / "gen"
    shutil.copytree(GENERATED, out)
    before = tree(out)
    result = run_cli(str(spec), "-o", str(out))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "within {" not in result.stderr  # no message quotes the whole document
    errors = [line for line in result.stderr.splitlines() if "error[" in line]
    assert errors, result.stderr
    hit = [line for line in errors if message in line]
    assert hit, result.stderr
    assert where in hit[0], hit[0]
    assert hit[0].split(":")[0].endswith(spec.name)  # the file comes first
    assert result.stderr.splitlines()[-1].startswith("error: nothing was written")
    assert tree(out) == before
    missing = tmp_path / "never"
    assert run_cli(str(spec), "-o", str(missing)).returncode == 2
    assert not missing.exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []  # no temporary folders left behind


def test_errors_come_with_lines_when_known(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(CASES["bad_status"][0]["spec.yaml"])
    line = [l for l in run_cli(str(spec), "-o", str(tmp_path / "o")).stderr.splitlines() if "bad-status" in l][0]
    assert line.startswith("spec.yaml:7:9: error[bad-status] at #/paths/~1a/get/responses/2OO:"), line


def test_multiple_problems_are_all_reported_sorted(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD + "paths:\n  /a:\n    get:\n      responses:\n        '2OO': {description: ok}\n"
        "        '200': {$ref: '#/components/responses/Gone'}\n"
    )
    errors = [l for l in run_cli(str(spec), "-o", str(tmp_path / "o")).stderr.splitlines() if "error[" in l]
    assert [e.split("error[")[1].split("]")[0] for e in errors] == ["bad-status", "ref-missing"]


def test_json_specs_load_and_keep_positions(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "J", "version": "1"},
                "paths": {"/a": {"get": {"responses": {"2OO": {"description": "x"}}}}},
            },
            indent=2,
        )
    )
    expected = next(i for i, text in enumerate(spec.read_text().splitlines(), 1) if '"2OO"' in text)
    line = [l for l in run_cli(str(spec), "-o", str(tmp_path / "o")).stderr.splitlines() if "bad-status" in l][0]
    assert line.startswith(f"spec.json:{expected}:") and "#/paths/~1a/get/responses/2OO" in line


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_the_fast_schema_check_finds_what_the_stock_validator_finds(tmp_path: Path, version: str) -> None:
    """jsonschema-rs screens each schema against its dialect before the stock check; the stock
    check words every finding, so the two agree on a document full of schema mistakes."""
    from generator.diagnostics import Diagnostics
    from generator.loader import load
    from generator.loader.validate import validate

    bad_schemas = {
        "A": {"type": "object", "properties": {"x": {"type": 5}}},
        "B": {"type": "string", "minLength": -1, "pattern": 3},
        "C": {"type": "number", "exclusiveMinimum": True, "maximum": "ten"},
        "D": {"allOf": [{"$ref": "#/components/schemas/A"}, {"required": "x"}]},
        "E": {"type": "array", "items": [{"type": "string"}], "uniqueItems": "yes"},
        "F": {"enum": [], "format": 5, "nullable": "no"},
        "G": {"type": "object", "additionalProperties": {"type": ["string", 1]}, "required": ["a", "a"]},
    }
    doc = {
        "openapi": version,
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/x": {
                "get": {
                    "parameters": [{"name": "q", "in": "query", "schema": {"type": "integer", "minimum": "0"}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": bad_schemas},
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(doc))
    spec = load(path, Diagnostics())
    short = version[:3]
    stock = validate(spec, short, fast=False)
    assert stock, "the document is meant to be invalid"
    assert validate(spec, short, fast=True) == stock
