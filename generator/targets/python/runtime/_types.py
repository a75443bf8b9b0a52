"""The omit sentinel: an argument left out is not sent, so the server's default applies."""

from __future__ import annotations

from typing import Final, final

__all__ = ["OMIT", "Omit"]


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
