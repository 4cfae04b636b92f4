//! The invariant of `history`, checked on generated repositories against an oracle.
//!
//! Each case builds a real repository the way teams work: assessments committed in several time
//! zones (UTC−10 to UTC+14, around midnight), `--no-ff` merges of branches whose own commits must
//! not show, a rebased branch (author dates far from committer dates), reverts, an unrelated
//! commit, renames, a YAML → TOML conversion (sometimes deleting a draft in the same commit), a
//! folder of respondents joining, leaving, renamed and converted, and `date:` missing, out of order
//! or in the future. The oracle knows nothing of how `history` works: it walks `git rev-list
//! --first-parent`, takes the file (or the folder's answers files) at each commit with `git
//! ls-tree` and `git cat-file`, writes it out and runs `score --format json` on it. The committed
//! points must be those scores, in that order, dated by `date:` else the author date's UTC day;
//! the last must be `score` of HEAD's file; and a warning must name exactly the versions dated in
//! the future or before an earlier one.

use crate::common::Pm;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const LEVELS: [&str; 5] = [
    "experimenting",
    "emerging",
    "advancing",
    "fully-optimized",
    "unsure",
];
const ATTRIBUTES: [&str; 3] = [
    "internal-persona-ownership",
    "training",
    "frequency-of-updates",
];
const ROLES: [&str; 3] = ["marketing", "sales", "product"];
/// Offsets around the world, and times of day near midnight, where a local day and the UTC day
/// differ.
const ZONES: [&str; 5] = ["-1000", "+0000", "+1400", "+0530", "-0700"];
const TIMES: [&str; 3] = ["00:30", "12:00", "23:30"];

/// The `date:` a version is written with.
#[derive(Debug, Clone, Copy)]
enum Dating {
    None,
    /// The author's local day.
    Today,
    /// 200 days before it (a revert of a date, a forgotten update).
    Past,
    /// A mistyped year.
    Future,
}

#[derive(Debug, Clone)]
struct Content {
    levels: [usize; 3],
    dating: Dating,
}

#[derive(Debug, Clone)]
enum Op {
    /// A new version of the tracked file.
    Edit(Content),
    /// A commit that touches neither the file nor the folder.
    Unrelated,
    /// Respondent k answers (joins, or answers again), with a role.
    Respondent(usize, Content, usize),
    /// Respondent k's file is deleted.
    Leave(usize),
    /// The folder's README changes.
    Readme,
    /// Respondent k's file is renamed (`git mv`).
    RenameRespondent(usize),
    /// Respondent k's file is converted to TOML.
    ConvertRespondent(usize),
    /// A branch with versions of the file (and maybe a respondent), merged with `--no-ff`; main
    /// moves meanwhile when the flag says so.
    Merge(Vec<Content>, Option<(usize, Content)>, bool),
    /// A branch with versions of the file, rebased onto main 120 days later and fast-forwarded.
    Rebased(Vec<Content>),
    /// `git revert` of the last commit (when it did not rename or convert the file).
    Revert,
    /// The file is renamed (`git mv`), maybe with a change.
    Rename(Option<Content>),
    /// The file is converted to TOML (answers kept or changed); with the flag, a draft added
    /// before is deleted in the same commit.
    Convert(Option<Content>, bool),
}

#[derive(Debug, Clone)]
struct Step {
    op: Op,
    /// Days after the step before.
    advance: i64,
    zone: usize,
    time: usize,
}

fn content() -> impl Strategy<Value = Content> {
    (
        [0usize..5, 0usize..5, 0usize..5],
        prop_oneof![
            3 => Just(Dating::None),
            5 => Just(Dating::Today),
            1 => Just(Dating::Past),
            1 => Just(Dating::Future),
        ],
    )
        .prop_map(|(levels, dating)| Content { levels, dating })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => content().prop_map(Op::Edit),
        1 => Just(Op::Unrelated),
        4 => (0usize..4, content(), 0usize..3).prop_map(|(k, c, r)| Op::Respondent(k, c, r)),
        2 => (0usize..4).prop_map(Op::Leave),
        1 => Just(Op::Readme),
        1 => (0usize..4).prop_map(Op::RenameRespondent),
        1 => (0usize..4).prop_map(Op::ConvertRespondent),
        2 => (
            proptest::collection::vec(content(), 1..3),
            proptest::option::of((0usize..4, content())),
            any::<bool>()
        )
            .prop_map(|(v, r, moves)| Op::Merge(v, r, moves)),
        1 => proptest::collection::vec(content(), 1..3).prop_map(Op::Rebased),
        2 => Just(Op::Revert),
        1 => proptest::option::of(content()).prop_map(Op::Rename),
    ]
}

