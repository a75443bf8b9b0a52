"""JSON Schema -> type shapes and named declarations.

Two passes: every component schema is declared (named) first, then bodies are built, so a
``$ref`` is always a reference by name and recursion needs no special case.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from .. import naming
from ..diagnostics import Diagnostics
from ..loader import Location, RefError, Spec
from . import types as t
from .decls import Alias, Constraints, Declaration, Default, Field, Model
from .defaults import check_default

_SCHEMA_PREFIX = "/components/schemas/"
_NOT_OBJECT = ("anyOf", "oneOf", "enum", "const")


class SchemaBuilder:
    def __init__(self, spec: Spec, diagnostics: Diagnostics) -> None:
        self.spec = spec
        self.diagnostics = diagnostics
        self.declarations: dict[str, Declaration] = {}
        self._by_location: dict[Location, str] = {}
        self._pending: list[tuple[str, str, Location, Any]] = []

    # -- declaring -------------------------------------------------------------------------
    def declare_components(self) -> None:
        schemas = self.spec.data.get("components", {}).get("schemas", {}) or {}
        root = self.spec.root_location.child("components", "schemas")
        if isinstance(schemas, dict):
            for key, schema in schemas.items():
                self._declare(key, root.child(key), schema)

    def _declare(self, context: str, loc: Location, schema: Any) -> str:
        """The key of the declaration at ``loc``, declared on first sight. ``context`` is its name
        as words run together: a component's key, or where an inline schema sits."""
        if loc in self._by_location:
            return self._by_location[loc]
        key = declaration_key(loc)
        self._by_location[loc] = key
        self._pending.append((key, context, loc, schema))
        return key

    def build_pending(self) -> None:
        while self._pending:
            key, context, loc, schema = self._pending.pop(0)
            self.declarations[key] = self._declaration(key, context, loc, schema)

    def location_name(self, loc: Location) -> str | None:
        return self._by_location.get(loc)

    # -- bodies ------------------------------------------------------------------------------
    def _declaration(self, key: str, context: str, loc: Location, schema: Any) -> Declaration:
        wire = loc.pointer.rsplit("/", 1)[-1]
        description = _text(schema.get("description")) if isinstance(schema, dict) else ""
        name_words = tuple(naming.words(context))
        if self.is_object(schema, loc):
            return Model(
                key=key,
                words=name_words,
                wire_name=wire,
                fields=self.object_fields(schema, loc, context),
                description=description,
                title=_text(schema.get("title")),
                pointer=loc.pointer,
                file=loc.file,
            )
        return Alias(
            key=key,
            words=name_words,
            wire_name=wire,
            type=self.shape(schema, loc, context, top=key),
            description=description,
            pointer=loc.pointer,
            file=loc.file,
        )

    def is_object(self, schema: Any, loc: Location) -> bool:
        """An object with named properties (directly or through allOf): a model with fields."""
        if not isinstance(schema, dict) or "$ref" in schema or any(k in schema for k in _NOT_OBJECT):
            return False
        return any(
            "properties" in part and _object_type(part.get("type")) and not any(k in part for k in _NOT_OBJECT)
            for _, part in self.all_of(schema, loc)
        )

    def all_of(self, schema: Any, loc: Location) -> list[tuple[Location, dict[str, Any]]]:
        """``schema`` and every schema it includes through ``allOf`` ($refs followed), each once,
        includes before the schema that includes them. The one walk over allOf: cycles
        (A allOf B allOf A, however long) end where they meet a schema already seen."""
        out: list[tuple[Location, dict[str, Any]]] = []
        seen: set[Location] = set()
        stack: list[tuple[Location, Any, bool]] = [(loc, schema, False)]
        while stack:
            here, node, expanded = stack.pop()
            if not isinstance(node, dict):
                continue
            if expanded:
                out.append((here, node))
                continue
            if here in seen:
                continue
            seen.add(here)
            stack.append((here, node, True))
            parts = as_list(node.get("allOf"))
            for i in reversed(range(len(parts))):
                ploc, target = self._deref(parts[i], here.child("allOf", i))
                stack.append((ploc, target, False))
        return out

    def object_fields(self, schema: Any, loc: Location, owner: str) -> tuple[Field, ...]:
        props, required = self.merged_properties(schema, loc)
        fields = []
        for wire, (prop, ploc) in props.items():
            shape, is_nullable = t.strip_nullable(self.shape(prop, ploc, owner + naming.pascal(wire)))
            fields.append(self._field(wire, prop, ploc, shape, required=wire in required, nullable=is_nullable))
        return tuple(fields)

    def _field(self, wire: str, prop: Any, loc: Location, shape: t.TypeShape, *, required: bool, nullable: bool) -> Field:
        prop = prop if isinstance(prop, dict) else {}
        _, target = self._deref(prop, loc)
        target = target if isinstance(target, dict) else {}
        description = _text(prop.get("description")) or _text(target.get("description"))
        return Field(
            wire_name=wire,
            type=shape,
            required=required,
            nullable=nullable,
            description=description,
            default=self.checked_default(prop, target, loc),
            example=example_of(prop, target),
            constraints=constraints(target),
            read_only=bool(target.get("readOnly")),
            write_only=bool(target.get("writeOnly")),
            deprecated=bool(prop.get("deprecated") or target.get("deprecated")),
            pointer=loc.pointer,
            file=loc.file,
        )

    def checked_default(self, prop: dict[str, Any], target: dict[str, Any], loc: Location) -> Default | None:
        default = _default(prop, target)
        if default is None:
            return None
        problem = check_default(default.value, target if "default" in target or "$ref" in prop else prop)
        if problem is None:
            return default
        reason, fatal = problem
        self.diagnostics.add(
            "bad-default" if fatal else "default-mismatch",
            file=loc.file,
            pointer=loc.child("default").pointer if "default" in prop else loc.pointer,
            value=_short_repr(default.value),
            reason=reason,
        )
        return None

    def merged_properties(self, schema: dict[str, Any], loc: Location) -> tuple[dict[str, tuple[Any, Location]], set[str]]:
        props: dict[str, tuple[Any, Location]] = {}
        required: set[str] = set()
        for ploc, part in self.all_of(schema, loc):
            own = part.get("properties") or {}
            if isinstance(own, dict):
                for key, value in own.items():
                    props[key] = (value, ploc.child("properties", key))
            req = part.get("required") or []
            if isinstance(req, list):
                required |= {r for r in req if isinstance(r, str)}
        return props, required

    def _deref(self, schema: Any, loc: Location) -> tuple[Location, Any]:
        try:
            return self.spec.deref(schema, loc)
        except RefError as exc:
            self.diagnostics.add(exc.code, file=loc.file, pointer=loc.pointer, **exc.fields)
            return loc, {}

    # -- shapes ------------------------------------------------------------------------------
    def shape(self, schema: Any, loc: Location, context: str, *, top: str | None = None) -> t.TypeShape:
        """The type shape of ``schema``. ``context`` names inline objects that need a declaration;
        ``top`` is the key of the declaration whose own schema this is."""
        if schema is True or schema == {}:
            return t.AnyShape()
        if not isinstance(schema, dict):
            self.diagnostics.add("unsupported-schema", file=loc.file, pointer=loc.pointer, what=f"a schema that is {schema!r}")
            return t.AnyShape()
        nullable = schema.get("nullable") is True
        if "$ref" in schema:
            shape = self._ref_shape(schema["$ref"], loc)
            # Null allowed by the target (3.0 nullable, 3.1 type [.., "null"], a null union member)
            # is carried to the reference, so a field can tell null from absent.
            return t.nullable(shape) if nullable or self._admits_null(schema, loc) else shape
        kinds = schema.get("type")
        if isinstance(kinds, list):
            nullable = nullable or "null" in kinds
            kinds = [k for k in kinds if k != "null"]
            kinds = kinds[0] if len(kinds) == 1 else (kinds or None)
        shape = self._shape_of(schema, kinds, loc, context, top)
        return t.nullable(shape) if nullable else shape

    def _shape_of(self, schema: dict[str, Any], kinds: Any, loc: Location, context: str, top: str | None) -> t.TypeShape:
        if "const" in schema and (schema["const"] is None or _literal(schema["const"])):
            return t.NullShape() if schema["const"] is None else t.LiteralShape(values=(schema["const"],))
        if "enum" in schema and isinstance(schema["enum"], list):
            values = tuple(v for v in schema["enum"] if not isinstance(v, (dict, list)))
            literals = tuple(dict.fromkeys(v for v in values if v is not None))
            if literals and all(_literal(v) for v in literals):
                shape: t.TypeShape = t.LiteralShape(values=literals)
                return t.nullable(shape) if None in values else shape
            if None in values and not literals:  # `enum: [null]`: only null is allowed
                return t.NullShape()
            # An empty enum, or one of numbers, objects or arrays: the type decides.
            typed = self._shape_of({k: v for k, v in schema.items() if k != "enum"}, kinds, loc, context, top)
            return t.nullable(typed) if None in values else typed
        for key in ("anyOf", "oneOf"):
            if isinstance(schema.get(key), list):
                names = _variant_names(context, schema[key])
                variants = [self.shape(s, loc.child(key, i), names[i]) for i, s in enumerate(schema[key])]
                return self._discriminated(t.make_union(variants), schema, loc)
        if isinstance(schema.get("allOf"), list):
            # allOf: [{$ref: X}, {description: ...}] is a common way to annotate a reference.
            parts = [(i, p) for i, p in enumerate(schema["allOf"]) if not _annotation_only(p) and not _null_only(p)]
            if len(parts) == 1 and top is None and "properties" not in schema:
                inner = self.shape(parts[0][1], loc.child("allOf", parts[0][0]), context)
                marked = any(isinstance(p, dict) and (p.get("nullable") is True or _null_only(p)) for p in schema["allOf"])
                return t.nullable(inner) if marked else inner
            if self.is_object(schema, loc):
                return t.RefShape(key=self._declare(context, loc, schema) if top is None else top)
            if len(parts) == 1:
                return self.shape(parts[0][1], loc.child("allOf", parts[0][0]), context)
            if not parts:
                return t.AnyShape()
            self.diagnostics.add("unsupported-schema", file=loc.file, pointer=loc.pointer, what="allOf of non-object schemas")
            return t.AnyShape()
        if isinstance(kinds, list):
            return t.make_union([self._shape_of({**schema, "type": k}, k, loc, context, top) for k in kinds])
        if kinds is None and is_binary_string(schema):  # 3.1's file: contentMediaType, no type
            return t.FileShape(content_type=schema.get("contentMediaType"))
        if kinds == "object" or (kinds is None and ("properties" in schema or "additionalProperties" in schema)):
            if schema.get("properties"):
                return t.RefShape(key=self._declare(context, loc, schema) if top is None else top)
            extra = schema.get("additionalProperties", True)
            value = (
                t.AnyShape()
                if extra in (True, None) or extra == {}
                else self.shape(extra, loc.child("additionalProperties"), context + "Value")
            )
            return t.MapShape(value=value)
        if kinds == "array":
            items = schema.get("items", True)
            return t.ArrayShape(item=self.shape(items, loc.child("items"), context + "Item"))
        if kinds == "string":
            fmt = schema.get("format")
            if is_binary_string(schema):
                return t.FileShape(content_type=schema.get("contentMediaType"))
            return t.Primitive(kind="str", format=fmt if isinstance(fmt, str) else None)
        if kinds in ("integer", "number", "boolean"):
            kind = {"integer": "int", "number": "float", "boolean": "bool"}[kinds]
            fmt = schema.get("format")
            return t.Primitive(kind=kind, format=fmt if isinstance(fmt, str) else None)
        if kinds == "null":
            return t.NullShape()
        if kinds is None:
            return t.AnyShape()
        self.diagnostics.add("unsupported-schema", file=loc.file, pointer=loc.pointer, what=f"type {kinds!r}")
        return t.AnyShape()

    def _discriminated(self, shape: t.TypeShape, schema: dict[str, Any], loc: Location) -> t.TypeShape:
        """Attach ``discriminator`` dispatch to a union of models, when the spec gives one."""
        disc = schema.get("discriminator")
        inner, is_nullable = t.strip_nullable(shape)
        if not isinstance(disc, dict) or not isinstance(disc.get("propertyName"), str) or not isinstance(inner, t.UnionShape):
            return shape
        prop = disc["propertyName"]
        if not all(isinstance(v, t.RefShape) for v in inner.variants):
            return shape
        mapping: dict[str, str] = {}
        raw_mapping = as_dict(disc.get("mapping"))
        for value, ref in raw_mapping.items():
            mloc = loc.child("discriminator", "mapping", value)
            if not isinstance(ref, str):
                self.diagnostics.add(
                    "bad-mapping", file=mloc.file, pointer=mloc.pointer, value=value, ref=ref, reason="not a string"
                )
                continue
            if "/" not in ref and "#" not in ref and not ref.endswith((".json", ".yaml", ".yml")):
                ref = _SCHEMA_PREFIX.join(("#", _escape(ref)))  # a mapping value may be a bare schema name
            try:
                self.spec.deref({"$ref": ref}, mloc)
            except RefError as exc:
                self.diagnostics.add(
                    "bad-mapping", file=mloc.file, pointer=mloc.pointer, value=value, ref=ref, reason=_ref_reason(exc)
                )
                continue
            shaped = self._ref_shape(ref, mloc)
            if isinstance(shaped, t.RefShape):
                mapping[str(value)] = shaped.key
        for variant in inner.variants:
            assert isinstance(variant, t.RefShape)
            if variant.key in mapping.values():
                continue
            for value in self._tag_values(variant.key, prop):
                mapping.setdefault(value, variant.key)
        union = t.UnionShape(
            variants=inner.variants, discriminator=t.Discriminator(property=prop, mapping=tuple(mapping.items()))
        )
        return t.nullable(union) if is_nullable else union

    def _tag_values(self, key: str, prop: str) -> list[str]:
        """The values a variant's discriminator property can take: its const or enum, else its name."""
        loc = next((l for l, k in self._by_location.items() if k == key), None)
        if loc is None:
            return []
        schema = self.spec.get(loc)
        props, _ = self.merged_properties(schema, loc) if isinstance(schema, dict) else ({}, set())
        if prop in props:
            _, target = self._deref(props[prop][0], props[prop][1])
            if isinstance(target, dict):
                if "const" in target:
                    return [str(target["const"])]
                if isinstance(target.get("enum"), list) and target["enum"]:
                    return [str(v) for v in target["enum"] if v is not None]
        return [loc.pointer.rsplit("/", 1)[-1]]

    def _admits_null(self, schema: dict[str, Any], loc: Location) -> bool:
        """Whether the schema a $ref points at allows null at its top."""
        tloc, target = self._deref(schema, loc)
        if not isinstance(target, dict):
            return False
        kinds = target.get("type")
        if target.get("nullable") is True or kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
            return True
        if "const" in target and target["const"] is None:
            return True
        if isinstance(target.get("enum"), list) and None in target["enum"]:
            return True
        for key in ("anyOf", "oneOf"):
            members = as_list(target.get(key))
            for i, member in enumerate(members):
                _, m = self._deref(member, tloc.child(key, i))
                if _null_only(m) or (isinstance(m, dict) and m.get("nullable") is True):
                    return True
        return False

    def _ref_shape(self, ref: Any, loc: Location) -> t.TypeShape:
        try:
            target_loc, target = self.spec.deref({"$ref": ref}, loc)
        except RefError as exc:
            self.diagnostics.add(exc.code, file=loc.file, pointer=loc.pointer, **exc.fields)
            return t.AnyShape()
        key = self._by_location.get(target_loc)
        if key is None:
            wire = (
                target_loc.pointer.rsplit("/", 1)[-1] if target_loc.pointer else target_loc.file.rsplit("/", 1)[-1].split(".")[0]
            )
            key = self._declare(wire, target_loc, target)
        return t.RefShape(key=key)


