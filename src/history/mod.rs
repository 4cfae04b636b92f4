//! Progress over time: every committed version of an answers file, a program file or a folder of
//! respondents, scored as `score` would, in date order (`git` reads the versions).
//!
//! The date of a point is the file's own `date:` (an assessment's date survives rebases and
//! squashes), else the commit's date; a folder's is its respondents' latest `date:`. Uncommitted
//! changes add a last point, the working copy.

pub mod git;
pub mod plan_check;
pub mod updates;

use crate::assessment::Assessment;
use crate::combine::Tally;
use crate::diagnostic::Diagnostic;
use crate::rubric::Rubric;
use crate::score::{moves, Move, Scorecard};
use crate::source::{Date, Source, Syntax, MAX_FILE_BYTES};
use std::path::Path;

/// Where a point's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    /// The file's `date:` (a folder: its respondents' latest).
    File,
    /// The commit's date.
    Commit,
    /// Today (the working copy of a file without a date).
    Today,
}

/// One version, scored.
#[derive(Debug, Clone)]
pub struct Point {
    pub date: Date,
    pub dated: Dated,
    /// The commit's full hash; `None` for the working copy.
    pub revision: Option<String>,
    pub scorecard: Scorecard,
    /// Respondents combined (a folder).
    pub respondents: Option<u64>,
    /// A folder's respondents per role.
    pub roles: Vec<(String, u64)>,
}

impl Point {
    pub fn working_copy(&self) -> bool {
        self.revision.is_none()
    }

    /// The revision as shown: 7 characters of the hash, or "working copy".
    pub fn label(&self) -> String {
        match &self.revision {
            Some(h) => h.chars().take(7).collect(),
            None => "working copy".to_string(),
        }
    }
}

/// A version left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub revision: String,
    pub reason: String,
}

/// The history of a path.
#[derive(Debug, Clone)]
pub struct History {
    /// The path as given.
    pub source: String,
    pub points: Vec<Point>,
    pub invalid: Vec<Invalid>,
    /// A shallow clone: the oldest commit it has (history starts there, not where the file did).
    pub shallow: Option<String>,
    /// Files this one replaced without git seeing a rename, and the commit where it did, newest
    /// first: the history goes on through them.
    pub continued: Vec<(String, String)>,
    /// With `--plan`: each planned step and where it stands.
    pub plan: Vec<(plan_check::Step, plan_check::Status)>,
}

impl History {
    /// How the respondents changed into point `k` (a folder): "4 → 3 respondents: product left",
    /// or `None` when they did not. A median moves when people join or leave, not only when
    /// answers change: this is said before the moves.
    pub fn respondents_changed(&self, k: usize) -> Option<String> {
        let (prev, now) = (self.points.get(k.checked_sub(1)?)?, self.points.get(k)?);
        let (a, b) = (prev.respondents?, now.respondents?);
        let count = |p: &Point, role: &str| {
            p.roles
                .iter()
                .find(|(r, _)| r == role)
                .map_or(0, |(_, n)| *n)
        };
        let mut roles: Vec<&str> = prev
            .roles
            .iter()
            .chain(&now.roles)
            .map(|(r, _)| r.as_str())
            .collect();
        roles.sort();
        roles.dedup();
        let mut parts = Vec::new();
        for role in roles {
            let (x, y) = (count(prev, role), count(now, role));
            if x > 0 && y == 0 {
                parts.push(format!("{role} left the survey"));
            } else if x == 0 && y > 0 {
                parts.push(format!("{role} joined"));
            } else if x != y {
                parts.push(format!("{role} {x} → {y}"));
            }
        }
        if a == b && parts.is_empty() {
            return None;
        }
        let mut s = format!("{a} → {b} respondents");
        if !parts.is_empty() {
            s.push_str(&format!(": {}", parts.join(", ")));
        }
        s.push_str(" (medians move with who answers, not only with answers)");
        Some(s)
    }

    /// What moved into point `k` from the one before it.
    pub fn moved(&self, k: usize) -> Vec<Move> {
        if k == 0 {
            return Vec::new();
        }
        moves(&self.points[k - 1].scorecard, &self.points[k].scorecard)
    }
}

/// Options of `history`.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub by_quarter: bool,
    pub since: Option<Date>,
    /// The working copy's date when its file has none.
    pub today: Date,
}

/// The quarter of a date: (year, 1–4).
pub fn quarter(d: Date) -> (i32, u32) {
    use chrono::Datelike;
    (d.0.year(), (d.0.month() - 1) / 3 + 1)
}