fn step(op: impl Strategy<Value = Op>) -> impl Strategy<Value = Step> {
    (op, 0i64..40, 0usize..ZONES.len(), 0usize..TIMES.len()).prop_map(
        |(op, advance, zone, time)| Step {
            op,
            advance,
            zone,
            time,
        },
    )
}

/// A history: the file and a respondent first, then steps, with one conversion among them.
fn steps() -> impl Strategy<Value = Vec<Step>> {
    (
        step(content().prop_map(Op::Edit)),
        step((content(), 0usize..3).prop_map(|(c, r)| Op::Respondent(0, c, r))),
        proptest::collection::vec(step(op()), 2..7),
        step(
            (proptest::option::of(content()), any::<bool>())
                .prop_map(|(c, draft)| Op::Convert(c, draft)),
        ),
        proptest::collection::vec(step(op()), 1..6),
    )
        .prop_map(|(first, second, before, convert, after)| {
            let mut all = vec![first, second];
            all.extend(before);
            all.push(convert);
            all.extend(after);
            all
        })
}

/// The repository being built, and what the generator knows of it.
struct Built {
    dir: tempfile::TempDir,
    /// Days since 2022-01-03.
    day: i64,
    zone: usize,
    time: usize,
    /// Every name the tracked file had.
    lineage: Vec<String>,
    toml: bool,
    /// Commits made on branches (never a point).
    side: BTreeSet<String>,
    /// The last commit renamed or converted the file (a revert of it is not generated).
    renamed_last: bool,
    names: usize,
}

impl Built {
    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The author's moment: `YYYY-MM-DD HH:MM:00 ±HHMM`, `later` days after the current day.
    fn when(&self, later: i64) -> String {
        format!(
            "{} {}:00 {}",
            self.local_day(later),
            TIMES[self.time],
            ZONES[self.zone]
        )
    }

