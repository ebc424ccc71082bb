//! Property tests of the provenance invariants: whatever sequence of edits,
//! removals, splits and joins a stage makes, no byte is lost and every
//! block's text is its source with its edits replayed.

use galley_core::invariants::{check_document, check_record};
use galley_core::{Document, EditKind, RemovalKind, TextEdit};
use proptest::prelude::*;

/// A random operation, with positions as fractions resolved against the
/// current state so that most of them are applicable.
#[derive(Clone, Debug)]
enum Op {
    SplitMany {
        block: usize,
        cuts: Vec<usize>,
    },
    JoinMany {
        pairs: Vec<(usize, usize)>,
    },
    Edit {
        block: usize,
        at: usize,
        len: usize,
        text: String,
    },
    Remove {
        block: usize,
        at: usize,
        len: usize,
    },
    RemoveBlock {
        block: usize,
    },
    Split {
        block: usize,
        at: usize,
    },
    Join {
        block: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..8usize, 0..64usize, 0..6usize, "[a-z我们，。 ]{0,3}").prop_map(|(block, at, len, text)| Op::Edit { block, at, len, text }),
        2 => (0..8usize, 0..64usize, 1..6usize).prop_map(|(block, at, len)| Op::Remove { block, at, len }),
        1 => (0..8usize).prop_map(|block| Op::RemoveBlock { block }),
        2 => (0..8usize, 0..64usize).prop_map(|(block, at)| Op::Split { block, at }),
        2 => (0..8usize).prop_map(|block| Op::Join { block }),
        1 => (0..8usize, prop::collection::vec(0..64usize, 0..5)).prop_map(|(block, cuts)| Op::SplitMany { block, cuts }),
        1 => prop::collection::vec((0..8usize, 0..8usize), 0..4).prop_map(|pairs| Op::JoinMany { pairs }),
    ]
}

/// Snap `at` down to a char boundary of `s`.
fn boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn run(doc: &mut Document, op: &Op) {
    let n = doc.blocks().len();
    if n == 0 {
        return;
    }
    match op {
        Op::Edit {
            block,
            at,
            len,
            text,
        } => {
            let b = block % n;
            let t = doc.blocks()[b].text();
            let s = boundary(t, *at);
            let e = boundary(t, s + len);
            let _ = doc.edit_block(
                b,
                vec![TextEdit::replace(s..e, text.clone(), EditKind::Other)],
            );
        }
        Op::Remove { block, at, len } => {
            let b = block % n;
            let t = doc.blocks()[b].text();
            let s = boundary(t, *at);
            let e = boundary(t, s + len);
            let _ = doc.remove_ranges(b, vec![(s..e, RemovalKind::Noise, "test".into())]);
        }
        Op::RemoveBlock { block } => {
            doc.remove_block(block % n, RemovalKind::Caption, "test")
                .unwrap();
        }
        Op::Split { block, at } => {
            let b = block % n;
            let s = boundary(doc.blocks()[b].text(), *at);
            // Splitting inside an edit is refused, and that is fine.
            let _ = doc.split_block(b, s);
        }
        Op::Join { block } => {
            let b = block % n;
            if b + 1 < n {
                let _ = doc.join_blocks(b, b + 1, "");
            }
        }
        Op::SplitMany { block, cuts } => {
            let b = block % n;
            let t = doc.blocks()[b].text();
            let cuts: Vec<usize> = cuts.iter().map(|&c| boundary(t, c)).collect();
            let _ = doc.split_block_at(b, &cuts);
        }
        Op::JoinMany { pairs } => {
            let pairs: Vec<(usize, usize, &str)> =
                pairs.iter().map(|&(a, b)| (a % n, b % n, " ")).collect();
            // Invalid batches are refused whole, and that is fine.
            let _ = doc.join_many(&pairs);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn invariants_hold_under_any_operations(
        input in "([a-z我们的，。 ]{0,12}\n{0,3}){0,8}",
        ops in prop::collection::vec(op(), 0..12),
    ) {
        let mut doc = Document::new("p", input.as_str());
        check_document(&doc).map_err(TestCaseError::fail)?;
        for op in &ops {
            run(&mut doc, op);
            check_document(&doc).map_err(|e| TestCaseError::fail(format!("after {op:?}: {e}")))?;
        }
        let rec = doc.to_record();
        check_record(&rec, input.as_bytes()).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn lossy_bytes_keep_raw_spans(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let doc = Document::from_bytes("b", &bytes);
        check_document(&doc).map_err(TestCaseError::fail)?;
        let rec = doc.to_record();
        check_record(&rec, &bytes).map_err(TestCaseError::fail)?;
        prop_assert_eq!(rec.stats.input_bytes, bytes.len());
    }
}

#[test]
fn edits_over_edits_merge() {
    let mut doc = Document::new("m", "ab  cd");
    doc.edit_block(0, vec![TextEdit::replace(2..4, " ", EditKind::Whitespace)])
        .unwrap();
    assert_eq!(doc.blocks()[0].text(), "ab cd");
    // Deleting the replacement space widens to the earlier edit: one edit over 2..4.
    doc.edit_block(0, vec![TextEdit::delete(2..3, EditKind::CjkSpace)])
        .unwrap();
    let edits: Vec<_> = doc.blocks()[0].edits().collect();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].span.range(), 2..4);
    assert_eq!(edits[0].text, "");
    check_document(&doc).unwrap();
}

#[test]
fn no_op_edits_are_not_logged() {
    let mut doc = Document::new("n", "abc");
    doc.edit_block(0, vec![TextEdit::replace(0..1, "a", EditKind::Other)])
        .unwrap();
    assert_eq!(doc.blocks()[0].edits().count(), 0);
}

#[test]
fn insertion_maps_to_empty_span() {
    let mut doc = Document::new("i", "abc");
    doc.edit_block(0, vec![TextEdit::replace(1..1, "X", EditKind::Other)])
        .unwrap();
    let e: Vec<_> = doc.blocks()[0].edits().collect();
    assert_eq!(e[0].span.range(), 1..1);
    assert_eq!(doc.blocks()[0].text(), "aXbc");
    check_record(&doc.to_record(), b"abc").unwrap();
}
