//! The single-machine corpus deduplicator: a thin driver over the pure steps
//! of [`crate::sketch`].
//!
//! 1. Pass over the input once, streaming, in parallel batches: each record is
//!    parsed and sketched; its shingle set goes to a spill file (delta and
//!    varint encoded), its signature and statistics stay in memory. Texts are
//!    never kept.
//! 2. Exact duplicates (equal hash of the normalised text) are grouped; one
//!    representative of each group goes on.
//! 3. LSH: for each band, the representatives' band keys are sorted; each
//!    bucket, in canonical order, gives its candidate pairs
//!    ([`bucket_pairs`](crate::sketch::bucket_pairs())).
//! 4. Each candidate pair is verified by the exact Jaccard similarity of the
//!    two shingle sets, read back from the spill file; pairs at or above the
//!    threshold are merged with union-find.
//! 5. Clusters of two or more: members in canonical order (id, then text
//!    hash), clusters ordered by their first member and numbered from 0, the
//!    kept member chosen by [`keeper`](crate::sketch::keeper()).
//!
//! Nothing depends on arrival order, thread count or hash-map order.
//!
//! With a persistent [`index`](Options::index), the spill file and the
//! signatures, statistics, ids and verified pairs of every document seen are
//! kept in a directory, so a new batch is compared with everything before it
//! without reprocessing it. Files are only appended to, and `meta.json`,
//! which records their committed lengths, is replaced atomically at the
//! end: an interrupted run leaves the index as it was.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::reader::{parse_record, stem, JsonlLines, RecordError, Source};
use crate::sketch::{
    band_key, bucket_pairs, canonical_cmp, estimated_jaccard, jaccard, keeper, keeper_reason,
    CorpusConfig, DocStats, Member, MinHasher, Sketch,
};
use crate::Error;

/// Records per parallel batch.
const BATCH: usize = 2048;

/// How a run treats its input and where it keeps its state.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {
    /// Abort at the first bad record instead of reporting and skipping it.
    pub strict: bool,
    /// A persistent index directory (created if missing).
    pub index: Option<PathBuf>,
}

impl Options {
    /// Default options: skip bad records, no index.
    pub fn new() -> Options {
        Options::default()
    }

    /// Abort at the first bad record.
    pub fn strict(mut self, yes: bool) -> Options {
        self.strict = yes;
        self
    }

    /// Keep a persistent index in `dir`.
    pub fn index(mut self, dir: impl Into<PathBuf>) -> Options {
        self.index = Some(dir.into());
        self
    }
}

/// A record that could not be read, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRecord {
    /// The input file.
    pub path: PathBuf,
    /// Line number (from 1) in a JSONL file; 0 for a text file.
    pub line: u64,
    /// What is wrong.
    pub error: RecordError,
}

impl std::fmt::Display for BadRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.error)
        } else {
            write!(f, "{}: {}", self.path.display(), self.error)
        }
    }
}

/// Similarity figures of a cluster: the minimum, over the members that are
/// not kept, of their similarity with the kept member.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Similarity {
    /// Estimated from the MinHash signatures.
    pub estimated: f64,
    /// Exact Jaccard similarity of the shingle sets.
    pub verified: f64,
}

impl Similarity {
    /// The figures of one cluster, from the kept member's shingle set and
    /// signature and those of each other member: the minimum of each
    /// similarity over the others (1 when there are none), rounded to three
    /// decimals. Every driver computes a cluster's line with this.
    pub fn of<'a>(
        kept_set: &[u32],
        kept_sig: &[u32],
        others: impl IntoIterator<Item = (&'a [u32], &'a [u32])>,
    ) -> Similarity {
        let (mut est, mut ver) = (1.0f64, 1.0f64);
        for (set, sig) in others {
            ver = ver.min(jaccard(kept_set, set));
            est = est.min(estimated_jaccard(kept_sig, sig));
        }
        Similarity {
            estimated: (est * 1000.0).round() / 1000.0,
            verified: (ver * 1000.0).round() / 1000.0,
        }
    }
}

