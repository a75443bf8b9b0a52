"""``python -m generator.targets.python``: re-run black over the runtime sources after editing
them by hand (they are copied into packages as they are, so they must stay black's output)."""

from ...render.formatting import _black
from . import RUNTIME_DIR


def reformat_runtime() -> list[str]:
    changed = []
    for path in sorted(RUNTIME_DIR.glob("*.py")):
        source = path.read_text("utf-8")
        ok, out = _black(source)
        if not ok:
            raise SystemExit(f"{path}: {out}")
        if out != source:
            path.write_text(out, "utf-8")
            changed.append(path.name)
    return changed


if __name__ == "__main__":
    print("\n".join(reformat_runtime()) or "the runtime is black-formatted")
