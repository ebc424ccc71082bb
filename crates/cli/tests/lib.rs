//! End-to-end tests of the `galley` binary, run in temporary directories.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use galley_core::invariants::check_record;
use galley_core::Record;
use predicates::prelude::*;

fn galley() -> Command {
    let mut c = Command::cargo_bin("galley").unwrap();
    c.env_remove("RUST_BACKTRACE");
    c
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data")
}

fn records(stdout: &[u8]) -> Vec<Record> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn sample_pages_give_five_valid_records_in_order() {
    let out = galley()
        .args(["run", "--quiet"])
        .arg(data_dir())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out.stdout);
    let ids: Vec<&str> = recs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "000_457ab8a230e08ed3",
            "001_362c4761db3f9978",
            "002_f7efa9ca69d6c9b8",
            "003_931da840dc53cf60",
            "004_66cf1caf6c33b5ee"
        ]
    );
    for r in &recs {
        let input = std::fs::read(data_dir().join(format!("{}.txt", r.id))).unwrap();
        check_record(r, &input).unwrap_or_else(|e| panic!("{}: {e}", r.id));
        assert_eq!(r.stats.input_bytes, input.len());
    }
}

#[test]
fn output_order_does_not_depend_on_threads() {
    let one = galley()
        .args(["run", "-q", "-j", "1"])
        .arg(data_dir())
        .output()
        .unwrap();
    let two = galley()
        .args(["run", "-q", "-j", "2"])
        .arg(data_dir())
        .output()
        .unwrap();
    assert!(one.status.success() && two.status.success());
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn single_file_and_stdin_give_the_same_record_but_for_id_and_source() {
    let file = data_dir().join("002_f7efa9ca69d6c9b8.txt");
    let a = galley().args(["run", "-q"]).arg(&file).output().unwrap();
    let b = galley()
        .args(["run", "-q", "-"])
        .write_stdin(std::fs::read(&file).unwrap())
        .output()
        .unwrap();
    let (mut ra, mut rb) = (records(&a.stdout).remove(0), records(&b.stdout).remove(0));
    assert_eq!(rb.id, "stdin");
    ra.id = String::new();
    rb.id = String::new();
    ra.source = None;
    rb.source = None;
    assert_eq!(ra, rb);
}

#[test]
fn jsonl_input_uses_ids_and_reports_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("in.jsonl");
    std::fs::write(
        &p,
        "{\"id\": \"a\", \"text\": \"第一段。\\n\\n第二段。\"}\n\n{broken\n{\"id\": \"c\"}\n{\"id\": \"d\", \"text\": \"\"}\n",
    )
    .unwrap();
    let out = galley()
        .args(["run", "-q", "--input-format", "jsonl"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    let ids: Vec<&str> = recs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["a", "d"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("in.jsonl:3") && err.contains("invalid JSON"),
        "{err}"
    );
    assert!(err.contains("in.jsonl:4") && err.contains("text"), "{err}");
}

#[test]
fn missing_file_is_named_and_others_still_processed() {
    let out = galley()
        .args(["run", "-q", "no/such/file.txt"])
        .arg(data_dir().join("001_362c4761db3f9978.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(records(&out.stdout).len(), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
}

#[test]
fn directory_with_a_bad_and_an_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "好的文本。").unwrap();
    std::fs::write(dir.path().join("b.txt"), b"bad \xff\xfe bytes\n\nok").unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("c.txt")).unwrap();
    std::fs::write(dir.path().join("ignored.md"), "not a page").unwrap();

    let out = galley().args(["run"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "the dangling link fails");
    let recs = records(&out.stdout);
    assert_eq!(
        recs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    let b = &recs[1];
    assert_eq!(b.invalid_utf8.len(), 1);
    assert_eq!(b.invalid_utf8[0].range(), 4..6);
    check_record(b, &std::fs::read(dir.path().join("b.txt")).unwrap()).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("c.txt"), "{err}");
    assert!(
        err.contains("b.txt") && err.contains("not valid UTF-8"),
        "{err}"
    );

    // --strict rejects the invalid file instead.
    let out = galley()
        .args(["run", "-q", "--strict"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(records(&out.stdout).len(), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"));
}

#[test]
fn empty_file_gives_an_empty_record() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.txt");
    std::fs::write(&p, "").unwrap();
    let out = galley().args(["run"]).arg(&p).output().unwrap();
    assert!(out.status.success());
    let r = records(&out.stdout).remove(0);
    assert_eq!(r.id, "empty");
    assert!(r.articles.is_empty() && r.removed.is_empty() && r.edits.is_empty());
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.jsonl");
    std::fs::write(&target, "previous contents\n").unwrap();

    // A config error stops before anything is written: the old file stays.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[stage]]\ntype = \"clean\"\nnot_an_option = 1\n").unwrap();
    let out = galley()
        .args(["run", "-q", "-o"])
        .arg(&target)
        .arg("--config")
        .arg(&bad)
        .arg(data_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not_an_option"));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "previous contents\n"
    );

    // A run with one failed input still writes the complete file of the others.
    let out = galley()
        .args(["run", "-q", "-o"])
        .arg(&target)
        .arg(data_dir())
        .arg("missing.txt")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(records(&std::fs::read(&target).unwrap()).len(), 5);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn text_and_markdown_formats() {
    let file = data_dir().join("003_931da840dc53cf60.txt");
    galley()
        .args(["run", "-q", "--format", "text"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("\n\n").and(predicate::str::contains("{\"").not()));
    galley()
        .args(["run", "-q", "--format", "markdown"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "<!-- galley: 003_931da840dc53cf60 -->",
        ));
}

#[test]
fn config_default_round_trips_and_errors_exit_2() {
    let out = galley().args(["config", "--default"]).output().unwrap();
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.toml");
    std::fs::write(&p, &out.stdout).unwrap();
    galley()
        .args(["config", "--check"])
        .arg(&p)
        .assert()
        .success();
    galley().args(["run", "--no-such-flag"]).assert().code(2);
    std::fs::write(&p, "[[stage]]\ntype = \"nope\"\n").unwrap();
    galley()
        .args(["config", "--check"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope"));
}
mod dedup;
mod review;
mod summarize;
