"""Every identifier the generator emits is decided here: pure functions, no I/O.

Wire names (what the spec says) never change; these functions only choose the Python
spelling. Collisions inside one scope are resolved by :class:`Scope`, deterministically and
readably, and reported so that the caller can turn them into diagnostics.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from dataclasses import dataclass, field

_SOFT_KEYWORDS = frozenset(keyword.softkwlist)
_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))
# Names a generated module relies on; an emitted identifier must never shadow them.
_MODULE_RESERVED = frozenset({"annotations", "dataclass", "field", "Any", "Literal", "Mapping"})
# Types that generated annotations name inside a class body, where a field of the same name
# would shadow them (``str: int`` followed by ``name: str``).
_ANNOTATION_BUILTINS = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict"})

# The one list of the generated package's own public names, by the runtime module that
# defines each. The package's __init__ imports and re-exports exactly these (with ``models``
# and ``__version__``), and no schema may take one (model modules import some of them).
RUNTIME_EXPORTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("_client", ("AsyncClient", "Client")),
    (
        "_exceptions",
        (
            "APIConnectionError",
            "APIError",
            "APIStatusError",
            "APITimeoutError",
            "AuthenticationError",
            "BadRequestError",
            "ConflictError",
            "InternalServerError",
            "ModelValidationError",
            "NotFoundError",
            "PermissionDeniedError",
            "RateLimitError",
            "ResponseValidationError",
            "UnprocessableEntityError",
        ),
    ),
    ("_files", ("FileTypes",)),
    ("_types", ("OMIT", "Omit")),
)
# Other names that generated model and resource modules import or define at module level.
MODULE_NAMES = (
    "TypeAlias",
    "Literal",
    "Any",
    "Mapping",
    "Union",
    "Optional",
    "dataclass",
    "field",
    "SyncAPIClient",
    "AsyncAPIClient",
    "Timeout",
    "TYPE_CHECKING",
    "Final",
    "ContextVar",
    "Callable",
    "Stream",
    "AsyncStream",
    "IO",
    "TypeVar",
    "Generic",
    "FilePart",
    "ServerSentEvent",
)


def runtime_export_names() -> tuple[str, ...]:
    return tuple(name for _, names in RUNTIME_EXPORTS for name in names)


_CAMEL_BOUNDARY = re.compile(r"[A-Z]?[a-z]+\d*|[A-Z]+(?=[A-Z][a-z])|[A-Z]+\d*|\d+")


def ascii_fold(text: str) -> str:
    """Non-ASCII letters folded to their closest ASCII spelling; anything else dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """Split any spelling (camelCase, snake_case, kebab-case, 'with spaces', dots) into words."""
    out: list[str] = []
    for chunk in re.split(r"[^0-9A-Za-z]+", ascii_fold(text)):
        out.extend(_CAMEL_BOUNDARY.findall(chunk))
    return out


def snake(text: str) -> str:
    return "_".join(w.lower() for w in words(text))


def pascal(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in (w.lower() if w.isupper() and len(w) > 1 else w for w in words(text)))


def is_reserved(name: str) -> bool:
    return keyword.iskeyword(name) or name in _SOFT_KEYWORDS or name in _BUILTINS or name in _MODULE_RESERVED


def _safe(base: str, *, digit_prefix: str, empty: str, reserved_suffix: str) -> str:
    if not base:
        return empty
    if base[0].isdigit():
        base = digit_prefix + base
    if is_reserved(base):
        base += reserved_suffix
    return base


def attribute(wire: str) -> str:
    """A snake_case attribute, argument or method name for ``wire`` (never a dunder).

    Most builtin names (``id``, ``type``, ``object``) are fine as attributes and keyword
    arguments, so only keywords and the names a generated class body relies on get a
    trailing ``_``."""
    name = snake(wire)
    if not name:
        return "field_"
    if name[0].isdigit():
        name = "n_" + name
    if keyword.iskeyword(name) or name in _MODULE_RESERVED or name in _ANNOTATION_BUILTINS:
        name += "_"
    return name


def class_name(wire: str) -> str:
    """A PascalCase class name for a schema key (never its title)."""
    return _safe(pascal(wire), digit_prefix="Model", empty="Model", reserved_suffix="Model")


