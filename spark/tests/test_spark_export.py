"""The Spark job and `ingest` + `export` agree on the same corpus, row for row.

A corpus of a few thousand generated articles (JSONL, gzipped JSONL and a WARC archive, with
re-published copies and corrected pages) goes through both paths:
- `newsgraph ingest` into a store, then `newsgraph export --format parquet` per table;
- spark/newsgraph_spark.py on Spark in local mode (local[2]).
Every table must hold the same rows (as multisets, every column, entity ids included), and
`newsgraph ingest` must load the Spark documents back into a store.

Run by spark/run_tests.sh (NEWSGRAPH_BIN names the release binary).
"""

import os
import subprocess
import sys
import tempfile
import unittest
import warnings
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SPARK_DIR = os.path.dirname(HERE)
sys.path.insert(0, SPARK_DIR)

import gen_corpus  # noqa: E402
import newsgraph_spark  # noqa: E402

BIN = os.environ.get("NEWSGRAPH_BIN", os.path.join(SPARK_DIR, "..", "target", "release", "newsgraph"))
ARTICLES = int(os.environ.get("SPARK_TEST_ARTICLES", "3000"))
TABLES = ["events", "quotes", "entities", "documents"]


def newsgraph(*args):
    return subprocess.run([BIN, *args], check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE).stderr.decode()


class SparkMatchesExport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # py4j leaves sockets to the garbage collector; the warnings would bury the results.
        warnings.simplefilter("ignore", ResourceWarning)
        cls.tmp = tempfile.TemporaryDirectory(prefix="newsgraph-spark-")
        root = cls.tmp.name
        cls.corpus = os.path.join(root, "corpus")
        gen_corpus.main(["--articles", str(ARTICLES), "--out", cls.corpus])
        cls.db = os.path.join(root, "store.db")
        print(newsgraph("ingest", "--quiet", "--db", cls.db, cls.corpus), file=sys.stderr)
        cls.export = os.path.join(root, "export")
        os.makedirs(cls.export)
        for t in TABLES:
            newsgraph("export", "--db", cls.db, "--table", t, "--format", "parquet", "--output", os.path.join(cls.export, t + ".parquet"))
        cls.out = os.path.join(root, "spark")
        code = newsgraph_spark.main(["--master", "local[2]", "--binary", BIN, "--output", cls.out, cls.corpus])
        assert code == 0, "the Spark job reported failures"
        from pyspark.sql import SparkSession

        cls.spark = (
            SparkSession.builder.master("local[2]")
            .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )

    @classmethod
    def tearDownClass(cls):
        cls.spark.stop()
        cls.tmp.cleanup()

    def tables(self, name):
        exported = self.spark.read.parquet(os.path.join(self.export, name + ".parquet"))
        produced = self.spark.read.parquet(os.path.join(self.out, name))
        return exported, produced.select(*exported.columns)

    def assert_same_rows(self, name, at_least):
        exported, produced = self.tables(name)
        self.assertEqual(dict(exported.dtypes), dict(produced.dtypes), f"{name}: column types")
        # A few thousand rows: comparing them as multisets in Python is quicker than Spark joins.
        want = Counter(tuple(r) for r in exported.collect())
        got = Counter(tuple(r) for r in produced.collect())
        self.assertGreaterEqual(sum(want.values()), at_least, f"{name}: too few rows to compare")
        self.assertEqual(sum(got.values()), sum(want.values()), f"{name}: row counts")
        missing = list((want - got).elements())[:3]
        extra = list((got - want).elements())[:3]
        self.assertEqual(missing, [], f"{name}: rows of export missing from Spark")
        self.assertEqual(extra, [], f"{name}: rows of Spark not in export")

    def test_documents(self):
        # Copies and corrections were dropped by both.
        self.assert_same_rows("documents", ARTICLES * 9 // 10)

    def test_events(self):
        self.assert_same_rows("events", ARTICLES // 2)

    def test_quotes(self):
        self.assert_same_rows("quotes", ARTICLES // 2)

    def test_entities(self):
        self.assert_same_rows("entities", 50)
        # Surnames alone in later articles joined the full names: some entity spans documents.
        _, produced = self.tables("entities")
        self.assertGreater(produced.where("documents > 1").count(), 0)

    def test_partitioned_by_story_date(self):
        dirs = os.listdir(os.path.join(self.out, "events"))
        self.assertIn("story_date=2023-01-17", dirs)

    def test_ingest_loads_the_spark_documents(self):
        db = os.path.join(self.tmp.name, "from-spark.db")
        newsgraph("ingest", "--quiet", "--db", db, os.path.join(self.out, "documents"))
        exported, _ = self.tables("documents")
        n = exported.count()
        loaded = os.path.join(self.tmp.name, "loaded.jsonl")
        newsgraph("export", "--db", db, "--table", "documents", "--output", loaded)
        with open(loaded, encoding="utf-8") as f:
            self.assertEqual(sum(1 for _ in f), n)


if __name__ == "__main__":
    unittest.main(verbosity=2)
