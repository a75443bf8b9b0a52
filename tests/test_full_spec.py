"""OpenAI's whole published spec: it generates, type-checks, imports lazily, and a sample of its
operations (every body, response and parameter kind it has, SSE included) works against a
local server, sync and async."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT, black_check, import_generated, run_cli
from openai_pages import files_page
from recording_server import RecordingServer, Reply

FULL_SPEC = ROOT / "tests" / "specs" / "openai-openapi.yaml"  # vendored: see tests/specs/SOURCES.md


@pytest.fixture(scope="module")
def full_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("full") / "out"
    targets = ["--target", "python", "--target", "cli", "--target", "docs"]
    result = run_cli(str(FULL_SPEC), "-o", str(out), "--package-name", "openai_full", *targets)
    assert result.returncode == 0, result.stderr[-3000:]
    return out, result.stderr


@pytest.fixture(scope="module")
def full(full_out: tuple[Path, str]) -> ModuleType:
    return import_generated(full_out[0], "openai_full")


@pytest.fixture()
def server() -> Iterator[RecordingServer]:
    with RecordingServer() as srv:
        yield srv


def client(full: ModuleType, server: RecordingServer) -> object:
    return full.Client(api_key="sk-test", base_url=server.url + "/v1", timeout=10.0)


def test_black_changes_nothing_in_the_whole_package(full_out: tuple[Path, str]) -> None:
    """The generator lays out every file as black would (running black itself only on the
    statements it leaves to black); black over the whole output is the proof."""
    result = black_check(full_out[0])
    assert result.returncode == 0, result.stderr[-3000:]


def test_every_operation_and_no_unresolved_names(full_out: tuple[Path, str], full: ModuleType) -> None:
    out, stderr = full_out
    warnings = [line for line in stderr.splitlines() if "warning[" in line]
    # Only findings about the spec itself: the validator's, and defaults its schemas refuse.
    assert all("warning[invalid-spec]" in w or "warning[default-mismatch]" in w for w in warnings), warnings
    operations = sum(1 for line in FULL_SPEC.read_text().splitlines() if line.startswith("      operationId:"))
    assert operations == 288
    sync_ops = sum(
        1
        for m in (out / "openai_full" / "resources").glob("*.py")
        for line in m.read_text().splitlines()
        if line.startswith("    def ") and not line.startswith("    def __init__")
    )
    assert sync_ops >= operations  # plus _stream and _to_file variants
    # No numbered names of our making: a name ends in digits only where the spec's key does.
    import re

    import yaml

    keys = yaml.load(FULL_SPEC.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["components"]["schemas"]
    from generator.pynames import class_name

    spec_numbered = {class_name(k) for k in keys if re.search(r"\d$", k)}
    ours = [n for n in full.models.__all__ if re.search(r"\d$", n) and n not in spec_numbered]
    assert len(ours) <= 2, ours  # only inline union members that nothing else tells apart


def test_mypy_strict_on_the_whole_package(full_out: tuple[Path, str], tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "c"), "openai_full"],
        cwd=full_out[0],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_ruff_defaults_on_the_whole_package_and_pyright_strict_on_a_sample(full_out: tuple[Path, str], tmp_path: Path) -> None:
    """ruff reads all 2,000 modules in a second; pyright strict takes a minute for them, so the
    suite gives it the client, the runtime and the resources with every body and response kind
    (benchmarks/lint_full_spec.py runs it on the whole package: 0 findings)."""
    from linters import pyright_findings, ruff_findings

    assert ruff_findings(full_out[0]) == ""
    package = full_out[0] / "openai_full"
    sample = [package / "_client.py", *sorted(package.glob("_[!_]*.py"))]
    sample += [package / "resources" / f"{name}.py" for name in ("audio", "chat", "containers", "files", "responses", "skills")]
    assert pyright_findings(package, tmp_path, files=sample) == ""


def test_import_and_first_resource_access_stay_lazy(full_out: tuple[Path, str]) -> None:
    code = (
        "import sys, openai_full\n"
        "before = sum(m.startswith('openai_full.models.') for m in sys.modules)\n"
        "openai_full.Client(api_key='k').embeddings\n"
        "after = sum(m.startswith('openai_full.models.') for m in sys.modules)\n"
        "print(before, after, len(openai_full.models.__all__))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=full_out[0], capture_output=True, text=True, check=True)
    before, after, total = map(int, out.stdout.split())
    assert before == 0 and after < 20 and total > 1000


def test_json_body_and_json_model_response(full: ModuleType, server: RecordingServer) -> None:
    server.replies.append(
        Reply(
            chunks=[
                json.dumps(
                    {
                        "object": "list",
                        "model": "m",
                        "data": [{"object": "embedding", "index": 0, "embedding": [0.5, 1]}],
                        "usage": {"prompt_tokens": 1, "total_tokens": 1},
                    }
                ).encode()
            ]
        )
    )
    result = client(full, server).embeddings.create_embedding(input="hello", model="text-embedding-3-small", dimensions=2)
    assert result.data[0].embedding == [0.5, 1.0] and result.usage.total_tokens == 1
    seen = server.seen[0]
    assert (seen.method, seen.path, seen.headers["content-type"]) == ("POST", "/v1/embeddings", "application/json")
    assert json.loads(seen.body) == {"input": "hello", "model": "text-embedding-3-small", "dimensions": 2}


def _chunk(i: int) -> bytes:
    event = {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": f"tok{i}"}, "finish_reason": None}],
    }
    return f"data: {json.dumps(event)}\n\n".encode()


def test_sse_stream_sync_typed_events_and_done(full: ModuleType, server: RecordingServer) -> None:
    server.replies.append(
        Reply(content_type="text/event-stream", chunks=[_chunk(0), b": keep-alive\n\n", _chunk(1), b"data: [DONE]\n\n"])
    )
    messages = [full.models.ChatCompletionRequestUserMessage(role="user", content="hi")]
    with client(full, server).chat.create_chat_completion_stream(messages=messages, model="gpt-4o") as stream:
        events = list(stream)
    assert [e.choices[0].delta.content for e in events] == ["tok0", "tok1"]
    assert isinstance(events[0], full.models.CreateChatCompletionStreamResponse)
    seen = server.seen[0]
    assert json.loads(seen.body)["stream"] is True and seen.headers["accept"] == "text/event-stream"
    assert json.loads(seen.body)["messages"] == [{"role": "user", "content": "hi"}]


def test_sse_stream_closes_the_connection_when_the_caller_stops_early(full: ModuleType, server: RecordingServer) -> None:
    server.replies.append(Reply(content_type="text/event-stream", chunks=[_chunk(i) for i in range(40)], delay=0.05))
    stream = client(full, server).chat.create_chat_completion_stream(messages=[{"role": "user", "content": "hi"}], model="gpt-4o")
    for event in stream:
        assert event.choices[0].delta.content == "tok0"
        break
    assert stream.response.is_closed
    for _ in range(100):  # the server notices within a few chunks
        if server.seen[0].disconnected:
            break
        asyncio.run(asyncio.sleep(0.05))
    assert server.seen[0].disconnected


def test_sse_stream_async(full: ModuleType, server: RecordingServer) -> None:
    server.replies.append(Reply(content_type="text/event-stream", chunks=[_chunk(0), _chunk(1), b"data: [DONE]\n\n"], delay=0.01))

    async def main() -> list[str]:
        async with full.AsyncClient(api_key="k", base_url=server.url + "/v1") as aclient:
            stream = await aclient.chat.create_chat_completion_stream(messages=[{"role": "user", "content": "x"}], model="m")
            async with stream:
                return [e.choices[0].delta.content async for e in stream]

    assert asyncio.run(main()) == ["tok0", "tok1"]


def test_multipart_with_file_arrays_and_json_parts(full: ModuleType, server: RecordingServer) -> None:
    server.replies.append(Reply(chunks=[b'{"text": "hello"}']))
    result = client(full, server).audio.create_transcription(
        file=("talk.mp3", b"ID3data"), model="whisper-1", include=["logprobs"], temperature=0.5
    )
    assert result.text == "hello"
    seen = server.seen[0]
    assert seen.headers["content-type"].startswith("multipart/form-data; boundary=")
    body = seen.body.decode()
    assert 'name="file"; filename="talk.mp3"\r\nContent-Type: audio/mpeg' in body
    assert 'name="model"\r\n\r\nwhisper-1' in body and 'name="temperature"\r\n\r\n0.5' in body
    assert 'name="include"\r\n\r\nlogprobs' in body


def test_path_parameters_are_percent_encoded_and_never_empty(full: ModuleType, server: RecordingServer) -> None:
    server.replies.append(
        Reply(
            chunks=[
                json.dumps(
                    {
                        "id": "a/b c",
                        "object": "file",
                        "bytes": 1,
                        "created_at": 1,
                        "filename": "f",
                        "purpose": "assistants",
                        "status": "processed",
                    }
                ).encode()
            ]
        )
    )
    c = client(full, server)
    assert c.files.retrieve_file(file_id="a/b c?").id == "a/b c"
    assert server.seen[0].path == "/v1/files/a%2Fb%20c%3F"
    with pytest.raises(ValueError, match="file_id"):
        c.files.retrieve_file(file_id="")
    assert len(server.seen) == 1


def test_query_arrays_deep_objects_and_header_arrays(full: ModuleType, server: RecordingServer) -> None:
    c = client(full, server)
    server.replies.append(Reply(chunks=[b'{"object": "list", "data": [], "has_more": false}']))
    c.fine_tuning.list_paginated_fine_tuning_jobs(limit=5, metadata={"team": "a b", "x": "1"})
    assert server.seen[-1].query == [("limit", "5"), ("metadata[team]", "a b"), ("metadata[x]", "1")]
    server.replies.append(Reply(chunks=[b'{"object": "list", "data": [], "has_more": false, "first_id": "a", "last_id": "b"}']))
    c.conversations.create_conversation_items(conversation_id="conv_1", items=[], include=["a", "b"])
    assert server.seen[-1].query == [("include", "a"), ("include", "b")]
    server.replies.append(Reply(status=400, chunks=[b'{"error": {"message": "nope", "type": "invalid_request_error"}}']))
    with pytest.raises(full.BadRequestError):
        c.responses.beta_create_response(openai_beta=["responses_multi_agent=v1"])
    assert server.seen[-1].headers["openai-beta"] == "responses_multi_agent=v1"
    assert dict(server.seen[-1].query) == {"beta": "true"}


def test_no_content_response(full: ModuleType, server: RecordingServer) -> None:
    server.replies.append(Reply(status=204, chunks=[]))
    assert client(full, server).containers.delete_container(container_id="c1") is None
    assert (server.seen[0].method, server.seen[0].path) == ("DELETE", "/v1/containers/c1")


def test_binary_response_as_bytes_and_streamed_to_a_file(full: ModuleType, server: RecordingServer, tmp_path: Path) -> None:
    audio = bytes(range(256)) * 64
    c = client(full, server)
    server.replies.append(Reply(content_type="application/octet-stream", chunks=[audio]))
    assert c.audio.create_speech(model="tts-1", input="hi", voice="alloy") == audio
    server.replies.append(
        Reply(
            content_type="application/octet-stream", chunks=[audio[i : i + 1000] for i in range(0, len(audio), 1000)], delay=0.001
        )
    )
    target = tmp_path / "speech.mp3"
    assert c.audio.create_speech_to_file(destination=target, model="tts-1", input="hi", voice="alloy") is None
    assert target.read_bytes() == audio
    server.replies.append(Reply(content_type="application/octet-stream", chunks=[audio]))
    sink = io.BytesIO()
    asyncio.run(_async_download(full, server, sink))
    assert sink.getvalue() == audio


async def _async_download(full: ModuleType, server: RecordingServer, sink: io.BytesIO) -> None:
    async with full.AsyncClient(api_key="k", base_url=server.url + "/v1") as aclient:
        await aclient.audio.create_speech_to_file(destination=sink, model="tts-1", input="hi", voice="alloy")


def test_no_unused_imports_or_undefined_names(full_out: tuple[Path, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "F,E9", "--output-format", "concise", str(full_out[0])],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_every_python_example_in_the_docs_type_checks(full_out: tuple[Path, str], tmp_path: Path) -> None:
    import re

    examples = tmp_path / "examples"
    examples.mkdir()
    for page in (full_out[0] / "docs").rglob("*.md"):
        text = page.read_text()
        if "## Example: Python" in text:
            code = re.search(r"```python\n(.*?)```", text.split("## Example: Python", 1)[1], re.DOTALL)
            assert code is not None, page
            (examples / f"{page.parent.name}__{page.stem}.py").write_text(code.group(1))
    assert len(list(examples.iterdir())) == 288
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "c"), str(examples)],
        cwd=full_out[0],
        capture_output=True,
        text=True,
        timeout=600,
        env={**__import__("os").environ, "MYPYPATH": str(full_out[0])},
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_sse_lines_split_only_at_cr_and_lf_with_bom_and_data_less_events(full: ModuleType, server: RecordingServer) -> None:
    tricky = _chunk(0).replace(b"tok0", "tok\u2028line".encode())  # U+2028 raw inside the JSON
    server.replies.append(
        Reply(
            content_type="text/event-stream",
            chunks=[
                b"\xef\xbb\xbf" + tricky.replace(b"\n\n", b"\r\n\r\n"),
                b"event: ping\r\r",
                _chunk(1).replace(b"\n", b"\r"),
                b"data: [DONE]\n\n",
            ],
            delay=0.01,
        )
    )
    with client(full, server).chat.create_chat_completion_stream(
        messages=[{"role": "user", "content": "x"}], model="m"
    ) as events:
        assert [e.choices[0].delta.content for e in events] == ["tok\u2028line", "tok1"]


def test_a_failed_download_leaves_the_destination_as_it_was(full: ModuleType, server: RecordingServer, tmp_path: Path) -> None:
    target = tmp_path / "speech.mp3"
    target.write_bytes(b"precious")
    server.replies += [Reply(content_type="application/octet-stream", chunks=[b"x" * 10_000], drop=True)]
    c = full.Client(api_key="k", base_url=server.url + "/v1", max_retries=0)
    with pytest.raises(full.APIConnectionError):
        c.audio.create_speech_to_file(destination=target, model="tts-1", input="hi", voice="alloy")
    assert target.read_bytes() == b"precious" and sorted(p.name for p in tmp_path.iterdir()) == ["speech.mp3"]


def test_bodies_offered_as_json_and_multipart_with_files_go_as_multipart(full: ModuleType, server: RecordingServer) -> None:
    """Bug from an independent mock server: JSON was chosen, so the file was dropped ({} sent)."""
    c = client(full, server)
    server.replies.append(
        Reply(
            chunks=[
                b'{"id": "cf_1", "object": "container.file", "created_at": 1, "bytes": 3, '
                b'"container_id": "c", "path": "/a", "source": "user"}'
            ]
        )
    )
    c.containers.create_container_file(container_id="c", file=("a.txt", b"abc"))
    server.replies.append(Reply(chunks=[b"{}"]))
    try:
        c.skills.create_skill(files=[("SKILL.md", b"# skill")])
    except full.ResponseValidationError:
        pass  # the reply is not a Skill; the request is what this test reads
    for seen, name in zip(server.seen, ("file", "files")):
        assert seen.headers["content-type"].startswith("multipart/form-data; boundary="), seen.headers
        assert f'name="{name}"; filename='.encode() in seen.body, seen.body[:300]


def test_nullability_through_refs_and_all_of_round_trips(full: ModuleType) -> None:
    models = full.models
    upload = {
        "id": "u",
        "created_at": 1,
        "filename": "f",
        "bytes": 1,
        "purpose": "p",
        "status": "pending",
        "expires_at": 2,
        "object": "upload",
        "file": None,
    }
    assert models.Upload.from_dict(upload).to_dict() == upload  # file: null, not dropped
    del upload["file"]
    assert "file" not in models.Upload.from_dict(upload).to_dict()  # absent stays absent
    batch = models.Batch.from_dict(
        {
            "id": "b",
            "object": "batch",
            "endpoint": "/v1/x",
            "input_file_id": "f",
            "completion_window": "24h",
            "status": "completed",
            "created_at": 1,
            "metadata": None,
        }
    )
    assert batch.to_dict()["metadata"] is None


def test_non_json_responses_ask_for_their_own_media_type(full: ModuleType, server: RecordingServer) -> None:
    c = client(full, server)
    server.replies.append(Reply(content_type="application/octet-stream", chunks=[b"ID3"]))
    c.audio.create_speech(model="tts-1", input="hi", voice="alloy")
    server.replies.append(Reply(chunks=[b'{"object": "list", "data": [], "has_more": false}']))
    c.models.list_models()
    accepts = [seen.headers["accept"] for seen in server.seen]
    assert accepts[0] != "application/json" and "application/json" not in accepts[0], accepts
    assert accepts[1] == "application/json"


def test_the_command_line_answers_help_for_every_operation(full_out: tuple[Path, str]) -> None:
    """One process walks every resource and operation of the full spec's CLI, as a user's
    ``python -m openai_full <resource> <operation> --help`` would, and counts the answers."""
    code = """
