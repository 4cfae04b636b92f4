//! `history` on the git situations real repositories are in: merges, deleted and renamed files,
//! undated files in a folder, shallow CI clones, a repository owned by another user, GIT_DIR,
//! a hostile `.git/config` and a file name with a line break. Each repository is built here with
//! set dates; the last committed point is checked against `score` of the same files at HEAD.

use crate::common::Pm;
use crate::history::{answers, commit, git, repo};
use serde_json::Value;
use std::path::Path;

fn history(dir: &Path, path: &str) -> (crate::common::Ran, Value) {
    let r = Pm::new(["history", path, "--format", "json"])
        .dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .run();
    let v = serde_json::from_str(&r.out).unwrap_or(Value::Null);
    (r, v)
}

/// Write `file` (relative to `dir`) with three levels (no `date:`), and commit it on `date`.
fn version(dir: &Path, file: &str, levels: [&str; 3], date: &str) {
    write_answers(dir, file, levels);
    commit(dir, date, date);
}

/// Write `file` with three levels (no `date:`), without committing.
fn write_answers(dir: &Path, file: &str, [a, b, c]: [&str; 3]) {
    std::fs::write(dir.join(file), answers(None, a, b, c)).unwrap();
}

fn overall(p: &Value) -> f64 {
    p["overall"]["score"].as_f64().unwrap()
}

/// `score` of `path` in `dir` (the working copy, here equal to HEAD): overall score.
fn score(dir: &Path, path: &str) -> (f64, Value) {
    let r = Pm::new(["score", path, "--format", "json"]).dir(dir).run();
    let v: Value = serde_json::from_str(&r.out).unwrap();
    (v["overall"]["score"].as_f64().unwrap(), v)
}

#[test]
fn a_merged_branch_counts_as_its_merge_and_the_last_point_is_head() {
    let dir = repo();
    let d = dir.path();
    version(
        d,
        "a.yaml",
        ["emerging", "emerging", "emerging"],
        "2026-01-05",
    );
    git(d, &["checkout", "-q", "-b", "draft"], "2026-01-06");
    // On the branch: someone tries a very low answer, then fixes it.
    version(
        d,
        "a.yaml",
        ["experimenting", "experimenting", "experimenting"],
        "2026-02-01",
    );
    version(
        d,
        "a.yaml",
        ["advancing", "advancing", "emerging"],
        "2026-02-03",
    );
    git(d, &["checkout", "-q", "main"], "2026-02-04");
    std::fs::write(d.join("notes.txt"), "unrelated\n").unwrap();
    commit(d, "2026-02-02", "main moves on");
    git(
        d,
        &["merge", "-q", "--no-ff", "draft", "-m", "merge draft"],
        "2026-02-10",
    );
    let (r, v) = history(d, "a.yaml");
    let r = r.exits(0);
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 2, "q1, then the merge: {}", r.out);
    assert!(
        points.iter().all(|p| overall(p) >= 2.0),
        "the branch's low draft never happened on main: {}",
        r.out
    );
    assert_eq!(overall(&points[1]), score(d, "a.yaml").0);
}

#[test]
fn a_folder_sees_deletions_and_ignores_readme_and_rename_only_commits() {
    let dir = repo();
    let d = dir.path();
    let f = d.join("responses");
    std::fs::create_dir(&f).unwrap();
    for (name, level) in [
        ("a", "emerging"),
        ("b", "advancing"),
        ("c", "advancing"),
        ("d", "fully-optimized"),
    ] {
        std::fs::write(
            f.join(format!("{name}.yaml")),
            answers(None, level, level, level),
        )
        .unwrap();
    }
    commit(d, "2026-01-05", "four respondents");
    std::fs::write(f.join("README.md"), "how to answer\n").unwrap();
    commit(d, "2026-01-06", "readme");
    git(
        d,
        &["mv", "responses/a.yaml", "responses/ana.yaml"],
        "2026-01-07",
    );
    commit(d, "2026-01-07", "rename");
    std::fs::remove_file(f.join("d.yaml")).unwrap();
    commit(d, "2026-01-08", "d left");
    let (r, v) = history(d, "responses");
    let r = r.exits(0);
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 2, "{}", r.out);
    assert_eq!(points[0]["respondents"], 4);
    assert_eq!(points[1]["respondents"], 3, "the deletion is a version");
    let (now, s) = score(d, "responses");
    assert_eq!(s["respondents"], 3);
    assert_eq!(overall(&points[1]), now);
}

