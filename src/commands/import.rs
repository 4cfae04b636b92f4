//! `import`: a form export (Google Forms CSV, Microsoft Forms .xlsx, any CSV with one row per
//! respondent) into one answers file per response, in a folder `score` combines.

use super::load_rubric;
use crate::cli::ImportArgs;
use crate::diagnostic::Diagnostic;
use crate::import::collect::{decide_dates, read_export, Dates, Nowhere, Options, Slot};
use crate::import::{map, Column, Kind, Map, Plan, Response};
use crate::outcome::Outcome;
use crate::output::{emit, report, to_stderr, warn};
use crate::rubric::Rubric;
use crate::source::Syntax;
use anyhow::Result;
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

    fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|k| self.get(k))
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

pub use crate::import::UNFINISHED;

/// Writes each accepted response as it is read: created exclusively (another import, or a file
/// already there, is never overwritten without --force), every name listed in the `UNFINISHED`
/// marker, undone as a whole when anything fails.
struct Files<'a> {
    out: &'a Path,
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
    /// Files this run created, in order (removed again if the import fails).
    created: Names,
    /// Files that were there and were replaced (--force).
    replaced: Names,
    /// Person → the file their response is in (a later submission replaces it): an index into
    /// `created` (or, with the top bit set, into `replaced`); `u32::MAX` for none yet.
    person_file: Vec<u32>,
    /// Files already there (without --force): nothing more is written once one is found.
    conflicts: Vec<String>,
    marker: std::io::BufWriter<std::fs::File>,
    written: usize,
}

