//! Integration tests of galley-summary: the sentence table, the stage on the
//! sample pages and on written articles, long inputs, and properties.

use std::collections::HashSet;
use std::path::Path;

use galley_core::{invariants, Document, Role, Stage};
use galley_summary::{split_sentences, summarize, Budget, Config, Ranker, Summary};
use proptest::prelude::*;

#[derive(serde::Deserialize)]
struct Table {
    test: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    input: String,
    sentences: Vec<String>,
    #[allow(dead_code)]
    why: String,
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn sentence_table() {
    let text = std::fs::read_to_string(root().join("testdata/summary/sentences.toml")).unwrap();
    let table: Table = toml::from_str(&text).unwrap();
    assert!(table.test.len() >= 10);
    let mut failures = Vec::new();
    for case in &table.test {
        let got: Vec<&str> = split_sentences(&case.input)
            .into_iter()
            .map(|r| &case.input[r])
            .collect();
        if got != case.sentences {
            failures.push(format!(
                "{}: got {got:?}, want {:?}",
                case.name, case.sentences
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Check one article's summary against its paragraph texts.
fn check_summary(summary: &[String], paragraphs: &[&str], forbidden: &[&str], budget: usize) {
    assert!(summary.len() <= budget, "{summary:?}");
    let unique: HashSet<&String> = summary.iter().collect();
    assert_eq!(unique.len(), summary.len(), "duplicates in {summary:?}");
    let mut last = (0, 0);
    for s in summary {
        let (p, at) = paragraphs
            .iter()
            .enumerate()
            .find_map(|(i, p)| p.find(s.as_str()).map(|at| (i, at)))
            .unwrap_or_else(|| panic!("{s:?} is in no paragraph"));
        assert!((p, at) >= last, "not in document order: {summary:?}");
        last = (p, at + 1);
        for f in forbidden {
            assert!(!s.contains(f), "{s:?} contains {f:?}");
        }
    }
}

#[test]
fn sample_pages_summaries_come_from_their_paragraphs() {
    let stage = Summary::new(Config::default()).unwrap();
    let mut pages = 0;
    for entry in std::fs::read_dir(root().join("examples/data")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        pages += 1;
        let input = std::fs::read_to_string(&path).unwrap();
        let mut doc = Document::new("page", input.as_str());
        // Mark short unpunctuated blocks as headings, as the paragraph stage
        // would, and check none of them reaches a summary.
        let mut headings = Vec::new();
        for b in doc.blocks_mut() {
            if b.text().chars().count() < 20 && !galley_core::chars::ends_sentence(b.text()) {
                b.role = Role::Heading;
                headings.push(b.text().to_string());
            }
        }
        stage.apply(&mut doc).unwrap();
        let paragraphs: Vec<&str> = doc
            .blocks()
            .iter()
            .filter(|b| b.role == Role::Paragraph)
            .map(|b| b.text())
            .collect();
        let art = &doc.articles()[0];
        assert!(!art.summary.is_empty(), "{}", path.display());
        assert!(!art.keywords.is_empty(), "{}", path.display());
        let forbidden: Vec<&str> = headings.iter().map(String::as_str).collect();
        check_summary(&art.summary, &paragraphs, &[], 3);
        for s in &art.summary {
            assert!(!forbidden.contains(&s.as_str()));
        }
        let rec = doc.to_record();
        invariants::check_record(&rec, input.as_bytes()).unwrap();
        assert_eq!(rec.articles[0].summary, art.summary);
    }
    assert_eq!(pages, 5);
}

const ZH_ARTICLE: &str = "\
秀山推进药品带量采购

本报记者 王小寒

县医保局今年推动药品耗材集中带量采购，全县公立医院平均药价下降五成以上。带量采购让群众看病负担明显减轻。

县医保局负责人说：“带量采购是医保改革的关键一步。”他表示，下一步将把更多常用药纳入采购范围。

医院药房工作人员正在清点集采药品

（记者 王小寒）

据介绍，带量采购节省的医保资金将用于提高报销比例。全县已有二十家医院完成采购任务。";

#[test]
fn written_chinese_article_skips_heading_byline_caption_credit() {
    for ranker in Ranker::ALL {
        let mut c = Config::default();
        c.ranker = ranker;
        let stage = Summary::new(c).unwrap();
        for k in 1..=4 {
            let d = stage.summarize_with(ZH_ARTICLE, &Budget::Sentences(k));
            let paragraphs: Vec<&str> = ZH_ARTICLE.split("\n\n").collect();
            check_summary(
                &d.sentences,
                &paragraphs,
                &["秀山推进", "本报记者", "清点集采", "（记者"],
                k,
            );
            assert_eq!(d.sentences.len(), k, "{ranker:?} {k}: {:?}", d.sentences);
        }
    }
    let d = summarize(ZH_ARTICLE, &Budget::Sentences(2));
    assert!(
        d.keywords.iter().any(|k| k == "采购" || k == "带量"),
        "{:?}",
        d.keywords
    );
}

const EN_ARTICLE: &str = "\
City Council Backs School Budget

By Jane Miller

The city council approved a new budget for public schools on Monday, raising spending by 4 percent. Dr. Alan Reed, who chairs the education committee, said the budget protects teachers' jobs.

Critics said the budget ignores roads and bridges. The council will vote on a roads plan in the U.S. fiscal year that starts in October.

Students wait outside the council chamber

The council approved the new budget for public schools on Monday.";

#[test]
fn written_english_article_has_no_duplicates_and_respects_char_budget() {
    let paragraphs: Vec<&str> = EN_ARTICLE.split("\n\n").collect();
    for budget in [Budget::Sentences(3), Budget::Chars(200), Budget::Ratio(0.5)] {
        let d = summarize(EN_ARTICLE, &budget);
        check_summary(
            &d.sentences,
            &paragraphs,
            &["Backs School", "By Jane", "Students wait"],
            3,
        );
        if let Budget::Chars(n) = budget {
            assert!(d.sentences.iter().map(|s| s.chars().count()).sum::<usize>() <= n);
        }
        // The near-copy of the first sentence is never taken with it.
        let copies = d
            .sentences
            .iter()
            .filter(|s| s.contains("approved"))
            .count();
        assert!(copies <= 1, "{:?}", d.sentences);
    }
    let d = summarize(EN_ARTICLE, &Budget::Sentences(1));
    assert!(
        d.keywords.contains(&"budget".to_string()),
        "{:?}",
        d.keywords
    );
    assert!(d.sentences[0].starts_with("The city council approved"));
}

#[test]
fn char_budget_rule_skips_overflow_and_falls_back_to_the_first_ranked() {
    // LEAD ranks in document order, so the rule is visible: 21 chars, 26
    // chars, 14 chars.
    let text = "甲市今天发布新的公共交通票价调整方案。方案规定地铁起步价从两元调整为三元并按里程累加。市民可在网上提交意见。";
    let mut c = Config::default();
    c.ranker = Ranker::Lead;
    c.keywords = 0;
    let lead = Summary::new(c).unwrap();
    let lens: Vec<usize> = split_sentences(text)
        .into_iter()
        .map(|r| text[r].chars().count())
        .collect();
    assert_eq!(lens, [19, 24, 11]);
    let take = |n: usize| lead.summarize_with(text, &Budget::Chars(n)).sentences;
    // The second sentence would overflow 35 and is skipped; the third fits.
    assert_eq!(take(35).len(), 2);
    assert!(take(35)[1].starts_with("市民"));
    assert_eq!(take(19 + 24 + 11).len(), 3);
    // Exactly full after the first: nothing else is tried.
    assert_eq!(take(19).len(), 1);
    // Nothing fits: the first-ranked sentence alone, over the budget.
    assert_eq!(take(5), [text[..text.find('。').unwrap() + 3].to_string()]);
    // The same rule as Budget::fill over the ranking.
    assert_eq!(Budget::Chars(35).fill(&lens, 0), [0, 2]);
    assert_eq!(Budget::Chars(5).fill(&lens, 0), [0]);
}

#[test]
fn stage_works_per_article_and_without_a_paragraph_stage() {
    let stage = Summary::new(Config::default()).unwrap();
    let mut doc = Document::new(
        "p",
        "甲文第一句。甲文第二句很重要。\n\n乙文讲另一件事。乙文结束了。",
    );
    doc.blocks_mut()[1].article = 1;
    stage.apply(&mut doc).unwrap();
    assert_eq!(doc.articles().len(), 2);
    assert!(doc.articles()[0]
        .summary
        .iter()
        .all(|s| s.starts_with("甲文")));
    assert!(doc.articles()[1]
        .summary
        .iter()
        .all(|s| s.starts_with("乙文")));
    // Empty input: nothing to do, no panic.
    let mut doc = Document::new("e", "");
    stage.apply(&mut doc).unwrap();
}

#[test]
fn ten_thousand_sentences_stay_cheap() {
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&format!("第{i}号议题讨论了城市交通与教育经费的分配问题。"));
    }
    for ranker in Ranker::ALL {
        let mut c = Config::default();
        c.ranker = ranker;
        let d = Summary::new(c)
            .unwrap()
            .summarize_with(&text, &Budget::Ratio(0.01));
        let total: usize = d.sentences.iter().map(|s| s.chars().count()).sum();
        assert!(total <= text.chars().count() / 100 + 1);
        assert!(!d.sentences.is_empty());
    }
}

fn mixed_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("。".to_string()),
        Just("”".to_string()),
        Just("《".to_string()),
        Just("》".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(". ".to_string()),
        Just("U.S.".to_string()),
        Just("1.3万".to_string()),
        "[a-zA-Z ]{1,8}",
        "[\u{4e00}-\u{4e80}]{1,8}",
        "[가-힣 ]{1,4}",
        "[\u{0}-\u{1f}]{1,2}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn summaries_are_verbatim_unique_and_within_budget(text in mixed_text(), k in 1usize..4, chars in 1usize..80) {
        for budget in [Budget::Sentences(k), Budget::Chars(chars)] {
            let d = summarize(&text, &budget);
            let unique: HashSet<&String> = d.sentences.iter().collect();
            prop_assert_eq!(unique.len(), d.sentences.len());
            for s in &d.sentences {
                prop_assert!(text.contains(s.as_str()));
                prop_assert!(!s.trim().is_empty());
            }
            match budget {
                Budget::Sentences(k) => prop_assert!(d.sentences.len() <= k),
                Budget::Chars(n) => {
                    // Within the budget, or the first-ranked sentence alone
                    // when no sentence fits.
                    let total: usize = d.sentences.iter().map(|s| s.chars().count()).sum();
                    prop_assert!(total <= n || d.sentences.len() == 1, "{} > {}", total, n);
                }
                _ => {}
            }
        }
    }

    #[test]
    fn sentences_are_ordered_trimmed_ranges(text in mixed_text()) {
        let mut last = 0;
        for r in split_sentences(&text) {
            prop_assert!(r.start >= last && r.start < r.end && r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let s = &text[r.clone()];
            prop_assert_eq!(s, s.trim());
            last = r.end;
        }
    }

    #[test]
    fn stage_keeps_invariants(text in mixed_text()) {
        let mut doc = Document::new("p", text.as_str());
        Summary::new(Config::default()).unwrap().apply(&mut doc).unwrap();
        invariants::check_document(&doc).unwrap();
        let paragraphs: Vec<&str> = doc.blocks().iter().map(|b| b.text()).collect();
        for a in doc.articles() {
            for s in &a.summary {
                prop_assert!(paragraphs.iter().any(|p| p.contains(s.as_str())));
            }
        }
    }
}
