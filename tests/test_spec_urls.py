"""Specs by URL: a spec served on 127.0.0.1 with a relative $ref to a second file generates (the
manifest records the URL and the bytes' hash; --check works against the URL); redirects are
followed, a bounded number of times; a 404 (of the root or of a $ref), an unreachable host and a
body that is not YAML or JSON are each a one-line error naming the URL, exit 2, nothing written;
a $ref to another host is refused unless --allow-outside-refs."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import run_cli
from loopback import LoopbackServer, QuietHandler

ROOT_SPEC = """\
openapi: 3.0.3
info: {title: Pets, version: "1.0"}
servers: [{url: "https://pets.example"}]
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "schemas/pet.yaml#/Pet"}
"""
PET = """\
Pet:
  type: object
  required: [id]
  properties:
    id: {type: string}
    tag: {$ref: "#/Tag"}
Tag: {type: string}
"""


class _Files(QuietHandler):
    routes: ClassVar[dict[str, tuple[int, bytes, dict[str, str]]]] = {}  # each test's subclass has its own

    def do_GET(self) -> None:
        status, body, headers = self.routes.get(self.path, (404, b"not found", {}))
        self.send_response(status)
        for key, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def served() -> Iterator[tuple[str, dict[str, tuple[int, bytes, dict[str, str]]]]]:
    routes: dict[str, tuple[int, bytes, dict[str, str]]] = {
        "/api/openapi.yaml": (200, ROOT_SPEC.encode(), {"Content-Type": "application/yaml"}),
        "/api/schemas/pet.yaml": (200, PET.encode(), {}),
    }
    handler = type("Files", (_Files,), {"routes": routes})
    with LoopbackServer(handler) as server:
        yield server.url, routes


def _one_error(stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if "error[" in line]
    assert len(errors) == 1 and "Traceback" not in stderr, stderr
    return errors[0]


def test_a_spec_by_url_with_a_relative_ref_generates_and_checks(served: tuple[str, dict], tmp_path: Path) -> None:
    base, _ = served
    url = f"{base}/api/openapi.yaml"
    out = tmp_path / "out"
    result = run_cli(url, "-o", str(out), "--package-name", "pets", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / ".pyclientgen-manifest.json").read_text())
    assert set(manifest["documents"]) == {url, "schemas/pet.yaml"}
    assert manifest["spec_sha256"] == manifest["documents"][url]
    assert url in manifest["regenerate"]["command"]
    assert "class Pet" in (out / "pets" / "models" / "pet.py").read_text()
    assert "from openapi.yaml" in (out / "pets" / "__init__.py").read_text()  # the header names the file
    checked = run_cli(url, "-o", str(out), "--package-name", "pets", "--check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_redirects_are_followed_a_bounded_number_of_times(served: tuple[str, dict], tmp_path: Path) -> None:
    base, routes = served
    routes["/latest"] = (302, b"", {"Location": "/api/openapi.yaml"})
    result = run_cli(f"{base}/latest", "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    routes["/loop"] = (302, b"", {"Location": "/loop"})
    looped = run_cli(f"{base}/loop", "-o", str(tmp_path / "looped"), cwd=tmp_path)
    assert looped.returncode == 2 and "error[fetch-failed]" in _one_error(looped.stderr)
    assert not (tmp_path / "looped").exists()


def test_a_404_names_the_url_and_writes_nothing(served: tuple[str, dict], tmp_path: Path) -> None:
    base, _ = served
    result = run_cli(f"{base}/api/missing.yaml", "-o", str(tmp_path / "out"), cwd=tmp_path)
    line = _one_error(result.stderr)
    assert result.returncode == 2 and f"cannot fetch {base}/api/missing.yaml: HTTP 404" in line
    assert not (tmp_path / "out").exists()


def test_a_ref_that_answers_404_names_it_and_its_referrer(served: tuple[str, dict], tmp_path: Path) -> None:
    base, routes = served
    del routes["/api/schemas/pet.yaml"]
    result = run_cli(f"{base}/api/openapi.yaml", "-o", str(tmp_path / "out"), cwd=tmp_path)
    line = _one_error(result.stderr)
    assert result.returncode == 2
    assert line.startswith(f"{base}/api/openapi.yaml: error[fetch-failed]: cannot fetch {base}/api/schemas/pet.yaml: HTTP 404")


def test_an_unreachable_host_is_a_clean_error(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run_cli(f"http://127.0.0.1:{port}/openapi.yaml", "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2 and f"cannot fetch http://127.0.0.1:{port}/openapi.yaml" in _one_error(result.stderr)


def test_a_body_that_is_not_yaml_or_json_names_the_url(served: tuple[str, dict], tmp_path: Path) -> None:
    base, routes = served
    routes["/page"] = (200, b"<html><body>: : nope [</body></html>\n", {"Content-Type": "text/html"})
    result = run_cli(f"{base}/page", "-o", str(tmp_path / "out"), cwd=tmp_path)
    line = _one_error(result.stderr)
    assert result.returncode == 2 and line.startswith(f"{base}/page:")
    assert not (tmp_path / "out").exists()


def test_a_ref_to_another_host_needs_allow_outside_refs(served: tuple[str, dict], tmp_path: Path) -> None:
    base, routes = served
    other = base.replace("127.0.0.1", "localhost")  # the same server under another host name
    routes["/api/openapi.yaml"] = (
        200,
        ROOT_SPEC.replace("schemas/pet.yaml#/Pet", f"{other}/api/schemas/pet.yaml#/Pet").encode(),
        {},
    )
    refused = run_cli(f"{base}/api/openapi.yaml", "-o", str(tmp_path / "out"), cwd=tmp_path)
    line = _one_error(refused.stderr)
    assert refused.returncode == 2 and "error[ref-other-host]" in line and "--allow-outside-refs" in line
    allowed = run_cli(f"{base}/api/openapi.yaml", "-o", str(tmp_path / "out"), "--allow-outside-refs", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    manifest = json.loads((tmp_path / "out" / ".pyclientgen-manifest.json").read_text())
    assert f"{other}/api/schemas/pet.yaml" in manifest["documents"]  # named by its URL
