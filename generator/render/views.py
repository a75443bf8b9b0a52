"""View-models: the contract between Python and the templates.

Everything here is a string ready to print (type hints, defaults, docstrings, calls). The
templates only lay these out; they never compute, and they never see the raw spec.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import __version__, naming
from ..config import Config
from ..ir import Api, Body, Field, Model, Operation, Parameter, Resource
from ..ir import types as t
from ..pycode import Hints, Import, docstring, literal, markdown_inline, render_imports, wrap


@dataclass(frozen=True, slots=True)
class PackageView:
    package: str
    title_doc: str
    api_version: str
    generator_version: str
    http_import: str
    http_library: str
    base_url: str
    api_key_env: str
    base_url_env: str
    auth_kind: str
    auth_name: str
    auth_required: str
    user_agent: str
    resources: tuple[ResourceRef, ...]
    exports: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResourceRef:
    attr: str
    sync_class: str
    async_class: str
    module: str
    doc: str


@dataclass(frozen=True, slots=True)
class FieldView:
    declaration: str
    doc: str
    read: str
    write: str


@dataclass(frozen=True, slots=True)
class ModelView:
    name: str
    doc: str
    fields: tuple[FieldView, ...]


@dataclass(frozen=True, slots=True)
class AliasView:
    declaration: str
    doc: str


@dataclass(frozen=True, slots=True)
class ModelsModuleView:
    imports: tuple[str, ...]
    aliases: tuple[AliasView, ...]
    models: tuple[ModelView, ...]
    exports: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MethodView:
    name: str
    signature: tuple[str, ...]
    returns: str
    doc: str
    call: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResourceModuleView:
    imports: tuple[str, ...]
    sync_class: str
    async_class: str
    doc: str
    methods: tuple[MethodView, ...]
    exports: tuple[str, ...]


def package_view(api: Api, config: Config, package: str) -> PackageView:
    prefix = naming.env_prefix(api.title)
    resources = tuple(
        ResourceRef(attr=r.attr_name, sync_class=r.class_name, async_class="Async" + r.class_name, module=r.module,
                    doc=docstring(r.description or f"Operations tagged {r.wire_name}.", " " * 8))
        for r in api.resources
    )
    http_import = "import httpx2 as httpx" if config.http_library == "httpx2" else "import httpx"
    return PackageView(
        package=package,
        title_doc=docstring(f"Python client for {api.title} {api.version}.\n\n{api.description}".strip()),
        api_version=literal(api.version), generator_version=__version__, http_import=http_import,
        http_library=literal(config.http_library), base_url=literal(api.base_url),
        api_key_env=literal(config.api_key_env or f"{prefix}_API_KEY"), base_url_env=literal(f"{prefix}_BASE_URL"),
        auth_kind=literal(api.auth.kind), auth_name=literal(api.auth.name), auth_required=repr(api.auth.required),
        user_agent=literal(f"{package}-python/{api.version}"),
        resources=resources,
        exports=tuple(sorted({"Client", "AsyncClient", "Omit", "OMIT", "FileTypes", "models", "__version__",
                              "APIError", "APIStatusError", "APIConnectionError", "APITimeoutError",
                              "ModelValidationError", "ResponseValidationError", "BadRequestError",
                              "AuthenticationError", "PermissionDeniedError", "NotFoundError", "ConflictError",
                              "UnprocessableEntityError", "RateLimitError", "InternalServerError"})),
    )


# -- models -----------------------------------------------------------------------------------
def models_view(api: Api) -> ModelsModuleView:
    hints = Hints(resolve=api.declaration, file_type="str")
    aliases, models = [], []
    for decl in api.declarations:
        if isinstance(decl, Model):
            models.append(_model_view(decl, hints))
        else:
            hint = hints.hint(decl.type)
            # Aliases run at import time: quote any that name a class, which may come later.
            value = literal(hint) if t.referenced_names(decl.type) else hint
            aliases.append(AliasView(declaration=f"{decl.name}: TypeAlias = {value}",
                                     doc=docstring(markdown_inline(decl.description)) if decl.description else ""))
    imports = set(hints.imports) | {Import("typing", "Any"), Import("dataclasses", "dataclass"), Import("dataclasses", "field"),
                                     Import("collections.abc", "Mapping"), Import(".", "_serde")}
    if aliases:
        imports.add(Import("typing", "TypeAlias"))
    if any("OMIT" in f.declaration for m in models for f in m.fields):
        imports |= {Import("._types", "OMIT"), Import("._types", "Omit")}
    return ModelsModuleView(
        imports=tuple(render_imports(imports)), aliases=tuple(aliases), models=tuple(models),
        exports=tuple(sorted(d.name for d in api.declarations)),
    )


def _model_view(model: Model, hints: Hints) -> ModelView:
    fields = tuple(_field_view(f, hints) for f in model.fields)
    text = model.description or model.title or f"The {model.wire_name} object."
    return ModelView(name=model.name, doc=docstring(wrap(markdown_inline(text), 92), " " * 4), fields=fields)


def _field_view(f: Field, hints: Hints) -> FieldView:
    base = hints.hint(f.type)
    decoder = hints.decoder(f.type)
    key = literal(f.wire_name)
    if f.required:
        hint = f"{base} | None" if f.nullable else base
        declaration = f"{f.py_name}: {hint}"
        read = f"r.required({key}, {'_serde.nullable(' + decoder + ')' if f.nullable else decoder})"
        write = f"w.put({key}, self.{f.py_name})"
    elif f.nullable:
        declaration = f"{f.py_name}: {base} | None | Omit = OMIT"
        read = f"r.omittable({key}, {decoder})"
        write = f"w.put_omittable({key}, self.{f.py_name})"
    else:
        declaration = f"{f.py_name}: {base} | None = None"
        read = f"r.optional({key}, {decoder})"
        write = f"w.put_optional({key}, self.{f.py_name})"
    doc_text = markdown_inline(f.description) if f.description else ""
    return FieldView(declaration=declaration, doc=docstring(wrap(doc_text, 92), " " * 4) if doc_text else "",
                     read=f"{f.py_name}={read}", write=write)


# -- resources --------------------------------------------------------------------------------
def resource_view(api: Api, resource: Resource) -> ResourceModuleView:
    hints = Hints(resolve=api.declaration)
    methods = tuple(_method_view(op, hints) for op in resource.operations)
    imports = set(hints.imports) | {Import("collections.abc", "Mapping"), Import("..", "_serde"),
                                     Import(".._types", "OMIT"), Import(".._types", "Omit"),
                                     Import(".._base_client", "AsyncAPIClient"), Import(".._base_client", "SyncAPIClient"),
                                     Import(".._base_client", "Timeout")}
    if any("FileTypes" in line for m in methods for line in m.signature):
        imports.add(Import(".._files", "FileTypes"))
    imports |= {Import("..models", name) for name in hints.names}
    return ResourceModuleView(
        imports=tuple(render_imports(imports)), sync_class=resource.class_name, async_class="Async" + resource.class_name,
        doc=docstring(markdown_inline(resource.description or f"Operations tagged {resource.wire_name}."), " " * 4),
        methods=methods, exports=(resource.class_name, "Async" + resource.class_name),
    )


def _arg(name: str, hint: str, *, required: bool, nullable: bool) -> str:
    if nullable:
        hint += " | None"
    return f"{name}: {hint}" if required else f"{name}: {hint} | Omit = OMIT"


def _method_view(op: Operation, hints: Hints) -> MethodView:
    params = list(op.parameters)
    body = op.body
    signature: list[str] = []
    docs: list[tuple[str, str]] = []
    body_fields = list(body.fields) if body else []
    for item in sorted(params + body_fields, key=lambda x: not x.required):  # type: ignore[operator]
        signature.append(_arg(item.py_name, hints.hint(item.type), required=item.required, nullable=item.nullable))
        docs.append((item.py_name, _arg_doc(item)))
    if body and body.whole is not None:
        signature.insert(0, _arg(body.whole_py_name, hints.hint(body.whole), required=body.required, nullable=False))
        docs.insert(0, (body.whole_py_name, markdown_inline(body.description) or "The request body."))
    signature += ["extra_headers: Mapping[str, str] | None = None", "extra_query: Mapping[str, object] | None = None",
                  "timeout: Timeout | Omit = OMIT"]
    docs += [("extra_headers", "Headers sent with this request in addition to the client's."),
             ("extra_query", "Query parameters sent with this request in addition to the spec's."),
             ("timeout", "Overrides the client's timeout for this request (None: wait forever).")]
    response = op.response
    returns = hints.hint(response.type) if response.type is not None and response.kind == "json" else {
        "text": "str", "binary": "bytes"}.get(response.kind, "None")
    decoder = hints.decoder(response.type) if response.kind == "json" and response.type is not None else {
        "text": "_serde.decode_str", "binary": "_serde.decode_bytes"}.get(response.kind, "_serde.decode_none")
    call = [literal(op.method), literal(op.path)]
    for where in ("path", "query", "header", "cookie"):
        group = [p for p in params if p.location == where]
        if group:
            arg = {"path": "path_params", "query": "query", "header": "headers", "cookie": "cookies"}[where]
            call.append(f"{arg}={{{', '.join(f'{literal(p.wire_name)}: {p.py_name}' for p in group)}}}")
    if body is not None:
        call += _body_call(body)
    call += [f"decoder={decoder}", f"response_kind={literal(response.kind)}", f"auth={op.auth!r}",
             "extra_headers=extra_headers", "extra_query=extra_query", "timeout=timeout"]
    return MethodView(name=op.py_name, signature=tuple(signature), returns=returns,
                      doc=docstring(_method_doc(op, docs, returns), " " * 8), call=tuple(call))


def _body_call(body: Body) -> list[str]:
    if body.whole is not None:
        if body.media_type == "binary":
            return [f"content={body.whole_py_name}", f"content_type={literal(body.content_type)}"]
        if body.media_type == "text":
            return [f"text={body.whole_py_name}", f"content_type={literal(body.content_type)}"]
        return [f"json_body={body.whole_py_name}"]
    files = [f for f in body.fields if _is_file(f.type)]
    plain = [f for f in body.fields if not _is_file(f.type)]
    content_types = dict(body.file_content_types)
    out = []
    entries = ", ".join(f"{literal(f.wire_name)}: {f.py_name}" for f in plain)
    if body.media_type == "json":
        return [f"json_body={{{entries}}}"]
    out.append(f"form={{{entries}}}")
    if body.media_type == "multipart":
        def default_type(f: Field) -> str:
            shape = f.type.item if isinstance(f.type, t.ArrayShape) else f.type
            ct = content_types.get(f.wire_name) or (shape.content_type if isinstance(shape, t.FileShape) else None)
            return literal(ct)
        out.append("files={" + ", ".join(f"{literal(f.wire_name)}: ({f.py_name}, {default_type(f)})" for f in files) + "}")
    return out


def _is_file(shape: t.TypeShape) -> bool:
    shape = shape.item if isinstance(shape, t.ArrayShape) else shape
    return isinstance(shape, t.FileShape)


def _arg_doc(item: Field | Parameter) -> str:
    text = markdown_inline(item.description) if item.description else ""
    extras = []
    c = item.constraints
    bounds = [f"minimum {c.minimum:g}" if c.minimum is not None else "", f"maximum {c.maximum:g}" if c.maximum is not None else ""]
    if any(bounds):
        extras.append(", ".join(b for b in bounds if b).capitalize() + ".")
    if item.default is not None and not isinstance(item.default.value, (dict, list)):
        extras.append(f"Server default: {literal(item.default.value)}.")
    return " ".join(filter(None, [text.replace("\n", " "), *extras])) or "See the API reference."


def _method_doc(op: Operation, args: list[tuple[str, str]], returns: str) -> str:
    parts = [op.summary or op.description or op.operation_id]
    if op.description and op.description != parts[0]:
        parts.append(wrap(markdown_inline(op.description), 88))
    parts.append(f"{op.method} {op.path}")
    parts.append("Args:\n" + "\n".join(wrap(f"    {name}: {text}", 88, "    ") for name, text in args))
    if returns != "None":
        desc = op.response.description
        parts.append(f"Returns:\n    {returns}{': ' + desc if desc else ''}")
    return "\n\n".join(parts)
