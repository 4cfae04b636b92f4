//! What a stopped process leaves, and the next run cleans. `import` writes its folder as one
//! transaction: killed at any point (`kill -9`), interrupted (Ctrl-C), racing another import, or
//! replacing an earlier import with `--force`, the folder ends as an uninterrupted import leaves
//! it once the tool's own advice is followed, and nothing of another import is ever deleted. A
//! save that `assess` was killed in leaves a temporary file, removed when it next starts.

use crate::common::Pm;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// An export of `rows` respondents, P1… (every cell a level), as Google Forms writes it.
fn export(dir: &Path, name: &str, rows: usize) -> String {
    export_of(dir, name, rows, "P")
}

/// The same, the respondents named `who`1….
fn export_of(dir: &Path, name: &str, rows: usize, who: &str) -> String {
    let mut csv = String::from(
        "\"Timestamp\",\"Your name\",\"Your role\",\"Training\",\"Sharing Personas\",\"Budget Allocation\"\r\n",
    );
    for k in 1..=rows {
        csv.push_str(&format!(
            "\"2026/11/02 10:{:02}:00 AM GMT+1\",\"{who}{k}\",\"{}\",\"{}\",\"{}\",\"{}\"\r\n",
            k % 60,
            ["sales", "marketing", "product"][k % 3],
            1 + k % 4,
            1 + (k / 4) % 4,
            1 + (k / 16) % 4
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, csv).unwrap();
    path.to_str().unwrap().to_string()
}

/// The import's arguments.
fn args(export: &str, out: &Path, extra: &[&str]) -> Vec<String> {
    let mut a = vec![
        "import".to_string(),
        export.to_string(),
        "--out".to_string(),
        out.display().to_string(),
        "--allow-missing".to_string(),
    ];
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

/// Every file under `dir` (hidden ones and folders too) and its text: what "the same folder"
/// means.
fn contents(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
        let text = if e.file_type().is_dir() {
            "<folder>".to_string()
        } else {
            std::fs::read_to_string(e.path()).unwrap()
        };
        out.insert(rel, text);
    }
    out
}

/// The answers files in a folder, by name.
fn answers_files(dir: &Path) -> Vec<String> {
    contents(dir)
        .into_keys()
        .filter(|n| n.ends_with(".yaml"))
        .collect()
}

/// The import started as a child process, in `dir`.
fn spawn(args: &[String], dir: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_persona-maturity"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Files written so far into an import's staging folder.
fn staged(out: &Path) -> usize {
    std::fs::read_dir(out)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .map(|e| std::fs::read_dir(e.path()).map_or(0, |d| d.count()))
        .sum()
}

/// A folder as teams keep one: a file someone wrote by hand, and the import of a larger export
/// of the same form, made earlier (`--force` replaces that import, and only that).
fn earlier_folder(dir: &Path, out: &Path) {
    std::fs::create_dir_all(out).unwrap();
    std::fs::write(
        out.join("my-own.yaml"),
        "respondent: { name: Kim, role: sales }\nanswers:\n  training: emerging\n",
    )
    .unwrap();
    let older = dir.join("older");
    std::fs::create_dir_all(&older).unwrap();
    export(&older, "responses.csv", 24);
    // Named from `dir`, as a person in it would: the files say the same wherever `dir` is.
    let out = out.strip_prefix(dir).unwrap_or(out);
    Pm::new(args("older/responses.csv", out, &[]))
        .dir(dir)
        .run()
        .exits(0);
}

#[test]
fn force_replaces_exactly_what_the_earlier_import_of_that_export_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    earlier_folder(dir.path(), &out);
    // Another export's import into the same folder stays too.
    let other = export_of(dir.path(), "workshop.csv", 2, "W");
    Pm::new(args(&other, &out, &[])).run().exits(0);
    assert_eq!(answers_files(&out).len(), 24 + 1 + 2);
    // The same form downloaded again, now with 16 rows: 16 files, the hand-written one and the
    // workshop's.
    let small = export(dir.path(), "responses.csv", 16);
    Pm::new(args(&small, &out, &["--force"]))
        .run()
        .exits(0)
        .says("16 answers files written to")
        .says("8 files the earlier import of");
    let files = answers_files(&out);
    assert_eq!(files.len(), 16 + 1 + 2, "{files:?}");
    assert!(files.contains(&"my-own.yaml".to_string()));
    assert!(files.contains(&"w1.yaml".to_string()));
    assert!(!files.contains(&"p17.yaml".to_string()));
    let v: serde_json::Value = serde_json::from_str(
        &Pm::new(["score", out.to_str().unwrap(), "--format", "json"])
            .run()
            .exits(0)
            .out,
    )
    .unwrap();
    assert_eq!(v["respondents"], 19);
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_an_import_undoes_it_and_the_folder_is_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    earlier_folder(dir.path(), &out);
    let before = contents(&out);
    let big = export(dir.path(), "responses.csv", 20_000);
    let child = spawn(&args(&big, &out, &["--force"]), dir.path());
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline && staged(&out) < 100 {
        std::thread::sleep(Duration::from_millis(2));
    }
    rustix::process::kill_process(
        rustix::process::Pid::from_child(&child),
        rustix::process::Signal::INT,
    )
    .unwrap();
    let done = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&done.stderr);
    if done.status.code() == Some(0) {
        eprintln!("skipped: the import finished before the interrupt");
        return;
    }
    assert_eq!(done.status.code(), Some(130), "{err}");
    assert!(
        err.contains("interrupted: nothing was written to the folder"),
        "{err}"
    );
    assert_eq!(contents(&out), before, "{err}");
}

#[cfg(unix)]
#[test]
fn the_second_of_two_imports_into_one_folder_waits_and_deletes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let big = export(dir.path(), "responses.csv", 20_000);
    let small = export(dir.path(), "workshop.csv", 3);
    let mut first = spawn(&args(&big, &out, &[]), dir.path());
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline && staged(&out) < 100 {
        std::thread::sleep(Duration::from_millis(2));
    }
    let second = Pm::new(args(&small, &out, &[])).run();
    let first_done = first.wait().unwrap();
    if staged(&out) == 0 && second.code == 0 {
        eprintln!("skipped: the first import finished before the second started");
        return;
    }
    let second = second
        .exits(2)
        .says("another import into this folder is running (process")
        .says("wait for it to finish");
    assert!(!second.err.contains("delete"), "{}", second.err);
    assert!(first_done.success());
    assert_eq!(answers_files(&out).len(), 20_000);
}

