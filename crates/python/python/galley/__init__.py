"""galley: clean, structure, deduplicate and summarise OCR'd newspaper pages.

The Rust crates do the work; this package is a thin binding:

- :class:`Pipeline`: the pipeline (clean, paragraphs, dedup, summary), one
  text, a list of texts, or an Arrow ``RecordBatch`` of ``id``/``text``.
- :class:`Dedup`: the pure steps of corpus deduplication (sketch, band keys,
  verified similarity, candidate pairs of a bucket, the keeper rule), one
  value at a time or over Arrow batches.
- :mod:`galley.spark`: PySpark jobs built on the Arrow entry points.

The GIL is released while Rust works. A bad row of a batch (null text,
not a string, invalid UTF-8) gives an ``error`` for that row, never an
exception for the batch; bad configuration raises :class:`GalleyError`.

>>> import galley
>>> rec = galley.Pipeline().run("第一段。\\n\\n第二段。", id="p1")
>>> rec["id"], len(rec["articles"][0]["blocks"])
('p1', 2)
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Optional, Sequence

import pyarrow as pa

from . import _arrow
from ._galley import DEFAULT_CONFIG, GalleyError, __version__
from ._galley import Dedup as _Dedup
from ._galley import Pipeline as _Pipeline

__all__ = ["Pipeline", "Dedup", "GalleyError", "DEFAULT_CONFIG", "__version__"]


def _ids_column(batch, id_col: Optional[str]):
    n = batch.num_rows
    if id_col is not None and id_col in batch.schema.names:
        col = _arrow.column(batch, id_col)
        if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
            col = col.cast(pa.string())
        return _arrow.text_column(col)
    return _arrow.text_column(pa.array([str(i) for i in range(n)], pa.string()))


class Pipeline:
    """The galley pipeline, built once from a TOML config.

    ``config`` is TOML text with the CLI's schema (``galley config
    --default``); ``None`` is the default pipeline. Raises
    :class:`GalleyError` on a bad config, naming the key.
    """

    def __init__(self, config: Optional[str] = None) -> None:
        self._inner = _Pipeline(config)
        self.config = config

    @property
    def stage_names(self) -> list:
        """The stages, in order."""
        return list(self._inner.stage_names())

    def run(self, text, id: Optional[str] = None, source: Optional[str] = None) -> dict:
        """Process one text (``str`` or UTF-8 ``bytes``) and return its record.

        The record is the one ``galley run --format jsonl`` prints. Without
        ``id``, the document is named as the CLI names text read from
        stdin (id ``stdin``, source ``<stdin>``). Raises :class:`GalleyError`
        for a bad text or a stage failure.
        """
        if id is None:
            id, source = "stdin", source if source is not None else "<stdin>"
        return json.loads(self._inner.run(text, str(id), source))

    def run_batch(self, texts: Sequence[Any], ids: Optional[Sequence[Any]] = None) -> list:
        """Process many texts in parallel; records in input order.

        ``ids`` defaults to the row numbers (``"0"``, ``"1"``, ...). A bad
        row (``None``, not a string, invalid UTF-8) gives
        ``{"id": ..., "error": "..."}`` instead of a record.
        """
        texts = list(texts)
        ids = [str(i) for i in range(len(texts))] if ids is None else [str(i) for i in ids]
        out = []
        for id_, (rec, error) in zip(ids, self._inner.run_batch(texts, ids)):
            out.append(json.loads(rec) if rec is not None else {"id": id_, "error": error})
        return out

    def run_arrow(self, batch, text_col: str = "text", id_col: Optional[str] = "id") -> pa.RecordBatch:
        """The pipeline over an Arrow ``RecordBatch`` (or ``Table``).

        Returns a ``RecordBatch`` with one row per input row: ``id``,
        ``title`` (the first article's), ``text`` (the clean text, articles
        separated by blank lines), ``articles``, ``removed`` and ``edits``
        (counts), ``input_bytes``, ``output_bytes``, ``record`` (the full
        record as JSON) and ``error`` (null, or why the row has no record).
        """
        cols = self._inner.run_columns(
            _ids_column(batch, id_col), _arrow.text_column(_arrow.column(batch, text_col))
        )
        return _arrow.to_batch(cols)


class Dedup:
    """The pure steps of corpus deduplication, with the options of ``galley dedup``.

    Any option left ``None`` takes its default (``galley dedup``'s):
    ``shingle`` 5, ``bands`` 25, ``rows`` 5, ``threshold`` 0.7, the
    default ``seed``, ``bucket_window`` 32. The same options and seed give
    the same bits as ``galley dedup``, on any machine.
    """

    def __init__(
        self,
        threshold: Optional[float] = None,
        bands: Optional[int] = None,
        rows: Optional[int] = None,
        shingle: Optional[int] = None,
        seed: Optional[int] = None,
        bucket_window: Optional[int] = None,
    ) -> None:
        opts = dict(threshold=threshold, bands=bands, rows=rows, shingle=shingle,
                    seed=seed, bucket_window=bucket_window)
        self._inner = _Dedup(json.dumps({k: v for k, v in opts.items() if v is not None}))
        self.config = json.loads(self._inner.config_json())

    def sketch(self, text) -> dict:
        """Steps 1 and 2 for one text: ``shingles``, ``signature``,
        ``chars``, ``garbage``, ``units``, ``exact`` and ``band_keys``."""
        shingles, signature, (chars, garbage, units, exact), keys = self._inner.sketch(text)
        return dict(shingles=shingles, signature=signature, chars=chars, garbage=garbage,
                    units=units, exact=exact, band_keys=keys)

    def jaccard(self, a: Iterable[int], b: Iterable[int]) -> float:
        """Step 3: exact Jaccard similarity of two sorted shingle sets."""
        return self._inner.jaccard(list(a), list(b))

    def sketch_arrow(self, batch, text_col: str = "text", id_col: Optional[str] = "id") -> pa.RecordBatch:
        """Steps 1 and 2 over a batch. Columns: ``id``, ``chars``,
        ``garbage``, ``units``, ``exact`` (the u64 text hash's bits as
        int64), ``exact_order`` (int64 whose signed order is the hash's
        unsigned order), ``signature`` and ``shingles`` (binary: packed
        little-endian uint32), ``band_keys`` (list of int64, u64 bits),
        ``error``."""
        cols = self._inner.sketch_columns(
            _ids_column(batch, id_col), _arrow.text_column(_arrow.column(batch, text_col))
        )
        return _arrow.to_batch(cols)

    def jaccard_arrow(self, batch, a_col: str = "shingles_a", b_col: str = "shingles_b") -> pa.RecordBatch:
        """Step 3 over a batch of candidate pairs (two packed shingle-set
        columns, as ``sketch_arrow`` gives them). Columns: ``jaccard``,
        ``similar`` (at or above the threshold), ``error``."""
        cols = self._inner.jaccard_columns(
            _arrow.text_column(_arrow.column(batch, a_col)),
            _arrow.text_column(_arrow.column(batch, b_col)),
        )
        return _arrow.to_batch(cols)

    def bucket_pairs_arrow(self, batch, members_col: str = "members") -> pa.RecordBatch:
        """Candidate pairs of LSH buckets. ``members_col`` is a list of
        int64 document keys per bucket, in canonical order (id, then
        ``exact_order``). Columns ``a``, ``b``: one row per candidate pair,
        windowed as ``galley dedup`` does in very large buckets."""
        cols = self._inner.bucket_pairs_columns(_arrow.list_i64_column(_arrow.column(batch, members_col)))
        return _arrow.to_batch(cols)

    def clusters_arrow(self, batch, cluster_col: str = "cluster", key_col: str = "key") -> pa.RecordBatch:
        """Step 4 over whole clusters. ``batch`` holds cluster members, each
        cluster's rows contiguous, with columns ``cluster_col``,
        ``key_col`` (int64 per-document key), ``id``, ``exact``, ``chars``,
        ``garbage``, ``signature``, ``shingles`` (as ``sketch_arrow`` gives
        them). Columns out, one row per cluster: ``cluster``, ``members``
        (canonical order), ``first_key``, ``kept``, ``kept_key``,
        ``reason``, ``estimated``, ``verified``."""
        c = lambda name: _arrow.column(batch, name)  # noqa: E731
        cols = self._inner.cluster_columns(
            _arrow.i64_column(c(cluster_col)),
            _arrow.i64_column(c(key_col)),
            _arrow.text_column(c("id")),
            _arrow.i64_column(c("exact")),
            _arrow.i64_column(c("chars")),
            _arrow.i64_column(c("garbage")),
            _arrow.text_column(c("signature")),
            _arrow.text_column(c("shingles")),
        )
        return _arrow.to_batch(cols)
