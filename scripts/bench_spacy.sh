#!/usr/bin/env bash
# Whole-process comparison: `newsgraph extract` against the spaCy + textacy pipeline
# (scripts/spacy_baseline, installed by its setup.sh) on the same generated corpus.
#
#   bash scripts/bench_spacy.sh [N_ARTICLES]        (default 300: spaCy is slow)
#
# Both run single-threaded on the same JSONL; the figure of merit is MB of article text per
# CPU-second (user + system), which does not depend on what else the machine is doing, plus
# sentences per CPU-second and peak memory, all from /usr/bin/time -v.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-300}
VENV=${NG_SPACY_VENV:-target/spacy-venv}
if [ ! -x "$VENV/bin/python" ]; then
  echo "no spaCy venv at $VENV: run scripts/spacy_baseline/setup.sh first" >&2
  exit 1
fi
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
cargo build -q --release -p newsgraph-cli
cargo build -q --release -p newsgraph-pipeline --example gen_corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/examples/gen_corpus "$N" > "$work/corpus.jsonl"
mb=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1]))/1e6)" "$work/corpus.jsonl")
measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -v "$@" > "$work/$name.out" 2> "$work/$name.time"
  local user sys rss sents
  user=$(awk -F': ' '/User time/ {print $2}' "$work/$name.time")
  sys=$(awk -F': ' '/System time/ {print $2}' "$work/$name.time")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$work/$name.time")
  sents=$(python3 -c "
import json,sys
n=0
for l in open(sys.argv[1]):
    try: n+=len(json.loads(l).get('sentences') or [])
    except Exception: pass
print(n)" "$work/$name.out")
  python3 - "$name" "$user" "$sys" "$rss" "$mb" "$sents" <<'PY'
import sys
name, user, sys_, rss, mb, sents = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
cpu = user + sys_
print(f"{name:<16} cpu {cpu:8.2f} s   {mb / cpu:8.3f} MB/cpu-s   {mb / cpu * 1000:9.1f} KB/cpu-s   "
      f"{(str(round(sents / cpu)) + ' sent/cpu-s') if sents else 'sentences not reported':>22}   peak {rss / 1024:7.1f} MB")
PY
}
echo "corpus: $N generated articles, $mb MB of text"
measure newsgraph target/release/newsgraph extract --threads 1 --format jsonl "$work/corpus.jsonl"
measure spacy-textacy scripts/spacy_baseline/newsgraph-spacy extract --format jsonl "$work/corpus.jsonl"
