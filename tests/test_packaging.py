"""Packaging and vendoring: the wheel ships its templates; the generated package works copied
under any parent package; the stages import one way only."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jinja2
import jinja2.meta

from conftest import API_KEY, GENERATED, ROOT, SPEC
from spec_server import SpecServer

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_wheel_install_generates_without_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert (target / "generator" / "templates" / "python" / "model.py.j2").is_file()
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "PYCLIENTGEN_NO_CACHE": "1"}
    probe = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.startswith(str(target))
    result = subprocess.run(
        [sys.executable, "-m", "generator", str(SPEC), "-o", "out"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (workdir / "out" / "openai_api" / "models" / "image.py").read_bytes() == (
        GENERATED / "openai_api" / "models" / "image.py"
    ).read_bytes()


def test_vendored_copy_under_another_package_imports_and_calls(tmp_path: Path) -> None:
    vendor = tmp_path / "somepkg" / "_vendor"
    shutil.copytree(GENERATED / "openai_api", vendor / "openai_api", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "somepkg" / "__init__.py").write_text("")
    (vendor / "__init__.py").write_text("")
    script = (
        "import json, sys\n"
        "from somepkg._vendor.openai_api import Client\n"
        "from somepkg._vendor.openai_api.models import ImagesResponse\n"
        "with Client(api_key=sys.argv[2], base_url=sys.argv[1]) as c:\n"
        "    r = c.images.create_variation(image=b'png', n=1)\n"
        "assert isinstance(r, ImagesResponse)\n"
        "print(json.dumps({'created': r.created, 'mods': sorted(m for m in sys.modules if 'openai_api' in m)}))\n"
    )
    with SpecServer() as server:
        result = subprocess.run(
            [sys.executable, "-c", script, server.base_url, API_KEY],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(tmp_path)},
        )
        assert result.returncode == 0, result.stderr
        assert server.requests[0].problems == []
    out = json.loads(result.stdout)
    assert out["created"] == 1713833628
    assert all(m.startswith("somepkg._vendor.openai_api") for m in out["mods"])


def test_generated_code_uses_relative_imports_and_declares_all() -> None:
    for path in (GENERATED / "openai_api").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert not (node.module or "").startswith("openai_api"), f"{path}: absolute self-import"
            if isinstance(node, ast.Import):
                assert all(not a.name.startswith("openai_api") for a in node.names), path
        assert any(isinstance(n, (ast.Assign, ast.AnnAssign)) and "__all__" in ast.unparse(n).split("=")[0] for n in tree.body), (
            f"{path} has no __all__"
        )


def test_one_runtime_dependency() -> None:
    """httpx2 is the only import outside the standard library that runs; what type checkers
    alone read (under ``if TYPE_CHECKING:``, such as typing_extensions' Self) is no dependency."""
    stdlib = set(sys.stdlib_module_names)
    third_party = set()
    for path in (GENERATED / "openai_api").rglob("*.py"):
        tree = ast.parse(path.read_text())
        checking_only = {
            id(n)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
            for n in ast.walk(block)
        }
        for node in ast.walk(tree):
            if id(node) in checking_only:
                continue
            if isinstance(node, ast.Import):
                third_party |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                third_party.add(node.module.split(".")[0])
    assert third_party - stdlib - {"__future__"} == {"httpx2"}


def _imports(module_dir: Path) -> set[str]:
    names: set[str] = set()
    for path in module_dir.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = "generator." + "/".join(path.relative_to(ROOT / "generator").parts[:-1]).replace("/", ".")
                if node.level:
                    parts = base.split(".")
                    prefix = ".".join(parts[: len(parts) - node.level + 1])
                    if node.module:
                        names.add(f"{prefix}.{node.module}")
                    else:  # from . import x: the module x (or a name in the package)
                        names |= {f"{prefix}.{a.name}" for a in node.names}
                else:
                    names.add(node.module or "")
    return names


# What only a target may know: its views, and Python's spelling of names and code.
_TARGET_ONLY = ("generator.render", "generator.targets", "generator.pynames", "generator.pycode", "jinja2", "black")


def test_imports_flow_one_way() -> None:
    """The loader and the IR import no target and nothing that spells Python: the IR names
    things by words and wire spellings, and each target spells them its own way."""
    loader, ir, render = (_imports(ROOT / "generator" / d) for d in ("loader", "ir", "render"))
    assert not any(n.startswith(("generator.ir", *_TARGET_ONLY)) for n in loader), loader
    assert not any(n.startswith(_TARGET_ONLY) for n in ir), ir
    assert not any(n.startswith(("generator.loader", "generator.targets")) for n in render), render


def test_no_target_imports_another_and_none_reads_the_raw_spec() -> None:
    from generator.targets import TARGETS

    folders = sorted(p.name for p in (ROOT / "generator" / "targets").iterdir() if (p / "__init__.py").is_file())
    assert folders == sorted(TARGETS)  # every target is a folder, registered in one table
    for name in folders:
        imported = _imports(ROOT / "generator" / "targets" / name)
        others = [n for n in imported if n.startswith("generator.targets.") and n.split(".")[2] not in (name, "base")]
        assert not others, (name, others)
        assert not any(n.startswith("generator.loader") for n in imported), name
    runtime = _imports(ROOT / "generator" / "targets" / "python" / "runtime")
    assert not any(n.startswith("generator") and not n.startswith("generator.targets.python.runtime") for n in runtime), runtime


def test_templates_read_only_what_their_view_models_provide() -> None:
    from generator.render import env
    from generator.targets.python import models, package, project, resources

    environment = env.environment()
    provided = {
        "pkg": set(package.PackageView.__slots__),
        "models": set(models.ModelsIndexView.__slots__),
        "module": set(models.ModelModuleView.__slots__) | set(resources.ResourceModuleView.__slots__),
        "source": set(),  # runtime.py.j2: a module's text
        "project": set(project.ProjectView.__slots__),
    }
    for template in (env.templates_dir() / "python").rglob("*.j2"):
        source = template.read_text()
        declared = jinja2.meta.find_undeclared_variables(environment.parse(source))
        assert declared <= set(provided), (template, declared)
        for top in declared:
            for attr in {
                n.attr
                for n in environment.parse(source).find_all(jinja2.nodes.Getattr)
                if isinstance(n.node, jinja2.nodes.Name) and n.node.name == top
            }:
                assert attr in provided[top], f"{template.name} reads {top}.{attr}"


def test_black_is_pinned_where_the_formatter_says() -> None:
    from generator.render.formatting import BLACK_VERSION

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert f"black=={BLACK_VERSION}" in deps
    import black

    assert black.__version__ == BLACK_VERSION


def test_ruff_is_pinned_where_the_formatter_says() -> None:
    from importlib.metadata import version

    from generator.render.formatting import RUFF_VERSION

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert extras["ruff"] == [f"ruff=={RUFF_VERSION}"] and f"ruff=={RUFF_VERSION}" in extras["test"]
    assert version("ruff") == RUFF_VERSION


def test_runtime_names_come_from_one_list_that_the_runtime_defines() -> None:
    """pynames.RUNTIME_EXPORTS is the one source: each name is in its runtime module's __all__,
    the package __init__ exports exactly them, and no schema may take one."""
    from generator import pynames as naming
    from generator.pynames import PACKAGE_RESERVED
    from generator.targets.python import RUNTIME_DIR

    for module, names in naming.RUNTIME_EXPORTS:
        path = RUNTIME_DIR / f"{module}.py"
        if not path.is_file():  # _client.py is rendered per spec: read the template
            path = ROOT / "templates" / "python" / f"{module}.py.j2"
        line = next(line for line in path.read_text().splitlines() if line.startswith("__all__ = ["))
        declared = ast.literal_eval(line.split("=", 1)[1].strip()) if line.rstrip().endswith("]") else None
        if declared is None:  # a multi-line __all__ in a real module
            tree = ast.parse(path.read_text())
            declared = next(
                ast.literal_eval(node.value)
                for node in tree.body
                if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            )
        assert set(names) <= set(declared), (module, set(names) - set(declared))
        assert set(names) <= set(PACKAGE_RESERVED)
    init = (ROOT / "generated" / "openai_api" / "__init__.py").read_text()
    exported = next(
        ast.literal_eval(node.value)
        for node in ast.parse(init).body
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    )
    assert sorted(exported) == sorted([*naming.runtime_export_names(), "models", "__version__"])


def test_the_generator_passes_mypy_strict_and_ruff() -> None:
    """The generator's own code, the runtime it copies out included, is checked where it lives."""
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "generator"], cwd=ROOT, capture_output=True, text=True)
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "generator", "tests/specs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ruff.returncode == 0, ruff.stdout[-3000:]
    formatted = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "generator", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert formatted.returncode == 0, formatted.stdout[-3000:]  # the generator's own code: ruff format, 130 columns


