"""The command line in a subprocess: --check, exit codes, clear errors, nothing lost on failure."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GENERATED, SPEC, repo_config, run_cli
from test_golden import tree


def test_check_passes_on_the_committed_output() -> None:
    result = run_cli(str(SPEC), "--check", isolated=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_check_reports_missing_changed_and_extra_files(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    shutil.copytree(GENERATED, out)
    before = tree(out)
    models = out / "openai_api" / "models" / "images_response.py"
    models.write_text(models.read_text().replace("The list of generated images.", "Edited by hand."))
    (out / "openai_api" / "_types.py").unlink()
    (out / "openai_api" / "stray.py").write_text("x = 1\n")
    result = run_cli(str(SPEC), "--check", "-o", str(out), isolated=False)
    assert result.returncode == 1
    assert "1 missing, 1 changed, 1 extra" in result.stdout
    assert "missing: openai_api/_types.py" in result.stdout and "extra: openai_api/stray.py" in result.stdout
    assert '-    """Edited by hand."""' in result.stdout and '+    """The list of generated images."""' in result.stdout
    assert (out / "openai_api" / "stray.py").exists() and "Edited by hand." in models.read_text()  # --check writes nothing
    assert set(tree(out)) == (set(before) - {"openai_api/_types.py"}) | {"openai_api/stray.py"}


def broken_specs(tmp_path: Path) -> dict[str, tuple[str, str]]:
    return {
        "missing": ("", "cannot read the spec file"),
        "empty": ("   \n", "the document is empty"),
        "bad_yaml": ("openapi: 3.1.0\ninfo: {title: x\n", "invalid YAML"),
        "swagger": ("swagger: '1.2'\ninfo: {title: x, version: '1'}\npaths: {}\n", "Swagger 1.2"),
        "bad_swagger2": ("swagger: '2.0'\ninfo: {title: x}\npaths: {}\n", "not a valid Swagger 2.0 document"),
        "not_openapi": ("name: hello\n", "not an OpenAPI document"),
        "version": ("openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n", "unsupported OpenAPI version"),
        "list": ("- 1\n- 2\n", "is a list, not an OpenAPI object"),
        "python_tag": ("openapi: 3.1.0\ninfo: !!python/object/apply:os.system ['echo hi']\n", "unsupported YAML tag"),
        "laughs": (
            "openapi: 3.1.0\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
                f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
                for i in range(8)
            ),
            "the document is too large",
        ),
        "bad_ref": (
            "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
            "        '200': {$ref: '#/components/responses/Nope'}\n",
            "points to nothing",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "empty",
        "bad_yaml",
        "swagger",
        "bad_swagger2",
        "not_openapi",
        "version",
        "list",
        "bad_ref",
        "python_tag",
        "laughs",
    ],
)
def test_broken_spec_is_a_clear_error_and_the_output_is_untouched(tmp_path: Path, case: str) -> None:
    text, message = broken_specs(tmp_path)[case]
    spec = tmp_path / "spec.yaml"
    if case != "missing":
        spec.write_text(text)
    out = tmp_path / "gen"
    shutil.copytree(GENERATED, out)
    before = tree(out)
    result = run_cli(str(spec), "-o", str(out))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    first = result.stderr.splitlines()[0]
    assert "spec.yaml" in first and "error[" in first
    assert tree(out) == before
    fresh = tmp_path / "never"
    assert run_cli(str(spec), "-o", str(fresh)).returncode == 2
    assert not fresh.exists()


def test_syntax_errors_name_line_and_column(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\n")
    result = run_cli(str(spec), "-o", str(tmp_path / "o"))
    assert result.returncode == 2
    assert "spec.yaml:5:1: error[syntax]" in result.stderr or "spec.yaml:4:" in result.stderr, result.stderr


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = run_cli(str(SPEC), "-o", str(out))
    assert result.returncode == 2 and "holds files this generator did not write (notes.txt)" in result.stderr
    assert (out / "notes.txt").read_text() == "keep me" and len(list(out.iterdir())) == 1


def test_bad_options_are_refused(tmp_path: Path) -> None:
    result = run_cli(str(SPEC), "-o", str(tmp_path / "o"), "--package-name", "class")
    assert result.returncode == 2 and "--package-name" in result.stderr and "Traceback" not in result.stderr


def test_package_name_option_and_overwrite_of_own_output(tmp_path: Path) -> None:
    out = tmp_path / "o"
    assert run_cli(str(SPEC), "-o", str(out), "--package-name", "images_client", "--api-key-env", "IMAGES_KEY").returncode == 0
    assert (out / "images_client" / "__init__.py").is_file()
    constants = (out / "images_client" / "_constants.py").read_text()
    assert 'API_KEY_ENV: str = "IMAGES_KEY"' in constants and 'USER_AGENT: str = "images_client-python/2.3.0"' in constants
    assert run_cli(str(SPEC), "-o", str(out)).returncode == 0  # ours: replaced whole
    assert sorted(p.name for p in out.iterdir()) == [".pyclientgen-manifest.json", "docs", "openai_api"]


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        SPEC.read_text().replace("      required:\n        - image\n", "      required:\n        - image\n        - image\n")
    )
    ok = run_cli(str(spec), "-o", str(tmp_path / "a"))
    assert ok.returncode == 0 and "warning[invalid-spec]" in ok.stderr and "non-unique" in ok.stderr
    assert "#/components/schemas/CreateImageVariationRequest/required" in ok.stderr
    strict = run_cli(str(spec), "-o", str(tmp_path / "b"), "--strict")
    assert strict.returncode == 2 and "error[invalid-spec]" in strict.stderr
    assert not (tmp_path / "b").exists()


def test_a_small_spec_change_reformats_only_what_it_reaches(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "PYCLIENTGEN_NO_CACHE": "1"}
    spec = tmp_path / "kinds.yaml"
    spec.write_text((SPEC.parent.parent / "tests" / "specs" / "kinds.yaml").read_text())
    out = tmp_path / "out"
    first = run_cli(str(spec), "-o", str(out), env=env)
    assert first.returncode == 0 and "0 reused" in first.stdout
    spec.write_text(spec.read_text().replace("description: the same tree", "description: the same tree, echoed"))
    second = run_cli(str(spec), "-o", str(out), env=env)
    assert second.returncode == 0
    assert "formatting: 1 laid out, 14 reused;" in second.stdout, second.stdout  # resources/trees.py
    check = run_cli(str(spec), "-o", str(out), "--check", env=env)
    assert check.returncode == 0


def test_files_added_to_a_generated_folder_are_never_deleted(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    assert run_cli(str(SPEC), "-o", str(out)).returncode == 0
    (out / "pyproject.toml").write_text("[project]\n")
    (out / "openai_api" / "__pycache__").mkdir(exist_ok=True)
    (out / "openai_api" / "__pycache__" / "x.pyc").write_bytes(b"cache")
    before = tree(out)
    result = run_cli(str(SPEC), "-o", str(out))
    assert result.returncode == 2 and "(pyproject.toml)" in result.stderr
    assert tree(out) == before
    (out / "pyproject.toml").unlink()
    assert run_cli(str(SPEC), "-o", str(out)).returncode == 0  # tool caches are not a reason to refuse


def test_a_symlinked_output_folder_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real"
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    assert run_cli(str(SPEC), "-o", str(link)).returncode == 0
    assert run_cli(str(SPEC), "-o", str(link)).returncode == 0
    assert link.is_symlink() and (real / "openai_api" / "__init__.py").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]


def test_targets_choose_what_is_emitted(tmp_path: Path) -> None:
    python_only, docs_only = tmp_path / "py", tmp_path / "docs"
    assert run_cli(str(SPEC), "-o", str(python_only), "--target", "python", isolated=False).returncode == 0
    assert run_cli(str(SPEC), "-o", str(docs_only), "--target", "docs", isolated=False).returncode == 0
    committed = tree(GENERATED)
    py, docs = tree(python_only), tree(docs_only)
    committed = {rel: data for rel, data in committed.items() if not rel.startswith(("go/", "perl/"))}  # their own tests
    cli_files = {p for p in committed if p.startswith(("openai_api/_cli/", "openai_api/__main__"))}
    assert (
        cli_files
        and set(py) - {".pyclientgen-manifest.json"} == {p for p in committed if p.startswith("openai_api/")} - cli_files
    )
    assert set(docs) - {".pyclientgen-manifest.json"} == {p for p in committed if p.startswith("docs/")}
    assert all(py[p] == committed[p] for p in py if p.startswith("openai_api/"))  # the same files, byte for byte
    for rel, data in docs.items():  # the same pages, without the command line's and Go's calls (no cli or go target ran)
        if rel.endswith(".md"):
            expected = re.sub(
                rb"\n## Example: (command line|Go|Perl)\n\n```(sh|go|perl)\n.*?```\n", b"", committed[rel], flags=re.S
            )
            assert data == expected, rel
    both = run_cli(
        str(SPEC),
        "-o",
        str(tmp_path / "both"),
        *["--target", "docs", "--target", "perl", "--target", "cli", "--target", "go", "--target", "python", "--target", "docs"],
        isolated=False,
    )
    assert both.returncode == 0 and tree(tmp_path / "both") == tree(GENERATED)  # order and repeats do not matter
    bad = run_cli(str(SPEC), "-o", str(tmp_path / "bad"), "--target", "cobol", isolated=False)
    assert bad.returncode == 2 and "error[bad-option]" in bad.stderr and "unknown target 'cobol'" in bad.stderr
    assert "choose from python, cli, go, perl, docs" in bad.stderr and not (tmp_path / "bad").exists()
    alone = run_cli(str(SPEC), "-o", str(tmp_path / "alone"), "--target", "cli", isolated=False)
    assert alone.returncode == 2 and "the cli target needs the python target" in alone.stderr


def test_a_rerun_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    assert run_cli(str(SPEC), "-o", str(out), isolated=False).returncode == 0
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    again = run_cli(str(SPEC), "-o", str(out), isolated=False)
    assert again.returncode == 0 and "62 files, up to date: nothing written" in again.stdout
    assert "formatting:" not in again.stdout  # proven current by the manifest: nothing rendered
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")} == before
    manifest = out / ".pyclientgen-manifest.json"
    recorded = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**recorded, "build": "another-build"}))  # written by other generator code
    rebuilt = run_cli(str(SPEC), "-o", str(out), isolated=False)
    assert rebuilt.returncode == 0 and "formatting:" in rebuilt.stdout and "1 written (0 new, 1 changed)" in rebuilt.stdout
    (out / "openai_api" / "_types.py").write_text("# edited\n")
    fixed = run_cli(str(SPEC), "-o", str(out), isolated=False)
    assert fixed.returncode == 0 and "62 files, 1 written (0 new, 1 changed), 61 unchanged, 0 removed" in fixed.stdout
    assert tree(out) == tree(GENERATED)


def test_check_proves_an_up_to_date_folder_from_its_manifest_without_rendering(tmp_path: Path) -> None:
    from generator import check

    fast = check(SPEC, repo_config(output=GENERATED))
    assert fast.ok and fast.drift is not None and fast.drift.clean
    assert "plan" not in fast.timings and "manifest" in fast.timings  # proved from hashes alone
    assert set(fast.files) == set(tree(GENERATED))
    out = tmp_path / "gen"
    shutil.copytree(GENERATED, out)
    (out / "openai_api" / "_types.py").write_text("# edited\n")
    slow = check(SPEC, repo_config(output=out))
    assert not slow.ok and "plan" in slow.timings and slow.drift is not None and slow.drift.changed == ("openai_api/_types.py",)
    other_options = check(SPEC, repo_config(output=GENERATED, http_library="httpx"))
    assert "plan" in other_options.timings and not other_options.ok  # other options: render and compare


def test_diff_shows_what_would_change_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    shutil.copytree(GENERATED, out)
    resource = out / "openai_api" / "resources" / "images.py"
    resource.write_text(resource.read_text().replace("create_variation", "renamed_by_hand"))
    model = out / "openai_api" / "models" / "image.py"
    model.write_text(model.read_text().replace("    ", "\t"))  # every indented line differs
    before = tree(out)
    diff = run_cli(str(SPEC), "--diff", "-o", str(out), isolated=False)
    assert diff.returncode == 0, diff.stderr
    assert f"{out} would change: 0 missing, 2 changed, 0 extra" in diff.stdout
    assert "-    def renamed_by_hand(" in diff.stdout and "+    def create_variation(" in diff.stdout
    assert "diff cut" not in diff.stdout  # --diff shows it all
    assert diff.stdout.rstrip().splitlines()[-1].startswith("summary: 1 operation, 6 models;")
    check = run_cli(str(SPEC), "--check", "-o", str(out), isolated=False)
    assert check.returncode == 1
    assert "[diff cut at 40 lines (--diff shows more)]" in check.stdout
    assert len([ln for ln in check.stdout.splitlines() if ln.startswith(("+", "-", " ", "@@")) and "changed:" not in ln]) <= 40
    assert tree(out) == before  # neither wrote anything
    both = run_cli(str(SPEC), "--diff", "--check", isolated=False)
    assert both.returncode == 2 and "not allowed with" in both.stderr


def _many_operations_spec(path: Path, count: int) -> Path:
    paths = {
        f"/things{i}": {
            "get": {
                "operationId": f"getThing{i}",
                "tags": ["things"],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}},
            }
        }
        for i in range(count)
    }
    path.write_text(json.dumps({"openapi": "3.1.0", "info": {"title": "Many", "version": "1"}, "paths": paths}))
    return path


def _on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run the generator with stderr on a pseudo-terminal; (exit code, stdout, what the terminal showed)."""
    import os
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "--isolated", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=slave, text=True
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    stdout = proc.stdout.read() if proc.stdout else ""
    code = proc.wait(timeout=120)
    os.close(master)
    return code, stdout, shown.decode("utf-8", "replace")