/// Kill the import at many points, from before its first file to after its last, then do what
/// the tool says: the folder is the one an uninterrupted import makes, byte for byte, hidden
/// files included.
#[cfg(unix)]
#[test]
fn an_import_killed_anywhere_then_run_again_as_advised_gives_the_uninterrupted_result() {
    let dir = tempfile::tempdir().unwrap();
    let exported = export(dir.path(), "responses.csv", 800);
    // Each run in a folder of its own, into `out` there: the files name their folder, so the
    // same relative name makes the same files.
    let out = Path::new("out");
    let prepare = |base: &Path, force: bool| {
        std::fs::create_dir_all(base).unwrap();
        if force {
            earlier_folder(base, &base.join(out));
        }
        let extra: &[&str] = if force { &["--force"] } else { &[] };
        args(&exported, out, extra)
    };
    // The uninterrupted imports, plain and replacing an earlier import with --force, timed.
    let reference = |force: bool| {
        let base = dir.path().join(format!("reference-{force}"));
        let a = prepare(&base, force);
        let started = Instant::now();
        Pm::new(a).dir(&base).run().exits(0);
        (contents(&base.join(out)), started.elapsed())
    };
    let references = [reference(false), reference(true)];
    // Points spread over the run and past its end, in a fixed pseudo-random order.
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // Twelve trials at points in time; then two (plain and --force) that wait, however loaded
    // the machine, until a quarter of the files are written, so some kill lands mid-writing.
    let trials = 14;
    let mut killed_writing = 0;
    for trial in 0..trials {
        let force = trial % 2 == 1;
        let (want, took) = &references[usize::from(force)];
        let base = dir.path().join(format!("trial-{trial}"));
        let a = prepare(&base, force);
        let delay = took.mul_f64((next() % 1200) as f64 / 1000.0);
        let folder = base.join(out);
        let mut child = spawn(&a, &base);
        if trial < 12 {
            std::thread::sleep(delay);
        } else {
            while staged(&folder) < 200 && child.try_wait().unwrap().is_none() {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        if !status.success() && staged(&folder) > 0 {
            killed_writing += 1;
        }
        // The tool's advice: `score` refuses the folder and says to run the import again.
        if folder.join(".persona-import.unfinished").exists() {
            Pm::new(["score", "out"])
                .dir(&base)
                .run()
                .exits(2)
                .says("an import into this folder has not finished")
                .says("run the same import again: it first undoes what the stopped one left");
        }
        if !status.success() {
            let again = Pm::new(&a).dir(&base).run();
            assert!(
                again.code == 0
                    || (again.err.contains("it had finished")
                        && again.err.contains("already there")),
                "trial {trial} (killed after {delay:?}): {}",
                again.err
            );
        }
        let got = contents(&folder);
        let differ: Vec<&String> = want
            .keys()
            .chain(got.keys())
            .filter(|k| want.get(*k) != got.get(*k))
            .collect();
        assert!(
            differ.is_empty(),
            "trial {trial} (force: {force}, killed after {delay:?} of {took:?}): these differ \
             from an uninterrupted import: {:?}",
            &differ[..differ.len().min(10)]
        );
    }
    // The points reached the writing, not only its start and end.
    assert!(
        killed_writing > 0,
        "no trial killed the import while it wrote"
    );
}

#[cfg(unix)]
#[test]
fn assess_removes_the_temporary_files_of_saves_a_kill_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("q4.yaml");
    std::fs::write(&answers, "answers:\n  training: emerging\n").unwrap();
    // A process that has ended, as a killed session has.
    let mut child = Command::new("true").spawn().unwrap();
    let gone = child.id();
    child.wait().unwrap();
    let stale = dir
        .path()
        .join(format!(".persona-maturity-{gone}-Xy12ab.tmp"));
    std::fs::write(&stale, "answers:\n  training: advancing\n").unwrap();
    Pm::new(["assess", "--out", answers.to_str().unwrap(), "--resume"])
        .env("TERM", "dumb")
        .stdin("q\n")
        .run()
        .says("removed 1 temporary file left in")
        .says("by a save that was stopped");
    assert!(!stale.exists());
}

/// The line that resumes a session names the file by its exact bytes: a name that is not UTF-8
/// (`bad\xff.yaml`, shown as `bad�.yaml`, which would open another, empty file) or that holds an
/// escape sequence is written in `$'…'` quoting, and nothing raw reaches the terminal.
#[cfg(unix)]
#[test]
fn the_resume_line_opens_the_same_file_whatever_its_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    for name in [b"bad\xff.yaml".as_slice(), b"q4\x1b]0;pwned\x07.yaml"] {
        let file = dir.path().join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(&file, "answers:\n  training: emerging\n").unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_persona-maturity"))
            .arg("assess")
            .arg("--out")
            .arg(&file)
            .arg("--resume")
            .env("TERM", "dumb")
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin.take().unwrap().write_all(b"q\n")?;
                c.wait_with_output()
            })
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err}");
        let line = err
            .lines()
            .find_map(|l| {
                l.split_once("persona-maturity assess --out ")
                    .map(|(_, a)| a)
            })
            .unwrap_or_else(|| panic!("no resume line: {err}"));
        let arg = line.split_whitespace().next().unwrap();
        assert!(arg.starts_with("$'"), "{arg}");
        let shell = Command::new("bash")
            .args(["-c", &format!("printf %s {arg}")])
            .output()
            .unwrap();
        assert_eq!(shell.stdout, file.as_os_str().as_bytes(), "{arg}");
    }
}
