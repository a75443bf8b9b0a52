"""The Go target: the committed module for spec/openapi.yaml passes `go vet` and its `go test`
(against the spec server and httptest servers), sends the same multipart request as the Python
client, and the full OpenAI spec's module builds and passes `go vet`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import GENERATED, ROOT, run_cli
from spec_server import API_KEY, SpecServer

FULL_SPEC = ROOT / "tests" / "specs" / "openai-openapi.yaml"


def go() -> str:
    found = shutil.which("go")
    if found is None:
        message = "Go is not installed here (.ci/run installs Debian's golang-go with apt-get)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def run_go(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local", **(env or {})}
    return subprocess.run([go(), *args], cwd=folder, capture_output=True, text=True, env=environment, timeout=600)


def test_the_committed_module_is_gofmt_clean_and_vets() -> None:
    gofmt = shutil.which("gofmt") or go()
    listed = subprocess.run([gofmt, "-l", str(GENERATED / "go")], capture_output=True, text=True)
    assert listed.returncode == 0 and listed.stdout == "", listed.stdout
    vet = run_go(GENERATED / "go", "vet", "./...")
    assert vet.returncode == 0, vet.stdout + vet.stderr


def test_go_test_against_the_spec_server_and_httptest(tmp_path: Path, committed_client: object) -> None:
    module = tmp_path / "go"
    shutil.copytree(GENERATED / "go", module)
    shutil.copy(ROOT / "tests" / "go" / "images_test.go", module / "images_test.go")
    with SpecServer() as server:
        result = run_go(module, "test", "-count=1", "./...", env={"SPEC_SERVER_URL": server.base_url})
        assert result.returncode == 0, result.stdout + result.stderr
        go_request = server.requests[0]
        assert go_request.problems == [], go_request.problems
        client = committed_client.Client(api_key=API_KEY, base_url=server.base_url)  # type: ignore[attr-defined]
        client.images.create_variation(image=("otter.png", b"\x89PNG\r\n\x1a\nfake image bytes"), n=2, size="512x512")
        python_request = server.requests[-1]
    assert python_request.problems == []

    def parts(request: object) -> list[tuple[str, bytes, str | None, str | None]]:
        return sorted((p.name, p.value, p.filename, p.content_type) for p in request.parts)  # type: ignore[attr-defined]

    assert parts(go_request) == parts(python_request)  # the same parts, filename and content type
    assert [p[0] for p in parts(go_request)] == ["image", "n", "size"]  # omitted optionals are not sent
    assert go_request.headers["authorization"] == python_request.headers["authorization"] == f"Bearer {API_KEY}"


def test_the_full_openai_spec_builds_and_vets(tmp_path: Path) -> None:
    out = tmp_path / "full"
    result = run_cli(str(FULL_SPEC), "-o", str(out), "--target", "go", "--package-name", "openai_full", "-q")
    assert result.returncode == 0, result.stderr[-3000:]
    build = run_go(out / "go", "build", "./...")
    assert build.returncode == 0, build.stderr[-3000:]
    vet = run_go(out / "go", "vet", "./...")
    assert vet.returncode == 0, vet.stderr[-3000:]
    assert len(list((out / "go").glob("*.go"))) > 1900


def test_the_docs_go_example_compiles_and_runs_against_the_spec_server(tmp_path: Path) -> None:
    """The Go program on the images operation page, built against the committed module (a
    `replace` directive) and run as written, with the spec server's URL in the environment."""
    page = (GENERATED / "docs" / "images" / "create_variation.md").read_text()
    program = page.split("## Example: Go", 1)[1].split("```go\n", 1)[1].split("```", 1)[0]
    assert "client.Images.NewVariation(context.TODO()" in program
    (tmp_path / "main.go").write_text(program)
    module = "example.com/openai-api-go"
    (tmp_path / "go.mod").write_text(
        f"module example.com/try\n\ngo 1.19\n\nrequire {module} v0.0.0\n\nreplace {module} => {GENERATED / 'go'}\n"
    )
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    with SpecServer() as server:
        result = run_go(tmp_path, "run", ".", env={"OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": server.base_url})
        assert result.returncode == 0, result.stdout + result.stderr
        assert [r.problems for r in server.requests] == [[]]
        assert {p.name for p in server.requests[0].parts} >= {"image", "response_format"}
    assert '"created"' in result.stdout


def test_a_corpus_sample_generates_go_that_vets() -> None:
    """The first 12 specs of the corpus sample (benchmarks/corpus_go.py runs all of it)."""
    go()
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus_go import vet_sample

    rows = vet_sample(12)
    failed = [(rel, outcome) for rel, outcome, _ in rows if outcome not in ("vetted", "refused")]
    assert failed == [] and sum(o == "vetted" for _, o, _ in rows) >= 10, rows