def test_progress_per_phase_on_a_terminal_and_a_summary_always(tmp_path: Path) -> None:
    big = _many_operations_spec(tmp_path / "big.json", 40)
    code, stdout, shown = _on_a_terminal([str(big), "-o", str(tmp_path / "big")], tmp_path)
    assert code == 0, shown
    assert re.search(r"^40 operations, \d+ models?\r?$", shown, re.M), shown
    for phase in ("load", "ir", "plan", "render and lay out", "write"):
        assert re.search(rf"\r  {re.escape(phase)} +\d+\.\d\d s", shown), (phase, shown)
    assert stdout.splitlines()[-1].startswith("summary: 40 operations,")
    # a small spec: no progress even on a terminal; the summary still
    small = _many_operations_spec(tmp_path / "small.json", 3)
    code, stdout, shown = _on_a_terminal([str(small), "-o", str(tmp_path / "small")], tmp_path)
    assert code == 0 and shown.strip() == "", shown
    assert re.fullmatch(
        r"summary: 3 operations, \d+ models?; \S+ \(package many\): \d+ files, \d+ written \(\d+ new, 0 changed\), "
        r"0 unchanged, 0 removed; 0 warnings; \d+\.\d\d s",
        stdout.splitlines()[-1],
    ), stdout
    # not a terminal: nothing on stderr, the summary on stdout
    result = run_cli(str(big), "-o", str(tmp_path / "big2"))
    assert result.returncode == 0 and result.stderr == "" and result.stdout.splitlines()[-1].startswith("summary: 40 operations")


