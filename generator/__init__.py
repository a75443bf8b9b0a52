"""OpenAPI 3.0/3.1 -> a typed, vendorable Python client package.

from generator import generate
result = generate(Path("spec/openapi.yaml"), Config(output=Path("generated")))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
    from .pipeline import Result, check, generate

__all__ = ["Result", "__version__", "check", "generate"]


def __getattr__(name: str) -> Any:
    """The pipeline is imported on first use: the validation child imports only the loader."""
    if name in ("Result", "check", "generate"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'generator' has no attribute {name!r}")
