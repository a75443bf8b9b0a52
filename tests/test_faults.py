"""The generated runtime under faults, against a misbehaving server on 127.0.0.1: retries with
backoff and Retry-After, typed errors, timeouts, bad bodies, dropped connections, raw access,
client-side checks, options and logging. Sync and async for each; short timeouts and backoff
keep it fast, and nothing leaves loopback."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from recording_server import RecordingServer, Reply

PNG = b"\x89PNG\r\n\x1a\n"
OK = json.dumps({"created": 1, "data": [{"url": "https://example.com/x.png"}]}).encode()
ERROR = json.dumps(
    {"error": {"message": "Bad size", "type": "invalid_request_error", "param": "size", "code": "bad_size"}}
).encode()


@pytest.fixture()
def server() -> Iterator[RecordingServer]:
    with RecordingServer() as srv:
        yield srv


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest, committed_client: ModuleType, server: RecordingServer) -> Callable[..., Any]:
    """Make one create_variation call with the given client options, sync or async."""

    def run(options: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        opts = {
            "api_key": "sk-test",
            "base_url": server.url + "/v1",
            "initial_retry_delay": 0.01,
            "max_retry_delay": 0.05,
            "timeout": 5.0,
            **(options or {}),
        }
        if request.param == "sync":
            with committed_client.Client(**opts) as client:
                return client.images.create_variation(image=PNG, **kwargs)

        async def main() -> Any:
            async with committed_client.AsyncClient(**opts) as client:
                return await client.images.create_variation(image=PNG, **kwargs)

        return asyncio.run(main())

    return run


def test_500_500_200_is_three_attempts_then_success(call: Callable[..., Any], server: RecordingServer) -> None:
    server.replies += [Reply(status=500, chunks=[b"{}"]), Reply(status=503, chunks=[b"oops"]), Reply(chunks=[OK])]
    assert call().created == 1
    assert len(server.seen) == 3
    assert len({s.body for s in server.seen}) == 1  # the same upload, whole, every time


def test_429_with_retry_after_waits_that_long(call: Callable[..., Any], server: RecordingServer) -> None:
    server.replies += [Reply(status=429, headers={"Retry-After": "1"}, chunks=[ERROR]), Reply(chunks=[OK])]
    started = time.monotonic()
    assert call().created == 1
    assert 0.9 <= time.monotonic() - started < 3.0
    assert len(server.seen) == 2


def test_retry_after_ms_is_honoured(call: Callable[..., Any], server: RecordingServer) -> None:
    server.replies += [Reply(status=503, headers={"retry-after-ms": "300"}, chunks=[b"{}"]), Reply(chunks=[OK])]
    started = time.monotonic()
    call()
    assert 0.25 <= time.monotonic() - started < 2.0


def test_429_every_time_is_three_attempts_then_rate_limit_error(
    committed_client: ModuleType, call: Callable[..., Any], server: RecordingServer
) -> None:
    server.replies += [Reply(status=429, chunks=[ERROR]) for _ in range(3)]
    with pytest.raises(committed_client.RateLimitError) as info:
        call()
    assert len(server.seen) == 3 and info.value.status_code == 429


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (422, "UnprocessableEntityError"),
    ],
)
def test_client_errors_are_typed_and_not_retried(
    committed_client: ModuleType, call: Callable[..., Any], server: RecordingServer, status: int, error: str
) -> None:
    server.replies.append(Reply(status=status, chunks=[ERROR], headers={"x-request-id": "req_42"}))
    with pytest.raises(getattr(committed_client, error)) as info:
        call()
    err = info.value
    assert isinstance(err, committed_client.APIStatusError) and isinstance(err, committed_client.APIError)
    assert (err.status_code, err.message, err.code, err.type, err.param, err.request_id) == (
        status,
        "Bad size",
        "bad_size",
        "invalid_request_error",
        "size",
        "req_42",
    )
    assert err.body == json.loads(ERROR) and err.headers["x-request-id"] == "req_42"
    assert len(server.seen) == 1


def test_x_should_retry_overrides_the_status(
    committed_client: ModuleType, call: Callable[..., Any], server: RecordingServer
) -> None:
    server.replies += [Reply(status=400, headers={"x-should-retry": "true"}, chunks=[ERROR]), Reply(chunks=[OK])]
    assert call().created == 1
    server.replies += [Reply(status=500, headers={"x-should-retry": "false"}, chunks=[ERROR])]
    with pytest.raises(committed_client.InternalServerError):
        call()
    assert len(server.seen) == 3


def test_max_retries_zero_is_one_attempt(committed_client: ModuleType, call: Callable[..., Any], server: RecordingServer) -> None:
    server.replies += [Reply(status=500, chunks=[b"{}"]), Reply(chunks=[OK])]
    with pytest.raises(committed_client.InternalServerError):
        call({"max_retries": 0})
    assert len(server.seen) == 1


def test_invalid_json_and_wrong_shape_are_response_validation_errors(
    committed_client: ModuleType, call: Callable[..., Any], server: RecordingServer
) -> None:
    server.replies.append(Reply(chunks=[b"<html>oops</html>"]))
    with pytest.raises(committed_client.ResponseValidationError, match="not valid JSON: '<html>oops</html>'"):
        call()
    server.replies.append(Reply(chunks=[b'{"created": "yesterday"}']))
    with pytest.raises(committed_client.ResponseValidationError) as info:
        call()
    message = str(info.value)
    assert "ImagesResponse.created: expected integer, received str 'yesterday'" in message
    assert 'body: \'{"created": "yesterday"}\'' in message
    assert isinstance(info.value.__cause__, committed_client.ModelValidationError)
    assert len(server.seen) == 2  # a 2xx is never retried


def test_a_stalled_server_times_out_after_retries(
    committed_client: ModuleType, call: Callable[..., Any], server: RecordingServer
) -> None:
    server.replies += [Reply(stall=1.0, chunks=[OK]) for _ in range(2)]
    started = time.monotonic()
    with pytest.raises(committed_client.APITimeoutError):
        call({"timeout": 0.3, "max_retries": 1})
    assert time.monotonic() - started < 2.0 and len(server.seen) == 2


def test_per_call_timeout_overrides_the_client(
    committed_client: ModuleType, call: Callable[..., Any], server: RecordingServer
) -> None:
    server.replies += [Reply(stall=0.5, chunks=[OK])]
    with pytest.raises(committed_client.APITimeoutError):
        call({"max_retries": 0, "timeout": 10.0}, timeout=0.2)


def test_a_closed_port_is_a_connection_error(committed_client: ModuleType, call: Callable[..., Any]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(committed_client.APIConnectionError) as info:
        call({"base_url": f"http://127.0.0.1:{port}/v1", "max_retries": 1})
    assert not isinstance(info.value, committed_client.APITimeoutError)


def test_a_connection_dropped_mid_response_is_retried(
    committed_client: ModuleType, call: Callable[..., Any], server: RecordingServer
) -> None:
    server.replies += [Reply(chunks=[OK], drop=True), Reply(chunks=[OK])]
    assert call().created == 1
    server.replies += [Reply(chunks=[OK], drop=True) for _ in range(3)]
    with pytest.raises(committed_client.APIConnectionError):
        call()


def test_client_side_checks_before_any_byte_is_sent(
    committed_client: ModuleType, call: Callable[..., Any], server: RecordingServer
) -> None:
    for kwargs, message in (
        ({"n": 0}, "n: must be at least 1, got 0"),
        ({"n": 11}, "n: must be at most 10, got 11"),
        ({"size": "2x2"}, "size: must be one of '256x256', '512x512', '1024x1024', got '2x2'"),
    ):
        with pytest.raises(ValueError, match=message):
            call(**kwargs)
    with pytest.raises(TypeError, match="image"):
        committed_client.Client(api_key="k").images.create_variation()  # missing required argument
    assert server.seen == []
    server.replies.append(Reply(status=400, chunks=[ERROR]))
    with pytest.raises(committed_client.BadRequestError):  # checks off: the server decides
        call({"check_arguments": False}, n=0)


def test_raw_response_gives_status_headers_and_parsed(committed_client: ModuleType, server: RecordingServer) -> None:
    server.replies += [Reply(chunks=[OK], headers={"x-request-id": "req_7"}) for _ in range(2)]
    with committed_client.Client(api_key="k", base_url=server.url + "/v1") as client:
        raw = client.images.with_raw_response.create_variation(image=PNG)
    assert (raw.status_code, raw.request_id, raw.headers["content-type"]) == (200, "req_7", "application/json")
    assert isinstance(raw.parsed, committed_client.models.ImagesResponse) and raw.parsed.created == 1

    async def main() -> Any:
        async with committed_client.AsyncClient(api_key="k", base_url=server.url + "/v1") as client:
            return await client.images.with_raw_response.create_variation(image=PNG)

    assert asyncio.run(main()).parsed.created == 1


def test_with_options_headers_user_agent_and_extras(committed_client: ModuleType, server: RecordingServer) -> None:
    server.replies += [Reply(chunks=[OK]) for _ in range(2)]
    with committed_client.Client(api_key="k", base_url=server.url + "/v1", default_headers={"X-Team": "a"}) as client:
        tuned = client.with_options(max_retries=5, default_headers={"X-Env": "test"})
        assert (tuned.max_retries, client.max_retries) == (5, 2)
        tuned.images.create_variation(image=PNG, extra_headers={"X-Call": "1"}, extra_query={"trace": "on"})
        client.images.create_variation(image=PNG)
    first, second = server.seen
    assert (first.headers["x-team"], first.headers["x-env"], first.headers["x-call"]) == ("a", "test", "1")
    assert first.query == [("trace", "on")] and "x-env" not in second.headers
    assert first.headers["user-agent"] == "openai_api-python/2.3.0"


def test_caller_supplied_transport_and_default_timeout(committed_client: ModuleType) -> None:
    httpx = pytest.importorskip("httpx2")
    seen: list[Any] = []

    def handler(request: Any) -> Any:
        seen.append(request)
        return httpx.Response(200, json={"created": 5})

    client = committed_client.Client(api_key="k", transport=httpx.MockTransport(handler))
    assert client.images.create_variation(image=PNG).created == 5
    assert seen[0].extensions["timeout"] == {"connect": 5.0, "read": 600.0, "write": 600.0, "pool": 600.0}
    assert committed_client.Client(api_key="k", timeout=None).timeout is None


def test_logging_names_requests_and_retries_but_never_the_key(
    committed_client: ModuleType, server: RecordingServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.replies += [Reply(status=500, chunks=[b"{}"]), Reply(chunks=[OK])]
    with caplog.at_level(logging.DEBUG, logger="openai_api"):
        with committed_client.Client(api_key="sk-secret-123", base_url=server.url + "/v1", initial_retry_delay=0.01) as client:
            client.images.create_variation(image=PNG)
    text = caplog.text
    assert "POST http://127.0.0.1" in text and "-> 500" in text and "-> 200" in text
    assert "retrying POST" in text and "(attempt 2 of 3): HTTP 500" in text
    assert "sk-secret-123" not in text


def test_headers_override_case_insensitively_and_base_url_queries_are_kept(
    committed_client: ModuleType, server: RecordingServer
) -> None:
    server.replies.append(Reply(chunks=[OK]))
    with committed_client.Client(
        api_key="k", base_url=server.url + "/v1?api-version=7", default_headers={"user-agent": "mine/1"}
    ) as client:
        client.images.create_variation(image=PNG, extra_headers={"x-custom": "1", "X-Custom": "2"})
    seen = server.seen[0]
    assert seen.path == "/v1/images/variations" and seen.query == [("api-version", "7")]
    assert seen.headers["user-agent"] == "mine/1" and seen.headers["x-custom"] == "2"


def test_a_content_type_cannot_inject_part_headers(committed_client: ModuleType, server: RecordingServer) -> None:
    with committed_client.Client(api_key="k", base_url=server.url + "/v1") as client:
        with pytest.raises(ValueError, match="is not a media type"):
            client.images.create_variation(image=("a.png", PNG, "image/png\r\nX-Evil: 1"))
    assert server.seen == []


def test_errors_the_request_itself_causes_are_not_retried(committed_client: ModuleType) -> None:
    started = time.monotonic()
    with committed_client.Client(api_key="k", base_url="ftp://127.0.0.1/v1", initial_retry_delay=2.0) as client:
        with pytest.raises(committed_client.APIConnectionError):
            client.images.create_variation(image=PNG)
    assert time.monotonic() - started < 1.5  # no backoff: an unsupported scheme will not get better


def _children(pid: int) -> set[int]:
    """The live processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the workers")
