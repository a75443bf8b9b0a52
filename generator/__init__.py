"""OpenAPI 3.0/3.1 -> a typed, vendorable Python client package.

    from generator import generate
    result = generate(Path("spec/openapi.yaml"), Config(output=Path("generated")))
"""

__version__ = "0.1.0"

from .pipeline import Result, check, generate  # noqa: E402

__all__ = ["Result", "__version__", "check", "generate"]
