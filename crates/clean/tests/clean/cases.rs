//! `testdata/clean/*.toml`, run through the stage and checked by the testkit.

use galley_clean::{Clean, Config};
use galley_core::Stage;

#[test]
fn testdata_cases() {
    galley_testkit::run_dir("clean", |case, doc| {
        let config: Config = match &case.config {
            Some(t) => t.clone().try_into().map_err(|e| format!("config: {e}"))?,
            None => Config::default(),
        };
        let stage = Clean::new(config).map_err(|e| e.to_string())?;
        stage.apply(doc).map_err(|e| e.to_string())
    });
}

#[test]
fn marker_hints_reach_the_paragraph_stage() {
    let doc = crate::clean(
        "## 强基固本\n\n### 持续扩大\n正文第一段。\n\n> 引文一行。\n\n江津\n### 标题 二\n正文。",
    );
    let hints: Vec<(&str, Option<u8>, bool)> = doc
        .blocks()
        .iter()
        .map(|b| (b.text(), b.hint.heading_level, b.hint.quoted))
        .collect();
    assert_eq!(
        hints,
        vec![
            ("强基固本", Some(2), false),
            ("持续扩大", Some(3), false),
            ("正文第一段。", None, false),
            ("引文一行。", None, true),
            ("江津", None, false),
            ("标题 二", Some(3), false),
            ("正文。", None, false),
        ]
    );
}

#[test]
fn doubtful_lines_are_noted() {
    let doc =
        crate::clean("前文结束。\n\n某某学校开展读书活动\n\n学校开展读书活动，学生踊跃参加。");
    assert_eq!(doc.removed().len(), 0, "{:?}", doc.removed());
    let b = &doc.blocks()[1];
    assert!(b.hint.doubtful);
    assert!(doc
        .notes()
        .iter()
        .any(|n| n.stage == "clean" && n.note.contains("may be a caption")));
}

#[test]
fn every_removal_has_a_reason() {
    for page in crate::fixtures::pages() {
        let doc = crate::clean(&page.1);
        for r in doc.removed() {
            assert!(r.reason.len() > 10, "{r:?}");
        }
    }
}
