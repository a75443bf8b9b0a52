"""Body, response and parameter kinds that OpenAI's spec does not use, from tests/specs/kinds.yaml,
against a local server, sync and async: form-urlencoded and octet-stream bodies, text and empty
responses, cookie and header parameters, non-exploded and pipe-delimited query arrays, exploded
query objects, discriminator dispatch, allOf, recursion, typed maps, readOnly, apiKey auth."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import parse_qsl

import pytest

from conftest import ROOT, import_generated, run_cli
from recording_server import RecordingServer, Reply

KINDS = ROOT / "tests" / "specs" / "kinds.yaml"


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("kinds") / "out"
    result = run_cli(str(KINDS), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return import_generated(out, "kinds_test_api")


@pytest.fixture()
def server() -> Iterator[RecordingServer]:
    with RecordingServer() as srv:
        yield srv


def test_parameters_of_every_location_and_style(kinds: ModuleType, server: RecordingServer) -> None:
    server.replies.append(Reply(chunks=[b'{"id": 1, "kind": "dog", "barks": true, "born": "2020-01-02", "tags": {"a": 1}}']))
    with kinds.Client(api_key="secret", base_url=server.url) as client:
        pet = client.pets.get_pet(
            pet_id="rex/1", session="s1", fields=["a", "b"], ids=[1, 2], filter={"color": "red"}, x_trace="t-9"
        )
    assert isinstance(pet, kinds.models.Dog) and pet.barks is True and pet.born == "2020-01-02" and pet.tags == {"a": 1}
    seen = server.seen[0]
    assert seen.path == "/pets/rex%2F1"
    assert seen.query == [("fields", "a,b"), ("ids", "1|2"), ("color", "red")]
    assert (seen.headers["x-trace"], seen.headers["cookie"], seen.headers["x-api-key"]) == ("t-9", "session=s1", "secret")
    assert "authorization" not in seen.headers


def test_discriminator_picks_the_mapped_class(kinds: ModuleType, server: RecordingServer) -> None:
    server.replies.append(Reply(chunks=[b'{"id": 2, "kind": "cat", "purrs": false, "name": null}']))
    with kinds.Client(api_key="k", base_url=server.url) as client:
        pet = client.pets.get_pet(pet_id="tom")
    assert isinstance(pet, kinds.models.Cat) and pet.purrs is False and pet.name is None
    assert pet.to_dict() == {"id": 2, "kind": "cat", "purrs": False, "name": None}


def test_form_urlencoded_body_text_response_and_read_only_fields(kinds: ModuleType, server: RecordingServer) -> None:
    server.replies.append(Reply(status=201, content_type="text/plain", chunks=[b"created rex"]))
    with kinds.Client(api_key="k", base_url=server.url) as client:
        assert client.pets.create_pet(kind="dog", name="Rex & Co", vaccinated=True) == "created rex"
        with pytest.raises(TypeError):
            client.pets.create_pet(kind="dog", id=3)  # readOnly: not an argument
    seen = server.seen[0]
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(seen.body.decode()) == [("kind", "dog"), ("name", "Rex & Co"), ("vaccinated", "true")]


def test_octet_stream_body_and_no_content_async(kinds: ModuleType, server: RecordingServer, tmp_path: Path) -> None:
    photo = tmp_path / "rex.jpg"
    photo.write_bytes(b"\xff\xd8jpeg")
    server.replies.append(Reply(status=204, chunks=[]))

    async def main() -> None:
        async with kinds.AsyncClient(api_key="k", base_url=server.url) as client:
            assert await client.pets.upload_photo(pet_id=7, body=photo) is None

    asyncio.run(main())
    seen = server.seen[0]
    assert (seen.method, seen.path, seen.body) == ("PUT", "/pets/7/photo", b"\xff\xd8jpeg")
    assert seen.headers["content-type"] == "application/octet-stream"


def test_recursive_models_round_trip_through_json_bodies(kinds: ModuleType, server: RecordingServer) -> None:
    tree = kinds.models.Tree(value="root", children=[kinds.models.Tree(value="leaf", children=[])])
    server.replies.append(Reply(chunks=[json.dumps(tree.to_dict()).encode()]))
    with kinds.Client(api_key="k", base_url=server.url) as client:
        echoed = client.trees.echo_tree(value=tree.value, children=tree.children)
    assert echoed == tree
    assert json.loads(server.seen[0].body) == {"value": "root", "children": [{"value": "leaf", "children": []}]}


def test_multipart_file_arrays_and_object_parts_as_json(kinds: ModuleType, server: RecordingServer) -> None:
    server.replies.append(Reply(status=204, chunks=[]))
    with kinds.Client(api_key="k", base_url=server.url) as client:
        client.uploads.upload_many(files=[("a.txt", b"A"), ("b.png", b"B")], meta={"label": "x"})
    body = server.seen[0].body.decode()
    assert 'name="files"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nA' in body
    assert 'name="files"; filename="b.png"\r\nContent-Type: image/png\r\n\r\nB' in body
    assert 'name="meta"\r\nContent-Type: application/json\r\n\r\n{"label":"x"}' in body  # the spec's default for objects


def test_dot_segments_and_cookie_injection_are_impossible(kinds: ModuleType, server: RecordingServer) -> None:
    with kinds.Client(api_key="k", base_url=server.url) as client:
        for bad in (".", ".."):
            with pytest.raises(ValueError, match="must not be"):
                client.pets.get_pet(pet_id=bad)
        server.replies.append(Reply(chunks=[b'{"id": 1, "kind": "cat"}']))
        client.pets.get_pet(pet_id="a.b", session="a; admin=1")
    assert len(server.seen) == 1 and server.seen[0].path == "/pets/a.b"
    assert server.seen[0].headers["cookie"] == "session=a%3B%20admin%3D1"
