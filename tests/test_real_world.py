"""What real published specs do, from tests/specs/real_world.yaml and tests/specs/split/: each
shape once broke the generator (found by the APIs-guru corpus and by an independent mock
server). Lenient by default (a located warning, and the intent carried out), errors with
--strict; the package type-checks and behaves against a server on 127.0.0.1."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from conftest import ROOT, import_generated, run_cli
from recording_server import RecordingServer, Reply
from test_golden import tree

SPECS = ROOT / "tests" / "specs"
REAL_WORLD = SPECS / "real_world.yaml"
SPLIT = SPECS / "split" / "openapi.yaml"

# code -> a piece of its located warning line
LENIENT = {
    "param-undeclared": "real_world.yaml:81:5: warning[param-undeclared] at #/paths/~1export?filename={filename}/get:",
    "param-not-required": "path parameter 'conversation_id' is not `required: true`; taken as required",
    "duplicate-operation-id": "operationId 'getSitesByTags' is used twice (first at #/paths/~1tags~1{id}~1sites/get); "
    "this one is named 'getSitesByIdTags'",
    "duplicate-method": "named conversations.post_conversations_by_conversation_id_offer()",
    "bad-default": "default '' is invalid: not a date (YYYY-MM-DD); left out of the docs",
    "name-collision": "stream method 'chat_stream' collides with 'POST /chat/stream'; named 'chat_as_stream'",
    "bad-mapping": "discriminator mapping 'gone' -> 'models/missing.yml#/Gone' cannot be used",
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("real_world") / "out"
    result = run_cli(str(REAL_WORLD), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out, result.stderr


@pytest.fixture(scope="module")
def rw(generated: tuple[Path, str]) -> ModuleType:
    return import_generated(generated[0], "real_world_test_api")


@pytest.fixture()
def server() -> Iterator[RecordingServer]:
    with RecordingServer() as srv:
        yield srv


@pytest.mark.parametrize("code", sorted(LENIENT))
def test_lenient_cases_warn_with_a_location_and_generate(generated: tuple[Path, str], code: str) -> None:
    lines = [line for line in generated[1].splitlines() if f"warning[{code}]" in line]
    assert any(LENIENT[code] in line for line in lines), generated[1]
    assert all(line.startswith("real_world.yaml:") and " at #/" in line for line in lines)


def test_strict_turns_each_into_an_error_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(ROOT / "generated", out)
    before = tree(out)
    result = run_cli(str(REAL_WORLD), "-o", str(out), "--strict")
    assert result.returncode == 2
    for code in LENIENT:
        assert f"error[{code}]" in result.stderr, code
    assert "Traceback" not in result.stderr
    assert tree(out) == before


def test_the_package_passes_mypy_strict(generated: tuple[Path, str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "real_world_test_api"],
        cwd=generated[0],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_ruff_defaults_and_pyright_strict_pass(generated: tuple[Path, str], tmp_path: Path) -> None:
    from linters import pyright_findings, ruff_findings

    assert ruff_findings(generated[0]) == ""
    assert pyright_findings(generated[0], tmp_path) == ""


def test_method_variants_share_one_scope_with_operations(rw: ModuleType, server: RecordingServer) -> None:
    server.replies += [
        Reply(chunks=[b'{"text": "a"}']),
        Reply(chunks=[b'{"text": "b"}']),
        Reply(content_type="text/event-stream", chunks=[b'data: {"text": "c"}\n\n']),
    ]
    with rw.Client(base_url=server.url) as client:
        assert client.chat.chat(prompt="x").text == "a"
        assert client.chat.chat_stream().text == "b"  # the operation chatStream keeps its name
        with client.chat.chat_as_stream(prompt="x") as events:  # chat's stream twin moved aside
            assert [e.text for e in events] == ["c"]
    assert [s.path for s in server.seen] == ["/chat", "/chat/stream", "/chat"]
    assert b'"stream":true' in server.seen[2].body.replace(b" ", b"")


def test_colliding_operations_both_stay_callable(rw: ModuleType, server: RecordingServer) -> None:
    with rw.Client(base_url=server.url) as client:
        client.conversations.post_conversations_by_offer(id="1")
        client.conversations.post_conversations_by_conversation_id_offer(conversation_id="2")
        client.sites.get_sites_by_tags(id=3)
        client.sites.get_sites_by_id_tags(id=4)
    assert [s.path for s in server.seen] == ["/conversations/1/offer", "/conversations/2/offer", "/tags/3/sites", "/sites/4/tags"]


def test_undeclared_template_variable_becomes_a_required_argument(rw: ModuleType, server: RecordingServer) -> None:
    with rw.Client(base_url=server.url) as client:
        client.export.export(filename="a b.csv", when="2024-01-01")
    assert server.seen[0].path == "/export"
    assert server.seen[0].query == [("filename", "a b.csv"), ("when", "2024-01-01")]


def test_a_binary_string_under_a_json_media_type_is_bytes(rw: ModuleType, server: RecordingServer) -> None:
    server.replies.append(Reply(content_type="application/json", chunks=[b"a,b\n1,2\n"]))
    with rw.Client(base_url=server.url) as client:
        assert client.export.report() == b"a,b\n1,2\n"


def test_files_choose_multipart_over_json(rw: ModuleType, server: RecordingServer) -> None:
    server.replies.append(Reply(chunks=[b'{"id": "u", "file": null, "metadata": null}']))
    with rw.Client(base_url=server.url) as client:
        client.files.create_file(file=("a.png", b"\x89PNG"), purpose="x")
    seen = server.seen[0]
    assert seen.headers["content-type"].startswith("multipart/form-data")
    assert b'name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG' in seen.body


def test_non_json_responses_send_their_media_type_as_accept(rw: ModuleType, server: RecordingServer, tmp_path: Path) -> None:
    server.replies += [
        Reply(content_type="audio/mpeg", chunks=[b"ID3"]),
        Reply(content_type="application/sdp", chunks=[b"v=0"]),
        Reply(content_type="audio/mpeg", chunks=[b"ID3"]),
    ]
    with rw.Client(base_url=server.url) as client:
        assert client.audio.speak() == b"ID3"
        assert client.audio.offer() == b"v=0"
        client.audio.speak_to_file(destination=tmp_path / "a.mp3")
    assert [s.headers["accept"] for s in server.seen] == ["audio/mpeg", "application/sdp", "audio/mpeg"]


def test_null_through_refs_and_all_of_round_trips(rw: ModuleType) -> None:
    upload = {"id": "u", "file": None, "metadata": None, "note": None}
    assert rw.models.Upload.from_dict(upload).to_dict() == upload
    assert rw.models.Upload.from_dict({"id": "u", "file": None, "metadata": {"k": "v"}}).to_dict() == {
        "id": "u",
        "file": None,
        "metadata": {"k": "v"},
    }  # note absent stays absent


def test_read_only_and_write_only_apply_per_direction(rw: ModuleType) -> None:
    reply = rw.models.Reply.from_dict({"text": "hi", "id": "r1"})  # a response never carries writeOnly `secret`
    assert (reply.text, reply.id, reply.secret) == ("hi", "r1", None)
    assert rw.models.Reply(text="hi", secret="s").to_dict() == {"text": "hi", "secret": "s"}  # a request without readOnly `id`


def test_enum_of_only_null_and_empty_enum(rw: ModuleType) -> None:
    reply = rw.models.Reply.from_dict({"text": "t", "nothing": None, "kind": "anything"})
    assert reply.nothing is None and reply.kind == "anything"


def test_all_of_cycles_generate_models(rw: ModuleType) -> None:
    child = rw.models.Child.from_dict({"p": "x", "c": 1, "up": {"p": "y", "c": 2}})
    assert (child.p, child.c, child.up.p) == ("x", 1, "y")
    assert rw.models.Ring1.from_dict({"r": "z"}).r == "z"


def test_operation_written_as_a_ref_to_another_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(str(SPLIT), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "warning[operation-ref] at #/paths/~1pets~1{petId}/get" in result.stderr
    assert "param-undeclared" not in result.stderr
    split = import_generated(out, "split_test_api")
    with RecordingServer() as srv:
        srv.replies.append(Reply(chunks=[b'{"name": "rex"}']))
        with split.Client(base_url=srv.url) as client:
            assert client.pets.get_pet(pet_id="a/b").name == "rex"
        assert srv.seen[0].path == "/pets/a%2Fb"
    assert run_cli(str(SPLIT), "-o", str(tmp_path / "strict"), "--strict").returncode == 2


def test_extra_body_adds_fields_to_json_multipart_and_bodyless_requests(rw: ModuleType, server: RecordingServer) -> None:
    import json

    server.replies += [
        Reply(chunks=[b'{"text": "a"}']),
        Reply(chunks=[b'{"id": "u", "file": null, "metadata": null}']),
        Reply(chunks=[b'{"text": "b"}']),
    ]
    with rw.Client(base_url=server.url) as client:
        client.chat.chat(prompt="x", extra_body={"temperature": 0.5})
        client.files.create_file(file=b"\x89PNG", extra_body={"note": "n"})
        client.chat.chat_stream(extra_body={"hint": True})
    assert json.loads(server.seen[0].body) == {"prompt": "x", "temperature": 0.5}
    assert b'name="note"\r\n\r\nn\r\n' in server.seen[1].body
    assert json.loads(server.seen[2].body) == {"hint": True}
    assert server.seen[2].headers["content-type"] == "application/json"
