//! Property tests: no panic on any string, provenance invariants, idempotence,
//! a document is a duplicate of itself, clusters are a partition.

use std::collections::HashSet;
use std::io::Write;

use galley_core::invariants::check_document;
use galley_core::{Document, Stage};
use galley_dedup::{
    parse_record, Config, CorpusConfig, Dedup, Deduplicator, MinHasher, Options, Source,
};
use proptest::prelude::*;

/// Text mixing CJK, Latin, punctuation, blank lines, controls, and repeats.
fn mixed() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[一-龥]{1,80}",
        "[a-zA-Z ,.]{1,80}",
        Just("\n\n".to_string()),
        Just("。".to_string()),
        Just("\u{0}\u{FFFD}\u{200B}".to_string()),
        "\\PC{0,20}",
        Just("医院带量采购一头连着患者，一头连着药企。如何鼓励医务人员和医疗机构积极参与改革？我们想到了两个字：服务。".to_string()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn stage_never_panics_and_keeps_provenance(text in mixed()) {
        let stage = Dedup::new(Config::default()).unwrap();
        let mut doc = Document::new("p", text.as_str());
        stage.apply(&mut doc).unwrap();
        prop_assert!(check_document(&doc).is_ok(), "{:?}", check_document(&doc));
        // Idempotent: a second pass finds nothing more to remove.
        let n = doc.removed().len();
        stage.apply(&mut doc).unwrap();
        prop_assert_eq!(doc.removed().len(), n);
    }

    #[test]
    fn stage_handles_arbitrary_strings(text in "\\PC{0,400}") {
        let mut doc = Document::new("p", text.as_str());
        Dedup::new(Config::default()).unwrap().apply(&mut doc).unwrap();
        prop_assert!(check_document(&doc).is_ok());
    }

    #[test]
    fn a_document_is_a_duplicate_of_itself(text in mixed()) {
        let h = MinHasher::new(CorpusConfig::default()).unwrap();
        let a = h.sketch(&text);
        let b = h.sketch(&text);
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(galley_dedup::sketch::jaccard(&a.shingles, &b.shingles), 1.0);
        prop_assert_eq!(galley_dedup::sketch::estimated_jaccard(&a.signature, &b.signature), 1.0);
    }

    #[test]
    fn record_parser_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = parse_record(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn clusters_are_a_partition_and_self_copies_merge(texts in prop::collection::vec(mixed(), 1..12)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.jsonl");
        let mut f = std::fs::File::create(&path).unwrap();
        // Every text twice: each copy must land in the same cluster as its twin.
        for (i, t) in texts.iter().enumerate() {
            for copy in ["a", "b"] {
                writeln!(f, "{}", serde_json::json!({"id": format!("{i:02}{copy}"), "text": t})).unwrap();
            }
        }
        drop(f);
        let out = Deduplicator::new(CorpusConfig::default())
            .unwrap()
            .run(&[Source::Jsonl(path)], &Options::new(), |b| panic!("{b}"))
            .unwrap();
        let mut seen = HashSet::new();
        for c in &out.clusters {
            prop_assert!(c.members.len() >= 2);
            prop_assert!(c.members.contains(&c.kept));
            for m in &c.members {
                prop_assert!(seen.insert(m.clone()));
            }
        }
        let h = MinHasher::new(CorpusConfig::default()).unwrap();
        for (i, t) in texts.iter().enumerate() {
            if h.sketch(t).stats.units == 0 {
                continue; // nothing to compare: never clustered
            }
            let (a, b) = (format!("{i:02}a"), format!("{i:02}b"));
            prop_assert!(out.clusters.iter().any(|c| c.members.contains(&a) && c.members.contains(&b)));
        }
    }
}
