//! The `galley._galley` Python extension module: the pipeline and the pure
//! steps of corpus deduplication, for the `galley` Python package.
//!
//! Everything here is a thin binding over the Rust crates: no text
//! processing and no deduplication rule lives in this crate. The Python
//! package (`python/galley/`) wraps it with the documented API.
//!
//! # Column protocol
//!
//! The columnar entry points take and return Arrow data without a per-row
//! Python object: the Python side hands over each column's buffers as
//! `bytes` (a one-copy handover per batch, no `unsafe` here) and rebuilds
//! `pyarrow` arrays from the buffers returned. An input column is a tuple
//! `(kind, n, offsets, data, validity, bit_offset)`:
//!
//! - `kind`: `"utf8"` or `"binary"` (variable-size, with `offsets`, `n + 1`
//!   little-endian `i64`), `"i64"` (`data` is `n` little-endian `i64`),
//!   `"list_i64"` (`offsets` as for binary, `data` the child `i64` values),
//!   or `"other:TYPE"` (a column of a type that cannot be read: every row is
//!   an error naming the type);
//! - `validity`: an Arrow validity bitmap (`None`: no nulls), read from bit
//!   `bit_offset`.
//!
//! An output column is `(name, kind, buffers…)`; see `columns.rs`.
//!
//! The GIL is released during all Rust work; bad rows (null, not a string,
//! invalid UTF-8) give an error in that row's `error` column, never an
//! exception for the batch.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod columns;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use rayon::prelude::*;

use galley::dedup::sketch::{
    bucket_pairs, canonical_cmp, keeper, keeper_reason, CorpusConfig, DocStats, Member, MinHasher,
};
use galley::dedup::Similarity;

use columns::{InCol, OutCol};

create_exception!(
    _galley,
    GalleyError,
    PyException,
    "An error from galley: a bad configuration, or a document a stage failed on."
);

fn err(e: impl std::fmt::Display) -> PyErr {
    GalleyError::new_err(e.to_string())
}

/// Read one Python value as text: `str` or UTF-8 `bytes`; anything else is
/// an error message for that row.
fn text_of(v: &Bound<'_, PyAny>) -> Result<String, String> {
    if v.is_none() {
        return Err("text is null".into());
    }
    if let Ok(s) = v.downcast::<PyString>() {
        return s
            .extract::<String>()
            .map_err(|_| "text is not valid Unicode (lone surrogate)".to_string());
    }
    if let Ok(b) = v.downcast::<PyBytes>() {
        return String::from_utf8(b.as_bytes().to_vec()).map_err(|e| {
            format!(
                "invalid UTF-8 at byte {} of the text",
                e.utf8_error().valid_up_to()
            )
        });
    }
    let ty = v
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    Err(format!("text is not a string ({ty})"))
}

/// The pipeline, built once from a TOML config (the CLI's schema).
#[pyclass(module = "galley._galley", frozen)]
struct Pipeline {
    inner: galley::Pipeline,
}

impl Pipeline {
    fn record(&self, id: String, text: &str, source: Option<String>) -> Result<String, String> {
        let mut doc = galley::Document::new(id, text);
        if let Some(s) = source {
            doc = doc.with_source(s);
        }
        self.inner
            .run_document(doc)
            .map(|r| r.to_json())
            .map_err(|e| e.to_string())
    }
}

#[pymethods]
impl Pipeline {
    #[new]
    #[pyo3(signature = (config=None))]
    fn new(config: Option<&str>) -> PyResult<Pipeline> {
        let cfg = match config {
            Some(t) => galley::PipelineConfig::from_toml(t).map_err(err)?,
            None => galley::PipelineConfig::default(),
        };
        Ok(Pipeline {
            inner: cfg.build().map_err(err)?,
        })
    }

