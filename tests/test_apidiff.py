"""The API changelog, through the command line: the surface each run records in the manifest,
the one-line summary of a regeneration, --api-diff's Markdown report and --fail-on-breaking."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

FULL_SPEC = ROOT / "tests" / "specs" / "openai-openapi.yaml"
FOUR = ("--target", "python", "--target", "cli", "--target", "go", "--target", "perl")
MANIFEST = ".pyclientgen-manifest.json"


def _needs_gofmt() -> None:
    if shutil.which("gofmt") is None:
        pytest.skip("the go target needs gofmt, which is not installed here")


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "PYCLIENTGEN_CACHE_DIR": str(cache)}  # the user cache too stays in tmp


def _bytes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _sections(report: str) -> dict[str, dict[str, list[str]]]:
    """target -> "Breaking" / "Non-breaking" -> its entries."""
    out: dict[str, dict[str, list[str]]] = {}
    target = group = ""
    for line in report.splitlines():
        if line.startswith("### "):
            target = line[4:].split(":")[0]
            out[target] = {"Breaking": [], "Non-breaking": []}
        elif m := re.match(r"\*\*(Breaking|Non-breaking)\*\* \(\d+\)$", line):
            group = m.group(1)
        elif line.startswith("- ") and target:
            out[target][group].append(line[2:])
    return out


def _without_delete_model(text: str) -> str:
    """The spec without its ``deleteModel`` operation (DELETE /models/{model})."""
    lines = text.splitlines(keepends=True)
    op = next(i for i, line in enumerate(lines) if line.strip() == "operationId: deleteModel")
    start = op - 1
    assert lines[start].strip() == "delete:"
    end = start + 1
    while end < len(lines) and (lines[end].startswith("      ") or not lines[end].strip()):
        end += 1
    return "".join(lines[:start] + lines[end:])


# -- the full OpenAI spec, one operation removed ---------------------------------------------
@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(the output folder generated from the full spec with four targets, the edited spec, the cache)."""
    _needs_gofmt()
    root = tmp_path_factory.mktemp("apidiff_full")
    out, cache = root / "out", root / "cache"
    result = run_cli(str(FULL_SPEC), "-o", str(out), *FOUR, "-q", env=_env(cache))
    assert result.returncode == 0, result.stderr[-2000:]
    edited = root / "openai-openapi.yaml"
    edited.write_text(_without_delete_model(FULL_SPEC.read_text("utf-8")), "utf-8")
    return out, edited, cache


def test_the_manifest_records_each_targets_surface(full: tuple[Path, Path, Path]) -> None:
    out, _, _ = full
    surface = json.loads((out / MANIFEST).read_text())["surface"]
    assert sorted(surface) == ["cli", "format", "go", "perl", "python"]
    assert surface["python"]["methods"]["models.delete_model"] == {
        "args": {"model": "required str"},
        "returns": "DeleteModelResponse",
    }
    assert surface["cli"]["methods"]["models delete-model"] == {"args": {"--model": "required str"}}
    assert surface["go"]["methods"]["Models.DeleteModel"]["args"] == {
        "model": "required string",
        "params": "required ModelsDeleteModelParams",
    }
    assert surface["perl"]["methods"]["delete_model"] == {"args": {"model": "required string"}}
    assert surface["python"]["models"]["DeleteModelResponse"]["use"] == "response"
    assert list(surface["python"]["models"]) == sorted(surface["python"]["models"])  # deterministic


def test_api_diff_names_the_removed_operation_in_every_target_and_writes_nothing(full: tuple[Path, Path, Path]) -> None:
    out, edited, cache = full
    before = _bytes(out)
    result = run_cli(str(edited), "-o", str(out), *FOUR, "--api-diff", env=_env(cache))
    assert result.returncode == 0, result.stderr[-2000:]
    report = result.stdout
    assert report.startswith("## API changes: 1 method removed (breaking)"), report[:300]
    sections = _sections(report)
    assert "method `models.delete_model`: removed *(removed)*" in sections["python"]["Breaking"]
    assert "command `models delete-model`: removed *(removed)*" in sections["cli"]["Breaking"]
    assert "method `Models.DeleteModel`: removed *(removed)*" in sections["go"]["Breaking"]
    assert "method `delete_model`: removed *(removed)*" in sections["perl"]["Breaking"]
    assert not any(s["Non-breaking"] for s in sections.values()), report
    assert "summary:" not in result.stdout  # stdout is the report only: the summary line is on stderr
    assert _bytes(out) == before


