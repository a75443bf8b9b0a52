"""A planned file: where it goes and how its text is made. Targets plan; the pipeline renders."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class PlannedFile:
    path: str  # relative to the output folder; a target keeps its files below its own folder
    template: str = ""  # a Jinja template under templates/, rendered with ``context``
    context: dict[str, object] = field(default_factory=dict)
    text: str | None = None  # or the finished text (a runtime module copied as it is)
    preformatted: bool = False  # already in the formatter's layout; tests prove it stays so
    formatter: str = "none"  # "black" or "none": what the target's formatter is for this file
