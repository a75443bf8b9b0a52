"""The pre-commit hooks this repository offers (.pre-commit-hooks.yaml), as another team uses
them: a temporary git repository whose .pre-commit-config.yaml pins a snapshot of this checkout
by its commit, and `pre-commit run` (its hook environment installed once, from the registries,
into a temporary PRE_COMMIT_HOME)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT
from test_recipes import consumer, edit_spec, git, snapshot_of_this_checkout


def test_pre_commit_hooks_check_and_regenerate(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"pyclientgen-check", "pyclientgen"}
    assert all(h["language"] == "python" and h["pass_filenames"] is False for h in hooks)
    assert next(h for h in hooks if h["id"] == "pyclientgen-check")["entry"] == "pyclientgen --check"
    hook_repo = snapshot_of_this_checkout(tmp_path)
    repo = consumer(tmp_path)
    rev = git(hook_repo, "rev-parse", "HEAD").strip()
    config = (
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: pyclientgen-check\n      - id: pyclientgen\n"
    )
    (repo / ".pre-commit-config.yaml").write_text(config)
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-q", "-m", "pre-commit hooks")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    pre_commit = [sys.executable, "-m", "pre_commit", "run"]

    def hook(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*pre_commit, name, "--all-files"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)

    fresh = hook("pyclientgen-check")
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert "generated client is up to date" in fresh.stdout and "Passed" in fresh.stdout
    edit_spec(repo)
    stale = hook("pyclientgen-check")
    assert stale.returncode == 1 and "Failed" in stale.stdout
    assert "is stale: 0 missing, 2 changed, 0 extra" in stale.stdout, stale.stdout
    assert '+    """The images, as generated."""' in stale.stdout  # the one real change (and the manifest)
    assert "provenance header" not in stale.stdout  # headers carry no hash of the spec: none changed
    assert git(repo, "status", "--porcelain") == ""  # the check wrote nothing
    regenerated = hook("pyclientgen")
    assert regenerated.returncode == 1 and "files were modified by this hook" in regenerated.stdout, regenerated.stdout
    assert "generated/openai_api/models/images_response.py" in git(repo, "status", "--porcelain")
    git(repo, "commit", "-q", "-am", "regenerate")
    assert hook("pyclientgen-check").returncode == 0
