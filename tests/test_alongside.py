"""The docs planned and rendered in a forked child beside the other targets
(generator/alongside.py): the same bytes as in one process, its planning's warnings reported,
a broken docs template refused as it is in one process, and no child left behind."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from conftest import SPEC

from generator import alongside, generate
from generator.config import Config


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _run(out: Path, *, apart: bool, monkeypatch: pytest.MonkeyPatch, **options: object) -> object:
    monkeypatch.setattr(alongside, "MIN_ITEMS", 0 if apart else 10**9)
    return generate(SPEC, Config(output=out, targets=("python", "cli", "docs"), **options))  # type: ignore[arg-type]


def test_the_docs_alongside_are_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    apart = _run(tmp_path / "apart", apart=True, monkeypatch=monkeypatch)
    together = _run(tmp_path / "together", apart=False, monkeypatch=monkeypatch)
    assert apart.ok and together.ok  # type: ignore[attr-defined]
    assert "docs alongside (waiting)" in apart.timings  # type: ignore[attr-defined]
    assert "docs alongside (waiting)" not in together.timings  # type: ignore[attr-defined]
    assert apart.diagnostics == together.diagnostics  # type: ignore[attr-defined]
    first, second = _tree(tmp_path / "apart"), _tree(tmp_path / "together")
    manifest = ".pyclientgen-manifest.json"
    assert {k: v for k, v in first.items() if k != manifest} == {k: v for k, v in second.items() if k != manifest}
    assert first[manifest].replace(b"apart", b"together") == second[manifest]  # the regenerate command names the folder
    assert multiprocessing.active_children() == []


def test_a_broken_docs_template_is_refused_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "templates" / "docs"
    templates.mkdir(parents=True)
    (templates / "index.md.j2").write_text("{{ docs.title }\n")  # an unclosed expression
    results = [
        _run(tmp_path / name, apart=name == "apart", monkeypatch=monkeypatch, templates=tmp_path / "templates")
        for name in ("apart", "together")
    ]
    for result in results:
        assert not result.ok  # type: ignore[attr-defined]
        assert [d.code for d in result.diagnostics] == ["template-failed"]  # type: ignore[attr-defined]
    assert results[0].diagnostics == results[1].diagnostics  # type: ignore[attr-defined]
    assert not (tmp_path / "apart").exists() and multiprocessing.active_children() == []