impl Files<'_> {
    fn text(&self, r: &Response) -> String {
        // The row's fingerprint, never its email (the file may be shared): `score` knows the
        // file and that row of the export for one response by it.
        let submitted = r
            .assessment
            .date
            .map(|d| match r.stamp.and_then(|s| s.secs) {
                Some(s) => format!(
                    ", submitted {d} {:02}:{:02}:{:02}",
                    s / 3600,
                    s / 60 % 60,
                    s % 60
                ),
                None => String::new(),
            })
            .unwrap_or_default();
        let mut header = format!(
            "{}{}, row {}; response {:016x}{submitted}.\n\
             # Score every response together: {}\n",
            crate::combine::IMPORT_RECORD,
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
    fn file_of(&self, p: usize, replaced: u32) -> Option<String> {
        match self.person_file.get(p).copied() {
            None | Some(u32::MAX) => None,
            Some(k) if k & replaced != 0 => Some(self.replaced.get(k & !replaced).to_string()),
            Some(k) => Some(self.created.get(k).to_string()),
        }
    }

    fn cannot_write(&self, path: &Path, e: &std::io::Error) -> Diagnostic {
        Diagnostic::new(path.display().to_string(), format!("cannot write: {e}"))
    }
}

impl crate::import::collect::Sink for Files<'_> {
    fn accept(&mut self, r: &Response, slot: Slot) -> Result<(), Diagnostic> {
        use std::io::Write;
        let ext = match self.syntax {
            Syntax::Yaml => "yaml",
            Syntax::Toml => "toml",
        };
        const REPLACED: u32 = 1 << 31;
        let (person, name) = match slot {
            Slot::Replace(p) => match self.file_of(p, REPLACED) {
                Some(name) => {
                    let path = self.out.join(name);
                    if self.conflicts.is_empty() {
                        crate::save::write_atomic(&path, self.text(r).as_bytes())
                            .map_err(|e| self.cannot_write(&path, &e))?;
                    }
                    return Ok(());
                }
                None => (Some(p), None),
            },
            Slot::New(p) => (p, None::<String>),
        };
        let name = name.unwrap_or_else(|| {
            self.written += 1;
            self.namer.name(&base_name(r, self.written), ext)
        });
        let path = self.out.join(&name);
        if !self.conflicts.is_empty() {
            // Only finding the other names already there, to list them.
            if path.exists() {
                self.conflicts.push(name);
            }
            return Ok(());
        }
        let text = self.text(r);
        let index = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                let k = self.created.push(&name);
                f.write_all(text.as_bytes())
                    .map_err(|e| self.cannot_write(&path, &e))?;
                writeln!(self.marker, "{}", crate::escape::comment(&name))
                    .map_err(|e| self.cannot_write(&self.out.join(UNFINISHED), &e))?;
                k
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && self.force => {
                crate::save::write_atomic(&path, text.as_bytes())
                    .map_err(|e| self.cannot_write(&path, &e))?;
                self.replaced.push(&name) | REPLACED
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                self.conflicts.push(name);
                return Ok(());
            }
            Err(e) => return Err(self.cannot_write(&path, &e)),
        };
        if let Some(p) = person {
            if self.person_file.len() <= p {
                self.person_file.resize(p + 1, u32::MAX);
            }
            self.person_file[p] = index;
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
        allow_missing: args.allow_missing,
        print_map: args.print_map,
        organization: args.organization.as_deref(),
        dates: args.dates.map_or(Dates::Decide, |o| Dates::Fixed(Some(o))),
        group: true,
        dates_only: false,
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
        anyhow::bail!(
            "import needs --out DIR (the folder to write the answers files into), or --print-map"
        );
    };
    // Each response is written as it is read: how its dates read is decided first.
    let (dates, date_notes) = decide_dates(&args.export, &name, &rubric, opts)?;
    opts.dates = dates;
    let folder = match Folder::open(out, &name)? {
        Ok(f) => f,
        Err(refused) => return Ok(refused),
    };
    let mut files = Files {
        out,
        export: crate::escape::comment(&name),
        score_cmd: crate::escape::comment(&crate::view::score_command(
            rubric_path,
            &crate::questionnaire::session::shell_quote(&out.display().to_string()),
        )),
        score_here: crate::view::score_command_here(
            rubric_path,
            &crate::questionnaire::session::shell_quote(&out.display().to_string()),
        ),
        rubric: &rubric,
        syntax: args.format,
        force: args.force,
        namer: Namer::default(),
        created: Names::default(),
        replaced: Names::default(),
        person_file: Vec::new(),
        conflicts: Vec::new(),
        marker: folder.marker,
        written: 0,
    };
    let result = read_export(&args.export, &name, &rubric, opts, &mut files);
    let found = match result {
        Ok(found) if files.conflicts.is_empty() => found,
        Ok(_) => {
            let left = files.undo(&folder.marker_path, folder.made);
            return Ok(files.conflict(&left, &folder.marker_path));
        }
        Err(e) => {
            let left = files.undo(&folder.marker_path, folder.made);
            return Ok(Outcome::Input(vec![
                e.help(files.undone(&left, &folder.marker_path))
            ]));
        }
    };
    // Every file is complete (written and closed) before the marker goes. The files go through
    // the page cache as `cp` writes them: a killed import is what the marker covers; a sync of
    // the whole file system here (syncfs) made the run wait for every other write pending on
    // it (19 s instead of 4 after a large delete), and one fsync per file cost 64 s.
    {
        use std::io::Write;
        let _ = files.marker.flush();
    }
    let _ = std::fs::remove_file(&folder.marker_path);
    if let Ok(dir) = std::fs::File::open(out) {
        let _ = dir.sync_all();
    }
    let plan = found.plan.as_ref().expect("read_export returns a plan");
    warn_columns(&name, plan, map.as_ref());
    for w in date_notes.iter().chain(&found.warnings) {
        report(w);
    }
    for m in found.problem_messages() {
        crate::output::error(&m);
    }
    if found.rows == 0 {
        warn(&format!(
            "{name}: no responses yet (only the header); nothing written"
        ));
        return Ok(Outcome::Success);
    }
    files.summarise(&found, &name, args.keep, folder.made)?;
    if found.bad_rows > 0 && !args.skip_invalid {
        return Ok(Outcome::Input(vec![Diagnostic::new(
            name,
            format!(
                "{} could not be read and {} not written",
                crate::words::count(found.bad_rows, "row", "rows"),
                crate::words::pick(found.bad_rows, "was", "were")
            ),
        )
        .help("fix the cells named above (or map them with --map), or pass --skip-invalid to leave those rows out on purpose")]));
    }
    Ok(Outcome::Success)
}

/// The folder an import writes into, claimed by its unfinished-import marker.
struct Folder {
    /// Whether this import created the folder (removed again when nothing is written).
    made: bool,
    marker_path: std::path::PathBuf,
    marker: std::io::BufWriter<std::fs::File>,
}

