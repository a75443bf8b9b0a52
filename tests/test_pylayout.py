"""The generator's own layout of Python against black, the arbiter: for the shapes the templates
write (calls, collections, imports, defs, exploded statements) and for random nestings of them,
``format_python`` must give exactly what black gives; what it leaves to black must be left."""

from __future__ import annotations

import os

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pycode import literal
from generator.render.formatting import LINE_LENGTH, format_python
from generator.render.pylayout import Layout, Statement

MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)
LONG = "x" * 30
# 150 examples a run in the suite; PYLAYOUT_EXAMPLES=3000 explores further.
EXAMPLES = settings(max_examples=int(os.environ.get("PYLAYOUT_EXAMPLES", "150")), deadline=None)


def _canonical(code: str) -> str:
    """``code`` as the templates write it: black's spacing and quotes, each statement on one
    line unless a magic trailing comma explodes it."""
    return black.format_str(code, mode=black.Mode(target_versions={black.TargetVersion.PY310}, line_length=10_000))


def _same_as_black(text: str) -> None:
    text = _canonical(text)
    ok, out, _, _ = format_python(text)
    assert ok, out
    assert out == black.format_str(text, mode=MODE)


@pytest.mark.parametrize(
    "code",
    [
        # a call alone, assigned, returned, as an argument; hugging and exploding
        f"r = _serde.Reader(data, '{LONG}', path, {LONG}, {LONG[:9]})\n",
        f"self.create_image_variation_{LONG} = to_raw_response_wrapper(resource.create_image_variation_{LONG})\n",
        f"def f():\n    return cls(a={LONG}, b={LONG}, c=r.optional('{LONG}', _serde.literal('a', 'b', 'c')))\n",
        f"w.put_optional('{LONG}', self.{LONG}_{LONG})\n",
        f"__all__ = ['{LONG}', '{LONG}', '{LONG}']\n",
        f"__all__ = ['{LONG}{LONG}{LONG}']\n",
        # imports, one name and several
        f"from .{LONG}_{LONG} import {LONG}{LONG}\n",
        f"from .models import {LONG}, {LONG}A, {LONG}B\n",
        # defs: one parameter gets a trailing comma; several hug or explode
        f"class A:\n    def {LONG}_{LONG}(self) -> Async{LONG}{LONG[:10]}:\n        pass\n",
        f"class A:\n    def from_dict(cls, data: Any, path: str = '{LONG}{LONG}') -> {LONG}:\n        pass\n",
        # an exploded statement the templates write, with one long element line
        f"x = f(\n    a=r.required('{LONG}', _serde.union(_serde.literal('{LONG}', 'b'), _serde.decode_str)),\n    b=1,\n)\n",
        "options = RequestOptions(\n"
        f"    form={{'model': model, 'n': n, 'response_format': response_format, 'size': size, 'user': user, '{LONG}': 1}},\n"
        f"    checks=(('n', n, {{'minimum': 1, 'maximum': 10}}), ('{LONG}', {LONG}, {{'enum': ('url', 'b64_json')}})),\n"
        ")\n",
        # a first line too long: the value in parentheses (black's second opinion), or not
        f"class A:\n    def __init__(self, r: X) -> None:\n        self.{LONG}_{LONG[:10]} = async_to_raw_response_wrapper(r.{LONG}_{LONG[:10]})\n",
        f"class A:\n    def __init__(self, r: X) -> None:\n        self.{LONG * 3} = async_to_raw_response_wrapper(r.{LONG * 2})\n",
        "class A:\n    async def f(self):\n"
        f"        _response: {LONG}{LONG[:20]} | None = await self._client.request(\n"
        f"            RequestOptions(method='POST', path='/{LONG}', json_body={{'a': a, 'b': b, 'c': c, 'd': d}}),\n"
        "            decoder=X,\n"
        "        )\n",
        "class A:\n    def f(self):\n"
        f"        _response: {LONG}{LONG[:25]} = self._client.request(\n"
        "            RequestOptions(method='POST'),\n"
        "            decoder=X,\n"
        "        )\n",
        f"class A:\n    def __init__(self, r: X) -> None:\n        self.{LONG * 3} = async_to_raw_response_wrapper(resource.{LONG * 3})\n",
        # ... also when a line inside stays too long (Microsoft Graph's long paths); not when
        # the target and its "= (" are too long themselves
        "class A:\n    async def f(self):\n"
        f"        _response: {LONG}{LONG[:25]} = await self._client.request(\n"
        f"            RequestOptions(method='GET', path='/{LONG * 4}', path_params={{'a': a, 'b': b}}),\n"
        "            decoder=X,\n"
        "        )\n",
        "class A:\n    async def f(self):\n"
        f"        _response: {LONG} | {LONG} | {LONG} = await self._client.request(\n"
        f"            RequestOptions(method='GET', path='/{LONG * 4}', path_params={{'a': a, 'b': b}}),\n"
        "            decoder=X,\n"
        "        )\n",
        f"class A:\n    async def {LONG}_{LONG}_{LONG}(\n        self,\n        *,\n        a: int,\n    ) -> None:\n        pass\n",
        # annotations are black's to lay out (one statement at a time)
        f"class A:\n    background: Literal['{LONG}', '{LONG}', '{LONG}'] | None = None\n",
        f"X: TypeAlias = 'Literal[\"auto\"] | {LONG} | {LONG}'\n",
        # long docstrings and strings black cannot split stay as they are
        f'"""{LONG * 4}"""\n',
        f"x = f(\n    '{LONG * 3}',\n)\n",
    ],
)
def test_shapes_the_templates_write_are_laid_out_as_black_would(code: str) -> None:
    _same_as_black(code)


