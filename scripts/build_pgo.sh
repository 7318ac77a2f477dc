#!/usr/bin/env bash
# Profile-guided build of the `newsgraph` binary, for published binaries and benchmarks.
#
#   bash scripts/build_pgo.sh            → target/pgo/newsgraph
#
# Why: the stages are rule code, branchy and spread over many small functions (docs/PERFORMANCE.md
# "What dominates" has no single hot spot left); LLVM lays out and inlines such code much better
# when it knows which branches are taken. Steps: build an instrumented binary (`-Cprofile-generate`,
# dist profile: thin LTO, one codegen unit), run `extract` and `ingest` on a training corpus,
# merge the profiles with the toolchain's llvm-profdata (rustup component llvm-tools), and build
# again with `-Cprofile-use`. The training corpus is generated with another seed than the
# benchmark's (bench.sh uses 42), plus the bundled samples, so the benchmark does not measure its
# own training data. Both builds use target directories of their own (RUSTFLAGS differ), so the
# ordinary release build stays cached.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/pgo
TRAIN_ARTICLES=${TRAIN_ARTICLES:-2000}

PROFDATA=$(find "$(rustc --print sysroot)" -name llvm-profdata -type f 2>/dev/null | head -1)
if [ -z "$PROFDATA" ]; then
  echo "installing llvm-tools (llvm-profdata)…" >&2
  rustup component add llvm-tools >/dev/null 2>&1 || { echo "build_pgo: cannot install the rustup component llvm-tools" >&2; exit 1; }
  PROFDATA=$(find "$(rustc --print sysroot)" -name llvm-profdata -type f | head -1)
fi

mkdir -p "$OUT"
rm -rf "$OUT/profiles" "$OUT"/train.db "$OUT"/train.db-*
echo "training corpus ($TRAIN_ARTICLES generated articles, seed 7)…" >&2
cargo build -q --release -p newsgraph-pipeline --example gen_corpus
target/release/examples/gen_corpus "$TRAIN_ARTICLES" 7 > "$OUT/train.jsonl"

echo "instrumented build…" >&2
RUSTFLAGS="-Cprofile-generate=$PWD/$OUT/profiles" \
  cargo build -q --profile dist -p newsgraph-cli --target-dir "$OUT/gen-target"
GEN_BIN="$OUT/gen-target/dist/newsgraph"
"$GEN_BIN" extract --format jsonl --threads 1 "$OUT/train.jsonl" samples/articles.jsonl samples/article.txt > /dev/null
"$GEN_BIN" ingest --quiet --db "$OUT/train.db" "$OUT/train.jsonl" samples/articles.jsonl > /dev/null 2>&1
"$GEN_BIN" query --db "$OUT/train.db" stats > /dev/null
"$PROFDATA" merge -o "$OUT/merged.profdata" "$OUT/profiles"

echo "optimised build…" >&2
RUSTFLAGS="-Cprofile-use=$PWD/$OUT/merged.profdata" \
  cargo build -q --profile dist -p newsgraph-cli --target-dir "$OUT/use-target"
cp "$OUT/use-target/dist/newsgraph" "$OUT/newsgraph"
rm -f "$OUT"/train.db "$OUT"/train.db-*
echo "$OUT/newsgraph" 