import contextlib, importlib, io, json
from openai_full._cli import RESOURCES, main
answered, failures = 0, []
for name, (module, _, _) in RESOURCES.items():
    for command in importlib.import_module("openai_full._cli." + module).COMMANDS:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main([name, command, "--help"])
        if code == 0 and out.getvalue().startswith("usage: python -m openai_full " + name + " " + command):
            answered += 1
        else:
            failures.append((name, command, code))
print(json.dumps([answered, failures[:5]]))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=full_out[0], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    answered, failures = json.loads(result.stdout.splitlines()[-1])
    assert failures == [] and answered == 288
    top = subprocess.run([sys.executable, "-m", "openai_full", "--help"], cwd=full_out[0], capture_output=True, text=True)
    assert top.returncode == 0 and "chat" in top.stdout and "images" in top.stdout


def test_validator_findings_do_not_depend_on_the_hash_seed() -> None:
    """openapi-spec-validator's findings depend on string hashing (the order it visits schemas
    in); the generator validates in a child with a fixed seed, so the manifest is the same
    whatever the parent's seed."""
    code = (
        "import json, sys\nfrom pathlib import Path\nfrom generator.loader import validate as v\n"
        "print(json.dumps(v.start(Path(sys.argv[1]), allow_outside_refs=False).wait(lambda: None)))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        result = subprocess.run(
            [sys.executable, "-c", code, str(FULL_SPEC)], capture_output=True, text=True, env=env, timeout=300
        )
        assert result.returncode == 0, result.stderr[-2000:]
        outputs.add(result.stdout)
    assert len(outputs) == 1 and len(json.loads(outputs.pop())) > 10