def _title_words(title: str) -> list[str]:
    # Titles are brand names: split on punctuation and spaces only ("OpenAI API" -> openai, api).
    return [w for w in re.split(r"[^0-9A-Za-z]+", ascii_fold(title)) if w]


def from_method_and_path(method: str, path: str, *, parameter_names: bool) -> str:
    """Words for an operation without a usable operationId: ``get /pets/{id}`` ->
    "get pets by" or, with ``parameter_names``, "get pets by id" (what sets apart two paths
    that differ only in a parameter's name)."""
    return method.lower() + " " + re.sub(r"\{([^}]*)\}", r" by \1 " if parameter_names else " by ", path)


def package_name(title: str) -> str:
    """A package name from ``info.title``: 'OpenAI API' -> 'openai_api'."""
    name = "_".join(w.lower() for w in _title_words(title)) or "client"
    if name[0].isdigit() or is_reserved(name):
        name = "api_" + name
    return name


def env_prefix(title: str) -> str:
    """Prefix for environment variables: 'OpenAI API' -> 'OPENAI' (a trailing 'API' dropped)."""
    ws = [w.upper() for w in _title_words(title)]
    while len(ws) > 1 and ws[-1] in {"API", "REST", "SERVICE"}:
        ws.pop()
    prefix = "_".join(ws) or "API"
    return prefix if not prefix[0].isdigit() else "API_" + prefix


def api_key_env(title: str, configured: str | None = None) -> str:
    """The environment variable holding the API key: the option, else <TITLE>_API_KEY."""
    return configured or f"{env_prefix(title)}_API_KEY"


MAX_STEM = 64


def file_stem(identifier: str) -> str:
    """A file name stem for an identifier: unchanged when short, else cut with a stable hash
    suffix (file systems refuse names over 255 bytes; paths get long well before that)."""
    if len(identifier) <= MAX_STEM:
        return identifier
    import hashlib

    digest = hashlib.sha256(identifier.encode()).hexdigest()[:10]
    return f"{identifier[: MAX_STEM - 11].rstrip('_')}_{digest}"


def spelling(wire: str) -> str:
    """How a name is written, to tell apart names that convert alike: Kebab, Dotted, Spaced,
    Upper, Snake, Camel or Pascal."""
    if "-" in wire:
        return "Kebab"
    if "." in wire:
        return "Dotted"
    if " " in wire:
        return "Spaced"
    letters = [c for c in wire if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return "Upper"
    if "_" in wire:
        return "Snake"
    return "Camel" if wire[:1].islower() else "Pascal"


@dataclass(slots=True)
class Scope:
    """One namespace (a class's fields, a method's arguments, a module's names).

    ``claim`` returns a unique name for ``wanted``; on a collision the later claimant is
    prefixed with its parent (``parent_name``) or, failing that, suffixed with its wire
    spelling's distinguishing words, never with a bare counter.
    """

    taken: dict[str, str] = field(default_factory=dict)

    def reserve(self, *names: str) -> None:
        for n in names:
            self.taken.setdefault(n, f"<{n}>")

    def claim(self, wanted: str, wire: str, *, parent: str = "", snake_case: bool = True) -> tuple[str, str | None]:
        if wanted not in self.taken:
            self.taken[wanted] = wire
            return wanted, None
        other = self.taken[wanted]
        join = "_" if snake_case else ""
        candidates = []
        if parent:
            candidates.append((snake(parent) + "_" + wanted) if snake_case else pascal(parent) + wanted)
        candidates.append(wanted + ("_wire" if snake_case else "Model"))
        style = spelling(wire)
        candidates.append(f"{wanted}_{style.lower()}" if snake_case else f"{wanted}{style}")
        for cand in candidates:
            if cand not in self.taken:
                self.taken[cand] = wire
                return cand, other
        n = 2
        while f"{wanted}{join}{n}" in self.taken:
            n += 1
        self.taken[f"{wanted}{join}{n}"] = wire
        return f"{wanted}{join}{n}", other

    def first_free(self, candidates: list[str], wire: str) -> str:
        """The first candidate not taken (claimed for ``wire``), else the last one numbered."""
        for cand in candidates:
            if cand not in self.taken:
                self.taken[cand] = wire
                return cand
        base, n = candidates[-1], 2
        while f"{base}_{n}" in self.taken:
            n += 1
        self.taken[f"{base}_{n}"] = wire
        return f"{base}_{n}"
