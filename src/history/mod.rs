//! Progress over time: every committed version of an answers file, a program file or a folder of
//! respondents, scored as `score` would, in the order of the branch's first-parent commits (`git`
//! reads the versions).
//!
//! The invariant: the committed points are `score` of the path at each first-parent commit that
//! changed it, oldest first, and the last one is `score` of HEAD's file. A point's date is its
//! label: the file's own `date:` (an assessment's date survives rebases and squashes), else the
//! commit's author date as a UTC day; it never reorders the points. A date in the future, or
//! before the version before it, is warned about with the commit named. Uncommitted changes add
//! a last point, the working copy.

pub mod git;
pub mod plan_check;
pub mod updates;

use crate::assessment::Assessment;
use crate::combine::Tally;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::rubric::Rubric;
use crate::score::{level_moves, Move, Score, Scorecard};
use crate::source::{Date, Source, Syntax, MAX_FILE_BYTES};
use rayon::iter::{IndexedParallelIterator, IntoParallelRefIterator, ParallelIterator};
use std::collections::HashMap;
use std::path::Path;

/// Where a point's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    /// The file's `date:` (a folder: the latest of the files the commit brought).
    File,
    /// The commit's author date (a folder version that only lost files, or whose files have no
    /// `date:`).
    Commit,
    /// Today (the working copy of a file without a date).
    Today,
}

/// One version, scored.
#[derive(Debug, Clone)]
pub struct Point {
    /// The date shown: the assessment's (see [`Dated`]).
    pub date: Date,
    /// When the version counts (the plan, the chart, `--since`, `--by`): its date, but never
    /// before the version before it (commits come in order) nor after today (a date in the
    /// future is a wrong one).
    pub at: Date,
    pub dated: Dated,
    /// The commit's full hash; `None` for the working copy.
    pub revision: Option<String>,
    pub card: Card,
    /// Respondents combined (a folder).
    pub respondents: Option<u64>,
    /// A folder's respondents per role.
    pub roles: Vec<(String, u64)>,
}

/// What a history keeps of a version's scorecard, compactly (a long history keeps one per
/// version): each attribute's level, the overall score and each section's.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    levels: Box<[u8]>,
    pub overall: Option<Score>,
    pub sections: Box<[Option<Score>]>,
}

impl Card {
    pub fn of(s: &Scorecard) -> Card {
        Card {
            levels: s
                .levels
                .iter()
                .map(|l| l.map_or(u8::MAX, |l| l.min(254) as u8))
                .collect(),
            overall: s.overall,
            sections: s.sections.iter().map(|x| x.score).collect(),
        }
    }

    /// Attribute `i`'s level, if answered.
    pub fn level(&self, i: usize) -> Option<usize> {
        self.levels
            .get(i)
            .filter(|&&l| l != u8::MAX)
            .map(|&l| usize::from(l))
    }

    pub fn levels(&self) -> Vec<Option<usize>> {
        (0..self.levels.len()).map(|i| self.level(i)).collect()
    }
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

/// Something about a version worth saying (a date in the future, or out of order; files a
/// conversion may have come from), with the revision it is about ("working copy", or a hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub revision: String,
    pub message: String,
}

/// The history of a path.
#[derive(Debug, Clone)]
pub struct History {
    /// The path as given.
    pub source: String,
    pub points: Vec<Point>,
    pub invalid: Vec<Invalid>,
    pub warnings: Vec<Warning>,
    /// A shallow clone: the oldest commit it has (history starts there, not where the file did).
    pub shallow: Option<String>,
    /// Files this one replaced without git seeing a rename, and the commit where it did, newest
    /// first: the history goes on through them.
    pub continued: Vec<(String, String)>,
    /// With `--plan`: each planned step and where it stands.
    pub plan: Vec<(plan_check::Step, plan_check::Status)>,
    /// The day the plan is judged on (`--today`, else the machine's date).
    pub today: Date,
    /// Versions after `--today` left out (the history as it stood that day).
    pub after_today: usize,
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
        level_moves(
            &self.points[k - 1].card.levels(),
            &self.points[k].card.levels(),
        )
    }
}

/// Options of `history`.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub by_quarter: bool,
    pub since: Option<Date>,
    /// The day to judge on: the working copy's date when its file has none.
    pub today: Date,
    /// The machine's date: a version dated after it is dated wrongly.
    pub clock: Date,
    /// `--today` was given: versions after it are left out, as they were not there yet.
    pub until_today: bool,
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
) -> Result<(Card, Option<Date>), String> {
    let src = Source::from_bytes(name, bytes, syntax).map_err(|e| e.to_string())?;
    let (a, _) = Assessment::load(&src, rubric).map_err(|e| e.to_string())?;
    Ok((Card::of(&crate::score::score(rubric, &a, target)), a.date))
}

