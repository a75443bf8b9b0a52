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


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # HTML templates escape every value unless the view-model marks it as built markup.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
    )


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