def test_a_one_summary_edit_changes_only_the_files_that_show_it(full_out: tuple[Path, str], tmp_path: Path) -> None:
    """Headers carry no hash of the spec, so editing one operation's summary rewrites the files
    that show the summary (its resource module, its command table, its docs page, the docs'
    index, its resource's HTML page and the search index) and the manifest: no more. With the
    default targets (python and docs) that is 6 files; the cli target adds its command table."""
    import shutil

    out, _ = full_out
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    spec = tmp_path / FULL_SPEC.name
    text = FULL_SPEC.read_text()
    assert text.count("summary: Delete a fine-tuned model.") == 1
    spec.write_text(text.replace("summary: Delete a fine-tuned model.", "summary: Delete a fine-tuned model you own."))
    before = {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    targets = ["--target", "python", "--target", "cli", "--target", "docs"]
    result = run_cli(str(spec), "-o", str(copy), "--package-name", "openai_full", *targets)
    assert result.returncode == 0, result.stderr[-2000:]
    after = {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    changed = sorted(str(rel) for rel in after if before.get(rel) != after[rel])
    assert changed == [
        ".pyclientgen-manifest.json",
        "docs/index.md",
        "docs/models/delete_model.md",
        "docs/reference/models.html",
        "docs/reference/search.js",
        "openai_full/_cli/models.py",
        "openai_full/resources/models.py",
    ], changed
    assert len([c for c in changed if "/_cli/" not in c]) == 6  # the default targets' share


def test_a_list_method_returns_a_page_that_walks_every_page(full: ModuleType, server: RecordingServer) -> None:
    """Iterating list_files(limit=2) against two pages yields all four files; the second request
    carries after=<the first page's last_id> (ir/pagination.py recognised the cursor)."""
    server.replies += [files_page([1, 2], True), files_page([3, 4], False), files_page([3, 4], False)]
    page = client(full, server).files.list_files(limit=2)  # type: ignore[attr-defined]
    assert page.has_more is True and page.last_id == "file-2"  # the response's fields, read as before
    assert [f.id for f in page] == ["file-1", "file-2", "file-3", "file-4"]
    assert [s.query for s in server.seen] == [[("limit", "2")], [("limit", "2"), ("after", "file-2")]]
    last = page.next_page()  # fetched again: a page does not keep the pages after it
    assert [f.id for f in last.data] == ["file-3", "file-4"] and not last.has_next_page()
    with pytest.raises(StopIteration):
        last.next_page()


def test_the_async_page_walks_every_page_with_async_for(full: ModuleType, server: RecordingServer) -> None:
    server.replies += [files_page([1, 2], True), files_page([3, 4], False), files_page([3, 4], False)]

    async def walk() -> list[str]:
        async with full.AsyncClient(api_key="sk-test", base_url=server.url + "/v1", timeout=10.0) as aclient:
            page = await aclient.files.list_files(limit=2)
            pages = [p async for p in page.iter_pages()]
            assert len(pages) == 2
            return [f.id async for f in page]

    assert asyncio.run(walk()) == ["file-1", "file-2", "file-3", "file-4"]
    assert [s.query for s in server.seen][:2] == [[("limit", "2")], [("limit", "2"), ("after", "file-2")]]


def test_the_command_line_follows_every_page_with_all(full_out: tuple[Path, str], server: RecordingServer) -> None:
    server.replies += [files_page([1, 2], True), files_page([3, 4], False)]
    args = [sys.executable, "-m", "openai_full", "files", "list-files", "--limit", "2", "--all"]
    args += ["--base-url", server.url + "/v1", "--api-key", "sk-test"]
    result = subprocess.run(args, cwd=full_out[0], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["file-1", "file-2", "file-3", "file-4"]
    assert [s.query for s in server.seen] == [[("limit", "2")], [("limit", "2"), ("after", "file-2")]]
