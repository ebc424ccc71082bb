//! Data-driven test cases for galley's stages, shared by every crate (like
//! regex's `testdata/*.toml`): one suite of cases, many runners.
//!
//! A case file holds `[[test]]` tables:
//!
//! ```toml
//! [[test]]
//! name = "han-space"
//! input = "我们 的"
//! blocks = ["我们的"]
//! edits = [{ kind = "cjk_space", span = [6, 7], text = "" }]
//! ```
//!
//! Every expectation is optional; a case checks only what it states. After
//! the expectations, [`check`] always verifies the provenance invariants.
//! The [`paragraphs`] module scores the labelled paragraph fixtures.
//!
//! ```
//! use galley_core::Document;
//! let cases = galley_testkit::parse("[[test]]\nname = \"id\"\ninput = \"甲。\\n\\n乙。\"\nblocks = [\"甲。\", \"乙。\"]\n").unwrap();
//! let doc = Document::new("t", cases[0].input.as_str());
//! galley_testkit::check(&cases[0], &doc).unwrap();
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod browser;
pub mod paragraphs;

use std::path::{Path, PathBuf};

use galley_core::invariants::check_document;
use galley_core::Document;
use serde::Deserialize;

/// One test case.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Unique name, shown on failure.
    pub name: String,
    /// The input text.
    pub input: String,
    /// Options for the stage under test (its TOML table, without `type`).
    #[serde(default)]
    pub config: Option<toml::Table>,
    /// Expected kept block texts, in order.
    #[serde(default)]
    pub blocks: Option<Vec<String>>,
    /// Expected roles of the kept blocks, in order, as `[role, text]` pairs.
    #[serde(default)]
    pub roles: Option<Vec<[String; 2]>>,
    /// Expected removals, in source order: kind and text.
    #[serde(default)]
    pub removed: Option<Vec<Expected>>,
    /// Texts that must not be removed (they must be inside a kept block).
    #[serde(default)]
    pub kept: Option<Vec<String>>,
    /// Expected edits in source order: kind, text and optionally span.
    #[serde(default)]
    pub edits: Option<Vec<ExpectedEdit>>,
    /// Expected number of articles.
    #[serde(default)]
    pub articles: Option<usize>,
    /// Expected article titles, in order (`""` for an article without one).
    #[serde(default)]
    pub titles: Option<Vec<String>>,
    /// Free-text note on why the case exists.
    #[serde(default)]
    pub why: Option<String>,
}

/// An expected removal.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The removal kind (`caption`, `credit`, …).
    pub kind: String,
    /// The removed source text.
    pub text: String,
}

/// An expected edit.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedEdit {
    /// The edit kind (`cjk_space`, `join`, …).
    pub kind: String,
    /// The source span replaced, if the case pins it.
    #[serde(default)]
    pub span: Option<[usize; 2]>,
    /// The replacement text.
    pub text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    test: Vec<Case>,
}

/// Errors loading cases.
#[derive(Debug)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

/// Parse one case file's text.
pub fn parse(text: &str) -> Result<Vec<Case>, LoadError> {
    toml::from_str::<File>(text)
        .map(|f| f.test)
        .map_err(|e| LoadError(e.to_string()))
}

/// The workspace's `testdata/` directory.
pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

/// The sample pages shipped in `examples/data`, sorted by name: `(file stem, bytes)`.
pub fn sample_pages() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|x| x == "txt"));
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            Some((
                p.file_stem()?.to_string_lossy().into_owned(),
                std::fs::read(&p).ok()?,
            ))
        })
        .collect()
}

