from typing import Any, Optional, Tuple

CLEAN_SCHEMA: str
CLUSTERS_SCHEMA: str

def clean(df: Any, text_col: str = "text", id_col: str = "id", config: Optional[str] = None) -> Any: ...
def connected_components(edges: Any, max_rounds: int = 100) -> Any: ...
def dedup(
    df: Any,
    text_col: str = "text",
    id_col: str = "id",
    threshold: Optional[float] = None,
    bands: Optional[int] = None,
    rows: Optional[int] = None,
    shingle: Optional[int] = None,
    seed: Optional[int] = None,
    bucket_window: Optional[int] = None,
    key_col: Optional[str] = None,
) -> Tuple[Any, Any]: ...
