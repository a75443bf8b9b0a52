"""Settings written down once: [tool.generator] in pyproject.toml (or --config), flags over them,
name overrides, template replacements, line length and the ruff formatter."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, SPEC, black_check, import_generated, run_cli
from generator.config import Config, NameOverrides
from generator.pipeline import generate

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def project(tmp_path: Path, settings: str, name: str = "pyproject.toml") -> Path:
    """A repository with the images spec under spec/ and ``settings`` in its pyproject.toml."""
    repo = tmp_path / "repo"
    (repo / "spec").mkdir(parents=True)
    shutil.copy(SPEC, repo / "spec" / "openapi.yaml")
    (repo / name).write_text(textwrap.dedent(settings), "utf-8")
    return repo


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=repo, env=ENV)


def test_the_nearest_pyproject_gives_spec_output_and_options(tmp_path: Path) -> None:
    repo = project(
        tmp_path,
        """
        [project]
        name = "consumer"

        [tool.generator]
        spec = "spec/openapi.yaml"
        output = "src/vendor/images_api"
        package-name = "images_api"
        targets = ["python"]
        api-key-env = "IMAGES_KEY"
        """,
    )
    sub = repo / "src" / "deep"
    sub.mkdir(parents=True)
    result = cli(sub)  # no arguments at all; run from below the project: paths are the file's
    assert result.returncode == 0, result.stderr
    out = repo / "src" / "vendor" / "images_api"
    assert (out / "images_api" / "__init__.py").is_file() and not (out / "docs").exists()
    assert '"IMAGES_KEY"' in (out / "images_api" / "_constants.py").read_text()
    # a flag beats the file
    result = cli(repo, "--package-name", "other_name", "-o", "elsewhere")
    assert result.returncode == 0, result.stderr
    assert (repo / "elsewhere" / "other_name" / "_client.py").is_file()
    # --isolated reads no settings: the spec must then be named
    result = cli(repo, "--isolated")
    assert result.returncode == 2 and "no OpenAPI document given" in result.stderr


def test_a_config_file_named_by_flag_holds_the_settings_at_its_top_level(tmp_path: Path) -> None:
    repo = project(tmp_path, 'spec = "spec/openapi.yaml"\noutput = "out"\ntargets = ["docs"]\n', name="generator.toml")
    result = cli(repo, "--config", "generator.toml")
    assert result.returncode == 0, result.stderr
    assert (repo / "out" / "docs" / "index.md").is_file() and not (repo / "out" / "openai_api").exists()


@pytest.mark.parametrize(
    ("settings", "key", "line", "words"),
    [
        ('[tool.generator]\nspec = "spec/openapi.yaml"\nlinelength = 100\n', "tool.generator.linelength", 3, "is not a setting"),
        ('[tool.generator]\nline-length = "wide"\n', "tool.generator.line-length", 2, "a whole number from 40 to 320"),
        ("[tool.generator]\nformatter = 'yapf'\n", "tool.generator.formatter", 2, "one of 'black', 'ruff'"),
        ("[tool.generator]\ntargets = 'python'\n", "tool.generator.targets", 2, "a non-empty list of target names"),
        ("[tool.generator]\nstrict = 1\n", "tool.generator.strict", 2, "true or false"),
        ("[tool.generator]\n\n[tool.generator.method-names]\nfoo = 3\n", "tool.generator.method-names.foo", 4, "is not a name"),
        ('[tool.generator.docs.method-names]\nx = "y"\n', "tool.generator.docs", 1, "has no names of its own"),
        ("[tool.generator.python]\nmethods = {}\n", "tool.generator.python.methods", 2, "is not a setting"),
        ("[tool.generator\n", "(file)", 1, "not valid TOML"),
    ],
)
def test_unknown_keys_and_wrong_types_name_the_key_the_file_and_the_line(
    tmp_path: Path, settings: str, key: str, line: int, words: str
) -> None:
    repo = project(tmp_path, settings)
    result = cli(repo, "spec/openapi.yaml")
    assert result.returncode == 2
    assert f"pyproject.toml:{line}: error[bad-config]: setting {key}" in result.stderr, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
    assert not (repo / "generated").exists()


def test_every_setting_key_is_in_the_readme_with_its_default() -> None:
    from generator.settings import KEYS, NAME_TABLES

    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    for key in [*KEYS, *NAME_TABLES]:
        row = next((ln for ln in section.splitlines() if ln.startswith(f"| `{key}`")), None)
        assert row is not None, f"README's settings table has no row for {key}"
        if key in KEYS:
            assert row.count("|") >= 4 and row.split("|")[3].strip(), f"{key}: no default in the README"


def test_repository_settings_regenerate_everything_committed() -> None:
    """This repository's own pyproject.toml: `python -m generator` alone checks generated/."""
    result = run_cli("--check", isolated=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


# --- name overrides ---------------------------------------------------------------------------


def _generate(tmp_path: Path, **options: object) -> tuple[Path, list[str]]:
    out = tmp_path / "out"
    result = generate(SPEC, Config(output=out, **options))  # type: ignore[arg-type]
    return out, [d.format() for d in result.diagnostics]


def test_method_and_class_overrides_rename_the_client_and_the_docs(tmp_path: Path) -> None:
    shared = NameOverrides(methods={"createImageVariation": "makeVariation"}, classes={"ImagesResponse": "image_result"})
    own = NameOverrides(classes={"Image": "GeneratedImage"})
    out, messages = _generate(tmp_path, package_name="renamed", names={"": shared, "python": own})
    assert not [m for m in messages if "error" in m], messages
    pkg = import_generated(out, "renamed")
    assert hasattr(pkg.Client(api_key="k").images, "make_variation")  # shared names are made Python's
    assert not hasattr(pkg.Client(api_key="k").images, "create_image_variation")
    assert pkg.models.ImageResult.__name__ == "ImageResult" and pkg.models.GeneratedImage.__name__ == "GeneratedImage"
    assert "client.images.make_variation(" in (out / "docs" / "index.md").read_text()
    assert black_check(out).returncode == 0


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (
            {"": NameOverrides(methods={"createImageVariations": "x"})},
            "method-names: 'createImageVariations' names no operation (by operationId or METHOD /path) in this spec "
            "(remove the entry or fix its spelling: did you mean 'createImageVariation'?)",
        ),
        (
            {"": NameOverrides(classes={"ImageResponse": "X"})},
            "class-names: 'ImageResponse' names no schema under components/schemas in this spec",
        ),
        (
            {"": NameOverrides(classes={"Image": "ImagesResponse"})},
            "class-names: 'Image' = 'ImagesResponse' collides with the class of 'ImagesResponse'",
        ),
        (
            {"": NameOverrides(classes={"Image": "Pic", "ImagesResponse": "Pic"})},
            "class-names: 'ImagesResponse' = 'Pic' collides with the class of 'Image'",
        ),
        (
            {"python": NameOverrides(methods={"POST /images/variations": "createVariation"})},
            "python.method-names: 'POST /images/variations' = 'createVariation' is not a usable Python method name "
            "(Python names it 'create_variation')",
        ),
        (
            {"": NameOverrides(methods={"createImageVariation": "with_raw_response"})},
            "is not a usable Python method name (the generated package uses it itself)",
        ),
        (
            {"python": NameOverrides(classes={"Image": "Client"})},
            "python.class-names: 'Image' = 'Client' is not a usable Python class name",
        ),
    ],
)
def test_bad_overrides_are_errors_that_say_which_and_why(tmp_path: Path, names: dict[str, NameOverrides], message: str) -> None:
    out = tmp_path / "out"
    result = generate(SPEC, Config(output=out, names=names, config_file=Path("pyproject.toml")))
    assert not result.ok and not out.exists()
    text = "\n".join(d.format() for d in result.diagnostics)
    assert message in text, text
    assert "pyproject.toml: error[override-" in text


