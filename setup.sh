#!/usr/bin/env bash
# One command on a fresh machine: a virtualenv with the generator and its test tools, then
# the generated client for spec/openapi.yaml. `--install-only` skips the generation (CI).
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
if [ "${1:-}" != "--install-only" ]; then
    .venv/bin/python -m generator spec/openapi.yaml
fi
