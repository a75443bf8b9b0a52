"""View-models for the models package: one module per declaration, loaded lazily."""

from __future__ import annotations

from dataclasses import dataclass

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
from ...pynames import PyNames


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


def models_index_view(api: Api, names: PyNames) -> ModelsIndexView:
    modules = {names.cls(d.key): names.module(d.key) for d in api.declarations}
    return ModelsIndexView(
        entries=tuple(sorted(modules.items(), key=lambda kv: module_order(kv[1]))), exports=tuple(sorted(modules, key=name_order))
    )


def _import_lines(keys: set[str], names: PyNames) -> tuple[str, ...]:
    """``from .module import Class`` for each declaration, in isort's order of modules."""
    return tuple(
        f"from .{names.module(k)} import {names.cls(k)}" for k in sorted(keys, key=lambda k: module_order(names.module(k)))
    )


def model_module_view(api: Api, decl: Declaration, names: PyNames) -> ModelModuleView:
    hints = Hints(resolve=api.declaration, class_of=names.cls, file_type="str")
    cls = names.cls(decl.key)
    model = alias = None
    imports = {Import("__future__", "annotations")}
    if isinstance(decl, Model):
        model = _model_view(decl, hints, names)
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
            declaration=f"{cls}: TypeAlias = {value}",
            doc=docstring(wrap(markdown_inline(decl.description), 84), attribute=True) if decl.description else "",
        )
    imports |= hints.imports
    typing_only = {key for key in hints.names if key != decl.key}
    if typing_only:
        imports.add(Import("typing", "TYPE_CHECKING"))
    kind = "model" if model else "type"
    return ModelModuleView(
        doc=docstring(f"The {cls} {kind}, from the spec's {decl.pointer or decl.wire_name}."),
        imports=tuple(render_imports(imports)),
        typing_imports=_import_lines(typing_only, names),
        model=model,
        alias=alias,
        exports=(cls,),
    )


def _model_view(model: Model, hints: Hints, names: PyNames) -> ModelView:
    fields = tuple(_field_view(f, names.field(model, f), hints) for f in model.fields)
    text = model.description or model.title or f"The {model.wire_name} object."
    return ModelView(
        name=names.cls(model.key),
        doc=docstring(wrap(markdown_inline(text), 80), " " * 4),
        fields=fields,
        runtime_imports=_import_lines({k for k in hints.runtime_names if k != model.key}, names),
    )


def _or_none(hint: str) -> str:
    """``hint | None``, unless the hint is ``None`` already (a field that only ever holds null)."""
    return hint if hint == "None" else f"{hint} | None"


def _field_view(f: Field, name: str, hints: Hints) -> FieldView:
    base = hints.hint(f.type)
    key = literal(f.wire_name)
    # One class serves both directions: a required readOnly field is absent from requests and a
    # required writeOnly one from responses, so neither can be required of the class.
    if f.required and not (f.read_only or f.write_only):
        decoder = hints.decoder(f.type)
        hint = _or_none(base) if f.nullable else base
        declaration = f"{name}: {hint}"
        read = f"r.required({key}, {'_serde.nullable(' + decoder + ')' if f.nullable else decoder})"
        write = f"w.put({key}, self.{name})"
    elif f.nullable:
        declaration = f"{name}: {_or_none(base)} | Omit = OMIT"
        read = f"r.omittable({key}, {hints.decoder(f.type, strip_null=True)})"
        write = f"w.put_omittable({key}, self.{name})"
    else:
        declaration = f"{name}: {_or_none(base)} = None"
        read = f"r.optional({key}, {hints.decoder(f.type, strip_null=True)})"
        write = f"w.put_optional({key}, self.{name})"
    doc_text = markdown_inline(f.description) if f.description else ""
    return FieldView(
        declaration=declaration,
        doc=docstring(wrap(doc_text, 80), " " * 4, attribute=True) if doc_text else "",
        read=f"{name}={read}",
        write=write,
    )