/// One line of the clusters file.
///
/// `{"cluster": 17, "members": ["id1", "id2"], "kept": "id1", "reason": "…",
/// "similarity": {"estimated": 0.86, "verified": 0.84}}`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// Cluster number: clusters are ordered by their first member (canonical order).
    pub cluster: usize,
    /// Member ids in canonical order (id, then text hash).
    pub members: Vec<String>,
    /// The kept member's id.
    pub kept: String,
    /// Why that member is kept.
    pub reason: String,
    /// Worst similarity of a member with the kept one.
    pub similarity: Similarity,
}

/// Where a new record is in the input, to copy it to the output.
#[derive(Clone, Copy, Debug)]
struct Loc {
    source: u32,
    offset: u64,
    len: u64,
}

/// The result of a run.
#[derive(Debug)]
pub struct Outcome {
    /// Clusters that contain at least one document of this run.
    pub clusters: Vec<Cluster>,
    /// Records read in this run.
    pub docs: usize,
    /// Bad records skipped.
    pub bad: usize,
    /// Records of this run that are kept.
    pub kept: usize,
    /// Documents in the index before this run.
    pub previous: usize,
    sources: Vec<Source>,
    locs: Vec<Loc>,
    keep: Vec<bool>,
}

impl Outcome {
    /// Write the kept records of this run as JSON Lines, in input order:
    /// JSONL records verbatim, text files as `{"id", "text"}`.
    pub fn write_kept<W: Write>(&self, mut out: W) -> Result<(), Error> {
        let mut open: Option<(u32, BufReader<File>)> = None;
        for (loc, _) in self.locs.iter().zip(&self.keep).filter(|(_, k)| **k) {
            let source = self
                .sources
                .get(loc.source as usize)
                .ok_or_else(|| Error::Index("record source out of range".into()))?;
            let path = source.path();
            let io = |e: std::io::Error| Error::Io {
                path: path.to_path_buf(),
                source: e,
            };
            match source {
                Source::Text(p) => {
                    let bytes = std::fs::read(p).map_err(io)?;
                    let text = String::from_utf8_lossy(&bytes);
                    let rec = crate::reader::InputRecord {
                        id: stem(p),
                        text: text.into_owned(),
                    };
                    serde_json::to_writer(&mut out, &rec)
                        .map_err(|e| io(std::io::Error::other(e)))?;
                    out.write_all(b"\n").map_err(io)?;
                }
                Source::Jsonl(p) => {
                    if open.as_ref().map(|o| o.0) != Some(loc.source) {
                        open = Some((loc.source, BufReader::new(File::open(p).map_err(io)?)));
                    }
                    if let Some((_, r)) = open.as_mut() {
                        r.seek(SeekFrom::Start(loc.offset)).map_err(io)?;
                        let mut buf = vec![0; loc.len as usize];
                        r.read_exact(&mut buf).map_err(io)?;
                        out.write_all(&buf).map_err(io)?;
                        out.write_all(b"\n").map_err(io)?;
                    }
                }
            }
        }
        out.flush().map_err(|e| Error::Io {
            path: PathBuf::from("<output>"),
            source: e,
        })
    }

    /// Write the clusters file: one JSON object per line.
    pub fn write_clusters<W: Write>(&self, mut out: W) -> std::io::Result<()> {
        for c in &self.clusters {
            serde_json::to_writer(&mut out, c)?;
            out.write_all(b"\n")?;
        }
        out.flush()
    }
}

/// The index's committed state.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Meta {
    version: u32,
    config: Option<CorpusConfig>,
    docs: u64,
    ids_len: u64,
    sets_len: u64,
    edges: u64,
}

const FILES: [&str; 6] = [
    "ids.jsonl",
    "stats.bin",
    "sigs.bin",
    "sets.bin",
    "offsets.bin",
    "edges.bin",
];

/// Every document seen: in memory, all but the texts and shingle sets.
struct Store {
    perms: usize,
    ids: Vec<String>,
    stats: Vec<DocStats>,
    sigs: Vec<u32>,
    /// End offset of each document's set in the sets file.
    ends: Vec<u64>,
    sets: BufWriter<File>,
    sets_path: Option<PathBuf>,
    /// The spill file when there is no index; deleted on drop.
    _temp: Option<tempfile::NamedTempFile>,
    sets_len: u64,
    edges: Vec<(u32, u32, f32)>,
    old: usize,
    dir: Option<PathBuf>,
    meta: Meta,
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    }
}

