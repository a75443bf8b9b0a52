"""View-models for the reference docs: a Markdown index, a page per operation, a models page, and
one self-contained HTML page. Spec text is escaped here, once: Markdown keeps its formatting but
never raw HTML; HTML is built with markupsafe."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from ... import doctext, naming
from ...callexamples import cli_example, curl_example, go_example, python_example
from ...examples import response_example
from ...gonames import GoNames
from ...ir import Alias, Api, Field, Model, Operation, Parameter, Resource, ResponseHeader, StatusDoc, ordered
from ...ir import types as t
from ...ir.walk import reachable
from ...plnames import PerlNames, example_call
from ...pycode import literal
from ...pynames import PyNames

MAX_TREE_DEPTH = 6
MAX_TREE_ITEMS = 400  # nested fields expanded per section of a page


# -- text -----------------------------------------------------------------------------------------
def md(text: str) -> str:
    """A spec description for a Markdown page: its HTML turned into Markdown, no stray tag."""
    return doctext.markdown(text)


def html_doc(text: str, *, inline: bool = False) -> Markup:
    """A spec description for the HTML page: CommonMark rendered, sanitised."""
    return Markup(doctext.html(text, inline=inline))


def md_line(text: str) -> str:
    return " ".join(md(text).split())


def md_code(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def anchor(*parts: str) -> str:
    return "-".join(naming.snake(p).replace("_", "-") for p in parts if p) or "section"


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_CODE = re.compile(r"`([^`]+)`")


def html_text(text: str) -> Markup:
    """Spec Markdown as HTML: escaped first; then inline code and http(s) or relative links."""
    out = str(escape(" ".join(text.split())))
    out = _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", out)

    def link(m: re.Match[str]) -> str:
        url = m.group(2)
        if re.match(r"^(https?:|/|#|\.)", url) is None:
            return m.group(0)
        return f'<a href="{url}">{m.group(1)}</a>'

    return Markup(_LINK.sub(link, out))


# -- types for people -----------------------------------------------------------------------------
def people_type(api: Api, names: PyNames, shape: t.TypeShape, link: str | None) -> str:
    """'string or [ImageModel](models.md#imagemodel)' (``link`` is the models page; None: no links)."""
    if isinstance(shape, t.Primitive):
        base = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}[shape.kind]
        return f"{base} ({shape.format})" if shape.format and shape.format not in ("binary",) else base
    if isinstance(shape, t.LiteralShape):
        values = " or ".join(md_code(literal(v)) + (" (empty string)" if v == "" else "") for v in shape.values)
        return f"{values} or string" if shape.open else values
    if isinstance(shape, t.ArrayShape):
        return f"array of {people_type(api, names, shape.item, link)}"
    if isinstance(shape, t.MapShape):
        return f"map of {people_type(api, names, shape.value, link)}"
    if isinstance(shape, t.RefShape):
        name = names.cls(shape.key)
        return f"[{name}]({link}#{anchor(name)})" if link is not None else name
    if isinstance(shape, t.UnionShape):
        return " or ".join(people_type(api, names, v, link) for v in shape.variants)
    if isinstance(shape, t.NullableShape):
        return f"{people_type(api, names, shape.inner, link)} or null"
    if isinstance(shape, t.FileShape):
        return "file"
    if isinstance(shape, t.NullShape):
        return "null"
    return "any"


def _details(api: Api, item: Field | Parameter) -> list[str]:
    c = item.constraints
    out = []
    for label, value in (
        ("minimum", c.minimum),
        ("maximum", c.maximum),
        ("exclusive minimum", c.exclusive_minimum),
        ("exclusive maximum", c.exclusive_maximum),
        ("min length", c.min_length),
        ("max length", c.max_length),
        ("min items", c.min_items),
        ("max items", c.max_items),
    ):
        if value is not None:
            out.append(f"{label} {value:g}" if isinstance(value, float) else f"{label} {value}")
    if c.pattern is not None:
        out.append(f"pattern {md_code(c.pattern)}")
    values = _allowed(api, item.type)
    if values:
        out.append("allowed values: " + ", ".join(allowed_value(v) for v in values))
    if item.default is not None:
        out.append(f"default {md_code(literal(item.default.value))}")
    if isinstance(item, Field) and item.read_only:
        out.append("read-only")
    if item.deprecated:
        out.append("deprecated")
    return out


def allowed_value(value: object) -> str:
    """An enum value as the reader types it; the empty string is named, not an empty code span."""
    return '`""` (empty string)' if value == "" else md_code(str(value))


def _allowed(api: Api, shape: t.TypeShape) -> tuple[object, ...]:
    """The enum values a value may take, through unions and aliases (not inside arrays)."""
    if not isinstance(t.strip_nullable(shape)[0], (t.RefShape, t.UnionShape, t.LiteralShape)):
        return ()  # nothing to walk: most fields are plain values
    return tuple(
        v for s in reachable(api.declaration, shape, containers=False) if isinstance(s, t.LiteralShape) for v in s.values
    )


# -- trees of fields -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DocItem:
    """One parameter or field; ``children`` are the fields of its model, expanded."""

    name: str
    type: str  # Markdown, with links
    html_type: Markup
    required: str  # "required" | "optional"
    details: str  # Markdown
    description: str  # Markdown, one line
    html_description: Markup
    children: tuple[DocItem, ...] = ()


@dataclass(frozen=True, slots=True)
class DocRow:
    """A DocItem flattened for a nested Markdown list."""

    indent: str
    item: DocItem


@dataclass(slots=True)
class _Budget:
    """How many more nested fields a page may expand. Object graphs fan out (a model reached
    through many paths is expanded under each), so a page stops expanding here and links
    to the models page instead."""

    left: int = MAX_TREE_ITEMS


# Within one docs_view: each parameter's or field's own line (type, details, description), built
# once however many pages and trees show it; keyed by the IR object's id, alive for the whole call.
_HEADS: dict[tuple[int, str | None], DocItem] = {}


def _item(
    api: Api,
    names: PyNames,
    item: Field | Parameter,
    link: str | None,
    seen: frozenset[str],
    depth: int,
    budget: _Budget | None = None,
) -> DocItem:
    budget = budget if budget is not None else _Budget()
    head = _HEADS.get((id(item), link))
    if head is None:
        head = _HEADS[(id(item), link)] = _head(api, names, item, link)
    model = _model_of(api, item.type)
    if model is not None and model.key not in seen and depth < MAX_TREE_DEPTH and budget.left >= len(model.fields):
        budget.left -= len(model.fields)
        children = tuple(_item(api, names, f, link, seen | {model.key}, depth + 1, budget) for f in model.fields)
        return replace(head, children=children)
    return head


def _head(api: Api, names: PyNames, item: Field | Parameter, link: str | None) -> DocItem:
    details = _details(api, item)
    shown = t.nullable(item.type) if item.nullable else item.type
    return DocItem(
        name=md_code(item.wire_name),
        type=people_type(api, names, shown, link),
        html_type=html_text(people_type(api, names, shown, None)),
        required="required" if item.required else "optional",
        details=" · ".join(details),
        description=md_line(item.description),
        html_description=html_doc(item.description, inline=True)
        + (Markup(" ") + html_text("(" + "; ".join(details) + ")") if details else Markup("")),
    )


def _model_of(api: Api, shape: t.TypeShape) -> Model | None:
    shape, _ = t.strip_nullable(shape)
    if isinstance(shape, t.ArrayShape):
        return _model_of(api, shape.item)
    if isinstance(shape, t.RefShape):
        decl = api.declaration(shape.key)
        return decl if isinstance(decl, Model) else None
    return None


def flatten(items: tuple[DocItem, ...], depth: int = 0) -> tuple[DocRow, ...]:
    rows: list[DocRow] = []
    for item in items:
        rows.append(DocRow(indent="  " * depth, item=item))
        rows.extend(flatten(item.children, depth + 1))
    return tuple(rows)


def html_tree(items: tuple[DocItem, ...]) -> Markup:
    """Nested fields as <details> elements that expand and collapse. Text is escaped here
    (``escape``); ``html_type`` and ``html_description`` are Markup already."""
    parts = []
    for item in items:
        name = escape(item.name.strip("` "))
        head = (
            f'<span class="name">{name}</span> <span class="type">{escape(item.html_type)}</span> '
            f'<span class="req">{escape(item.required)}</span>'
        )
        desc = escape(item.html_description)
        body = f'<div class="desc">{desc}</div>' if desc else ""
        if item.children:
            children = html_tree(item.children)
            parts.append(
                f'<details class="field" data-field="{name}"><summary>{head}</summary>{body}'
                f'<div class="children">{children}</div></details>'
            )
        else:
            parts.append(f'<div class="field leaf" data-field="{name}">{head}{body}</div>')
    return Markup("".join(parts))  # every piece above is escaped, or Markup already


# -- pages -------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DocSection:
    title: str
    rows: tuple[DocRow, ...]
    html: Markup


@dataclass(frozen=True, slots=True)
class OperationPage:
    file: str  # relative to docs/
    anchor: str
    title: str
    description: str
    html_description: Markup
    http: str
    signature: str
    sections: tuple[DocSection, ...]
    returns: str
    returns_rows: tuple[DocRow, ...]
    returns_html: Markup
    response: str  # Markdown: the success status, its media types and description
    html_response: Markup
    header_rows: tuple[DocRow, ...]  # the success response's documented headers
    headers_html: Markup
    other_responses: tuple[str, ...]  # Markdown, one line per other documented status
    html_other_responses: tuple[Markup, ...]
    pages: str  # Markdown: how its pages chain and how each client walks them ("" for no list)
    html_pages: Markup
    curl: str
    python: str
    cli: str  # the command line's call ("" when the cli target does not run)
    go: str  # the Go client's call, a whole program ("" when the go target does not run)
    perl: str  # the Perl client's call ("" when the perl target does not run)
    response_json: str
    up: str  # link back to the index
    group: str  # the resource's title, as the index groups it
    plain_title: str  # the title as plain text (the sidebar, the search index)
    call: str  # client.<resource>.<method>
    operation_id: str
    path: str


@dataclass(frozen=True, slots=True)
class IndexEntry:
    signature: str
    http: str
    link: str
    anchor: str
    title: str


@dataclass(frozen=True, slots=True)
class IndexGroup:
    title: str
    description: str
    entries: tuple[IndexEntry, ...]


@dataclass(frozen=True, slots=True)
class ModelEntry:
    name: str
    anchor: str
    kind: str
    description: str
    html_description: Markup
    rows: tuple[DocRow, ...]
    html: Markup
    type: str  # Markdown, with links
    html_type: Markup


@dataclass(frozen=True, slots=True)
class DocsView:
    title: str
    description: str
    html_description: Markup
    package: str
    auth: tuple[str, ...]  # how each credential is given and sent, one Markdown line each
    html_auth: tuple[Markup, ...]
    groups: tuple[IndexGroup, ...]
    operations: tuple[OperationPage, ...]
    models: tuple[ModelEntry, ...]


@dataclass(frozen=True, slots=True)
class GoExample:
    """What a Go example needs: the go target's names, package and module path."""

    names: GoNames
    package: str
    module: str