def declaration_key(loc: Location) -> str:
    """A declaration's identity: where its schema is (file and JSON pointer), unique by construction."""
    return f"{loc.file}#{loc.pointer}"


def _variant_names(context: str, variants: list[Any]) -> list[str]:
    """Names for inline union members: the value of a constant tag property (``type: const x``
    gives ContextX), else the member's title, else what it is (ContextObject, ContextArray);
    a position number only when nothing else tells two members apart."""
    labels: list[str] = []
    for variant in variants:
        label = ""
        if isinstance(variant, dict):
            for prop in (variant.get("properties") or {}).values() if isinstance(variant.get("properties"), dict) else ():
                if isinstance(prop, dict) and (
                    "const" in prop or (isinstance(prop.get("enum"), list) and len(prop["enum"]) == 1)
                ):
                    value = prop["const"] if "const" in prop else prop["enum"][0]
                    label = naming.pascal(str(value))
                    break
            if not label and isinstance(variant.get("title"), str):
                label = naming.pascal(variant["title"])
            if not label:
                kind = variant.get("type")
                label = {"object": "Object", "array": "List", "string": "String"}.get(kind if isinstance(kind, str) else "", "")
                if not label and "properties" in variant:
                    label = "Object"
        labels.append(label)
    counts = {label: labels.count(label) for label in labels}
    return [context + (label if label and counts[label] == 1 else f"Variant{i + 1}") for i, label in enumerate(labels)]


