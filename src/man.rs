//! Manual pages (roff): one for the tool and one for every command (`persona-maturity-score(1)`,
//! `persona-maturity-rubric-show(1)`, …), each with every option; checked with `mandoc -Tlint`.

use anyhow::{bail, Result};
use clap::Command;
use std::path::{Path, PathBuf};

/// The root command, built so that every subcommand knows its page's name.
fn built(root: &Command) -> Command {
    let mut cmd = root.clone().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The page of the command at `path` (`[]`: the tool; `["rubric", "show"]`).
pub fn page(root: &Command, path: &[String]) -> Result<String> {
    let mut cmd = built(root);
    for (k, name) in path.iter().enumerate() {
        let Some(sub) = cmd.find_subcommand(name).cloned() else {
            let known: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
            let at = if k == 0 {
                String::new()
            } else {
                format!(" of `{}`", path[..k].join(" "))
            };
            let mut msg = format!(
                "`{name}` is not a command{at}; expected one of: {}",
                known.join(", ")
            );
            if let Some(d) = crate::suggest::did_you_mean(name, known.iter().copied()) {
                msg.push_str(&format!("; {d}"));
            }
            bail!(msg);
        };
        cmd = sub;
    }
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Every page, into `dir` (created if missing). Returns the files written.
pub fn write_all(root: &Command, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    fn walk(cmd: &Command, dir: &Path, written: &mut Vec<PathBuf>) -> Result<()> {
        let man = clap_mangen::Man::new(cmd.clone());
        let path = dir.join(man.get_filename());
        let mut out = Vec::new();
        man.render(&mut out)?;
        crate::save::write_atomic(&path, &out)?;
        written.push(path);
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, dir, written)?;
        }
        Ok(())
    }
    walk(&built(root), dir, &mut written)?;
    Ok(written)
}