def docs_view(
    api: Api,
    names: PyNames,
    package: str,
    api_key_env: str,
    *,
    cli: bool = False,
    go: GoExample | None = None,
    perl: PerlNames | None = None,
) -> DocsView:
    """``cli``, ``go``, ``perl``: those targets run too, so each page shows their call."""
    _HEADS.clear()
    try:
        return _docs_view(api, names, package, api_key_env, cli=cli, go=go, perl=perl)
    finally:
        _HEADS.clear()


def _docs_view(
    api: Api,
    names: PyNames,
    package: str,
    api_key_env: str,
    *,
    cli: bool,
    go: GoExample | None,
    perl: PerlNames | None,
) -> DocsView:
    operations = tuple(
        _operation_page(api, names, r, op, package, api_key_env, cli, go, perl) for r in api.resources for op in r.operations
    )
    groups = tuple(
        IndexGroup(
            title=r.wire_name,
            description=md_line(r.description),
            entries=tuple(
                IndexEntry(signature=p.signature, http=p.http, link=p.file, anchor=p.anchor, title=p.title)
                for p in operations
                if p.file.startswith(names.resource(r).module + "/")
            ),
        )
        for r in api.resources
        if r.operations  # a level holding nested resources only has no section of its own
    )
    auth = _auth_lines(api, api_key_env)
    return DocsView(
        title=api.title,
        description=md(api.description),
        html_description=html_doc(api.description),
        package=package,
        auth=auth,
        html_auth=tuple(html_text(line) for line in auth),
        groups=groups,
        operations=operations,
        models=tuple(_model_entry(api, names, d) for d in ordered(api.declarations)),
    )


