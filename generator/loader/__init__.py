"""Read YAML/JSON, keep source positions, gate the version, resolve ``$ref``s."""

from .document import Location, RefError, Spec, load
from .version import check_version

__all__ = ["Location", "RefError", "Spec", "check_version", "load"]