def test_two_methods_overridden_to_one_name_is_an_error_naming_both(tmp_path: Path) -> None:
    spec = ROOT / "tests" / "specs" / "kinds.yaml"
    from generator.ir import build_api
    from generator.diagnostics import Diagnostics
    from generator.loader import load

    api = build_api(load(spec, Diagnostics()), Diagnostics())
    resource = max(api.resources, key=lambda r: len(r.operations))
    first, second = resource.operations[:2]
    names = {"": NameOverrides(methods={first.operation_id: "same", second.operation_id: "same"})}
    result = generate(spec, Config(output=tmp_path / "out", names=names))
    text = "\n".join(d.format() for d in result.diagnostics)
    assert not result.ok
    assert re.search(
        rf"'{second.operation_id}' = 'same' collides with \w+\.same\(\) of {first.method.upper()} ", text
    ) or re.search(rf"'{first.operation_id}' = 'same' collides with \w+\.same\(\) of {second.method.upper()} ", text), text


def test_overrides_from_the_settings_file_reach_the_client(tmp_path: Path) -> None:
    repo = project(
        tmp_path,
        """
        [tool.generator]
        spec = "spec/openapi.yaml"
        package-name = "seedlike"

        [tool.generator.python.method-names]
        createImageVariation = "create_variation"

        [tool.generator.class-names]
        ImagesResponse = "VariationResult"
        """,
    )
    result = cli(repo)
    assert result.returncode == 0, result.stderr
    text = (repo / "generated" / "seedlike" / "resources" / "images.py").read_text()
    assert "def create_variation(" in text and "-> VariationResult:" in text
    repo2 = project(tmp_path / "two", '[tool.generator.method-names]\ncreateImage = "x"\n')
    result = cli(repo2, "spec/openapi.yaml")
    assert result.returncode == 2
    assert "pyproject.toml: error[override-unknown]: method-names: 'createImage' names no operation" in result.stderr


