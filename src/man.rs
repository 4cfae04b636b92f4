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
    render(cmd)
}

/// The date a page carries: `SOURCE_DATE_EPOCH` when set (reproducible packages), else today.
fn page_date() -> String {
    let from_epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|d| d.date_naive());
    from_epoch
        .unwrap_or_else(|| chrono::Local::now().date_naive())
        .format("%Y-%m-%d")
        .to_string()
}

fn man(cmd: Command) -> clap_mangen::Man {
    let title = cmd
        .get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_uppercase();
    clap_mangen::Man::new(cmd)
        .title(title)
        .date(page_date())
        .source(format!("persona-maturity {}", env!("CARGO_PKG_VERSION")))
        .manual("User Commands")
}

fn render(cmd: Command) -> Result<String> {
    let mut out = Vec::new();
    man(cmd).render(&mut out)?;
    Ok(tidy(&String::from_utf8_lossy(&out)))
}

/// Longest text line in a page's source.
const LINE: usize = 80;

/// clap_mangen's roff, made `mandoc -Tlint` clean: no paragraph macro next to a blank line, no
/// trailing white space, the help's closing text (examples, keys, exit codes) kept as written
/// (no-fill), and long text lines broken at spaces (roff fills them again).
fn tidy(roff: &str) -> String {
    let roff = roff.replace("\n.br\n\n.br\n", "\n.sp\n");
    let mut out = String::with_capacity(roff.len() + 64);
    let mut no_fill = false;
    for line in roff.lines() {
        let line = line.trim_end();
        if line.starts_with(".SH") {
            if no_fill {
                out.push_str(".fi\n");
                no_fill = false;
            }
            if line == ".SH EXTRA" {
                out.push_str(".SH NOTES\n.nf\n");
                no_fill = true;
                continue;
            }
        }
        if no_fill || line.starts_with(['.', '\'']) || line.len() <= LINE {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        // Break at spaces that are not escaped; a piece that would start like a request is
        // protected with \&.
        let mut current = String::new();
        for word in line.split(' ') {
            let escaped_space = current.ends_with('\\');
            if !current.is_empty() && current.len() + 1 + word.len() > LINE && !escaped_space {
                out.push_str(&current);
                out.push('\n');
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            } else if word.starts_with(['.', '\'']) {
                current.push_str("\\&");
            }
            current.push_str(word);
        }
        out.push_str(&current);
        out.push('\n');
    }
    if no_fill {
        out.push_str(".fi\n");
    }
    out
}

/// Every page, into `dir` (created if missing). Returns the files written.
pub fn write_all(root: &Command, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    fn walk(cmd: &Command, dir: &Path, written: &mut Vec<PathBuf>) -> Result<()> {
        let path = dir.join(clap_mangen::Man::new(cmd.clone()).get_filename());
        crate::save::write_atomic(&path, render(cmd.clone())?.as_bytes())?;
        written.push(path);
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, dir, written)?;
        }
        Ok(())
    }
    walk(&built(root), dir, &mut written)?;
    Ok(written)
}
