"""Every cell of OpenAPI's serialization table (tests/conformance_cells.py), called through every
client target (Python sync and async, the command line, Go, Perl) against a loopback server that
records each raw request; each request is judged twice, independently of the generator:

- by openapi-core 0.23.1's request unmarshalling (in a virtualenv of its own under
  build/openapi-core-venv, ~15 MB from PyPI, made on first use: openapi-core needs
  openapi-spec-validator < 0.9, the generator pins 0.9.0), which must read back the values the
  client was given, for the cells it can read;
- by the exact strings of the specification's Style Examples table, for every cell.

A cell a target cannot express counts as a failure. Both spec versions (3.1 and 3.0) run.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conformance_cells import API_KEY, PASSWORD, USERNAME, Cell, cells, spec_path, text
from conftest import ROOT, import_generated, run_cli, tool
from raw_recorder import Raw, RawRecorder, multipart

from generator.config import NameOverrides
from generator.diagnostics import Diagnostics
from generator.gonames import GoNames, go_names
from generator.ir import Api, Operation, build_api
from generator.loader import load
from generator.plnames import PerlNames, perl_names
from generator.pynames import WHOLE_BODY, PyNames, cli_flags, cli_word, python_names

CELLS = {c.id: c for c in cells()}
JUDGE_VENV = ROOT / "build" / "openapi-core-venv"
OPENAPI_CORE = "openapi-core==0.23.1"


# -- generation --------------------------------------------------------------------------------
@dataclass
class Generated:
    version: str
    out: Path
    api: Api
    py: PyNames
    go: GoNames
    perl: PerlNames

    def op(self, cell: Cell) -> Operation:
        return next(o for r in self.api.resources for o in r.operations if o.operation_id == cell.id)


@pytest.fixture(scope="module", params=["3.1", "3.0"])
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Generated:
    version = request.param
    out = tmp_path_factory.mktemp(f"conformance-{version}")
    spec = spec_path(version)
    targets = [flag for t in ("python", "cli", "go", "perl") for flag in ("--target", t)]
    result = run_cli(str(spec), "--output", str(out), *targets, "--go-module", "example.com/conformance", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    diagnostics = Diagnostics()
    api = build_api(load(spec, diagnostics), diagnostics)
    none = (NameOverrides(), NameOverrides())
    return Generated(
        version, out, api, python_names(api, diagnostics), go_names(api, none, diagnostics), perl_names(api, none, diagnostics)
    )


def test_the_specs_are_written_from_the_table() -> None:
    for version in ("3.1", "3.0"):
        assert spec_path(version).read_text(encoding="utf-8") == text(version), "run: python tests/conformance_cells.py"


# -- drivers: each calls every cell's operation with the cell's arguments -------------------------
def _files(value: object) -> bool:
    return isinstance(value, tuple) or isinstance(value, list) and bool(value) and all(isinstance(v, tuple) for v in value)


def _key(op: Operation, wire: str) -> tuple[str, str]:
    if wire == "body" and op.body is not None and op.body.whole is not None:
        return WHOLE_BODY
    where = next((p.location for p in op.parameters if p.wire_name == wire), "body")
    return (where, wire)


def _python_kwargs(g: Generated, cell: Cell) -> dict[str, object]:
    op = g.op(cell)
    return {g.py.args[op.key][_key(op, wire)]: value for wire, value in cell.args.items()}


def _python_client(g: Generated, url: str, *, asynchronous: bool = False) -> Any:
    package = import_generated(g.out, "conformance")
    cls = package.AsyncClient if asynchronous else package.Client
    return cls(api_key=API_KEY, username=USERNAME, password=PASSWORD, base_url=url, max_retries=0)


def drive_python(g: Generated, url: str, tmp: Path) -> dict[str, str]:
    client, errors = _python_client(g, url), {}
    for cell in CELLS.values():
        try:
            getattr(client.cells, g.py.main_method(g.op(cell)))(**_python_kwargs(g, cell))
        except Exception as exc:  # the cell fails; the others go on
            errors[cell.id] = f"{type(exc).__name__}: {exc}"
    return errors


def drive_python_async(g: Generated, url: str, tmp: Path) -> dict[str, str]:
    async def run() -> dict[str, str]:
        errors = {}
        async with _python_client(g, url, asynchronous=True) as client:
            for cell in CELLS.values():
                try:
                    await getattr(client.cells, g.py.main_method(g.op(cell)))(**_python_kwargs(g, cell))
                except Exception as exc:
                    errors[cell.id] = f"{type(exc).__name__}: {exc}"
        return errors

    return asyncio.run(run())


def _cli_args(g: Generated, cell: Cell, tmp: Path) -> list[str]:
    op = g.op(cell)
    flags = cli_flags(op, g.py)
    words = ["cells", cli_word(g.py.main_method(op))]
    for wire, value in cell.args.items():
        flag = flags[_key(op, wire)]
        for item in value if _files(value) and isinstance(value, list) else [value]:
            if isinstance(item, tuple):
                name, content, _ = item
                folder = tmp / cell.id / flag.strip("-")
                folder.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(content)
                words += [flag, str(folder / name)]
            elif isinstance(item, bool):
                words.append(flag if item else "--no-" + flag[2:])
            elif isinstance(item, list) and not any(isinstance(v, (dict, list)) for v in item):
                for v in item:
                    words += [flag, str(v)]
            elif isinstance(item, (dict, list)):
                words += [flag, json.dumps(item)]
            elif _key(op, wire) == WHOLE_BODY and op.body is not None and op.body.media_type == "json":
                words += [flag, json.dumps(item)]
            else:
                words += [flag, str(item)]
    return words


def drive_cli(g: Generated, url: str, tmp: Path) -> dict[str, str]:
    cli = import_generated(g.out, "conformance._cli")
    common = ["--api-key", API_KEY, "--auth-user", USERNAME, "--auth-password", PASSWORD, "--base-url", url, "--max-retries", "0"]
    errors = {}
    for cell in CELLS.values():
        argv = _cli_args(g, cell, tmp)
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli.main([*argv, *common])
        if code != 0:
            errors[cell.id] = f"exit {code}: {stderr.getvalue().strip()[-300:]}"
    return errors


def _b64(item: tuple[str, bytes, str | None]) -> dict[str, object]:
    name, content, content_type = item
    return {"name": name, "content_base64": base64.b64encode(content).decode(), "content_type": content_type or ""}


def _calls_file(g: Generated, url: str, tmp: Path, target: str) -> Path:
    calls = []
    for cell in CELLS.values():
        op = g.op(cell)
        if target == "go":
            members = g.go.param_fields[op.key]
            path_order = [p.wire_name for p in op.parameters if p.location == "path"]
            params: dict[str, object] = {}
            files: dict[str, object] = {}
            for wire, value in cell.args.items():
                key = _key(op, wire)
                if key[0] == "path":
                    continue
                if _files(value):
                    files[members[key]] = [_b64(v) for v in (value if isinstance(value, list) else [value])]
                else:
                    params[members[key]] = value
            service = next(attr for wire, (attr, _) in g.go.services.items() if wire == "cells")
            calls.append(
                {
                    "cell": cell.id,
                    "go": {
                        "service": service,
                        "method": g.go.methods[op.key],
                        "path_args": [cell.args[w] for w in path_order],
                        "params": params,
                        "files": files,
                    },
                }
            )
        else:
            args: dict[str, object] = {}
            for wire, value in cell.args.items():
                if _files(value):
                    triples = [
                        [{"$base64": base64.b64encode(c).decode()}, n, t]
                        for n, c, t in (value if isinstance(value, list) else [value])
                    ]
                    args[wire] = triples if isinstance(value, list) else triples[0]
                else:
                    args[wire] = value
            calls.append({"cell": cell.id, "perl": {"method": g.perl.methods[op.key], "args": args}})
    path = tmp / f"calls-{target}.json"
    path.write_text(
        json.dumps({"base_url": url, "api_key": API_KEY, "username": USERNAME, "password": PASSWORD, "calls": calls}),
        encoding="utf-8",
    )
    return path


def _outcomes(stdout: str) -> dict[str, str]:
    errors = {}
    done = set()
    for line in stdout.splitlines():
        if line.startswith("ok "):
            done.add(line[3:].strip())
        elif line.startswith("error "):
            cell, _, why = line[6:].partition(": ")
            errors[cell.strip()] = why
            done.add(cell.strip())
    for cell in CELLS:
        if cell not in done:
            errors[cell] = "the driver did not report this cell"
    return errors


def drive_go(g: Generated, url: str, tmp: Path) -> dict[str, str]:
    go = tool("go")
    module = g.out / "go"
    driver = module / "cmd" / "conformance"
    driver.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests" / "go" / "conformance" / "main.go", driver / "main.go")
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local"}
    result = subprocess.run(
        [go, "run", "./cmd/conformance", str(_calls_file(g, url, tmp, "go"))],
        cwd=module,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return _outcomes(result.stdout)


def drive_perl(g: Generated, url: str, tmp: Path) -> dict[str, str]:
    perl = tool("perl")
    result = subprocess.run(
        [
            perl,
            "-I",
            str(g.out / "perl" / "lib"),
            str(ROOT / "tests" / "perl" / "conformance.pl"),
            f"{g.perl.namespace}::Client",
            str(_calls_file(g, url, tmp, "perl")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return _outcomes(result.stdout)


DRIVERS = {
    "python": drive_python,
    "python-async": drive_python_async,
    "cli": drive_cli,
    "go": drive_go,
    "perl": drive_perl,
}


# -- judging -------------------------------------------------------------------------------------
def _static(cell: Cell) -> str:
    return cell.path.partition("{")[0]


def _request_of(cell: Cell, seen: list[Raw]) -> Raw | None:
    prefix = _static(cell)
    for raw in seen:
        path = raw.path
        if "{" in cell.path and path.startswith(prefix) and "/" not in path[len(prefix) :]:
            return raw
        if "{" not in cell.path and path == cell.path:
            return raw
    return None


def _pieces(text_: str) -> list[str]:
    return sorted(p.strip() for p in re.split(r"[,;.&|]|%7C|%20", text_) if p.strip())


def _same(got: str | None, wanted: str, unordered: bool) -> bool:
    if got == wanted:
        return True
    return got is not None and unordered and _pieces(got) == _pieces(wanted)


def check_strings(cell: Cell, raw: Raw) -> str | None:
    """The cell's request against the Style Examples' strings; None when it matches."""
    e = cell.expect
    if e.path is not None and not _same(raw.path[len(_static(cell)) :], e.path, e.unordered):
        return f"path {raw.path!r}, wanted {_static(cell) + e.path!r}"
    if e.query is not None and not _same(raw.query, e.query, e.unordered):
        return f"query {raw.query!r}, wanted {e.query!r}"
    for name, value in e.headers.items():
        if not _same(raw.header(name), value, e.unordered):
            return f"header {name}: {raw.header(name)!r}, wanted {value!r}"
    for name in e.absent_headers:
        if raw.header(name) is not None:
            return f"header {name} sent ({raw.header(name)!r}), wanted none"
    got_type = (raw.header("content-type") or "").split(";")[0].strip() or None
    if e.content_type is not None and got_type != e.content_type:
        return f"Content-Type {got_type!r}, wanted {e.content_type!r}"
    if e.body is not None and not _same(raw.body.decode("latin-1"), e.body.decode("latin-1"), e.unordered):
        return f"body {raw.body!r}, wanted {e.body!r}"
    if e.json is not None and json.loads(raw.body) != e.json:
        return f"JSON body {raw.body!r}, wanted {e.json!r}"
    if e.parts is not None:
        got = multipart(raw)
        simple = sorted((p.name, p.content_type, p.content, p.filename) for p in got)
        if simple != sorted(e.parts):
            return f"parts {simple!r}, wanted {sorted(e.parts)!r}"
        for name, headers in e.part_headers.items():
            extra = next((p.headers for p in got if p.name == name), {})
            if any(extra.get(k) != v for k, v in headers.items()):
                return f"part {name} headers {extra!r}, wanted {headers!r}"
    return None


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return {"$bytes": base64.b64encode(value[1]).decode()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _expected_values(g: Generated, cell: Cell) -> dict[str, object]:
    op = g.op(cell)
    params: dict[str, dict[str, object]] = {}
    body: dict[str, object] = {}
    for wire, value in cell.args.items():
        where = _key(op, wire)[0]
        if _key(op, wire) == WHOLE_BODY:
            return {"parameters": params, "body": _plain(value)}
        if where == "body":
            body[wire] = _plain(value)
        else:
            params.setdefault(where, {})[wire] = _plain(value)
    out: dict[str, object] = {"parameters": params}
    if body:
        out["body"] = body
    return out


def judge_venv() -> Path:
    python = JUDGE_VENV / "bin" / "python"
    marker = JUDGE_VENV / "installed.txt"
    if not marker.exists() or marker.read_text() != OPENAPI_CORE:
        shutil.rmtree(JUDGE_VENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(JUDGE_VENV)], check=True, timeout=300)
        done = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", OPENAPI_CORE], capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stdout + done.stderr
        marker.write_text(OPENAPI_CORE)
    return python


def check_openapi_core(g: Generated, pairs: list[tuple[Cell, Raw]], tmp: Path) -> dict[str, str]:
    judged = [
        {
            "cell": cell.id,
            "method": raw.method,
            "target": raw.target,
            "headers": raw.pairs,
            "body": base64.b64encode(raw.body).decode(),
            "expected": _expected_values(g, cell),
        }
        for cell, raw in pairs
        # openapi-core 0.23.1 validates a 3.1 file's bytes against `type: string` and refuses
        # them: those cells are judged by it in the 3.0 run (and by the strings in both)
        if cell.openapi_core and not (g.version == "3.1" and any(_files(v) for v in cell.args.values()))
    ]
    requests = tmp / "judged.json"
    requests.write_text(json.dumps(judged), encoding="utf-8")
    result = subprocess.run(
        [str(judge_venv()), str(ROOT / "tests" / "openapi_core_judge.py"), str(spec_path(g.version)), str(requests)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    verdicts = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(verdicts) == len(judged)
    return {v["cell"]: "openapi-core: " + v["why"] for v in verdicts if not v["ok"]}


@pytest.mark.parametrize("target", list(DRIVERS))
def test_every_cell_on_the_wire(generated: Generated, target: str, tmp_path: Path) -> None:
    with RawRecorder() as server:
        errors = DRIVERS[target](generated, server.url, tmp_path)
    failures = {cell: f"the call failed: {why}" for cell, why in errors.items()}
    pairs = []
    for cell in CELLS.values():
        raw = _request_of(cell, server.seen)
        if raw is None:
            failures.setdefault(cell.id, "no request arrived")
            continue
        pairs.append((cell, raw))
        wrong = check_strings(cell, raw)
        if wrong:
            failures.setdefault(cell.id, wrong)
    for cell, why in check_openapi_core(generated, [(c, r) for c, r in pairs if c.id not in failures], tmp_path).items():
        failures.setdefault(cell, why)
    report = "\n".join(f"  {cell}: {why}" for cell, why in sorted(failures.items()))
    assert not failures, f"{len(failures)} of {len(CELLS)} cells wrong for {target} (OpenAPI {generated.version}):\n{report}"
