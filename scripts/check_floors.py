#!/usr/bin/env python3
"""Accuracy floors: run the reference scorers and fail when any figure drops below its floor.

Usage (any directory; the scorers run from the repository root):
    python3 scripts/check_floors.py            # check; exit 1 if a figure is below its floor
    python3 scripts/check_floors.py --update   # raise floors to the figures minus 0.005
    options: --shared DIR (default $NG_SHARED_EVAL or ../shared/eval beside the repository)

The floors live in eval/floors.json: for each scorer and gold file, a minimum per SUMMARY key.
Floors only ever go up: --update never lowers one (to accept a loss, edit the file by hand and
say why in the commit). Without the gold data (no ../shared/eval) there is nothing to check:
the script says so and exits 0.
"""
import json, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLOORS = os.path.join(ROOT, "eval", "floors.json")
TOLERANCE = 0.005
EPS = 1e-9

def shared_dir(argv=None):
    argv = sys.argv if argv is None else argv
    if "--shared" in argv: return argv[argv.index("--shared") + 1]
    return os.environ.get("NG_SHARED_EVAL") or os.path.normpath(os.path.join(ROOT, "..", "shared", "eval"))

def load_floors():
    with open(FLOORS, encoding="utf-8") as f: return json.load(f)

def save_floors(data):
    with open(FLOORS, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2)
        f.write("\n")

def parse_summary(output):
    """The figures of the last 'SUMMARY k=v ...' line, in order, or None."""
    lines = [l for l in output.splitlines() if l.startswith("SUMMARY")]
    if not lines: return None
    return {k: float(v) for k, v in re.findall(r"(\w+)=([-+0-9.eE]+)", lines[-1])}

def run_scorer(shared, scorer, gold, env=None):
    """Run one reference scorer from the repository root; (figures or None, output)."""
    cmd = [sys.executable, os.path.join(shared, "score", scorer), os.path.join(shared, gold)]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})})
    out = r.stdout + r.stderr
    return (parse_summary(r.stdout) if r.returncode == 0 else None), out

def main():
    update = "--update" in sys.argv
    shared = shared_dir()
    if not os.path.isdir(os.path.join(shared, "score")):
        print(f"check_floors: no gold data at {shared} (../shared/eval beside the repository): nothing to check")
        return 0
    data = load_floors()
    rows, failed = [], False
    for run in data["runs"]:
        figures, out = run_scorer(shared, run["scorer"], run["gold"])
        label = run["gold"]
        if figures is None:
            failed = True
            rows.append((label, "(scorer)", "-", "-", "FAILED: " + (out.strip().splitlines() or ["no output"])[-1][:80]))
            continue
        floors = run.setdefault("floors", {})
        for key in sorted(set(floors) | set(figures), key=lambda k: (k not in figures, list(figures).index(k) if k in figures else 0)):
            fig, floor = figures.get(key), floors.get(key)
            if fig is None:
                failed = True
                rows.append((label, key, "-", f"{floor:.3f}", "MISSING"))
                continue
            if floor is None:
                status = "new (no floor)"
            elif fig + EPS >= floor:
                status = "ok"
            else:
                status, failed = "BELOW", True
            rows.append((label, key, f"{fig:.3f}", "-" if floor is None else f"{floor:.3f}", status))
            if update:
                raised = max(0.0, round(fig - TOLERANCE, 3))
                if floor is None or raised > floor + EPS:
                    floors[key] = raised
    w = [max(len(str(r[i])) for r in rows + [("file", "figure", "value", "floor", "status")]) for i in range(5)]
    print("  ".join(h.ljust(w[i]) for i, h in enumerate(("file", "figure", "value", "floor", "status"))))
    for r in rows:
        print("  ".join(str(c).ljust(w[i]) for i, c in enumerate(r)))
    if update:
        save_floors(data)
        print(f"floors raised where figures allow (figure - {TOLERANCE}); written to {os.path.relpath(FLOORS, ROOT)}")
        return 1 if any(r[4].startswith("FAILED") or r[4] == "MISSING" for r in rows) else 0
    print("accuracy floors: " + ("FAILED" if failed else "all figures at or above their floors"))
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
