"""Descriptions are CommonMark with HTML (OpenAPI says so): the HTML reference renders them
(sanitised), the Markdown pages and every client's comments read them as text, tags gone.

The spec below is shaped like Stripe's (`<p>` paragraphs, `<code>`, links, lists, entities)
plus what a hostile document could carry (a script, an event handler, a javascript: link)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run_cli, tool

from generator import doctext

HTML_DESCRIPTION = (
    "<p>Creates a <code>Customer</code> object.</p>"
    '<p>See <a href="https://example.com/docs">the guide</a> &amp; the <strong>limits</strong>:</p>'
    "<ul><li>one per <em>account</em></li><li>up to 10</li></ul>"
    '<script>alert(\'x\')</script><p onclick="steal()">Safe <a href="javascript:steal()">text</a>.</p>'
)
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Shop", "version": "1.0", "description": "<p>The <b>Shop</b> API.</p>"},
    "paths": {
        "/customers": {
            "post": {
                "operationId": "createCustomer",
                "tags": ["customers"],
                "summary": "Create a customer",
                "description": HTML_DESCRIPTION,
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"email": {"type": "string", "description": "<p>The customer&#39;s email.</p>"}},
                            }
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Customer"}}},
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Customer": {
                "type": "object",
                "description": "<p>A <code>Customer</code> of the shop.</p><p>Keep it <i>safe</i>.</p>",
                "properties": {"id": {"type": "string", "description": "Unique identifier for the object.<br/>Read-only."}},
            }
        }
    },
}
TAG = re.compile(r"</?(?:p|code|b|i|strong|em|ul|li|br|a|script)\b[^>]*>")


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tool("gofmt")
    folder = tmp_path_factory.mktemp("shop")
    spec = folder / "shop.yaml"
    spec.write_text(yaml.safe_dump(SPEC, sort_keys=False), "utf-8")
    out = folder / "out"
    targets = [flag for name in ("python", "cli", "go", "perl", "docs") for flag in ("--target", name)]
    result = run_cli(str(spec), "--output", str(out), *targets)
    assert result.returncode == 0, result.stderr
    return out


def _texts(out: Path, suffixes: tuple[str, ...]) -> dict[str, str]:
    return {
        str(p.relative_to(out)): p.read_text("utf-8")
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name.endswith(suffixes) and "_runtime" not in p.parts and p.name not in RUNTIME
    }


RUNTIME = {"Wire.pm", "Error.pm", "Runtime.pm", "Handle.pm"}  # the Perl runtime's own POD (C<code> is POD, not HTML)
ANCHOR = re.compile(r'<a id="[^"]*"></a>|<a id="[^"]*">\s*</a>')  # the Markdown pages' own anchors


def test_code_comments_and_markdown_pages_have_no_tags(shop: Path) -> None:
    texts = _texts(shop, (".py", ".go", ".pm", ".md"))
    tagged = {name: TAG.findall(ANCHOR.sub("", text)) for name, text in texts.items() if TAG.search(ANCHOR.sub("", text))}
    assert not tagged, tagged
    joined = "\n".join(texts.values())
    assert "Creates a `Customer` object." in joined  # code kept as code, the paragraph's text kept
    assert (
        "[the guide](https://example.com/docs) & the **limits**" in joined
        or "[the guide](https://example.com/docs) &amp; the **limits**" in joined
    )
    assert "alert(" not in joined and "steal()" not in joined  # the script's text and the bad link's target dropped
    assert "The customer's email." in joined  # entities decoded
    models = next(text for name, text in texts.items() if name.endswith("models/customer.py"))
    assert "A `Customer` of the shop." in models and "Keep it *safe*." in models


def test_the_html_reference_renders_descriptions_and_keeps_nothing_dangerous(shop: Path) -> None:
    page = (shop / "docs" / "reference.html").read_text("utf-8")
    assert "&lt;p&gt;" not in page and "&lt;code&gt;" not in page  # rendered, not shown as text
    assert "<p>Creates a <code>Customer</code> object.</p>" in page
    assert '<a href="https://example.com/docs" rel="noopener noreferrer">the guide</a>' in page
    assert "<li>one per <em>account</em></li>" in page
    described = page[page.index("Creates a <code>Customer</code>") :]
    assert "<script>alert" not in described and "onclick" not in described and "javascript:" not in described


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain text, *Markdown* and `code`.", "Plain text, *Markdown* and `code`."),  # no HTML: unchanged
        ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
        ("A<br>B", "A\nB"),
        ("<ol><li>first</li><li>second</li></ol>", "1. first\n2. second"),
        ("Use `<p>` for paragraphs.", "Use `<p>` for paragraphs."),  # HTML inside code is text
        ("List<T> &amp; Map<K, V>", "List<T> & Map<K, V>"),  # not tags a reader knows: kept
        ("<pre>x = 1\n  y</pre>", "```\nx = 1\n  y\n```"),
        ("<a href='javascript:x()'>link</a>", "link"),
    ],
)
def test_readable_text(text: str, expected: str) -> None:
    assert doctext.readable(text) == expected


def test_markdown_pages_escape_stray_brackets_outside_code_only() -> None:
    assert doctext.markdown("a < b, `a < b`") == "a &lt; b, `a < b`"


def test_plain_lines_render_as_commonmark_does() -> None:
    """The HTML renderer's shortcut for plain one-line prose gives what markdown-it and nh3
    give, on every description of the full OpenAI spec (and a few edge cases)."""
    import yaml_rs

    spec = yaml_rs.loads((Path(__file__).parent / "specs" / "openai-openapi.yaml").read_text("utf-8"))
    texts: set[str] = {"  leading spaces", "trailing  ", "quote \"q\" and 'a'", "1 not a list", "tab\there", "x = y"}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("description", "summary") and isinstance(item, str):
                    texts.add(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(spec)
    plain = [text for text in texts if doctext._PLAIN_LINE.fullmatch(text)]
    assert len(plain) > 500  # the shortcut is taken for most of them
    for text in plain:
        slow = doctext._sanitise(doctext._renderer().render(text)).strip()
        assert doctext.html.__wrapped__(text) == slow, text
