#!/usr/bin/env bash
# Ingest benchmark: generates N articles (default 100,000) as JSONL, ingests them into a fresh
# corpus with --threads 1 and --threads 2, and reports articles/s, database size per article and
# query latencies (p50/p95 over repeated runs of the binary, process start included).
# Usage: scripts/bench_ingest.sh [N] [WORKDIR]  (a WORKDIR holding articles.jsonl of N articles reuses it)
#        PROFILE=pgo scripts/bench_ingest.sh ...  (the profile-guided build of scripts/build_pgo.sh)
#        TASKSET="taskset -c 0" scripts/bench_ingest.sh ...  (one core, for the 1→2 core scaling)
#        PAIRS=5 scripts/bench_ingest.sh ...  (only the scaling: 5 rounds, each a run on every core
#        and one pinned to one core with taskset, interleaved so that a shared host's slow spells
#        fall on both; each pair's ratio and the medians)
#        CEILING=6 scripts/bench_ingest.sh ...  (only the host's own ceiling: 6 rounds, each one
#        `newsgraph extract` of the articles pinned to core 0 alone, then two at once on cores 0
#        and 1; no shared state, so two cores give 2x unless the host slows a core when the other
#        is busy)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
WORK="${2:-$(mktemp -d /tmp/newsgraph-bench.XXXXXX)}"
mkdir -p "$WORK"
if [ "${PROFILE:-release}" = pgo ]; then
  bash scripts/build_pgo.sh >/dev/null
  BIN="$PWD/target/pgo/newsgraph"
else
  cargo build --release -p newsgraph-cli >/dev/null
  BIN="$PWD/target/release/newsgraph"
fi

python3 - "$N" "$WORK/articles.jsonl" <<'PY'
import json, os, random, sys
n, path = int(sys.argv[1]), sys.argv[2]
# The articles depend on N alone (a fixed seed): a WORKDIR that already holds N of them keeps them.
if os.path.exists(path) and sum(1 for _ in open(path)) == n:
    sys.exit(0)
rng = random.Random(42)
given = "Anna Marek Ilse Tomas Greta Pavel Leila Jonas Sofia Ruben Elif Dmitri Nora Viktor Ines Olli".split()
family = "Halvorsen Kowalczyk Brandt Marin Okafor Lindqvist Petrenko Duarte Novak Sato Keller Abara Varga Moreau".split()
countries = ["Lithuania", "Poland", "Belarus", "Latvia", "Germany", "Ukraine", "Hungary", "Estonia"]
verbs = ["accused", "criticised", "praised", "met", "warned", "thanked", "threatened", "called on"]
topics = ["grain exports", "the new pipeline", "border checks", "fishing quotas", "rail tariffs", "energy prices", "migrants at the border", "the water treaty"]
places = ["Vilnius", "Warsaw", "Minsk", "Riga", "Berlin", "Kyiv", "Budapest", "Tallinn"]
with open(path, "w") as f:
    for i in range(n):
        a, b = rng.choice(given) + " " + rng.choice(family), rng.choice(given) + " " + rng.choice(family)
        c1, c2, t, v = rng.choice(countries), rng.choice(countries), rng.choice(topics), rng.choice(verbs)
        paras = [f"{a}, the foreign minister of {c1}, {v} {c2} over {t} on Tuesday in {rng.choice(places)}.",
                 f"\"We will not accept delays on {t},\" {a.split()[1]} told reporters after talks with {b}."]
        for _ in range(rng.randint(1, 6)):
            paras.append(f"{b} said the dispute over {rng.choice(topics)} had cost {rng.randint(10, 900)} million euros in {rng.choice(places)}. "
                         f"Talks are expected to resume within {rng.randint(1, 8)} weeks, officials in {rng.choice(countries)} said.")
        paras.append(f"Report {i} was filed from {rng.choice(places)}.")
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        f.write(json.dumps({"id": f"bench-{i}", "title": f"{c1} {v} {c2} over {t}", "text": "\n\n".join(paras),
                            "date": f"2022-{month:02d}-{day:02d}", "url": f"https://bench.example.com/{i}"}) + "\n")
PY
echo "$N articles: $(du -hL "$WORK/articles.jsonl" | cut -f1)"

if [ -n "${CEILING:-}" ]; then
  python3 - "$BIN" "$CEILING" "$WORK/articles.jsonl" <<'PY'
import os, statistics, subprocess, sys
bin, rounds, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def run(cores):
    procs = [subprocess.Popen(["taskset", "-c", str(c), bin, "extract", "--format", "jsonl", data], stdout=subprocess.DEVNULL) for c in cores]
    times = []
    for p in procs:
        _, status, usage = os.wait4(p.pid, 0)
        if status != 0:
            sys.exit("extract failed")
        times.append(usage.ru_utime + usage.ru_stime)
    return times