fn read_file(dir: &Path, name: &str, len: u64) -> Result<Vec<u8>, Error> {
    let path = dir.join(name);
    match File::open(&path) {
        Ok(f) => {
            let mut buf = Vec::with_capacity(len as usize);
            f.take(len).read_to_end(&mut buf).map_err(io_err(&path))?;
            if (buf.len() as u64) < len {
                return Err(Error::Index(format!(
                    "{} is shorter than recorded",
                    path.display()
                )));
            }
            Ok(buf)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && len == 0 => Ok(Vec::new()),
        Err(e) => Err(io_err(&path)(e)),
    }
}

impl Store {
    fn open(hasher: MinHasher, dir: Option<&Path>) -> Result<Store, Error> {
        let perms = hasher.config().permutations();
        let Some(dir) = dir else {
            let tmp = tempfile::NamedTempFile::new().map_err(io_err(Path::new("<temp>")))?;
            let f = tmp.reopen().map_err(io_err(tmp.path()))?;
            return Ok(Store {
                perms,
                ids: Vec::new(),
                stats: Vec::new(),
                sigs: Vec::new(),
                ends: Vec::new(),
                sets: BufWriter::with_capacity(1 << 20, f),
                sets_path: Some(tmp.path().to_path_buf()),
                _temp: Some(tmp),
                sets_len: 0,
                edges: Vec::new(),
                old: 0,
                dir: None,
                meta: Meta::default(),
            });
        };
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        let meta_path = dir.join("meta.json");
        let meta: Meta = match std::fs::read(&meta_path) {
            Ok(b) => serde_json::from_slice(&b)
                .map_err(|e| Error::Index(format!("{}: {e}", meta_path.display())))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Meta {
                version: 1,
                config: Some(hasher.config().clone()),
                ..Meta::default()
            },
            Err(e) => return Err(io_err(&meta_path)(e)),
        };
        if meta.config.as_ref() != Some(hasher.config()) {
            return Err(Error::Index(format!(
                "{} was built with other options ({:?}); use the same options or a new index",
                dir.display(),
                meta.config
            )));
        }
        let n = meta.docs as usize;
        // Drop whatever an interrupted run appended after the last commit.
        let lens = [
            meta.ids_len,
            meta.docs * 20,
            meta.docs * perms as u64 * 4,
            meta.sets_len,
            meta.docs * 8,
            meta.edges * 12,
        ];
        for (name, len) in FILES.iter().zip(lens) {
            let path = dir.join(name);
            let f = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(io_err(&path))?;
            let actual = f.metadata().map_err(io_err(&path))?.len();
            if actual < len {
                return Err(Error::Index(format!(
                    "{} is shorter than recorded",
                    path.display()
                )));
            }
            if actual > len {
                f.set_len(len).map_err(io_err(&path))?;
            }
        }
        let ids_bytes = read_file(dir, "ids.jsonl", meta.ids_len)?;
        let mut ids = Vec::with_capacity(n);
        for line in ids_bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let id: String = serde_json::from_slice(line)
                .map_err(|e| Error::Index(format!("ids.jsonl: {e}")))?;
            ids.push(id);
        }
        let stats_bytes = read_file(dir, "stats.bin", meta.docs * 20)?;
        let stats: Vec<DocStats> = stats_bytes
            .chunks_exact(20)
            .map(|c| {
                let u = |i: usize| u32::from_le_bytes([c[i], c[i + 1], c[i + 2], c[i + 3]]);
                let mut e = [0u8; 8];
                e.copy_from_slice(&c[12..20]);
                DocStats {
                    chars: u(0),
                    garbage: u(4),
                    units: u(8),
                    exact: u64::from_le_bytes(e),
                }
            })
            .collect();
        let sigs: Vec<u32> = read_file(dir, "sigs.bin", meta.docs * perms as u64 * 4)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let ends: Vec<u64> = read_file(dir, "offsets.bin", meta.docs * 8)?
            .chunks_exact(8)
            .map(|c| {
                let mut e = [0u8; 8];
                e.copy_from_slice(c);
                u64::from_le_bytes(e)
            })
            .collect();
        let edges: Vec<(u32, u32, f32)> = read_file(dir, "edges.bin", meta.edges * 12)?
            .chunks_exact(12)
            .map(|c| {
                let u = |i: usize| [c[i], c[i + 1], c[i + 2], c[i + 3]];
                (
                    u32::from_le_bytes(u(0)),
                    u32::from_le_bytes(u(4)),
                    f32::from_le_bytes(u(8)),
                )
            })
            .collect();
        if ids.len() != n || stats.len() != n || ends.len() != n {
            return Err(Error::Index(format!("{} is inconsistent", dir.display())));
        }
        let sets_path = dir.join("sets.bin");
        let f = OpenOptions::new()
            .append(true)
            .open(&sets_path)
            .map_err(io_err(&sets_path))?;
        Ok(Store {
            perms,
            ids,
            stats,
            sigs,
            ends,
            sets: BufWriter::with_capacity(1 << 20, f),
            sets_path: Some(sets_path),
            _temp: None,
            sets_len: meta.sets_len,
            edges,
            old: n,
            dir: Some(dir.to_path_buf()),
            meta,
        })
    }

    fn push(&mut self, id: String, sketch: Sketch) -> Result<(), Error> {
        let mut buf = Vec::with_capacity(sketch.shingles.len() * 3 + 5);
        encode_set(&sketch.shingles, &mut buf);
        self.sets
            .write_all(&buf)
            .map_err(io_err(Path::new("<sets>")))?;
        self.sets_len += buf.len() as u64;
        self.ends.push(self.sets_len);
        self.ids.push(id);
        self.stats.push(sketch.stats);
        self.sigs.extend_from_slice(&sketch.signature);
        Ok(())
    }

    fn sig(&self, d: usize) -> &[u32] {
        self.sigs
            .get(d * self.perms..(d + 1) * self.perms)
            .unwrap_or(&[])
    }

    fn member(&self, d: usize) -> Member<'_> {
        Member {
            id: self.ids.get(d).map_or("", String::as_str),
            stats: self.stats.get(d).copied().unwrap_or_default(),
        }
    }

    /// A reader of stored shingle sets (the writer must have been flushed),
    /// with its own file offset: one per thread.
    fn set_reader(&self) -> Result<SetReader, Error> {
        let p = self
            .sets_path
            .as_deref()
            .ok_or_else(|| Error::Index("no spill file".into()))?;
        let file = File::open(p).map_err(io_err(p))?;
        Ok(SetReader { file })
    }

    fn range(&self, d: usize) -> (u64, u64) {
        let start = if d == 0 {
            0
        } else {
            self.ends.get(d - 1).copied().unwrap_or(0)
        };
        (start, self.ends.get(d).copied().unwrap_or(start))
    }

    fn commit(&mut self, new_edges_from: usize) -> Result<(), Error> {
        self.sets.flush().map_err(io_err(Path::new("<sets>")))?;
        let Some(dir) = self.dir.clone() else {
            return Ok(());
        };
        self.sets.get_ref().sync_all().map_err(io_err(&dir))?;
        let append = |name: &str, bytes: &[u8]| -> Result<(), Error> {
            let path = dir.join(name);
            let mut f = OpenOptions::new()
                .append(true)
                .open(&path)
                .map_err(io_err(&path))?;
            f.write_all(bytes).map_err(io_err(&path))?;
            f.sync_all().map_err(io_err(&path))
        };
        let old = self.old;
        let mut ids = Vec::new();
        for id in &self.ids[old..] {
            serde_json::to_writer(&mut ids, id).map_err(|e| Error::Index(e.to_string()))?;
            ids.push(b'\n');
        }
        append("ids.jsonl", &ids)?;
        let mut stats = Vec::with_capacity((self.ids.len() - old) * 20);
        for s in &self.stats[old..] {
            stats.extend_from_slice(&s.chars.to_le_bytes());
            stats.extend_from_slice(&s.garbage.to_le_bytes());
            stats.extend_from_slice(&s.units.to_le_bytes());
            stats.extend_from_slice(&s.exact.to_le_bytes());
        }
        append("stats.bin", &stats)?;
        let sigs: Vec<u8> = self.sigs[old * self.perms..]
            .iter()
            .flat_map(|s| s.to_le_bytes())
            .collect();
        append("sigs.bin", &sigs)?;
        let ends: Vec<u8> = self.ends[old..]
            .iter()
            .flat_map(|e| e.to_le_bytes())
            .collect();
        append("offsets.bin", &ends)?;
        let mut edges = Vec::new();
        for (a, b, j) in &self.edges[new_edges_from..] {
            edges.extend_from_slice(&a.to_le_bytes());
            edges.extend_from_slice(&b.to_le_bytes());
            edges.extend_from_slice(&j.to_le_bytes());
        }
        append("edges.bin", &edges)?;
        self.meta.docs = self.ids.len() as u64;
        self.meta.ids_len += ids.len() as u64;
        self.meta.sets_len = self.sets_len;
        self.meta.edges = self.edges.len() as u64;
        let tmp = dir.join("meta.json.tmp");
        let bytes =
            serde_json::to_vec_pretty(&self.meta).map_err(|e| Error::Index(e.to_string()))?;
        {
            let mut f = File::create(&tmp).map_err(io_err(&tmp))?;
            f.write_all(&bytes).map_err(io_err(&tmp))?;
            f.sync_all().map_err(io_err(&tmp))?;
        }
        std::fs::rename(&tmp, dir.join("meta.json")).map_err(io_err(&dir))?;
        Ok(())
    }
}

