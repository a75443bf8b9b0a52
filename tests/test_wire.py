"""Requests as real specs declare them (tests/test_conformance.py has the whole table): Stripe's
deepObject form bodies, LibreTranslate's form string body, a key on a spec without security
schemes, HTTP basic auth; refusals of a style a location does not allow and of an Encoding
Object for a property that is not there; wrong argument types refused before sending;
responses decoded by best fit, and the bytes of a response that is not the JSON it promised."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from conftest import import_generated, run_cli
from recording_server import RecordingServer, Reply

OK = {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}}


def _spec(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "Wire", "version": "1"}, "paths": paths, **extra}


def _client(tmp_path: Path, doc: dict[str, Any], package: str) -> tuple[ModuleType, str]:
    spec = tmp_path / f"{package}.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))
    result = run_cli(str(spec), "-o", str(tmp_path / package), "--package-name", package)
    assert result.returncode == 0, result.stderr
    return import_generated(tmp_path / package, package), result.stderr


STRIPE_LIKE = _spec(
    {
        "/v1/customers": {
            "post": {
                "operationId": "PostCustomers",
                "tags": ["customers"],
                "requestBody": {
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "email": {"type": "string"},
                                    "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                                    "expand": {"type": "array", "items": {"type": "string"}},
                                },
                            },
                            "encoding": {
                                "metadata": {"style": "deepObject", "explode": True},
                                "expand": {"style": "deepObject", "explode": True},
                            },
                        }
                    }
                },
                "responses": OK,
                "security": [{"basicAuth": []}, {"bearerAuth": []}],
            }
        }
    },
    components={
        "securitySchemes": {
            "basicAuth": {"type": "http", "scheme": "basic"},
            "bearerAuth": {"type": "http", "scheme": "bearer"},
        }
    },
)


def test_stripe_metadata_goes_as_deep_object_and_basic_auth_when_given(tmp_path: Path) -> None:
    pkg, _ = _client(tmp_path, STRIPE_LIKE, "stripe_like")
    with RecordingServer() as server:
        with pkg.Client(api_key="sk_test", base_url=server.url) as client:
            client.customers.post_customers(email="a@b.c", metadata={"k": "v", "order id": "7"}, expand=["sources"])
        with pkg.Client(username="sk_test", password="", base_url=server.url) as client:
            client.customers.post_customers(email="a@b.c")
    first, second = server.seen
    assert first.body == b"email=a%40b.c&metadata[k]=v&metadata[order%20id]=7&expand[0]=sources"
    assert first.headers["content-type"] == "application/x-www-form-urlencoded"
    assert first.headers["authorization"] == "Bearer sk_test"  # basic needs a username: the bearer alternative
    assert second.headers["authorization"] == "Basic " + base64.b64encode(b"sk_test:").decode()


def test_a_form_body_whose_schema_is_a_string_is_sent_as_that_string(tmp_path: Path) -> None:
    doc = _spec(
        {
            "/translate": {
                "post": {
                    "operationId": "translate",
                    "requestBody": {
                        "required": True,
                        "content": {"application/x-www-form-urlencoded": {"schema": {"type": "string"}}},
                    },
                    "responses": OK,
                }
            }
        }
    )
    pkg, _ = _client(tmp_path, doc, "libre")
    with RecordingServer() as server:
        with pkg.Client(base_url=server.url) as client:
            client.translate.translate(body="q=Hello&source=en&target=es")
    seen = server.seen[0]
    assert seen.body == b"q=Hello&source=en&target=es"
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert "authorization" not in seen.headers  # no key given, none sent


def test_a_key_on_a_spec_without_schemes_goes_as_a_bearer_token_and_the_docs_say_so(tmp_path: Path) -> None:
    doc = _spec({"/user": {"get": {"operationId": "getUser", "responses": OK}}})
    pkg, _ = _client(tmp_path, doc, "no_schemes")
    with RecordingServer() as server:
        with pkg.Client(api_key="ghp_123", base_url=server.url) as client:
            client.user.get_user()
    assert server.seen[0].headers["authorization"] == "Bearer ghp_123"
    index = (tmp_path / "no_schemes" / "docs" / "index.md").read_text()
    assert "declares no security scheme" in index and "Authorization: Bearer <key>" in index


def test_security_none_sends_no_credentials_and_api_keys_go_where_declared(tmp_path: Path) -> None:
    doc = _spec(
        {
            "/public": {"get": {"operationId": "public", "security": [], "responses": OK}},
            "/private": {"get": {"operationId": "private", "security": [{"cookieKey": [], "queryKey": []}], "responses": OK}},
        },
        security=[{"headerKey": []}],
        components={
            "securitySchemes": {
                "headerKey": {"type": "apiKey", "in": "header", "name": "X-Key"},
                "queryKey": {"type": "apiKey", "in": "query", "name": "key"},
                "cookieKey": {"type": "apiKey", "in": "cookie", "name": "sid"},
            }
        },
    )
    pkg, _ = _client(tmp_path, doc, "keys")
    with RecordingServer() as server:
        with pkg.Client(api_key="s3cret", base_url=server.url) as client:
            client.public.public()
            client.private.private()
    public, private = server.seen
    assert not {"x-key", "authorization", "cookie"} & set(public.headers) and public.query == []
    assert private.headers["cookie"] == "sid=s3cret" and private.query == [("key", "s3cret")]
    assert "x-key" not in private.headers


def test_a_style_the_location_does_not_allow_and_an_unknown_encoding_are_located_warnings(tmp_path: Path) -> None:
    doc = _spec(
        {
            "/items/{id}": {
                "post": {
                    "operationId": "update",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "style": "deepObject", "schema": {"type": "string"}}
                    ],
                    "requestBody": {
                        "content": {
                            "application/x-www-form-urlencoded": {
                                "schema": {"type": "object", "properties": {"name": {"type": "string"}}},
                                "encoding": {"nmae": {"style": "form"}},
                            }
                        }
                    },
                    "responses": OK,
                }
            }
        }
    )
    pkg, stderr = _client(tmp_path, doc, "styles")
    assert "warning[param-style-invalid]" in stderr and "/paths/~1items~1{id}/post/parameters/0/style" in stderr
    assert "'deepObject', which OpenAPI does not allow there; 'simple' is used" in stderr
    assert "warning[encoding-unknown-property]" in stderr and "encoding/nmae" in stderr
    with RecordingServer() as server:
        with pkg.Client(base_url=server.url) as client:
            client.items.update(id="a b", name="x")
    assert server.seen[0].path == "/items/a%20b"


def test_a_wrong_argument_type_is_refused_before_sending(tmp_path: Path) -> None:
    doc = _spec(
        {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                    "responses": OK,
                }
            }
        }
    )
    pkg, _ = _client(tmp_path, doc, "typed")
    with RecordingServer() as server:
        with pkg.Client(base_url=server.url) as client:
            with pytest.raises(TypeError, match=r"^list_things: limit: must be an integer, got str 'two'$"):
                client.things.list_things(limit="two")  # type: ignore[arg-type]
            with pytest.raises(TypeError, match="must be an integer, got bool True"):
                client.things.list_things(limit=True)
        assert server.seen == []


TRANSCRIPTION = _spec(
    {
        "/transcriptions": {
            "post": {
                "operationId": "transcribe",
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "oneOf": [
                                        {"$ref": "#/components/schemas/Plain"},
                                        {"$ref": "#/components/schemas/Verbose"},
                                    ]
                                }
                            }
                        },
                    }
                },
            }
        },
        "/pets": {
            "get": {
                "operationId": "getPet",
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {  # both variants' tag is "canine": best fit among them
                                    "oneOf": [{"$ref": "#/components/schemas/Dog"}, {"$ref": "#/components/schemas/Wolf"}]
                                }
                            }
                        },
                    }
                },
            }
        },
    },
    components={
        "schemas": {
            "Plain": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
            "Verbose": {
                "type": "object",
                "required": ["text", "duration"],
                "properties": {
                    "text": {"type": "string"},
                    "duration": {"type": "number"},
                    "segments": {"type": "array", "items": {"type": "object"}},
                },
            },
            "Dog": {"type": "object", "properties": {"kind": {"enum": ["canine"]}, "barks": {"type": "boolean"}}},
            "Wolf": {"type": "object", "properties": {"kind": {"enum": ["canine"]}, "howls": {"type": "boolean"}}},
        }
    },
)


def test_unions_decode_to_the_best_fit_and_other_media_types_return_their_bytes(tmp_path: Path) -> None:
    pkg, _ = _client(tmp_path, TRANSCRIPTION, "fit")
    verbose = {"text": "hi", "duration": 1.5, "segments": [{"id": 0}]}
    with RecordingServer() as server:
        server.replies += [
            Reply(chunks=[json.dumps(verbose).encode()]),
            Reply(chunks=[b'{"text": "hi"}']),
            Reply(chunks=[b'{"kind": "canine", "howls": true}']),
            Reply(content_type="video/mp4", chunks=[b"\x00\x00\x00\x18ftypmp42"]),
            Reply(content_type="text/csv", chunks=[b"a,b\n1,2\n"]),
        ]
        with pkg.Client(base_url=server.url) as client:
            full = client.transcriptions.transcribe()
            plain = client.transcriptions.transcribe()
            wolf = client.pets.get_pet()
            video = client.transcriptions.transcribe()
            table = client.transcriptions.transcribe()
    assert type(full).__name__ == "Verbose" and full.segments == [{"id": 0}] and full.extra_fields == {}
    assert type(plain).__name__ == "Plain"
    assert type(wolf).__name__ == "Wolf" and wolf.howls is True
    assert isinstance(video, pkg.ResponseBytes) and video == b"\x00\x00\x00\x18ftypmp42" and video.media_type == "video/mp4"
    assert isinstance(table, pkg.ResponseText) and table == "a,b\n1,2\n" and table.media_type == "text/csv"