    fn local_day(&self, later: i64) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2022, 1, 3).unwrap()
            + chrono::Duration::days(self.day + later)
    }

    fn git(&self, args: &[&str], author: &str, committer: &str) -> String {
        let o = Command::new("git")
            .current_dir(self.path())
            .args(args)
            .env("GIT_AUTHOR_DATE", author)
            .env("GIT_COMMITTER_DATE", committer)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git runs");
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn commit(&mut self, message: &str, later: i64) {
        let at = self.when(later);
        self.git(&["add", "-A"], &at, &at);
        self.git(&["commit", "-q", "--allow-empty", "-m", message], &at, &at);
    }

    /// A commit on a branch: its hash is kept (it must never be a point).
    fn side_commit(&mut self, message: &str, later: i64) {
        self.commit(message, later);
        let at = self.when(later);
        let h = self
            .git(&["rev-parse", "HEAD"], &at, &at)
            .trim()
            .to_string();
        self.side.insert(h);
    }

    /// The tracked file's current name (the last of its names that exists).
    fn tracked(&self) -> String {
        self.lineage
            .iter()
            .rev()
            .find(|p| self.path().join(p).exists())
            .cloned()
            .unwrap_or_else(|| self.lineage[0].clone())
    }

    fn text(&self, c: &Content, toml: bool, role: Option<usize>, later: i64) -> String {
        let date = match c.dating {
            Dating::None => None,
            Dating::Today => Some(self.local_day(later)),
            Dating::Past => Some(self.local_day(later - 200)),
            Dating::Future => Some(
                chrono::NaiveDate::from_ymd_opt(2099, 1, 1).unwrap()
                    + chrono::Duration::days(self.day),
            ),
        };
        let mut s = String::new();
        if toml {
            if let Some(d) = date {
                s.push_str(&format!("date = {d}\n"));
            }
            if let Some(r) = role {
                s.push_str(&format!("[respondent]\nrole = \"{}\"\n", ROLES[r]));
            }
            s.push_str("[answers]\n");
            for (a, l) in ATTRIBUTES.iter().zip(c.levels) {
                s.push_str(&format!("{a} = \"{}\"\n", LEVELS[l]));
            }
        } else {
            if let Some(d) = date {
                s.push_str(&format!("date: {d}\n"));
            }
            if let Some(r) = role {
                s.push_str(&format!("respondent: {{role: {}}}\n", ROLES[r]));
            }
            s.push_str("answers:\n");
            for (a, l) in ATTRIBUTES.iter().zip(c.levels) {
                s.push_str(&format!("  {a}: {}\n", LEVELS[l]));
            }
        }
        s
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Respondent k's file in responses/, if there is one.
    fn respondent(&self, k: usize) -> Option<String> {
        let dir = self.path().join("responses");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.starts_with(&format!("r{k}-")) || n.starts_with(&format!("r{k}.")))
            .collect();
        names.sort();
        names.pop().map(|n| format!("responses/{n}"))
    }

    fn edit(&mut self, c: &Content, later: i64) {
        let text = self.text(c, self.toml, None, later);
        let path = self.tracked();
        self.write(&path, &text);
    }

    fn apply(&mut self, s: &Step) {
        self.day += s.advance;
        self.zone = s.zone;
        self.time = s.time;
        let renamed = matches!(s.op, Op::Rename(_) | Op::Convert(..));
        match &s.op {
            Op::Edit(c) => {
                self.edit(c, 0);
                self.commit("assessment", 0);
            }
            Op::Unrelated => {
                self.write("notes.txt", &format!("day {}\n", self.day));
                self.commit("notes", 0);
            }
            Op::Respondent(k, c, role) => {
                let existing = self.respondent(*k);
                let toml = existing.as_deref().is_some_and(|p| p.ends_with(".toml"));
                let path = existing.unwrap_or(format!("responses/r{k}.yaml"));
                let text = self.text(c, toml, Some(*role), 0);
                self.write(&path, &text);
                self.commit("answers", 0);
            }
            Op::Leave(k) => {
                if let Some(p) = self.respondent(*k) {
                    std::fs::remove_file(self.path().join(p)).unwrap();
                }
                self.commit("left", 0);
            }
            Op::Readme => {
                self.write("responses/README.md", &format!("as of day {}\n", self.day));
                self.commit("readme", 0);
            }
            Op::RenameRespondent(k) => {
                if let Some(p) = self.respondent(*k) {
                    self.names += 1;
                    let ext = p.rsplit('.').next().unwrap().to_string();
                    let to = format!("responses/r{k}-{}.{ext}", self.names);
                    let at = self.when(0);
                    self.git(&["mv", &p, &to], &at, &at);
                }
                self.commit("rename a respondent", 0);
            }
            Op::ConvertRespondent(k) => {
                if let Some(p) = self.respondent(*k).filter(|p| !p.ends_with(".toml")) {
                    let text = std::fs::read_to_string(self.path().join(&p)).unwrap();
                    std::fs::remove_file(self.path().join(&p)).unwrap();
                    self.write(&p.replace(".yaml", ".toml"), &yaml_to_toml(&text));
                }
                self.commit("respondent to toml", 0);
            }
            Op::Merge(versions, respondent, moves) => self.merge(versions, respondent, *moves),
            Op::Rebased(versions) => self.rebased(versions),
            Op::Revert => {
                let at = self.when(0);
                let tree = |rev: &str| self.git(&["rev-parse", rev], &at, &at);
                let empty = tree("HEAD^{tree}") == tree("HEAD^1^{tree}");
                if self.renamed_last || empty {
                    self.write("notes.txt", &format!("no revert {}\n", self.day));
                    self.commit("notes", 0);
                } else {
                    let parents = self.git(&["rev-list", "--parents", "-n", "1", "HEAD"], &at, &at);
                    let mut args = vec!["revert", "--no-edit"];
                    if parents.split_whitespace().count() > 2 {
                        args.extend(["-m", "1"]);
                    }
                    args.push("HEAD");
                    self.git(&args, &at, &at);
                }
            }
            Op::Rename(change) => {
                let from = self.tracked();
                self.names += 1;
                let ext = if self.toml { "toml" } else { "yaml" };
                let to = if self.names.is_multiple_of(2) {
                    format!("persona/assessment-{}.{ext}", self.names)
                } else {
                    format!("q{}/answers.{ext}", self.names)
                };
                std::fs::create_dir_all(self.path().join(&to).parent().unwrap()).unwrap();
                let at = self.when(0);
                self.git(&["mv", &from, &to], &at, &at);
                self.lineage.push(to);
                if let Some(c) = change {
                    self.edit(c, 0);
                }
                self.commit("rename", 0);
            }
            Op::Convert(change, draft) => self.convert(change.as_ref(), *draft),
        }
        self.renamed_last = renamed;
    }

    fn merge(&mut self, versions: &[Content], respondent: &Option<(usize, Content)>, moves: bool) {
        self.names += 1;
        let branch = format!("draft-{}", self.names);
        let at = self.when(0);
        self.git(&["checkout", "-q", "-b", &branch], &at, &at);
        for (i, c) in versions.iter().enumerate() {
            self.edit(c, i as i64);
            self.side_commit("draft", i as i64);
        }
        if let Some((k, c)) = respondent {
            let path = self
                .respondent(*k)
                .unwrap_or(format!("responses/r{k}.yaml"));
            let text = self.text(c, path.ends_with(".toml"), Some(k % 3), 0);
            self.write(&path, &text);
            self.side_commit("draft answers", 1);
        }
        self.git(&["checkout", "-q", "main"], &at, &at);
        if moves {
            self.write("notes.txt", &format!("main moves {}\n", self.day));
            self.commit("main moves on", 1);
        }
        let at = self.when(3);
        self.git(
            &["merge", "-q", "--no-ff", &branch, "-m", "merge"],
            &at,
            &at,
        );
        self.day += 3;
    }

    fn rebased(&mut self, versions: &[Content]) {
        self.names += 1;
        let branch = format!("topic-{}", self.names);
        let at = self.when(0);
        self.git(&["checkout", "-q", "-b", &branch], &at, &at);
        for (i, c) in versions.iter().enumerate() {
            self.edit(c, i as i64);
            self.commit("topic", i as i64);
        }
        self.git(&["checkout", "-q", "main"], &at, &at);
        self.write("notes.txt", &format!("main before rebase {}\n", self.day));
        self.commit("main", 2);
        // Rebased much later: new committer dates, the author dates kept.
        let late = self.when(120);
        self.git(&["checkout", "-q", &branch], &late, &late);
        self.git(&["rebase", "-q", "main"], &late, &late);
        self.git(&["checkout", "-q", "main"], &late, &late);
        self.git(&["merge", "-q", "--ff-only", &branch], &late, &late);
        self.day += 120;
    }

    fn convert(&mut self, change: Option<&Content>, draft: bool) {
        if self.toml {
            self.write("notes.txt", &format!("already toml {}\n", self.day));
            self.commit("notes", 0);
            return;
        }
        let from = self.tracked();
        let dir = Path::new(&from)
            .parent()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let draft_path = format!("{dir}/draft.yaml");
        if draft {
            // A draft with other answers, committed the day before.
            let text = "answers:\n  training: fully-optimized\n  sharing-personas: emerging\n";
            self.write(&draft_path, text);
            self.commit("draft", -1);
        }
        let text = std::fs::read_to_string(self.path().join(&from)).unwrap();
        std::fs::remove_file(self.path().join(&from)).unwrap();
        let to = from.replace(".yaml", ".toml");
        self.toml = true;
        self.lineage.push(to.clone());
        match change {
            Some(c) => {
                let t = self.text(c, true, None, 0);
                self.write(&to, &t);
            }
            None => self.write(&to, &yaml_to_toml(&text)),
        }
        if draft {
            std::fs::remove_file(self.path().join(&draft_path)).unwrap();
        }
        self.commit("to toml", 0);
    }
}