#[test]
fn an_undated_file_in_a_folder_takes_the_date_of_the_commit_that_brought_it() {
    let dir = repo();
    let d = dir.path();
    let f = d.join("responses");
    std::fs::create_dir(&f).unwrap();
    std::fs::write(
        f.join("a.yaml"),
        answers(Some("2026-04-01"), "emerging", "emerging", "emerging"),
    )
    .unwrap();
    std::fs::write(
        f.join("b.yaml"),
        answers(Some("2026-04-02"), "emerging", "emerging", "emerging"),
    )
    .unwrap();
    commit(d, "2026-04-03", "Q2");
    // A Q3 re-assessment by b, without a date: in Q3, not Q2.
    std::fs::write(
        f.join("b.yaml"),
        answers(None, "advancing", "advancing", "advancing"),
    )
    .unwrap();
    commit(d, "2026-08-20", "Q3");
    let (r, v) = history(d, "responses");
    let r = r.exits(0);
    let dates: Vec<&str> = v["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-04-02", "2026-08-20"], "{}", r.out);
}

#[test]
fn a_shallow_clone_says_where_its_history_starts() {
    let dir = repo();
    let d = dir.path();
    for (k, level) in ["experimenting", "emerging", "advancing"]
        .iter()
        .enumerate()
    {
        std::fs::write(d.join("a.yaml"), answers(None, level, level, level)).unwrap();
        commit(d, &format!("2026-0{}-01", k + 1), level);
    }
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", d.display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "c"],
        "2026-05-01",
    );
    let c = clone.path().join("c");
    let head = git(&c, &["rev-parse", "HEAD"], "2026-05-01");
    let (r, v) = history(&c, "a.yaml");
    let r = r.exits(0).says("is a shallow clone").says("fetch-depth: 0");
    assert_eq!(v["shallow_boundary"], head.trim(), "{}", r.out);
    assert_eq!(v["points"].as_array().unwrap().len(), 1);
    let table = Pm::new(["history", "a.yaml"]).dir(&c).run().exits(0);
    assert!(
        table.out.contains("history starts at the shallow boundary"),
        "{}",
        table.out
    );
}

#[test]
fn git_s_own_reason_is_passed_on() {
    // A repository owned by another user: git refuses it ("dubious ownership").
    let dir = repo();
    let d = dir.path();
    version(
        d,
        "a.yaml",
        ["emerging", "emerging", "emerging"],
        "2026-01-05",
    );
    let chowned = std::process::Command::new("chown")
        .args(["-R", "12345:12345"])
        .arg(d)
        .status()
        .is_ok_and(|s| s.success());
    if chowned && rustix::process::geteuid().is_root() {
        let (r, _) = history(d, "a.yaml");
        r.exits(2)
            .says("detected dubious ownership")
            .says("safe.directory");
    } else {
        eprintln!("skipped: the dubious-ownership case needs root to give the repository away");
    }
    // A broken configuration: git's words, not "not inside a git repository".
    let dir = repo();
    let d = dir.path();
    version(
        d,
        "a.yaml",
        ["emerging", "emerging", "emerging"],
        "2026-01-05",
    );
    let config = d.join(".git/config");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("[broken\n");
    std::fs::write(&config, text).unwrap();
    let (r, _) = history(d, "a.yaml");
    let r = r.exits(2).says("git cannot read this repository");
    assert!(!r.err.contains("not inside a git repository"), "{r}");
}