/// The sample pages as text (they are UTF-8): `(file stem, text)`.
pub fn sample_texts() -> Vec<(String, String)> {
    sample_pages()
        .into_iter()
        .map(|(stem, bytes)| (stem, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// Load every `*.toml` file of `testdata/<dir>`, sorted by file name.
pub fn load(dir: &str) -> Result<Vec<(String, Case)>, LoadError> {
    let path = testdata().join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
        .map_err(|e| LoadError(format!("{}: {e}", path.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text =
            std::fs::read_to_string(&f).map_err(|e| LoadError(format!("{}: {e}", f.display())))?;
        let cases = parse(&text).map_err(|e| LoadError(format!("{}: {e}", f.display())))?;
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.extend(cases.into_iter().map(|c| (stem.clone(), c)));
    }
    Ok(out)
}

/// Check a processed document against a case's expectations and the
/// provenance invariants.
pub fn check(case: &Case, doc: &Document) -> Result<(), String> {
    let fail = |what: &str, want: &dyn std::fmt::Debug, got: &dyn std::fmt::Debug| {
        Err(format!(
            "case `{}`: {what}\n  want: {want:?}\n  got:  {got:?}",
            case.name
        ))
    };
    let blocks: Vec<&str> = doc.blocks().iter().map(|b| b.text()).collect();
    if let Some(want) = &case.blocks {
        if want != &blocks {
            return fail("blocks", want, &blocks);
        }
    }
    if let Some(want) = &case.roles {
        let got: Vec<[String; 2]> = doc
            .blocks()
            .iter()
            .map(|b| [b.role.to_string(), b.text().to_string()])
            .collect();
        if want != &got {
            return fail("roles", want, &got);
        }
    }
    if let Some(want) = &case.removed {
        let mut got: Vec<_> = doc.removed().to_vec();
        got.sort_by_key(|r| r.span.start);
        let got: Vec<(String, String)> = got
            .iter()
            .map(|r| (r.kind.to_string(), r.text.clone()))
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|e| (e.kind.clone(), e.text.clone()))
            .collect();
        if want != got {
            return fail("removed", &want, &got);
        }
    }
    if let Some(kept) = &case.kept {
        for k in kept {
            if !blocks.iter().any(|b| b.contains(k.as_str())) {
                return fail("kept text missing from blocks", k, &blocks);
            }
        }
    }
    if let Some(want) = &case.edits {
        let mut got: Vec<_> = doc.blocks().iter().flat_map(|b| b.edits()).collect();
        got.sort_by_key(|e| (e.span.start, e.span.end));
        let pinned = want.iter().any(|e| e.span.is_some());
        let got_v: Vec<(String, Option<[usize; 2]>, String)> = got
            .iter()
            .map(|e| {
                (
                    e.kind.to_string(),
                    pinned.then_some([e.span.start, e.span.end]),
                    e.text.clone(),
                )
            })
            .collect();
        let want_v: Vec<(String, Option<[usize; 2]>, String)> = want
            .iter()
            .map(|e| {
                (
                    e.kind.clone(),
                    if pinned { e.span } else { None },
                    e.text.clone(),
                )
            })
            .collect();
        if want_v != got_v {
            return fail("edits", &want_v, &got_v);
        }
    }
    let rec = doc.to_record();
    if let Some(n) = case.articles {
        if rec.articles.len() != n {
            let titles: Vec<_> = rec.articles.iter().map(|a| a.title.clone()).collect();
            return fail("article count", &n, &(rec.articles.len(), titles));
        }
    }
    if let Some(want) = &case.titles {
        let got: Vec<String> = rec
            .articles
            .iter()
            .map(|a| a.title.clone().unwrap_or_default())
            .collect();
        if want != &got {
            return fail("titles", want, &got);
        }
    }
    check_document(doc).map_err(|e| format!("case `{}`: invariant: {e}", case.name))?;
    galley_core::invariants::check_record(&rec, doc.input().as_bytes())
        .map_err(|e| format!("case `{}`: record invariant: {e}", case.name))
}

/// Run `apply` on every case of `testdata/<dir>` and check it; panics with
/// every failure listed.
pub fn run_dir(dir: &str, apply: impl Fn(&Case, &mut Document) -> Result<(), String>) {
    let cases = match load(dir) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    assert!(!cases.is_empty(), "no cases in testdata/{dir}");
    let mut failures = Vec::new();
    for (file, case) in &cases {
        let mut doc = Document::new(case.name.clone(), case.input.as_str());
        let r = apply(case, &mut doc).and_then(|_| check(case, &doc));
        if let Err(e) = r {
            failures.push(format!("[{file}] {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
