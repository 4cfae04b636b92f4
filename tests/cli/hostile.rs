//! The hostile-input suite: every file in tests/hostile/ plus a few generated large ones, each
//! run through the command that reads it. Each must end with exit 2 and the exact message in the
//! snapshot (or, for input that is merely large but valid, a correct result), and never a panic.
//! Time and memory are measured outside the test suite (see the README's Limits section); these
//! machines are shared, so no timing is asserted here.

use crate::common::run;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The command that reads a hostile file, from its name.
fn command(name: &str, path: &str) -> Vec<String> {
    let args: Vec<&str> = if name.starts_with("rubric-") {
        vec!["rubric", "validate", path]
    } else if name.starts_with("program-") {
        vec!["check", path, "--today", "2026-11-22", "--format", "json"]
    } else if name.starts_with("export-") {
        // The hostile exports ask a few questions only: what they test is past the columns.
        vec!["score", path, "--format", "json", "--allow-missing"]
    } else {
        vec!["score", path, "--format", "json"]
    };
    args.into_iter().map(String::from).collect()
}

/// Short base-36 keys, so 100,000 of them fit under the file-size limit.
fn key(mut k: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut s = Vec::new();
    loop {
        s.push(DIGITS[k % 36]);
        k /= 36;
        if k == 0 {
            break;
        }
    }
    s.reverse();
    format!("k{}", String::from_utf8(s).unwrap())
}

/// Large inputs, written once per build into the target folder (also used by benches/hostile.sh).
fn generated() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-generated");
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: String| std::fs::write(dir.join(name), text).unwrap();
    // 2 MiB: a valid file padded with a comment.
    write(
        "huge-2mib.yaml",
        format!(
            "answers:\n  training: emerging\n# {}\n",
            "x".repeat(2 * 1024 * 1024)
        ),
    );
    // Flow style keeps 100,000 entries under the file-size limit, so the map limit answers.
    let mut map = String::from("answers: {");
    for k in 0..100_000 {
        let _ = write!(map, "{}: x,", key(k));
    }
    map.push_str("}\n");
    write("answers-100000-entries.yaml", map);
    write(
        "long-note.yaml",
        format!(
            "answers:\n  training:\n    level: emerging\n    note: \"{}\"\n",
            "a very long note ".repeat(55_000)
        ),
    );
    write(
        "long-attribute-id.yaml",
        format!(
            "answers:\n  {}: emerging\n",
            "sharing-personas-".repeat(30_000)
        ),
    );
    let mut many = String::from("answers:\n  training: emerging\npersonas:\n");
    for k in 0..100_000 {
        let _ = writeln!(many, "  - {{ id: p{k}, kind: negative }}");
    }
    write("program-100000-personas.yaml", many);
    // Large but valid: 10,000 personas, the most a program may hold (short ones: 1 MiB is the
    // file limit).
    let mut valid = String::from(
        "date: 2026-11-01\nanswers:\n  training: emerging\n  number-of-personas: experimenting\n\
         personas:\n",
    );
    for k in 0..10_000 {
        let _ = writeln!(
            valid,
            "  - {{ id: p{k}, kind: buyer, buying_role: user, last_updated: 2026-10-01 }}"
        );
    }
    write("program-10000-personas-valid.yaml", valid);
    // 3,000 personas that are all one persona with a 10,000-item `covers` list, through aliases:
    // 151 KB that would expand to 30 million values.
    let covers = ["demographics", "goals-priorities"]
        .repeat(5_000)
        .join(", ");
    let mut bomb = format!(
        "answers:\n  training: emerging\npersonas:\n  - &p {{ id: same, covers: [{covers}] }}\n"
    );
    for _ in 1..3_000 {
        bomb.push_str("  - *p\n");
    }
    write("program-personas-alias-covers.yaml", bomb);
    // A bracket bomb behind an anchor, 80 KB: the nesting limit must hold whatever precedes it.
    write(
        "deep-nesting-anchor-80kb.yaml",
        format!("answers: &a {}{}\n", "[".repeat(40_000), "]".repeat(40_000)),
    );
    // A form export with a 2 MiB answer, and one whose only row never ends (17 MiB, no newline).
    write(
        "export-2mib-cell.csv",
        format!(
            "Your name,4. Training\nDana,\"{}\"\n",
            "3".repeat(2 * 1024 * 1024)
        ),
    );
    write(
        "export-endless-row.csv",
        format!(
            "Your name,4. Training\nDana,{}",
            "x".repeat(17 * 1024 * 1024)
        ),
    );
    dir
}

#[test]
fn every_hostile_file_is_refused_with_a_clear_message() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files: Vec<(String, PathBuf, String)> = std::fs::read_dir("tests/hostile")
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name.clone(), p, format!("tests/hostile/{name}"))
        })
        .collect();
    let gen = generated();
    for e in std::fs::read_dir(&gen).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        files.push((name.clone(), p, format!("<generated>/{name}")));
    }
    files.sort();
    assert!(files.len() >= 25, "{} hostile files", files.len());

    // Every file is its own run of the tool: spread over the cores, the report put back in order.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut parts: Vec<(usize, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((name, path, shown)) = files.get(k) else {
                            return done;
                        };
                        done.push((k, one(root, name, path, shown)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a hostile file's check panicked"))
            .collect()
    });
    parts.sort();
    let report: String = parts.into_iter().map(|(_, text)| text).collect();
    insta::assert_snapshot!("hostile_inputs", report);
}

/// Run the command that reads one hostile file; its part of the report.
fn one(root: &str, name: &str, path: &Path, shown: &str) -> String {
    let mut report = String::new();
    let args = command(name, path.to_str().unwrap());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = run(&args);
    assert!(!err.contains("panicked"), "{name} panicked: {err}");
    let err = err
        .replace(path.to_str().unwrap(), shown)
        .replace(&format!("{root}/"), "");
    if name.ends_with("-valid.yaml") || name == "null-answers-map.yaml" {
        // Large or odd but valid: a real result, not an error.
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON result");
        assert!(code == 0 || code == 1, "{name}: exit {code}: {err}");
        let _ = writeln!(
            report,
            "== {shown} ({}) → exit {code}, valid: {}\n{err}",
            args[0],
            if name == "null-answers-map.yaml" {
                format!("{} answered", v["coverage"]["answered"])
            } else {
                format!("{} findings", v["findings"].as_array().unwrap().len())
            }
        );
        return report;
    }
    assert_eq!(code, 2, "{name}: expected exit 2, got {code}: {err}");
    assert!(
        err.lines().any(|l| l.starts_with("error: ")),
        "{name}: {err}"
    );
    if args[0] == "check" {
        // `check` still writes its report: the input error as its one finding.
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["input_error"], true, "{name}: {out}");
        assert_eq!(v["findings"][0]["rule"], "invalid-input", "{name}: {out}");
    } else {
        assert!(out.is_empty(), "{name}: printed a result: {out}");
    }
    let _ = writeln!(report, "== {shown} ({}) → exit {code}\n{err}", args[0]);
    report
}
