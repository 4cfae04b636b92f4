//! Manual pages (roff): one for the tool and one for every command (`persona-maturity-score(1)`,
//! `persona-maturity-rubric-show(1)`, …), each with every option; checked with `mandoc -Tlint`.

use crate::error::{Error, Result};
use crate::source::Date;
use clap::Command;
use std::path::{Path, PathBuf};

/// The root command, built so that every subcommand knows its page's name.
fn built(root: &Command) -> Command {
    let mut cmd = root.clone().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The page of the command at `path` (`[]`: the tool; `["rubric", "show"]`).
pub fn page(root: &Command, path: &[String], today: Date) -> Result<String> {
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
            return Err(Error::Usage(msg));
        };
        cmd = sub;
    }
    Ok(render(cmd, today))
}

/// The date a page carries: `SOURCE_DATE_EPOCH` when set (reproducible packages), else today.
fn page_date(today: Date) -> String {
    let from_epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|d| d.date_naive());
    from_epoch.unwrap_or(today.0).format("%Y-%m-%d").to_string()
}

fn man(cmd: Command, today: Date) -> clap_mangen::Man {
    let title = cmd
        .get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_uppercase();
    clap_mangen::Man::new(cmd)
        .title(title)
        .date(page_date(today))
        .source(format!("persona-maturity {}", env!("CARGO_PKG_VERSION")))
        .manual("User Commands")
}

fn render(cmd: Command, today: Date) -> String {
    let mut out = Vec::new();
    man(cmd, today)
        .render(&mut out)
        .expect("writing into memory does not fail");
    tidy(&String::from_utf8_lossy(&out))
}

/// Longest text line in a page's source.
const LINE: usize = 80;

/// Longest line of an example or key list, which are not filled: 80 columns less the 7 a
/// manual viewer indents a section's text by, and a margin.
const CODE: usize = 70;

/// clap_mangen's roff, made `mandoc -Tlint` clean and readable at 80 columns: no paragraph
/// macro next to a blank line, no trailing white space, long text lines broken at spaces (roff
/// fills them again), and the help's closing text split into the sections a manual has (see
/// `extra`).
fn tidy(roff: &str) -> String {
    let roff = roff.replace("\n.br\n\n.br\n", "\n.sp\n");
    let mut lines: Vec<String> = Vec::new();
    let mut extra: Option<Vec<&str>> = None;
    for line in roff.lines() {
        let line = line.trim_end();
        if line.starts_with(".SH") {
            if let Some(chunk) = extra.take() {
                lines.extend(self::extra(&chunk));
            }
            if line == ".SH EXTRA" {
                extra = Some(Vec::new());
                continue;
            }
        }
        match &mut extra {
            Some(chunk) => chunk.push(line),
            None => lines.push(line.to_string()),
        }
    }
    if let Some(chunk) = extra.take() {
        lines.extend(self::extra(&chunk));
    }
    let mut out = String::with_capacity(roff.len() + 64);
    let mut no_fill = false;
    for line in &lines {
        match line.as_str() {
            ".nf" => no_fill = true,
            ".fi" => no_fill = false,
            _ => {}
        }
        if no_fill || line.starts_with(['.', '\'']) || bytes(line) <= LINE {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        out.push_str(&fill_breaks(line));
    }
    out
}

/// A text line's length as mandoc counts it: a character outside ASCII is read as its escape
/// (`›` as `\[u203A]`, 8 bytes).
fn bytes(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 8 }).sum()
}

/// A long text line broken at spaces that are not escaped; a piece that would start like a
/// request is protected with \&.
fn fill_breaks(line: &str) -> String {
    let mut out = String::new();
    let mut current = String::new();
    for word in line.split(' ') {
        let escaped_space = current.ends_with('\\');
        if !current.is_empty() && bytes(&current) + 1 + bytes(word) > LINE && !escaped_space {
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
    out
}

/// The width a roff text line shows at: escapes (`\-`, `\*(Aq`, `\e`) count as one column.
fn shown_width(roff: &str) -> usize {
    let mut n = 0;
    let mut chars = roff.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                // `\*(Aq`: a two-letter string.
                Some('*') if chars.next() == Some('(') => {
                    chars.next();
                    chars.next();
                }
                Some('&') => continue,
                _ => {}
            }
        }
        n += 1;
    }
    n
}

