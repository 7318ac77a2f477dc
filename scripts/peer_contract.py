"""What every stand-in extractor under scripts/ shares: newsgraph's CLI contract.

A peer is called as `PEER extract --format jsonl FILE.jsonl`, like `newsgraph extract`, and
prints one JSON object per input record with offsets in UTF-8 bytes (what the reference scorers
read). The reference scorers run it as NG_BIN; `newsgraph eval --predictions` reads a copy of
its output, written when the peer's copy variable names a file.
"""
import json, os, sys

def input_path(prog):
    """The FILE of `extract --format jsonl FILE`, or exit 2 with a usage line naming prog."""
    args = sys.argv[1:]
    if len(args) < 2 or args[0] != "extract":
        print(f"usage: {prog} extract --format jsonl FILE.jsonl", file=sys.stderr)
        sys.exit(2)
    return args[-1]

def read_inputs(path):
    """The input records of a JSONL file (blank lines skipped)."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]

def byte_offsets(text):
    """f(character offset) -> UTF-8 byte offset in text, clamped to the text."""
    table, b = [], 0
    for ch in text:
        table.append(b)
        b += len(ch.encode("utf-8"))
    table.append(b)
    return lambda c: table[max(0, min(c, len(text)))]

class Output:
    """Standard output, plus a copy in the file named by the environment variable copy_var."""
    def __init__(self, copy_var):
        path = os.environ.get(copy_var)
        self.copy = open(path, "w", encoding="utf-8") if path else None

    def write(self, record):
        line = json.dumps(record, ensure_ascii=False) + "\n"
        sys.stdout.write(line)
        if self.copy: self.copy.write(line)

    def close(self):
        if self.copy: self.copy.close()
