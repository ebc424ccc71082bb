"""galley.Dedup: the pure steps, one value at a time and over Arrow batches."""

import pyarrow as pa
import pytest

import galley

STORY = ("The council approved the budget on Tuesday after a long debate about school "
         "funding and road repairs in the north of the county.")


def test_config_defaults_and_errors():
    d = galley.Dedup()
    assert d.config["bands"] == 25 and d.config["rows"] == 5 and d.config["threshold"] == 0.7
    assert galley.Dedup(threshold=0.5, seed=3).config["seed"] == 3
    with pytest.raises(galley.GalleyError, match="threshold"):
        galley.Dedup(threshold=2.0)


def test_sketch_normalises_and_is_deterministic():
    d = galley.Dedup()
    a = d.sketch(STORY)
    b = d.sketch(STORY.upper().replace(" ", "\n"))
    assert a == b
    assert len(a["signature"]) == 125 and len(a["band_keys"]) == 25
    assert a["shingles"] == sorted(set(a["shingles"]))
    assert galley.Dedup(seed=1).sketch(STORY)["signature"] != a["signature"]
    c = d.sketch(STORY + " More to follow.")
    j = d.jaccard(a["shingles"], c["shingles"])
    assert 0.7 < j < 1.0


def test_sketch_arrow_matches_sketch_and_reports_bad_rows():
    d = galley.Dedup()
    texts = [STORY, STORY + " More.", "教育强则国家强，作为战略先导。", None]
    out = d.sketch_arrow(pa.record_batch({"id": ["a", "b", "c", "d"], "text": texts}))
    for i, t in enumerate(texts[:3]):
        s = d.sketch(t)
        assert out.column("chars")[i].as_py() == s["chars"]
        assert out.column("exact")[i].as_py() == s["exact"] - (1 << 64 if s["exact"] >= 1 << 63 else 0)
        sig = out.column("signature")[i].as_py()
        assert [int.from_bytes(sig[k:k + 4], "little") for k in range(0, len(sig), 4)] == s["signature"]
        keys = out.column("band_keys")[i].as_py()
        assert [k % (1 << 64) for k in keys] == s["band_keys"]
    assert out.column("error").to_pylist() == [None, None, None, "text is null"]
    # exact_order sorts like the unsigned hash.
    orders = out.column("exact_order").to_pylist()[:3]
    exacts = [d.sketch(t)["exact"] for t in texts[:3]]
    assert sorted(range(3), key=lambda i: orders[i]) == sorted(range(3), key=lambda i: exacts[i])


def test_jaccard_and_bucket_pairs_arrow():
    d = galley.Dedup()
    sk = d.sketch_arrow(pa.record_batch({"id": ["a", "b"], "text": [STORY, STORY + " More to follow."]}))
    pairs = pa.record_batch({"shingles_a": sk.column("shingles"),
                             "shingles_b": sk.column("shingles").take([1, 1])})
    v = d.jaccard_arrow(pairs)
    a, b = d.sketch(STORY), d.sketch(STORY + " More to follow.")
    assert v.column("jaccard")[0].as_py() == d.jaccard(a["shingles"], b["shingles"])
    assert v.column("jaccard")[1].as_py() == 1.0
    assert v.column("similar").to_pylist() == [True, True]
    bp = galley.Dedup(bucket_window=2).bucket_pairs_arrow(
        pa.record_batch({"members": pa.array([[10, 11, 12, 13], [5]])}))
    assert list(zip(bp.column("a").to_pylist(), bp.column("b").to_pylist())) == [
        (10, 11), (10, 12), (11, 12), (11, 13), (12, 13)]


def test_clusters_arrow_applies_the_keeper_rule():
    d = galley.Dedup()
    texts = {"b": STORY + " More to follow.", "a": STORY, "c": STORY + " More to follow\ufffd"}
    ids = list(texts)
    sk = d.sketch_arrow(pa.record_batch({"id": ids, "text": list(texts.values())}))
    batch = pa.RecordBatch.from_arrays(
        [pa.array([7, 7, 7]), pa.array([0, 1, 2])] + sk.columns,
        names=["cluster", "key"] + sk.schema.names)
    out = d.clusters_arrow(batch).to_pylist()
    assert len(out) == 1
    c = out[0]
    assert c["members"] == ["a", "b", "c"]
    assert c["kept"] == "b" and c["kept_key"] == 0 and c["first_key"] == 1
    assert "fewest OCR-garbage" in c["reason"] or "most complete" in c["reason"]
    assert 0.0 < c["verified"] <= 1.0
