"""Arrow buffers to and from the extension module, without per-row Python work.

An input column goes over as its buffers (one copy per batch); output
columns come back as buffers and are wrapped with ``pyarrow.Array.from_buffers``.
Output uses the standard 32-bit offset types (``string``, ``binary``,
``list``) that every Arrow consumer, Spark included, reads.
"""

from __future__ import annotations

import pyarrow as pa

__all__ = ["text_column", "i64_column", "list_i64_column", "to_batch", "column"]


def _flat(arr):
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    return arr


def _validity(arr):
    buf = arr.buffers()[0]
    if buf is None or arr.null_count == 0:
        return None
    return buf.to_pybytes()


def text_column(arr) -> tuple:
    """A string or binary column (any other type: every row is an error)."""
    arr = _flat(arr)
    n = len(arr)
    t = arr.type
    if pa.types.is_null(t):
        return ("utf8", n, bytes(8 * (n + 1)), b"", bytes((n + 7) // 8), 0)
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        kind, arr = "utf8", arr.cast(pa.large_string())
    elif pa.types.is_binary(t) or pa.types.is_large_binary(t):
        kind, arr = "binary", arr.cast(pa.large_binary())
    elif pa.types.is_dictionary(t):
        return text_column(arr.dictionary_decode())
    else:
        return ("other:" + str(t), n, b"", b"", None, 0)
    off = arr.offset
    bufs = arr.buffers()
    offsets = bufs[1].slice(8 * off, 8 * (n + 1)).to_pybytes() if n else bytes(8)
    data = bufs[2].to_pybytes() if bufs[2] is not None else b""
    return (kind, n, offsets, data, _validity(arr), off)


def i64_column(arr) -> tuple:
    """An integer column, as int64."""
    arr = _flat(arr).cast(pa.int64())
    n, off = len(arr), arr.offset
    data = arr.buffers()[1].slice(8 * off, 8 * n).to_pybytes() if n else b""
    return ("i64", n, b"", data, _validity(arr), off)


def list_i64_column(arr) -> tuple:
    """A list-of-integers column (null items inside a list are not allowed)."""
    arr = _flat(arr).cast(pa.large_list(pa.int64()))
    n, off = len(arr), arr.offset
    offsets = arr.buffers()[1].slice(8 * off, 8 * (n + 1)).to_pybytes() if n else bytes(8)
    child = arr.values
    cdata = (
        child.buffers()[1].slice(8 * child.offset, 8 * len(child)).to_pybytes()
        if len(child)
        else b""
    )
    return ("list_i64", n, offsets, cdata, _validity(arr), off)


def _small(arr, t):
    try:
        return arr.cast(t)
    except (pa.ArrowInvalid, pa.ArrowCapacityError):  # over 2 GiB: keep 64-bit offsets
        return arr


def _array(kind, n, validity, offsets, data, child):
    vb = pa.py_buffer(validity) if validity is not None else None
    if kind == "utf8":
        a = pa.Array.from_buffers(pa.large_string(), n, [vb, pa.py_buffer(offsets), pa.py_buffer(data)])
        return _small(a, pa.string())
    if kind == "binary":
        a = pa.Array.from_buffers(pa.large_binary(), n, [vb, pa.py_buffer(offsets), pa.py_buffer(data)])
        return _small(a, pa.binary())
    if kind == "i64":
        return pa.Array.from_buffers(pa.int64(), n, [vb, pa.py_buffer(data)])
    if kind == "f64":
        return pa.Array.from_buffers(pa.float64(), n, [vb, pa.py_buffer(data)])
    if kind == "bool":
        return pa.Array.from_buffers(pa.bool_(), n, [vb, pa.py_buffer(data)])
    if kind == "list_i64":
        values = pa.Array.from_buffers(pa.int64(), len(data) // 8, [None, pa.py_buffer(data)])
        a = pa.Array.from_buffers(pa.large_list(pa.int64()), n, [vb, pa.py_buffer(offsets)], children=[values])
        return _small(a, pa.list_(pa.int64()))
    if kind == "list_utf8":
        m = len(child) // 8 - 1
        values = pa.Array.from_buffers(
            pa.large_string(), m, [None, pa.py_buffer(child), pa.py_buffer(data)]
        )
        a = pa.Array.from_buffers(
            pa.large_list(pa.large_string()), n, [vb, pa.py_buffer(offsets)], children=[values]
        )
        return _small(a, pa.list_(pa.string()))
    raise ValueError(f"unknown column kind {kind!r}")


def to_batch(cols) -> pa.RecordBatch:
    """Build a RecordBatch from the extension module's output columns."""
    names = [c[0] for c in cols]
    arrays = [_array(*c[1:]) for c in cols]
    return pa.RecordBatch.from_arrays(arrays, names=names)


def column(batch, name: str):
    """A column of a RecordBatch or Table by name, with a clear error if missing."""
    i = batch.schema.get_field_index(name)
    if i < 0:
        raise KeyError(f"no column {name!r} (columns: {', '.join(batch.schema.names)})")
    return batch.column(i)