/// Reads stored shingle sets by offset.
struct SetReader {
    file: File,
}

impl SetReader {
    fn read(&mut self, (start, end): (u64, u64)) -> Result<Vec<u32>, Error> {
        let mut buf = vec![0u8; (end - start) as usize];
        self.file
            .seek(SeekFrom::Start(start))
            .and_then(|_| self.file.read_exact(&mut buf))
            .map_err(io_err(Path::new("<sets>")))?;
        decode_set(&buf).ok_or_else(|| Error::Index("a stored shingle set is corrupt".into()))
    }
}

fn put_varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

/// Delta + varint encoding of a sorted set.
fn encode_set(set: &[u32], out: &mut Vec<u8>) {
    put_varint(set.len() as u64, out);
    let mut prev = 0u32;
    for &x in set {
        put_varint(u64::from(x - prev), out);
        prev = x;
    }
}

fn decode_set(bytes: &[u8]) -> Option<Vec<u32>> {
    let mut at = 0;
    let n = get_varint(bytes, &mut at)? as usize;
    let mut out = Vec::with_capacity(n.min(bytes.len()));
    let mut prev = 0u64;
    for _ in 0..n {
        prev += get_varint(bytes, &mut at)?;
        out.push(u32::try_from(prev).ok()?);
    }
    Some(out)
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let p = parent[x as usize];
        parent[x as usize] = parent[p as usize];
        x = p;
    }
    x
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi as usize] = lo;
    }
}

