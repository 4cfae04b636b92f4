//! Feeding the tally from files and folders: each file as given, each folder searched
//! recursively for answers files, read on all cores; a file that cannot be read is recorded and
//! the others are still combined. A form export counts only when it is read to its end: a file
//! broken part way contributes nothing.

use super::{Combined, Invalid, Origin, Tally};
use crate::assessment::Assessment;
use crate::rubric::Rubric;
use crate::source::{Source, Syntax};
use rayon::iter::{ParallelBridge, ParallelIterator};
use std::path::{Path, PathBuf};

/// How `import` marks the first line of each file it writes ([`crate::import::IMPORTED_BY`]).
pub const IMPORT_RECORD: &str = crate::import::IMPORTED_BY;

/// What a file imported from an export records about its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// The row's fingerprint ([`crate::import::Response::fingerprint`]).
    pub fingerprint: u64,
    /// When it was submitted, to the second, where the export said, with the offset from UTC
    /// written with it (seconds east).
    pub submitted: Option<(crate::source::Date, u32, Option<i32>)>,
}

/// The record `import` writes in the first line of a file:
/// `# Imported by … from EXPORT, row N; response HEX, submitted YYYY-MM-DD HH:MM:SS[ +HH:MM].`
pub fn import_record(text: &str) -> Option<Record> {
    let first = text.lines().next()?.trim_end();
    let rest = first.strip_prefix(IMPORT_RECORD)?;
    let at = rest.rfind("; response ")?;
    let tail = rest[at + "; response ".len()..].trim_end_matches('.');
    let (hex, submitted) = match tail.split_once(", submitted ") {
        Some((h, s)) => (h, Some(s)),
        None => (tail, None),
    };
    let fingerprint = u64::from_str_radix(hex.trim(), 16).ok()?;
    let submitted = submitted.and_then(|s| {
        let mut words = s.split_whitespace();
        let date = crate::source::Date::parse(words.next()?).ok()?;
        let t = chrono::NaiveTime::parse_from_str(words.next()?, "%H:%M:%S").ok()?;
        let offset = match words.next() {
            Some(w) => Some(crate::import::when::read_offset(w)?),
            None => None,
        };
        use chrono::Timelike;
        Some((date, t.num_seconds_from_midnight(), offset))
    });
    Some(Record {
        fingerprint,
        submitted,
    })
}

/// The comments `import` keeps at the top of a file it writes (`# Any comments?:` then the
/// text, each line as `#   …`).
pub fn imported_comments(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut lines = text.lines();
    if !lines.next().is_some_and(|l| l.starts_with(IMPORT_RECORD)) {
        return out;
    }
    let mut open = false;
    for line in lines {
        let Some(c) = line.strip_prefix('#') else {
            break;
        };
        if let Some(text) = c.strip_prefix("   ") {
            if open {
                let last = out.last_mut().expect("a comment is open");
                if !last.is_empty() {
                    last.push('\n');
                }
                last.push_str(text);
            }
        } else if c.starts_with(" Score every response together:") {
            open = false;
        } else if c.starts_with(' ') && c.trim_end().ends_with(':') && !c.contains('`') {
            out.push(String::new());
            open = true;
        } else {
            open = false;
        }
    }
    out.retain(|c| !c.trim().is_empty());
    out
}

/// What tells a file apart from any other, whatever name it is given: its device and inode
/// (its full path elsewhere).
fn file_identity(path: &Path) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        (m.dev(), m.ino()).hash(&mut h);
    }
    #[cfg(not(unix))]
    {
        path.canonicalize().ok()?.hash(&mut h);
    }
    Some(h.finish())
}

impl Tally {
    /// Read, resolve and count one answers file; a file that fails is recorded, not fatal.
    pub fn add_file(&mut self, path: &Path, syntax: Option<Syntax>, rubric: &Rubric) {
        let loaded = Source::read(path, syntax)
            .and_then(|src| Assessment::load(&src, rubric).map(|(a, w)| (src, a, w)));
        match loaded {
            Ok((src, a, warnings)) => {
                let record = import_record(&src.text);
                let name = path.display().to_string();
                let submitted = record
                    .and_then(|r| r.submitted)
                    .filter(|(d, _, _)| Some(*d) == a.date);
                self.add_from(
                    &a,
                    Origin {
                        file: Some(&name),
                        fingerprint: record.map(|r| r.fingerprint),
                        file_identity: file_identity(path),
                        secs: submitted.map(|(_, s, _)| s),
                        offset: submitted.and_then(|(_, _, o)| o),
                        other_version: !warnings.is_empty(),
                        ..Origin::default()
                    },
                );
                for c in imported_comments(&src.text) {
                    self.add_comment(&c);
                }
            }
            Err(e) => self.reject(path.display().to_string(), e.to_string()),
        }
    }
}

