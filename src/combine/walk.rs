//! Feeding the tally from files and folders: each file as given, each folder searched
//! recursively for answers files, read on all cores; a file that cannot be read is recorded and
//! the others are still combined.

use super::{Combined, Invalid, Tally};
use crate::assessment::Assessment;
use crate::rubric::Rubric;
use crate::source::{Source, Syntax};
use rayon::iter::{ParallelBridge, ParallelIterator};
use std::path::{Path, PathBuf};

impl Tally {
    /// Read, resolve and count one answers file; a file that fails is recorded, not fatal.
    pub fn add_file(&mut self, path: &Path, syntax: Option<Syntax>, rubric: &Rubric) {
        let loaded = Source::read(path, syntax).and_then(|src| Assessment::load(&src, rubric));
        match loaded {
            Ok((a, warnings)) => {
                if !warnings.is_empty() {
                    self.note_other_version();
                }
                self.add(&a);
            }
            Err(e) => self.reject(path.display().to_string(), e.to_string()),
        }
    }
}

/// Counts the responses of a form export into a tally as they are read. With
/// [`Keep::Latest`](crate::import::collect::Keep::Latest), a later submission of a person replaces
/// the one counted: each person's levels and role are kept compactly (a byte a level, a role
/// number) so they can be taken off the counters again, and memory stays small however many rows.
struct TallySink<'a> {
    tally: &'a mut Tally,
    keep: crate::import::collect::Keep,
    attributes: usize,
    /// Person k's levels at `k * attributes ..` (`u8::MAX`: no level).
    levels: Vec<u8>,
    /// Person k's role, as a number into `role_names` (`u32::MAX`: none, or past the roles kept).
    roles: Vec<u32>,
    role_names: Vec<String>,
    role_numbers: std::collections::HashMap<String, u32>,
}

impl TallySink<'_> {
    fn remember(&mut self, person: usize, a: &Assessment) {
        let at = person * self.attributes;
        if self.levels.len() < at + self.attributes {
            self.levels.resize(at + self.attributes, u8::MAX);
            self.roles.resize(person + 1, u32::MAX);
        }
        for (k, x) in a.answers.iter().enumerate() {
            self.levels[at + k] = x.level().map_or(u8::MAX, |l| l as u8);
        }
        self.roles[person] = match &a.respondent.role {
            Some(role) => match self.role_numbers.get(role) {
                Some(&n) => n,
                None if self.role_names.len() < 4 * super::MAX_ROLES => {
                    let n = self.role_names.len() as u32;
                    self.role_names.push(role.clone());
                    self.role_numbers.insert(role.clone(), n);
                    n
                }
                None => u32::MAX,
            },
            None => u32::MAX,
        };
    }

    fn forget(&mut self, person: usize) {
        let at = person * self.attributes;
        let levels: Vec<Option<usize>> = self.levels[at..at + self.attributes]
            .iter()
            .map(|&l| (l != u8::MAX).then_some(usize::from(l)))
            .collect();
        let role = self
            .role_names
            .get(self.roles[person] as usize)
            .map(String::as_str);
        self.tally.remove(&levels, role);
    }
}

impl crate::import::collect::Sink for TallySink<'_> {
    fn accept(
        &mut self,
        r: &crate::import::Response,
        slot: crate::import::collect::Slot,
    ) -> Result<(), crate::diagnostic::Diagnostic> {
        use crate::import::collect::{Keep, Slot};
        match (slot, self.keep) {
            (Slot::New(Some(p)), Keep::Latest) => self.remember(p, &r.assessment),
            (Slot::Replace(p), Keep::Latest) => {
                self.forget(p);
                self.remember(p, &r.assessment);
            }
            _ => {}
        }
        self.tally.add(&r.assessment);
        Ok(())
    }
}

