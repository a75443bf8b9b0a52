"""OpenAPI 3.0/3.1 -> a typed, vendorable Python client package.

from generator import generate
result = generate(Path("spec/openapi.yaml"), Config(output=Path("generated")))
"""

from .pipeline import Result, check, generate
from .version import __version__

__all__ = ["Result", "__version__", "check", "generate"]