/// Takes the responses of a form export into a tally of its own, which joins the combination
/// only when the whole export was read: dates written with slashes wait for the column's order.
struct TallySink {
    tally: Tally,
    /// Respondents whose date waits: their number in `tally`, and the timestamp as written.
    waiting: Vec<(usize, crate::import::when::Stamp)>,
}

/// Where an export's row came from: its row, email, fingerprint and submission time.
fn origin(r: &crate::import::Response) -> Origin<'_> {
    Origin {
        row: r.row,
        email: r.email.as_deref(),
        fingerprint: Some(r.fingerprint),
        secs: r.stamp.and_then(|s| s.secs),
        offset: r.stamp.and_then(|s| s.offset),
        ..Origin::default()
    }
}

impl crate::import::collect::Sink for TallySink {
    fn accept(
        &mut self,
        r: &crate::import::Response,
        _: crate::import::collect::Slot,
    ) -> Result<(), crate::diagnostic::Diagnostic> {
        let k = self.tally.added();
        self.tally.add_from(&r.assessment, origin(r));
        for (_, text) in &r.comments {
            self.tally.add_comment(text);
        }
        if let Some(s) = r.stamp.filter(|_| r.assessment.date.is_none()) {
            self.waiting.push((k, s));
        }
        Ok(())
    }

    fn unreadable(
        &mut self,
        r: &crate::import::Response,
        _: Option<usize>,
    ) -> Result<(), crate::diagnostic::Diagnostic> {
        // Kept as one of the person's submissions, with no answers: when it is the one that
        // counts, the person is left out, not counted by an older one.
        let k = self.tally.added();
        let mut blank = r.assessment.clone();
        blank
            .answers
            .iter_mut()
            .for_each(|a| *a = crate::assessment::Answer::Missing);
        blank.notes.iter_mut().for_each(|n| *n = None);
        self.tally.add_from(
            &blank,
            Origin {
                unreadable: true,
                ..origin(r)
            },
        );
        if let Some(who) =
            crate::import::respondent(&r.assessment, r.email.as_deref(), r.id.as_deref())
        {
            self.tally.name_unreadable(k, who);
        }
        if let Some(s) = r.stamp.filter(|_| r.assessment.date.is_none()) {
            self.waiting.push((k, s));
        }
        Ok(())
    }
}

impl Tally {
    /// Count every response row of a form export; rows that cannot be read are recorded (the
    /// first few with their row, then a count), a file that cannot be read at all too, and
    /// then none of its rows count.
    pub fn add_export(
        &mut self,
        path: &Path,
        rubric: &Rubric,
        opts: crate::import::collect::Options,
    ) {
        let name = path.display().to_string();
        let mut own = Tally::new(rubric);
        if let Some((&n, label)) = self.inputs.iter().find(|(n, _)| **n == self.current_input) {
            own.set_input(n as usize, label);
        }
        // Each row is named with its export: the input as named may be the folder it is in.
        own.set_export(&name);
        let mut sink = TallySink {
            tally: own,
            waiting: Vec::new(),
        };
        let found = crate::import::collect::read_export(path, &name, rubric, opts, &mut sink);
        let found = match found {
            Ok(found) if found.not_an_export => {
                let why = match found.questions_named.as_slice() {
                    [] => "no column names a question of the questionnaire, so it is not \
                           taken for a form export"
                        .to_string(),
                    named => format!(
                        "only {} of the questionnaire's {} questions {} a column ({}), so it \
                         is not taken for a form export (one has a column for half of them or \
                         more, or a submission time and {} or more)",
                        named.len(),
                        rubric.attributes.len(),
                        crate::words::pick(named.len(), "has", "have"),
                        named
                            .iter()
                            .map(|h| format!("\"{h}\""))
                            .collect::<Vec<_>>()
                            .join(", "),
                        crate::import::collect::FORM_QUESTIONS_WITH_A_TIME
                    ),
                };
                return self.say(
                    crate::diagnostic::Diagnostic::new(&name, format!("not read: {why}"))
                        .help(
                            "if it is one, name it on the command line (with --map for a form \
                         worded differently)",
                        )
                        .note(),
                );
            }
            Ok(found) => found,
            Err(e) => return self.reject(name, e.to_string()),
        };
        let mut own = sink.tally;
        own.export_read(name.clone(), found.rows, found.bad_rows);
        for (k, s) in sink.waiting {
            own.redate(k, found.dates.and_then(|o| s.date(o)), s.secs, s.offset);
        }
        for w in found.warnings {
            own.say(w);
        }
        for (row, problems) in &found.problems {
            let mut reason = problems[0].to_string();
            if problems.len() > 1 {
                reason.push_str(&format!(
                    "\n(and {} more in this row)",
                    crate::words::count(problems.len() - 1, "cell", "cells")
                ));
            }
            own.reject_row(name.clone(), *row, reason);
        }
        let shown = found.problems.len() as u64;
        if found.bad_rows > shown {
            let more = found.bad_rows - shown;
            own.reject_more_rows(
                name.clone(),
                more,
                format!(
                    "{name}: {more} more {} with problems, not listed (the first {} are)",
                    crate::words::pick(more as usize, "row", "rows"),
                    crate::import::collect::MAX_PROBLEMS
                ),
            );
        }
        self.absorb(own);
    }
}

