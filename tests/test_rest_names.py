"""Resources from paths and REST method names (generator/ir/build.py's path_group,
generator/ir/restnames.py): a spec without tags is grouped by its paths' first word past version
prefixes; with ``--method-style rest`` methods are named as hand-written SDKs name them, and
where paths nest, resources nest (tests/nested_spec.py; Go's and Perl's in their targets' test
files). Stripe's spec, with every target, is tests/test_stripe.py."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, import_generated, run_cli
from nested_spec import NESTED_SPEC, REPLIES, SEEN, seen
from recording_server import RecordingServer, Reply

from generator.ir.build import path_group
from generator.ir.restnames import rest_words

sys.path.insert(0, str(ROOT / "benchmarks"))


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
        ("GET", "/v1/customers/{customer}/tax_ids", "tax ids list"),
        ("POST", "/v1/customers/{customer}/tax_ids", "tax ids create"),
        ("GET", "/v1/customers/{customer}/tax_ids/{id}", "tax ids retrieve"),
        ("DELETE", "/v1/customers/{customer}/tax_ids/{id}", "tax ids delete"),
        ("POST", "/v1/payment_intents/{intent}/confirm", "confirm"),
        ("POST", "/v1/customers/{customer}/sources/{id}/verify", "sources verify"),
        ("GET", "/v1/customers/search", "search"),
        ("GET", "/v1/customers/{customer}/discount", "retrieve discount"),
        ("DELETE", "/v1/customers/{customer}/discount", "delete discount"),
        ("POST", "/v1/test_helpers/treasury/inbound_transfers/{id}/fail", "treasury inbound transfers fail"),
        ("GET", "/v1/checkout/sessions/{session}/line_items", "sessions line items list"),
        ("GET", "/v1/accounts/{account}/people", "retrieve people"),  # a collection only where a path says so
    ],
)
def test_rest_words(method: str, path: str, words: str) -> None:
    """The words below the path's group: nested resources' first (``tax ids``), then the method's."""
    assert " ".join(rest_words(method, path)) == words


def test_collections_are_known_from_the_other_paths() -> None:
    """A word followed by a parameter somewhere is a collection; a plural word nobody reads (no
    GET) is an action."""
    people = (("get", "/v1/accounts/{account}/people/{person}"),)
    assert rest_words("GET", "/v1/accounts/{account}/people", people) == ["people", "list"]
    assert rest_words("POST", "/v1/payment_intents/{intent}/verify_microdeposits", (("post", "/v1/payment_intents"),)) == [
        "verify",
        "microdeposits",
    ]


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


def test_method_names_rest_in_settings_is_the_style(tmp_path: Path) -> None:
    """``method-names = "rest"`` (the issue's spelling) names as ``method-style = "rest"`` does; a
    word that is no style is refused at its line."""
    (tmp_path / "shop.yaml").write_text(UNTAGGED)
    settings = '[tool.generator]\nspec = "shop.yaml"\npackage-name = "shop"\nmethod-names = "rest"\n'
    (tmp_path / "pyproject.toml").write_text(settings)
    result = run_cli("-o", str(tmp_path / "out"), "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "    def list_all_refunds(" not in (tmp_path / "out" / "shop" / "resources" / "refunds.py").read_text()
    (tmp_path / "pyproject.toml").write_text(settings.replace('"rest"', '"restful"'))
    refused = run_cli("-o", str(tmp_path / "again"), "-q", cwd=tmp_path)
    assert (
        refused.returncode == 2 and "pyproject.toml:4: error[bad-config]: setting tool.generator.method-names" in refused.stderr
    )


def _replies(server: RecordingServer) -> None:
    server.replies += [Reply(status=status, chunks=[body]) for status, body in REPLIES]


def test_nested_resources_on_the_wire_in_python_and_the_command_line(tmp_path: Path) -> None:
    """Where paths nest, resources nest: ``client.customers.tax_ids.create(customer, ...)``, the
    async client the same, and ``customers tax-ids create`` on the command line; a level with
    nothing but nested resources (``test_helpers.treasury``) is there to reach them."""
    spec = tmp_path / "nested.json"
    spec.write_text(json.dumps(NESTED_SPEC), encoding="utf-8")
    out = tmp_path / "out"
    made = run_cli(
        str(spec),
        "-o",
        str(out),
        "--package-name",
        "shop",
        "--method-style",
        "rest",
        "--target",
        "python",
        "--target",
        "cli",
        "--strict",
        "-q",
    )
    assert made.returncode == 0, made.stdout + made.stderr
    resources = sorted(p.stem for p in (out / "shop" / "resources").glob("*.py"))
    assert resources == [
        "__init__",
        "customers",
        "customers_tax_ids",
        "test_helpers",
        "test_helpers_treasury",
        "test_helpers_treasury_transfers",
    ]
    package = import_generated(out, "shop")
    with RecordingServer() as server:
        _replies(server)
        client = package.Client(api_key="k", base_url=server.url, max_retries=0)
        assert client.customers.tax_ids.create(customer="cus_1", value="DE123").value == "DE123"
        assert client.customers.tax_ids.retrieve(customer="cus_1", id="txi_1").id == "txi_1"
        client.customers.tax_ids.delete(customer="cus_1", id="txi_1")
        assert client.test_helpers.treasury.transfers.fail(id="tr_1").id == "tr_1"
        python = seen(server.seen)
    with RecordingServer() as server:
        _replies(server)

        async def calls() -> None:
            async with package.AsyncClient(api_key="k", base_url=server.url, max_retries=0) as client:
                await client.customers.tax_ids.create(customer="cus_1", value="DE123")
                await client.customers.tax_ids.retrieve(customer="cus_1", id="txi_1")
                await client.customers.tax_ids.delete(customer="cus_1", id="txi_1")
                await client.test_helpers.treasury.transfers.fail(id="tr_1")

        asyncio.run(calls())
        python_async = seen(server.seen)
    commands = [
        ["customers", "tax-ids", "create", "--customer", "cus_1", "--value", "DE123"],
        ["customers", "tax-ids", "retrieve", "--customer", "cus_1", "--id", "txi_1"],
        ["customers", "tax-ids", "delete", "--customer", "cus_1", "--id", "txi_1"],
        ["test-helpers", "treasury", "transfers", "fail", "--id", "tr_1"],
    ]
    with RecordingServer() as server:
        _replies(server)
        for command in commands:
            ran = subprocess.run(
                [sys.executable, "-m", "shop", *command, "--base-url", server.url, "--api-key", "k", "--max-retries", "0"],
                cwd=out,
                check=False,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert ran.returncode == 0, ran.stdout + ran.stderr
        cli = seen(server.seen)
        helped = subprocess.run(
            [sys.executable, "-m", "shop", "customers", "--help"], cwd=out, check=False, capture_output=True, text=True
        )
        level = subprocess.run(
            [sys.executable, "-m", "shop", "test-helpers", "treasury"], cwd=out, check=False, capture_output=True, text=True
        )
    assert python == python_async == cli == SEEN
    assert "nested resources (each with its own operations):\n  tax-ids" in helped.stdout
    assert level.returncode == 2 and "transfers" in level.stderr  # a level without operations names what it holds