def test_what_it_does_not_lay_out_it_leaves_to_black() -> None:
    layout = Layout(LINE_LENGTH)
    # one operator and a closing bracket: black's choice depends on the lengths around it
    pieces = layout.module(f"class A:\n    background: {LONG} | list[{LONG}{LONG}{LONG[:5]}]\n")
    assert pieces is not None and any(isinstance(p, Statement) for p in pieces)
    assert layout.module("x = (1 +\\\n 2)\n" + "y" * 100 + "\n") is None  # a backslash continuation: black, whole
    assert layout.module("x = 1\n") == [["x = 1", ""]]  # nothing long: nothing to do


_NAMES = st.text("abcdefghij_", min_size=1, max_size=36).map(lambda s: "n" + s)


def _expressions() -> st.SearchStrategy[str]:
    leaves = st.one_of(
        _NAMES,
        st.text("abc XYZ'\"\\", max_size=40).map(literal),
        st.integers(0, 10**6).map(str),
    )

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        args = st.lists(inner, min_size=1, max_size=5).map(", ".join)
        kwargs = st.lists(st.tuples(_NAMES, inner).map(lambda kv: f"{kv[0]}={kv[1]}"), min_size=1, max_size=4).map(", ".join)
        return st.one_of(
            st.tuples(_NAMES, args).map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(_NAMES, _NAMES, kwargs).map(lambda t: f"{t[0]}.{t[1]}({t[2]})"),
            st.lists(inner, min_size=1, max_size=5).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.lists(st.tuples(leaves, inner), min_size=1, max_size=4).map(
                lambda kvs: "{" + ", ".join(f"{k}: {v}" for k, v in kvs) + "}"
            ),
            st.lists(inner, min_size=2, max_size=4).map(lambda xs: "(" + ", ".join(xs) + ")"),
            st.tuples(_NAMES, st.lists(inner, min_size=2, max_size=4)).map(lambda t: f"{t[0]}[{', '.join(t[1])}]"),
        )

    return st.recursive(leaves, extend, max_leaves=14)


