"""Pagination recognised from the spec (generator/ir/pagination.py) and declared or turned off in
settings ([tool.generator.pagination], generator/overrides.py); the manifest lists each paginated
operation so a user can check what was recognised. The clients' paging on the wire is tested per
target (test_full_spec.py, test_stripe.py, test_go_target.py, test_perl_target.py)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli
from paged_spec import paged_spec

from generator.diagnostics import Diagnostics
from generator.ir import build_api
from generator.loader import load


def _paging(tmp_path: Path, spec: dict[str, object]) -> dict[str, object]:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    api = build_api(load(path, Diagnostics()), Diagnostics())
    return {op.operation_id: op.pagination for r in api.resources for op in r.operations}


def test_each_kind_is_recognised(tmp_path: Path) -> None:
    by_field = _paging(
        tmp_path, paged_spec(cursor="page_token", next_field="next_page_token", events_param="offset", events_items="results")
    )
    things, events = by_field["listThings"], by_field["listEvents"]
    assert (things.kind, things.param, things.next_field, things.items) == ("cursor", "page_token", "next_page_token", "data")  # type: ignore[union-attr]
    assert (events.kind, events.param, events.items) == ("offset", "offset", "results")  # type: ignore[union-attr]
    by_item = _paging(tmp_path, paged_spec(cursor="starting_after", next_field="", events_param="page", events_items="items"))
    things, events = by_item["listThings"], by_item["listEvents"]
    assert (things.item_field, things.has_more) == ("id", "has_more")  # type: ignore[union-attr]
    assert (events.kind, events.param) == ("page", "page")  # type: ignore[union-attr]
    # a cursor parameter with nothing to feed it (no next field, not an item-id cursor): no paging
    assert (
        _paging(tmp_path, paged_spec(cursor="cursor", next_field="", events_param="offset", events_items="x"))["listThings"]
        is None
    )


SETTINGS = """\
[tool.generator]
spec = "spec.json"
output = "out"
package-name = "paged"
targets = ["python"]

[tool.generator.pagination]
listThings = false
"GET /events" = { items = "items", page = "offset" }
"""


def test_settings_turn_paging_off_or_declare_it_and_the_manifest_lists_it(tmp_path: Path) -> None:
    (tmp_path / "spec.json").write_text(
        json.dumps(paged_spec(cursor="after", next_field="next_cursor", events_param="offset", events_items="items"))
    )
    (tmp_path / "pyproject.toml").write_text(SETTINGS)
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / ".pyclientgen-manifest.json").read_text())
    assert manifest["pagination"] == {"GET /events": "page offset; items items"}  # declared; listThings off
    module = (tmp_path / "out" / "paged" / "resources" / "things.py").read_text()
    assert "class ListEventsPage" in module and "class ListThingsPage" not in module
    assert '"offset": self._sent("offset", 1) + 1' in module


def test_a_wrong_entry_is_refused_naming_the_settings_file(tmp_path: Path) -> None:
    (tmp_path / "spec.json").write_text(
        json.dumps(paged_spec(cursor="after", next_field="next_cursor", events_param="offset", events_items="items"))
    )
    (tmp_path / "pyproject.toml").write_text(
        SETTINGS.replace('page = "offset"', 'cursor = "after", from = "next"')
        + 'listNothing = false\nlistThings2 = { items = "data" }\n'
    )
    bad_shape = run_cli(cwd=tmp_path)
    assert bad_shape.returncode == 2 and "pagination.listThings2: it needs items and exactly one of" in bad_shape.stderr
    (tmp_path / "pyproject.toml").write_text(
        SETTINGS.replace('page = "offset"', 'cursor = "after", from = "next"') + "listNothing = false\n"
    )
    result = run_cli(cwd=tmp_path)
    errors = [line for line in result.stderr.splitlines() if "error[" in line]
    assert result.returncode == 2 and len(errors) == 2, result.stderr
    assert all(line.startswith(str(tmp_path / "pyproject.toml")) for line in errors)
    assert any("'GET /events': the operation has no query parameter 'after'" in line for line in errors)
    assert any("'listNothing' names no operation" in line for line in errors)
    assert not (tmp_path / "out").exists()
