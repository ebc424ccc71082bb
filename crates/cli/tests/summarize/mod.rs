//! `galley summarize`: JSONL in, JSONL out.

use super::galley;

const INPUT: &str = concat!(
    r#"{"id":"zh","text":"国家医保局近日发布药品集中带量采购新规。新规要求各地在今年底前完成第五批药品采购。业内人士认为，带量采购将进一步降低群众看病负担。"}"#,
    "\n",
    r#"{"id":7,"text":"Dr. Smith met the mayor on Monday. The council approved the new budget for schools. Critics said the budget ignores roads."}"#,
    "\n"
);

fn lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn summarize_jsonl_in_order_with_budget() {
    let out = galley()
        .args(["summarize", "--sentences", "1", "--keywords", "3"])
        .write_stdin(INPUT)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = lines(&out.stdout);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["id"], "zh");
    assert_eq!(recs[1]["id"], "7");
    for (r, text) in recs.iter().zip(INPUT.lines()) {
        let summary = r["summary"].as_array().unwrap();
        assert_eq!(summary.len(), 1);
        let src: serde_json::Value = serde_json::from_str(text).unwrap();
        assert!(src["text"]
            .as_str()
            .unwrap()
            .contains(summary[0].as_str().unwrap()));
        assert_eq!(r["keywords"].as_array().unwrap().len(), 3);
    }
    assert_eq!(
        recs[0]["summary"][0],
        "国家医保局近日发布药品集中带量采购新规。"
    );
}

#[test]
fn char_budget_and_ranker_by_name() {
    for ranker in ["lead", "lex_rank", "centroid", "textrank"] {
        let out = galley()
            .args(["summarize", "--chars", "40", "--ranker", ranker])
            .write_stdin(INPUT)
            .output()
            .unwrap();
        assert!(out.status.success(), "{ranker}");
        for r in lines(&out.stdout) {
            let total: usize = r["summary"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().chars().count())
                .sum();
            assert!(total <= 40, "{ranker}: {r}");
        }
    }
}

#[test]
fn char_budget_too_small_for_any_sentence_gives_the_first_ranked_alone() {
    let out = galley()
        .args([
            "summarize",
            "--chars",
            "5",
            "--ranker",
            "lead",
            "--keywords",
            "0",
        ])
        .write_stdin(INPUT)
        .output()
        .unwrap();
    assert!(out.status.success());
    let recs = lines(&out.stdout);
    assert_eq!(recs[0]["summary"].as_array().unwrap().len(), 1);
    assert_eq!(
        recs[0]["summary"][0],
        "国家医保局近日发布药品集中带量采购新规。"
    );
}

#[test]
fn bad_flags_are_usage_errors_and_bad_lines_partial() {
    galley()
        .args(["summarize", "--ranker", "nope"])
        .write_stdin(INPUT)
        .assert()
        .code(2);
    galley()
        .args(["summarize", "--ratio", "2"])
        .write_stdin(INPUT)
        .assert()
        .code(2);
    galley()
        .args(["summarize", "--sentences", "1", "--chars", "9"])
        .write_stdin(INPUT)
        .assert()
        .code(2);
    let out = galley()
        .args(["summarize"])
        .write_stdin(format!("{INPUT}{{broken\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(lines(&out.stdout).len(), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:3"));
}
