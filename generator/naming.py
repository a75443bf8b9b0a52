"""Names without a target: the words of a wire name, the case helpers every target uses, and
:class:`Scope`, one namespace whose collisions resolve deterministically. Pure functions, no I/O.

The IR names things by their words and their wire spelling, never by a target's identifier;
each target turns words into identifiers with its own rules (``pynames`` for Python) through a
scope per namespace, and reports the collisions it resolves.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

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


def title_words(title: str) -> list[str]:
    # Titles are brand names: split on punctuation and spaces only ("OpenAI API" -> openai, api).
    return [w for w in re.split(r"[^0-9A-Za-z]+", ascii_fold(title)) if w]


def from_method_and_path(method: str, path: str, *, parameter_names: bool) -> str:
    """Words for an operation without a usable operationId: ``get /pets/{id}`` ->
    "get pets by" or, with ``parameter_names``, "get pets by id" (what sets apart two paths
    that differ only in a parameter's name)."""
    return method.lower() + " " + re.sub(r"\{([^}]*)\}", r" by \1 " if parameter_names else " by ", path)


def env_prefix(title: str) -> str:
    """Prefix for environment variables: 'OpenAI API' -> 'OPENAI' (a trailing 'API' dropped)."""
    ws = [w.upper() for w in title_words(title)]
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


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def agent_version(version: str) -> str:
    """``info.version`` as a User-Agent product version (RFC 9110 token characters): a version
    stays as it is (``2.3.0``, ``v1.2-beta``); a date in any spelling becomes ``YYYY-MM-DD``
    (Stripe's ``Wed Oct 15 2025 13:53:19 GMT+0000 ...`` -> ``2025-10-15``); other text keeps
    its first version-like number, else itself when it is a short token (``latest``), else ``0``."""
    text = version.strip()
    if re.fullmatch(r"v?\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?", text):
        return text
    iso = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        return iso.group(0)
    spelled = re.search(r"\b([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})\b", text) or re.search(
        r"\b(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})\b", text
    )
    if spelled:
        a, b, year = spelled.groups()
        month, day = (a, b) if a[:1].isalpha() else (b, a)
        if month.lower() in _MONTHS:
            return f"{year}-{_MONTHS[month.lower()]:02d}-{int(day):02d}"
    number = re.search(r"\d+(?:\.\d+)*", text)
    if number:
        return number.group(0)
    return text if re.fullmatch(r"[0-9A-Za-z.+_-]{1,40}", text) else "0"  # "latest": a token as it is