# --- template replacements --------------------------------------------------------------------


def test_a_replaced_template_adds_a_header_comment_to_every_module(tmp_path: Path) -> None:
    templates = tmp_path / "my-templates"
    (templates / "python").mkdir(parents=True)
    (templates / "python" / "_prelude.py.j2").write_text("# Copyright Example Corp. Vendored; do not edit.\n")
    (templates / "python" / "modle.py.j2").write_text("{{ oops }}\n")  # a typo: replaces nothing
    out, messages = _generate(tmp_path, templates=templates)
    assert any("template override python/modle.py.j2 replaces no built-in template" in m for m in messages), messages
    modules = sorted(out.rglob("*.py"))
    assert len(modules) > 20
    for path in modules:
        lines = path.read_text().splitlines()
        assert lines[2] == "# Copyright Example Corp. Vendored; do not edit.", path
    assert black_check(out).returncode == 0
    # the replacement is part of what --check compares: editing it makes the output stale
    (templates / "python" / "_prelude.py.j2").write_text("# Copyright Example Corp. 2027.\n")
    from generator.pipeline import check

    assert not check(SPEC, Config(output=out, templates=templates)).ok


def test_a_replaced_template_may_build_on_the_built_in_view_model(tmp_path: Path) -> None:
    templates = tmp_path / "t"
    (templates / "python").mkdir(parents=True)
    builtin = (ROOT / "templates" / "python" / "model.py.j2").read_text()
    (templates / "python" / "model.py.j2").write_text(builtin + "\n\nEXPORTS = {{ module.exports | list | tojson }}\n")
    out, messages = _generate(tmp_path, templates=templates, package_name="tpl")
    assert not [m for m in messages if "error" in m], messages
    pkg = import_generated(out, "tpl")
    from importlib import import_module

    assert import_module("tpl.models.image").EXPORTS == ["Image"]
    assert pkg.models.Image is not None


def test_the_template_guide_documents_every_variable_each_template_reads() -> None:
    import jinja2
    from jinja2 import meta

    guide = (ROOT / "templates" / "README.md").read_text()
    env = jinja2.Environment()
    for path in sorted((ROOT / "templates").rglob("*.j2")):
        rel = path.relative_to(ROOT / "templates").as_posix()
        assert f"`{rel}`" in guide, f"templates/README.md does not describe {rel}"
        for name in meta.find_undeclared_variables(env.parse(path.read_text())):
            assert f"`{name}`" in guide, f"{rel} reads {name!r}, which templates/README.md does not describe"


# --- line length and formatter ----------------------------------------------------------------


def test_line_length_reaches_the_layout_and_black_agrees(tmp_path: Path) -> None:
    out, messages = _generate(tmp_path, line_length=100)
    assert not [m for m in messages if "error" in m]
    assert black_check(out, 100).returncode == 0
    # laid out for 100 columns: statements that black splits at 88 stay on one line
    assert any(len(line) > 88 for p in out.rglob("*.py") for line in p.read_text().splitlines() if not line.startswith("#"))