_SHAPE_KEYS = ("$ref", "type", "properties", "items", "anyOf", "oneOf", "allOf", "enum", "const", "additionalProperties")


def is_binary_string(schema: dict[str, Any]) -> bool:
    """A string that is a file: ``format: binary``, or 3.1's ``contentMediaType`` without an encoding."""
    fmt = schema.get("format")
    return fmt == "binary" or ("contentMediaType" in schema and "contentEncoding" not in schema and fmt != "byte")


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty one (a spec may put anything anywhere)."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _ref_reason(exc: RefError) -> str:
    """A RefError's message without its hint, for use inside another message."""
    from ..diagnostics import make

    return make(exc.code, **exc.fields).message  # type: ignore[arg-type]


def _object_type(kinds: Any) -> bool:
    """No type, ``object``, or ``[object]`` with null allowed beside it (3.1's ``[object, "null"]``:
    an object that may be null is still an object; the null is carried by the references)."""
    if isinstance(kinds, list):
        return [k for k in kinds if k != "null"] == ["object"]
    return kinds is None or kinds == "object"


def _null_only(schema: Any) -> bool:
    """``{type: "null"}`` (or ``enum: [null]``, ``const: null``): a schema that allows only null."""
    if not isinstance(schema, dict):
        return False
    return (
        schema.get("type") == "null"
        or schema.get("type") == ["null"]
        or schema.get("enum") == [None]
        or ("const" in schema and schema["const"] is None)
    )


