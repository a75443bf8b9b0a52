"""The generated package's runtime, as real Python: checked here by mypy --strict and ruff,
unit-tested in place, then copied into every generated package beside the modules rendered
from templates. This file and ``_constants.py`` are not copied: the package's own
``__init__.py`` and ``_constants.py`` are rendered per spec.

The one variation is the HTTP library: each module imports ``httpx2 as httpx``, and for
``--http-library httpx`` that one line is replaced (``targets.python.runtime_files``).
"""