/// The generator's YAML as TOML (the same answers, date and role).
fn yaml_to_toml(yaml: &str) -> String {
    let mut head = String::new();
    let mut answers = String::from("[answers]\n");
    for line in yaml.lines() {
        if let Some(d) = line.strip_prefix("date: ") {
            head.insert_str(0, &format!("date = {d}\n"));
        } else if let Some(r) = line.strip_prefix("respondent: {role: ") {
            head.push_str(&format!(
                "[respondent]\nrole = \"{}\"\n",
                r.trim_end_matches('}')
            ));
        } else if let Some((a, l)) = line.trim().split_once(": ") {
            if line.starts_with("  ") {
                answers.push_str(&format!("{a} = \"{l}\"\n"));
            }
        }
    }
    head + &answers
}

fn build(steps: &[Step]) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Built {
        dir,
        day: 0,
        zone: 1,
        time: 1,
        lineage: vec!["persona/answers.yaml".into()],
        toml: false,
        side: BTreeSet::new(),
        renamed_last: false,
        names: 0,
    };
    let at = b.when(0);
    b.git(&["init", "-q", "-b", "main"], &at, &at);
    b.git(&["config", "user.name", "Ops"], &at, &at);
    b.git(&["config", "user.email", "ops@example.com"], &at, &at);
    for s in steps {
        b.apply(s);
    }
    b
}

