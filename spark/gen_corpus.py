#!/usr/bin/env python3
"""Write a synthetic news corpus from templates: JSONL files and a WARC archive of HTML pages.

    python3 spark/gen_corpus.py --articles 3000 --out /tmp/corpus

Seeded, so every run writes the same corpus. The articles carry what the pipeline and the store
care about: named speakers with titles and countries, direct and reported quotes, events between
states and people, dates, and corpus-level effects - people named in full in one article and by
surname alone in another, re-published copies (same text under a new URL) and corrected pages
(same URL, new text) that ingest's dedup must drop.
"""

import argparse
import gzip
import json
import os
import random

GIVEN = ["Ilse", "Tomasz", "Amara", "Joaquin", "Sunniva", "Radek", "Mirela", "Oskar", "Yetunde", "Hamid", "Liesel", "Bogdan"]
FAMILY = ["Vantongeren", "Oyelaran", "Strzelecki", "Ferreira", "Haugland", "Dvorakova", "Kettunen", "Abernathy", "Moldovan", "Quispe"]
TITLES = ["Foreign Minister", "Defence Minister", "Prime Minister", "Finance Minister", "President"]
COUNTRIES = [("France", "French"), ("Poland", "Polish"), ("Norway", "Norwegian"), ("Brazil", "Brazilian"), ("Nigeria", "Nigerian"), ("Romania", "Romanian"), ("Peru", "Peruvian"), ("Finland", "Finnish")]
TOPICS = ["grain shipments", "the gas pipeline", "border crossings", "fishing rights", "rail freight tariffs", "a prisoner exchange", "the river treaty", "airspace patrols"]
VERBS = ["accused", "criticised", "praised", "met", "warned", "thanked", "threatened", "urged"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
SAYINGS = [
    "we will not accept any delay on {topic}",
    "the talks on {topic} were useful but unfinished",
    "our patience with {other} is running out",
    "there is a real chance of agreement on {topic} this month",
    "nobody in {country} wants the dispute over {topic} to grow",
]
CITIES = ["Lyon", "Gdansk", "Bergen", "Recife", "Ibadan", "Cluj", "Cusco", "Tampere"]


def person(rng):
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def article(i, rng, known_people):
    (c1, adj1), (c2, _) = rng.sample(COUNTRIES, 2)
    title_word = rng.choice(TITLES)
    speaker = person(rng)
    other = person(rng)
    topic = rng.choice(TOPICS)
    verb = rng.choice(VERBS)
    day = rng.choice(DAYS)
    month, dom = 1 + rng.randrange(12), 1 + rng.randrange(28)
    date = f"2023-{month:02d}-{dom:02d}"
    saying = rng.choice(SAYINGS).format(topic=topic, other=c2, country=c1)
    paras = [
        f"{rng.choice(CITIES).upper()} - {adj1} {title_word} {speaker} {verb} {c2} on {day} over {topic}.",
        f"\"{saying[0].upper() + saying[1:]},\" {speaker.split()[1]} told reporters after the meeting.",
        f"{other}, an adviser to the government of {c2}, said the proposal on {topic} would be studied.",
    ]
    # Some articles name a person seen in an earlier article by surname alone.
    if known_people and rng.random() < 0.3:
        earlier = rng.choice(known_people)
        paras.append(f"{earlier.split()[1]} said last week that {c1} would send a delegation to {c2}.")
    if rng.random() < 0.5:
        paras.append(f"{c1} and {c2} agreed to meet again in {rng.choice(CITIES)} next month.")
    known_people.append(speaker)
    rec = {
        "id": f"gen-{i:06d}",
        "title": f"{c1} {verb} {c2} over {topic}",
        "text": "\n\n".join(paras),
        "url": f"https://news.example.org/{date}/story-{i}",
        "site": rng.choice(["Example News", "Daily Example", None]),
        "author": rng.choice(["R. Vale", "K. Osei", None]),
    }
    if rng.random() < 0.95:  # a few articles without a date
        rec["date"] = date
    return rec


def html_page(rec):
    body = "".join(f"<p>{p}</p>" for p in rec["text"].split("\n\n"))
    meta = f'<meta property="article:published_time" content="{rec["date"]}T08:00:00Z">' if rec.get("date") else ""
    return f"<!DOCTYPE html><html><head><title>{rec['title']}</title>{meta}</head><body><article><h1>{rec['title']}</h1>{body}</article></body></html>"


def warc_record(url, html, n):
    payload = html.encode("utf-8")
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + str(len(payload)).encode() + b"\r\n\r\n" + payload
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2023-06-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012d}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def main(argv=None):
    p = argparse.ArgumentParser(description="synthetic news corpus from templates")
    p.add_argument("--articles", type=int, default=3000)
    p.add_argument("--files", type=int, default=3, help="JSONL files")
    p.add_argument("--warc", type=int, default=60, help="articles written as HTML in a WARC archive (of the total)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    known = []
    recs = [article(i, rng, known) for i in range(args.articles - args.warc)]
    # Copies: re-published under a new URL (dropped by text) and corrected at the same URL
    # (dropped by URL).
    for j in range(0, len(recs), 97):
        copy = dict(recs[j], id=f"copy-{j}", url=recs[j]["url"] + "-syndicated")
        recs.append(copy)
    for j in range(5, len(recs), 89):
        fixed = dict(recs[j], id=f"fix-{j}", text=recs[j]["text"] + "\n\nThis story has been corrected.")
        recs.append(fixed)
    per_file = (len(recs) + args.files - 1) // args.files
    for f in range(args.files):
        chunk = recs[f * per_file : (f + 1) * per_file]
        name = os.path.join(args.out, f"part-{f:02d}.jsonl" + (".gz" if f == args.files - 1 else ""))
        opener = gzip.open if name.endswith(".gz") else open
        with opener(name, "wt", encoding="utf-8") as out:
            for r in chunk:
                out.write(json.dumps({k: v for k, v in r.items() if v is not None}, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "crawl.warc"), "wb") as out:
        for n in range(args.warc):
            rec = article(len(recs) + n, rng, known)
            out.write(warc_record(rec["url"], html_page(rec), n))
    total = len(recs) + args.warc
    print(f"{total} articles in {args.files} JSONL files and one WARC archive -> {args.out}")


if __name__ == "__main__":
    main()
