#!/usr/bin/env python3
"""Check that `newsgraph eval` computes exactly what the reference scorers compute.

Usage (from the repository root): python3 scripts/eval_check/check_agreement.py [--shared DIR]

For each gold file of ../shared/eval it compares, line by line, the reference scorer's output
with `newsgraph eval`'s (which prints the scorer's lines, then its own extra lines and error
classes, and the same SUMMARY last):
  1. on newsgraph itself: the scorer runs the release binary, `newsgraph eval` runs the
     pipeline in-process;
  2. on deliberately damaged gold (perturb_peer.py as NG_BIN), scored by the scorer and by
     `newsgraph eval --predictions`, so that every matching rule is exercised.
Exits 1 on any difference.
"""
import os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEER = os.path.join(ROOT, "scripts", "eval_check", "perturb_peer.py")
FILES = [("quotes", "score_quotes.py", "quotes/ggt_dev.jsonl"),
         ("quotes", "score_quotes.py", "quotes/polnear_dev.jsonl"),
         ("meantime", "score_meantime.py", "meantime/dev.jsonl"),
         ("events", "score_events.py", "events/plover_dev.jsonl")]

def shared_dir():
    if "--shared" in sys.argv: return sys.argv[sys.argv.index("--shared") + 1]
    return os.environ.get("NG_SHARED_EVAL") or os.path.join(ROOT, "..", "shared", "eval")

def run(cmd, env=None):
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
    return r.stdout.splitlines()

def compare(label, scorer_lines, ours):
    """Every line the scorer prints must appear in our output, in order; SUMMARY lines equal."""
    ok, i = True, 0
    for line in scorer_lines:
        while i < len(ours) and ours[i] != line: i += 1
        if i == len(ours):
            print(f"  MISMATCH {label}: scorer line not in ours: {line}"); ok = False; i = 0
    s_sum = [l for l in scorer_lines if l.startswith("SUMMARY")][-1:]
    o_sum = [l for l in ours if l.startswith("SUMMARY")][-1:]
    if s_sum != o_sum:
        print(f"  MISMATCH {label}: {s_sum} vs {o_sum}"); ok = False
    print(f"{'ok  ' if ok else 'FAIL'} {label}: {s_sum[0] if s_sum else '-'}")
    return ok

def main():
    shared = shared_dir()
    if not os.path.isdir(shared):
        print(f"no gold data at {shared}: nothing to check"); return 0
    run(["cargo", "build", "--release", "-q", "-p", "newsgraph-cli"])
    exe = os.path.join(ROOT, "target", "release", "newsgraph")
    all_ok = True
    for suite, scorer, rel in FILES:
        gold = os.path.join(shared, rel)
        score = [sys.executable, os.path.join(shared, "score", scorer), gold]
        all_ok &= compare(f"{rel} newsgraph", run(score, {"NG_BIN": exe}), run([exe, "eval", suite, gold]))
        with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as f: out = f.name
        try:
            env = {"NG_BIN": PEER, "NG_PERTURB_GOLD": gold, "NG_PERTURB_OUT": out}
            scorer_lines = run(score, env)
            all_ok &= compare(f"{rel} damaged gold", scorer_lines, run([exe, "eval", suite, gold, "--predictions", out]))
        finally:
            os.unlink(out)
    print("all figures agree" if all_ok else "DIFFERENCES FOUND")
    return 0 if all_ok else 1

sys.exit(main())