def _auth_lines(api: Api, api_key_env: str) -> tuple[str, ...]:
    """Each security scheme: which client option carries the credential and how it is sent."""
    lines = []
    for s in api.security_schemes:
        if s.implicit:
            lines.append(
                f"The spec declares no security scheme: a key given as `api_key` (or in `{api_key_env}`) "
                "is sent as `Authorization: Bearer <key>`."
            )
        elif s.kind == "bearer":
            lines.append(f"`{md_line(s.key)}`: `api_key` (or `{api_key_env}`), sent as `Authorization: Bearer <key>`.")
        elif s.kind == "basic":
            lines.append(f"`{md_line(s.key)}`: `username` and `password`, sent as HTTP basic auth.")
        else:
            lines.append(
                f"`{md_line(s.key)}`: `api_key` (or `{api_key_env}`), sent as the {s.location} `{md_line(s.param_name)}`."
            )
    return tuple(lines)


def _returns_name(api: Api, names: PyNames, op: Operation) -> str:
    r = op.response
    if r.kind == "json" and r.type is not None:
        return people_type(api, names, r.type, None)
    return {"text": "string", "binary": "bytes", "sse": "a stream of events", "empty": "None"}[r.kind]


def _operation_page(
    api: Api,
    names: PyNames,
    resource: Resource,
    op: Operation,
    package: str,
    api_key_env: str,
    cli: bool,
    go: GoExample | None,
    perl: PerlNames | None,
) -> OperationPage:
    method = names.main_method(op)
    own = names.resource(resource)
    reach = own.path  # customers.tax_ids
    file = f"{own.module}/{naming.file_stem(method)}.md"
    link = "../models.md"
    sections = []
    titles = {
        "path": "Path parameters",
        "query": "Query parameters",
        "header": "Header parameters",
        "cookie": "Cookie parameters",
    }
    for where, title in titles.items():
        params = [p for p in op.parameters if p.location == where]
        if params:
            budget = _Budget()
            items = tuple(_item(api, names, p, link, frozenset(), 0, budget) for p in params)
            sections.append(DocSection(title=title, rows=flatten(items), html=html_tree(items)))
    if op.body is not None:
        body = op.body
        fields = [f for f in body.fields if f.wire_name != op.stream_flag]
        budget = _Budget()
        items = tuple(_item(api, names, f, link, frozenset(), 0, budget) for f in fields)
        title = {
            "multipart": "Body parameters (multipart/form-data)",
            "form": "Body parameters (form data)",
            "json": "Body parameters (JSON)",
        }.get(body.media_type, f"Body ({body.content_type})")
        if body.whole is not None:
            whole = Field(
                wire_name=names.body_arg(op),
                type=body.whole,
                required=body.required,
                nullable=False,
                description=body.description or "The request body.",
            )
            items = (_item(api, names, whole, link, frozenset(), 0),)
        if items:  # a body with no field (Stripe's GETs declare an empty form) gets no section
            sections.append(DocSection(title=title, rows=flatten(items), html=html_tree(items)))
    returns_items: tuple[DocItem, ...] = ()
    model = _model_of(api, op.response.type) if op.response.type is not None else None
    if model is not None:
        budget = _Budget()
        returns_items = tuple(_item(api, names, f, link, frozenset({model.key}), 0, budget) for f in model.fields)
    args = ", ".join(["..."] if (op.parameters or op.body) else [])
    returns = _returns_name(api, names, op)
    headers = tuple(_header_item(h) for h in op.response.headers)
    others = tuple(_status_line(d) for d in op.response.documented if d.status != op.response.status)
    paging = _pages_line(op, f"client.{reach}.{method}")
    return OperationPage(
        file=file,
        anchor=anchor(reach, method),
        title=md_line(_heading(op, method)),
        description=md(op.description),
        html_description=html_doc(op.description),
        http=f"{op.method} {op.path}",
        signature=f"client.{reach}.{method}({args}) -> {returns}",
        sections=tuple(sections),
        returns=returns if model is None else f"[{names.cls(model.key)}]({link}#{anchor(names.cls(model.key))})",
        returns_rows=flatten(returns_items),
        returns_html=html_tree(returns_items),
        response=_status_line(
            _success_doc(op), returns if model is None else f"[{names.cls(model.key)}]({link}#{anchor(names.cls(model.key))})"
        ),
        html_response=html_text(_status_line(_success_doc(op), returns)),
        header_rows=flatten(headers),
        headers_html=html_tree(headers),
        other_responses=others,
        html_other_responses=tuple(html_text(line) for line in others),
        pages=paging,
        html_pages=html_text(paging),
        curl=curl_example(api, op, api_key_env, names),
        python=python_example(api, op, package, names, reach),
        cli=cli_example(api, op, package, names, reach) if cli else "",
        go=go_example(api, op, names, go.names, go.package, go.module) if go else "",
        perl=(
            f"use {perl.namespace}::Client;\n\nmy $client = {perl.namespace}::Client->new;  # the API key from the environment\n"
            + example_call(api, op, perl.calls[op.key])
            if perl
            else ""
        ),
        response_json=response_example(api, op),
        up="../index.md",
        group=resource.wire_name,
        plain_title=doctext.plain(_heading(op, method)),
        call=f"client.{reach}.{method}",
        operation_id=op.operation_id,
        path=op.path,
    )