#[test]
fn a_hostile_git_config_starts_no_program_and_changes_nothing_shown() {
    let dir = repo();
    let d = dir.path();
    version(
        d,
        "a.yaml",
        ["emerging", "emerging", "emerging"],
        "2026-01-05",
    );
    version(
        d,
        "a.yaml",
        ["advancing", "emerging", "emerging"],
        "2026-02-05",
    );
    // Uncommitted: `git status` runs, and would start the fsmonitor.
    write_answers(d, "a.yaml", ["advancing", "advancing", "emerging"]);
    let marker = d.join("..").join(format!(
        "fsmonitor-ran-{}",
        d.file_name().unwrap().to_string_lossy()
    ));
    let script = d.join("monitor.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\ntouch '{}'\n", marker.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    for (k, v) in [
        ("core.fsmonitor", script.to_str().unwrap()),
        ("core.pager", "touch /nonexistent-pager-ran"),
        ("log.showRoot", "false"),
        ("i18n.logOutputEncoding", "UTF-16"),
        ("log.showSignature", "true"),
        ("color.ui", "always"),
    ] {
        git(d, &["config", k, v], "2026-03-01");
    }
    let (r, v) = history(d, "a.yaml");
    let r = r.exits(0);
    assert!(!marker.exists(), "the fsmonitor program ran");
    let points = v["points"].as_array().unwrap();
    assert_eq!(
        points.len(),
        3,
        "both commits (the first too) and the working copy: {}",
        r.out
    );
    let _ = std::fs::remove_file(&marker);
}

#[test]
fn git_dir_without_a_work_tree_is_read_from_the_folder_the_user_is_in() {
    let dir = repo();
    let d = dir.path();
    std::fs::create_dir(d.join("persona")).unwrap();
    version(
        d,
        "persona/a.yaml",
        ["emerging", "emerging", "emerging"],
        "2026-01-05",
    );
    let r = Pm::new(["history", "persona/a.yaml", "--format", "json"])
        .dir(d)
        .env("GIT_DIR", d.join(".git").to_str().unwrap())
        .run()
        .exits(0);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["points"].as_array().unwrap().len(), 1);
}

#[test]
fn a_file_name_with_a_line_break_cannot_make_a_point_score_another_file() {
    let dir = repo();
    let d = dir.path();
    let f = d.join("responses");
    std::fs::create_dir(&f).unwrap();
    std::fs::write(
        f.join("a.yaml"),
        answers(None, "emerging", "emerging", "emerging"),
    )
    .unwrap();
    std::fs::write(
        d.join("fake.yaml"),
        answers(
            None,
            "fully-optimized",
            "fully-optimized",
            "fully-optimized",
        ),
    )
    .unwrap();
    // `responses/b` + line break + `HEAD:fake.yaml`: a request that would read another file.
    std::fs::write(
        f.join("b\nHEAD:fake.yaml"),
        answers(None, "experimenting", "experimenting", "experimenting"),
    )
    .unwrap();
    commit(d, "2026-01-05", "q1");
    let (r, v) = history(d, "responses");
    let r = r.exits(2).says("a path with a line break is not read");
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 1, "{}", r.out);
    assert_eq!(points[0]["respondents"], 1, "only a.yaml: {}", r.out);
}

#[test]
fn a_conversion_to_toml_continues_the_history_and_says_so() {
    let dir = repo();
    let d = dir.path();
    std::fs::create_dir(d.join("persona")).unwrap();
    version(
        d,
        "persona/answers.yaml",
        ["experimenting", "experimenting", "experimenting"],
        "2026-01-05",
    );
    version(
        d,
        "persona/answers.yaml",
        ["emerging", "emerging", "emerging"],
        "2026-04-05",
    );
    // Converted to TOML, with an answer changed: git sees a deletion and an addition.
    std::fs::remove_file(d.join("persona/answers.yaml")).unwrap();
    std::fs::write(
        d.join("persona/answers.toml"),
        "[answers]\ninternal-persona-ownership = \"advancing\"\ntraining = \"emerging\"\nfrequency-of-updates = \"emerging\"\n",
    )
    .unwrap();
    commit(d, "2026-07-05", "q3 in toml");
    let convert = git(d, &["rev-parse", "--short=7", "HEAD"], "2026-07-06");
    let (r, v) = history(d, "persona/answers.toml");
    let r = r.exits(0);
    assert_eq!(v["points"].as_array().unwrap().len(), 3, "{}", r.out);
    assert_eq!(v["continued_from"][0]["path"], "persona/answers.yaml");
    let table = Pm::new(["history", "persona/answers.toml"])
        .dir(d)
        .run()
        .exits(0);
    assert!(
        table.out.contains(&format!(
            "continued from persona/answers.yaml at {}",
            convert.trim()
        )),
        "{}",
        table.out
    );
}

