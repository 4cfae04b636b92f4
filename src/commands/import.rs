//! `import`: a form export (Google Forms CSV, Microsoft Forms .xlsx, any CSV with one row per
//! respondent) into one answers file per response, in a folder `score` combines.

use super::load_rubric;
use crate::cli::ImportArgs;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::import::collect::{decide_dates, read_export, Dates, Nowhere, Options, Slot};
use crate::import::transaction::{Refused, Transaction};
use crate::import::{map, Column, Kind, Map, Plan, Response};
use crate::outcome::Outcome;
use crate::output::{emit, note, report, to_stderr, warn};
use crate::rubric::Rubric;
use crate::source::Syntax;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Letters with no accent to drop but a plain spelling (`ß` is `ss`, `ø` is `o`): the same table
/// as the offline page's file names, so one name gives one file name everywhere.
fn plain_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'þ' | 'Þ' => "th",
        'ı' => "i",
        'ħ' | 'Ħ' => "h",
        'ŧ' | 'Ŧ' => "t",
        _ => return None,
    })
}

/// A file name from a person's name or email: lowercase letters and digits (accents dropped,
/// `ß`, `ø`, `ł`, `æ` and the like spelt plainly, other scripts kept), the rest as single
/// hyphens, at most 60 characters.
pub fn slug(s: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut chars = 0;
    for c in s.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if let Some(plain) = plain_letter(c) {
            for p in plain.chars().take(60 - chars) {
                out.push(p);
                chars += 1;
            }
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                if chars < 60 {
                    out.push(l);
                    chars += 1;
                }
            }
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
            chars += 1;
        }
        if chars >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    // Names Windows keeps for devices.
    const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];
    let device = RESERVED.contains(&out.as_str())
        || ((out.starts_with("com") || out.starts_with("lpt"))
            && out.len() == 4
            && out.as_bytes()[3].is_ascii_digit());
    if device {
        format!("{out}-answers")
    } else {
        out
    }
}

/// Unique file names (case ignored), each in constant time however many share a base: a
/// counter per base, so 100,000 responses from one name do not search 100,000 names each. Names
/// are kept as 64-bit hashes: a collision (vanishingly rare) only adds a `-N` to a name.
#[derive(Default)]
pub struct Namer {
    taken: HashSet<u64>,
    next: HashMap<u64, usize>,
}

fn hash_of(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.to_lowercase().hash(&mut h);
    h.finish()
}

impl Namer {
    pub fn name(&mut self, base: &str, ext: &str) -> String {
        let n = self.next.entry(hash_of(base)).or_insert(1);
        loop {
            let candidate = if *n == 1 {
                format!("{base}.{ext}")
            } else {
                format!("{base}-{n}.{ext}")
            };
            *n += 1;
            if self.taken.insert(hash_of(&candidate)) {
                return candidate;
            }
        }
    }
}

/// File names one after another in one buffer (a few bytes each, not a `String` each).
#[derive(Default)]
struct Names {
    text: String,
    ends: Vec<u32>,
}

impl Names {
    fn push(&mut self, name: &str) -> u32 {
        self.text.push_str(name);
        self.ends.push(self.text.len() as u32);
        (self.ends.len() - 1) as u32
    }