    /// The stage names, in order.
    fn stage_names(&self) -> Vec<&'static str> {
        self.inner.stage_names()
    }

    /// One text to its record's JSON; a bad text or a stage failure raises.
    #[pyo3(signature = (text, id, source=None))]
    fn run(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        id: String,
        source: Option<String>,
    ) -> PyResult<String> {
        let text = text_of(text).map_err(err)?;
        py.allow_threads(|| self.record(id, &text, source))
            .map_err(err)
    }

    /// Many texts (in parallel): for each, `(json, None)` or `(None, error)`.
    fn run_batch(
        &self,
        py: Python<'_>,
        texts: Vec<Bound<'_, PyAny>>,
        ids: Vec<String>,
    ) -> PyResult<Vec<(Option<String>, Option<String>)>> {
        if ids.len() != texts.len() {
            return Err(err(format!("{} ids for {} texts", ids.len(), texts.len())));
        }
        let inputs: Vec<(String, Result<String, String>)> =
            ids.into_iter().zip(texts.iter().map(text_of)).collect();
        let out = py.allow_threads(|| {
            inputs
                .into_par_iter()
                .map(|(id, t)| match t.and_then(|t| self.record(id, &t, None)) {
                    Ok(j) => (Some(j), None),
                    Err(e) => (None, Some(e)),
                })
                .collect()
        });
        Ok(out)
    }

    /// The pipeline over an `id`/`text` column pair. Output columns: `id`,
    /// `title`, `text`, `articles`, `removed`, `edits`, `input_bytes`,
    /// `output_bytes`, `record` (the full record as JSON), `error`.
    fn run_columns(&self, py: Python<'_>, ids: InCol, texts: InCol) -> PyResult<Vec<PyObject>> {
        let n = texts.len();
        let cols = py.allow_threads(|| {
            let rows: Vec<(Option<String>, Result<galley::Record, String>)> = (0..n)
                .into_par_iter()
                .map(|i| {
                    let id = ids.str_at(i).ok().map(str::to_owned);
                    let rec = texts.str_at(i).and_then(|t| {
                        let id = id.clone().unwrap_or_default();
                        self.inner
                            .run_document(galley::Document::new(id, t))
                            .map_err(|e| e.to_string())
                    });
                    (id, rec)
                })
                .collect();
            let mut id = OutCol::utf8("id");
            let mut title = OutCol::utf8("title");
            let mut text = OutCol::utf8("text");
            let mut articles = OutCol::i64("articles");
            let mut removed = OutCol::i64("removed");
            let mut edits = OutCol::i64("edits");
            let mut input_bytes = OutCol::i64("input_bytes");
            let mut output_bytes = OutCol::i64("output_bytes");
            let mut record = OutCol::utf8("record");
            let mut error = OutCol::utf8("error");
            for (rid, rec) in &rows {
                id.push_str(rid.as_deref());
                match rec {
                    Ok(r) => {
                        title.push_str(r.articles.iter().find_map(|a| a.title.as_deref()));
                        text.push_str(Some(&r.to_text()));
                        articles.push_i64(Some(r.articles.len() as i64));
                        removed.push_i64(Some(r.removed.len() as i64));
                        edits.push_i64(Some(r.edits.len() as i64));
                        input_bytes.push_i64(Some(r.stats.input_bytes as i64));
                        output_bytes.push_i64(Some(r.stats.output_bytes as i64));
                        record.push_str(Some(&r.to_json()));
                        error.push_str(None);
                    }
                    Err(e) => {
                        for c in [&mut title, &mut text, &mut record] {
                            c.push_str(None);
                        }
                        for c in [
                            &mut articles,
                            &mut removed,
                            &mut edits,
                            &mut input_bytes,
                            &mut output_bytes,
                        ] {
                            c.push_i64(None);
                        }
                        error.push_str(Some(e));
                    }
                }
            }
            vec![
                id,
                title,
                text,
                articles,
                removed,
                edits,
                input_bytes,
                output_bytes,
                record,
                error,
            ]
        });
        columns::to_python(py, cols)
    }
}

/// The corpus deduplicator's pure steps, built once from a config.
#[pyclass(module = "galley._galley", frozen)]
struct Dedup {
    hasher: MinHasher,
}

/// `exact` hashes are `u64`; Arrow users (Spark among them) often have no
/// unsigned type, so columns carry the bits as `i64`, plus this order key
/// whose signed order is the unsigned order of the hash.
fn order_key(exact: u64) -> i64 {
    (exact ^ (1 << 63)) as i64
}

