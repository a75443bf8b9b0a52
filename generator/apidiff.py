"""What changed for the API's users between two runs: the previous manifest's surface (see
``surface``) against this run's, per target, each change breaking or not by a named rule.

The rules (``RULES``), by where a value travels: an argument (a method's, a command's flag, a
Go params struct's field) and a field of a request-only schema are inputs, which may widen; a
method's return type and a field of a response-only schema are outputs, which may narrow; a
schema used both ways may do neither. A rename shows as a removal and an addition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .surface import FORMAT

# rule -> (breaking, what the entry says, what the summary says)
RULES: dict[str, tuple[bool, str, str]] = {
    "removed": (True, "removed", "removed"),
    "required-added": (True, "added, required", "added as required"),
    "became-required": (True, "became required", "became required"),
    "response-optional": (True, "became optional in a response", "became optional in responses"),
    "type-narrowed": (True, "type narrowed (an input)", "narrowed"),
    "type-widened-output": (True, "type widened (an output)", "widened"),
    "type-changed": (True, "type changed", "changed"),
    "added": (False, "added", "added"),
    "became-optional": (False, "became optional", "became optional"),
    "required-in-response": (False, "became required (responses only)", "became required in responses"),
    "type-widened": (False, "type widened (an input)", "widened"),
    "type-narrowed-output": (False, "type narrowed (an output)", "narrowed"),
}
TYPE_RULES = frozenset(r for r in RULES if r.startswith("type-"))

# target -> group -> (the owner's noun, the member's noun), in that target's words
NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "python": {
        "methods": ("method", "argument"),
        "models": ("model", "field"),
        "enums": ("enum", "value"),
        "types": ("type alias", ""),
    },
    "cli": {"methods": ("command", "flag")},
    "go": {"methods": ("method", "argument"), "models": ("struct", "field"), "enums": ("enum type", "constant")},
    "perl": {"methods": ("method", "argument")},
}
_DEFAULT_NOUNS = {
    "methods": ("method", "argument"),
    "models": ("model", "field"),
    "enums": ("enum", "value"),
    "types": ("type", ""),
}
# group -> the summary's nouns (counted once across targets)
_NEUTRAL = {
    "methods": ("method", "argument"),
    "models": ("model", "field"),
    "enums": ("enum", "enum value"),
    "types": ("type", ""),
}


@dataclass(frozen=True, slots=True)
class Change:
    target: str
    owner: str  # the method, command, model, struct, enum or type, as the target spells it
    member: str  # its argument, flag, field or value; "" for the owner itself
    noun: str  # what ``member`` (or, without one, ``owner``) is, in the target's words
    owner_noun: str
    rule: str
    neutral: str  # the summary's noun ("" leaves it out of the summary: a Go params struct's own entry)
    detail: str = ""  # a type change: "old -> new"

    @property
    def breaking(self) -> bool:
        return RULES[self.rule][0]

    def text(self) -> str:
        """One line: ``argument `n` of method `images.create`: became required``."""
        what = RULES[self.rule][1]
        if self.detail:
            what += ": `" + self.detail.replace(" -> ", "` → `") + "`"
        if self.member:
            return f"{self.noun} `{self.member}` of {self.owner_noun} `{self.owner}`: {what}"
        if self.noun != self.owner_noun:  # a method's return type
            return f"{self.noun} of {self.owner_noun} `{self.owner}`: {what}"
        return f"{self.noun} `{self.owner}`: {what}"


@dataclass(frozen=True, slots=True)
class ApiDiff:
    changes: tuple[Change, ...]
    targets: tuple[str, ...]  # compared
    skipped: tuple[str, ...] = ()  # in one surface only (the targets option changed)

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.breaking)

    def summary(self) -> str:
        """``1 method removed (breaking), 2 fields added``: each kind of change counted once
        across targets (the largest count any target shows), breaking ones first; "no change"."""
        counts: dict[tuple[str, str], int] = {}
        for target in self.targets:
            mine: dict[tuple[str, str], int] = {}
            for c in self.changes:
                if c.target == target and c.neutral:
                    key = (c.rule, c.neutral)
                    mine[key] = mine.get(key, 0) + 1
            for key, n in mine.items():
                counts[key] = max(counts.get(key, 0), n)
        order = list(RULES)
        parts = []
        for (rule, noun), n in sorted(counts.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1])):
            breaking, _, verb = RULES[rule]
            noun = f"{noun} type" if rule in TYPE_RULES and not noun.endswith("type") else noun
            parts.append(f"{n} {noun}{'' if n == 1 else 's'} {verb}{' (breaking)' if breaking else ''}")
        return ", ".join(parts) or "no change"

    def report(self, before: str, after: str) -> str:
        """The whole report in Markdown, for a pull request: per target, breaking then not."""
        lines = [f"## API changes: {self.summary()}", ""]
        lines.append(f"Compared {before} with {after}, per target ({', '.join(self.targets) or 'none'}).")
        if self.skipped:
            lines.append(f"Not compared (run by only one of the two): {', '.join(self.skipped)}.")
        lines.append("Each entry ends with the rule that classed it; a rename shows as a removal and an addition.")
        for target in self.targets:
            mine = [c for c in self.changes if c.target == target]
            lines += ["", f"### {target}" + ("" if mine else ": no change")]
            for title, breaking in (("Breaking", True), ("Non-breaking", False)):
                group = [c for c in mine if c.breaking == breaking]
                if group:
                    lines += ["", f"**{title}** ({len(group)})", ""]
                    lines += [f"- {c.text()} *({c.rule})*" for c in group]
        return "\n".join(lines) + "\n"


def unchanged(manifest: dict[str, Any]) -> ApiDiff | None:
    """A folder proven current: no change, if its manifest has a surface to compare with."""
    surface = manifest.get("surface")
    if not isinstance(surface, dict) or surface.get("format") != FORMAT:
        return None
    return ApiDiff((), tuple(sorted((k for k in surface if k != "format"), key=_target_order)))


def compare(old: Any, new: dict[str, Any]) -> ApiDiff | None:
    """The changes from ``old`` (a previous manifest's surface) to ``new``; None when there is
    nothing to compare with (no surface, or another format of it)."""
    if not isinstance(old, dict) or old.get("format") != FORMAT:
        return None
    names = {k for k in (*old, *new) if k != "format"}
    both = [k for k in names if isinstance(old.get(k), dict) and isinstance(new.get(k), dict)]
    targets = tuple(sorted(both, key=_target_order))
    changes: list[Change] = []
    for target in targets:
        changes += _target(target, old[target], new[target])
    changes.sort(key=lambda c: (_target_order(c.target), c.owner, c.member, list(RULES).index(c.rule)))
    return ApiDiff(tuple(changes), targets, tuple(sorted(names - set(targets), key=_target_order)))


def _target_order(name: str) -> tuple[int, str]:
    """The targets as --help lists them (python, cli, go, perl), any other after them."""
    return (list(NOUNS).index(name) if name in NOUNS else len(NOUNS), name)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True, slots=True)
class _Owner:
    """One method, model, enum or type present in both surfaces: it records its members' changes."""

    target: str
    name: str
    noun: str
    member_noun: str
    neutral: str  # the members' noun in the summary
    out: list[Change]

    def add(self, member: str, rule: str, detail: str = "", noun: str = "") -> None:
        neutral = "return" if noun == "return type" else self.neutral
        self.out.append(Change(self.target, self.name, member, noun or self.member_noun, self.noun, rule, neutral, detail))


def _target(target: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    out: list[Change] = []
    for group in ("methods", "models", "enums", "types"):
        before, after = _dict(old.get(group)), _dict(new.get(group))
        owner_noun, member_noun = NOUNS.get(target, {}).get(group) or _DEFAULT_NOUNS[group]
        neutral_owner, neutral_member = _NEUTRAL[group]
        for name in sorted({*before, *after}):
            was, now = _dict(before.get(name)), _dict(after.get(name))
            params = group == "models" and (now or was).get("use") == "params"
            noun = "params struct" if params else owner_noun
            if name not in before or name not in after:
                rule = "added" if name not in before else "removed"
                out.append(Change(target, name, "", noun, noun, rule, "" if params else neutral_owner))
                continue
            owner = _Owner(target, name, noun, member_noun, "argument" if params else neutral_member, out)
            if group == "enums":
                old_values, new_values = list(before[name] or ()), list(after[name] or ())
                for value in old_values:
                    if value not in new_values:
                        owner.add(str(value), "removed")
                for value in new_values:
                    if value not in old_values:
                        owner.add(str(value), "added")
            elif group == "types":
                old_type, new_type = str(was.get("type")), str(now.get("type"))
                if old_type != new_type:
                    rule = _type_rule(old_type, new_type, _use(now.get("use")))
                    out.append(Change(target, name, "", noun, noun, rule, neutral_owner, f"{old_type} -> {new_type}"))
            else:
                use = "input" if group == "methods" or params else _use(now.get("use"))
                key = "args" if group == "methods" else "fields"
                _members(_dict(was.get(key)), _dict(now.get(key)), use, owner)
                if group == "methods" and was.get("returns") != now.get("returns"):
                    old_r, new_r = str(was.get("returns") or "nothing"), str(now.get("returns") or "nothing")
                    owner.add("", _type_rule(old_r, new_r, "output"), f"{old_r} -> {new_r}", noun="return type")
    return out


def _use(value: Any) -> str:
    """Where a schema's values travel, as the rules read it: "input", "output" or "both"."""
    words = set(str(value or "").split())
    if words == {"request"}:
        return "input"
    if words == {"response"}:
        return "output"
    return "both"  # both ways, or used by no operation: the strictest reading


_ABSENT = frozenset({"None", "Omit"})  # what a Python value that may be left out adds to its type


def _members(before: dict[str, Any], after: dict[str, Any], use: str, owner: _Owner) -> None:
    for member in sorted({*before, *after}):
        if member not in after:
            owner.add(member, "removed")
            continue
        required, type_ = _spec(after[member])
        if member not in before:
            owner.add(member, "required-added" if required and use != "output" else "added")
            continue
        was_required, old_type = _spec(before[member])
        if required and not was_required:
            owner.add(member, "required-in-response" if use == "output" else "became-required")
        elif was_required and not required:
            owner.add(member, "became-optional" if use == "input" else "response-optional")
        if old_type == type_:
            continue
        moved = _alternatives(old_type) ^ _alternatives(type_)
        if not (required != was_required and moved <= _ABSENT):  # said already
            owner.add(member, _type_rule(old_type, type_, use), f"{old_type} -> {type_}")


def _spec(value: Any) -> tuple[bool, str]:
    """``"required int | None"`` -> (True, "int | None")."""
    text = str(value)
    head, _, type_ = text.partition(" ")
    return head == "required", type_


def _type_rule(old: str, new: str, use: str) -> str:
    """Widened (the new type accepts every value the old one did, and more), narrowed (the
    reverse), or changed; whether that breaks depends on the direction."""
    before, after = _alternatives(old), _alternatives(new)
    if before < after:
        return "type-widened" if use == "input" else "type-widened-output"
    if after < before:
        return "type-narrowed-output" if use == "output" else "type-narrowed"
    return "type-changed"


def _alternatives(text: str) -> frozenset[str]:
    """A type's top-level alternatives: ``int | Literal["a", "b"] | None`` -> int,
    Literal["a"], Literal["b"], None; a CLI flag's choices and Perl's ``, nullable`` alike."""
    text = text.replace(", nullable", " | null")
    parts: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif depth == 0 and text.startswith(" | ", i):
            parts.append(text[start:i])
            start = i + 3
    parts.append(text[start:])
    out: set[str] = set()
    for part in (p.strip() for p in parts):
        if part.startswith("Literal[") and part.endswith("]"):
            out |= {f"Literal[{v.strip()}]" for v in _split_top(part[8:-1])}
        else:
            out.add(part)
    return frozenset(out)


def _split_top(text: str) -> list[str]:
    """Comma-separated items, commas inside quotes or brackets kept."""
    items: list[str] = []
    depth, quote, start = 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    return items