    fn get(&self, k: u32) -> &str {
        let k = k as usize;
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        &self.text[start..self.ends[k] as usize]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// The base of a response's file name: the name, else the response id, else `response-N` (N
/// counting the responses written, from 1). Never the email: the file is meant to be shared.
fn base_name(r: &Response, n: usize) -> String {
    [
        r.assessment.respondent.name.as_deref(),
        r.id.as_deref()
            .map(|id| format!("response-{id}"))
            .as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(slug)
    .find(|s| !s.is_empty())
    .unwrap_or_else(|| format!("response-{n}"))
}

/// The top bit of an index into `Files::replaced` (without it: into `Files::created`).
const REPLACED: u32 = 1 << 31;

/// Writes each accepted response as it is read, into the transaction's staging folder (see
/// [`crate::import::transaction`]): nothing in the folder changes until every row is read. A
/// file already in the folder is a conflict without --force (then nothing more is written, only
/// the other conflicts found); an interrupt stops the reading.
struct Files<'a> {
    out: &'a Path,
    staging: std::path::PathBuf,
    /// The export's name and the folder's score command, as header comments (the same for
    /// every file, so escaped once).
    export: String,
    score_cmd: String,
    /// The same command for this terminal (the rubric file as given).
    score_here: String,
    rubric: &'a Rubric,
    syntax: Syntax,
    force: bool,
    namer: Namer,
    /// Files this run writes that were not in the folder, in order.
    created: Names,
    /// Files this run writes that replace one in the folder (--force).
    replaced: Names,
    /// Person → the file their response is in (a later submission replaces it): an index into
    /// `created` (or, with the top bit set, into `replaced`); `u32::MAX` for none yet.
    person_file: Vec<u32>,
    /// Files written and then withdrawn: the person's submission that counts turned out to be
    /// a row that cannot be read (indexes as in `person_file`).
    withdrawn: HashSet<u32>,
    /// Files already there (without --force): nothing more is written once one is found.
    conflicts: Vec<String>,
    /// Set by SIGINT, SIGTERM or SIGHUP.
    interrupted: std::sync::Arc<std::sync::atomic::AtomicBool>,
    written: usize,
    /// The write that failed (a full disk, no permission), which stopped the import.
    write_failed: Option<(std::path::PathBuf, std::io::Error)>,
}

impl<'a> Files<'a> {
    /// Files for an import into `out`, written into `staging` until they are moved in.
    fn new(
        args: &ImportArgs,
        out: &'a Path,
        staging: &Path,
        name: &str,
        rubric: &'a Rubric,
        rubric_path: Option<&Path>,
    ) -> Files<'a> {
        let quoted = crate::questionnaire::session::path_arg(out);
        Files {
            out,
            staging: staging.to_path_buf(),
            export: crate::escape::comment(name),
            score_cmd: crate::escape::comment(&crate::view::score_command(rubric_path, &quoted)),
            score_here: crate::view::score_command_here(rubric_path, &quoted),
            rubric,
            syntax: args.format,
            force: args.force,
            namer: Namer::default(),
            created: Names::default(),
            replaced: Names::default(),
            person_file: Vec::new(),
            withdrawn: HashSet::new(),
            conflicts: Vec::new(),
            interrupted: interrupt_flag(),
            written: 0,
            write_failed: None,
        }
    }

    fn text(&self, r: &Response) -> String {
        // The row's fingerprint, never its email (the file may be shared): `score` knows the
        // file and that row of the export for one response by it.
        let submitted = r
            .assessment
            .date
            .map(|d| match r.stamp.and_then(|s| s.secs) {
                Some(s) => format!(
                    ", submitted {d} {:02}:{:02}:{:02}{}",
                    s / 3600,
                    s / 60 % 60,
                    s % 60,
                    r.stamp
                        .and_then(|s| s.offset)
                        .map(|o| format!(" {}", crate::import::when::offset_text(o)))
                        .unwrap_or_default()
                ),
                None => String::new(),
            })
            .unwrap_or_default();
        let mut header = format!(
            "{}{}, row {}; response {:016x}{submitted}.\n\
             # Score every response together: {}\n",
            crate::import::IMPORTED_BY,
            self.export,
            r.row,
            r.fingerprint,
            self.score_cmd,
        );
        for (column, text) in &r.comments {
            header.push_str(&format!("# {}:\n", crate::escape::comment(column)));
            for line in text.lines() {
                header.push_str(&format!("#   {}\n", crate::escape::comment(line)));
            }
        }
        r.assessment.to_text(self.rubric, self.syntax, &header)
    }

    /// The file person `p`'s response is in, if written yet.
    /// The files this run leaves in the folder: written, and not withdrawn.
    fn kept(&self) -> impl Iterator<Item = &str> {
        let created = (0..self.created.len() as u32)
            .filter(|k| !self.withdrawn.contains(k))
            .map(|k| self.created.get(k));
        let replaced = (0..self.replaced.len() as u32)
            .filter(|k| !self.withdrawn.contains(&(k | REPLACED)))
            .map(|k| self.replaced.get(k));
        created.chain(replaced)
    }

    fn file_of(&self, p: usize, replaced: u32) -> Option<String> {
        match self.person_file.get(p).copied() {
            None | Some(u32::MAX) => None,
            Some(k) if k & replaced != 0 => Some(self.replaced.get(k & !replaced).to_string()),
            Some(k) => Some(self.created.get(k).to_string()),
        }
    }

    /// A write that failed: kept, to be reported as what it is once the import is undone; the
    /// diagnostic stops the reading.
    fn cannot_write(&mut self, path: &Path, e: std::io::Error) -> Diagnostic {
        let d = Diagnostic::new(path.display().to_string(), format!("cannot write: {e}"));
        self.write_failed = Some((path.to_path_buf(), e));
        d
    }
}

impl crate::import::collect::Sink for Files<'_> {
    fn accept(&mut self, r: &Response, slot: Slot) -> Result<(), Diagnostic> {
        use std::io::Write;
        if self.interrupted.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(Diagnostic::new(
                self.out.display().to_string(),
                "interrupted",
            ));
        }
        let ext = match self.syntax {
            Syntax::Yaml => "yaml",
            Syntax::Toml => "toml",
        };
        let person = match slot {
            Slot::Replace(p) => match self.file_of(p, REPLACED) {
                Some(name) => {
                    // A later submission by the same person: the file written for them again.
                    if self.conflicts.is_empty() {
                        let path = self.staging.join(name);
                        std::fs::write(&path, self.text(r).as_bytes())
                            .map_err(|e| self.cannot_write(&path, e))?;
                        self.withdrawn.remove(&self.person_file[p]);
                    }
                    return Ok(());
                }
                None => Some(p),
            },
            Slot::New(p) => p,
        };
        self.written += 1;
        let name = self.namer.name(&base_name(r, self.written), ext);
        let there = std::fs::symlink_metadata(self.out.join(&name)).is_ok();
        if there && !self.force {
            self.conflicts.push(name);
            return Ok(());
        }
        if !self.conflicts.is_empty() {
            // Only finding the other names already there, to list them.
            return Ok(());
        }
        let path = self.staging.join(&name);
        let mut f = crate::save::create_new(&path).map_err(|e| self.cannot_write(&path, e))?;
        f.write_all(self.text(r).as_bytes())
            .map_err(|e| self.cannot_write(&path, e))?;
        let index = if there {
            self.replaced.push(&name) | REPLACED
        } else {
            self.created.push(&name)
        };
        if let Some(p) = person {
            if self.person_file.len() <= p {
                self.person_file.resize(p + 1, u32::MAX);
            }
            self.person_file[p] = index;
        }
        Ok(())
    }

    fn unreadable(&mut self, _: &Response, withdraw: Option<usize>) -> Result<(), Diagnostic> {
        // The person's submission that counts cannot be read: the file written for an
        // earlier one goes again (it would count stale answers in its place).
        let Some(p) = withdraw else {
            return Ok(());
        };
        if let Some(name) = self
            .file_of(p, REPLACED)
            .filter(|_| self.conflicts.is_empty())
        {
            let path = self.staging.join(name);
            std::fs::remove_file(&path).map_err(|e| self.cannot_write(&path, e))?;
            self.withdrawn.insert(self.person_file[p]);
        }
        Ok(())
    }
}