fn le_u32s(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn u32s_of(bytes: &[u8]) -> Result<Vec<u32>, String> {
    if bytes.len() % 4 != 0 {
        return Err(format!(
            "a packed u32 column value has {} bytes, not a multiple of 4",
            bytes.len()
        ));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

#[pymethods]
impl Dedup {
    /// `config`: JSON of the corpus options (`shingle`, `bands`, `rows`,
    /// `threshold`, `seed`, `bucket_window`); missing keys take defaults.
    #[new]
    #[pyo3(signature = (config=None))]
    fn new(config: Option<&str>) -> PyResult<Dedup> {
        let cfg: CorpusConfig = match config {
            Some(t) => serde_json::from_str(t).map_err(|e| err(format!("config: {e}")))?,
            None => CorpusConfig::default(),
        };
        Ok(Dedup {
            hasher: MinHasher::new(cfg).map_err(err)?,
        })
    }

    /// The config as JSON, every key filled in.
    fn config_json(&self) -> PyResult<String> {
        serde_json::to_string(self.hasher.config()).map_err(err)
    }

    /// Step 1 and 2 for one text: `(shingles, signature, (chars, garbage,
    /// units, exact), band_keys)`.
    #[allow(clippy::type_complexity)]
    fn sketch(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
    ) -> PyResult<(Vec<u32>, Vec<u32>, (u32, u32, u32, u64), Vec<u64>)> {
        let text = text_of(text).map_err(err)?;
        Ok(py.allow_threads(|| {
            let s = self.hasher.sketch(&text);
            let keys = self.hasher.band_keys(&s.signature);
            let st = s.stats;
            (
                s.shingles,
                s.signature,
                (st.chars, st.garbage, st.units, st.exact),
                keys,
            )
        }))
    }

    /// Step 3: exact Jaccard similarity of two shingle sets (sorted, deduplicated).
    fn jaccard(&self, a: Vec<u32>, b: Vec<u32>) -> f64 {
        galley::dedup::sketch::jaccard(&a, &b)
    }

    /// Steps 1 and 2 over an `id`/`text` column pair. Output: `id`,
    /// `chars`, `garbage`, `units`, `exact` (u64 bits as i64),
    /// `exact_order`, `signature` and `shingles` (packed little-endian u32),
    /// `band_keys` (list of u64 bits as i64), `error`.
    fn sketch_columns(&self, py: Python<'_>, ids: InCol, texts: InCol) -> PyResult<Vec<PyObject>> {
        let n = texts.len();
        let cols = py.allow_threads(|| {
            let rows: Vec<(Option<String>, Result<_, String>)> = (0..n)
                .into_par_iter()
                .map(|i| {
                    let s = texts.str_at(i).map(|t| {
                        let s = self.hasher.sketch(t);
                        let k = self.hasher.band_keys(&s.signature);
                        (s, k)
                    });
                    (ids.str_at(i).ok().map(str::to_owned), s)
                })
                .collect();
            let mut id = OutCol::utf8("id");
            let mut chars = OutCol::i64("chars");
            let mut garbage = OutCol::i64("garbage");
            let mut units = OutCol::i64("units");
            let mut exact = OutCol::i64("exact");
            let mut exact_order = OutCol::i64("exact_order");
            let mut signature = OutCol::binary("signature");
            let mut shingles = OutCol::binary("shingles");
            let mut band_keys = OutCol::list_i64("band_keys");
            let mut error = OutCol::utf8("error");
            for (rid, r) in &rows {
                id.push_str(rid.as_deref());
                match r {
                    Ok((s, keys)) => {
                        chars.push_i64(Some(i64::from(s.stats.chars)));
                        garbage.push_i64(Some(i64::from(s.stats.garbage)));
                        units.push_i64(Some(i64::from(s.stats.units)));
                        exact.push_i64(Some(s.stats.exact as i64));
                        exact_order.push_i64(Some(order_key(s.stats.exact)));
                        signature.push_bytes(Some(&le_u32s(&s.signature)));
                        shingles.push_bytes(Some(&le_u32s(&s.shingles)));
                        let keys: Vec<i64> = keys.iter().map(|&k| k as i64).collect();
                        band_keys.push_list_i64(Some(&keys));
                        error.push_str(None);
                    }
                    Err(e) => {
                        for c in [
                            &mut chars,
                            &mut garbage,
                            &mut units,
                            &mut exact,
                            &mut exact_order,
                        ] {
                            c.push_i64(None);
                        }
                        signature.push_bytes(None);
                        shingles.push_bytes(None);
                        band_keys.push_list_i64(None);
                        error.push_str(Some(e));
                    }
                }
            }
            vec![
                id,
                chars,
                garbage,
                units,
                exact,
                exact_order,
                signature,
                shingles,
                band_keys,
                error,
            ]
        });
        columns::to_python(py, cols)
    }

    /// Step 3 over a batch of candidate pairs (two packed shingle-set
    /// columns). Output: `jaccard`, `similar` (at or above the threshold),
    /// `error`.
    fn jaccard_columns(&self, py: Python<'_>, a: InCol, b: InCol) -> PyResult<Vec<PyObject>> {
        let n = a.len();
        let threshold = self.hasher.config().threshold;
        let cols = py.allow_threads(|| {
            let rows: Vec<Result<f64, String>> = (0..n)
                .into_par_iter()
                .map(|i| {
                    let x = u32s_of(a.bytes_at(i)?)?;
                    let y = u32s_of(b.bytes_at(i)?)?;
                    Ok(galley::dedup::sketch::jaccard(&x, &y))
                })
                .collect();
            let mut jaccard = OutCol::f64("jaccard");
            let mut similar = OutCol::bool("similar");
            let mut error = OutCol::utf8("error");
            for r in &rows {
                match r {
                    Ok(j) => {
                        jaccard.push_f64(Some(*j));
                        similar.push_bool(Some(*j >= threshold));
                        error.push_str(None);
                    }
                    Err(e) => {
                        jaccard.push_f64(None);
                        similar.push_bool(None);
                        error.push_str(Some(e));
                    }
                }
            }
            vec![jaccard, similar, error]
        });
        columns::to_python(py, cols)
    }

    /// The candidate pairs of LSH buckets: `members` is a list column, each
    /// bucket's document keys in canonical order. Output: `a`, `b` (one row
    /// per pair, earlier member first), by the same windowing rule as the
    /// single-machine driver.
    fn bucket_pairs_columns(&self, py: Python<'_>, members: InCol) -> PyResult<Vec<PyObject>> {
        let window = self.hasher.config().bucket_window;
        let cols = py.allow_threads(|| {
            let mut a = OutCol::i64("a");
            let mut b = OutCol::i64("b");
            for i in 0..members.len() {
                let Ok(m) = members.list_i64_at(i) else {
                    continue;
                };
                for (x, y) in bucket_pairs(m.len(), window) {
                    if let (Some(&p), Some(&q)) = (m.get(x), m.get(y)) {
                        a.push_i64(Some(p));
                        b.push_i64(Some(q));
                    }
                }
            }
            vec![a, b]
        });
        columns::to_python(py, cols)
    }

    /// Step 4 over whole clusters. Rows are cluster members, grouped by
    /// `cluster` (all members of a cluster contiguous); `key` is any
    /// per-document key (returned for the kept member). Members are put in
    /// canonical order (stable: rows with equal id and text hash keep their
    /// row order). Output, one row per cluster: `cluster`, `members` (ids,
    /// canonical order), `first_key` (key of the first member), `kept`,
    /// `kept_key`, `reason`, `estimated`, `verified`.
    #[allow(clippy::too_many_arguments)]
    fn cluster_columns(
        &self,
        py: Python<'_>,
        cluster: InCol,
        key: InCol,
        ids: InCol,
        exact: InCol,
        chars: InCol,
        garbage: InCol,
        signature: InCol,
        shingles: InCol,
    ) -> PyResult<Vec<PyObject>> {
        let n = cluster.len();
        let cols = py.allow_threads(|| -> Result<Vec<OutCol>, String> {
            let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
            let mut start = 0;
            for i in 1..=n {
                if i == n || cluster.i64_at(i)? != cluster.i64_at(start)? {
                    if i > start {
                        runs.push(start..i);
                    }
                    start = i;
                }
            }
            let done: Vec<Result<_, String>> = runs
                .into_par_iter()
                .map(|run| {
                    struct Row<'a> {
                        id: &'a str,
                        key: i64,
                        stats: DocStats,
                        sig: Vec<u32>,
                        set: Vec<u32>,
                    }
                    let mut rows = Vec::with_capacity(run.len());
                    for i in run.clone() {
                        rows.push(Row {
                            id: ids.str_at(i)?,
                            key: key.i64_at(i)?,
                            stats: DocStats {
                                chars: u32::try_from(chars.i64_at(i)?).unwrap_or(u32::MAX),
                                garbage: u32::try_from(garbage.i64_at(i)?).unwrap_or(u32::MAX),
                                units: 0,
                                exact: exact.i64_at(i)? as u64,
                            },
                            sig: u32s_of(signature.bytes_at(i)?)?,
                            set: u32s_of(shingles.bytes_at(i)?)?,
                        });
                    }
                    // Canonical order; `order_cluster` is a stable sort, so
                    // the row order decides between full ties.
                    let mut members: Vec<(Member<'_>, usize)> = rows
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            (
                                Member {
                                    id: r.id,
                                    stats: r.stats,
                                },
                                i,
                            )
                        })
                        .collect();
                    // `order_cluster`'s rule, applied to (member, row) pairs.
                    members.sort_by(|x, y| canonical_cmp(&x.0, &y.0));
                    let ordered: Vec<Member<'_>> = members.iter().map(|(m, _)| m.clone()).collect();
                    let k = keeper(&ordered).unwrap_or(0);
                    let reason = keeper_reason(&ordered, k);
                    let kr = members.get(k).map_or(0, |m| m.1);
                    let kept = rows.get(kr).ok_or("empty cluster")?;
                    let sim = Similarity::of(
                        &kept.set,
                        &kept.sig,
                        members
                            .iter()
                            .filter(|m| m.1 != kr)
                            .filter_map(|m| rows.get(m.1))
                            .map(|r| (&r.set[..], &r.sig[..])),
                    );
                    let ids: Vec<String> = ordered.iter().map(|m| m.id.to_string()).collect();
                    let first_key = members.first().and_then(|m| rows.get(m.1)).map(|r| r.key);
                    Ok((
                        cluster.i64_at(run.start)?,
                        ids,
                        first_key.unwrap_or(kept.key),
                        kept.id.to_string(),
                        kept.key,
                        reason,
                        sim,
                    ))
                })
                .collect();
            let mut c = OutCol::i64("cluster");
            let mut m = OutCol::list_utf8("members");
            let mut fk = OutCol::i64("first_key");
            let mut kept = OutCol::utf8("kept");
            let mut kk = OutCol::i64("kept_key");
            let mut reason = OutCol::utf8("reason");
            let mut est = OutCol::f64("estimated");
            let mut ver = OutCol::f64("verified");
            for d in done {
                let (cl, ids, first, kid, kkey, why, sim) = d?;
                c.push_i64(Some(cl));
                m.push_list_str(&ids);
                fk.push_i64(Some(first));
                kept.push_str(Some(&kid));
                kk.push_i64(Some(kkey));
                reason.push_str(Some(&why));
                est.push_f64(Some(sim.estimated));
                ver.push_f64(Some(sim.verified));
            }
            Ok(vec![c, m, fk, kept, kk, reason, est, ver])
        });
        columns::to_python(py, cols.map_err(err)?)
    }
}

/// The Rust extension module behind the `galley` package.
#[pymodule]
fn _galley(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Pipeline>()?;
    m.add_class::<Dedup>()?;
    m.add("GalleyError", m.py().get_type::<GalleyError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_CONFIG", galley::PipelineConfig::default_toml())?;
    Ok(())
}
