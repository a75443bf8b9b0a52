"""Compiled templates are kept as Python keeps compiled modules (render/env.CompiledTemplates):
reused when the template's text is the same, never when it changed, not written when Python
writes no bytecode."""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import pytest

from generator.render.env import CompiledTemplates


def _env(folder: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), trim_blocks=True, keep_trailing_newline=True)
    env.bytecode_cache = CompiledTemplates(folder, env)
    return env


@pytest.fixture(autouse=True)
def _python_writes_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", None)


def test_a_compiled_template_is_reused_and_a_changed_one_compiled_again(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("hello {{ name }}\n")
    assert _env(tmp_path).get_template("t.j2").render(name="a") == "hello a\n"
    kept = list((tmp_path / "__pycache__").glob("*.j2c"))
    assert len(kept) == 1
    # A new environment (a new run) loads the compiled code instead of compiling: poison the
    # compiler and the template still renders.
    fresh = _env(tmp_path)
    fresh.compile = None  # type: ignore[method-assign,assignment]
    assert fresh.get_template("t.j2").render(name="b") == "hello b\n"
    # A changed template is compiled again, never served from the old code.
    (tmp_path / "t.j2").write_text("bye {{ name }}\n")
    assert _env(tmp_path).get_template("t.j2").render(name="c") == "bye c\n"


def test_other_options_never_share_compiled_code(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("{% if x %}\n  yes\n{% endif %}\n")
    _env(tmp_path).get_template("t.j2")
    other = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), keep_trailing_newline=True)
    other.bytecode_cache = CompiledTemplates(tmp_path, other)
    assert other.get_template("t.j2").render(x=True) == "\n  yes\n\n"  # no trim_blocks: its own compile
    assert len(list((tmp_path / "__pycache__").glob("*.j2c"))) == 2


def test_nothing_is_written_when_python_writes_no_bytecode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    (tmp_path / "t.j2").write_text("x\n")
    assert _env(tmp_path).get_template("t.j2").render() == "x\n"
    assert not (tmp_path / "__pycache__").exists()


def test_a_pycache_prefix_holds_them_instead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.j2").write_text("x\n")
    _env(tmp_path / "templates").get_template("t.j2")
    assert not (tmp_path / "templates" / "__pycache__").exists()
    assert list((tmp_path / "prefix").rglob("*.j2c"))
