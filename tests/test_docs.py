"""The reference docs: complete (computed from the IR), working examples, resolving links, and an
HTML page that renders and works in a real browser."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser import SHOTS, chromium_page
from conftest import API_KEY, GENERATED, SPEC, repo_config
from spec_server import SpecServer

from generator.diagnostics import Diagnostics
from generator.ir import Api, Model, build_api
from generator.ir import types as t
from generator.loader import load
from generator.pycode import literal
from generator.pynames import PyNames, python_names

DOCS = GENERATED / "docs"


@pytest.fixture(scope="module")
def api() -> Api:
    return build_api(load(SPEC, Diagnostics()), Diagnostics())


@pytest.fixture(scope="module")
def names(api: Api) -> PyNames:
    return python_names(api, Diagnostics(), repo_config().names_for("python"))  # generated/'s names


def _page(resource: str, method: str) -> str:
    return (DOCS / resource / f"{method}.md").read_text()


def _facts(item: object) -> list[str]:
    """What a reader must find about one parameter or field."""
    facts = [f"`{item.wire_name}`"]  # type: ignore[attr-defined]
    if item.description:  # type: ignore[attr-defined]
        facts.append(" ".join(item.description.split()))  # type: ignore[attr-defined]
    if item.default is not None:  # type: ignore[attr-defined]
        facts.append(f"default `{literal(item.default.value)}`")  # type: ignore[attr-defined]
    c = item.constraints  # type: ignore[attr-defined]
    for label, value in (
        ("minimum", c.minimum),
        ("maximum", c.maximum),
        ("max length", c.max_length),
        ("min length", c.min_length),
        ("min items", c.min_items),
        ("max items", c.max_items),
    ):
        if value is not None:
            facts.append(f"{label} {value}")
    facts.append("required" if item.required else "optional")  # type: ignore[attr-defined]
    return facts


def _enum_values(api: Api, shape: t.TypeShape) -> list[object]:
    shape, _ = t.strip_nullable(shape)
    if isinstance(shape, t.LiteralShape):
        return list(shape.values)
    if isinstance(shape, t.UnionShape):
        return [v for s in shape.variants for v in _enum_values(api, s)]
    if isinstance(shape, t.RefShape):
        decl = api.declaration(shape.key)
        return [] if isinstance(decl, Model) else _enum_values(api, decl.type)
    return []


def _models_under(api: Api, shape: t.TypeShape | None, seen: set[str]) -> list[Model]:
    if shape is None:
        return []
    shape, _ = t.strip_nullable(shape)
    if isinstance(shape, t.ArrayShape):
        return _models_under(api, shape.item, seen)
    if isinstance(shape, t.RefShape) and shape.key not in seen:
        decl = api.declaration(shape.key)
        if isinstance(decl, Model):
            seen.add(decl.key)
            return [decl] + [m for f in decl.fields for m in _models_under(api, f.type, seen)]
    return []


def test_every_operation_page_is_complete(api: Api, names: PyNames) -> None:
    for resource in api.resources:
        for op in resource.operations:
            page = _page(names.resource(resource).attr, names.main_method(op))
            flat = " ".join(page.split())
            assert f"`{op.method} {op.path}`" in page
            assert " ".join(op.description.split()) in flat
            items = list(op.parameters) + list(op.body.fields if op.body else [])
            for item in items:
                for fact in _facts(item):
                    assert fact in flat, (op.operation_id, item.wire_name, fact)
                for value in _enum_values(api, item.type):
                    assert f"`{value}`" in page, (item.wire_name, value)
            for model in _models_under(api, op.response.type, set()):  # nested returns, expanded
                cls = names.cls(model.key)
                assert f"[{cls}](../models.md#" in page or cls in page
                for f in model.fields:
                    for fact in _facts(f):
                        assert fact in flat, (cls, f.wire_name, fact)
                    for value in _enum_values(api, f.type):
                        assert f"`{value}`" in page


def test_models_page_describes_every_declaration(api: Api, names: PyNames) -> None:
    page = (DOCS / "models.md").read_text()
    flat = " ".join(page.split())
    for decl in api.declarations:
        assert f"## {names.cls(decl.key)}" in page
        if isinstance(decl, Model):
            for f in decl.fields:
                assert all(fact in flat for fact in _facts(f)), (decl.key, f.wire_name)
        else:
            assert all(f'`"{v}"`' in page for v in _enum_values(api, decl.type))


def test_index_lists_every_method_with_http_and_link(api: Api, names: PyNames) -> None:
    index = (DOCS / "index.md").read_text()
    for resource in api.resources:
        assert f"## {resource.wire_name}" in index
        attr = names.resource(resource).attr
        for op in resource.operations:
            name = names.main_method(op)
            assert f"[`client.{attr}.{name}(...) -> " in index
            assert f"]({attr}/{name}.md) — `{op.method} {op.path}`" in index


def test_every_relative_link_and_anchor_resolves() -> None:
    pages = sorted(DOCS.rglob("*.md"))
    assert len(pages) >= 3
    for page in pages:
        prose = re.sub(r"```.*?```", "", page.read_text(), flags=re.DOTALL)  # code (Go's F[T](x)) is not links
        for target in re.findall(r"\]\(([^)\s]+)\)", prose):
            if re.match(r"^[a-z]+:", target):
                continue
            file, _, fragment = target.partition("#")
            path = (page.parent / file).resolve() if file else page
            assert path.is_file(), (page.name, target)
            if fragment:
                assert f'id="{fragment}"' in path.read_text(), (page.name, target)


def _code(page: str, language: str) -> str:
    match = re.search(rf"```{language}\n(.*?)```", page, re.DOTALL)
    assert match, language
    return match.group(1)


def test_python_example_runs_against_the_local_server(api: Api, names: PyNames, tmp_path: Path) -> None:
    for resource in api.resources:
        for op in resource.operations:
            code = _code(_page(names.resource(resource).attr, names.main_method(op)).split("## Example: Python", 1)[1], "python")
            (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
            with SpecServer() as server:
                env = {**os.environ, "OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": server.base_url, "PYTHONPATH": str(GENERATED)}
                result = subprocess.run(
                    [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
                )
                assert result.returncode == 0, result.stderr
                assert [r.problems for r in server.requests] == [[]]
            assert "saved output_0.png" in result.stdout  # the b64_json images, saved as the seeds show
            assert (tmp_path / "output_0.png").read_bytes().startswith(b"\x89PNG")


def test_command_line_example_runs_against_the_local_server(api: Api, names: PyNames, tmp_path: Path) -> None:
    """The page's command-line call, run as written (with the server's URL and a key added):
    it asks for b64_json images and saves them where it says."""
    import shlex

    for resource in api.resources:
        for op in resource.operations:
            page = _page(names.resource(resource).attr, names.main_method(op))
            command = _code(page.split("## Example: command line", 1)[1], "sh")
            words = shlex.split(command.replace("\\\n", " "))
            assert words[:3] == ["python", "-m", "openai_api"] and "--output-dir" in words
            (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
            with SpecServer() as server:
                reply = {"created": 1, "data": [{"b64_json": base64.b64encode(b"\x89PNG\r\n\x1a\nimage").decode()}]}
                server.override = (200, json.dumps(reply).encode())
                env = {**os.environ, "OPENAI_API_KEY": API_KEY, "PYTHONPATH": str(GENERATED)}
                args = [sys.executable, *words[1:], "--base-url", server.base_url]
                result = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
                assert result.returncode == 0, result.stderr
                assert [r.problems for r in server.requests] == [[]]
            saved = [tmp_path / line for line in result.stdout.splitlines()]
            assert saved and saved[0].read_bytes().startswith(b"\x89PNG")


def test_curl_example_names_every_required_field_and_the_auth_header(api: Api, names: PyNames) -> None:
    for resource in api.resources:
        for op in resource.operations:
            curl = _code(_page(names.resource(resource).attr, names.main_method(op)), "sh")
            assert curl.startswith(f"curl {api.base_url}{op.path.split('{')[0]}")
            assert '-H "Authorization: Bearer $OPENAI_API_KEY"' in curl
            for f in op.body.fields if op.body else []:
                if f.required:
                    assert re.search(rf"-F '?{f.wire_name}=", curl), f.wire_name


def test_html_reference_works_in_a_real_browser() -> None:
    html = (DOCS / "reference.html").read_text()
    assert "<script src" not in html and "<link" not in html and "http://" not in html.split("<main>")[0]  # self-contained
    with chromium_page() as seen:
        page = seen.page
        page.goto((DOCS / "reference.html").as_uri())
        assert page.locator("nav a", has_text="Create image variation").count() == 1
        data = page.locator("section.op details[data-field=data]").first
        child = data.locator(":scope > .children > [data-field=b64_json]")
        assert not child.is_visible()
        data.locator(":scope > summary").click()
        assert child.is_visible()
        usage = page.locator("section.op details[data-field=usage]").first
        usage.locator(":scope > summary").click()
        deeper = usage.locator(":scope > .children > details[data-field=input_tokens_details]")
        deeper.locator(":scope > summary").click()
        assert deeper.locator(":scope > .children > [data-field=image_tokens]").is_visible()
        python_tab = page.locator("pre.tab[data-tab=python]").first
        assert not python_tab.is_visible()
        page.locator(".tabs button[data-tab=python]").first.click()
        assert python_tab.is_visible() and "create_variation" in python_tab.inner_text()
        page.fill("#search", "variation")  # the search box works on a one-page reference too
        assert page.locator("#search-results a").first.get_attribute("href") == "reference.html#images-create-variation"
        page.screenshot(path=str(SHOTS / "reference.png"), full_page=True)
        assert seen.errors == []
        assert all(url.startswith("file:") for url in seen.requests)  # no network
    assert (SHOTS / "reference.png").stat().st_size > 10_000
    print(f"screenshot: {SHOTS / 'reference.png'}")
