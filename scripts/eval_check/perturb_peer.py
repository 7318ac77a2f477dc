#!/usr/bin/env python3
"""A fake extractor for checking the scorers, not for accuracy: it speaks newsgraph's CLI contract
(`perturb_peer.py extract --format jsonl FILE`) and answers with the gold annotations of
NG_PERTURB_GOLD, deliberately damaged (dropped, shifted, cut, retyped, misattributed, given by
text only) with a fixed seed per document. Scoring its output with both the reference scorer
(NG_BIN=this script) and `newsgraph eval --predictions` must give identical figures; the damage
makes every matching rule matter. With NG_PERTURB_OUT set, the output is also written there.
"""
import hashlib, os, random, sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from peer_contract import Output, byte_offsets, input_path, read_inputs

def rng_for(doc_id):
    return random.Random(int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:12], 16))

def damaged_span(rng, s, e, n):
    """A span near (s, e): exact, cut to a share around the 30% threshold, shifted or widened."""
    L = max(1, e - s)
    r = rng.random()
    if r < 0.4: return s, e
    if r < 0.6:
        share = rng.choice([0.25, 0.29, 0.3, 0.31, 0.35, 0.5])
        k = max(1, int(round(L * share)))
        return (s, s + k) if rng.random() < 0.5 else (e - k, e)
    if r < 0.8:
        d = rng.randint(-L, L)
        return max(0, s + d), min(n, e + d)
    return max(0, s - rng.randint(0, 30)), min(n, e + rng.randint(0, 30))

def item_span(rng, text, s, e, b):
    """Offsets in bytes, or (sometimes) only the text for the scorer to find."""
    if rng.random() < 0.1: return {"text": text[s:e]}
    return {"text": text[s:e], "start": b(s), "end": b(e)}

def quotes(rng, rec, text, b):
    out, golds = [], []
    if "attributions" in rec:
        for a in rec["attributions"]:
            if a.get("content"):
                src = a.get("source") or []
                golds.append((a["content"][0]["start"], a["content"][-1]["end"], " ".join(x["text"] for x in src),
                              (src[0]["start"], src[-1]["end"]) if src else None))
    else:
        for q in rec.get("quotes") or []:
            qq = q.get("quote") or {}
            if qq.get("start") is None: continue
            sp = q.get("speaker") or {}
            golds.append((qq["start"], qq["end"], q.get("reference") or "", (sp["start"], sp["end"]) if sp.get("start") is not None else None))
    for s, e, who, sspan in golds:
        if rng.random() < 0.2: continue
        s, e = damaged_span(rng, s, e, len(text))
        q = {"id": "Q%d" % len(out), "kind": rng.choice(["direct", "indirect", "partial"]), **item_span(rng, text, s, e, b)}
        r = rng.random()
        if r < 0.4: q["speaker"] = {"entity": "E1", "name": who}
        elif r < 0.5: q["speaker"] = {"entity": "E1", "name": (who.split() or [""])[-1]}
        elif r < 0.6 and sspan: q["speaker"] = {"entity": None, "name": "x", "start": b(sspan[0]), "end": b(sspan[1])}
        elif r < 0.7: q["speaker"] = {"entity": None, "name": "she"}
        elif r < 0.8: q["speaker"] = None
        elif r < 0.9: q["speaker"] = "Mr. " + who
        else: q["speaker"] = {"entity": "E9", "name": "Someone Else"}
        out.append(q)
    for _ in range(rng.randint(0, 2)):
        s = rng.randint(0, max(0, len(text) - 40))
        out.append({"id": "Q%d" % len(out), "kind": "direct", "start": b(s), "end": b(s + rng.randint(1, 40)), "speaker": None})
    return out

TYPES = {"PER": ["PERSON"], "ORG": ["ORG", "MEDIA"], "LOC": ["GPE", "LOC"]}

def entities(rng, rec, text, b):
    ents = []
    for g in rec.get("entities") or []:
        if rng.random() < 0.2: continue
        t = g.get("type", "PER")
        if rng.random() < 0.15: t = rng.choice(["PER", "ORG", "LOC", "MISC"])
        s, e = g["start"], g["end"]
        if rng.random() < 0.2: s, e = damaged_span(rng, s, e, len(text))
        ents.append({"type": rng.choice(TYPES.get(t, ["EVENT"])), "mentions": [{**item_span(rng, text, s, e, b), "kind": "name"}]})
    for _ in range(rng.randint(0, 3)):
        s = rng.randint(0, max(0, len(text) - 10))
        ents.append({"type": "ORG", "mentions": [{"start": b(s), "end": b(s + 5)}]})
    tx = []
    for t in rec.get("timexes") or []:
        if rng.random() < 0.2: continue
        v = t.get("value") or ""
        if rng.random() < 0.25: v = v[:7] if len(v) > 7 else v + "-01"
        s, e = t["start"], t["end"]
        if rng.random() < 0.2: s, e = damaged_span(rng, s, e, len(text))
        tx.append({**item_span(rng, text, s, e, b), "type": "DATE", **({"value": v} if rng.random() < 0.95 else {})})
    return ents, tx

EVENTS = ["AGREE", "CONSULT", "REQUEST", "ACCUSE", "ASSAULT", "DEMAND", "COOPERATE", "AID", "threaten"]

def events(rng, rec):
    out = []
    if "event" not in rec: return out
    def actor(x):
        if not isinstance(x, dict): return None
        c = x.get("code") or ""
        r = rng.random()
        if r < 0.6: return {"name": x.get("actorText", ""), "country": c}
        if r < 0.7: return {"name": "", "code": c + "GOV"}
        if r < 0.8: return {"name": "", "sector": rng.choice(["IGO", "GOV"])}
        return {"name": "", "country": rng.choice(["USA", "RUS", "JPN", "ITA"])}
    srcs = rec.get("source") if isinstance(rec.get("source"), list) else [rec.get("source")]
    tgts = rec.get("target") if isinstance(rec.get("target"), list) else [rec.get("target")]
    for _ in range(rng.choice([0, 1, 1, 1, 2])):
        t = rec["event"] if rng.random() < 0.6 else rng.choice(EVENTS)
        ev = {"type": t, "cameo": "0%d0" % rng.randint(1, 9), "source": actor(rng.choice(srcs)), "target": actor(rng.choice(tgts))}
        if rng.random() < 0.1: ev["source"] = [ev["source"], actor(rng.choice(srcs))]
        out.append(ev)
    return out

def main():
    path = input_path("perturb_peer.py")
    gold = {}
    for r in read_inputs(os.environ["NG_PERTURB_GOLD"]):
        gold[str(r["id"])] = r
        if "annotator" in r: gold[str(r["id"]) + "#" + r["annotator"]] = r
    out = Output("NG_PERTURB_OUT")
    for d in read_inputs(path):
        rec, text = gold.get(str(d["id"]), {}), d["text"]
        rng, b = rng_for(str(d["id"])), byte_offsets(text)
        ents, tx = entities(rng, rec, text, b)
        out.write({"id": d["id"], "quotes": quotes(rng, rec, text, b), "entities": ents, "timexes": tx,
                   "events": events(rng, rec)})
    out.close()

main()