/// A commit's author date as a UTC day; a date that cannot be read names the commit (the version
/// is left out, the others are still read).
fn commit_day(c: &git::Commit) -> Result<Date, String> {
    c.time
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| Date(d.date_naive()))
        .ok_or_else(|| format!("commit {}: its date cannot be read", git::short(&c.hash)))
}

/// Read and score every version of `path`, and hold them against the plan's `steps` (judged on
/// every version, before `--since` and `--by` choose the ones shown).
pub fn read(
    path: &Path,
    rubric: &Rubric,
    target: usize,
    opts: Options,
    steps: Vec<plan_check::Step>,
) -> Result<History, Error> {
    let origin = path.display().to_string();
    let repo = git::Repo::find(path)?;
    let folder = path.is_dir();
    if !folder && Syntax::from_path(path).is_none() {
        return Err(Diagnostic::new(
            &origin,
            "unknown file extension; history reads an answers or program file (.yaml, .yml, \
             .toml) or a folder of them",
        )
        .into());
    }
    let mut reading = Reading {
        repo: &repo,
        origin: &origin,
        rubric,
        target,
        opts,
        points: Vec::new(),
        invalid: Vec::new(),
        warnings: Vec::new(),
    };
    let dirty = if folder {
        reading.folder_differs(path)?
    } else {
        reading.file_differs(path)?
    };
    let (listed, oldest, continued) = if folder {
        let mut commits = repo.folder_commits(&origin)?;
        let oldest = commits.last().map(|c| c.hash.clone());
        // Oldest first: the order of the points.
        commits.reverse();
        reading.folder_versions(&commits)?;
        (commits.len(), oldest, Vec::new())
    } else {
        let mut file = FileVersions::new(&repo, &origin, path)?;
        reading.take_log(&mut file, repo.file_log(&repo.path, None, &origin)?)?;
        let continued = reading.continue_through_replacements(&mut file)?;
        let (listed, oldest) = reading.finish_file(file)?;
        (listed, oldest, continued)
    };
    if listed == 0 && !dirty {
        return Err(Diagnostic::new(&origin, "git knows no version of it")
            .help("commit it first (git add, git commit), or check the path")
            .into());
    }
    // In a shallow clone the oldest commit listed is the clone's boundary, and it seems to
    // bring every file there is: history can only start there.
    let shallow = repo
        .shallow_boundary(&origin)?
        .map(|_| oldest.unwrap_or_default());
    if dirty && folder {
        reading.folder_working_copy(path);
    } else if dirty {
        reading.file_working_copy(path);
    }
    let Reading {
        mut points,
        invalid,
        mut warnings,
        ..
    } = reading;
    warnings.extend(place_in_time(&mut points, opts.clock));
    let mut h = History {
        source: origin,
        points,
        invalid,
        warnings,
        shallow,
        continued,
        plan: Vec::new(),
        today: opts.today,
        after_today: 0,
    };
    let statuses = plan_check::statuses(&h, &steps, opts.today);
    h.plan = steps.into_iter().zip(statuses).collect();
    let (points, after_today) = select(std::mem::take(&mut h.points), opts);
    h.points = points;
    h.after_today = after_today;
    Ok(h)
}

/// Each point's `at`, in commit order: its date, never before the one before it nor after
/// `clock`. A date in the future, or before the versions before it, is warned about, naming the
/// version.
fn place_in_time(points: &mut [Point], clock: Date) -> Vec<Warning> {
    let mut warnings = Vec::new();
    // The latest date believed so far, and the version that has it.
    let mut latest: Option<(Date, String)> = None;
    let mut at: Option<Date> = None;
    for p in points.iter_mut() {
        let whose = match p.dated {
            Dated::File => "its date:",
            Dated::Commit => "its commit's author date",
            Dated::Today => "today",
        };
        let revision = p.revision.clone().unwrap_or_else(|| "working copy".into());
        if p.date > clock {
            warnings.push(Warning {
                revision: revision.clone(),
                message: format!(
                    "dated {} ({whose}), which is after today ({clock}): a mistyped date: or a \
                     wrong clock? It is shown in commit order, and counts as of today",
                    p.date
                ),
            });
        } else {
            if let Some((d, by)) = &latest {
                if p.date < *d {
                    warnings.push(Warning {
                        revision: revision.clone(),
                        message: format!(
                            "dated {} ({whose}), before {} ({d}), which comes before it: shown \
                             in commit order (a revert brings an older date: back; was the date \
                             not updated?)",
                            p.date,
                            git::short(by)
                        ),
                    });
                }
            }
            if latest.as_ref().is_none_or(|(d, _)| p.date >= *d) {
                latest = Some((p.date, revision));
            }
        }
        let now = p.date.min(clock);
        p.at = at.map_or(now, |a| a.max(now));
        at = Some(p.at);
    }
    warnings
}