/// Does `path` (a link) lead to something inside `root` (both with every link resolved)? A
/// link that leads nowhere is left to the walk, which reports it as it does.
fn inside(root: Option<&Path>, path: &Path) -> bool {
    match (root, path.canonicalize()) {
        (Some(root), Ok(target)) => target.starts_with(root),
        (None, Ok(_)) => false,
        (_, Err(_)) => true,
    }
}

/// Is this a form export, read row by row? By extension: `.csv`, `.tsv`, `.xlsx`; and a `.txt`
/// named on the command line that is UTF-16 text with its byte-order mark, as Excel and
/// LibreOffice save "Unicode text" (a folder's `.txt` files are never read).
pub fn is_export(path: &Path) -> bool {
    if crate::import::Kind::of(path).is_some() {
        return true;
    }
    let txt = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    txt && {
        use std::io::Read;
        let mut mark = [0u8; 2];
        std::fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut mark))
            .is_ok()
            && (mark == [0xFF, 0xFE] || mark == [0xFE, 0xFF])
    }
}

/// Does this name look like an answers file (by extension)?
pub fn is_answers_file(path: &Path) -> bool {
    Syntax::from_path(path).is_some()
}

/// Hidden files and folders (`.git`, editor swap files) are not answers; the marker of an
/// unfinished import is looked at (it makes the folder unusable until someone decides).
fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0
        && entry.file_name().to_string_lossy().starts_with('.')
        && entry.file_name() != crate::import::UNFINISHED
}

/// Is this a form export found in a folder: an export by [`is_export`], not Excel's lock file
/// of an open workbook (`~$responses.xlsx`)?
fn is_folder_export(path: &Path) -> bool {
    !path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
        && is_export(path)
}

/// Is this a spreadsheet or archive this tool does not read (`.zip`, `.xls`, `.ods`,
/// `.numbers`; not Excel's lock file)?
pub fn is_unread_spreadsheet(path: &Path) -> bool {
    !path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
        && crate::source::spreadsheet_hint(path).is_some()
}

/// A spreadsheet or archive found in a folder: a note naming it and saying how to include it.
pub fn unread_spreadsheet_note(path: &Path) -> Option<crate::diagnostic::Diagnostic> {
    let mut d = crate::source::spreadsheet_hint(path)?.note();
    d.message = format!("skipped: {}", d.message);
    Some(d)
}

