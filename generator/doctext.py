"""The spec's descriptions, for each kind of reader.

OpenAPI says descriptions are CommonMark, and CommonMark allows raw HTML: Stripe writes
``<p>Creates a customer.</p>``. Two readings, one place:

- ``readable(text)``: for docstrings, Go comments, POD, command-line help and the Markdown
  pages: Markdown stays as it is (it reads as plain text), HTML tags become what they mean in
  Markdown (paragraphs, line breaks, ``code``, **bold**, lists, ``[links](url)``), entities are
  decoded, scripts and styles dropped. Text without HTML comes back unchanged.
- ``html(text)``: for the HTML reference: rendered by markdown-it-py (CommonMark) and sanitised
  by nh3 (Ammonia): an allowlist of tags and attributes, links only to http(s), mailto and
  relative addresses; no scripts, event handlers or ``javascript:`` links.

- ``plain(text)``: one line of plain text (the HTML reference's sidebar and search index).

All are pure functions of the text, cached (a spec repeats its descriptions).
"""

from __future__ import annotations

import functools
import html as htmllib
import re
from html.parser import HTMLParser

# A tag or an entity, the sign that a description holds HTML.
_HTML = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|/[A-Za-z][A-Za-z0-9-]*\s*|!--)>|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
)
# Markdown code (fenced blocks and spans): HTML inside them is text, kept as written.
_CODE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$|(`+)(?!`).+?(?<!`)\2(?!`)", re.MULTILINE | re.DOTALL)

_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "main",
        "nav",
        "p",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
    ]
)
_DROPPED = frozenset({"script", "style", "template", "noscript", "head", "title"})
# Inline tags whose text is kept and the tag dropped; a tag in none of these sets (``List<T>``,
# ``<uuid>``) is not HTML to a reader of plain text, and stays as written.
_INLINE = frozenset(
    {"a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "img", "ins", "kbd", "li", "mark", "ol", "pre",
     "q", "s", "samp", "small", "span", "strong", "sub", "sup", "tt", "u", "ul", "var", "html", "body"}
)  # fmt: skip
_KNOWN = _BLOCKS | _INLINE | _DROPPED
_MARKS = {"code": "`", "tt": "`", "kbd": "`", "samp": "`", "strong": "**", "b": "**", "em": "*", "i": "*"}


@functools.lru_cache(maxsize=65536)
def readable(text: str) -> str:
    """``text`` with its HTML turned into the Markdown it means; unchanged without HTML."""
    if "<" not in text and "&" not in text:
        return text
    kept: list[str] = []

    def protect(m: re.Match[str]) -> str:
        kept.append(m.group())
        return f"\x00{len(kept) - 1}\x00"

    shielded = _CODE.sub(protect, text)
    if not _HTML.search(shielded):
        return text
    reader = _Reader()
    reader.feed(shielded)
    reader.close()
    out = reader.text()
    return re.sub("\x00([0-9]+)\x00", lambda m: kept[int(m.group(1))], out)


