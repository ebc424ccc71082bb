//! The in-document stage on the seed pages.

use std::path::PathBuf;

use galley_core::invariants::check_document;
use galley_core::{Document, RemovalKind, Stage};
use galley_dedup::{Config, Dedup};

fn page(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data");
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
        .unwrap();
    std::fs::read_to_string(path).unwrap()
}

fn run(input: &str) -> Document {
    let mut doc = Document::new("p", input);
    Dedup::new(Config::default())
        .unwrap()
        .apply(&mut doc)
        .unwrap();
    check_document(&doc).unwrap();
    doc
}

fn count(doc: &Document, needle: &str) -> usize {
    doc.blocks()
        .iter()
        .map(|b| b.text().matches(needle).count())
        .sum()
}

#[test]
fn page_000_keeps_the_medical_section_in_its_own_story() {
    let input = page("000");
    let doc = run(&input);
    for r in doc.removed() {
        eprintln!(
            "{:?} {}..{} {:?}",
            r.kind, r.span.start, r.span.end, r.reason
        );
        eprintln!("   {}", r.text.chars().take(40).collect::<String>());
    }
    // Each piece of the repeated section survives exactly once.
    for piece in [
        "用心“服” 充分调动医务人员积极性",
        "邀请了专家进行授课",
        "我们想到了两个字：服务",
        "医保科人员等学习政策",
    ] {
        assert_eq!(count(&doc, piece), 1, "{piece}");
    }
    // ... and it is the copy inside the medical-insurance story: right after
    // the paragraph about the fines, right before the one about the savings.
    let texts: Vec<&str> = doc.blocks().iter().map(|b| b.text()).collect();
    let heading = texts
        .iter()
        .position(|t| *t == "用心“服” 充分调动医务人员积极性")
        .unwrap();
    assert!(
        texts[heading - 1].contains("零容忍"),
        "{}",
        texts[heading - 1]
    );
    assert!(texts[heading + 4].starts_with("出并积极落实医保资金"));
    // The education paragraph keeps its own words; only the pasted span goes.
    assert!(texts.contains(&"“双创建”工程持续增强政治领导力：遴选创新"));
    // Every removal is a duplicate naming the kept copy's bytes.
    assert!(!doc.removed().is_empty());
    let kept = doc.blocks()[heading]
        .to_source(0.."用".len())
        .unwrap()
        .start;
    for r in doc.removed() {
        assert_eq!(r.kind, RemovalKind::Duplicate);
        assert!(r.reason.starts_with("repeats bytes"), "{}", r.reason);
        let at: usize = r.reason["repeats bytes ".len()..]
            .split("..")
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(at >= kept, "{}", r.reason);
        assert!(r.span.end <= kept);
    }
}

#[test]
fn page_001_keeps_the_slogan_quoted_twice() {
    let doc = run(&page("001"));
    assert_eq!(
        count(&doc, "加强党对教育工作的全面领导，是办好教育的根本保证。"),
        2
    );
}

#[test]
fn other_seed_pages_lose_nothing() {
    for name in ["001", "002", "003", "004"] {
        let doc = run(&page(name));
        assert!(doc.removed().is_empty(), "{name}: {:?}", doc.removed());
    }
}

#[test]
fn the_stage_is_idempotent_on_000() {
    let input = page("000");
    let mut doc = run(&input);
    let before: Vec<String> = doc.blocks().iter().map(|b| b.text().to_string()).collect();
    Dedup::new(Config::default())
        .unwrap()
        .apply(&mut doc)
        .unwrap();
    let after: Vec<String> = doc.blocks().iter().map(|b| b.text().to_string()).collect();
    assert_eq!(before, after);
}

#[test]
fn page_000_with_articles_keeps_the_copy_in_the_medical_article() {
    let input = page("000");
    let mut doc = Document::new("p", input.as_str());
    // As the paragraph stage would: the education story, the medical
    // story (from its title on), the vocational-school story.
    let medical = doc
        .blocks()
        .iter()
        .position(|b| b.text().starts_with("秀山医保局"))
        .unwrap();
    let school = doc
        .blocks()
        .iter()
        .position(|b| b.text().starts_with("实现产教融合落地"))
        .unwrap();
    for (i, b) in doc.blocks_mut().iter_mut().enumerate() {
        b.article = usize::from(i >= medical) + usize::from(i >= school);
    }
    Dedup::new(Config::default())
        .unwrap()
        .apply(&mut doc)
        .unwrap();
    check_document(&doc).unwrap();
    assert_eq!(count(&doc, "用心“服” 充分调动医务人员积极性"), 1);
    let b = doc
        .blocks()
        .iter()
        .find(|b| b.text() == "用心“服” 充分调动医务人员积极性")
        .unwrap();
    assert_eq!(b.article, 1);
    assert!(doc
        .removed()
        .iter()
        .all(|r| r.reason.contains("kept: article 1")));
}

#[test]
fn data_driven_cases() {
    galley_testkit::run_dir("dedup", |case, doc| {
        let config: Config = match &case.config {
            Some(t) => toml::from_str(&toml::to_string(t).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?,
            None => Config::default(),
        };
        let stage = Dedup::new(config).map_err(|e| e.to_string())?;
        stage.apply(doc).map_err(|e| e.to_string())
    });
}

#[test]
fn a_misspelt_option_is_rejected() {
    assert!(toml::from_str::<Config>("min_copy_char = 3").is_err());
    assert!(Dedup::new(toml::from_str::<Config>("min_copy_chars = 3").unwrap()).is_err());
}

#[test]
fn page_000_after_edits_and_joins_keeps_provenance() {
    use galley_core::{EditKind, TextEdit};
    let input = page("000");
    let mut doc = Document::new("p", input.as_str());
    // Edits as an earlier stage might leave them: spaces deleted, and every
    // third full-width comma replaced (by an ASCII one), in each block.
    for i in 0..doc.blocks().len() {
        let text = doc.blocks()[i].text().to_string();
        let edits: Vec<TextEdit> = text
            .match_indices(' ')
            .map(|(at, _)| TextEdit::delete(at..at + 1, EditKind::CjkSpace))
            .chain(
                text.match_indices('，')
                    .step_by(3)
                    .map(|(at, s)| TextEdit::replace(at..at + s.len(), ",", EditKind::PunctWidth)),
            )
            .collect();
        doc.edit_block(i, edits).unwrap();
    }
    // Join the broken paragraph "…教育强则国家" + "强。…".
    let a = doc
        .blocks()
        .iter()
        .position(|b| b.text().ends_with("教育强则国家"))
        .unwrap();
    doc.join_blocks(a, a + 1, "").unwrap();
    Dedup::new(Config::default())
        .unwrap()
        .apply(&mut doc)
        .unwrap();
    check_document(&doc).unwrap();
    assert_eq!(count(&doc, "用心“服”充分调动医务人员积极性"), 1);
    assert_eq!(count(&doc, "邀请了专家进行授课"), 1);
}
