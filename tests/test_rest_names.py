"""Resources from paths and REST method names (generator/ir/build.py's path_group,
generator/ir/restnames.py): a spec without tags is grouped by its paths' first word past version
prefixes; with ``--method-style rest`` methods are named as hand-written SDKs name them. On
Stripe's spec (no tags; APIs-guru directory in build/corpus/, fetched by npm the first time):
``client.customers`` is a module of its own, a small fraction of the whole, and
``client.customers.create/retrieve/list`` send what they should to a recording server."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import ModuleType
from urllib.parse import parse_qsl

import pytest
from conftest import ROOT, import_generated, run_cli, tool
from recording_server import RecordingServer, Reply

from generator.ir.build import path_group
from generator.ir.restnames import rest_words

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import fetch


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("/v1/customers/{customer}/tax_ids", "customers"),
        ("/api/v2.1/users", "users"),
        ("/v2beta1/things/{id}", "things"),
        ("/customers", "customers"),
        ("/v1", "v1"),
        ("/{id}", "default"),
    ],
)
def test_path_groups_skip_version_prefixes(path: str, group: str) -> None:
    assert path_group(path) == group


@pytest.mark.parametrize(
    ("method", "path", "words"),
    [
        ("GET", "/v1/customers", "list"),
        ("POST", "/v1/customers", "create"),
        ("GET", "/v1/customers/{customer}", "retrieve"),
        ("POST", "/v1/customers/{customer}", "update"),
        ("PATCH", "/customers/{id}", "update"),
        ("DELETE", "/v1/customers/{customer}", "delete"),
        ("GET", "/v1/customers/{customer}/tax_ids", "list tax ids"),
        ("POST", "/v1/customers/{customer}/tax_ids", "create tax ids"),
        ("GET", "/v1/customers/{customer}/tax_ids/{id}", "retrieve tax ids"),
        ("DELETE", "/v1/customers/{customer}/tax_ids/{id}", "delete tax ids"),
        ("POST", "/v1/payment_intents/{intent}/confirm", "confirm"),
        ("POST", "/v1/customers/{customer}/sources/{id}/verify", "verify sources"),
        ("GET", "/v1/customers/search", "search"),
        ("GET", "/v1/customers/{customer}/discount", "retrieve discount"),
        ("DELETE", "/v1/customers/{customer}/discount", "delete discount"),
    ],
)
def test_rest_words(method: str, path: str, words: str) -> None:
    assert " ".join(rest_words(method, path)) == words


UNTAGGED = """\
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /v1/orders:
    get: {responses: {"200": {description: ok}}}
    post: {responses: {"201": {description: made}}}
  /v1/orders/{order}:
    get:
      parameters: [{name: order, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /v1/refunds:
    get: {operationId: listAllRefunds, responses: {"200": {description: ok}}}
"""


def test_auto_names_only_operations_without_an_operation_id(tmp_path: Path) -> None:
    spec = tmp_path / "shop.yaml"
    spec.write_text(UNTAGGED)
    result = run_cli(str(spec), "-o", str(tmp_path / "out"), "--package-name", "shop")
    assert result.returncode == 0, result.stderr
    resources = tmp_path / "out" / "shop" / "resources"
    assert sorted(p.name for p in resources.glob("*.py")) == ["__init__.py", "orders.py", "refunds.py"]
    orders = (resources / "orders.py").read_text()
    assert "    def list(" in orders and "    def create(" in orders and "    def retrieve(" in orders
    assert "import builtins" not in orders  # nothing here is a list: the builtin is not needed
    assert "    def list_all_refunds(" in (resources / "refunds.py").read_text()  # its operationId, kept
    named = run_cli(str(spec), "-o", str(tmp_path / "ids"), "--package-name", "shop", "--method-style", "operation-id")
    assert named.returncode == 0, named.stderr
    assert "    def get_v1_orders(" in (tmp_path / "ids" / "shop" / "resources" / "orders.py").read_text()


@pytest.fixture(scope="module")
def stripe(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ModuleType]:
    tool("npm")  # fetches the corpus the first time
    out = tmp_path_factory.mktemp("stripe-rest") / "out"
    spec = fetch() / "stripe.com.json"
    result = run_cli(str(spec), "-o", str(out), "--package-name", "stripe_rest", "--method-style", "rest", "--target", "python")
    assert result.returncode == 0, result.stderr[-3000:]
    return out, import_generated(out, "stripe_rest")


def test_stripe_customers_is_a_module_of_its_own(stripe: tuple[Path, ModuleType]) -> None:
    resources = stripe[0] / "stripe_rest" / "resources"
    sizes = {p.stem: len(p.read_text().splitlines()) for p in resources.glob("*.py") if p.stem != "__init__"}
    assert len(sizes) > 40 and "v1" not in sizes
    assert sizes["customers"] < 0.15 * sum(sizes.values())
    operations = {p: p.read_text().count("\n    def ") for p in resources.glob("*.py")}
    assert max(operations.values()) < 300


def test_stripe_rest_names_on_the_wire(stripe: tuple[Path, ModuleType]) -> None:
    _, package = stripe
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


def test_stripe_lists_walk_every_page_with_starting_after(stripe: tuple[Path, ModuleType]) -> None:
    """Stripe's lists: the cursor is the last item's id, sent as starting_after."""
    _, package = stripe

    def page(ids: list[int], more: bool) -> Reply:
        items = [{"id": f"cus_{i}", "object": "customer", "created": 1, "livemode": False} for i in ids]
        return Reply(chunks=[json.dumps({"data": items, "has_more": more, "object": "list", "url": "/v1/customers"}).encode()])

    with RecordingServer() as server:
        server.replies += [page([1, 2], True), page([3, 4], False)]
        client = package.Client(api_key="sk_test", base_url=server.url, timeout=10.0, max_retries=0)
        assert [c.id for c in client.customers.list(limit=2)] == ["cus_1", "cus_2", "cus_3", "cus_4"]
        queries = [s.query for s in server.seen]
    assert queries == [[("limit", "2")], [("limit", "2"), ("starting_after", "cus_2")]]
