"""The Jinja environment. Templates live in the top-level ``templates/`` folder of a source
checkout, and inside the package (``generator/templates``) when installed from a wheel.

Filters: none. View-models hand templates strings that are ready to print.
"""

from __future__ import annotations

import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache


def templates_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "python").is_dir():
            return candidate
    raise FileNotFoundError("generator templates are missing (expected generator/templates or ./templates)")


class CompiledTemplates(BytecodeCache):
    """The built-in templates compiled, kept as Python keeps compiled modules: in a
    ``__pycache__`` folder beside them (under ``sys.pycache_prefix`` when that is set), written
    unless ``sys.dont_write_bytecode``, never trusted when the template's text, the Jinja
    version, the Python version or the environment's options differ. Compiling the templates
    costs a small spec's run a sixth of its time."""

    def __init__(self, templates: Path, env: jinja2.Environment) -> None:
        prefix = sys.pycache_prefix
        self.folder = Path(prefix, *templates.resolve().parts[1:]) if prefix else templates / "__pycache__"
        self.env = env

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """Jinja's key (the name and file) and whatever else the compiled code depends on."""
        env = self.env
        compiled_with = (
            jinja2.__version__,
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            env.optimized,
            sorted(env.extensions),
            env.autoescape(name) if callable(env.autoescape) else env.autoescape,
        )
        return super().get_cache_key(f"{name}|{compiled_with!r}", filename)

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            with open(self.folder / f"{bucket.key}.j2c", "rb") as f:
                bucket.load_bytecode(f)
        except OSError:
            pass

    def dump_bytecode(self, bucket: Bucket) -> None:
        if sys.dont_write_bytecode:
            return
        try:  # written whole or not at all: another run may be reading it
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                bucket.write_bytecode(f)
            os.replace(tmp, self.folder / f"{bucket.key}.j2c")
        except OSError:  # a read-only install: compiled again next time
            pass


@lru_cache(maxsize=4)
def environment(overrides: Path | None = None) -> jinja2.Environment:
    """The environment; with ``overrides``, a template found there replaces the built-in one of
    the same path (the rest stay built-in, and a replacement may include them). Only the
    built-in environment keeps compiled templates."""
    builtin = jinja2.FileSystemLoader(str(templates_dir()))
    loader: jinja2.BaseLoader = builtin
    if overrides is not None:
        loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(overrides)), builtin])
    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # HTML templates escape every value unless the view-model marks it as built markup.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
    )
    if overrides is None:
        env.bytecode_cache = CompiledTemplates(templates_dir(), env)
    return env


class TemplateFailed(Exception):
    """A template could not be read or rendered (a replacement's mistake, or a generator bug)."""

    def __init__(self, template: str, reason: str, line: int | None) -> None:
        super().__init__(reason)
        self.template, self.reason, self.line = template, reason, line


def render(template: str, context: dict[str, object], overrides: Path | None = None) -> str:
    try:
        return environment(overrides).get_template(template).render(**context)
    except jinja2.TemplateError as exc:
        name = getattr(exc, "name", None) or template
        raise TemplateFailed(name, f"{type(exc).__name__}: {exc.message or exc}", getattr(exc, "lineno", None)) from None


def builtin_templates() -> set[str]:
    """Every built-in template's path, as a replacement would name it (``python/model.py.j2``)."""
    root = templates_dir()
    return {p.relative_to(root).as_posix() for p in root.rglob("*.j2")}


def overridden(overrides: Path) -> dict[str, Path]:
    """The templates a folder of replacements holds, by path."""
    return {p.relative_to(overrides).as_posix(): p for p in sorted(overrides.rglob("*.j2")) if p.is_file()}