/// Warnings about the columns: those not read, and map entries for headers not there.
pub fn warn_columns(name: &str, plan: &Plan, map: Option<&Map>) {
    let quiz = plan.quiz.iter().filter(|q| **q).count();
    let others: Vec<String> = plan
        .headers
        .iter()
        .zip(&plan.columns)
        .zip(&plan.quiz)
        .filter(|((_, c), quiz)| **c == Column::Ignored && !**quiz)
        .map(|((h, _), _)| match crate::import::looks_like(h) {
            // A header that only mentions a field (`Company size`) is not read as it: said.
            Some(f) => format!(
                "{} (not read as the {}: --map says if it is)",
                crate::import::quoted(h),
                f.id()
            ),
            None => crate::import::quoted(h),
        })
        .collect();
    if !others.is_empty() || quiz > 0 {
        let mut shown: Vec<String> = others.iter().take(20).cloned().collect();
        if others.len() > 20 {
            shown.push("…".to_string());
        }
        if quiz > 0 {
            shown.push(format!(
                "{} of a quiz",
                crate::words::count(
                    quiz,
                    "score or feedback column",
                    "score or feedback columns"
                )
            ));
        }
        warn(&format!(
            "{name}: {} not read: {}",
            crate::words::count(others.len() + quiz, "column", "columns"),
            shown.join(", "),
        ));
    }
    if let Some(m) = map {
        for h in m.unused_columns(&plan.headers) {
            warn(&format!(
                "column {} (named by --map or --comments) is not in {name}",
                crate::import::quoted(h)
            ));
        }
    }
}

