"""Type stubs of the galley package."""

from typing import Any, Iterable, Optional, Sequence, Union

import pyarrow as pa

__version__: str
DEFAULT_CONFIG: str

class GalleyError(Exception):
    """A bad configuration, a bad text given to a single-text call, or a stage failure."""

class Pipeline:
    config: Optional[str]
    def __init__(self, config: Optional[str] = None) -> None: ...
    @property
    def stage_names(self) -> list[str]: ...
    def run(
        self, text: Union[str, bytes], id: Optional[str] = None, source: Optional[str] = None
    ) -> dict[str, Any]: ...
    def run_batch(
        self, texts: Sequence[Any], ids: Optional[Sequence[Any]] = None
    ) -> list[dict[str, Any]]: ...
    def run_arrow(
        self,
        batch: Union[pa.RecordBatch, pa.Table],
        text_col: str = "text",
        id_col: Optional[str] = "id",
    ) -> pa.RecordBatch: ...

class Dedup:
    config: dict[str, Any]
    def __init__(
        self,
        threshold: Optional[float] = None,
        bands: Optional[int] = None,
        rows: Optional[int] = None,
        shingle: Optional[int] = None,
        seed: Optional[int] = None,
        bucket_window: Optional[int] = None,
    ) -> None: ...
    def sketch(self, text: Union[str, bytes]) -> dict[str, Any]: ...
    def jaccard(self, a: Iterable[int], b: Iterable[int]) -> float: ...
    def sketch_arrow(
        self,
        batch: Union[pa.RecordBatch, pa.Table],
        text_col: str = "text",
        id_col: Optional[str] = "id",
    ) -> pa.RecordBatch: ...
    def jaccard_arrow(
        self,
        batch: Union[pa.RecordBatch, pa.Table],
        a_col: str = "shingles_a",
        b_col: str = "shingles_b",
    ) -> pa.RecordBatch: ...
    def bucket_pairs_arrow(
        self, batch: Union[pa.RecordBatch, pa.Table], members_col: str = "members"
    ) -> pa.RecordBatch: ...
    def clusters_arrow(
        self,
        batch: Union[pa.RecordBatch, pa.Table],
        cluster_col: str = "cluster",
        key_col: str = "key",
    ) -> pa.RecordBatch: ...