def test_fail_on_breaking_refuses_a_regeneration_before_writing(full: tuple[Path, Path, Path]) -> None:
    out, edited, cache = full
    before = _bytes(out)
    result = run_cli(str(edited), "-o", str(out), *FOUR, "--fail-on-breaking", env=_env(cache))
    assert result.returncode == 4, result.stderr[-2000:]
    assert "error[breaking-change]" in result.stderr
    assert "breaking, python: method `models.delete_model`: removed (removed)" in result.stderr
    assert "nothing was written (--fail-on-breaking)" in result.stderr
    assert _bytes(out) == before


# -- a small spec, one rule at a time ----------------------------------------------------------
PETS = """\
openapi: 3.1.0
info: {title: Pets, version: "1.0"}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: offset, in: query, schema: {type: integer}}
        - {name: kind, in: query, schema: {$ref: "#/components/schemas/Kind"}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
components:
  schemas:
    Kind: {type: string, enum: [cat, dog, bird]}
    Pet:
      type: object
      description: A pet.
      required: [id, name]
      properties:
        id: {type: integer}
        name: {type: string}
        tag: {type: string}
        age: {type: integer}
"""
EDITS = (
    ("enum: [cat, dog, bird]", "enum: [cat, dog, fish]"),  # a value removed (breaking), one added (not)
    ("{name: limit, in: query, schema", "{name: limit, in: query, required: true, schema"),  # became required
    ("{name: offset, in: query, schema: {type: integer}}", "{name: offset, in: query, schema: {type: [integer, string]}}"),
    ("required: [id, name]", "required: [id]"),  # a response field became optional
    ("        tag: {type: string}\n", ""),  # a field removed
    ("age: {type: integer}", "age: {type: string}"),  # a type changed
)