/// Score one answers (or program) file's text.
fn score_text(
    name: String,
    bytes: Vec<u8>,
    syntax: Syntax,
    rubric: &Rubric,
    target: usize,
) -> Result<(Scorecard, Option<Date>), String> {
    let src = Source::from_bytes(name, bytes, syntax).map_err(|e| e.to_string())?;
    let (a, _) = Assessment::load(&src, rubric).map_err(|e| e.to_string())?;
    Ok((crate::score::score(rubric, &a, target), a.date))
}

/// Read and score every version of `path`.
pub fn read(
    path: &Path,
    rubric: &Rubric,
    target: usize,
    opts: Options,
) -> Result<History, Diagnostic> {
    let origin = path.display().to_string();
    let repo = git::Repo::find(path)?;
    let folder = path.is_dir();
    if !folder && Syntax::from_path(path).is_none() {
        return Err(Diagnostic::new(
            &origin,
            "unknown file extension; history reads an answers or program file (.yaml, .yml, \
             .toml) or a folder of them",
        ));
    }
    let mut reading = Reading {
        repo: &repo,
        origin: &origin,
        rubric,
        target,
        opts,
        points: Vec::new(),
        invalid: Vec::new(),
    };
    let mut commits = repo.commits(folder, &origin)?;
    let continued = if folder {
        Vec::new()
    } else {
        reading.continue_through_replacements(&mut commits)?
    };
    // In a shallow clone the oldest commit listed is the clone's boundary, and it seems to
    // bring every file there is: history can only start there.
    let shallow = repo
        .shallow_boundary(&origin)?
        .map(|_| commits.last().map(|c| c.hash.clone()).unwrap_or_default());
    let dirty = repo.dirty(&origin)?;
    if commits.is_empty() && !dirty {
        return Err(Diagnostic::new(&origin, "git knows no version of it")
            .help("commit it first (git add, git commit), or check the path"));
    }
    if folder {
        reading.folder_versions(&commits)?;
        if dirty {
            reading.folder_working_copy(path);
        }
    } else {
        reading.file_versions(path, &commits)?;
        if dirty && path.is_file() {
            reading.file_working_copy(path);
        }
    }
    let Reading {
        points,
        mut invalid,
        ..
    } = reading;
    invalid.reverse();
    Ok(History {
        source: origin,
        points: in_order(points, opts),
        invalid,
        shallow,
        continued,
        plan: Vec::new(),
    })
}

/// Oldest first: git lists newest first; the working copy is last. Then by date, stable, so
/// versions with one date keep their commit order; then `--since` and `--by-quarter`.
fn in_order(points: Vec<Point>, opts: Options) -> Vec<Point> {
    let working: Vec<Point> = points
        .iter()
        .filter(|p| p.working_copy())
        .cloned()
        .collect();
    let mut committed: Vec<Point> = points.into_iter().filter(|p| !p.working_copy()).collect();
    committed.reverse();
    committed.extend(working);
    committed.sort_by_key(|p| p.date);
    let mut points = committed;
    if let Some(since) = opts.since {
        points.retain(|p| p.date >= since);
    }
    if opts.by_quarter {
        points = last_of_each_quarter(points);
    }
    points
}

/// One version of a folder: its commit, its files (object id, path) and the day each file was
/// brought on.
type FolderVersion<'c> = (&'c git::Commit, Vec<(String, String)>, Vec<Date>);

/// What reading a history gathers: its points, newest first, and the versions it could not read.
struct Reading<'a> {
    repo: &'a git::Repo,
    origin: &'a str,
    rubric: &'a Rubric,
    target: usize,
    opts: Options,
    points: Vec<Point>,
    invalid: Vec<Invalid>,
}

