#!/usr/bin/env python3
"""newsgraph on Apache Spark: articles in, the export tables out as Parquet partitioned by date.

    spark-submit --master local[2] spark/newsgraph_spark.py --binary target/release/newsgraph \\
        --output out/ corpus/

The `newsgraph` binary does all the work that decides a value; Spark only distributes it and
merges. Each step pipes JSON lines through a hidden `newsgraph rows …` subcommand:

1. `rows list` (driver): the input files, in `ingest`'s order (folders recursively, name order).
2. `rows read` (one task per group of files): the same readers as `ingest` (JSONL, HTML, WARC,
   RSS/Atom, text, gzip) turn each file into article envelopes keyed by `seq` (file number,
   record number), with the dedup keys `url_key` and `content_hash`.
3. Dedup, as Spark joins: an article is dropped when an earlier one had the same text hash, or
   an earlier one with a new text hash had the same URL - exactly `ingest`'s rule.
4. `rows extract` (repartitioned over every core): the extraction pipeline; per article the
   document, event and quote rows in `newsgraph export`'s columns and the article's entities.
5. `rows resolve` (one task, articles in `seq` order): the store's own cross-document entity
   resolution over the entities only (no text), so corpus entity ids, names, aliases and counts
   are those `ingest` makes. It is order-dependent by design (a bare surname joins the one
   full-name person already known), which a groupBy on a key cannot reproduce.
6. Joins fill the corpus-level columns in (entity ids, corpus names, speaker country/sector),
   and the tables are written: events, quotes and documents partitioned by `story_date`,
   entities as one table.

Why mapPartitions + subprocess rather than RDD.pipe: in PySpark both are a Python worker feeding
a child process, so they cost the same, but our own runner finds the binary on the executor
(shipped with --files, SparkFiles) and reports its stderr when it fails.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time

from pyspark import SparkFiles, StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

KINDS = {"int": T.LongType(), "bool": T.BooleanType(), "text": T.StringType()}
LOCAL_REFS = {"events": ["_source_local", "_target_local"], "quotes": ["_speaker_local"]}


def find_binary(name):
    """The binary on this machine: an existing path, else a file shipped with --files."""
    if os.path.isfile(name):
        return os.path.abspath(name)
    shipped = SparkFiles.get(os.path.basename(name))
    if os.path.isfile(shipped):
        if not os.access(shipped, os.X_OK):
            os.chmod(shipped, 0o755)
        return shipped
    raise FileNotFoundError(f"newsgraph binary {name!r} is neither a path here nor shipped with --files")


def through_binary(binary, *step):
    """A mapPartitions function: feed the partition's lines to `newsgraph rows STEP` on stdin,
    yield its stdout lines. A feeder thread writes while we read, so neither side blocks."""

    def run(lines):
        exe = find_binary(binary)
        proc = subprocess.Popen(
            [exe, "rows", *step],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=1 << 16,
        )
        errors = []

        def feed():
            try:
                for line in lines:
                    proc.stdin.write(line.encode("utf-8"))
                    proc.stdin.write(b"\n")
            except BrokenPipeError:
                pass
            except Exception as e:  # surfaced after the child exits
                errors.append(e)
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        stderr = []
        drain = threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)
        drain.start()
        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        for out in proc.stdout:
            yield out.decode("utf-8").rstrip("\n")
        feeder.join()
        code = proc.wait()
        drain.join()
        if errors:
            raise errors[0]
        if code != 0:
            msg = b"".join(stderr).decode("utf-8", "replace")[-4000:]
            raise RuntimeError(f"newsgraph rows {' '.join(step)} exited with {code}: {msg}")

    return run


def local_call(binary, *args):
    out = subprocess.run([binary, "rows", *args], check=True, stdout=subprocess.PIPE)
    return out.stdout.decode("utf-8")


def struct_of(columns, extra=()):
    fields = [T.StructField(c, KINDS[k]) for c, k in columns]
    fields += [T.StructField(c, T.StringType()) for c in extra]
    return T.StructType(fields)


def seq_of(line):
    """`rows read` writes `seq` first ({"seq":N,...}), so it is read without parsing the text."""
    return int(line[7 : line.index(",", 7)])


def build_parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", help="files or folders, as for `newsgraph ingest` (visible to driver and executors)")
    p.add_argument("--output", required=True, help="output folder: events/, quotes/, entities/, documents/")
    p.add_argument("--binary", default=os.environ.get("NEWSGRAPH_BIN", "newsgraph"), help="path of the newsgraph binary, or its name when shipped with --files")
    p.add_argument("--partitions", type=int, default=0, help="extraction tasks (default: 4 per core)")
    p.add_argument("--date", help="publication date (YYYY-MM-DD) of plain-text inputs, as `ingest --date`")
    p.add_argument("--verbose", action="store_true", help="time each phase")
    p.add_argument("--master", help="Spark master when not run by spark-submit, e.g. local[2]")
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    builder = SparkSession.builder.appName("newsgraph")
    if args.master:
        builder = builder.master(args.master).config("spark.ui.showConsoleProgress", "false")
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    started = time.time()
    last = [started]

    def phase(what):
        now = time.time()
        if args.verbose:
            print(f"newsgraph-spark: {what} ({now - last[0]:.1f}s)", file=sys.stderr)
        last[0] = now
    cores = sc.defaultParallelism
    partitions = args.partitions or 4 * cores
    if not sc.getConf().contains("spark.sql.shuffle.partitions"):
        # The default 200 is for big joins; ours carry keys and one row per article.
        spark.conf.set("spark.sql.shuffle.partitions", str(partitions))

    driver_binary = args.binary if os.path.isfile(args.binary) else find_binary(args.binary)
    schema = json.loads(local_call(driver_binary, "schema"))
    files = [json.loads(l) for l in local_call(driver_binary, "list", *args.inputs).splitlines() if l.strip()]
    if not files:
        print("newsgraph-spark: no input files", file=sys.stderr)
        return 1

    # 2. Read: files spread over tasks; envelopes (and error lines) come back as text.
    file_lines = [json.dumps({"file": i, "path": p}) for i, p in enumerate(files)]
    read_step = ["read"] + (["--date", args.date] if args.date else [])
    read = sc.parallelize(file_lines, min(len(files), partitions)).mapPartitions(through_binary(args.binary, *read_step))
    read.persist(StorageLevel.MEMORY_AND_DISK)
    failures = read.filter(lambda l: l.startswith('{"error"')).map(lambda l: json.loads(l)["error"])
    envelopes = spark.createDataFrame(
        read.filter(lambda l: not l.startswith('{"error"')).map(lambda l: (seq_of(l), l)),
        T.StructType([T.StructField("seq", T.LongType()), T.StructField("line", T.StringType())]),
    )

    # 3. Dedup, as ingest: the first of each text hash; of those, the first of each URL.
    keys_schema = T.StructType([T.StructField("url_key", T.StringType()), T.StructField("content_hash", T.StringType())])
    keys = envelopes.select("seq", F.from_json("line", keys_schema).alias("k")).select("seq", "k.url_key", "k.content_hash")
    first_text = keys.groupBy("content_hash").agg(F.min("seq").alias("first"))
    new_text = keys.join(first_text, "content_hash").where(F.col("seq") == F.col("first")).select("seq", "url_key")
    first_url = new_text.where(F.col("url_key").isNotNull()).groupBy("url_key").agg(F.min("seq").alias("first_url"))
    kept = new_text.join(first_url, "url_key", "left").where(F.col("first_url").isNull() | (F.col("seq") == F.col("first_url"))).select("seq")

    # 4. Extract on every core.
    to_extract = envelopes.join(kept, "seq").repartition(partitions).select("line").rdd.map(lambda r: r[0])
    extracted = to_extract.mapPartitions(through_binary(args.binary, "extract"))
    extracted.persist(StorageLevel.MEMORY_AND_DISK)
    article_schema = T.StructType(
        [
            T.StructField("seq", T.LongType()),
            T.StructField("document", struct_of(schema["documents"])),
            T.StructField("events", T.ArrayType(struct_of(schema["events"], LOCAL_REFS["events"]))),
            T.StructField("quotes", T.ArrayType(struct_of(schema["quotes"], LOCAL_REFS["quotes"]))),
            T.StructField("entities", T.StringType()),
        ]
    )
    articles = spark.read.schema(article_schema).json(extracted.filter(lambda l: not l.startswith('{"error"')))
    articles.persist(StorageLevel.MEMORY_AND_DISK)
    n_articles = articles.count()
    phase("extracted")
    failures = failures.union(extracted.filter(lambda l: l.startswith('{"error"')).map(lambda l: json.loads(l)["error"]))

    # 5. Resolve entities across the corpus, in corpus order, in one task.
    ordered = articles.select("seq", "entities").repartition(1).sortWithinPartitions("seq").toJSON()
    resolved_lines = ordered.mapPartitions(through_binary(args.binary, "resolve"))
    resolved_schema = T.StructType(
        [
            T.StructField("seq", T.LongType()),
            T.StructField("map", T.MapType(T.StringType(), T.LongType())),
            T.StructField("entity", struct_of(schema["entities"])),
        ]
    )
    resolved = spark.read.schema(resolved_schema).json(resolved_lines)
    resolved.persist(StorageLevel.MEMORY_AND_DISK)
    resolved.count()
    phase("resolved")
    entity_cols = [c for c, _ in schema["entities"]]
    entities = resolved.where(F.col("entity").isNotNull()).select("entity.*")
    links = resolved.where(F.col("map").isNotNull()).select("seq", F.explode("map").alias("local", "entity_id"))

    # 6. Merge: corpus ids and corpus-entity values into the article rows.
    corpus = entities.select("entity_id", "name", "country", "sector")

    def linked(rows, local_col, prefix):
        link = links.select(F.col("seq").alias(prefix + "seq"), F.col("local").alias(prefix + "local"), F.col("entity_id").alias(prefix + "id"))
        ents = corpus.select(*[F.col(c).alias(prefix + c) for c in ["entity_id", "name", "country", "sector"]])
        rows = rows.join(link, (rows["seq"] == link[prefix + "seq"]) & (rows[local_col] == link[prefix + "local"]), "left")
        return rows.join(ents, rows[prefix + "id"] == ents[prefix + "entity_id"], "left")

    events = articles.select("seq", F.explode("events").alias("r")).select("seq", "r.*")
    events = linked(events, "_source_local", "s_")
    events = linked(events, "_target_local", "t_")
    events = events.withColumn("source_entity_id", F.col("s_entity_id")).withColumn("source_actor", F.coalesce("s_name", "source_actor"))
    events = events.withColumn("target_entity_id", F.col("t_entity_id")).withColumn("target_actor", F.coalesce("t_name", "target_actor"))
    events = events.select(*[c for c, _ in schema["events"]])

    quotes = articles.select("seq", F.explode("quotes").alias("r")).select("seq", "r.*")
    quotes = linked(quotes, "_speaker_local", "q_")
    quotes = (
        quotes.withColumn("speaker_entity_id", F.col("q_entity_id"))
        .withColumn("speaker", F.coalesce("q_name", "speaker"))
        .withColumn("speaker_country", F.col("q_country"))
        .withColumn("speaker_sector", F.col("q_sector"))
        .select(*[c for c, _ in schema["quotes"]])
    )
    documents = articles.select("document.*")

    out = args.output.rstrip("/")
    for name, df in [("documents", documents), ("events", events), ("quotes", quotes)]:
        # One task per date: a file per date rather than one per date and task.
        df.repartition("story_date").write.mode("overwrite").partitionBy("story_date").parquet(f"{out}/{name}")
        phase(f"wrote {name}")
    entities.select(*entity_cols).coalesce(1).write.mode("overwrite").parquet(f"{out}/entities")

    failed = failures.collect()
    for f in failed[:50]:
        print(f"newsgraph-spark: failed: {f}", file=sys.stderr)
    secs = time.time() - started
    print(
        f"newsgraph-spark: {len(files)} files, {n_articles} articles extracted, {len(failed)} failed "
        f"in {secs:.1f}s ({n_articles / max(secs, 1e-3):.0f} articles/s) on {cores} cores -> {out}",
        file=sys.stderr,
    )
    spark.stop()
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