// ---- The oracle ----

fn plain_git(dir: &Path, args: &[&str]) -> Vec<u8> {
    let o = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}");
    o.stdout
}

/// A point as the oracle expects it.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    revision: String,
    date: String,
    dated_by: &'static str,
    /// (overall score, level), then each section's score; respondents for a folder.
    scores: Value,
}

/// What `score --format json` of a file or folder says, in the shape compared.
fn scores_of(v: &Value, respondents: bool) -> Value {
    let mut s = serde_json::json!({
        "overall": v["overall"],
        "sections": v["sections"].as_array().unwrap().iter()
            .map(|s| serde_json::json!([s["id"], s["score"], s["level"]])).collect::<Vec<_>>(),
    });
    if respondents {
        s["respondents"] = v["respondents"].clone();
    }
    s
}

fn score(path: &Path) -> Value {
    let r = Pm::new(["score", path.to_str().unwrap(), "--format", "json"]).run();
    serde_json::from_str(&r.out).unwrap_or_else(|_| panic!("score {}: {r}", path.display()))
}

/// The first-parent commits, oldest first, with their author dates as UTC days.
fn first_parent(dir: &Path) -> Vec<(String, String)> {
    let out = plain_git(
        dir,
        &[
            "log",
            "--first-parent",
            "--reverse",
            "--format=%H %at",
            "HEAD",
        ],
    );
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let (h, t) = l.split_once(' ').unwrap();
            let day = chrono::DateTime::from_timestamp(t.parse().unwrap(), 0)
                .unwrap()
                .date_naive();
            (h.to_string(), day.to_string())
        })
        .collect()
}

/// Regular files under `spec` at a commit: (path, blob id).
fn files_at(dir: &Path, commit: &str, spec: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["ls-tree", "-r", "-z", commit, "--"];
    args.extend(spec);
    let out = String::from_utf8(plain_git(dir, &args)).unwrap();
    out.split('\0')
        .filter_map(|e| {
            let (meta, p) = e.split_once('\t')?;
            let m: Vec<&str> = meta.split(' ').collect();
            (m[0].starts_with("100")).then(|| (p.to_string(), m[2].to_string()))
        })
        .collect()
}

/// The `date:` line a generated file holds.
fn date_line(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        l.strip_prefix("date: ")
            .or(l.strip_prefix("date = "))
            .map(str::to_string)
    })
}

/// Score of the file at each first-parent commit where it changed, oldest first.
fn file_oracle(b: &Built, work: &Path) -> Vec<Expected> {
    let dir = b.path();
    let lineage: Vec<&str> = b.lineage.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    let mut last: Option<String> = None;
    for (commit, day) in first_parent(dir) {
        let files = files_at(dir, &commit, &lineage);
        assert!(
            files.len() <= 1,
            "one name of the file at a time: {files:?}"
        );
        let Some((path, blob)) = files.into_iter().next() else {
            continue;
        };
        if last.as_ref() == Some(&blob) {
            continue;
        }
        last = Some(blob.clone());
        let bytes = plain_git(dir, &["cat-file", "blob", &blob]);
        let ext = path.rsplit('.').next().unwrap();
        let file = work.join(format!("version.{ext}"));
        std::fs::write(&file, &bytes).unwrap();
        let v = score(&file);
        let own = v["date"].as_str().map(str::to_string);
        out.push(Expected {
            revision: commit,
            dated_by: if own.is_some() { "file" } else { "commit" },
            date: own.unwrap_or(day),
            scores: scores_of(&v, false),
        });
    }
    out
}

