"""Client-side checks of arguments against the spec's constraints, before any byte is sent.

``Client(check_arguments=False)`` turns them off (the server still decides)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Sized
from typing import cast

from ._types import Omit

__all__ = ["Rules", "check_arguments"]

Rules = Mapping[str, object]


_TYPES: dict[object, tuple[str, tuple[type, ...]]] = {
    "int": ("an integer", (int,)),
    "float": ("a number", (int, float)),
    "bool": ("a boolean", (bool,)),
    "str": ("a string", (str,)),
}


def check_arguments(
    checks: Sequence[tuple[str, object, Rules]], operation: str = ""
) -> None:
    """Raise TypeError for the first argument of the wrong type, ValueError for the first
    outside its constraints, naming the method and the argument; OMIT and None pass."""
    where = f"{operation}: " if operation else ""
    for name, value, rules in checks:
        if value is None or isinstance(value, Omit):
            continue
        wanted = _TYPES.get(rules.get("type"))
        if wanted is not None and (
            not isinstance(value, wanted[1])
            or (isinstance(value, bool) and rules.get("type") != "bool")
        ):
            raise TypeError(
                f"{where}{name}: must be {wanted[0]}, got {type(value).__name__} {value!r}"
            )
        problem = _problem(value, rules)
        if problem:
            raise ValueError(f"{where}{name}: {problem}, got {value!r}")


def _problem(value: object, rules: Rules) -> str:
    enum = rules.get("enum")
    if isinstance(enum, tuple) and value not in enum:
        allowed: tuple[object, ...] = cast("tuple[object, ...]", enum)
        return "must be one of " + ", ".join(repr(v) for v in allowed)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        bounds = {
            k: rules.get(k)
            for k in ("minimum", "maximum", "exclusive_minimum", "exclusive_maximum")
        }
        low, high = bounds["minimum"], bounds["maximum"]
        ex_low, ex_high = bounds["exclusive_minimum"], bounds["exclusive_maximum"]
        if isinstance(low, (int, float)) and value < low:
            return f"must be at least {low}"
        if isinstance(high, (int, float)) and value > high:
            return f"must be at most {high}"
        if isinstance(ex_low, (int, float)) and value <= ex_low:
            return f"must be more than {ex_low}"
        if isinstance(ex_high, (int, float)) and value >= ex_high:
            return f"must be less than {ex_high}"
    if isinstance(value, str):
        min_length, max_length = rules.get("min_length"), rules.get("max_length")
        if isinstance(min_length, int) and len(value) < min_length:
            return f"must be at least {min_length} characters long"
        if isinstance(max_length, int) and len(value) > max_length:
            return f"must be at most {max_length} characters long"
        pattern = rules.get("pattern")
        if isinstance(pattern, str) and re.search(pattern, value) is None:
            return f"must match {pattern!r}"
    if isinstance(value, (list, tuple)):
        count = len(cast("Sized", value))
        min_items, max_items = rules.get("min_items"), rules.get("max_items")
        if isinstance(min_items, int) and count < min_items:
            return f"must have at least {min_items} items"
        if isinstance(max_items, int) and count > max_items:
            return f"must have at most {max_items} items"
    return ""