/// The points shown: without those after `--today`, before `--since`, and the last of each
/// quarter with `--by quarter`. Returned too: how many were after `--today`.
fn select(points: Vec<Point>, opts: Options) -> (Vec<Point>, usize) {
    let total = points.len();
    let mut points: Vec<Point> = points
        .into_iter()
        .filter(|p| !opts.until_today || p.at <= opts.today)
        .collect();
    let after_today = total - points.len();
    if let Some(since) = opts.since {
        points.retain(|p| p.at >= since);
    }
    if opts.by_quarter {
        points = last_of_each_quarter(points);
    }
    (points, after_today)
}

/// What reading a history gathers: its points, oldest first, and the versions it could not read.
struct Reading<'a> {
    repo: &'a git::Repo,
    origin: &'a str,
    rubric: &'a Rubric,
    target: usize,
    opts: Options,
    points: Vec<Point>,
    invalid: Vec<Invalid>,
    warnings: Vec<Warning>,
}

/// A deleted answers file that may be the file's past: its path, and its last version's levels.
struct Candidate {
    path: String,
    levels: Vec<Option<usize>>,
}

impl Reading<'_> {
    fn invalid(&mut self, revision: &str, reason: String) {
        self.invalid.push(Invalid {
            revision: revision.to_string(),
            reason,
        });
    }

    fn warn(&mut self, revision: &str, message: String) {
        self.warnings.push(Warning {
            revision: revision.to_string(),
            message,
        });
    }

    /// The levels of an answers file's text, if it reads with the rubric.
    fn levels_of(&self, name: &str, bytes: Vec<u8>) -> Option<Vec<Option<usize>>> {
        let syntax = Syntax::from_path(Path::new(name)).unwrap_or(Syntax::Yaml);
        let src = Source::from_bytes(name.to_string(), bytes, syntax).ok()?;
        let (a, _) = Assessment::load(&src, self.rubric).ok()?;
        Some(a.answers.iter().map(|x| x.level()).collect())
    }

    /// A file converted (YAML to TOML) or moved with most of it rewritten is no rename to git:
    /// where the oldest version was added by a commit that deleted other answers files, the
    /// history goes on with the one that was this file (see [`Reading::pick`]), and when none
    /// clearly was, the candidates are named. Returned: each file continued from, and the commit
    /// that replaced it.
    fn continue_through_replacements(
        &mut self,
        file: &mut FileVersions,
    ) -> Result<Vec<(String, String)>, Error> {
        let (repo, origin) = (self.repo, self.origin);
        let mut continued = Vec::new();
        for _ in 0..10 {
            let Some(oldest) = file.oldest.clone() else {
                break;
            };
            let deleted = repo.deleted_in(&oldest.hash, origin)?;
            if deleted.is_empty() {
                break;
            }
            let before = format!("{}^", oldest.hash);
            let mut requests = vec![oldest.blob.clone()];
            requests.extend(deleted.iter().map(|p| format!("{before}:{p}")));
            let mut texts = file.blobs.read(&requests)?.into_iter().map(|b| match b {
                git::Blob::Text(t) => Some(t),
                _ => None,
            });
            let first = texts
                .next()
                .flatten()
                .and_then(|t| self.levels_of(&oldest.path, t));
            let candidates: Vec<Candidate> = deleted
                .iter()
                .zip(texts)
                .filter_map(|(p, t)| {
                    let levels = self.levels_of(p, t?)?;
                    Some(Candidate {
                        path: p.clone(),
                        levels,
                    })
                })
                .collect();
            let Some(old) = self.pick(&oldest, first.as_deref(), &candidates, &deleted) else {
                break;
            };
            let listed = file.listed;
            self.take_log(file, repo.file_log(&old, Some(&before), origin)?)?;
            if file.listed == listed {
                break;
            }
            continued.push((old, oldest.hash.clone()));
        }
        Ok(continued)
    }

    /// Of the answers files deleted where the file was added, the one that was this file: the
    /// only one that reads with the rubric; else the one with the same name in the same folder
    /// (`answers.yaml` for `answers.toml`), else with the same name anywhere; else the one whose
    /// last answers match the file's first version best (at least half, and better than any
    /// other). None: the candidates are named in a warning, so no year is dropped without a word.
    fn pick(
        &mut self,
        oldest: &git::Commit,
        first: Option<&[Option<usize>]>,
        candidates: &[Candidate],
        deleted: &[String],
    ) -> Option<String> {
        let stem = |p: &str| {
            let p = Path::new(p);
            (
                p.parent().map(Path::to_path_buf),
                p.file_stem().map(|s| s.to_os_string()),
            )
        };
        let (dir, name) = stem(&oldest.path);
        let only = |found: Vec<&Candidate>| match found[..] {
            [one] => Some(one.path.clone()),
            _ => None,
        };
        let picked = if candidates.len() == 1 {
            Some((
                candidates[0].path.clone(),
                "the only answers file deleted there",
            ))
        } else if let Some(p) = only(
            candidates
                .iter()
                .filter(|c| stem(&c.path) == (dir.clone(), name.clone()))
                .collect(),
        ) {
            Some((p, "the same name"))
        } else if let Some(p) = only(
            candidates
                .iter()
                .filter(|c| stem(&c.path).1 == name)
                .collect(),
        ) {
            Some((p, "the same name"))
        } else {
            first.and_then(|first| {
                let similarity = |c: &Candidate| {
                    let both = first
                        .iter()
                        .zip(&c.levels)
                        .filter(|(a, b)| a.is_some() || b.is_some());
                    let (same, all) =
                        both.fold((0, 0), |(s, n), (a, b)| (s + usize::from(a == b), n + 1));
                    (same * 100).checked_div(all).unwrap_or(0)
                };
                let mut ranked: Vec<(usize, &Candidate)> =
                    candidates.iter().map(|c| (similarity(c), c)).collect();
                ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
                match ranked[..] {
                    [(best, c), (second, _), ..] if best >= 50 && best > second => {
                        Some((c.path.clone(), "the closest answers"))
                    }
                    _ => None,
                }
            })
        };
        let short = git::short(&oldest.hash).to_string();
        let listed = |paths: &[String]| {
            paths
                .iter()
                .map(|p| crate::import::quoted(p))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match picked {
            Some((p, why)) if deleted.len() > 1 => {
                let others: Vec<String> = deleted.iter().filter(|d| **d != p).cloned().collect();
                self.warn(
                    &oldest.hash,
                    format!(
                        "{} was added at {short}, which also deleted {}: the history goes on \
                         with {} ({why}); the others' versions are not in it",
                        oldest.path,
                        listed(
                            &[p.clone()]
                                .into_iter()
                                .chain(others.clone())
                                .collect::<Vec<_>>()
                        ),
                        crate::import::quoted(&p),
                    ),
                );
                Some(p)
            }
            Some((p, _)) => Some(p),
            None if !deleted.is_empty() => {
                self.warn(
                    &oldest.hash,
                    format!(
                        "the history starts at {short}, where {} was added and {} deleted; none \
                         is clearly this file before it (same name, or most answers alike), so \
                         the versions before are not shown: run history on the one it replaced \
                         to see them",
                        oldest.path,
                        listed(deleted)
                    ),
                );
                None
            }
            None => None,
        }
    }

    /// The working file differs from HEAD's: compared byte for byte here (a line ending
    /// converted on checkout is no change), so no git command applies the repository's filters.
    fn file_differs(&mut self, path: &Path) -> Result<bool, Error> {
        if !path.is_file() {
            return Ok(false);
        }
        let head = self.repo.head_files(self.origin)?;
        let Some((_, oid)) = head.into_iter().find(|(p, _)| *p == self.repo.path) else {
            return Ok(true);
        };
        let Ok(disk) = read_limited(path) else {
            return Ok(true);
        };
        let mut blobs = self.repo.cat_file(MAX_FILE_BYTES, self.origin)?;
        Ok(match blobs.read(&[oid])?.pop() {
            Some(git::Blob::Text(t)) => !same_text(&t, &disk),
            _ => true,
        })
    }

    /// The working folder's answers files (as `score` reads them) differ from HEAD's: other
    /// files, or other bytes.
    fn folder_differs(&mut self, path: &Path) -> Result<bool, Error> {
        let prefix = if self.repo.path.is_empty() {
            String::new()
        } else {
            format!("{}/", self.repo.path)
        };
        let head: Vec<(String, String)> = self
            .repo
            .head_files(self.origin)?
            .into_iter()
            .filter_map(|(p, oid)| {
                let rel = p.strip_prefix(&prefix).unwrap_or(&p).to_string();
                let answers = !rel.split('/').any(|c| c.starts_with('.'))
                    && crate::combine::is_answers_file(Path::new(&rel));
                answers.then_some((rel, oid))
            })
            .collect();
        let mut disk = Vec::new();
        for (_, found) in crate::combine::answer_files(&[path.to_path_buf()], false) {
            let Ok(p) = found else {
                return Ok(true);
            };
            let rel = p.strip_prefix(path).unwrap_or(&p);
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            disk.push((rel.join("/"), p));
        }
        disk.sort();
        if disk.len() != head.len() || disk.iter().zip(&head).any(|((a, _), (b, _))| a != b) {
            return Ok(true);
        }
        let mut blobs = self.repo.cat_file(MAX_FILE_BYTES, self.origin)?;
        for (files, ids) in disk.chunks(64).zip(head.chunks(64)) {
            let ids: Vec<String> = ids.iter().map(|(_, oid)| oid.clone()).collect();
            for ((_, p), committed) in files.iter().zip(blobs.read(&ids)?) {
                let (git::Blob::Text(t), Ok(now)) = (committed, read_limited(p)) else {
                    return Ok(true);
                };
                if !same_text(&t, &now) {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Every version of a folder, oldest first, each combined from its files: the folder's answers
    /// files are followed commit by commit from what each changed. A version whose answers files
    /// hold what the one before held (a README changed, a file renamed) is no new version.
    fn folder_versions(&mut self, commits: &[git::Commit]) -> Result<(), Error> {
        let prefix = if self.repo.path.is_empty() {
            String::new()
        } else {
            format!("{}/", self.repo.path)
        };
        let answers = |p: &str| {
            let rel = p.strip_prefix(&prefix).unwrap_or(p);
            !rel.split('/').any(|c| c.starts_with('.'))
                && crate::combine::is_answers_file(Path::new(rel))
        };
        let mut files: std::collections::BTreeMap<String, String> = Default::default();
        let mut versions: Vec<FolderVersion> = Vec::new();
        let mut previous: Vec<String> = Vec::new();
        for c in commits {
            for ch in &c.changes {
                if !answers(&ch.path) {
                    continue;
                }
                match &ch.blob {
                    Some(_) if ch.path.contains(['\n', '\r']) => {
                        let reason = format!(
                            "{}: a path with a line break is not read",
                            crate::import::quoted(&ch.path)
                        );
                        self.invalid(&c.hash, reason);
                    }
                    Some(b) => {
                        files.insert(ch.path.clone(), b.clone());
                    }
                    None => {
                        files.remove(&ch.path);
                    }
                }
            }
            let mut oids: Vec<String> = files.values().cloned().collect();
            oids.sort();
            if oids == previous {
                continue;
            }
            let day = match commit_day(c) {
                Ok(d) => d,
                Err(reason) => {
                    self.invalid(&c.hash, reason);
                    continue;
                }
            };
            let brought: Vec<String> = oids
                .iter()
                .filter(|o| previous.binary_search(o).is_err())
                .cloned()
                .collect();
            previous = oids;
            versions.push(FolderVersion {
                commit: c,
                day,
                files: files.iter().map(|(p, o)| (p.clone(), o.clone())).collect(),
                brought,
            });
        }
        let assessments = self.read_folder_blobs(&versions)?;
        let mut first_day: HashMap<&str, Date> = HashMap::new();
        for v in &versions {
            for (_, oid) in &v.files {
                first_day.entry(oid.as_str()).or_insert(v.day);
            }
            self.folder_point(v, &assessments, &first_day);
        }
        Ok(())
    }

    /// Every file of every version of a folder, read and loaded once, by blob id.
    fn read_folder_blobs(&mut self, versions: &[FolderVersion]) -> Result<Loaded, Error> {
        let mut ids: Vec<(String, String, &str)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for v in versions {
            for (p, oid) in &v.files {
                if seen.insert(oid.clone()) {
                    ids.push((oid.clone(), p.clone(), &v.commit.hash));
                }
            }
        }
        let mut blobs = self.repo.cat_file(MAX_FILE_BYTES, self.origin)?;
        let mut out = HashMap::new();
        let mut missing = Vec::new();
        for chunk in ids.chunks(256) {
            let requests: Vec<String> = chunk.iter().map(|(o, _, _)| o.clone()).collect();
            for ((oid, file, hash), blob) in chunk.iter().zip(blobs.read(&requests)?) {
                let name = format!("{file}@{}", git::short(hash));
                let loaded = match blob {
                    git::Blob::Text(bytes) => {
                        let syntax = Syntax::from_path(Path::new(file)).unwrap_or(Syntax::Yaml);
                        Source::from_bytes(name.clone(), bytes, syntax)
                            .and_then(|src| Assessment::load(&src, self.rubric))
                            .map(|(a, warnings)| (a, !warnings.is_empty()))
                            .map_err(|e| e.to_string())
                    }
                    git::Blob::TooLarge => Err(format!(
                        "{name}: file is larger than the limit of {} KiB",
                        MAX_FILE_BYTES / 1024
                    )),
                    git::Blob::Missing => {
                        missing.push((file.clone(), hash.to_string()));
                        Err(format!("{name}: not in the repository"))
                    }
                };
                out.insert(oid.clone(), loaded);
            }
        }
        if let Some(first) = missing.first() {
            return Err(Error::Git(self.missing(first, missing.len())));
        }
        Ok(out)
    }

    /// The point of one version of a folder: its files combined. Its date: the latest `date:` of
    /// the files the commit brought, else (none has one, or the commit only took files away) the
    /// commit's. A file without a date counts in the combination as of the commit that brought it.
    fn folder_point(
        &mut self,
        v: &FolderVersion,
        assessments: &Loaded,
        first_day: &HashMap<&str, Date>,
    ) {
        let (rubric, target) = (self.rubric, self.target);
        let mut tally = Tally::new(rubric);
        let mut brought_date: Option<Date> = None;
        for (file, oid) in &v.files {
            match &assessments[oid] {
                Ok((a, other_version)) => {
                    if v.brought.binary_search(oid).is_ok() {
                        brought_date = brought_date.max(a.date);
                    }
                    let mut a = a.clone();
                    a.date = a.date.or(first_day.get(oid.as_str()).copied());
                    tally.add_from(
                        &a,
                        crate::combine::Origin {
                            file: Some(file),
                            other_version: *other_version,
                            ..Default::default()
                        },
                    );
                }
                Err(e) => tally.reject(file.clone(), e.clone()),
            }
        }
        let combined = tally.finish(rubric, target);
        for bad in &combined.invalid {
            self.invalid(&v.commit.hash, bad.reason.clone());
        }
        if combined.respondents == 0 {
            return;
        }
        let (date, dated) = match brought_date {
            Some(d) => (d, Dated::File),
            None => (v.day, Dated::Commit),
        };
        self.points.push(Point {
            date,
            at: date,
            dated,
            revision: Some(v.commit.hash.clone()),
            card: Card::of(&combined.scorecard),
            respondents: Some(combined.respondents),
            roles: combined.roles.clone(),
        });
    }

    /// The folder as it is on disk, when it differs from the last commit.
    fn folder_working_copy(&mut self, path: &Path) {
        let files = [path.to_path_buf()];
        let combined = crate::combine::combine_paths(
            &files,
            None,
            crate::import::collect::Options::default(),
            Default::default(),
            self.rubric,
            self.target,
        );
        for bad in &combined.invalid {
            self.invalid("working copy", bad.reason.clone());
        }
        if combined.respondents > 0 {
            let mut p = working_copy(
                combined.last_date,
                Card::of(&combined.scorecard),
                Some(combined.respondents),
                self.opts,
            );
            p.roles = combined.roles.clone();
            self.points.push(p);
        }
    }

    /// A partial clone's blobs that are not here: the first named (file and commit), the others
    /// counted, with how to fetch them.
    fn missing(&self, first: &(String, String), n: usize) -> Diagnostic {
        let more = match n {
            0 | 1 => String::new(),
            n => format!(
                " (nor {} other {})",
                crate::words::pick(n - 1, "is", "are"),
                crate::words::count(n - 1, "version", "versions")
            ),
        };
        self.repo.not_here(
            self.origin,
            &format!(
                "the version of {} at {} is not here{more}",
                first.0,
                git::short(&first.1)
            ),
        )
    }

    /// Take in the commits of a log (newest first) as git lists them: a commit that leaves the
    /// text as the one before it (a rename, a mode change) is no new version; the others are
    /// scored a batch at a time.
    fn take_log(&mut self, file: &mut FileVersions, log: git::Log) -> Result<(), Error> {
        for c in log {
            let c = c?;
            file.listed += 1;
            file.oldest = Some(c.clone());
            match &mut file.pending {
                // The same text further back: the older commit is where it started.
                Some(p) if p.blob == c.blob => *p = c,
                _ => {
                    if let Some(p) = file.pending.replace(c) {
                        file.batch.push(p);
                    }
                }
            }
            if file.batch.len() >= 256 {
                self.score_batch(file)?;
            }
        }
        Ok(())
    }

    /// Read a batch of versions, score it on every core and keep only the scores.
    fn score_batch(&mut self, file: &mut FileVersions) -> Result<(), Error> {
        let batch = std::mem::take(&mut file.batch);
        let ids: Vec<String> = batch.iter().map(|c| c.blob.clone()).collect();
        let texts = file.blobs.read(&ids)?;
        let (rubric, target, asked) = (self.rubric, self.target, file.syntax);
        let scored: Vec<Option<Result<Point, String>>> = batch
            .par_iter()
            .zip(texts)
            .map(|(c, blob)| {
                let name = format!("{}@{}", c.path, git::short(&c.hash));
                let syntax = Syntax::from_path(Path::new(&c.path)).unwrap_or(asked);
                let scored = match blob {
                    git::Blob::Text(bytes) => score_text(name, bytes, syntax, rubric, target),
                    git::Blob::TooLarge => Err(format!(
                        "{name}: file is larger than the limit of {} KiB",
                        MAX_FILE_BYTES / 1024
                    )),
                    git::Blob::Missing => return None,
                };
                Some(scored.and_then(|(card, file_date)| committed(c, file_date, card)))
            })
            .collect();
        for (c, point) in batch.into_iter().zip(scored) {
            match point {
                Some(Ok(point)) => file.points.push(point),
                Some(Err(reason)) => file.invalid.push(Invalid {
                    revision: c.hash,
                    reason,
                }),
                None => file.missing.push((c.path, c.hash)),
            }
        }
        Ok(())
    }

    /// The last versions scored, the points put oldest first; a partial clone's versions that
    /// are not here are an error naming them. Returned: how many commits were listed, and the
    /// oldest.
    fn finish_file(&mut self, mut file: FileVersions) -> Result<(usize, Option<String>), Error> {
        if let Some(p) = file.pending.take() {
            file.batch.push(p);
        }
        self.score_batch(&mut file)?;
        if let Some(first) = file.missing.last() {
            return Err(Error::Git(self.missing(first, file.missing.len())));
        }
        file.points.reverse();
        file.invalid.reverse();
        file.points.shrink_to_fit();
        if self.points.is_empty() {
            self.points = file.points;
        } else {
            self.points.extend(file.points);
        }
        self.invalid.extend(file.invalid);
        Ok((file.listed, file.oldest.map(|c| c.hash)))
    }

    /// The file as it is on disk, when it differs from the last commit.
    fn file_working_copy(&mut self, path: &Path) {
        match Source::read(path, None).and_then(|src| Assessment::load(&src, self.rubric)) {
            Ok((a, _)) => {
                let card = Card::of(&crate::score::score(self.rubric, &a, self.target));
                let point = working_copy(a.date, card, None, self.opts);
                self.points.push(point);
            }
            Err(e) => self.invalid("working copy", e.to_string()),
        }
    }
}

/// The versions of a file as they are read: newest first, a batch at a time.
struct FileVersions {
    blobs: git::Blobs,
    /// The syntax of the file asked for (a version's own name says it first).
    syntax: Syntax,
    /// The newest commit not yet known to be a new version (an older one may have the same
    /// text).
    pending: Option<git::Commit>,
    batch: Vec<git::Commit>,
    points: Vec<Point>,
    invalid: Vec<Invalid>,
    /// Versions a partial clone does not have: (path, commit).
    missing: Vec<(String, String)>,
    /// The oldest commit listed so far, and how many were.
    oldest: Option<git::Commit>,
    listed: usize,
}

impl FileVersions {
    fn new(repo: &git::Repo, origin: &str, path: &Path) -> Result<FileVersions, Error> {
        Ok(FileVersions {
            blobs: repo.cat_file(MAX_FILE_BYTES, origin)?,
            syntax: Syntax::from_path(path).unwrap_or(Syntax::Yaml),
            pending: None,
            batch: Vec::new(),
            points: Vec::new(),
            invalid: Vec::new(),
            missing: Vec::new(),
            oldest: None,
            listed: 0,
        })
    }
}

/// Every file of a folder's history, by blob id: its answers and whether they are of another
/// version of the rubric, or why it cannot be read.
type Loaded = HashMap<String, Result<(Assessment, bool), String>>;

/// One version of a folder: its commit and day, its answers files (path, blob id) by path, and
/// the blob ids it brought (new or changed files), sorted.
struct FolderVersion<'c> {
    commit: &'c git::Commit,
    day: Date,
    files: Vec<(String, String)>,
    brought: Vec<String>,
}

/// A file's bytes, up to the size limit (a larger file is an error).
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(std::io::Error::other("too large"));
    }
    Ok(bytes)
}

/// The same text, but for line endings (a checkout may turn LF into CRLF, and back on commit).
fn same_text(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    let lf = |t: &[u8]| -> Vec<u8> {
        let mut out = Vec::with_capacity(t.len());
        for (k, &c) in t.iter().enumerate() {
            if !(c == b'\r' && t.get(k + 1) == Some(&b'\n')) {
                out.push(c);
            }
        }
        out
    };
    lf(a) == lf(b)
}

/// A committed version's point: dated by its file, else by the commit's author date.
fn committed(c: &git::Commit, file_date: Option<Date>, card: Card) -> Result<Point, String> {
    let (date, dated) = match file_date {
        Some(d) => (d, Dated::File),
        None => (commit_day(c)?, Dated::Commit),
    };
    Ok(Point {
        date,
        at: date,
        dated,
        revision: Some(c.hash.clone()),
        card,
        respondents: None,
        roles: Vec::new(),
    })
}

/// The working copy's point: dated by its file (or files), else today.
fn working_copy(
    file_date: Option<Date>,
    card: Card,
    respondents: Option<u64>,
    opts: Options,
) -> Point {
    let (date, dated) = match file_date {
        Some(d) => (d, Dated::File),
        None => (opts.today, Dated::Today),
    };
    Point {
        date,
        at: date,
        dated,
        revision: None,
        card,
        respondents,
        roles: Vec::new(),
    }
}

/// Of points in commit order, the last of each quarter (by when each counts, which only moves
/// forward, so a quarter's versions are next to each other).
pub fn last_of_each_quarter(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::new();
    for p in points {
        match out.last() {
            Some(last) if quarter(last.at) == quarter(p.at) => {
                *out.last_mut().expect("not empty") = p;
            }
            _ => out.push(p),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(date: &str, revision: &str) -> Point {
        let r = Rubric::builtin();
        let a = Assessment::empty(&r);
        Point {
            date: Date::parse(date).unwrap(),
            at: Date::parse(date).unwrap(),
            dated: Dated::File,
            revision: Some(revision.to_string()),
            card: Card::of(&crate::score::score(&r, &a, 3)),
            respondents: None,
            roles: Vec::new(),
        }
    }

    #[test]
    fn dates_in_the_future_or_out_of_order_are_warned_and_never_move_time_back() {
        let mut points = vec![
            point("2026-01-05", "aaaaaaa1"),
            point("2026-04-05", "bbbbbbb2"),
            // A revert brings January's date: back.
            point("2026-01-05", "ccccccc3"),
            // A mistyped year.
            point("2036-05-01", "ddddddd4"),
            point("2026-07-01", "eeeeeee5"),
        ];
        let w = place_in_time(&mut points, Date::parse("2026-09-01").unwrap());
        let at: Vec<String> = points.iter().map(|p| p.at.to_string()).collect();
        assert_eq!(
            at,
            [
                "2026-01-05",
                "2026-04-05",
                "2026-04-05",
                "2026-09-01",
                "2026-09-01"
            ]
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(w[0].revision, "ccccccc3");
        assert!(w[0].message.contains("before bbbbbbb"), "{w:?}");
        assert_eq!(w[1].revision, "ddddddd4");
        assert!(w[1].message.contains("after today (2026-09-01)"), "{w:?}");
    }

    #[test]
    fn a_line_ending_converted_on_checkout_is_no_change() {
        assert!(same_text(b"a: 1\nb: 2\n", b"a: 1\r\nb: 2\r\n"));
        assert!(!same_text(b"a: 1\n", b"a: 2\n"));
    }
}
