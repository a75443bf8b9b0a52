"""``python -m generator.render``: re-run black over the preformatted runtime templates."""

from .formatting import reformat_runtime_templates

print("\n".join(reformat_runtime_templates()) or "all runtime templates already black-formatted")
