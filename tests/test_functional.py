"""The generated client against a real HTTP server on 127.0.0.1 that checks requests against
spec/openapi.yaml: sync and async, httpx2 (default) and httpx."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from types import ModuleType

import pytest

from conftest import API_KEY
from spec_server import SpecServer

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(params=["httpx2", "httpx"])
def pkg(request: pytest.FixtureRequest, committed_client: ModuleType, httpx_client: ModuleType) -> ModuleType:
    return committed_client if request.param == "httpx2" else httpx_client


def expected_response(pkg: ModuleType) -> object:
    m = pkg.models
    return m.ImagesResponse(
        created=1713833628,
        background="transparent",
        data=[
            m.Image(
                b64_json="iVBORw0KGgo=",
                revised_prompt="A cute baby sea otter, floating on its back",
                url="https://example.com/variation-1.png",
            )
        ],
        output_format="png",
        quality="low",
        size="1024x1024",
        usage=m.ImageGenUsage(
            input_tokens=50,
            output_tokens=50,
            total_tokens=100,
            input_tokens_details=m.ImageGenInputUsageDetails(image_tokens=40, text_tokens=10),
            output_tokens_details=m.ImageGenOutputTokensDetails(image_tokens=50, text_tokens=0),
        ),
    )


def test_sync_call_is_accepted_by_the_spec_check_and_parsed(pkg: ModuleType, server: SpecServer, tmp_path: Path) -> None:
    image = tmp_path / "otter.png"
    image.write_bytes(PNG)
    with pkg.Client(api_key=API_KEY, base_url=server.base_url) as client:
        result = client.images.create_variation(image=image, n=2, size="512x512", response_format="b64_json", user="user-1234")
    assert result == expected_response(pkg)
    (rec,) = server.requests
    assert rec.problems == []
    assert (rec.method, rec.path) == ("POST", "/v1/images/variations")
    parts = {p.name: p for p in rec.parts}
    assert sorted(parts) == ["image", "n", "response_format", "size", "user"]
    assert (parts["image"].filename, parts["image"].content_type, parts["image"].value) == ("otter.png", "image/png", PNG)
    assert {k: parts[k].value for k in ("n", "size", "response_format", "user")} == {
        "n": b"2",
        "size": b"512x512",
        "response_format": b"b64_json",
        "user": b"user-1234",
    }
    assert rec.headers["user-agent"].startswith(pkg.__name__ + "-python/")


def test_async_call(pkg: ModuleType, server: SpecServer) -> None:
    async def main() -> object:
        async with pkg.AsyncClient(api_key=API_KEY, base_url=server.base_url) as client:
            return await client.images.create_variation(image=("photo.png", PNG), model="dall-e-2")

    assert asyncio.run(main()) == expected_response(pkg)
    (rec,) = server.requests
    assert rec.problems == []
    parts = {p.name: p for p in rec.parts}
    assert sorted(parts) == ["image", "model"]
    assert parts["image"].filename == "photo.png"


@pytest.mark.parametrize(
    ("image", "filename", "content_type"),
    [
        (PNG, "image.png", "image/png"),  # bytes: named after the field, typed from the spec's encoding
        (io.BytesIO(PNG), "image.png", "image/png"),  # an unnamed file object
        (("pic.png", PNG, "image/png"), "pic.png", "image/png"),
    ],
    ids=["bytes", "bytesio", "tuple3"],
)
def test_file_argument_forms(
    committed_client: ModuleType, server: SpecServer, image: object, filename: str, content_type: str
) -> None:
    with committed_client.Client(api_key=API_KEY, base_url=server.base_url) as client:
        client.images.create_variation(image=image)
    part = server.requests[0].parts[0]
    assert (part.name, part.filename, part.content_type, part.value) == ("image", filename, content_type, PNG)
    assert server.requests[0].problems == []


def test_open_file_object_sends_its_base_name(committed_client: ModuleType, server: SpecServer, tmp_path: Path) -> None:
    path = tmp_path / "sub" / "source.png"
    path.parent.mkdir()
    path.write_bytes(PNG)
    with committed_client.Client(api_key=API_KEY, base_url=server.base_url) as client, path.open("rb") as fh:
        client.images.create_variation(image=fh, size="256x256")
    assert {p.name: p.filename for p in server.requests[0].parts} == {"size": None, "image": "source.png"}
    assert server.requests[0].problems == []


def test_omitted_and_none_arguments_are_not_sent(committed_client: ModuleType, server: SpecServer) -> None:
    with committed_client.Client(api_key=API_KEY, base_url=server.base_url) as client:
        client.images.create_variation(image=PNG, n=None, size=committed_client.OMIT)
    assert [p.name for p in server.requests[0].parts] == ["image"]


def test_spec_check_rejects_what_the_spec_forbids(committed_client: ModuleType, server: SpecServer) -> None:
    # The server's check is real: an out-of-range n is refused and surfaces as a typed error.
    with committed_client.Client(api_key=API_KEY, base_url=server.base_url, check_arguments=False) as client:
        with pytest.raises(committed_client.BadRequestError) as info:
            client.images.create_variation(image=PNG, n=11)
    assert info.value.status_code == 400
    assert "n: 11 is greater than the maximum of 10" in (info.value.message or "")
    assert info.value.request_id == "req_123"


def test_api_key_from_environment(committed_client: ModuleType, server: SpecServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    with committed_client.Client(base_url=server.base_url) as client:
        client.images.create_variation(image=PNG)
    assert server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


def test_missing_api_key_is_a_clear_error(committed_client: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(committed_client.APIError, match="OPENAI_API_KEY"):
        committed_client.Client()


def test_base_url_defaults_to_the_spec_server(committed_client: ModuleType) -> None:
    client = committed_client.Client(api_key="k")
    assert str(client.base_url) == "https://api.openai.com/v1/"
    client.close()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "response is not valid JSON: '{not json'"),
        (b'{"data": []}', "ImagesResponse.created: required field is missing"),
    ],
    ids=["invalid-json", "wrong-shape"],
)
def test_bad_2xx_body_is_a_response_validation_error(pkg: ModuleType, server: SpecServer, body: bytes, message: str) -> None:
    server.override = (200, body)
    with pkg.Client(api_key=API_KEY, base_url=server.base_url) as client:
        with pytest.raises(pkg.ResponseValidationError, match=message) as info:
            client.images.create_variation(image=PNG)
    assert info.value.status_code == 200


def test_connection_refused_is_a_connection_error(pkg: ModuleType) -> None:
    import socket

    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pkg.Client(api_key=API_KEY, base_url=f"http://127.0.0.1:{port}/v1", timeout=2.0, max_retries=0) as client:
        with pytest.raises(pkg.APIConnectionError):
            client.images.create_variation(image=PNG)