def _hints() -> st.SearchStrategy[str]:
    part = st.one_of(
        _NAMES.map(str.title),
        _NAMES.map(lambda n: f"list[{n.title()}]"),
        _NAMES.map(lambda n: f"dict[str, {n.title()}]"),
        st.lists(_NAMES.map(str.title), min_size=2, max_size=6, unique=True).map(lambda ns: f"list[{' | '.join(ns)}]"),
        st.lists(st.text("abcxyz-", min_size=1, max_size=20).map(literal), min_size=1, max_size=8).map(
            lambda vs: f"Literal[{', '.join(vs)}]"
        ),
        st.just("None"),
        st.just("Omit"),
    )
    return st.lists(part, min_size=1, max_size=4, unique=True).map(" | ".join)


@EXAMPLES
@given(
    hint=_hints(),
    form=st.sampled_from(
        [
            "class A:\n    {n}: {h} = None",
            "class A:\n    {n}: {h} | Omit = OMIT",
            "class A:\n    {n}: {h}",
            "{N}: TypeAlias = {h}",
            "{N}: TypeAlias = {q}",
            "def f(\n    self,\n    *,\n    {n}: {h} = OMIT,\n    b: int = 1,\n) -> None:\n    pass",
        ]
    ),
    name=_NAMES,
)
def test_random_annotations_are_laid_out_as_black_would(hint: str, form: str, name: str) -> None:
    """Fields, aliases and parameters with long hints: black parenthesises them by rules of its
    own; the result is black's either way."""
    _same_as_black(form.format(n=name, N=name.title(), h=hint, q=literal(hint)) + "\n")


@EXAMPLES
@given(
    expr=_expressions(),
    form=st.sampled_from(
        [
            "{e}",
            "x = {e}",
            "self.{n} = {e}",
            "self.{n}_{n}_{n} = {e}",
            "return {e}",
            "{n}: T = {e}",
            "f(\n    {n}={e},\n    b=1,\n)",
            "f(\n    {n}_{n}_{n}={e},\n    b=1,\n)",
        ]
    ),
    name=_NAMES,
    depth=st.integers(0, 3),
)
def test_random_nestings_are_laid_out_as_black_would(expr: str, form: str, name: str, depth: int) -> None:
    """Whatever the nesting and the lengths, the result is black's: laid out here, or left to black."""
    line = form.format(e=expr, n=name)
    if line.startswith("return"):
        depth = max(depth, 1)
    head = "".join(
        f"{'    ' * i}{'def f():' if line.startswith('return') and i == depth - 1 else 'if x:'}\n" for i in range(depth)
    )
    body = "\n".join("    " * depth + row for row in line.split("\n"))
    _same_as_black(head + body + "\n")


def test_a_long_head_goes_in_parentheses_here_even_when_a_line_inside_stays_long() -> None:
    """The shape Microsoft Graph's 11,000 operations write: laid out here, not by black."""
    code = _canonical(
        "class A:\n    async def f(self):\n"
        f"        _response: {LONG}{LONG[:25]} = await self._client.request(\n"
        f"            RequestOptions(method='GET', path='/{LONG * 4}', path_params={{'a': a, 'b': b}}),\n"
        "            decoder=X,\n"
        "        )\n"
    )
    pieces = Layout(LINE_LENGTH).module(code)
    assert pieces is not None and not any(isinstance(p, Statement) for p in pieces)
    _same_as_black(code)


@pytest.mark.parametrize("name_length", [60, 80, 84, 90])
def test_a_def_whose_return_type_is_long_and_a_class_whose_name_is(name_length: int) -> None:
    """Stripe's and Graph's model names: the return type goes in parentheses when it then fits,
    else stays long; a class line without bases stays long. Laid out here, as black would."""
    name = "N" * name_length
    code = _canonical(
        f"class {name}{name[:10]}:\n"
        "    @classmethod\n"
        f"    def from_dict(cls, data: Any, path: str = '{name}') -> {name}:\n"
        "        pass\n"
    )
    pieces = Layout(LINE_LENGTH).module(code)
    assert pieces is not None and not any(isinstance(p, Statement) for p in pieces)
    _same_as_black(code)