@pytest.fixture()
def pets(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """(the spec, its output folder generated for python, cli and perl (and go, with gofmt), env)."""
    spec, out = tmp_path / "pets.yaml", tmp_path / "out"
    spec.write_text(PETS)
    env = _env(tmp_path / "cache")
    result = run_cli(str(spec), "-o", str(out), *_targets(), "-q", env=env)
    assert result.returncode == 0, result.stderr
    return spec, out, env


def _targets() -> tuple[str, ...]:
    return FOUR if shutil.which("gofmt") else FOUR[:4] + FOUR[6:]


def _edit(spec: Path, edits: tuple[tuple[str, str], ...] = EDITS) -> None:
    text = spec.read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    spec.write_text(text)


def test_each_rule_is_named_and_classed(pets: tuple[Path, Path, dict[str, str]]) -> None:
    spec, out, env = pets
    _edit(spec)
    before = _bytes(out)
    result = run_cli(str(spec), "-o", str(out), *_targets(), "--api-diff", env=env)
    assert result.returncode == 0, result.stderr
    python = _sections(result.stdout)["python"]
    assert python["Breaking"] == [
        'value `"bird"` of enum `Kind`: removed *(removed)*',
        "field `age` of model `Pet`: type changed: `int | None` → `str | None` *(type-changed)*",
        "field `name` of model `Pet`: became optional in a response *(response-optional)*",
        "field `tag` of model `Pet`: removed *(removed)*",
        "argument `limit` of method `pets.list_pets`: became required *(became-required)*",
    ]
    assert python["Non-breaking"] == [
        'value `"fish"` of enum `Kind`: added *(added)*',
        "argument `offset` of method `pets.list_pets`: type widened (an input): `int | Omit` → `int | str | Omit` *(type-widened)*",
    ]
    cli = _sections(result.stdout)["cli"]
    assert "flag `--limit` of command `pets list-pets`: became required *(became-required)*" in cli["Breaking"]
    perl = _sections(result.stdout)["perl"]
    assert "argument `limit` of method `list_pets`: became required *(became-required)*" in perl["Breaking"]
    if shutil.which("gofmt"):
        go = _sections(result.stdout)["go"]
        assert 'constant `KindBird = "bird"` of enum type `Kind`: removed *(removed)*' in go["Breaking"]
        assert "field `Limit` of params struct `PetsListPetsParams`: became required *(became-required)*" in go["Breaking"]
        assert 'constant `KindFish = "fish"` of enum type `Kind`: added *(added)*' in go["Non-breaking"]
    assert _bytes(out) == before


def test_a_regeneration_prints_the_summary_line(pets: tuple[Path, Path, dict[str, str]]) -> None:
    spec, out, env = pets
    _edit(spec, EDITS[:2])
    result = run_cli(str(spec), "-o", str(out), *_targets(), env=env)
    assert result.returncode == 0, result.stderr
    api = [line for line in result.stdout.splitlines() if line.startswith("API: ")]
    wanted = (  # the command line's --kind lost a choice: its type changed
        "API: 1 enum value removed (breaking), 1 argument became required (breaking), "
        "1 argument type changed (breaking), 1 enum value added"
    )
    assert api == [wanted]
    assert result.stdout.splitlines()[-1].startswith("summary: ")  # the line comes just before the summary
    again = run_cli(str(spec), "-o", str(out), *_targets(), env=env)  # up to date: no API line
    assert again.returncode == 0 and "API:" not in again.stdout
    _edit(spec, (("description: A pet.", "description: A pet, described again."),))  # docs only
    docs = run_cli(str(spec), "-o", str(out), *_targets(), env=env)
    assert docs.returncode == 0 and "API: no change" in docs.stdout.splitlines()


def test_fail_on_breaking_exits_4_in_every_mode_and_a_setting_turns_it_on(
    pets: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    spec, out, env = pets
    _edit(spec, EDITS[3:4])  # a response field became optional: breaking
    before = _bytes(out)
    api_diff = run_cli(str(spec), "-o", str(out), *_targets(), "--api-diff", "--fail-on-breaking", env=env)
    assert api_diff.returncode == 4 and "became optional in a response" in api_diff.stdout
    check = run_cli(str(spec), "-o", str(out), *_targets(), "--check", "--fail-on-breaking", env=env)
    assert check.returncode == 4 and "API: 1 field became optional in responses (breaking)" in check.stdout
    settings = tmp_path / "settings.toml"
    settings.write_text("fail-on-breaking = true\n")
    regenerate = run_cli(str(spec), "-o", str(out), *_targets(), "--config", str(settings), env=env, isolated=False)
    assert regenerate.returncode == 4, regenerate.stderr
    assert "field `name` of model `Pet`: became optional in a response (response-optional)" in regenerate.stderr
    assert _bytes(out) == before
    flagged = run_cli(str(spec), "-o", str(out), *_targets(), "--config", str(settings), "--no-fail-on-breaking", env=env)
    assert flagged.returncode == 0 and "API: 1 field became optional in responses (breaking)" in flagged.stdout


def test_non_breaking_changes_pass_fail_on_breaking(pets: tuple[Path, Path, dict[str, str]]) -> None:
    spec, out, env = pets
    _edit(spec, (("        age: {type: integer}\n", "        age: {type: integer}\n        color: {type: string}\n"),))
    result = run_cli(str(spec), "-o", str(out), *_targets(), "--fail-on-breaking", env=env)
    assert result.returncode == 0, result.stderr
    assert "API: 1 field added" in result.stdout.splitlines()


def test_api_diff_without_an_earlier_surface_says_so(tmp_path: Path) -> None:
    spec = tmp_path / "pets.yaml"
    spec.write_text(PETS)
    result = run_cli(str(spec), "-o", str(tmp_path / "none"), "--api-diff", "--fail-on-breaking", env=_env(tmp_path / "c"))
    assert result.returncode == 0, result.stderr
    assert "records no API surface to compare with" in result.stdout
    assert not (tmp_path / "none").exists()
