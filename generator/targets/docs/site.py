"""The HTML reference as a site: how its operations and models are spread over pages, the
sidebar of each page, and the search index every page reads.

A small API (up to ``SPLIT_ABOVE`` operations) is one self-contained page, ``reference.html``. A
bigger one gets an index page of that name plus one page per resource under ``reference/``; a
resource whose page would pass ``PAGE_BUDGET`` bytes is split by its paths' segments (Stripe has
one resource for 452 operations: ``/v1/customers/...`` and ``/v1/charges/...`` get pages of their
own), and the models by their names' first letters. Page names come from the paths and names, so a
spec edit changes the pages that show it. Links to an anchor on another page keep working: each
page looks an unknown ``#anchor`` up in the search index and moves to the page that has it."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ...ir.build import path_words
from .pages import DocsView, ModelEntry, OperationPage, anchor

SPLIT_ABOVE = 50  # operations; up to this many, the reference is one page
PAGE_BUDGET = 3_000_000  # bytes of field trees and examples a page may hold before it is split
FOLDER = "reference"  # the pages' folder beside reference.html
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class NavLink:
    title: str
    href: str  # relative to the page that shows it


@dataclass(frozen=True, slots=True)
class NavGroup:
    title: str
    href: str  # "" on a single page: the group is a heading only
    links: tuple[NavLink, ...]  # the operations, on the group's own page (or every group on a single page)
    current: bool
    count: int  # its operations


@dataclass(frozen=True, slots=True)
class HtmlPage:
    file: str  # relative to docs/
    title: str
    root: str  # from this page to docs/: "" or "../"
    nav: tuple[NavGroup, ...]
    models_nav: tuple[NavLink, ...]
    operations: tuple[OperationPage, ...]
    models: tuple[ModelEntry, ...]
    overview: bool  # the first page: the API's description and authentication
    contents: tuple[NavGroup, ...]  # the overview of a split reference: every page, with its number of operations
    single: bool  # the whole reference in this page: styles, script and index inline


@dataclass(frozen=True, slots=True)
class Site:
    pages: tuple[HtmlPage, ...]
    index: str  # the search index, a JavaScript statement (one entry per line)
    split: bool


def site(docs: DocsView) -> Site:
    if len(docs.operations) <= SPLIT_ABOVE:
        return _single(docs)
    taken: set[str] = {"reference.html"}
    by_group = _by_group(docs)
    groups: list[tuple[str, str, tuple[OperationPage, ...]]] = []  # (title, file, operations)
    for group in docs.groups:
        for key, part in _split(by_group.get(group.title, ()), lambda op: path_words(op.path), _op_size):
            # A split resource's pages are named by their paths' words; the resource's name
            # leads only where there are other resources to tell apart.
            title = " / ".join(([group.title] if len(docs.groups) > 1 else []) + list(key)) if key else group.title
            groups.append((title, _file(taken, anchor(group.title, *key)), part))
    model_pages = [
        (("Models: " + "".join(key).upper() + "…") if key else "Models", _file(taken, "_" + anchor("models", *key)), part)
        for key, part in _split(tuple(docs.models), lambda m: tuple(m.name.lower()), _model_size)
        if part
    ]
    where: dict[str, str] = {}  # anchor -> page file
    for _, file, ops in groups:
        where.update((op.anchor, file) for op in ops)
    for _, file, models in model_pages:
        where.update((m.anchor, file) for m in models)

    def nav(current: str) -> tuple[NavGroup, ...]:
        return tuple(
            NavGroup(
                title=title,
                href=_rel(current, file),
                links=tuple(NavLink(op.plain_title, f"#{op.anchor}") for op in ops) if file == current else (),
                current=file == current,
                count=len(ops),
            )
            for title, file, ops in groups
        )

    def models_nav(current: str) -> tuple[NavLink, ...]:
        return tuple(NavLink(title, _rel(current, file)) for title, file, _ in model_pages)

    # Every page, not every operation: a summary edit changes the pages that show it, not this one.
    contents = tuple(NavGroup(title, file, (), False, len(ops)) for title, file, ops in groups)
    first = HtmlPage(
        file="reference.html",
        title=docs.title,
        root="",
        nav=nav("reference.html"),
        models_nav=models_nav("reference.html"),
        operations=(),
        models=(),
        overview=True,
        contents=contents,
        single=False,
    )
    pages = [first]
    pages += [HtmlPage(file, title, "../", nav(file), models_nav(file), ops, (), False, (), False) for title, file, ops in groups]
    pages += [
        HtmlPage(file, title, "../", nav(file), models_nav(file), (), models, False, (), False)
        for title, file, models in model_pages
    ]
    return Site(pages=tuple(pages), index=_index(docs, where), split=True)


def _single(docs: DocsView) -> Site:
    by_group = _by_group(docs)
    nav = tuple(
        NavGroup(
            title=g.title,
            href="",
            links=tuple(NavLink(op.plain_title, f"#{op.anchor}") for op in by_group.get(g.title, ())),
            current=True,
            count=len(g.entries),
        )
        for g in docs.groups
    )
    models = (NavLink("All models", "#models"),) if docs.models else ()
    where = {op.anchor: "reference.html" for op in docs.operations} | {m.anchor: "reference.html" for m in docs.models}
    page = HtmlPage("reference.html", docs.title, "", nav, models, docs.operations, docs.models, True, (), True)
    return Site(pages=(page,), index=_index(docs, where), split=False)


def _by_group(docs: DocsView) -> dict[str, tuple[OperationPage, ...]]:
    """Each resource's operations, in the reference's order (one pass, not one per resource)."""
    out: dict[str, list[OperationPage]] = {}
    for op in docs.operations:
        out.setdefault(op.group, []).append(op)
    return {title: tuple(ops) for title, ops in out.items()}


def _file(taken: set[str], stem: str) -> str:
    """A page's file under FOLDER, made unique (two keys may spell the same stem)."""
    file, n = f"{FOLDER}/{stem}.html", 1
    while file in taken:
        n += 1
        file = f"{FOLDER}/{stem}-{n}.html"
    taken.add(file)
    return file