/// The corpus deduplicator, built once from its config.
#[derive(Clone, Debug)]
pub struct Deduplicator {
    hasher: MinHasher,
}

type Parsed = Result<(String, Sketch), RecordError>;
/// `(line number, byte offset, length)` of a JSONL line.
type At = Option<(u64, u64, u64)>;

impl Deduplicator {
    /// Validate the config and build the deduplicator.
    pub fn new(config: CorpusConfig) -> Result<Deduplicator, Error> {
        Ok(Deduplicator {
            hasher: MinHasher::new(config)?,
        })
    }

    /// The hasher (step 1 and 2 of [`crate::sketch`]).
    pub fn hasher(&self) -> &MinHasher {
        &self.hasher
    }

    /// Deduplicate `sources` (against the index's documents, if any).
    /// Bad records are passed to `on_bad` and skipped, or abort the run
    /// with [`Error::BadRecord`] when `options.strict`.
    pub fn run(
        &self,
        sources: &[Source],
        options: &Options,
        mut on_bad: impl FnMut(&BadRecord),
    ) -> Result<Outcome, Error> {
        let mut store = Store::open(self.hasher.clone(), options.index.as_deref())?;
        let mut locs: Vec<Loc> = Vec::new();
        let mut bad = 0usize;
        let mut report = |b: BadRecord, bad: &mut usize| -> Result<(), Error> {
            *bad += 1;
            on_bad(&b);
            if options.strict {
                return Err(Error::BadRecord(Box::new(b)));
            }
            Ok(())
        };
        // Pass 1: sketch everything.
        for (si, source) in sources.iter().enumerate() {
            match source {
                Source::Jsonl(path) => {
                    let f = File::open(path).map_err(io_err(path))?;
                    let mut lines = JsonlLines::new(BufReader::with_capacity(1 << 20, f));
                    loop {
                        let batch: Vec<_> = lines.by_ref().take(BATCH).collect();
                        if batch.is_empty() {
                            break;
                        }
                        let done: Vec<(At, Parsed)> = batch
                            .into_par_iter()
                            .map(|l| match l {
                                Err(e) => (None, Err(e)),
                                Ok(l) => {
                                    let at = Some((l.number, l.offset, l.bytes.len() as u64));
                                    let r = parse_record(&l.bytes)
                                        .map(|r| (r.id, self.hasher.sketch(&r.text)));
                                    (at, r)
                                }
                            })
                            .collect();
                        for (at, r) in done {
                            let (line, offset, len) = at.unwrap_or((0, 0, 0));
                            match r {
                                Ok((id, sketch)) => {
                                    store.push(id, sketch)?;
                                    locs.push(Loc {
                                        source: si as u32,
                                        offset,
                                        len,
                                    });
                                }
                                Err(error) => report(
                                    BadRecord {
                                        path: path.clone(),
                                        line,
                                        error,
                                    },
                                    &mut bad,
                                )?,
                            }
                        }
                    }
                }
                Source::Text(path) => {
                    let r = std::fs::read(path)
                        .map_err(|e| RecordError::Io(e.to_string()))
                        .and_then(|b| {
                            String::from_utf8(b).map_err(|e| RecordError::InvalidUtf8 {
                                offset: e.utf8_error().valid_up_to(),
                            })
                        });
                    match r {
                        Ok(text) => {
                            store.push(stem(path), self.hasher.sketch(&text))?;
                            locs.push(Loc {
                                source: si as u32,
                                offset: 0,
                                len: 0,
                            });
                        }
                        Err(error) => report(
                            BadRecord {
                                path: path.clone(),
                                line: 0,
                                error,
                            },
                            &mut bad,
                        )?,
                    }
                }
            }
        }
        store.sets.flush().map_err(io_err(Path::new("<sets>")))?;
        let n = store.ids.len();
        let old = store.old;
        if n > u32::MAX as usize - 1 {
            return Err(Error::Index("more than 4 billion documents".into()));
        }
        // Canonical rank of every document.
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.par_sort_by(|&a, &b| {
            canonical_cmp(&store.member(a as usize), &store.member(b as usize))
        });
        let mut rank = vec![0u32; n];
        for (r, &d) in order.iter().enumerate() {
            rank[d as usize] = r as u32;
        }
        let mut parent: Vec<u32> = (0..n as u32).collect();
        // Exact duplicates: same normalised text; the first in canonical order represents them.
        let mut by_exact: Vec<u32> = order
            .iter()
            .copied()
            .filter(|&d| store.stats[d as usize].units > 0)
            .collect();
        by_exact.par_sort_by_key(|&d| (store.stats[d as usize].exact, rank[d as usize]));
        let mut reps: Vec<u32> = Vec::new();
        for g in by_exact
            .chunk_by(|&a, &b| store.stats[a as usize].exact == store.stats[b as usize].exact)
        {
            reps.push(g[0]);
            for &d in &g[1..] {
                union(&mut parent, g[0], d);
            }
        }
        // LSH candidates among representatives.
        let cfg = self.hasher.config();
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let rows = cfg.rows;
        for band in 0..cfg.bands {
            let mut keys: Vec<(u64, u32, u32)> = reps
                .par_iter()
                .map(|&d| {
                    let key = band_key(store.sig(d as usize), band, rows, cfg.seed);
                    (key, rank[d as usize], d)
                })
                .collect();
            keys.par_sort_unstable();
            for bucket in keys.chunk_by(|a, b| a.0 == b.0).filter(|b| b.len() > 1) {
                for (i, j) in bucket_pairs(bucket.len(), cfg.bucket_window) {
                    let (a, b) = (bucket[i].2, bucket[j].2);
                    if (a as usize) < old && (b as usize) < old {
                        continue; // verified in an earlier run
                    }
                    pairs.push((a.min(b), a.max(b)));
                }
            }
            pairs.par_sort_unstable();
            pairs.dedup();
        }
        // Verify candidates by exact Jaccard of the stored shingle sets.
        let new_edges_from = store.edges.len();
        let threshold = cfg.threshold;
        let verified: Vec<(u32, u32, f32)> = pairs
            .par_chunks(4096)
            .map(|chunk| -> Result<Vec<(u32, u32, f32)>, Error> {
                let mut reader = store.set_reader()?;
                let mut out = Vec::new();
                let mut cur: Option<(u32, Vec<u32>)> = None;
                for &(a, b) in chunk {
                    if cur.as_ref().map(|c| c.0) != Some(a) {
                        cur = Some((a, reader.read(store.range(a as usize))?));
                    }
                    let sb = reader.read(store.range(b as usize))?;
                    let sa = cur.as_ref().map_or(&[][..], |c| &c.1[..]);
                    let j = jaccard(sa, &sb);
                    if j >= threshold {
                        out.push((a, b, j as f32));
                    }
                }
                Ok(out)
            })
            .collect::<Result<Vec<_>, Error>>()?
            .into_iter()
            .flatten()
            .collect();
        store.edges.extend(verified);
        for &(a, b, _) in &store.edges {
            if (a as usize) < n && (b as usize) < n {
                union(&mut parent, a, b);
            }
        }
        // Clusters, in canonical order.
        let mut comps: std::collections::HashMap<u32, Vec<u32>> = std::collections::HashMap::new();
        for &d in &order {
            let r = find(&mut parent, d);
            comps.entry(r).or_default().push(d);
        }
        let mut groups: Vec<Vec<u32>> = comps.into_values().filter(|g| g.len() > 1).collect();
        groups.sort_by_key(|g| rank[g[0] as usize]);
        let mut keep = vec![true; n - old];
        let mut clusters = Vec::new();
        let mut reader = store.set_reader()?;
        for (number, g) in groups.iter().enumerate() {
            let members: Vec<Member<'_>> = g.iter().map(|&d| store.member(d as usize)).collect();
            let k = keeper(&members).unwrap_or(0);
            let kd = g[k] as usize;
            for &d in g {
                if d as usize >= old && d as usize != kd {
                    keep[d as usize - old] = false;
                }
            }
            if g.iter().all(|&d| (d as usize) < old) {
                continue;
            }
            let ks = reader.read(store.range(kd))?;
            let others = g
                .iter()
                .filter(|&&d| d as usize != kd)
                .map(|&d| Ok((reader.read(store.range(d as usize))?, d as usize)))
                .collect::<Result<Vec<_>, Error>>()?;
            let similarity = Similarity::of(
                &ks,
                store.sig(kd),
                others.iter().map(|(set, d)| (&set[..], store.sig(*d))),
            );
            // The same line as a single run over all batches would write:
            // the kept member may come from an earlier batch.
            let reason = keeper_reason(&members, k);
            clusters.push(Cluster {
                cluster: number,
                members: members.iter().map(|m| m.id.to_string()).collect(),
                kept: store.ids[kd].clone(),
                reason,
                similarity,
            });
        }
        store.commit(new_edges_from)?;
        let kept = keep.iter().filter(|k| **k).count();
        Ok(Outcome {
            clusters,
            docs: n - old,
            bad,
            kept,
            previous: old,
            sources: sources.to_vec(),
            locs,
            keep,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_round_trip() {
        let set = vec![0, 1, 5, 1000, u32::MAX];
        let mut buf = Vec::new();
        encode_set(&set, &mut buf);
        assert_eq!(decode_set(&buf), Some(set));
        assert_eq!(decode_set(&[0x85]), None);
        let mut e = Vec::new();
        encode_set(&[], &mut e);
        assert_eq!(decode_set(&e), Some(vec![]));
    }
}