_SENTENCE = re.compile(r"(.+?[.!?])(\s|$)", re.DOTALL)


def _heading(op: Operation, method: str) -> str:
    """An operation's title: its summary; else its description's first sentence when short (as
    Stripe's spec, which has no summaries, reads: "Creates a new customer object."); else the
    method's name."""
    if op.summary:
        return op.summary
    first = _SENTENCE.match(" ".join(doctext.readable(op.description).split()))
    if first is not None and len(first.group(1)) <= 80 and "\n" not in first.group(1):
        return first.group(1)
    return method


def _pages_line(op: Operation, call: str) -> str:
    """How a list operation's pages chain (``ir/pagination``), for the reader of its page."""
    paging = op.pagination
    if paging is None:
        return ""
    source = {
        "offset": f"{md_code(paging.param)} advanced by the number of items",
        "page": f"the page number {md_code(paging.param)} advanced by one",
    }.get(
        paging.kind,
        f"{md_code(paging.param)} set to "
        + (
            f"the response's {md_code(paging.next_field)}"
            if paging.next_field
            else f"the last item's {md_code(paging.item_field)}"
        ),
    )
    more = f", while {md_code(paging.has_more)} is true" if paging.has_more else ""
    return (
        f"The items are in {md_code(paging.items)}; the next page is asked for with {source}{more}. "
        f"Iterating the Python client's result ({md_code(call + '(...)')}) walks every item of every page, "
        "as do the command line's `--all`, the Go client's `...AutoPaging` and the Perl client's `..._iter` "
        "where they offer them."
    )


