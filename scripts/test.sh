#!/usr/bin/env bash
# The test command: unit and integration tests, then accuracy floors on ../shared/eval.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --release
# Spark in local mode against `newsgraph export` on a generated corpus (venv cached in target/).
bash spark/run_tests.sh
if [ -f scripts/check_floors.py ] && [ -d ../shared/eval ]; then
  python3 scripts/check_floors.py
fi