/// Score of the folder's answers files at each first-parent commit where they changed, oldest
/// first; dated by the latest `date:` of the files that commit brought, else by the commit.
fn folder_oracle(b: &Built, work: &Path) -> Vec<Expected> {
    let dir = b.path();
    let mut out = Vec::new();
    let mut last: Vec<String> = Vec::new();
    for (k, (commit, day)) in first_parent(dir).into_iter().enumerate() {
        let files: Vec<(String, String)> = files_at(dir, &commit, &["responses"])
            .into_iter()
            .filter(|(p, _)| [".yaml", ".toml"].iter().any(|e| p.ends_with(e)))
            .collect();
        let mut blobs: Vec<String> = files.iter().map(|(_, b)| b.clone()).collect();
        blobs.sort();
        if blobs == last {
            continue;
        }
        let brought: Vec<&String> = blobs.iter().filter(|b| !last.contains(b)).collect();
        let mut own: Option<String> = None;
        let folder = work.join(format!("v{k}"));
        for (p, blob) in &files {
            let text = String::from_utf8(plain_git(dir, &["cat-file", "blob", blob])).unwrap();
            if brought.contains(&blob) {
                own = own.max(date_line(&text));
            }
            let to = folder.join(p);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::write(to, text).unwrap();
        }
        last = blobs;
        if files.is_empty() {
            continue;
        }
        let v = score(&folder.join("responses"));
        out.push(Expected {
            revision: commit,
            dated_by: if own.is_some() { "file" } else { "commit" },
            date: own.unwrap_or(day),
            scores: scores_of(&v, true),
        });
    }
    out
}

/// The revisions a warning must name: dated in the future, or before an earlier version (not
/// itself in the future).
fn to_warn(points: &[Expected]) -> BTreeSet<String> {
    let today = chrono::Local::now().date_naive().to_string();
    let mut latest: Option<&str> = None;
    let mut out = BTreeSet::new();
    for p in points {
        if p.date > today {
            out.insert(p.revision.clone());
            continue;
        }
        if latest.is_some_and(|l| p.date.as_str() < l) {
            out.insert(p.revision.clone());
        }
        if latest.is_none_or(|l| p.date.as_str() >= l) {
            latest = Some(&p.date);
        }
    }
    out
}

/// `history PATH --format json` compared with the oracle, point by point; the last with `score`
/// of HEAD's file; warnings on exactly the versions to warn about.
fn compare(
    b: &Built,
    path: &str,
    expected: &[Expected],
    folder: bool,
) -> Result<(), TestCaseError> {
    let r = Pm::new(["history", path, "--format", "json"])
        .dir(b.path())
        .run();
    prop_assert_eq!(r.code, 0, "{}\n{}", r, r.out);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let points = v["points"].as_array().unwrap();
    let got: Vec<Expected> = points
        .iter()
        .map(|p| {
            let mut s = serde_json::json!({
                "overall": p["overall"],
                "sections": p["sections"].as_array().unwrap().iter().map(|s| {
                    let name = s["id"].clone();
                    serde_json::json!([name, s["score"], s["level"]])
                }).collect::<Vec<_>>(),
            });
            if folder {
                s["respondents"] = p["respondents"].clone();
            }
            Expected {
                revision: p["revision"].as_str().unwrap_or("working copy").to_string(),
                date: p["date"].as_str().unwrap().to_string(),
                dated_by: match p["dated_by"].as_str().unwrap() {
                    "file" => "file",
                    "commit" => "commit",
                    _ => "today",
                },
                scores: s,
            }
        })
        .collect();
    prop_assert_eq!(got.len(), expected.len(), "{}: {}", path, r.out);
    for (g, e) in got.iter().zip(expected) {
        prop_assert_eq!(g, e, "{}", path);
        prop_assert!(
            !b.side.contains(&g.revision),
            "a branch's own commit is shown"
        );
    }
    // The last committed point is `score` of HEAD's file (here the working copy, unchanged).
    let now = score(&b.path().join(path));
    prop_assert_eq!(&got.last().unwrap().scores, &scores_of(&now, folder));
    let warned: BTreeSet<String> = v["warnings"]
        .as_array()
        .map(|w| {
            w.iter()
                .filter(|w| {
                    let m = w["message"].as_str().unwrap_or("");
                    m.starts_with("dated ")
                })
                .map(|w| w["revision"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default();
    prop_assert_eq!(warned, to_warn(expected), "{}: {}", path, r.err);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn history_is_score_at_each_first_parent_commit_in_commit_order(steps in steps()) {
        let b = build(&steps);
        let work = tempfile::tempdir().unwrap();
        let tracked = b.tracked();
        let expected = file_oracle(&b, work.path());
        compare(&b, &tracked, &expected, false)?;
        let expected = folder_oracle(&b, work.path());
        if !expected.is_empty() && b.path().join("responses").is_dir()
            && b.respondent(0).or(b.respondent(1)).or(b.respondent(2)).or(b.respondent(3)).is_some()
        {
            compare(&b, "responses", &expected, true)?;
        }
    }
}
