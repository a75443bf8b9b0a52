"""The API model: frozen dataclasses built from the loaded spec. Imports neither Jinja nor black."""

from .build import build_api
from .decls import (
    Alias,
    Api,
    Auth,
    Body,
    Declaration,
    Field,
    Model,
    Operation,
    Parameter,
    Resource,
    Response,
)
from .order import ordered

__all__ = [
    "Alias",
    "Api",
    "Auth",
    "Body",
    "Declaration",
    "Field",
    "Model",
    "Operation",
    "Parameter",
    "Resource",
    "Response",
    "build_api",
    "ordered",
]