def _success_doc(op: Operation) -> StatusDoc:
    r = op.response
    found = next((d for d in r.documented if d.status == r.status), None)
    if found is not None:
        return found
    return StatusDoc(status=r.status, description="No content" if r.kind == "empty" else "", media_types=())


def _status_line(doc: StatusDoc, returns: str = "") -> str:
    """ "`200` (`application/json`): [Model](...) — what the spec says", one Markdown line;
    ``returns`` names what the client hands back."""
    media = f" ({', '.join(md_code(m) for m in doc.media_types)})" if doc.media_types else ""
    said = md_line(doc.description)
    shown = f": {returns}" if returns and returns != "None" else ""
    return f"{md_code(doc.status)}{media}{shown}" + (f" — {said}" if said else "")


def _header_item(header: ResponseHeader) -> DocItem:
    details = ["deprecated"] if header.deprecated else []
    return DocItem(
        name=md_code(header.name),
        type=header.schema_type or "string",
        html_type=html_text(header.schema_type or "string"),
        required="always sent" if header.required else "optional",
        details=" · ".join(details),
        description=md_line(header.description),
        html_description=html_doc(header.description, inline=True),
    )


def _model_entry(api: Api, names: PyNames, decl: Model | Alias) -> ModelEntry:
    name = names.cls(decl.key)
    if isinstance(decl, Model):
        items = tuple(_item(api, names, f, "", frozenset({decl.key}), MAX_TREE_DEPTH) for f in decl.fields)
        text = decl.description or decl.title
        return ModelEntry(
            name=name,
            anchor=anchor(name),
            kind="object",
            description=md(text),
            html_description=html_doc(text),
            rows=flatten(items),
            html=html_tree(items),
            type="object",
            html_type=Markup("object"),
        )
    values = _allowed(api, decl.type)
    text = decl.description + (" Allowed values: " + ", ".join(allowed_value(v) for v in values) + "." if values else "")
    return ModelEntry(
        name=name,
        anchor=anchor(name),
        kind="type",
        description=md(decl.description),
        html_description=html_doc(text),
        rows=(),
        html=Markup(""),
        type=people_type(api, names, decl.type, ""),
        html_type=html_text(people_type(api, names, decl.type, None)),
    )
