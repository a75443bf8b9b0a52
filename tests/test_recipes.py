"""The recipes the README gives teams, run for real: the pre-commit hooks (with `pre-commit
try-repo` against a temporary git repository), the GitHub Actions workflow under examples/
(its commands, in a fresh virtualenv), and vendoring into another repository's src/vendor/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SPEC, run_cli

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
WORKFLOW = ROOT / "examples" / "github-actions-generate.yml"


def git(repo: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def consumer(root: Path, output: str = "generated") -> Path:
    """Another team's repository: the images spec, [tool.generator] settings, the generated client
    committed, all made with this checkout's generator."""
    repo = root / "consumer"
    (repo / "spec").mkdir(parents=True)
    shutil.copy(SPEC, repo / "spec" / "openapi.yaml")
    (repo / "pyproject.toml").write_text(
        f'[project]\nname = "consumer"\nversion = "1"\n\n[tool.generator]\nspec = "spec/openapi.yaml"\noutput = "{output}"\n'
        'targets = ["python"]\n\n[tool.generator.method-names]\ncreateImageVariation = "create_variation"\n'
    )
    result = run_cli(cwd=repo, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "spec and client")
    return repo


def edit_spec(repo: Path) -> None:
    spec = repo / "spec" / "openapi.yaml"
    text = spec.read_text()
    assert "The list of generated images." in text
    spec.write_text(text.replace("The list of generated images.", "The images, as generated."))
    git(repo, "commit", "-q", "-am", "edit a description")


def snapshot_of_this_checkout(root: Path) -> Path:
    """This checkout's files (committed or not, ignored ones left out) as a clean one-commit
    repository: the hooks' repository as a team would pin it."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, check=True, capture_output=True
    ).stdout.decode()
    repo = root / "pyclientgen"
    for rel in filter(None, listed.split("\0")):
        source = ROOT / rel
        if source.is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / rel)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "snapshot")
    return repo


def _run_steps(steps: list[dict[str, object]], repo: Path, env: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    """Each `run:` step in bash -e, as GitHub runs them: after a failure only the steps marked
    `if: failure()`. `uses:` steps are the runner's (checkout, setup-python, upload-artifact)."""
    results = []
    failed = False
    for step in steps:
        if "run" in step and (step.get("if") == "failure()") == failed:
            proc = subprocess.run(
                ["bash", "-e", "-c", str(step["run"])], cwd=repo, env=env, capture_output=True, text=True, timeout=600
            )
            results.append(proc)
            failed = failed or proc.returncode != 0
    return results


def test_the_ci_recipe_passes_when_current_and_fails_when_stale(tmp_path: Path) -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers == ["push", "pull_request"]  # no path filter that could miss the settings' folders
    upload = next(s for s in workflow["jobs"]["generated-is-current"]["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "${{ steps.regenerated.outputs.output }}"  # the settings' output folder
    job = workflow["jobs"]["generated-is-current"]
    steps = job["steps"]
    assert [s["uses"].split("@")[0] for s in steps if "uses" in s] == [
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-artifact",
    ]
    venv = tmp_path / "runner"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")},
        **job["env"],
        "PYCLIENTGEN": str(snapshot_of_this_checkout(tmp_path)),  # the recipe's pin, pointed at this checkout
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
    }
    repo = consumer(tmp_path)
    current = _run_steps(steps, repo, env)
    assert [p.returncode for p in current] == [0, 0], [p.stdout + p.stderr for p in current]
    assert "generated: 28 files, up to date" in current[-1].stdout
    edit_spec(repo)  # a spec change committed without regenerating
    outputs = tmp_path / "github-output"
    summary = tmp_path / "step-summary.md"
    stale = _run_steps(steps, repo, {**env, "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary)})
    assert [p.returncode for p in stale] == [0, 1, 0, 0], [p.stdout + p.stderr for p in stale]
    assert summary.read_text().startswith("## API changes: no change\n")  # --api-diff: a description changed
    assert "generated is stale: 0 missing, 2 changed, 0 extra" in stale[1].stdout  # the model and the manifest
    assert '+    """The images, as generated."""' in stale[1].stdout
    assert "generated/openai_api/models/images_response.py" in git(repo, "status", "--porcelain")  # regenerated
    assert outputs.read_text() == "output=generated\n"  # the folder the artifact step uploads
    assert run_cli("--check", cwd=repo, env={**os.environ, "PYTHONPATH": str(ROOT)}).returncode == 0


def test_vendoring_into_another_repository(tmp_path: Path) -> None:
    repo = consumer(tmp_path, output="src/vendor/openai")
    vendored = repo / "src" / "vendor" / "openai"
    manifest = json.loads((vendored / ".pyclientgen-manifest.json").read_text())
    from generator.version import __version__

    assert manifest["generator"] == f"pyclientgen {__version__}"
    assert manifest["spec_sha256"] == __import__("hashlib").sha256((repo / "spec" / "openapi.yaml").read_bytes()).hexdigest()
    assert manifest["options"]["names"] == {"*": {"classes": {}, "methods": {"createImageVariation": "create_variation"}}}
    assert manifest["options"]["targets"] == ["python"]
    probe = subprocess.run(
        [sys.executable, "-c", "from vendor.openai.openai_api import Client; print(Client(api_key='k').images.create_variation)"],
        cwd=repo / "src",
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(repo / "src")},
    )
    assert probe.returncode == 0 and "create_variation" in probe.stdout, probe.stderr
    edit_spec(repo)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    assert run_cli("--check", "-q", cwd=repo, env=env).returncode == 1
    assert run_cli(cwd=repo, env=env).returncode == 0
    assert run_cli("--check", cwd=repo, env=env).returncode == 0
    # the team's own files beside the vendored folder are never touched
    (repo / "src" / "vendor" / "README.md").write_text("vendored code\n")
    assert run_cli(cwd=repo, env=env).returncode == 0 and (repo / "src" / "vendor" / "README.md").exists()


@pytest.mark.parametrize("path", [".pre-commit-hooks.yaml", "examples/github-actions-generate.yml"])
def test_recipes_are_in_the_readme(path: str) -> None:
    assert path in (ROOT / "README.md").read_text()