impl Folder {
    /// Create the folder if need be and claim it; `Err(outcome)` when it is not a folder, or
    /// another import holds it (or was stopped before it finished).
    fn open(out: &Path, export: &str) -> Result<Result<Folder, Outcome>> {
        if out.exists() && !out.is_dir() {
            return Ok(Err(Outcome::Input(vec![Diagnostic::new(
                out.display().to_string(),
                "exists and is not a folder; --out names the folder the answers files go into",
            )])));
        }
        let made = !out.exists();
        std::fs::create_dir_all(out)
            .map_err(|e| anyhow::anyhow!("{}: cannot create the folder: {e}", out.display()))?;
        let marker_path = out.join(UNFINISHED);
        let marker = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&marker_path)
        {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Ok(Err(Outcome::Input(vec![Diagnostic::new(
                    marker_path.display().to_string(),
                    "another import into this folder is running, or one was stopped before it \
                     finished; nothing was written",
                )
                .help("this file lists the answers files that import wrote")
                .help(
                    "when no import is running: delete those files and this one, then import again",
                )])));
            }
            Err(e) => anyhow::bail!("{}: cannot write: {e}", marker_path.display()),
        };
        let mut marker = std::io::BufWriter::new(marker);
        {
            use std::io::Write;
            let _ = writeln!(
                marker,
                "# An import from {} into this folder has not finished: it is running, or it was \
                 stopped.\n# The answers files it wrote so far:",
                crate::escape::comment(export)
            );
        }
        Ok(Ok(Folder {
            made,
            marker_path,
            marker,
        }))
    }
}

impl Files<'_> {
    /// Undo everything this run created (it failed as a whole); the files that could not be
    /// removed.
    fn undo(&self, marker_path: &Path, made_folder: bool) -> Vec<String> {
        let mut left = Vec::new();
        for n in self.created.iter() {
            if std::fs::remove_file(self.out.join(n)).is_err() && self.out.join(n).exists() {
                left.push(n.to_string());
            }
        }
        if left.is_empty() {
            let _ = std::fs::remove_file(marker_path);
            if made_folder {
                let _ = std::fs::remove_dir(self.out);
            }
        }
        left
    }

    /// What an undone import left behind, in words.
    fn undone(&self, left: &[String], marker_path: &Path) -> String {
        let mut s = if self.created.is_empty() {
            "nothing was written".to_string()
        } else if left.is_empty() {
            format!(
                "nothing was written: the {} written before this were removed",
                crate::words::count(self.created.len(), "file", "files")
            )
        } else {
            format!(
                "{} could not be removed again; {} lists them",
                crate::words::count(left.len(), "file", "files"),
                marker_path.display()
            )
        };
        if !self.replaced.is_empty() {
            s.push_str(&format!(
                "; {} replaced (--force) keep their new answers",
                crate::words::count(self.replaced.len(), "file", "files")
            ));
        }
        s
    }

    /// Answers files already in the folder (without --force): the import is refused.
    fn conflict(&self, left: &[String], marker_path: &Path) -> Outcome {
        let shown: Vec<String> = self
            .conflicts
            .iter()
            .take(10)
            .map(|n| self.out.join(n).display().to_string())
            .collect();
        Outcome::Input(vec![Diagnostic::new(
            self.out.display().to_string(),
            format!(
                "{} already there; {}",
                crate::words::count(self.conflicts.len(), "answers file is", "answers files are"),
                self.undone(left, marker_path)
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
    ) -> Result<()> {
        let out = self.out;
        let mut listed = String::new();
        const LISTED: usize = 50;
        for n in self.created.iter().chain(self.replaced.iter()).take(LISTED) {
            listed.push_str(&format!("{}\n", out.join(n).display()));
        }
        let total = self.created.len() + self.replaced.len();
        if total > LISTED {
            listed.push_str(&format!("… and {} more\n", total - LISTED));
        }
        emit(&listed)?;
        let summary = format!(
            "{} read from {name}: {} written to {}{}{}",
            crate::words::count(found.rows, "response", "responses"),
            crate::words::count(total, "answers file", "answers files"),
            out.display(),
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
