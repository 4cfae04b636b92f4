//! How each persona's `last_updated` moved in a program file's git history, for `check
//! --history`: every committed version of the file on the first-parent line (following
//! renames), read as a program file, and the dates each persona's `last_updated` took. Reads git
//! only through [`git::Repo`], as `history` does.

use super::git;
use crate::assessment::Assessment;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::program::UpdateHistory;
use crate::rubric::Rubric;
use crate::source::{Source, Syntax, MAX_FILE_BYTES};
use std::path::Path;

/// The dates each persona's `last_updated` took in the committed versions of the program file
/// at `path`, oldest version first. A version that does not read as a program file (a typo
/// fixed later, another rubric) is left out; none at all is an error naming the file. `check`
/// reports it as the file's problem, in every format: one diagnostic.
pub fn read(path: &Path, rubric: &Rubric) -> Result<UpdateHistory, Diagnostic> {
    read_git(path, rubric).map_err(|e| e.into_diagnostic(&path.display().to_string()))
}

fn read_git(path: &Path, rubric: &Rubric) -> Result<UpdateHistory, Error> {
    let origin = path.display().to_string();
    let repo = git::Repo::find(path)?;
    // git lists the newest first; oldest first from here on.
    let mut commits = repo
        .file_log(&repo.path, None, &origin)?
        .collect::<Result<Vec<_>, _>>()?;
    commits.reverse();
    if commits.is_empty() {
        return Err(
            Diagnostic::new(&origin, "git knows no version of it (--history)")
                .help("commit it first (git add, git commit), or leave --history out")
                .into(),
        );
    }
    let shallow = repo.shallow_boundary(&origin)?.is_some();
    let ids: Vec<String> = commits.iter().map(|c| c.blob.clone()).collect();
    let blobs = repo.cat_file(MAX_FILE_BYTES, &origin)?.read(&ids)?;
    let mut out = UpdateHistory {
        shallow,
        ..UpdateHistory::default()
    };
    for (c, blob) in commits.iter().zip(blobs) {
        let bytes = match blob {
            git::Blob::Text(bytes) => bytes,
            git::Blob::TooLarge => continue,
            // A partial clone's: never fetched (a fetch runs programs the clone may name).
            git::Blob::Missing => {
                return Err(Error::Git(repo.not_here(
                    &origin,
                    &format!(
                        "the version of {} at {} is not here (--history)",
                        c.path,
                        git::short(&c.hash)
                    ),
                )))
            }
        };
        let syntax = Syntax::from_path(Path::new(&c.path)).unwrap_or(Syntax::Yaml);
        let Ok(src) = Source::from_bytes(c.path.clone(), bytes, syntax) else {
            continue;
        };
        let Ok((_, program, _)) = Assessment::load_program(&src, rubric) else {
            continue;
        };
        out.versions += 1;
        for p in program.personas.iter().flatten() {
            let Some(d) = p.last_updated else { continue };
            match out.dates.iter_mut().find(|(id, _)| *id == p.id) {
                Some((_, dates)) if dates.last() != Some(&d) => dates.push(d),
                Some(_) => {}
                None => out.dates.push((p.id.clone(), vec![d])),
            }
        }
    }
    if out.versions == 0 {
        return Err(Diagnostic::new(
            &origin,
            format!(
                "none of its {} committed versions reads as a program file (--history)",
                commits.len()
            ),
        )
        .into());
    }
    Ok(out)
}