def test_check_of_an_up_to_date_folder_repeats_the_runs_warnings(tmp_path: Path) -> None:
    spec = Path(__file__).resolve().parent / "specs" / "real_world.yaml"
    out = tmp_path / "out"
    run = run_cli(str(spec), "-o", str(out))
    assert run.returncode == 0, run.stderr
    warned = re.search(r"; (\d+) warnings?;", run.stdout)
    assert warned and int(warned.group(1)) > 0
    checked = run_cli(str(spec), "-o", str(out), "--check")
    assert checked.returncode == 0 and "up to date" in checked.stdout
    assert f"; {warned.group(1)} warning" in checked.stdout  # not "0 warnings" from the shortcut
    assert sorted(l for l in checked.stderr.splitlines() if "warning[" in l) == sorted(
        l for l in run.stderr.splitlines() if "warning[" in l
    )


def test_a_check_that_finds_a_foreign_file_says_to_move_it_and_the_refusal_names_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    shutil.copytree(GENERATED, out)
    (out / "notes.txt").write_text("mine")
    checked = run_cli(str(SPEC), "-o", str(out), "--check", isolated=False)
    assert checked.returncode == 1
    assert f"Regenerate: move the files this generator did not write out of {out}, then" in checked.stdout
    refused = run_cli(str(SPEC), "-o", str(out), isolated=False)
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"{out}: error[output-not-ours]") and "<spec>" not in refused.stderr