def _annotation_only(schema: Any) -> bool:
    return isinstance(schema, dict) and not any(k in schema for k in _SHAPE_KEYS)


def _literal(value: Any) -> bool:
    """A value a ``Literal[...]`` can hold (not floats, objects or arrays; those keep their type)."""
    return isinstance(value, (str, int)) and not (isinstance(value, float))


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _default(prop: dict[str, Any], target: dict[str, Any]) -> Default | None:
    for source in (prop, target):
        if "default" in source:
            return Default(value=source["default"])
    return None


def example_of(*sources: Any) -> Default | None:
    """The first example the spec gives: 3.1 ``examples: [...]``, else 3.0 ``example``."""
    for source in sources:
        if isinstance(source, dict):
            if isinstance(source.get("examples"), list) and source["examples"]:
                return Default(value=source["examples"][0])
            if "example" in source:
                return Default(value=source["example"])
    return None


def _number(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def python_pattern(pattern: Any) -> str | None:
    """The pattern if Python's re understands it (ECMA-262 classes like \\p{L} it does not)."""
    if not isinstance(pattern, str):
        return None
    try:
        with warnings.catch_warnings():  # "possible nested set" and the like: not the user's concern here
            warnings.simplefilter("ignore")
            re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return None
    return pattern


def constraints(schema: dict[str, Any]) -> Constraints:
    ex_min, ex_max = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    minimum, maximum = _number(schema.get("minimum")), _number(schema.get("maximum"))
    # OpenAPI 3.0 spells exclusivity as a boolean beside minimum/maximum.
    if ex_min is True:
        ex_min, minimum = minimum, None
    if ex_max is True:
        ex_max, maximum = maximum, None
    return Constraints(
        minimum=minimum,
        maximum=maximum,
        exclusive_minimum=_number(ex_min),
        exclusive_maximum=_number(ex_max),
        min_length=_count(schema.get("minLength")),
        max_length=_count(schema.get("maxLength")),
        pattern=python_pattern(schema.get("pattern")),
        min_items=_count(schema.get("minItems")),
        max_items=_count(schema.get("maxItems")),
    )