impl Tally {
    /// Count every response row of a form export; rows that cannot be read are recorded (the
    /// first few with their row, then a count), a file that cannot be read at all too.
    pub fn add_export(
        &mut self,
        path: &Path,
        rubric: &Rubric,
        opts: crate::import::collect::Options,
    ) {
        let name = path.display().to_string();
        let mut sink = TallySink {
            tally: self,
            keep: opts.keep,
            attributes: rubric.attributes.len(),
            levels: Vec::new(),
            roles: Vec::new(),
            role_names: Vec::new(),
            role_numbers: Default::default(),
        };
        let found = crate::import::collect::read_export(path, &name, rubric, opts, &mut sink);
        match found {
            Ok(found) => {
                self.repeats_dropped += found.repeats_dropped;
                self.warnings.extend(found.warnings);
                for (row, problems) in &found.problems {
                    let mut reason = problems[0].to_string();
                    if problems.len() > 1 {
                        reason.push_str(&format!(
                            "\n(and {} more in this row)",
                            crate::words::count(problems.len() - 1, "cell", "cells")
                        ));
                    }
                    self.invalid.push(Invalid {
                        file: name.clone(),
                        row: Some(*row),
                        reason,
                    });
                }
                let shown = found.problems.len() as u64;
                if found.bad_rows > shown {
                    self.invalid.push(Invalid {
                        file: name.clone(),
                        row: Some(u64::MAX),
                        reason: format!(
                            "{name}: … and {} more {} with problems (the first {} are listed)",
                            found.bad_rows - shown,
                            crate::words::pick(found.bad_rows - shown, "row", "rows"),
                            crate::import::collect::MAX_PROBLEMS
                        ),
                    });
                }
            }
            Err(e) => self.reject(name, e.to_string()),
        }
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

/// Is this a form export, read row by row (by extension)?
pub fn is_export(path: &Path) -> bool {
    crate::import::Kind::of(path).is_some()
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

/// The answers files under `inputs`: each file as given (a form export too), each folder searched
/// recursively for `.yaml`, `.yml` and `.toml` files (hidden ones skipped; exports in a folder are
/// not read, as a folder may hold both an export and the files imported from it). Lazy, so a huge
/// folder is never held in memory; a folder that cannot be read is an `Err` item naming it.
pub fn answer_files(
    inputs: &[PathBuf],
) -> impl Iterator<Item = (usize, Result<PathBuf, Invalid>)> + Send + '_ {
    inputs.iter().enumerate().flat_map(|(k, input)| {
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
                    .filter_map(|entry| match entry {
                        Ok(e) if e.file_name() == crate::import::UNFINISHED => Some(Err(Invalid {
                            file: e.path().display().to_string(),
                            row: None,
                            reason: format!(
                                "{}: an import into this folder has not finished (it is \
                                     running, or it was stopped): the answers files may be \
                                     incomplete\n  this file lists the files it wrote; when no \
                                     import is running, delete them and this file, then import \
                                     again",
                                e.path().display()
                            ),
                        })),
                        Ok(e) if e.file_type().is_file() && is_answers_file(e.path()) => {
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
                            reason: format!("cannot read: {err}"),
                        })),
                    })
                    .chain(std::iter::from_fn(move || {
                        let p = outside.lock().ok()?.pop()?;
                        Some(Err(Invalid {
                            file: p.display().to_string(),
                            row: None,
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
    rubric: &Rubric,
    target: usize,
) -> Combined {
    let labels: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    let tally = answer_files(inputs)
        .par_bridge()
        .fold(
            || Tally::new(rubric),
            |mut t, (k, item)| {
                t.set_source(&labels[k]);
                match item {
                    Ok(path) if is_export(&path) => t.add_export(&path, rubric, exports),
                    Ok(path) => t.add_file(&path, syntax, rubric),
                    Err(invalid) => t.reject(invalid.file, invalid.reason),
                }
                t
            },
        )
        .reduce(|| Tally::new(rubric), Tally::merge);
    let any_export = inputs.iter().any(|p| is_export(p));
    let mut combined = tally.finish(rubric, target);
    // In the order the inputs were named.
    combined
        .sources
        .sort_by_key(|(s, _)| labels.iter().position(|l| l == s));
    if any_export {
        combined.keep = Some(exports.keep);
    }
    combined
}