/// An unknown extension is named before anything is opened.
fn check_extension(path: &Path) -> Result<(), Diagnostic> {
    if Kind::for_import(path).is_some() {
        return Ok(());
    }
    Err(crate::import::read::not_an_export(path))
}

pub fn run(args: &ImportArgs, rubric_path: Option<&Path>) -> Result<Outcome> {
    let rubric = load_rubric(rubric_path)?;
    let map = match &args.map {
        Some(p) => Some(Map::load(p, &rubric)?),
        None => None,
    };
    let map = match (map, args.comments.is_empty()) {
        (map, true) => map,
        (map, false) => Some(map.unwrap_or_default().with_comments(&args.comments)),
    };
    let name = args.export.display().to_string();
    check_extension(&args.export)?;
    let mut opts = Options {
        map: map.as_ref(),
        keep: args.keep,
        allow_missing: args.form.allow_missing,
        print_map: args.print_map,
        organization: args.organization.as_deref(),
        dates: Dates::told(args.form.dates),
        group: true,
        dates_only: false,
        in_folders: false,
        not_exports: false,
    };
    if args.print_map {
        let found = read_export(&args.export, &name, &rubric, opts, &mut Nowhere)?;
        let plan = found.plan.as_ref().expect("read_export returns a plan");
        emit(&map::print(
            &name,
            plan,
            &rubric,
            map.as_ref(),
            &found.unknown,
        ))?;
        return Ok(Outcome::Success);
    }
    let Some(out) = &args.out else {
        return Err(Error::Usage(
            "import needs --out DIR (the folder to write the answers files into), or --print-map"
                .into(),
        ));
    };
    // Each response is written as it is read: how its dates read is decided first.
    let (dates, date_notes) = decide_dates(&args.export, &name, &rubric, opts)?;
    opts.dates = dates;
    let (tx, recovered) = match Transaction::begin(out, &name) {
        Ok(t) => t,
        Err(Refused::Busy(d) | Refused::Error(d)) => return Err(Error::Input(vec![d])),
    };
    if let Some(n) = recovered {
        note(&n);
    }
    // Read before anything is moved in: the files an earlier import of this export wrote.
    let earlier = if args.force {
        crate::import::transaction::earlier_import(out, &name)
    } else {
        Vec::new()
    };
    let mut files = Files::new(args, out, tx.staging(), &name, &rubric, rubric_path);
    let result = read_export(&args.export, &name, &rubric, opts, &mut files);
    let interrupted = files.interrupted.load(std::sync::atomic::Ordering::Relaxed);
    let found = match result {
        _ if interrupted => {
            let left = rollback(tx);
            warn(&format!("interrupted: {}", files.undone(left.as_deref())));
            return Ok(Outcome::Interrupted);
        }
        Ok(found) if files.conflicts.is_empty() => found,
        Ok(_) => {
            let left = rollback(tx);
            return Err(files.conflict(left.as_deref()));
        }
        Err(e) => {
            let left = rollback(tx);
            return Err(files.stopped(e, left.as_deref()));
        }
    };
    let plan = found.plan.as_ref().expect("read_export returns a plan");
    if found.rows == 0 {
        let _ = rollback(tx);
        warn_columns(&name, plan, map.as_ref());
        warn(&format!(
            "{name}: no responses yet (only the header); nothing written"
        ));
        return Ok(Outcome::Success);
    }
    // Every file of the earlier import of this export that this one does not write again goes.
    let mine: HashSet<&str> = files.kept().collect();
    let removed: Vec<String> = earlier
        .into_iter()
        .filter(|n| !mine.contains(n.as_str()))
        .collect();
    let made = tx.made();
    if let Err(e) = tx.commit(removed.clone(), args.force) {
        let heading = format!(
            "{}: cannot move the answers files into the folder; {}",
            out.display(),
            files.undone(None)
        );
        return Err(Error::write(out, e).context(heading));
    }
    warn_columns(&name, plan, map.as_ref());
    for w in date_notes.iter().chain(&found.warnings) {
        report(w);
    }
    say_problems(&found, args.skip_invalid);
    files.summarise(&found, &name, args.keep, made, removed.len())?;
    if found.bad_rows > 0 && !args.skip_invalid {
        return Err(Error::Input(vec![Diagnostic::new(
            name,
            format!(
                "{} could not be read and {} not written",
                crate::words::count(found.bad_rows, "row", "rows"),
                crate::words::pick(found.bad_rows, "was", "were")
            ),
        )
        .help(AFTER_BAD_ROWS)]));
    }
    Ok(Outcome::Success)
}