def test_no_dead_code_in_the_generator(tmp_path: Path) -> None:
    """vulture over generator/ (the runtime aside: it is a library for generated code and its
    users). View-model fields count as used when a template reads them; the IR's few fields no
    target reads yet are listed here, each on purpose."""
    from generator.render import env

    environment = env.environment()
    read = set()
    for template in env.templates_dir().rglob("*.j2"):
        read |= {n.attr for n in environment.parse(template.read_text()).find_all(jinja2.nodes.Getattr)}
    kept = {
        "status",
        "scheme_name",
        "__getattr__",
        "handle_starttag",
        "handle_startendtag",
        "handle_endtag",
        "handle_data",
        "max_redirections",
        "dump_bytecode",
        "bytecode_cache",
        "child_main",
        "visited_schema_ids",
        "meta_checked_schema_ids",
    }  # spec facts in the IR for targets
    # to come; PEP 562's module hook; HTMLParser's hook for <br/> (doctext); urllib's redirect limit (remote.py);
    # Jinja's bytecode cache hook and attribute (render/env.py); the validator interpreter's entry, named in
    # processes.VALIDATOR_MAIN; openapi-spec-validator's visited-schema lists (loader/validate.py)
    whitelist = tmp_path / "whitelist.py"
    whitelist.write_text("".join(f"_.{name}\n" for name in sorted(read | kept)))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "vulture",
            "generator",
            str(whitelist),
            "--exclude",
            "generator/targets/python/runtime",
            "--min-confidence",
            "60",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout


def test_the_generators_imports_have_no_cycle() -> None:
    """A drawing of the generator's module imports (module level, TYPE_CHECKING aside) has no circle."""
    root = ROOT / "generator"
    modules = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        edges = set()
        for node in ast.parse(path.read_text()).body:  # module level only: imports inside functions are lazy
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                for alias in node.names:
                    target = f"{base}.{alias.name}"
                    edges.add(target if target in modules else base)
            elif isinstance(node, ast.Import):
                edges |= {a.name for a in node.names}
        graph[name] = {e for e in edges if e in modules and e != name}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(nxt) :] + [nxt]))
            if nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
