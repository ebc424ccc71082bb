#!/usr/bin/env python3
"""Run the packaged Python summarisers on a summary dataset, for comparison with galley.

Usage:
    python -m venv .venv && .venv/bin/pip install textrank4zh snownlp sumy jieba scipy
    .venv/bin/python scripts/summary/peers.py DATASET.jsonl OUT_DIR [--lcsts-sentences 1] [--clts-sentences 2]
    cargo run --release -p galley-summary --example rouge_eval -- DATASET.jsonl \
        --pred textrank4zh=OUT_DIR/textrank4zh.jsonl --pred snownlp=OUT_DIR/snownlp.jsonl ...

DATASET.jsonl has one object per line with `id` and `text` (a directory is
searched for its first *.jsonl). Each peer gets the same budget in sentences
as galley's evaluation: one for `lcsts-*` rows, --clts-sentences for the
others. For each peer, OUT_DIR/<peer>.jsonl gets one line per article:
{"id", "summary": [sentences in document order], "seconds"}, where
`seconds` is the wall time of that peer on that article (segmentation and
ranking, models already loaded). A peer that fails on an article gets an
empty summary and its error on stderr.

Compatibility: textrank4zh 0.3 calls networkx.from_numpy_matrix, which
networkx 3 removed; it is aliased to from_numpy_array (same result for a
dense weight matrix), and networkx's pagerank needs scipy.
"""

import glob
import json
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")


def load(path):
    if os.path.isdir(path):
        path = sorted(glob.glob(os.path.join(path, "*.jsonl")))[0]
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def in_doc_order(text, sentences):
    """Peers return sentences best first; put them in document order."""
    return sorted(sentences, key=lambda s: (text.find(s) if text.find(s) >= 0 else len(text)))


def make_peers():
    peers = {}

    try:
        import networkx as nx

        if not hasattr(nx, "from_numpy_matrix"):
            nx.from_numpy_matrix = nx.from_numpy_array
        from textrank4zh import TextRank4Sentence

        def textrank4zh(text, k):
            tr = TextRank4Sentence()
            tr.analyze(text=text, lower=True, source="all_filters")
            items = tr.get_key_sentences(num=k)
            return [it.sentence for it in sorted(items, key=lambda it: it.index)]

        peers["textrank4zh"] = textrank4zh
    except Exception as e:  # noqa: BLE001
        print(f"textrank4zh unavailable: {e}", file=sys.stderr)

    try:
        from snownlp import SnowNLP

        def snownlp(text, k):
            return in_doc_order(text, SnowNLP(text).summary(k))

        peers["snownlp"] = snownlp
    except Exception as e:  # noqa: BLE001
        print(f"snownlp unavailable: {e}", file=sys.stderr)

    try:
        from sumy.nlp.tokenizers import Tokenizer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.lsa import LsaSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer

        tokenizer = Tokenizer("chinese")

        def sumy_with(summarizer):
            def run(text, k):
                doc = PlaintextParser.from_string(text, tokenizer).document
                return [str(s) for s in summarizer(doc, k)]

            return run

        peers["sumy-lexrank"] = sumy_with(LexRankSummarizer())
        peers["sumy-textrank"] = sumy_with(TextRankSummarizer())
        peers["sumy-lsa"] = sumy_with(LsaSummarizer())
    except Exception as e:  # noqa: BLE001
        print(f"sumy unavailable: {e}", file=sys.stderr)

    return peers


def main():
    args = sys.argv[1:]
    lcsts_k, clts_k = 1, 2
    pos = []
    i = 0
    while i < len(args):
        if args[i] == "--lcsts-sentences":
            lcsts_k = int(args[i + 1])
            i += 2
        elif args[i] == "--clts-sentences":
            clts_k = int(args[i + 1])
            i += 2
        else:
            pos.append(args[i])
            i += 1
    if len(pos) != 2:
        sys.exit(__doc__)
    rows = load(pos[0])
    out_dir = pos[1]
    os.makedirs(out_dir, exist_ok=True)
    peers = make_peers()
    # Warm up: dictionaries and models load outside the timed runs.
    for run in peers.values():
        try:
            run("今天天气很好。我们去公园散步！", 1)
        except Exception:  # noqa: BLE001
            pass
    for name, run in peers.items():
        total = 0.0
        nbytes = 0
        with open(os.path.join(out_dir, f"{name}.jsonl"), "w", encoding="utf-8") as out:
            for row in rows:
                k = lcsts_k if row["id"].startswith("lcsts-") else clts_k
                t = time.perf_counter()
                try:
                    summary = run(row["text"], k)
                except Exception as e:  # noqa: BLE001
                    print(f"{name} failed on {row['id']}: {e}", file=sys.stderr)
                    summary = []
                secs = time.perf_counter() - t
                total += secs
                nbytes += len(row["text"].encode("utf-8"))
                out.write(json.dumps({"id": row["id"], "summary": summary, "seconds": secs}, ensure_ascii=False) + "\n")
        print(
            f"{name}: {len(rows)} articles in {total:.2f} s = {1000 * total / max(len(rows), 1):.2f} ms/article, "
            f"{nbytes / 1e6 / max(total, 1e-9):.3f} MB/s",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
