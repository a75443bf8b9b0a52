"""The loader's fast paths read documents exactly as the exact path does.

YAML: yaml-rs (compiled) for the documents it reads as the composer + YAML 1.2 core-schema
constructor would; everything else goes the exact way. Positions: found in the text on demand
(``loader.locate``) instead of composing a node tree; every answer equal to the tree's.
Each test compares against the exact path itself, never against a hand-written expectation.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from generator.loader import fastyaml, locate, source
from generator.loader.pointer import escape

ROOT = Path(__file__).resolve().parent.parent
FULL_SPEC = ROOT / "tests" / "specs" / "openai-openapi.yaml"


def exact(text: str) -> Any:
    node = source._compose(text)
    return source._Constructor().build(node)


def same(a: Any, b: Any) -> bool:
    """Equal, with NaN equal to NaN and bool never equal to int."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


SCALARS = [
    "1", "-1", "+1", "0", "-0", "017", "0o17", "0x1F", "0X1F", "0O17", "0b101", "0B1", "+0x10", "-0o7",
    "1_000", "_1", "-_1", "._1", "1_e3", "1e_3", "fc_123", "snake_case", "1.5", "1.", ".5", "-.5", "1e3", "1E+3",
    ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "NaN", "nan", "Infinity", "true", "True", "TRUE", "false", "yes", "on",
    "off", "null", "Null", "NULL", "~", "2024-01-01", "2001-12-14t21:59:43.10-05:00", "12:30", "=", "<", "1,000",
    "a b", "'quoted 1'", '"double \\u00e9"', "'it''s'", "'1_000'", "x: y", "a#b", "!important", "R&D", "**bold**",
    "- item",
]  # fmt: skip


@pytest.mark.parametrize("scalar", SCALARS)
@pytest.mark.parametrize("context", ["a: {}\n", "- {}\n", "x: [{}]\n", "{}: v\n", "k:\n  - {}\n  - 2\n"])
def test_fast_yaml_reads_every_scalar_as_the_exact_path_or_declines(scalar: str, context: str) -> None:
    text = context.format(scalar)
    try:
        expected = exact(text)
    except source.SourceError:
        expected = None  # the exact path refuses it: so must the fast one (it declines, and the exact path speaks)
    fast, value = fastyaml.parse(text)
    if fast:
        assert expected is not None, f"fast path read what the exact path refuses: {text!r}"
        assert same(value, expected), f"{text!r}: fast {value!r}, exact {expected!r}"


@pytest.mark.parametrize(
    "text",
    [
        "a: &x {b: 1}\nc: *x\n",  # anchors and aliases (the alias bound stays the exact path's)
        "a: &x {b: 1}\nc:\n  <<: *x\n",  # merge keys
        "a: !foo bar\n",  # tags
        "a: !!str 12\n",
        "a: 1\n---\nb: 2\n",  # several documents
        "%YAML 1.2\n---\na: 1\n",  # directives
        "0200: x\n",  # a number key whose digits would not survive
        "+1: x\n",
        "0x1F: x\n",
        "true: x\n",  # keys that are not strings
        "1.5: x\n",
        "? [a, b]\n: 1\n",
        "a: 1\na: 2\n",  # duplicates: the exact path says where
        "a: [1, 2\n",  # a syntax error: the exact path says where
        "a: 1\r\nb: 2\rc: 3\n",  # a lone carriage return
    ],
)
def test_fast_yaml_declines_what_it_reads_differently(text: str) -> None:
    assert fastyaml.parse(text) == (False, None)


def test_unquoted_number_keys_become_strings_as_on_the_exact_path() -> None:
    text = "responses:\n  200:\n    description: ok\n  '404':\n    description: missing\n"
    fast, value = fastyaml.parse(text)
    assert fast and same(value, exact(text))
    assert list(value["responses"]) == ["200", "404"]


def test_the_full_spec_takes_the_fast_path_and_reads_the_same() -> None:
    """The proving ground's YAML parses fast (a guard that declined it would silently cost the
    seconds this path exists to save), and to the same values."""
    text = FULL_SPEC.read_text("utf-8")
    data, positions = source.parse(text, filename=FULL_SPEC.name)
    assert positions.root is None, "the full spec went the exact (composing) path"
    assert same(data, exact(text))


def _pointers(value: Any, pointer: str = "") -> list[str]:
    found = [pointer]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _pointers(v, f"{pointer}/{escape(k)}")
            found.append(f"{pointer}/{escape(k)}/not-there")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _pointers(v, f"{pointer}/{i}")
        found.append(f"{pointer}/{len(value)}")
    return found


TRICKY_YAML = """\
# a comment before everything
---
openapi: 3.1.0   # trailing comment
"quoted key": 1
'single ''quoted''': {a: 1}
plain key with spaces: value
list:
- indentless
- nested:
    deeper: [1, 2]
  sibling: 2
-   - inner
    - second

- |
  block scalar
  key: not a key
after: |+
  text: still text

    # not a comment
folded: >-
  folded
  text
-dash-key: 1
urls:
  /pets/{id}:
    get:
      responses:
        '200':
          description: "a: b"
        default:
          description: multi
            line plain
empty:
last: [a,
  b]
"""


@pytest.mark.parametrize(
    "name",
    ["tricky.yaml", "spec/openapi.yaml", "tests/specs/conformance-3.1.yaml", "tests/specs/kinds.yaml", "doc.json", "min.json"],
)
def test_positions_found_in_the_text_equal_the_composed_tree(name: str) -> None:
    if name == "tricky.yaml":
        text = TRICKY_YAML
    elif name.endswith(".json"):
        doc = json.loads(json.dumps(exact((ROOT / "spec" / "openapi.yaml").read_text("utf-8"))))
        doc["paths"]['/odd\\"key'] = {"x-list": [1, [2, {"a": None}], "é"]}
        text = json.dumps(doc, indent=None if name == "min.json" else 2, ensure_ascii=False)
    else:
        text = (ROOT / name).read_text("utf-8")
    data, found = source.parse(text, filename=name)
    composed = source.Positions(root=source._compose(text))
    for pointer in _pointers(data):
        assert found.get(pointer) == composed.get(pointer), pointer


def test_positions_in_flow_style_fall_back_to_composing() -> None:
    text = "a:\n  b: {c: [1, {d: 2}]}\n"
    _, found = source.parse(text, filename="x.yaml")
    assert found.root is None
    assert found.get("/a/b/c/1/d") == source.Positions(root=source._compose(text)).get("/a/b/c/1/d") == (2, 15)
    assert found.root is not None  # it composed once, and answers from the tree from now on


def test_odd_line_breaks_are_left_to_the_composer() -> None:
    with pytest.raises(locate.Unsupported):
        locate.YamlFinder("a: 1\u2028\nb: 2\n")
    with pytest.raises(locate.Unsupported):
        locate.JsonFinder('{"a": "x\u2028y"}')