/// What to do after rows that could not be read: the other rows are in the folder already, so
/// running again into it takes `--force`.
const AFTER_BAD_ROWS: &str = "the other rows are written: fix the cells named above (or map them \
                              with --map) and import again with --force, or, to leave those \
                              rows out on purpose, import again with --skip-invalid --force";

/// The rows that could not be read, each with its problems: errors, or, left out on purpose
/// with --skip-invalid, warnings said as `score` says them.
fn say_problems(found: &crate::import::collect::Found, skip_invalid: bool) {
    for m in found.problem_messages() {
        if skip_invalid {
            warn(&format!("skipped {m}"));
        } else {
            crate::output::error(&m);
        }
    }
}

/// Undo the transaction; where its files are when they could not all be removed.
fn rollback(tx: Transaction) -> Option<String> {
    let staging = tx.staging().display().to_string();
    tx.rollback().err().map(|_| staging)
}

/// A flag SIGINT, SIGTERM and SIGHUP set while the export is read: the import stops at the next
/// row and is undone (exit 130). A second signal ends the process at once, as usual; what it
/// leaves, the next import undoes.
fn interrupt_flag() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ] {
        let _ = signal_hook::flag::register_conditional_default(signal, flag.clone());
        let _ = signal_hook::flag::register(signal, flag.clone());
    }
    flag
}