impl Reading<'_> {
    fn invalid(&mut self, revision: &str, reason: String) {
        self.invalid.push(Invalid {
            revision: revision.to_string(),
            reason,
        });
    }

    /// A file converted (YAML to TOML) or moved with most of it rewritten is no rename to git:
    /// where the oldest version was added by a commit that deleted one other answers file of
    /// the same rubric, the history goes on with that file. Its earlier commits are added to
    /// `commits`; returned: each file continued from, and the commit that replaced it.
    fn continue_through_replacements(
        &self,
        commits: &mut Vec<git::Commit>,
    ) -> Result<Vec<(String, String)>, Diagnostic> {
        let (repo, origin) = (self.repo, self.origin);
        let mut continued = Vec::new();
        for _ in 0..10 {
            let Some(oldest) = commits.last().cloned() else {
                break;
            };
            let Some(old) = repo.replaced_in(&oldest.hash, origin)? else {
                break;
            };
            let before = format!("{}^", oldest.hash);
            let last = repo.blobs(&[(before.clone(), old.clone())], MAX_FILE_BYTES, origin)?;
            let same_rubric = match last.into_iter().next() {
                Some(Ok(bytes)) => {
                    let syntax = Syntax::from_path(Path::new(&old)).unwrap_or(Syntax::Yaml);
                    score_text(old.clone(), bytes, syntax, self.rubric, self.target).is_ok()
                }
                _ => false,
            };
            if !same_rubric {
                break;
            }
            let earlier = repo.commits_before(&old, &before, origin)?;
            if earlier.is_empty() {
                break;
            }
            continued.push((old, oldest.hash.clone()));
            commits.extend(earlier);
        }
        Ok(continued)
    }

    /// The versions of a folder, oldest first, each with its files and the date each file was
    /// brought on: a version whose answers files hold what the one before held (a README
    /// changed, a file renamed) is no new version.
    fn folder_listing<'c>(
        &mut self,
        commits: &'c [git::Commit],
    ) -> Result<Vec<FolderVersion<'c>>, Diagnostic> {
        let mut versions = Vec::new();
        let mut brought: std::collections::HashMap<String, Date> = Default::default();
        let mut previous: Option<Vec<String>> = None;
        for c in commits.iter().rev() {
            let (files, refused) = self.repo.files_at(&c.hash, self.origin)?;
            for p in refused {
                let reason = format!(
                    "{}: a path with a line break is not read",
                    crate::import::quoted(&p)
                );
                self.invalid(&c.hash, reason);
            }
            let mut oids: Vec<String> = files.iter().map(|(o, _)| o.clone()).collect();
            oids.sort();
            if previous.as_ref() == Some(&oids) {
                continue;
            }
            previous = Some(oids);
            let date = match commit_date(&c.date, &c.hash) {
                Ok(d) => d,
                Err(reason) => {
                    self.invalid(&c.hash, reason);
                    continue;
                }
            };
            for (oid, _) in &files {
                brought.entry(oid.clone()).or_insert(date);
            }
            let dates: Vec<Date> = files.iter().map(|(o, _)| brought[o]).collect();
            versions.push((c, files, dates));
        }
        Ok(versions)
    }

    /// Every version of a folder, each combined from its files.
    fn folder_versions(&mut self, commits: &[git::Commit]) -> Result<(), Diagnostic> {
        let (rubric, target) = (self.rubric, self.target);
        let versions = self.folder_listing(commits)?;
        // Every file of every version, read in one batch, by object id.
        let requests: Vec<(String, String)> = versions
            .iter()
            .flat_map(|(_, files, _)| files.iter().map(|(oid, _)| (oid.clone(), String::new())))
            .collect();
        let mut blobs = self
            .repo
            .blobs(&requests, MAX_FILE_BYTES, self.origin)?
            .into_iter();
        for (c, files, dates) in &versions {
            let mut tally = Tally::new(rubric);
            let mut own_dates = false;
            for ((_, file), brought_on) in files.iter().zip(dates) {
                let name = format!("{}@{}", file, &c.hash[..7.min(c.hash.len())]);
                let loaded = match blobs.next() {
                    Some(Ok(bytes)) => {
                        let syntax = Syntax::from_path(Path::new(file)).unwrap_or(Syntax::Yaml);
                        Source::from_bytes(name.clone(), bytes, syntax)
                            .and_then(|src| Assessment::load(&src, rubric))
                            .map_err(|e| e.to_string())
                    }
                    Some(Err(e)) => Err(format!("{name}: {e}")),
                    None => Err(format!("{name}: git gave no text for it")),
                };
                match loaded {
                    Ok((mut a, _)) => {
                        // A file without its own date is as old as the commit that brought
                        // this version of it.
                        own_dates |= a.date.is_some();
                        a.date = a.date.or(Some(*brought_on));
                        tally.add(&a)
                    }
                    Err(e) => tally.reject(name, e),
                }
            }
            let combined = tally.finish(rubric, target);
            for bad in &combined.invalid {
                self.invalid(&c.hash, bad.reason.clone());
            }
            if combined.respondents == 0 {
                continue;
            }
            let Some(date) = combined.last_date else {
                continue;
            };
            self.points.push(Point {
                date,
                dated: if own_dates {
                    Dated::File
                } else {
                    Dated::Commit
                },
                revision: Some(c.hash.clone()),
                scorecard: combined.scorecard,
                respondents: Some(combined.respondents),
                roles: combined.roles.clone(),
            });
        }
        // Newest first, as the file's versions are, until they are put in order.
        self.points.reverse();
        Ok(())
    }

    /// The folder as it is on disk, when it differs from the last commit.
    fn folder_working_copy(&mut self, path: &Path) {
        let files = [path.to_path_buf()];
        let combined = crate::combine::combine_paths(
            &files,
            None,
            crate::import::collect::Options::default(),
            self.rubric,
            self.target,
        );
        for bad in &combined.invalid {
            self.invalid("working copy", bad.reason.clone());
        }
        if combined.respondents > 0 {
            let mut p = working_copy(
                combined.last_date,
                combined.scorecard,
                Some(combined.respondents),
                self.opts,
            );
            p.roles = combined.roles.clone();
            self.points.push(p);
        }
    }

    /// Every version of one file, newest first.
    fn file_versions(&mut self, path: &Path, commits: &[git::Commit]) -> Result<(), Diagnostic> {
        let requests: Vec<(String, String)> = commits
            .iter()
            .map(|c| (c.hash.clone(), c.path.clone()))
            .collect();
        let blobs = self.repo.blobs(&requests, MAX_FILE_BYTES, self.origin)?;
        // A commit that leaves the text as it was (a rename, a mode change) is no new version.
        let mut kept: Vec<(&git::Commit, Result<Vec<u8>, String>)> = Vec::new();
        for (c, blob) in commits.iter().zip(blobs).rev() {
            if let (Some((_, Ok(before))), Ok(now)) = (kept.last(), &blob) {
                if before == now {
                    continue;
                }
            }
            kept.push((c, blob));
        }
        kept.reverse();
        for (c, blob) in kept {
            let name = format!("{}@{}", c.path, &c.hash[..7.min(c.hash.len())]);
            let syntax = Syntax::from_path(Path::new(&c.path))
                .or(Syntax::from_path(path))
                .unwrap_or(Syntax::Yaml);
            let scored = blob
                .map_err(|e| format!("{name}: {e}"))
                .and_then(|bytes| score_text(name, bytes, syntax, self.rubric, self.target));
            match scored.and_then(|(scorecard, file_date)| committed(c, file_date, scorecard, None))
            {
                Ok(point) => self.points.push(point),
                Err(reason) => self.invalid(&c.hash, reason),
            }
        }
        Ok(())
    }

    /// The file as it is on disk, when it differs from the last commit.
    fn file_working_copy(&mut self, path: &Path) {
        match Source::read(path, None).and_then(|src| Assessment::load(&src, self.rubric)) {
            Ok((a, _)) => {
                let scorecard = crate::score::score(self.rubric, &a, self.target);
                let point = working_copy(a.date, scorecard, None, self.opts);
                self.points.push(point);
            }
            Err(e) => self.invalid("working copy", e.to_string()),
        }
    }
}

