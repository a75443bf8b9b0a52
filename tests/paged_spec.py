"""A small spec with two list operations whose pages chain, for the client targets' paging
tests (tests/test_go_target.py, tests/test_perl_target.py): ``GET /things`` pages by a cursor,
``GET /events`` by an offset or a page number."""

from __future__ import annotations

from typing import Any


def _list_op(op_id: str, params: list[dict[str, Any]], schema: str) -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
    return {
        "get": {
            "operationId": op_id,
            "tags": ["things"],
            "parameters": params,
            "responses": {"200": {"description": "ok", "content": content}},
        }
    }


def paged_spec(*, cursor: str, next_field: str, events_param: str, events_items: str) -> dict[str, Any]:
    """``cursor``: the things' cursor parameter; ``next_field``: the response field that holds the
    next cursor ("": the last thing's id is the cursor, with ``has_more``); ``events_param``:
    ``offset`` or ``page``; ``events_items``: the events' array field."""
    query = [{"name": "limit", "in": "query", "schema": {"type": "integer"}}]
    query.append({"name": cursor, "in": "query", "schema": {"type": "string"}})
    things: dict[str, Any] = {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}
    things |= {next_field: {"type": "string"}} if next_field else {"has_more": {"type": "boolean"}}
    events = [{"name": events_param, "in": "query", "schema": {"type": "integer"}}]
    return {
        "openapi": "3.0.3",
        "info": {"title": "Paged", "version": "1"},
        "paths": {"/things": _list_op("listThings", query, "ThingList"), "/events": _list_op("listEvents", events, "EventList")},
        "components": {
            "schemas": {
                "Thing": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
                "ThingList": {"type": "object", "required": ["data"], "properties": things},
                "EventList": {"type": "object", "properties": {events_items: {"type": "array", "items": {"type": "string"}}}},
            }
        },
    }