/// The answers files under `inputs`: each file as given (a form export too), each folder searched
/// recursively for `.yaml`, `.yml` and `.toml` files (hidden ones skipped), and, with `exports`,
/// for form exports too (`.csv`, `.tsv`, `.xlsx`, UTF-16 `.txt`: a later download saved beside
/// the files imported from an earlier one; its rows are told from those files by the
/// fingerprint each file records). Lazy, so a huge folder is never held in memory; a folder
/// that cannot be read is an `Err` item naming it.
pub fn answer_files(
    inputs: &[PathBuf],
    exports: bool,
) -> impl Iterator<Item = (usize, Result<PathBuf, Invalid>)> + Send + '_ {
    inputs.iter().enumerate().flat_map(move |(k, input)| {
        let walk: Box<dyn Iterator<Item = Result<PathBuf, Invalid>> + Send> = if input.is_dir() {
            // Links are followed only to what lies inside the folder given: a link to
            // `~/.git-credentials` added to a folder of answers is reported, never opened.
            let root = input.canonicalize().ok();
            let outside = std::sync::Arc::new(std::sync::Mutex::new(Vec::<PathBuf>::new()));
            let found = outside.clone();
            let label = input.display().to_string();
            Box::new(
                walkdir::WalkDir::new(input)
                    .follow_links(true)
                    .into_iter()
                    .filter_entry(move |e| {
                        if is_hidden(e) {
                            return false;
                        }
                        if e.path_is_symlink() && !inside(root.as_deref(), e.path()) {
                            if let Ok(mut v) = found.lock() {
                                v.push(e.path().to_path_buf());
                            }
                            return false;
                        }
                        true
                    })
                    .filter_map(move |entry| match entry {
                        Ok(e) if e.file_name() == crate::import::UNFINISHED => Some(Err(Invalid {
                            file: e.path().display().to_string(),
                            row: None,
                            more_rows: 0,
                            reason: format!(
                                "{}: an import into this folder has not finished (it is \
                                     running, or it was stopped): its answers files are not all \
                                     in place\n  when it has stopped, run the same import again: \
                                     it first undoes what the stopped one left",
                                e.path().display()
                            ),
                        })),
                        // A spreadsheet or archive not read (a `.zip` as Google Forms
                        // downloads its responses) is handed on to be named, not read.
                        Ok(e)
                            if e.file_type().is_file()
                                && (is_answers_file(e.path())
                                    || exports
                                        && (is_folder_export(e.path())
                                            || is_unread_spreadsheet(e.path()))) =>
                        {
                            Some(Ok(e.into_path()))
                        }
                        Ok(_) => None,
                        // A name that is no answers file is no respondent, even when it cannot be
                        // followed (`notes.txt -> /nowhere`): skipped before it is opened.
                        Err(err)
                            if err
                                .path()
                                .is_some_and(|p| !is_answers_file(p) && !p.is_dir()) =>
                        {
                            None
                        }
                        Err(err) => Some(Err(Invalid {
                            file: err.path().unwrap_or(Path::new("")).display().to_string(),
                            row: None,
                            more_rows: 0,
                            reason: format!("cannot read: {err}"),
                        })),
                    })
                    .chain(std::iter::from_fn(move || {
                        let p = outside.lock().ok()?.pop()?;
                        Some(Err(Invalid {
                            file: p.display().to_string(),
                            row: None,
                            more_rows: 0,
                            reason: format!(
                                "{}: a link to something outside {label}; not read (links in a \
                                 folder are followed only inside it: name the file itself to \
                                 read it)",
                                p.display()
                            ),
                        }))
                    })),
            )
        } else {
            Box::new(std::iter::once(Ok(input.clone())))
        };
        walk.map(move |item| (k, item))
    })
}

/// Combine every answers file under `inputs` (files and folders) and every row of the form
/// exports named, on all cores. The result does not depend on the order the files are read in.
pub fn combine_paths(
    inputs: &[PathBuf],
    syntax: Option<Syntax>,
    exports: crate::import::collect::Options,
    aliases: std::sync::Arc<super::roles::Aliases>,
    rubric: &Rubric,
    target: usize,
) -> Combined {
    let labels: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    let tally = answer_files(inputs, exports.in_folders)
        .par_bridge()
        .fold(
            || Tally::new(rubric),
            |mut t, (k, item)| {
                t.set_input(k, &labels[k]);
                match item {
                    // An export found in a folder that names no question is some other table
                    // (a CRM export, an interview log): said, not read.
                    Ok(path) if path != inputs[k] && is_unread_spreadsheet(&path) => {
                        if let Some(d) = unread_spreadsheet_note(&path) {
                            t.say(d);
                        }
                    }
                    Ok(path) if path != inputs[k] && is_export(&path) => t.add_export(
                        &path,
                        rubric,
                        crate::import::collect::Options {
                            not_exports: true,
                            ..exports
                        },
                    ),
                    Ok(path) if is_export(&path) => t.add_export(&path, rubric, exports),
                    Ok(path) => t.add_file(&path, syntax, rubric),
                    Err(invalid) => t.reject(invalid.file, invalid.reason),
                }
                t
            },
        )
        .reduce(|| Tally::new(rubric), Tally::merge);
    let mut combined = tally
        .keep(exports.keep)
        .aliases(aliases)
        .finish(rubric, target);
    // In the order the inputs were named.
    combined
        .sources
        .sort_by_key(|(s, _)| labels.iter().position(|l| l == s));
    combined
}
