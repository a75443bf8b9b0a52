"""The omit sentinel (an argument left out is not sent, so the server's default applies), and
the narrowing of JSON values that strict type checkers (mypy, pyright) follow."""

from __future__ import annotations

from typing import Final, TypeGuard, final

__all__ = ["OMIT", "Omit", "is_dict", "is_list"]


def is_dict(value: object) -> TypeGuard[dict[str, object]]:
    """A JSON object (keys are strings on the wire)."""
    return isinstance(value, dict)


def is_list(value: object) -> TypeGuard[list[object]]:
    return isinstance(value, list)


@final
class Omit:
    """Type of ``OMIT``. ``None`` means "send null"; ``OMIT`` means "do not send"."""

    _instance: Omit | None = None

    def __new__(cls) -> Omit:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "OMIT"


OMIT: Final = Omit()
