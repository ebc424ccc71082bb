"""galley.Pipeline: the same records as `galley run --format jsonl`."""

import json
import subprocess
import threading
import time

import pyarrow as pa
import pytest

import galley


def cli_record(galley_bin, path, *args):
    out = subprocess.run([str(galley_bin), "run", "--format", "jsonl", "-q", *args, str(path)],
                         check=True, capture_output=True)
    return json.loads(out.stdout)


def test_run_equals_cli_on_sample_pages(galley_bin, sample_pages):
    p = galley.Pipeline()
    assert len(sample_pages) == 5
    for page in sample_pages:
        rec = p.run(page.read_text(encoding="utf-8"), id=page.stem, source=str(page))
        assert rec == cli_record(galley_bin, page), page.name


def test_config_is_the_cli_schema(galley_bin, sample_pages, tmp_path):
    cfg = '[[stage]]\ntype = "clean"\n\n[[stage]]\ntype = "paragraphs"\n'
    (tmp_path / "c.toml").write_text(cfg)
    p = galley.Pipeline(cfg)
    assert p.stage_names == ["clean", "paragraphs"]
    page = sample_pages[1]
    rec = p.run(page.read_text(encoding="utf-8"), id=page.stem, source=str(page))
    assert rec == cli_record(galley_bin, page, "-c", str(tmp_path / "c.toml"))


def test_default_id_is_stdin_like_the_cli(galley_bin, sample_pages):
    page = sample_pages[2]
    text = page.read_bytes()
    out = subprocess.run([str(galley_bin), "run", "-q"], input=text, check=True, capture_output=True)
    assert galley.Pipeline().run(text) == json.loads(out.stdout)


def test_bad_config_raises_with_the_rust_message():
    with pytest.raises(galley.GalleyError, match="unknown variant `nope`"):
        galley.Pipeline('[[stage]]\ntype = "nope"\n')
    with pytest.raises(galley.GalleyError, match="not a string"):
        galley.Pipeline().run(5)


def test_run_batch_keeps_order_and_reports_bad_rows(sample_pages):
    p = galley.Pipeline()
    texts = [pg.read_text(encoding="utf-8") for pg in sample_pages]
    batch = p.run_batch(texts + [None, 7, b"\xff\xfeabc", "\ud800"])
    for i, t in enumerate(texts):
        assert batch[i] == p.run(t, id=str(i), source=None)
    assert batch[5] == {"id": "5", "error": "text is null"}
    assert batch[6] == {"id": "6", "error": "text is not a string (int)"}
    assert batch[7]["error"].startswith("invalid UTF-8 at byte 0")
    assert "surrogate" in batch[8]["error"]


def test_run_arrow_matches_run(sample_pages):
    p = galley.Pipeline()
    texts = [pg.read_text(encoding="utf-8") for pg in sample_pages]
    ids = [pg.stem for pg in sample_pages]
    table = pa.table({"id": ids + ["n", "b"], "text": texts + [None, "x"]})
    out = p.run_arrow(table.slice(1).to_batches()[0])  # a sliced batch: offsets respected
    assert out.num_rows == 6
    assert out.column("id").to_pylist() == ids[1:] + ["n", "b"]
    for i in range(4):
        rec = json.loads(out.column("record")[i].as_py())
        assert rec == p.run(texts[i + 1], id=ids[i + 1], source=None)
        assert out.column("articles")[i].as_py() == len(rec["articles"])
        assert out.column("error")[i].as_py() is None
    assert out.column("error")[4].as_py() == "text is null"
    assert out.column("record")[4].as_py() is None
    # Binary text with invalid UTF-8, and a column of the wrong type.
    bad = pa.record_batch({"id": ["a", "b"], "text": pa.array([b"ok.", b"\xc3("], pa.binary())})
    err = p.run_arrow(bad).column("error").to_pylist()
    assert err[0] is None and err[1].startswith("invalid UTF-8 at byte 0")
    ints = pa.record_batch({"id": [1, 2], "text": [1, 2]})
    out = p.run_arrow(ints)
    assert out.column("id").to_pylist() == ["1", "2"]
    assert out.column("error").to_pylist() == ["text is not a string (int64)"] * 2


def test_gil_is_released_during_rust_work(sample_pages):
    text = "\n\n".join(pg.read_text(encoding="utf-8") for pg in sample_pages) * 4
    p = galley.Pipeline()
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    start = time.perf_counter()
    p.run_batch([text] * 8)
    end = time.perf_counter()
    stop.set()
    t.join()
    during = [x for x in ticks if start < x < end]
    # The other thread kept running while Rust worked.
    assert len(during) >= 3, (len(during), end - start)
