"""Decoding JSON into models and back. A decoder is ``(value, path) -> T``: it checks the
type, converts, and raises ``ModelValidationError`` with the path when the value does not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import Any, NoReturn, TypeVar, cast

from ._exceptions import ModelValidationError
from ._types import OMIT, Omit, is_dict, is_list

__all__ = [
    "Decoder",
    "Reader",
    "Writer",
    "decode_any",
    "decode_bool",
    "decode_bytes",
    "decode_float",
    "decode_int",
    "decode_none",
    "decode_str",
    "dict_of",
    "discriminated",
    "encode",
    "list_of",
    "literal",
    "nullable",
    "union",
]


T = TypeVar("T")
Decoder = Callable[[object, str], T]


def _fail(path: str, expected: str, value: object) -> NoReturn:
    raise ModelValidationError(path=path, expected=expected, received=value)


def decode_any(value: object, path: str) -> Any:
    return value


def decode_none(value: object, path: str) -> None:
    if value is not None:
        _fail(path, "null", value)


def decode_str(value: object, path: str) -> str:
    if not isinstance(value, str):
        _fail(path, "string", value)
    return value


def decode_bytes(value: object, path: str) -> bytes:
    if not isinstance(value, bytes):
        _fail(path, "bytes", value)
    return value


def decode_int(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(
                value
            )  # 3.0 from a JSON encoder that writes every number as a float
        _fail(path, "integer", value)
    return value


def decode_float(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _fail(path, "number", value)
    return float(value)


def decode_bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        _fail(path, "boolean", value)
    return value


_strict_enums: ContextVar[bool] = ContextVar("_strict_enums", default=False)


def literal(*values: object) -> Decoder[Any]:
    """An enum: lenient, so a value the spec does not list yet is kept, not refused; a value
    of another type (a number where strings are listed) is refused. While a union picks its
    variant, enums are strict, so that the variant whose tag matches wins."""
    kinds = {type(v) for v in values}

    def decode(value: object, path: str) -> Any:
        if value in values or (type(value) in kinds and not _strict_enums.get()):
            return value
        _fail(path, "one of " + ", ".join(repr(v) for v in values), value)

    return decode


def list_of(item: Decoder[T]) -> Decoder[list[T]]:
    def decode(value: object, path: str) -> list[T]:
        if not is_list(value):
            _fail(path, "array", value)
        return [item(v, f"{path}[{i}]") for i, v in enumerate(value)]

    return decode


def dict_of(item: Decoder[T]) -> Decoder[dict[str, T]]:
    def decode(value: object, path: str) -> dict[str, T]:
        if not is_dict(value):
            _fail(path, "object", value)
        return {str(k): item(v, f"{path}[{k!r}]") for k, v in value.items()}

    return decode


def nullable(inner: Decoder[T]) -> Decoder[T | None]:
    def decode(value: object, path: str) -> T | None:
        return None if value is None else inner(value, path)

    return decode


def union(*variants: Decoder[Any]) -> Decoder[Any]:
    """The variant that fits the value best: of those that accept it with enums held to their
    listed values (failing that, leniently), the one that matches the most declared fields
    and leaves the fewest over (``extra_fields``); the spec's order breaks ties."""

    def decode(value: object, path: str) -> Any:
        errors: list[str] = []
        for strict in (True, False):
            token = _strict_enums.set(strict)
            try:
                best: tuple[int, int] | None = None
                chosen: Any = None
                for variant in variants:
                    try:
                        candidate = variant(value, path)
                    except ModelValidationError as exc:
                        errors.append(exc.expected)
                        continue
                    score = _fit(value, candidate)
                    if best is None or score > best:
                        best, chosen = score, candidate
                if best is not None:
                    return chosen
            finally:
                _strict_enums.reset(token)
        _fail(path, " or ".join(dict.fromkeys(errors)), value)

    return decode


def _fit(value: object, decoded: object) -> tuple[int, int]:
    """(declared fields matched, -fields left over) of a model decoded from an object."""
    extra = getattr(decoded, "extra_fields", None)
    if not is_dict(value) or not isinstance(extra, dict):
        return (0, 0)
    left = len(cast("dict[str, object]", extra))
    return (len(value) - left, -left)


def discriminated(
    prop: str, cases: dict[str, Decoder[Any]], fallback: Decoder[Any]
) -> Decoder[Any]:
    """``oneOf`` with a discriminator: the variant named by ``value[prop]``; otherwise the union."""

    def decode(value: object, path: str) -> Any:
        if is_dict(value):
            chosen = cases.get(str(value.get(prop)))
            if chosen is not None:
                return chosen(value, path)
        return fallback(value, path)

    return decode


class Reader:
    """Reads one JSON object into keyword arguments, remembering which keys it used."""

    __slots__ = ("_data", "_model", "_path", "_seen")

    def __init__(self, data: object, model: str, path: str) -> None:
        if not is_dict(data):
            raise ModelValidationError(
                path=path,
                expected=f"object for {model}",
                received=data,
                model=model,
                field="",
            )
        self._data: dict[str, object] = data
        self._model = model
        self._path = path
        self._seen: set[str] = set()

    def _decode(self, key: str, decoder: Decoder[T]) -> T:
        try:
            return decoder(self._data[key], f"{self._path}.{key}")
        except ModelValidationError as exc:
            exc.locate(self._model, key)
            raise

    def required(self, key: str, decoder: Decoder[T]) -> T:
        self._seen.add(key)
        if key not in self._data:
            raise ModelValidationError(
                path=f"{self._path}.{key}",
                expected="required field",
                received=sorted(self._data),
                model=self._model,
                field=key,
            )
        return self._decode(key, decoder)

    def optional(self, key: str, decoder: Decoder[T]) -> T | None:
        """Missing or null: None (the field is not nullable, so null can only mean absent)."""
        self._seen.add(key)
        if self._data.get(key) is None:
            return None
        return self._decode(key, decoder)

    def omittable(self, key: str, decoder: Decoder[T]) -> T | None | Omit:
        """Nullable and optional: missing is OMIT, null is None."""
        self._seen.add(key)
        if key not in self._data:
            return OMIT
        if self._data[key] is None:
            return None
        return self._decode(key, decoder)

    def extra(self) -> dict[str, Any]:
        return {k: v for k, v in self._data.items() if k not in self._seen}


class Writer:
    """Builds the wire form of one model."""

    __slots__ = ("out",)

    def __init__(self, extra: dict[str, Any]) -> None:
        self.out: dict[str, Any] = dict(extra)

    def put(self, key: str, value: object) -> None:
        self.out[key] = encode(value)

    def put_optional(self, key: str, value: object) -> None:
        if value is not None:
            self.out[key] = encode(value)

    def put_omittable(self, key: str, value: object) -> None:
        if not isinstance(value, Omit):
            self.out[key] = encode(value)


def encode(value: object) -> Any:
    """Models to dicts (wire names), recursively; JSON values unchanged; OMIT never appears."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not isinstance(value, type):
        return to_dict()
    if is_list(value) or isinstance(value, tuple):
        return [encode(v) for v in cast("Sequence[object]", value)]
    if is_dict(value):
        return {str(k): encode(v) for k, v in value.items() if not isinstance(v, Omit)}
    return value