impl Files<'_> {
    /// What an undone import left behind, in words: nothing, or a staging folder that could not
    /// be removed.
    fn undone(&self, left: Option<&str>) -> String {
        match left {
            None => "nothing was written to the folder".to_string(),
            Some(staging) => format!(
                "nothing was moved into the folder; the files written so far could not be \
                 removed from {staging}"
            ),
        }
    }

    /// Why the import stopped part way, once undone: a write that failed (a full disk) as what it
    /// is, else the input's error; each says what was left.
    fn stopped(&mut self, e: Diagnostic, left: Option<&str>) -> Error {
        let undone = self.undone(left);
        match self.write_failed.take() {
            Some((path, source)) => {
                Error::write(path, source).context(format!("{}: {undone}", self.out.display()))
            }
            None => Error::Input(vec![e.help(undone)]),
        }
    }

    /// Answers files already in the folder (without --force): the import is refused.
    fn conflict(&self, left: Option<&str>) -> Error {
        let shown: Vec<String> = self
            .conflicts
            .iter()
            .take(10)
            .map(|n| self.out.join(n).display().to_string())
            .collect();
        Error::Input(vec![Diagnostic::new(
            self.out.display().to_string(),
            format!(
                "{} already there; {}",
                crate::words::count(self.conflicts.len(), "answers file is", "answers files are"),
                self.undone(left)
            ),
        )
        .help(format!(
            "{}{}",
            shown.join(", "),
            if self.conflicts.len() > 10 {
                ", …"
            } else {
                ""
            }
        ))
        .help(
            "import into another folder with --out, or pass --force to replace them",
        )])
    }

    /// The files written (the first 50) on standard output, and what was read and written.
    fn summarise(
        &self,
        found: &crate::import::collect::Found,
        name: &str,
        keep: crate::import::collect::Keep,
        made_folder: bool,
        removed: usize,
    ) -> Result<()> {
        let out = self.out;
        let mut listed = String::new();
        const LISTED: usize = 50;
        for n in self.kept().take(LISTED) {
            listed.push_str(&format!("{}\n", out.join(n).display()));
        }
        let total = self.kept().count();
        if total > LISTED {
            listed.push_str(&format!("… and {} more\n", total - LISTED));
        }
        emit(&listed)?;
        let summary = format!(
            "{} read from {name}: {} written to {}{}{}{}",
            crate::words::count(found.rows, "response", "responses"),
            crate::words::count(total, "answers file", "answers files"),
            out.display(),
            if removed > 0 {
                format!(
                    ", {} the earlier import of {name} wrote removed (--force)",
                    crate::words::count(removed, "file", "files")
                )
            } else {
                String::new()
            },
            if found.repeats_dropped > 0 {
                format!(
                    ", {} by people who submitted again left out (--keep {})",
                    crate::words::count(found.repeats_dropped, "submission", "submissions"),
                    keep.id()
                )
            } else {
                String::new()
            },
            if found.bad_rows > 0 {
                format!(
                    ", {} left out (the errors above)",
                    crate::words::count(found.bad_rows, "row", "rows")
                )
            } else {
                String::new()
            }
        );
        to_stderr(&summary);
        if total > 0 {
            to_stderr(&format!("Score them together: {}", self.score_here));
        } else if made_folder {
            let _ = std::fs::remove_dir(out);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_and_digits_and_drop_accents() {
        assert_eq!(slug("Dana Reyes"), "dana-reyes");
        assert_eq!(slug("  José Núñez-García "), "jose-nunez-garcia");
        assert_eq!(slug("dana.reyes@example.com"), "dana-reyes-example-com");
        assert_eq!(slug("李雷"), "李雷");
        // Letters without an accent to drop are spelt plainly, as accented ones lose the accent.
        assert_eq!(
            slug("Jörg Weiß-Økland, Łukasz Ærø, Đorđe Þórsson"),
            "jorg-weiss-okland-lukasz-aero-dorde-thorsson"
        );
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("CON"), "con-answers");
        assert_eq!(slug("!!!"), "");
        assert!(slug(&"a".repeat(500)).chars().count() <= 60);
    }
}