def test_ruff_formats_every_module_when_chosen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYCLIENTGEN_NO_CACHE", "1")  # ruff really runs
    from generator.render.formatting import ruff_binary

    binary = ruff_binary()
    assert binary is not None, "ruff (the pinned extra) must be installed for this test"
    out = tmp_path / "out"
    result = generate(SPEC, Config(output=out, formatter="ruff", line_length=79))
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.layout["ruff"] > 10
    proc = subprocess.run(
        [binary, "format", "--isolated", "--check", "--target-version", "py310", "--line-length", "79", str(out / "openai_api")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    manifest = (out / ".pyclientgen-manifest.json").read_text()
    assert '"formatter": "ruff"' in manifest and '"line_length": 79' in manifest
    # mypy --strict still holds for the ruff layout
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "openai_api"],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert typed.returncode == 0, typed.stdout


def test_the_template_guide_documents_every_view_model_field() -> None:
    import dataclasses

    from generator.targets.cli import commands
    from generator.targets.docs import pages, site
    from generator.targets.python import models, package, project, resources

    guide = (ROOT / "templates" / "README.md").read_text()
    from generator.targets import go, perl

    for module in (models, package, project, resources, pages, site, commands, go, perl):
        for name, cls in vars(module).items():
            if not (dataclasses.is_dataclass(cls) and isinstance(cls, type) and cls.__module__ == module.__name__):
                continue
            if name.startswith("_"):
                continue
            heading = f"### `{name}`"
            assert heading in guide, f"templates/README.md has no section for {name}"
            section = guide.split(heading, 1)[1].split("\n### ", 1)[0]
            for f in dataclasses.fields(cls):
                assert f"`{f.name}`" in section, f"templates/README.md: {name}.{f.name} is not described"


@pytest.mark.parametrize(
    ("line", "field", "expected"),
    [
        ('spec = "api/spec.yaml"', "spec", "api/spec.yaml"),
        ('output = "out/dir"', "output", "out/dir"),
        ('package-name = "my_client"', "package_name", "my_client"),
        ('http-library = "httpx"', "http_library", "httpx"),
        ('api-key-env = "MY_KEY"', "api_key_env", "MY_KEY"),
        ('targets = ["docs", "python", "docs"]', "targets", ("docs", "python")),
        ("line-length = 100", "line_length", 100),
        ('formatter = "ruff"', "formatter", "ruff"),
        ('templates = "my-templates"', "templates", "my-templates"),
        ("strict = true", "strict", True),
        ("allow-outside-refs = true", "allow_outside_refs", True),
        ('go-module = "example.com/x-go"', "go_module", "example.com/x-go"),
        ("fail-on-breaking = true", "fail_on_breaking", True),
    ],
)
def test_each_setting_reaches_the_options_and_a_flag_overrides_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, field: str, expected: object
) -> None:
    from generator.cli import parser, settings

    (tmp_path / "pyproject.toml").write_text(f"[tool.generator]\n{line}\n")
    monkeypatch.chdir(tmp_path)
    spec, config = settings(parser().parse_args(["given.yaml"] if field != "spec" else []))
    got = spec if field == "spec" else getattr(config, field)
    if isinstance(got, Path):  # paths are the file's folder's
        assert got == tmp_path / str(expected)
    else:
        assert got == expected
    assert config.config_file == tmp_path / "pyproject.toml"
    flags = {
        "spec": ["other.yaml"],
        "output": ["given.yaml", "-o", "flagged"],
        "package_name": ["given.yaml", "--package-name", "flagged"],
        "http_library": ["given.yaml", "--http-library", "httpx2"],
        "api_key_env": ["given.yaml", "--api-key-env", "FLAGGED"],
        "targets": ["given.yaml", "--target", "python"],
        "line_length": ["given.yaml", "--line-length", "77"],
        "formatter": ["given.yaml", "--formatter", "black"],
        "templates": ["given.yaml", "--templates", "flagged"],
        "strict": ["given.yaml", "--no-strict"],
        "allow_outside_refs": ["given.yaml", "--no-allow-outside-refs"],
        "go_module": ["given.yaml", "--go-module", "example.com/flagged"],
        "fail_on_breaking": ["given.yaml", "--no-fail-on-breaking"],
    }[field]
    spec, flagged = settings(parser().parse_args(flags))
    got = spec if field == "spec" else getattr(flagged, field)
    assert got != (tmp_path / str(expected) if isinstance(got, Path) else expected), (field, got)
