//! `galley dedup` end to end.

use std::path::Path;

use super::galley;

fn write_corpus(dir: &Path) -> std::path::PathBuf {
    let text = "教育强则国家强。作为战略先导、重要支撑、有效途径和基础工程，建设教育强国的完整图景已铺开。当前，我市正在加快推进教育强市建设。";
    let other = "The city council approved the new budget on Tuesday after a long debate about school funding and road repairs in the northern districts.";
    let lines = [
        serde_json::json!({"id": "b", "text": text, "url": "u1"}),
        serde_json::json!({"id": "a", "text": format!("{text}\n补充")}),
        serde_json::json!({"id": "c", "text": other}),
        serde_json::json!({"id": "d", "text": other.replace(" budget on", "\n\nBudget on")}),
    ];
    let body: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let path = dir.join("in.jsonl");
    std::fs::write(&path, body.join("\n") + "\n{broken\n").unwrap();
    path
}

#[test]
fn dedup_writes_kept_records_and_clusters() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_corpus(dir.path());
    let clusters = dir.path().join("clusters.jsonl");
    let kept = dir.path().join("kept.jsonl");
    let out = galley()
        .arg("dedup")
        .arg(&input)
        .arg("--clusters")
        .arg(&clusters)
        .arg("-o")
        .arg(&kept)
        .output()
        .unwrap();
    // The broken line is named and skipped: exit 1, everything else written.
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("in.jsonl:5: invalid JSON"), "{err}");
    let c: Vec<serde_json::Value> = std::fs::read_to_string(&clusters)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(c.len(), 2);
    assert_eq!(c[0]["members"], serde_json::json!(["a", "b"]));
    assert_eq!(c[0]["kept"], "a");
    assert_eq!(c[0]["cluster"], 0);
    assert!(c[0]["similarity"]["verified"].as_f64().unwrap() > 0.8);
    assert_eq!(c[1]["members"], serde_json::json!(["c", "d"]));
    let kept = std::fs::read_to_string(&kept).unwrap();
    let ids: Vec<String> = kept
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["a", "c"]);
}

#[test]
fn dedup_reads_stdin_and_strict_aborts() {
    let dir = tempfile::tempdir().unwrap();
    let input = std::fs::read(write_corpus(dir.path())).unwrap();
    let clusters = dir.path().join("c.jsonl");
    let out = galley()
        .args(["dedup", "--strict", "--clusters"])
        .arg(&clusters)
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:5"));
    assert!(!clusters.exists());
    let out = galley()
        .args(["dedup", "--quiet", "--clusters"])
        .arg(&clusters)
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
}

#[test]
fn dedup_rejects_bad_options() {
    let out = galley()
        .args(["dedup", "--threshold", "1.5", "--clusters", "x.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("threshold"));
}
