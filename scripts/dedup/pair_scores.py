"""Pair precision, recall and F1 of a galley clusters file against a truth file.

usage: python pair_scores.py CLUSTERS.jsonl TRUTH.jsonl
(TRUTH: {"id", "cluster"} lines, as written by gen_corpus.)
"""

import itertools
import json
import sys
from collections import defaultdict


def pairs(groups):
    out = set()
    for members in groups:
        out.update(itertools.combinations(sorted(members), 2))
    return out


def main(clusters_path, truth_path):
    truth = defaultdict(list)
    with open(truth_path) as f:
        for line in f:
            d = json.loads(line)
            truth[d["cluster"]].append(d["id"])
    with open(clusters_path) as f:
        pred = [json.loads(line)["members"] for line in f]
    t, p = pairs(truth.values()), pairs(pred)
    tp = len(t & p)
    prec = tp / len(p) if p else 1.0
    rec = tp / len(t) if t else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    print(f"true pairs {len(t)}, predicted {len(p)}: precision {prec:.4f} recall {rec:.4f} F1 {f1:.4f}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
