"""Run datatrove's four-stage MinHash deduplication on one JSONL corpus.

usage: python datatrove_run.py CORPUS.jsonl WORKDIR [--bands 25 --rows 5 --ngrams 5 --language en]

Writes WORKDIR/assign.jsonl: one {"id", "cluster"} line per document that
datatrove put in a cluster of two or more (cluster = datatrove's cluster id).
Everything runs with one task and one worker, so its CPU time is one core's.
"""

import argparse
import json
import os
import shutil

from datatrove.executor.local import LocalPipelineExecutor
from datatrove.pipeline.dedup.minhash import (
    MinhashConfig,
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
    MinhashDedupSignature,
)
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from datatrove.utils.hashing import HashConfig


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("workdir")
    ap.add_argument("--bands", type=int, default=25)
    ap.add_argument("--rows", type=int, default=5)
    ap.add_argument("--ngrams", type=int, default=5)
    ap.add_argument("--language", default="en")
    a = ap.parse_args()

    work = os.path.abspath(a.workdir)
    shutil.rmtree(work, ignore_errors=True)
    data_dir = os.path.dirname(os.path.abspath(a.corpus))
    pattern = os.path.basename(a.corpus)
    config = MinhashConfig(
        n_grams=a.ngrams,
        num_buckets=a.bands,
        hashes_per_bucket=a.rows,
        hash_config=HashConfig(precision=64),
    )
    reader = lambda: JsonlReader(data_dir, glob_pattern=pattern, add_file_path=False)
    common = dict(tasks=1, workers=1, skip_completed=False)
    LocalPipelineExecutor(
        pipeline=[
            reader(),
            MinhashDedupSignature(
                output_folder=f"{work}/signatures", config=config, language=a.language
            ),
        ],
        logging_dir=f"{work}/logs/1",
        **common,
    ).run()
    LocalPipelineExecutor(
        pipeline=[
            MinhashDedupBuckets(
                input_folder=f"{work}/signatures",
                output_folder=f"{work}/buckets",
                config=config,
            )
        ],
        logging_dir=f"{work}/logs/2",
        tasks=config.num_buckets,
        workers=1,
        skip_completed=False,
    ).run()
    LocalPipelineExecutor(
        pipeline=[
            MinhashDedupCluster(
                input_folder=f"{work}/buckets",
                output_folder=f"{work}/remove_ids",
                config=config,
                save_cluster_id=True,
            )
        ],
        logging_dir=f"{work}/logs/3",
        **common,
    ).run()
    LocalPipelineExecutor(
        pipeline=[
            reader(),
            MinhashDedupFilter(
                input_folder=f"{work}/remove_ids",
                exclusion_writer=JsonlWriter(f"{work}/removed", compression=None),
                load_cluster_ids=True,
            ),
            JsonlWriter(f"{work}/kept", compression=None),
        ],
        logging_dir=f"{work}/logs/4",
        **common,
    ).run()
    with open(f"{work}/assign.jsonl", "w") as out:
        for sub in ("kept", "removed"):
            folder = f"{work}/{sub}"
            for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
                with open(os.path.join(folder, name)) as f:
                    for line in f:
                        d = json.loads(line)
                        c = d.get("metadata", {}).get("minhash_cluster_id", -1)
                        if c != -1:
                            out.write(json.dumps({"id": d["id"], "cluster": c}) + "\n")


if __name__ == "__main__":
    main()
