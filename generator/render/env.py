"""The Jinja environment. Templates live in the top-level ``templates/`` folder of a source
checkout, and inside the package (``generator/templates``) when installed from a wheel.

Filters: none. View-models hand templates strings that are ready to print.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2


def templates_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "python").is_dir():
            return candidate
    raise FileNotFoundError("generator templates are missing (expected generator/templates or ./templates)")


@lru_cache(maxsize=4)
def environment(overrides: Path | None = None) -> jinja2.Environment:
    """The environment; with ``overrides``, a template found there replaces the built-in one of
    the same path (the rest stay built-in, and a replacement may include them)."""
    builtin = jinja2.FileSystemLoader(str(templates_dir()))
    loader: jinja2.BaseLoader = builtin
    if overrides is not None:
        loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(overrides)), builtin])
    return jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # HTML templates escape every value unless the view-model marks it as built markup.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
    )


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