/// One line of an example or a key list, at most `CODE` columns: a trailing `# comment` goes on
/// its own line below, and a long command is continued on the next line with ` \` as a shell
/// reads it.
fn code_lines(line: &str, out: &mut Vec<String>) {
    let indent = line.len() - line.trim_start().len();
    let (command, comment) = match line.find("  #") {
        Some(k) if line[..k].trim().is_empty() => ("", line.trim()),
        Some(k) => (line[..k].trim_end(), line[k..].trim()),
        None => (line.trim_end(), ""),
    };
    if !command.is_empty() {
        let mut current = String::new();
        let lead = " ".repeat(indent);
        for word in command.trim_start().split(' ') {
            if !current.is_empty() && shown_width(&current) + 1 + shown_width(word) > CODE - 2 {
                out.push(format!("{current} \\e"));
                current = format!("{lead}    ");
            } else if current.is_empty() {
                current.push_str(&lead);
            } else {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push(current);
    }
    if !comment.is_empty() {
        // Under its command (a comment-only line continues the one above).
        out.push(format!("{}    {comment}", " ".repeat(indent.min(2))));
    }
}

/// The help's closing text (`after_help`), split into sections: the exit codes as EXIT STATUS
/// (one tagged paragraph a code), the examples as EXAMPLES, anything else as NOTES. Prose is
/// filled to the reader's width; examples and key lists (lines indented by two) stay as written,
/// at most 70 columns each.
fn extra(chunk: &[&str]) -> Vec<String> {
    let mut blocks: Vec<Vec<&str>> = vec![Vec::new()];
    for line in chunk {
        if line.trim().is_empty() || *line == ".sp" || *line == ".br" || *line == ".PP" {
            if !blocks.last().is_some_and(Vec::is_empty) {
                blocks.push(Vec::new());
            }
        } else {
            blocks.last_mut().unwrap_or(&mut Vec::new()).push(line);
        }
    }
    let (mut exit, mut notes, mut examples) = (Vec::new(), Vec::new(), Vec::new());
    for block in blocks.into_iter().filter(|b| !b.is_empty()) {
        let head = block[0];
        if head == "Exit codes:" {
            for line in &block[1..] {
                let line = line.trim();
                let (code, meaning) = line.split_once(' ').unwrap_or((line, ""));
                exit.push(".TP".to_string());
                exit.push(code.to_string());
                exit.push(meaning.trim().to_string());
            }
            continue;
        }
        let (target, lines) = if head == "Examples:" {
            (&mut examples, &block[1..])
        } else {
            (&mut notes, &block[..])
        };
        target.push(".PP".to_string());
        let mut k = 0;
        while k < lines.len() {
            if lines[k].starts_with("  ") {
                target.push(".nf".to_string());
                while k < lines.len() && lines[k].starts_with("  ") {
                    code_lines(lines[k], target);
                    k += 1;
                }
                target.push(".fi".to_string());
            } else {
                let mut prose = Vec::new();
                while k < lines.len() && !lines[k].starts_with("  ") {
                    prose.push(lines[k].trim());
                    k += 1;
                }
                target.push(prose.join(" "));
            }
        }
    }
    let mut out = Vec::new();
    for (name, body) in [
        ("EXIT STATUS", exit),
        ("NOTES", notes),
        ("EXAMPLES", examples),
    ] {
        if !body.is_empty() {
            out.push(format!(".SH \"{name}\""));
            // The first paragraph needs no .PP right after the heading.
            let skip = usize::from(body[0] == ".PP");
            out.extend(body.into_iter().skip(skip));
        }
    }
    out
}

/// Every page, into `dir` (created if missing). Returns the files written.
pub fn write_all(root: &Command, dir: &Path, today: Date) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let mut written = Vec::new();
    fn walk(cmd: &Command, dir: &Path, today: Date, written: &mut Vec<PathBuf>) -> Result<()> {
        let path = dir.join(clap_mangen::Man::new(cmd.clone()).get_filename());
        crate::save::write_atomic(&path, render(cmd.clone(), today).as_bytes())
            .map_err(|e| Error::write(&path, e))?;
        written.push(path);
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, dir, today, written)?;
        }
        Ok(())
    }
    walk(&built(root), dir, today, &mut written)?;
    Ok(written)
}
