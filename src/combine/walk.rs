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

/// Counts every row of a form export into a tally as it is read (nothing is kept).
struct ExportRows<'a> {
    name: &'a str,
    rubric: &'a Rubric,
    levels: crate::import::Levels<'a>,
    map: Option<&'a crate::import::Map>,
    plan: Option<crate::import::Plan>,
    tally: &'a mut Tally,
}

impl crate::import::Visit for ExportRows<'_> {
    fn header(
        &mut self,
        headers: Vec<String>,
        line: u64,
    ) -> Result<(), crate::diagnostic::Diagnostic> {
        self.plan = Some(crate::import::Plan::new(
            self.name,
            headers,
            line,
            self.rubric,
            self.map,
        )?);
        Ok(())
    }

    fn row(&mut self, row: &crate::import::Row) -> Result<(), crate::diagnostic::Diagnostic> {
        let Some(plan) = &self.plan else {
            return Ok(());
        };
        let r = plan.response(self.name, row, self.rubric, &self.levels, None)?;
        match r.problems.first() {
            None => self.tally.add(&r.assessment),
            Some(p) => {
                let more = r.problems.len() - 1;
                let mut reason = p.to_string();
                if more > 0 {
                    reason.push_str(&format!(
                        "\n(and {} more in this row)",
                        crate::words::count(more, "cell", "cells")
                    ));
                }
                self.tally
                    .reject(format!("{}:{}", self.name, row.line), reason);
            }
        }
        Ok(())
    }
}

impl Tally {
    /// Count every response row of a form export; a row that cannot be read is recorded (as
    /// `FILE:LINE`), a file that cannot be read at all too.
    pub fn add_export(&mut self, path: &Path, rubric: &Rubric, map: Option<&crate::import::Map>) {
        let name = path.display().to_string();
        let mut rows = ExportRows {
            name: &name,
            rubric,
            levels: crate::import::Levels::new(rubric, map),
            map,
            plan: None,
            tally: self,
        };
        if let Err(e) = crate::import::read::read(path, &name, &mut rows) {
            self.reject(name, e.to_string());
        }
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

/// Hidden files and folders (`.git`, editor swap files) are not answers.
fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.')
}

/// The answers files under `inputs`: each file as given (a form export too), each folder
/// searched recursively for `.yaml`, `.yml` and `.toml` files (hidden ones skipped; exports in a
/// folder are not read, as a folder may hold both an export and the files imported from it). Lazy, so a huge folder is never held
/// in memory; a folder that cannot be read is an `Err` item naming it.
pub fn answer_files(
    inputs: &[PathBuf],
) -> impl Iterator<Item = Result<PathBuf, Invalid>> + Send + '_ {
    inputs.iter().flat_map(|input| {
        let walk: Box<dyn Iterator<Item = Result<PathBuf, Invalid>> + Send> = if input.is_dir() {
            Box::new(
                walkdir::WalkDir::new(input)
                    .follow_links(true)
                    .into_iter()
                    .filter_entry(|e| !is_hidden(e))
                    .filter_map(|entry| match entry {
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
                            reason: format!("cannot read: {err}"),
                        })),
                    }),
            )
        } else {
            Box::new(std::iter::once(Ok(input.clone())))
        };
        walk
    })
}

/// Combine every answers file under `inputs` (files and folders) and every row of the form
/// exports named, on all cores. The result does not depend on the order the files are read in.
pub fn combine_paths(
    inputs: &[PathBuf],
    syntax: Option<Syntax>,
    map: Option<&crate::import::Map>,
    rubric: &Rubric,
    target: usize,
) -> Combined {
    let tally = answer_files(inputs)
        .par_bridge()
        .fold(
            || Tally::new(rubric),
            |mut t, item| {
                match item {
                    Ok(path) if is_export(&path) => t.add_export(&path, rubric, map),
                    Ok(path) => t.add_file(&path, syntax, rubric),
                    Err(invalid) => t.reject(invalid.file, invalid.reason),
                }
                t
            },
        )
        .reduce(|| Tally::new(rubric), Tally::merge);
    tally.finish(rubric, target)
}
