"""The version gate: OpenAPI 3.0.x and 3.1.x, anything else refused with a reason."""

from __future__ import annotations

import re

from ..diagnostics import Diagnostics, GenerationFailed
from .document import Spec


def check_version(spec: Spec, diagnostics: Diagnostics) -> str:
    """Return "3.0" or "3.1"; raise GenerationFailed for anything else."""
    data = spec.data
    file = spec.root.name
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else type(data).__name__.replace("NoneType", "null").replace("str", "string")
        diagnostics.add("not-a-mapping", file=file, line=1, kind=kind)
        raise GenerationFailed(diagnostics)
    if "swagger" in data and "openapi" not in data:
        diagnostics.add("swagger-2", file=file, pointer="/swagger", version=data["swagger"])
        raise GenerationFailed(diagnostics)
    if "openapi" not in data:
        diagnostics.add("not-openapi", file=file, line=1)
        raise GenerationFailed(diagnostics)
    version = str(data["openapi"])
    match = re.fullmatch(r"3\.([01])(?:\.\d+)?(?:-rc\d+)?", version)
    if not match:
        diagnostics.add("bad-version", file=file, pointer="/openapi", version=data["openapi"])
        raise GenerationFailed(diagnostics)
    return f"3.{match.group(1)}"
