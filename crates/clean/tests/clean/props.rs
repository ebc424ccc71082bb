//! Property tests: no panic on any string, invariants hold, idempotence.

use galley_clean::{Clean, Config};
use galley_core::invariants::{check_document, check_record};
use galley_core::{Document, Stage};
use proptest::prelude::*;

/// Pieces that OCR pages are made of, in several scripts, with the damage
/// the stage repairs and the strays it removes.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("区委 关于主题教育的相关要求, 高站位谋划".to_string()),
        Just("。".to_string()),
        Just("，".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(" ".to_string()),
        Just("\u{3000}".to_string()),
        Just("\t".to_string()),
        Just("\"".to_string()),
        Just("(左一)".to_string()),
        Just("## ".to_string()),
        Just("> ".to_string()),
        Just("图片由各学校提供".to_string()),
        Just("2023年12月22日 星期五 责编 王 露".to_string()),
        Just("【学思践悟】".to_string()),
        Just("（下转第四版）".to_string()),
        Just("informa-\ntion ".to_string()),
        Just("construc\ntion ".to_string()),
        Just("the I\n".to_string()),
        Just("under- a\n".to_string()),
        Just("ﬁ".to_string()),
        Just("Ａ１".to_string()),
        Just("\u{200B}\u{FEFF}".to_string()),
        Just("https://example.com/a?b=1,2".to_string()),
        Just("1.3万,48.8%".to_string()),
        Just("THE DAILY HERALD 3".to_string()),
        Just("Photo: a bridge".to_string()),
        Just("山城区第八小学创客社团".to_string()),
        Just("12".to_string()),
        Just("...........".to_string()),
        "[a-zA-Z ,.;:()!?\"'-]{0,12}",
        "[\u{4e00}-\u{4e20}，。、：；“”（）！？ ]{0,12}",
        any::<String>(),
    ]
}

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..24).prop_map(|v| v.concat())
}

fn apply(doc: &mut Document) {
    Clean::new(Config::default()).unwrap().apply(doc).unwrap();
}

fn texts(doc: &Document) -> Vec<String> {
    doc.blocks().iter().map(|b| b.text().to_string()).collect()
}

/// Clean `doc` twice: the second run changes no block's text.
fn assert_twice_as_once(mut doc: Document, what: &str) {
    apply(&mut doc);
    let once = texts(&doc);
    apply(&mut doc);
    assert_eq!(once, texts(&doc), "{what}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_keeps_invariants(s in page()) {
        let mut doc = Document::new("p", s.as_str());
        apply(&mut doc);
        prop_assert!(check_document(&doc).is_ok(), "{:?}", check_document(&doc));
        let rec = doc.to_record();
        prop_assert!(check_record(&rec, s.as_bytes()).is_ok(), "{:?}", check_record(&rec, s.as_bytes()));
    }

    #[test]
    fn any_string_any_bytes(s in any::<Vec<u8>>()) {
        let mut doc = Document::from_bytes("p", &s);
        apply(&mut doc);
        prop_assert!(check_document(&doc).is_ok());
    }

    #[test]
    fn cleaning_twice_changes_nothing(s in page()) {
        let mut doc = Document::new("p", s.as_str());
        apply(&mut doc);
        let once = texts(&doc);
        apply(&mut doc);
        prop_assert_eq!(&once, &texts(&doc));
        prop_assert!(check_document(&doc).is_ok());
    }
}

#[test]
fn cleaning_twice_changes_nothing_on_fixture_pages() {
    for (stem, text) in crate::fixtures::pages() {
        assert_twice_as_once(Document::new("p", text.as_str()), &stem);
    }
}

#[test]
fn every_switch_off_changes_nothing() {
    let off: Config = toml::from_str(
        "cjk_space = false\nmixed_space = false\nwhitespace = false\ninvisible = false\npunct_width = false\n\
         quotes = false\nfullwidth_alnum = false\nmarkers = false\nhyphenation = false\nlost_hyphen = false\n\
         ligatures = false\ndebris = false\ncaptions = false\ncredits = false\npage_headers = false\n\
         page_numbers = false\ncolumn_labels = false\nrunning_heads = false\ncontinuations = false\n\
         rules = false\ncontacts = false\nnoise = false\n",
    )
    .unwrap();
    let stage = Clean::new(off).unwrap();
    for (stem, text) in crate::fixtures::pages() {
        let mut doc = Document::new("p", text.as_str());
        let before = texts(&doc);
        stage.apply(&mut doc).unwrap();
        assert_eq!(before, texts(&doc), "{stem}");
        assert!(doc.removed().is_empty(), "{stem}");
    }
}

/// Cleaning twice gives the same text on shapes that once did not: a
/// heading marker hidden behind control characters (which the repairs
/// delete), and a passage repeated on a page (a heading, a line cut by the
/// column, captions) before different paragraphs each time.
#[test]
fn cleaning_twice_changes_nothing_on_repeated_passages() {
    let marker = "\n\n#\u{0}\u{0}\u{0} 乘势而上 聚力前行 谱写发展新篇章\n\n□本报记者 张明\n\n\
                  全区上下凝心聚力，推动各项工作落地见效。\n";
    let passage = "### 某某中学 点亮党建品牌 照亮发展之路\n\n\
                   学校从红色精神中汲取奋进力量，结合学校“知行合一”办学理念，\n\n\
                   东区开展青少年科技创新交流活动\n\n\
                   北区第三小学学生体验传统手工艺\n\n";
    let bodies = [
        "全体教师坚持立德树人，把思想政治工作贯穿教育教学全过程，取得明显成效。",
        "今年以来，学校新建实验室三间，组织学生参加各类竞赛四十余人次。",
        "下一步，学校将继续深化课程改革，让每一名学生都能得到全面发展。",
    ];
    let mut repeated = String::new();
    for (k, body) in bodies.iter().enumerate() {
        repeated.push_str(passage);
        // Before the same paragraph twice, after a different one once:
        // a repeated passage, no running head.
        repeated.push_str(bodies[k % 2]);
        repeated.push_str("\n\n");
        repeated.push_str(body);
        repeated.push_str("\n\n");
    }
    // A short line recurring on the page, one copy a caption between the
    // halves of a paragraph: once that copy goes, the others stand between
    // different texts each time.
    let line = "东区开展青少年科技创新交流活动";
    let partly = format!(
        "今年以来，学校新建实验室三间，组织学生参加各类竞赛，\n\n{line}\n\n\
         并在市级比赛中取得了好成绩。\n\n\
         今年以来，全区新建学校五所，新增学位一万多个。\n\n{line}\n\n\
         全体教师坚持立德树人，取得明显成效。\n\n{line}\n\n\
         下一步，学校将继续深化课程改革。\n\n{line}\n\n\
         区教育局还组织了多次教研活动，效果良好。\n"
    );
    for text in [marker, repeated.as_str(), partly.as_str()] {
        assert_twice_as_once(Document::new("p", text), text);
    }
}

/// Cleaning twice changes nothing on the inputs where the fuzzer once
/// found that it did (seed pages cut, repeated and spliced, with control
/// characters): `testdata/clean/twice`.
#[test]
fn cleaning_twice_changes_nothing_on_inputs_the_fuzzer_found() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/clean/twice");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        assert_twice_as_once(
            Document::from_bytes("p", &bytes),
            &path.display().to_string(),
        );
        n += 1;
    }
    assert!(n >= 10, "the inputs are there");
}
