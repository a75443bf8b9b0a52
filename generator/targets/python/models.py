"""View-models for the models package: one module per declaration, loaded lazily."""

from __future__ import annotations

from dataclasses import dataclass

from ... import naming
from ...ir import Api, Declaration, Field, Model
from ...ir import types as t
from ...pycode import (
    Hints,
    Import,
    docstring,
    literal,
    markdown_inline,
    module_order,
    name_order,
    render_imports,
    wrap,
)


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
    runtime_imports: tuple[str, ...]  # inside from_dict: the classes its decoders call


@dataclass(frozen=True, slots=True)
class AliasView:
    declaration: str
    doc: str


@dataclass(frozen=True, slots=True)
class ModelModuleView:
    """One generated module: a model class or a type alias."""

    doc: str
    imports: tuple[str, ...]
    typing_imports: tuple[str, ...]  # under `if TYPE_CHECKING:`
    model: ModelView | None
    alias: AliasView | None
    exports: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ModelsIndexView:
    """models/__init__.py: every name, imported on first access."""

    entries: tuple[tuple[str, str], ...]  # (name, module)
    exports: tuple[str, ...]


def model_modules(api: Api) -> dict[str, str]:
    """Declaration name -> module stem, unique and deterministic."""
    scope = naming.Scope()
    scope.reserve("__init__")
    return {d.name: scope.claim(naming.file_stem(naming.attribute(d.name)), d.name)[0] for d in api.declarations}


def models_index_view(api: Api) -> ModelsIndexView:
    modules = model_modules(api)
    return ModelsIndexView(
        entries=tuple(sorted(modules.items(), key=lambda kv: module_order(kv[1]))), exports=tuple(sorted(modules, key=name_order))
    )


def model_module_view(api: Api, decl: Declaration, modules: dict[str, str]) -> ModelModuleView:
    hints = Hints(resolve=api.declaration, file_type="str")
    model = alias = None
    imports = {Import("__future__", "annotations")}
    if isinstance(decl, Model):
        model = _model_view(decl, hints, modules)
        imports |= {
            Import("typing", "Any"),
            Import("dataclasses", "dataclass"),
            Import("dataclasses", "field"),
            Import("..", "_serde"),
        }
        if any("OMIT" in f.declaration for f in model.fields):
            imports |= {Import(".._types", "OMIT"), Import(".._types", "Omit")}
    else:
        hint = hints.hint(decl.type)
        # An alias runs at import time: quote one that names other declarations (imported for
        # type checkers only, so that importing one model never imports its neighbours).
        value = literal(hint) if t.referenced_names(decl.type) else hint
        imports.add(Import("typing", "TypeAlias"))
        alias = AliasView(
            declaration=f"{decl.name}: TypeAlias = {value}",
            doc=docstring(wrap(markdown_inline(decl.description), 84)) if decl.description else "",
        )
    imports |= hints.imports
    typing_only = sorted(name for name in hints.names if name != decl.name)
    if typing_only:
        imports.add(Import("typing", "TYPE_CHECKING"))
    kind = "model" if model else "type"
    return ModelModuleView(
        doc=docstring(f"The {decl.name} {kind}, from the spec's {decl.pointer or decl.wire_name}."),
        imports=tuple(render_imports(imports)),
        typing_imports=tuple(
            f"from .{modules[n]} import {n}" for n in sorted(typing_only, key=lambda n: module_order(modules[n]))
        ),
        model=model,
        alias=alias,
        exports=(decl.name,),
    )


def _model_view(model: Model, hints: Hints, modules: dict[str, str]) -> ModelView:
    fields = tuple(_field_view(f, hints) for f in model.fields)
    text = model.description or model.title or f"The {model.wire_name} object."
    runtime = sorted(n for n in hints.runtime_names if n != model.name)
    return ModelView(
        name=model.name,
        doc=docstring(wrap(markdown_inline(text), 80), " " * 4),
        fields=fields,
        runtime_imports=tuple(f"from .{modules[n]} import {n}" for n in sorted(runtime, key=lambda n: module_order(modules[n]))),
    )


def _or_none(hint: str) -> str:
    """``hint | None``, unless the hint is ``None`` already (a field that only ever holds null)."""
    return hint if hint == "None" else f"{hint} | None"


def _field_view(f: Field, hints: Hints) -> FieldView:
    base = hints.hint(f.type)
    key = literal(f.wire_name)
    # One class serves both directions: a required readOnly field is absent from requests and a
    # required writeOnly one from responses, so neither can be required of the class.
    if f.required and not (f.read_only or f.write_only):
        decoder = hints.decoder(f.type)
        hint = _or_none(base) if f.nullable else base
        declaration = f"{f.py_name}: {hint}"
        read = f"r.required({key}, {'_serde.nullable(' + decoder + ')' if f.nullable else decoder})"
        write = f"w.put({key}, self.{f.py_name})"
    elif f.nullable:
        declaration = f"{f.py_name}: {_or_none(base)} | Omit = OMIT"
        read = f"r.omittable({key}, {hints.decoder(f.type, strip_null=True)})"
        write = f"w.put_omittable({key}, self.{f.py_name})"
    else:
        declaration = f"{f.py_name}: {_or_none(base)} = None"
        read = f"r.optional({key}, {hints.decoder(f.type, strip_null=True)})"
        write = f"w.put_optional({key}, self.{f.py_name})"
    doc_text = markdown_inline(f.description) if f.description else ""
    return FieldView(
        declaration=declaration,
        doc=docstring(wrap(doc_text, 80), " " * 4) if doc_text else "",
        read=f"{f.py_name}={read}",
        write=write,
    )
