#!/usr/bin/env python3
"""Run the packaged Python summarisers on a summary dataset, for comparison with galley.

Usage:
    python -m venv .venv && .venv/bin/pip install textrank4zh snownlp sumy jieba scipy
    .venv/bin/python scripts/summary/peers.py DATASET.jsonl OUT_DIR
    cargo run --release -p galley-summary --example rouge_eval -- DATASET.jsonl \
        --pred textrank4zh=OUT_DIR/textrank4zh.jsonl --pred snownlp=OUT_DIR/snownlp.jsonl ...

DATASET.jsonl has one object per line with `id` and `text` (a directory is
searched for its first *.jsonl). Each peer ranks every sentence of every
article; no budget is applied here. For each peer, OUT_DIR/<peer>.jsonl gets
one line per article: {"id", "ranked": [[position, sentence], ...], "seconds"},
best first, where `position` is the sentence's index in the peer's own
segmentation and `seconds` the wall time of that peer on that article
(segmentation and ranking, models already loaded). rouge_eval then applies
the same character budget and the same filling rule to every system
(galley_summary::Budget::fill: greedy down the ranking, skip a sentence that
would overflow, the first-ranked sentence alone when none fits). A peer that
fails on an article gets an empty ranking and its error on stderr.

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


def make_peers():
    """Each peer maps a text to its whole ranking: [position, sentence] pairs,
    best first, where position is the sentence's index in the peer's own
    segmentation (used to put the chosen sentences back in document order)."""
    peers = {}

    try:
        import networkx as nx

        if not hasattr(nx, "from_numpy_matrix"):
            nx.from_numpy_matrix = nx.from_numpy_array
        from textrank4zh import TextRank4Sentence

        def textrank4zh(text):
            tr = TextRank4Sentence()
            tr.analyze(text=text, lower=True, source="all_filters")
            # Its own rule kept: sentences shorter than 6 chars are never returned.
            items = tr.get_key_sentences(num=len(tr.key_sentences))
            return [[it.index, it.sentence] for it in items]

        peers["textrank4zh"] = textrank4zh
    except Exception as e:  # noqa: BLE001
        print(f"textrank4zh unavailable: {e}", file=sys.stderr)

    try:
        from snownlp import SnowNLP, normal, seg
        from snownlp.summary import textrank as snow_textrank

        def snownlp(text):
            # SnowNLP.summary(limit), with the whole ranking and the indices kept.
            sents = SnowNLP(text).sentences
            doc = [normal.filter_stop(seg.seg(s)) for s in sents]
            rank = snow_textrank.TextRank(doc)
            rank.solve()
            return [[i, sents[i]] for i in rank.top_index(len(sents))]

        peers["snownlp"] = snownlp
    except Exception as e:  # noqa: BLE001
        print(f"snownlp unavailable: {e}", file=sys.stderr)

    try:
        from operator import attrgetter

        from sumy.nlp.tokenizers import Tokenizer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.lsa import LsaSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer

        tokenizer = Tokenizer("chinese")

        def sumy_with(make):
            def run(text):
                # sumy returns its best sentences in document order; record its
                # ratings instead (AbstractSummarizer._get_best_sentences sorts
                # by rating, stable, so ties keep document order).
                ranked = []
                summarizer = make()

                def capture(sentences, count, rating, *args, **kwargs):
                    rate = rating
                    if isinstance(rating, dict):
                        rate = rating.__getitem__
                    infos = [(o, s, rate(s, *args, **kwargs)) for o, s in enumerate(sentences)]
                    infos.sort(key=lambda x: x[2], reverse=True)
                    ranked.extend([o, str(s)] for o, s, _ in infos)
                    return tuple(s for _, s, _ in infos)

                summarizer._get_best_sentences = capture
                doc = PlaintextParser.from_string(text, tokenizer).document
                summarizer(doc, len(doc.sentences))
                return ranked

            return run

        peers["sumy-lexrank"] = sumy_with(LexRankSummarizer)
        peers["sumy-textrank"] = sumy_with(TextRankSummarizer)
        peers["sumy-lsa"] = sumy_with(LsaSummarizer)
    except Exception as e:  # noqa: BLE001
        print(f"sumy unavailable: {e}", file=sys.stderr)

    return peers


def main():
    args = sys.argv[1:]
    if len(args) != 2:
        sys.exit(__doc__)
    rows = load(args[0])
    out_dir = args[1]
    os.makedirs(out_dir, exist_ok=True)
    peers = make_peers()
    # Warm up: dictionaries and models load outside the timed runs.
    for run in peers.values():
        try:
            run("今天天气很好。我们去公园散步！")
        except Exception:  # noqa: BLE001
            pass
    for name, run in peers.items():
        total = 0.0
        nbytes = 0
        with open(os.path.join(out_dir, f"{name}.jsonl"), "w", encoding="utf-8") as out:
            for row in rows:
                t = time.perf_counter()
                try:
                    ranked = run(row["text"])
                except Exception as e:  # noqa: BLE001
                    print(f"{name} failed on {row['id']}: {e}", file=sys.stderr)
                    ranked = []
                secs = time.perf_counter() - t
                total += secs
                nbytes += len(row["text"].encode("utf-8"))
                out.write(json.dumps({"id": row["id"], "ranked": ranked, "seconds": secs}, ensure_ascii=False) + "\n")
        print(
            f"{name}: {len(rows)} articles in {total:.2f} s = {1000 * total / max(len(rows), 1):.2f} ms/article, "
            f"{nbytes / 1e6 / max(total, 1e-9):.3f} MB/s",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