/// A committed version's point: dated by its file (or files), else by the commit.
fn committed(
    c: &git::Commit,
    file_date: Option<Date>,
    scorecard: Scorecard,
    respondents: Option<u64>,
) -> Result<Point, String> {
    let (date, dated) = match file_date {
        Some(d) => (d, Dated::File),
        None => (commit_date(&c.date, &c.hash)?, Dated::Commit),
    };
    Ok(Point {
        date,
        dated,
        revision: Some(c.hash.clone()),
        scorecard,
        respondents,
        roles: Vec::new(),
    })
}

/// The working copy's point: dated by its file (or files), else today.
fn working_copy(
    file_date: Option<Date>,
    scorecard: Scorecard,
    respondents: Option<u64>,
    opts: Options,
) -> Point {
    let (date, dated) = match file_date {
        Some(d) => (d, Dated::File),
        None => (today(opts), Dated::Today),
    };
    Point {
        date,
        dated,
        revision: None,
        scorecard,
        respondents,
        roles: Vec::new(),
    }
}

fn today(opts: Options) -> Date {
    opts.today
}

/// A commit's date as git gave it; a date that cannot be read names the commit (the version is
/// left out, the others are still read).
fn commit_date(s: &str, hash: &str) -> Result<Date, String> {
    Date::parse(s).map_err(|e| {
        format!(
            "commit {}: its date {} cannot be read: {e}",
            hash.get(..7).unwrap_or(hash),
            crate::import::quoted(s)
        )
    })
}

/// Of points in date order, the last of each quarter.
pub fn last_of_each_quarter(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::new();
    for p in points {
        match out.last() {
            Some(last) if quarter(last.date) == quarter(p.date) => {
                *out.last_mut().expect("not empty") = p;
            }
            _ => out.push(p),
        }
    }
    out
}
