//! A synthetic document of any size for the bench and the big-page example:
//! the seed pages repeated, with a removal every fifth block, a deleted space
//! and a width change in the others, a join every fourth kept block and a new
//! article every twenty.

use galley_core::{Document, EditKind, Record, RemovalKind, TextEdit};

/// The seed pages, sorted by name.
pub fn pages() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .filter_map(|p| {
                    let name = p.file_stem()?.to_string_lossy().into_owned();
                    Some((name, std::fs::read_to_string(&p).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// A record and its input of at least `bytes` bytes.
pub fn document(bytes: usize) -> (Record, String) {
    let pages = pages();
    let mut text = String::with_capacity(bytes + 64 * 1024);
    'fill: loop {
        for (_, p) in &pages {
            text.push_str(p);
            text.push_str("\n\n");
            if text.len() >= bytes {
                break 'fill;
            }
        }
        if pages.is_empty() {
            text.push_str("第一段 文字,没有页面。\n\n");
            if text.len() >= bytes {
                break;
            }
        }
    }
    let mut doc = Document::new("synthetic", text.as_str());
    let kinds = [
        RemovalKind::Caption,
        RemovalKind::Credit,
        RemovalKind::PageHeader,
        RemovalKind::Noise,
    ];
    let removals = (0..doc.blocks().len())
        .filter(|i| i % 5 == 2)
        .map(|i| {
            (
                i,
                kinds[i / 5 % kinds.len()],
                "synthetic removal: every fifth block".to_string(),
            )
        })
        .collect();
    doc.remove_blocks(removals).unwrap_or_default();
    for i in 0..doc.blocks().len() {
        let t = doc.blocks()[i].text();
        let mut edits = Vec::new();
        if let Some(p) = t.find(' ') {
            edits.push(TextEdit::delete(p..p + 1, EditKind::CjkSpace));
        }
        if let Some(p) = t.find(',') {
            edits.push(TextEdit::replace(p..p + 1, "，", EditKind::PunctWidth));
        }
        edits.sort_by_key(|e| e.range.start);
        if edits.len() == 2 && edits[0].range.end > edits[1].range.start {
            edits.pop();
        }
        let _ = doc.edit_block(i, edits);
    }
    let joins: Vec<(usize, usize, &str)> = (0..doc.blocks().len().saturating_sub(1))
        .filter(|i| i % 4 == 1)
        .map(|i| (i, i + 1, ""))
        .collect();
    doc.join_many(&joins).unwrap_or_default();
    for (i, b) in doc.blocks_mut().iter_mut().enumerate() {
        b.article = i / 20;
    }
    (doc.to_record(), text)
}
