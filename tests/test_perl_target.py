"""The Perl target: `prove` runs tests/perl/client.t against the committed distribution (the spec
server and a scripted server), the multipart request is the Python client's part for part, every
module compiles (`perl -c`) and its POD passes `podchecker`, on the images spec and the full
OpenAI spec."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import GENERATED, ROOT, run_cli
from recording_server import RecordingServer, Reply
from spec_server import API_KEY, SpecServer

PERL = GENERATED / "perl"
FULL_SPEC = ROOT / "tests" / "specs" / "openai-openapi.yaml"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed here (Debian's perl provides it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def modules(root: Path) -> list[Path]:
    return sorted((root / "lib").rglob("*.pm"))


def test_prove_against_the_spec_server_and_a_scripted_one(committed_client: object) -> None:
    ok = json.dumps({"created": 7, "data": []}).encode()
    error = json.dumps({"error": {"message": "Invalid image", "type": "invalid_request_error", "param": "image"}}).encode()
    extra = json.dumps({"created": 1, "output_format": "avif", "brand_new": {"x": 1}}).encode()
    with SpecServer() as spec_server, RecordingServer() as scripted:
        scripted.replies += [
            Reply(status=429, headers={"Retry-After": "0.2"}, chunks=[b'{"error": {"message": "slow down"}}']),
            Reply(chunks=[ok]),
            Reply(status=400, headers={"x-request-id": "req_42"}, chunks=[error]),
            Reply(chunks=[extra]),
        ]
        env = {**os.environ, "SPEC_SERVER_URL": spec_server.base_url, "SCRIPT_SERVER_URL": scripted.url}
        result = subprocess.run(
            [tool("prove"), "-I", str(PERL / "lib"), str(ROOT / "tests" / "perl" / "client.t")],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert len(scripted.seen) == 4 and scripted.seen[0].body == scripted.seen[1].body  # the retry resent the same body
        perl_request = spec_server.requests[0]
        client = committed_client.Client(api_key=API_KEY, base_url=spec_server.base_url)  # type: ignore[attr-defined]
        client.images.create_variation(image=("otter.png", b"\x89PNG\r\n\x1a\nfake image bytes"), n=2, size="512x512")
        python_request = spec_server.requests[-1]
    assert perl_request.problems == [] and python_request.problems == []

    def parts(request: object) -> list[tuple[str, bytes, str | None, str | None]]:
        return sorted((p.name, p.value, p.filename, p.content_type) for p in request.parts)  # type: ignore[attr-defined]

    assert parts(perl_request) == parts(python_request)  # the same parts, filename and content type
    assert [p[0] for p in parts(perl_request)] == ["image", "n", "size"]  # omitted optionals are not sent
    assert perl_request.headers["authorization"] == f"Bearer {API_KEY}"


def _compile_and_podcheck(root: Path) -> None:
    found = modules(root)
    assert found
    for module in found:
        compiled = subprocess.run([tool("perl"), "-I", str(root / "lib"), "-c", str(module)], capture_output=True, text=True)
        assert compiled.returncode == 0, compiled.stderr[-2000:]
    pod = subprocess.run([tool("podchecker"), *map(str, found)], capture_output=True, text=True)
    assert pod.returncode == 0, pod.stderr[-3000:]
    assert "WARNING" not in pod.stderr and "ERROR" not in pod.stderr, pod.stderr[-3000:]


def test_the_committed_distribution_compiles_and_its_pod_is_clean() -> None:
    _compile_and_podcheck(PERL)
    text = (PERL / "lib" / "OpenAI" / "API" / "Images.pm").read_text()
    for heading in ("=head1 NAME", "=head1 OPERATIONS", "=head2 create_variation", "=head1 SCHEMAS", "=head2 ImagesResponse"):
        assert heading in text
    assert "C<n> (body field, integer) - The number of images to generate." in text
    assert "Allowed values: 256x256, 512x512, 1024x1024" in text and "Default: 1024x1024" in text


def test_the_full_openai_spec_compiles_and_its_pod_is_clean(tmp_path: Path) -> None:
    out = tmp_path / "full"
    result = run_cli(str(FULL_SPEC), "-o", str(out), "--target", "perl", "-q")
    assert result.returncode == 0, result.stderr[-3000:]
    _compile_and_podcheck(out / "perl")
    assert len(modules(out / "perl")) > 20


def test_the_docs_perl_example_runs_against_the_spec_server(tmp_path: Path) -> None:
    page = (GENERATED / "docs" / "images" / "create_variation.md").read_text()
    program = page.split("## Example: Perl", 1)[1].split("```perl\n", 1)[1].split("```", 1)[0]
    assert "$client->create_variation({" in program
    (tmp_path / "example.pl").write_text("use strict;\nuse warnings;\n" + program + 'print $result->{created}, "\\n";\n')
    (tmp_path / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    with SpecServer() as server:
        env = {**os.environ, "OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": server.base_url}
        result = subprocess.run(
            [tool("perl"), "-I", str(PERL / "lib"), "example.pl"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert [r.problems for r in server.requests] == [[]]
    assert result.stdout.strip().isdigit()