def test_killing_the_generator_ends_its_workers(tmp_path: Path) -> None:
    """A CI time-out kills the generator with SIGKILL: its layout workers and the validator's
    interpreter must not live on (they die with it, by PR_SET_PDEATHSIG)."""
    import signal
    import subprocess
    import sys

    full = Path(__file__).resolve().parent / "specs" / "openai-openapi.yaml"
    env = {**os.environ, "PYCLIENTGEN_NO_CACHE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "--isolated", str(full), "-o", str(tmp_path / "out"), "-q"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and len(_children(proc.pid)) < 2:
        time.sleep(0.02)
    seen = _children(proc.pid)
    assert len(seen) >= 2, "the run ended before its workers started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in seen):
        time.sleep(0.05)
    alive = [
        p
        for p in seen
        if Path(f"/proc/{p}/stat").exists() and "Z" not in Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]
    ]
    assert alive == [], f"workers outlived the generator: {alive}"


def _marked(marker: str) -> list[int]:
    """The live processes whose environment holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the validator's interpreter")
def test_the_validator_started_early_ends_with_the_run_when_unused(tmp_path: Path) -> None:
    """``python -m generator`` starts the validator's interpreter before its own imports; a run
    that needs no validation (a folder already current, --help) ends it, and a run that uses it
    records the same findings as a run inside another program (generate())."""
    import subprocess
    import sys
    import uuid

    from generator import generate
    from generator.config import Config

    spec = tmp_path / "spec.yaml"  # an info field 3.0 does not allow: a validator finding, a warning
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1', mood: ok}\n"
        "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n"
    )
    marker = f"PYCLIENTGEN_TEST_MARK={uuid.uuid4().hex}"
    env = {**os.environ, "PYCLIENTGEN_NO_CACHE": "1", marker.split("=")[0]: marker.split("=")[1]}
    command = [sys.executable, "-m", "generator", "--isolated", str(spec), "-o", str(tmp_path / "out"), "-q"]
    for argv in (command, command, [sys.executable, "-m", "generator", "--help"]):
        run = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert run.returncode == 0, run.stderr
        assert _marked(marker) == [], "a validator's interpreter outlived the run"
    manifest = json.loads((tmp_path / "out" / ".pyclientgen-manifest.json").read_text())
    assert manifest["validation"], "the spec's finding is missing"
    inside = generate(spec, Config(output=tmp_path / "inside"))
    assert json.loads((tmp_path / "inside" / ".pyclientgen-manifest.json").read_text())["validation"] == manifest["validation"]
    assert inside.files


def test_a_read_only_output_folder_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    import subprocess
    import sys

    spec = Path(__file__).resolve().parent.parent / "spec" / "openapi.yaml"
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator", "--isolated", str(spec), "-o", str(out), "--target", "python"]
    assert subprocess.run(command, capture_output=True).returncode == 0
    (out / "openai_api" / "_types.py").write_text("# edited by hand\n")  # so the run has something to write
    before = sorted((p.relative_to(tmp_path), p.read_bytes()) for p in tmp_path.rglob("*") if p.is_file())
    out.chmod(0o555)
    try:
        refused = subprocess.run(command, capture_output=True, text=True)
    finally:
        out.chmod(0o755)
    assert refused.returncode == 2
    assert f"{out}: error[write-failed]" in refused.stderr and "read-only" in refused.stderr
    after = sorted((p.relative_to(tmp_path), p.read_bytes()) for p in tmp_path.rglob("*") if p.is_file())
    assert after == before and sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no .out.old-* left