def _rel(current: str, file: str) -> str:
    """``file`` (relative to docs/) as a link from the page ``current``."""
    if "/" in current and not file.startswith(FOLDER + "/"):
        return "../" + file
    if "/" in current:
        return file[len(FOLDER) + 1 :]
    return file


def _op_size(op: OperationPage) -> int:
    sections = sum(len(s.html) for s in op.sections)
    return sections + len(op.returns_html) + len(op.curl) + len(op.python) + len(op.go) + len(op.perl) + len(op.cli)


def _model_size(model: ModelEntry) -> int:
    return len(model.html) + len(model.html_description)


def _split(
    items: tuple[T, ...], words: Callable[[T], Sequence[str]], size: Callable[[T], int], depth: int = 0
) -> list[tuple[tuple[str, ...], tuple[T, ...]]]:
    """``items`` in pages of at most PAGE_BUDGET bytes, each keyed by the words its items share
    (the first ``depth`` words, then one more per split); an item without a word at that depth
    stays on the page that has the shorter key. Items keep their order within a page."""
    if sum(size(i) for i in items) <= PAGE_BUDGET or len(items) <= 1:
        return [((), items)]
    buckets: dict[str, list[T]] = {}
    for item in items:
        w = words(item)
        buckets.setdefault(w[depth] if len(w) > depth else "", []).append(item)
    if list(buckets) == [""]:  # no word left to tell them apart: one page, however big
        return [((), items)]
    if len(buckets) == 1:  # all share the word: look one further
        (word,) = buckets
        return [((word, *key), part) for key, part in _split(items, words, size, depth + 1)]
    out: list[tuple[tuple[str, ...], tuple[T, ...]]] = []
    for word in sorted(buckets):
        part = tuple(buckets[word])
        if not word:
            out.append(((), part))
            continue
        out += [((word, *key), sub) for key, sub in _split(part, words, size, depth + 1)]
    return out


def _index(docs: DocsView, where: dict[str, str]) -> str:
    """``window.REFERENCE_INDEX``: [kind, title, name, method and path, operationId, page#anchor]
    per operation and model, one per line so a spec edit shows as the lines it changes."""
    rows: list[list[str]] = [
        ["operation", op.plain_title, op.call, op.http, op.operation_id, f"{where[op.anchor]}#{op.anchor}"]
        for op in docs.operations
    ]
    rows += [["model", m.name, m.name, "", "", f"{where[m.anchor]}#{m.anchor}"] for m in docs.models]
    lines = ",\n".join(json.dumps(r, ensure_ascii=False).replace("</", "<\\/") for r in rows)
    return f"window.REFERENCE_INDEX = [\n{lines}\n];\n"
