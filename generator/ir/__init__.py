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
    Pagination,
    Parameter,
    Resource,
    Response,
    ResponseHeader,
    StatusDoc,
)
from .order import ordered
from .wire import Encoding, SecurityScheme

__all__ = [
    "Alias",
    "Api",
    "Auth",
    "Body",
    "Declaration",
    "Encoding",
    "Field",
    "Model",
    "Operation",
    "Pagination",
    "Parameter",
    "Resource",
    "Response",
    "ResponseHeader",
    "SecurityScheme",
    "StatusDoc",
    "build_api",
    "ordered",
]