alone, paired = [], []
for r in range(rounds):
    a, b = run([0]), run([0, 1])
    alone += a
    paired += b
    print(f"round {r + 1}: alone {a[0]:.2f} s CPU; two at once {b[0]:.2f} and {b[1]:.2f} s CPU", flush=True)
print(f"alone median {statistics.median(alone):.2f} s, two at once median {statistics.median(paired):.2f} s: "
      f"ceiling {2 * statistics.median(alone) / statistics.median(paired):.2f}x")
PY
  exit 0
fi

if [ -n "${PAIRS:-}" ]; then
  python3 - "$BIN" "$N" "$WORK" "$PAIRS" "$WORK/articles.jsonl" <<'PY'
import os, statistics, subprocess, sys, time
bin, n, work, pairs, data = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
def run(pin):
    db = os.path.join(work, "bench-pairs.db")
    for s in ["", "-wal", "-shm", "-search", "-search-wal", "-search-shm"]:
        if os.path.exists(db + s):
            os.remove(db + s)
    start = time.perf_counter()
    p = subprocess.Popen((["taskset", "-c", "0"] if pin else []) + [bin, "ingest", "--quiet", "--db", db, data], stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"ingest failed: {p.stderr.read().decode().strip()}")
    print(f"  {'one core ' if pin else 'two cores'}: {wall:6.2f} s wall, user {usage.ru_utime:5.2f} s, system {usage.ru_stime:5.2f} s, peak {usage.ru_maxrss / 1e6:.2f} GB", flush=True)
    return wall
two, one = [], []
for r in range(pairs):
    print(f"round {r + 1}:")
    two.append(run(False))
    one.append(run(True))
    print(f"  ratio {one[-1] / two[-1]:.2f}")
ratios = sorted(o / t for o, t in zip(one, two))
print(f"two cores: median {statistics.median(two):.2f} s ({n / statistics.median(two):.0f} articles/s), range {min(two):.2f}–{max(two):.2f}")
print(f"one core:  median {statistics.median(one):.2f} s, range {min(one):.2f}–{max(one):.2f}")
print(f"scaling: {statistics.median(one) / statistics.median(two):.2f}x at the medians; pair by pair {', '.join(f'{x:.2f}' for x in ratios)} (median {statistics.median(ratios):.2f}x)")
PY
  exit 0
fi

for T in 1 2; do
  DB="$WORK/bench-t$T.db"
  rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-search" "$DB-search-wal" "$DB-search-shm"
  # Wall time and CPU time (user+sys): on a shared machine the CPU figure is the steadier one.
  python3 - "$BIN" "$N" "$DB" "$T" "$WORK/articles.jsonl" <<'PY'
import os, subprocess, sys, time
bin, n, db, t, data = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
start = time.perf_counter()
p = subprocess.Popen(os.environ.get("TASKSET", "").split() + [bin, "ingest", "--quiet", "--threads", t, "--db", db, data], stderr=subprocess.PIPE)
_, status, usage = os.wait4(p.pid, 0)
wall = time.perf_counter() - start
print(p.stderr.read().decode().strip().splitlines()[-1])
cpu = usage.ru_utime + usage.ru_stime
# The corpus and its search index beside it (each with a WAL a checkpoint may not have emptied).
size = sum(os.path.getsize(db + s) for s in ["", "-wal", "-search", "-search-wal"] if os.path.exists(db + s))
print(f"threads={t}: {n / wall:.0f} articles/s wall ({wall:.1f} s), {n / cpu:.0f} articles per CPU-second ({cpu:.1f} s CPU), "
      f"database {size / 1e6:.1f} MB = {size / n / 1024:.2f} KiB/article")
PY
done

DB="$WORK/bench-t2.db"
python3 - "$BIN" "$DB" <<'PY'
import subprocess, sys, time
bin, db = sys.argv[1], sys.argv[2]
queries = {
    "stats": ["query", "stats"],
    "entities --country LTU": ["query", "entities", "--country", "LTU", "--limit", "50"],
    "quotes --speaker Okafor": ["query", "quotes", "--speaker", "Okafor", "--limit", "100"],
    "events --actor LTU --type ACCUSE": ["query", "events", "--actor", "LTU", "--type", "ACCUSE", "--limit", "100"],
    "timeline Lithuania": ["query", "timeline", "Lithuania", "--limit", "100"],
    "network": ["query", "network", "--limit", "100"],
    "search \"fishing quotas\"": ["query", "search", "fishing quotas", "--limit", "20"],
}
print(f"{'query':40} {'p50 ms':>8} {'p95 ms':>8}")
for name, args in queries.items():
    times = []
    for _ in range(20):
        t = time.perf_counter()
        subprocess.run([bin, *args, "--db", db, "--format", "json"], check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"{name:40} {times[len(times) // 2]:8.1f} {times[int(len(times) * 0.95) - 1]:8.1f}")
PY
echo "load average: $(cut -d" " -f1-3 /proc/loadavg) on $(nproc) cores"
echo "work files in $WORK"
