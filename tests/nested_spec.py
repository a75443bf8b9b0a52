"""A small untagged spec whose paths nest (``/v1/customers/{customer}/tax_ids/{id}``, and
``/v1/test_helpers/treasury/transfers/{id}/fail`` under two levels without operations), for
the client targets' nested-resource tests with ``--method-style rest`` (tests/test_rest_names.py,
tests/test_go_target.py, tests/test_perl_target.py)."""

from __future__ import annotations

from typing import Any

_CUSTOMER = {"name": "customer", "in": "path", "required": True, "schema": {"type": "string"}}
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}


def _json(schema: str) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}}


NESTED_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Shop", "version": "1"},
    "servers": [{"url": "https://shop.example.com"}],
    "paths": {
        "/v1/customers": {"post": {"responses": _json("Customer")}},
        "/v1/customers/{customer}": {"get": {"parameters": [_CUSTOMER], "responses": _json("Customer")}},
        "/v1/customers/{customer}/tax_ids": {
            "parameters": [_CUSTOMER],
            "get": {"responses": _json("TaxIdList")},
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["value"],
                                "properties": {"value": {"type": "string"}},
                            }
                        }
                    },
                },
                "responses": _json("TaxId"),
            },
        },
        "/v1/customers/{customer}/tax_ids/{id}": {
            "parameters": [_CUSTOMER, _ID],
            "get": {"responses": _json("TaxId")},
            "delete": {"responses": {"204": {"description": "gone"}}},
        },
        "/v1/test_helpers/treasury/transfers/{id}/fail": {
            "post": {"parameters": [_ID], "responses": _json("TaxId")},
        },
    },
    "components": {
        "schemas": {
            "Customer": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
            "TaxId": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "value": {"type": "string"}},
            },
            "TaxIdList": {
                "type": "object",
                "required": ["data"],
                "properties": {
                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/TaxId"}},
                    "has_more": {"type": "boolean"},
                },
            },
        }
    },
}

# The calls each target's test makes, in order, and what the server sees: method, path and the
# JSON body (None: no body).
SEEN = [
    ("POST", "/v1/customers/cus_1/tax_ids", {"value": "DE123"}),
    ("GET", "/v1/customers/cus_1/tax_ids/txi_1", None),
    ("DELETE", "/v1/customers/cus_1/tax_ids/txi_1", None),
    ("POST", "/v1/test_helpers/treasury/transfers/tr_1/fail", None),
]
REPLIES = [(200, b'{"id": "txi_1", "value": "DE123"}'), (200, b'{"id": "txi_1"}'), (204, b""), (200, b'{"id": "tr_1"}')]


def seen(requests: list[Any]) -> list[tuple[str, str, object]]:
    """What a recording server saw, as SEEN lists it."""
    import json

    return [(r.method, r.path, json.loads(r.body) if r.body else None) for r in requests]
