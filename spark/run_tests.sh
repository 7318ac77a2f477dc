#!/usr/bin/env bash
# The Spark test: a venv with PySpark under target/ (made once, reused), the release binary, then
# spark/tests in local mode. Skips (exit 0, with a note) when Java or the PyPI install is missing,
# so a machine without them still runs the rest of the tests; NEWSGRAPH_SPARK_REQUIRED=1 makes a
# skip a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PYSPARK_VERSION=3.5.3
VENV=target/spark-venv

skip() {
  echo "spark tests skipped: $1" >&2
  if [ "${NEWSGRAPH_SPARK_REQUIRED:-0}" = 1 ]; then exit 1; fi
  exit 0
}

command -v java >/dev/null 2>&1 || skip "no java (PySpark ${PYSPARK_VERSION} needs Java 8/11/17)"
if ! "$VENV/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '${PYSPARK_VERSION}')" 2>/dev/null; then
  python3 -m venv "$VENV" || skip "python3 -m venv failed"
  "$VENV/bin/pip" install -q "pyspark==${PYSPARK_VERSION}" || skip "pip install pyspark==${PYSPARK_VERSION} failed"
fi
cargo build --release -p newsgraph-cli
export NEWSGRAPH_BIN="$PWD/target/release/newsgraph"
export PYSPARK_PYTHON="$PWD/$VENV/bin/python"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# The test imports the job as a module; Python workers unpickle its functions by module name.
export PYTHONPATH="$PWD/spark${PYTHONPATH:+:$PYTHONPATH}"
"$VENV/bin/python" -m unittest discover -s spark/tests -p 'test_*.py' -v