#[test]
fn a_move_with_a_rewrite_continues_from_the_moved_file_never_from_a_copy_source_that_stays() {
    // `git log --follow` looks for copies in every file: a moved file rewritten so that another
    // answers file (a respondent's, which stays) is closer to it than its own past is taken for a
    // copy of that file. Its history must go on with the file it was, not the respondent's.
    let dir = repo();
    let d = dir.path();
    std::fs::create_dir_all(d.join("persona")).unwrap();
    std::fs::create_dir_all(d.join("responses")).unwrap();
    version(
        d,
        "persona/answers.yaml",
        ["experimenting", "experimenting", "emerging"],
        "2026-01-05",
    );
    std::fs::write(
        d.join("responses/r0.yaml"),
        format!(
            "respondent: {{role: marketing}}\n{}",
            answers(None, "advancing", "experimenting", "experimenting")
        ),
    )
    .unwrap();
    commit(d, "2026-01-06", "a respondent");
    git(
        d,
        &["mv", "persona/answers.yaml", "persona/assessment.yaml"],
        "2026-01-07",
    );
    version(
        d,
        "persona/assessment.yaml",
        ["emerging", "experimenting", "experimenting"],
        "2026-01-07",
    );
    let first = git(d, &["rev-list", "--max-parents=0", "HEAD"], "2026-01-08");
    let moved = git(d, &["rev-parse", "HEAD"], "2026-01-08");
    let (r, v) = history(d, "persona/assessment.yaml");
    let r = r.exits(0);
    let revisions: Vec<&str> = v["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["revision"].as_str().unwrap())
        .collect();
    assert_eq!(revisions, [first.trim(), moved.trim()], "{}", r.out);
    assert_eq!(v["continued_from"][0]["path"], "persona/answers.yaml");
    assert_eq!(
        overall(&v["points"][1]),
        score(d, "persona/assessment.yaml").0
    );
}

#[test]
fn a_team_leaving_the_survey_is_said_not_shown_as_regressions_alone() {
    let dir = repo();
    let d = dir.path();
    let f = d.join("responses");
    std::fs::create_dir(&f).unwrap();
    let with_role = |role: &str, level: &str| {
        format!(
            "respondent: {{role: {role}}}\n{}",
            answers(None, level, level, level)
        )
    };
    std::fs::write(f.join("a.yaml"), with_role("marketing", "emerging")).unwrap();
    std::fs::write(f.join("b.yaml"), with_role("sales", "emerging")).unwrap();
    std::fs::write(f.join("p.yaml"), with_role("product", "fully-optimized")).unwrap();
    std::fs::write(f.join("q.yaml"), with_role("product", "fully-optimized")).unwrap();
    commit(d, "2026-01-05", "q1");
    std::fs::remove_file(f.join("p.yaml")).unwrap();
    std::fs::remove_file(f.join("q.yaml")).unwrap();
    commit(d, "2026-04-05", "product left");
    for format in ["table", "markdown", "html"] {
        let r = Pm::new(["history", "responses", "--format", format])
            .dir(d)
            .run()
            .exits(0);
        assert!(
            r.out.contains("4 → 2 respondents: product left the survey"),
            "{format}:\n{}",
            r.out
        );
        assert!(
            r.out.contains("Respondents"),
            "{format}: the column\n{}",
            r.out
        );
    }
}

#[test]
fn a_history_held_against_its_plan_marks_each_step() {
    let dir = repo();
    let d = dir.path();
    version(
        d,
        "a.yaml",
        ["experimenting", "experimenting", "experimenting"],
        "2026-01-05",
    );
    // Ownership reaches Emerging in time; Training reaches it late.
    version(
        d,
        "a.yaml",
        ["emerging", "experimenting", "experimenting"],
        "2026-03-10",
    );
    version(
        d,
        "a.yaml",
        ["emerging", "emerging", "experimenting"],
        "2026-08-01",
    );
    let plan = serde_json::json!({
        "quarters": [
            {"quarter": "2026-Q1", "due": "2026-03-31", "steps": [
                {"attribute": "internal-persona-ownership", "next": "emerging", "owner": "Ana"}]},
            {"quarter": "2026-Q2", "due": "2026-06-30", "steps": [
                {"attribute": "training", "next": "emerging"},
                {"attribute": "frequency-of-updates", "next": "emerging"}]},
            {"quarter": "2099-Q4", "due": "2099-12-31", "steps": [
                {"attribute": "internal-persona-ownership", "next": "advancing"}]}
        ]
    });
    std::fs::write(d.join("plan.json"), plan.to_string()).unwrap();
    let r = Pm::new([
        "history",
        "a.yaml",
        "--plan",
        "plan.json",
        "--format",
        "json",
    ])
    .dir(d)
    .run()
    .exits(0);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let statuses: Vec<&str> = v["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["done", "late", "missed", "pending"], "{}", r.out);
    assert_eq!(v["plan"][0]["reached"], "2026-03-10");
    assert_eq!(v["plan"][0]["owner"], "Ana");
    let table = Pm::new(["history", "a.yaml", "--plan", "plan.json"])
        .dir(d)
        .run()
        .exits(0);
    assert!(table.out.contains("Against the plan"), "{}", table.out);
    assert!(
        table.out.contains("late: reached on 2026-08-01"),
        "{}",
        table.out
    );
    // A program file's targets are a plan too.
    std::fs::write(
        d.join("program.yaml"),
        "answers: {training: emerging}\npolicy:\n  targets:\n    - { attribute: training, level: emerging, due: 2026-06-30 }\n",
    )
    .unwrap();
    let r = Pm::new([
        "history",
        "a.yaml",
        "--plan",
        "program.yaml",
        "--format",
        "markdown",
    ])
    .dir(d)
    .run()
    .exits(0);
    assert!(
        r.out
            .contains("- [ ] due 2026-06-30 · Training → Emerging · late"),
        "{}",
        r.out
    );
}

/// A program `git` would start from `sh -c`: it touches `marker` (then does `then`).
fn marker_command(marker: &Path, then: &str) -> String {
    format!("touch '{}'; {then}", marker.display())
}

/// Run plain git (as a user would, with the repository's configuration), ignoring its result.
fn plain_git(dir: &Path, args: &[&str]) {
    let _ = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output();
}

#[test]
fn filters_textconv_and_a_pager_named_by_a_stranger_s_config_never_run() {
    let dir = repo();
    let d = dir.path();
    let marks = tempfile::tempdir().unwrap();
    let m = |name: &str| marks.path().join(name);
    let f = d.join("responses");
    std::fs::create_dir(&f).unwrap();
    std::fs::write(
        f.join("a.yaml"),
        answers(None, "emerging", "advancing", "emerging"),
    )
    .unwrap();
    std::fs::write(
        f.join("b.toml"),
        "[answers]\ntraining = \"advancing\"\nsharing-personas = \"emerging\"\n",
    )
    .unwrap();
    // A committed .gitattributes switches the filters on; the clone's .git/config names them.
    std::fs::write(
        d.join(".gitattributes"),
        "*.yaml filter=evil diff=evil\n*.toml filter=proc\n",
    )
    .unwrap();
    commit(d, "2026-01-05", "q1");
    let script = marks.path().join("process.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\ntouch '{}'\nexit 1\n", m("process").display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    for (k, v) in [
        ("filter.evil.clean", marker_command(&m("clean"), "cat")),
        ("filter.evil.smudge", marker_command(&m("smudge"), "cat")),
        ("filter.proc.process", script.display().to_string()),
        ("diff.evil.textconv", marker_command(&m("textconv"), "cat")),
        (
            "diff.evil.command",
            marker_command(&m("diff-command"), "true"),
        ),
        ("diff.external", marker_command(&m("diff-external"), "true")),
        ("core.pager", marker_command(&m("pager"), "cat")),
        ("pager.log", marker_command(&m("pager-log"), "cat")),
    ] {
        git(d, &["config", k, &v], "2026-01-06");
    }
    // Uncommitted changes, the case where the working copy is compared with HEAD: of the same
    // size, so that `git status` would have to run the filters to see them.
    let changed = answers(None, "advancing", "emerging", "emerging");
    std::fs::write(f.join("a.yaml"), &changed).unwrap();
    std::fs::write(
        f.join("b.toml"),
        "[answers]\ntraining = \"emerging\"\nsharing-personas = \"advancing\"\n",
    )
    .unwrap();
    // The traps are armed: plain git runs each program. (A pager starts only on a terminal; it
    // is checked below all the same.)
    let armed = ["clean", "smudge", "process", "textconv", "diff-command"];
    plain_git(d, &["diff", "--", "responses/a.yaml"]);
    plain_git(d, &["diff", "--no-ext-diff", "--", "responses/a.yaml"]);
    plain_git(d, &["diff", "--", "responses/b.toml"]);
    plain_git(d, &["checkout", "--", "responses/a.yaml"]);
    for name in armed {
        assert!(
            m(name).exists(),
            "plain git should have run the {name} program"
        );
    }
    std::fs::write(f.join("a.yaml"), &changed).unwrap();
    for name in armed {
        std::fs::remove_file(m(name)).unwrap();
    }
    for path in ["responses", "responses/a.yaml", "responses/b.toml"] {
        for format in ["json", "table"] {
            let r = Pm::new(["history", path, "--format", format])
                .dir(d)
                .run()
                .exits(0);
            if format == "json" {
                let v: Value = serde_json::from_str(&r.out).unwrap();
                let points = v["points"].as_array().unwrap();
                assert_eq!(
                    points.len(),
                    2,
                    "the commit and the working copy: {}",
                    r.out
                );
                assert_eq!(points[1]["working_copy"], true);
            }
        }
    }
    let ran: Vec<String> = std::fs::read_dir(marks.path())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n != "process.sh")
        .collect();
    assert!(ran.is_empty(), "programs the repository names ran: {ran:?}");
}

/// A partial clone (`--filter=blob:none`, from a local repository that allows filters) of
/// four versions of a.yaml: only HEAD's blob is there.
fn partial_clone() -> (tempfile::TempDir, tempfile::TempDir) {
    let src = repo();
    let s = src.path();
    for (k, level) in ["experimenting", "emerging", "advancing", "fully-optimized"]
        .iter()
        .enumerate()
    {
        std::fs::write(s.join("a.yaml"), answers(None, level, level, level)).unwrap();
        commit(s, &format!("2026-0{}-01", k + 1), level);
    }
    git(
        s,
        &["config", "uploadpack.allowFilter", "true"],
        "2026-05-01",
    );
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", s.display());
    git(
        clone.path(),
        &["clone", "-q", "--filter=blob:none", &url, "c"],
        "2026-05-01",
    );
    (src, clone)
}

#[test]
fn a_partial_clone_s_missing_versions_are_named_and_never_fetched() {
    let marks = tempfile::tempdir().unwrap();
    let m = |name: &str| marks.path().join(name);
    // Three ways a fetch starts a program the clone's configuration names.
    let cases: [(&str, Vec<(&str, String)>); 3] = [
        (
            "uploadpack",
            vec![(
                "remote.origin.uploadpack",
                marker_command(&m("uploadpack"), "git-upload-pack \"$@\""),
            )],
        ),
        (
            "ssh",
            vec![
                ("remote.origin.url", "ssh://example.invalid/repo.git".into()),
                ("core.sshCommand", marker_command(&m("ssh"), "false")),
            ],
        ),
        (
            "ext",
            vec![
                (
                    "remote.origin.url",
                    format!("ext::sh -c touch% {}", m("ext").display()),
                ),
                ("protocol.ext.allow", "always".into()),
            ],
        ),
    ];
    for (name, config) in cases {
        let (_src, clone) = partial_clone();
        let c = clone.path().join("c");
        for (k, v) in &config {
            git(&c, &["config", k, v], "2026-05-01");
        }
        // Armed: plain git fetches the missing version through the program.
        plain_git(&c, &["cat-file", "-p", "HEAD~1:a.yaml"]);
        assert!(m(name).exists(), "{name}: plain git should have run it");
        std::fs::remove_file(m(name)).unwrap();
        let oldest = git(&c, &["rev-parse", "--short=7", "HEAD~3"], "2026-05-01");
        let r = Pm::new(["history", "a.yaml"]).dir(&c).run().exits(2);
        assert!(!m(name).exists(), "{name}: history started the program");
        let r = r
            .says("this is a partial clone and the version of a.yaml at")
            .says("is not here")
            .says("git fetch --refetch origin");
        assert!(
            r.err.contains(oldest.trim()) || r.err.contains("other version"),
            "{r}"
        );
        assert!(!r.err.contains("stopped answering"), "{r}");
        // A folder too.
        let r = Pm::new(["history", "."]).dir(&c).run().exits(2);
        assert!(!m(name).exists(), "{name}: history of a folder started it");
        r.says("this is a partial clone");
    }
}

#[test]
fn git_dir_naming_a_bare_repository_is_named_as_one() {
    let dir = repo();
    let d = dir.path();
    version(
        d,
        "a.yaml",
        ["emerging", "emerging", "emerging"],
        "2026-01-05",
    );
    let bare = tempfile::tempdir().unwrap();
    git(
        bare.path(),
        &["clone", "-q", "--bare", d.to_str().unwrap(), "b.git"],
        "2026-01-06",
    );
    let work = tempfile::tempdir().unwrap();
    let r = Pm::new(["history", "a.yaml"])
        .dir(work.path())
        .env("GIT_DIR", bare.path().join("b.git").to_str().unwrap())
        .run()
        .exits(2)
        .says("is in a bare repository");
    assert!(!r.err.contains("must be run in a work tree"), "{r}");
    // Run inside the bare repository itself.
    Pm::new(["history", "a.yaml"])
        .dir(&bare.path().join("b.git"))
        .run()
        .exits(2)
        .says("is in a bare repository");
}

/// A program file: answers for the attributes given (the rest unanswered) and the policy's
/// targets.
fn program(levels: &[(&str, &str)], targets: &[(&str, &str)]) -> String {
    let mut s = String::from("answers:\n");
    for (a, l) in levels {
        s.push_str(&format!("  {a}: {l}\n"));
    }
    s.push_str("policy:\n  targets:\n");
    for (a, due) in targets {
        s.push_str(&format!(
            "    - {{ attribute: {a}, level: emerging, due: {due} }}\n"
        ));
    }
    s
}

#[test]
fn plan_steps_lost_or_reverted_are_slipped_as_check_says_on_the_same_day() {
    let dir = repo();
    let d = dir.path();
    let targets = [
        ("internal-persona-ownership", "2026-03-31"),
        ("training", "2026-03-31"),
        ("frequency-of-updates", "2026-03-31"),
        ("sharing-personas", "2026-02-15"),
        ("budget-allocation", "2026-03-31"),
        ("executive-sponsorship", "2099-12-31"),
    ];
    let at = |levels: &[(&str, &str)], date: &str, message: &str| {
        std::fs::write(d.join("p.yaml"), program(levels, &targets)).unwrap();
        commit(d, date, message);
    };
    let e = "emerging";
    let x = "experimenting";
    at(&[("training", x)], "2026-01-05", "start");
    at(
        &[("internal-persona-ownership", e), ("training", x)],
        "2026-02-01",
        "ownership reached",
    );
    at(
        &[("internal-persona-ownership", x), ("training", x)],
        "2026-02-20",
        "ownership lost",
    );
    at(
        &[("internal-persona-ownership", x), ("training", e)],
        "2026-03-01",
        "training reached",
    );
    git(d, &["revert", "--no-edit", "HEAD"], "2026-03-02");
    at(
        &[
            ("internal-persona-ownership", x),
            ("training", x),
            ("frequency-of-updates", e),
        ],
        "2026-03-10",
        "updates reached",
    );
    at(
        &[
            ("internal-persona-ownership", x),
            ("training", x),
            ("frequency-of-updates", e),
            ("sharing-personas", e),
        ],
        "2026-03-15",
        "sharing reached, late",
    );
    let statuses = |today: &str| -> Vec<String> {
        let r = Pm::new([
            "history", "p.yaml", "--plan", "p.yaml", "--today", today, "--format", "json",
        ])
        .dir(d)
        .run()
        .exits(0);
        let v: Value = serde_json::from_str(&r.out).unwrap();
        v["plan"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["status"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        statuses("2026-04-15"),
        ["slipped", "slipped", "done", "late", "missed", "pending"]
    );
    // `check` on the same day fails exactly the steps history says are slipped or missed.
    let r = Pm::new([
        "check",
        "p.yaml",
        "--today",
        "2026-04-15",
        "--format",
        "json",
        "--no-fail",
    ])
    .dir(d)
    .run();
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let mut overdue: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "overdue-target")
        .map(|f| f.to_string())
        .collect();
    overdue.sort();
    assert_eq!(overdue.len(), 3, "{overdue:?}");
    for a in [
        "internal-persona-ownership",
        "training",
        "budget-allocation",
    ] {
        assert!(overdue.iter().any(|f| f.contains(a)), "{a}: {overdue:?}");
    }
    // Where it was slipped, and by which version.
    let r = Pm::new([
        "history",
        "p.yaml",
        "--plan",
        "p.yaml",
        "--today",
        "2026-04-15",
    ])
    .dir(d)
    .run()
    .exits(0);
    let revert = git(d, &["rev-parse", "--short=7", "HEAD~2"], "2026-04-15");
    assert!(
        r.out
            .contains("Training → Emerging · slipped: reached on 2026-03-01")
            && r.out
                .contains(&format!("lost on 2026-03-02 ({})", revert.trim())),
        "{}",
        r.out
    );
    // The quarterly review of 2026-02-10, reproduced: later versions are not there yet.
    let r = Pm::new([
        "history",
        "p.yaml",
        "--plan",
        "p.yaml",
        "--today",
        "2026-02-10",
        "--format",
        "json",
    ])
    .dir(d)
    .run()
    .exits(0);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["points"].as_array().unwrap().len(), 2, "{}", r.out);
    assert!(
        r.err
            .contains("5 versions after --today 2026-02-10 left out"),
        "{r}"
    );
    assert_eq!(
        statuses("2026-02-10"),
        ["done", "pending", "pending", "pending", "pending", "pending"]
    );
}

#[test]
fn a_conversion_that_deletes_other_files_continues_from_the_best_match_or_names_them() {
    let dir = repo();
    let d = dir.path();
    std::fs::create_dir(d.join("persona")).unwrap();
    let e = "emerging";
    version(
        d,
        "persona/answers.yaml",
        ["experimenting", e, e],
        "2026-01-05",
    );
    version(d, "persona/answers.yaml", [e, e, "advancing"], "2026-04-05");
    version(
        d,
        "persona/draft.yaml",
        ["fully-optimized", "experimenting", "experimenting"],
        "2026-05-05",
    );
    // Renamed and converted in one commit, the draft deleted with it: no name in common.
    for f in ["persona/answers.yaml", "persona/draft.yaml"] {
        std::fs::remove_file(d.join(f)).unwrap();
    }
    std::fs::write(
        d.join("persona/assessment.toml"),
        "[answers]\ninternal-persona-ownership = \"emerging\"\ntraining = \"emerging\"\nfrequency-of-updates = \"advancing\"\n",
    )
    .unwrap();
    commit(d, "2026-07-05", "one assessment, in toml");
    let (r, v) = history(d, "persona/assessment.toml");
    let r = r.exits(0);
    assert_eq!(v["points"].as_array().unwrap().len(), 3, "{}", r.out);
    assert_eq!(v["continued_from"][0]["path"], "persona/answers.yaml");
    let warned = v["warnings"].to_string();
    assert!(
        warned.contains("also deleted")
            && warned.contains("persona/draft.yaml")
            && warned.contains("the closest answers"),
        "the other file deleted there is named: {warned}"
    );
    // Two deleted files alike: neither is taken, both are named, nothing is dropped silently.
    let dir = repo();
    let d = dir.path();
    std::fs::create_dir(d.join("persona")).unwrap();
    version(d, "persona/a.yaml", [e, e, e], "2026-01-05");
    version(d, "persona/b.yaml", [e, e, e], "2026-02-05");
    for f in ["persona/a.yaml", "persona/b.yaml"] {
        std::fs::remove_file(d.join(f)).unwrap();
    }
    std::fs::write(
        d.join("persona/assessment.toml"),
        "[answers]\ninternal-persona-ownership = \"emerging\"\ntraining = \"emerging\"\nfrequency-of-updates = \"emerging\"\n",
    )
    .unwrap();
    commit(d, "2026-07-05", "merged into one");
    let (r, v) = history(d, "persona/assessment.toml");
    let r = r
        .exits(0)
        .says("the history starts at")
        .says("persona/a.yaml")
        .says("persona/b.yaml");
    assert_eq!(v["points"].as_array().unwrap().len(), 1, "{}", r.out);
    assert!(v.get("continued_from").is_none(), "{}", r.out);
}

/// A git failure is said as one, with the code the README gives it (2, as for input that cannot
/// be read): without git on PATH, history names git, not the answers file, as the problem.
#[test]
fn history_without_git_on_path_says_git_is_missing_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("a.yaml"),
        answers(None, "emerging", "emerging", "emerging"),
    )
    .unwrap();
    let empty = d.join("no-programs");
    std::fs::create_dir(&empty).unwrap();
    let r = Pm::new(["history", "a.yaml"])
        .dir(d)
        .env("PATH", empty.to_str().unwrap())
        .run()
        .exits(2)
        .says("a.yaml: git is not installed (or not on PATH)")
        .says("install git");
    assert!(r.out.is_empty(), "{r}");
}