class _Reader(HTMLParser):
    """HTML -> the Markdown it means, text kept; anything unknown keeps its text only."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lists: list[list[int]] = []  # open lists: [next number] for ol, [] for ul
        self.links: list[str | None] = []
        self.dropping = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _KNOWN:
            self.parts.append(self.get_starttag_text() or "")
        elif tag in _DROPPED:
            self.dropping += 1
        elif tag in _BLOCKS or tag in ("ul", "ol"):
            self._break()
            if tag == "ul":
                self.lists.append([])
            elif tag == "ol":
                self.lists.append([1])
            elif tag == "hr":
                self.parts.append("---")
                self._break()
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n")
            numbers = self.lists[-1] if self.lists else []
            indent = "  " * max(len(self.lists) - 1, 0)
            if numbers:
                self.parts.append(f"{indent}{numbers[0]}. ")
                numbers[0] += 1
            else:
                self.parts.append(f"{indent}- ")
        elif tag == "pre":
            self._break()
            self.parts.append("```\n")
            self.pre += 1
        elif tag in _MARKS:
            self._mark(tag)
        elif tag == "a":
            href = dict(attrs).get("href")
            safe = href if href and re.match(r"(?:https?:|mailto:|/|#|\.)", href) else None
            self.links.append(safe)
            if safe:
                self.parts.append("[")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _KNOWN:
            self.parts.append(self.get_starttag_text() or "")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _KNOWN:
            self.parts.append(f"</{tag}>")
        elif tag in _DROPPED:
            self.dropping = max(self.dropping - 1, 0)
        elif tag in _BLOCKS:
            self._break()
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._break()
        elif tag == "pre" and self.pre:
            self.pre -= 1
            self.parts.append("\n```")
            self._break()
        elif tag in _MARKS:
            self._mark(tag)
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.parts.append(f"]({href})")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data if self.pre else re.sub(r"[ \t]+", " ", data))

    def _mark(self, tag: str) -> None:
        """Markdown's mark for an inline tag, opening or closing (code inside <pre> needs none)."""
        if not (self.pre and _MARKS[tag] == "`"):
            self.parts.append(_MARKS[tag])

    def _break(self) -> None:
        self.parts.append("\n\n")

    def text(self) -> str:
        """The Markdown: lines without trailing spaces, at most one blank line in a row, the
        indentation HTML sources carry dropped (a list item's own kept)."""
        lines, fenced = [], False
        for line in "".join(self.parts).split("\n"):
            stripped = line.strip()
            if stripped.startswith("```"):
                fenced = not fenced
            keep = fenced or stripped[:1] == "-" or stripped[:1].isdigit()
            lines.append(line.rstrip() if keep else stripped)
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def markdown(text: str) -> str:
    """For a Markdown page: ``readable``, then the angle brackets and ampersands left in the
    prose escaped (outside code, where they are shown as written), so no stray tag opens."""
    plain = _SCRIPT_LINK.sub(r"\1", readable(text))
    out, at = [], 0
    for m in _CODE.finditer(plain):
        out += [_escape(plain[at : m.start()]), m.group()]
        at = m.end()
    out.append(_escape(plain[at:]))
    return "".join(out)


# A Markdown link to script (``[x](javascript:...)``): its text is kept, the link dropped.
_SCRIPT_LINK = re.compile(r"\[([^\]]*)\]\(\s*(?:javascript|vbscript|data):(?:[^()]|\([^()]*\))*\)", re.IGNORECASE)


def _escape(prose: str) -> str:
    return prose.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@functools.lru_cache(maxsize=65536)
def html(text: str, *, inline: bool = False) -> str:
    """The description rendered as sanitised HTML. ``inline``: one paragraph's content without
    its ``<p>`` (for table cells and summaries); several blocks stay blocks."""
    if not text.strip():
        return ""
    if _PLAIN_LINE.fullmatch(text):  # one line of prose with nothing CommonMark reads: a paragraph
        clean = "<p>" + _escape(text.strip()) + "</p>"
        return clean[3:-4] if inline else clean
    rendered = _renderer().render(text)
    clean = _sanitise(rendered).strip()
    if inline and clean.startswith("<p>") and clean.endswith("</p>") and clean.count("<p>") == 1:
        return clean[3:-4]
    return clean


def plain(text: str) -> str:
    """One line of plain text (a sidebar entry, a search index title): the description rendered,
    its tags dropped, its entities read, its white space collapsed."""
    if _PLAIN_LINE.fullmatch(text):
        return " ".join(text.split())
    spaced = _BLOCK_TAG.sub(" ", html(text, inline=True))
    return " ".join(htmllib.unescape(re.sub(r"<[^>]*>", "", spaced)).split())


_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|br|hr|h[1-6]|pre|blockquote|table|tr|td|th|div)\b[^>]*>")


# One line that CommonMark renders as a plain paragraph: no inline markup character, no block
# marker at its start (tests/test_doctext.py renders every such description of the full spec
# both ways).
_PLAIN_LINE = re.compile(r"[ \t]{0,3}(?![-+*>#=_0-9 \t])[^\n`*_\[\]<>&!|~\\]*?[ \t]*")


_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "td": {"align"}, "th": {"align"}, "ol": {"start"}}


def _sanitise(fragment: str) -> str:
    import nh3

    return nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


@functools.lru_cache(maxsize=1)
def _renderer():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True, "linkify": False})
