//! `check --fix` and `--diff` (each answer above its evidence set to the level the facts
//! support, edited in place by the questionnaire's editor so comments and layout stay), and the
//! short human forms (`--concise`, `--quiet`) with the source line under each finding.

use super::check::{load_program, outcome, read_program, Run, Shown};
use crate::assessment::Answer;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::outcome::Outcome;
use crate::output::{emit, note, warn};
use crate::source::Source;
use crate::style::Style;
use crate::view::check::{InputErrorView, Report};
use crate::view::CheckView;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Line `line` (1-based) of `text` with its number, and a caret under `column` (1-based; else
/// under the line's first character that is not a space), as two lines:
/// `12 |     sorces: [x]` and `   |     ^`.
pub fn source_line(text: &str, line: usize, column: Option<usize>) -> Option<String> {
    let raw = text.lines().nth(line.checked_sub(1)?)?;
    let shown = crate::diagnostic::excerpt(raw.trim_end());
    let at = match column {
        Some(c) => c.saturating_sub(1),
        None => raw.chars().take_while(|c| *c == ' ').count(),
    };
    let at = at.min(shown.chars().count());
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let under: String = shown
        .chars()
        .take(at)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    Some(format!("{number} | {shown}\n{pad} | {under}^"))
}

/// One line per finding (`FILE:LINE: severity rule (subject): message`), the source line with
/// a caret under it, and the verdict; with --quiet only the failing findings, without source.
pub fn concise(v: &CheckView, style: &Style, shown: &Shown) -> String {
    let text = shown
        .sources
        .iter()
        .find(|(name, _)| *name == v.file)
        .map(|(_, t)| t.as_str());
    let mut out = String::new();
    for f in &v.findings {
        if shown.quiet && !f.failing {
            continue;
        }
        let place = match f.line {
            Some(l) => format!("{}:{l}", v.file),
            None => v.file.clone(),
        };
        let severity = match f.severity {
            crate::rule::Severity::Error => style.red(f.severity.as_str()),
            crate::rule::Severity::Warning => style.yellow(f.severity.as_str()),
            crate::rule::Severity::Info => style.dim(f.severity.as_str()),
        };
        let _ = writeln!(
            out,
            "{}: {severity} {} ({}): {}",
            style.bold(&place),
            f.rule,
            crate::escape::terminal(&f.subject),
            crate::escape::terminal(&f.message)
        );
        if shown.quiet {
            continue;
        }
        if let Some(excerpt) = f.line.zip(text).and_then(|(l, t)| source_line(t, l, None)) {
            for l in excerpt.lines() {
                let _ = writeln!(out, "  {}", style.dim(l));
            }
        }
        let _ = writeln!(out, "  → {}", crate::escape::terminal(&f.remediation));
    }
    if !shown.quiet {
        let verdict = if v.passed {
            style.green(&style.bold("PASS"))
        } else {
            style.red(&style.bold("FAIL"))
        };
        let _ = writeln!(out, "{verdict} {}: {}", v.file, v.headline);
    }
    out
}

/// A file that cannot be read, as the human report in a file shows it.
pub fn input_error_lines(e: &InputErrorView, _style: &Style, _shown: &Shown) -> String {
    std::iter::once(format!("error: {}", e.place_and_message()))
        .chain(e.help.iter().map(|h| format!("  {h}")))
        .map(|l| l + "\n")
        .collect()
}

/// One answer set down to its evidence.
struct Change {
    attribute: String,
    line: Option<usize>,
    from: String,
    to: String,
}

/// The file with every overclaimed answer set to its evidence, and what changed; `Err` when the
/// editor cannot change it in place (nothing is then written).
fn fixed(
    ctx: &Run,
    src: &Source,
    updates: Option<&crate::program::UpdateHistory>,
) -> Result<Option<(String, Vec<Change>)>, Diagnostic> {
    let (assessment, program, _) = load_program(src, ctx.rubric)?;
    let r = ctx.rubric;
    let mut after = assessment.clone();
    let mut changes = Vec::new();
    let input = crate::check::Input {
        rubric: r,
        assessment: &assessment,
        program: &program,
        baseline: None,
        today: ctx.today,
        fail_on: ctx.args.fail_on.into(),
        target: ctx.target,
        updates,
    };
    for e in crate::check::evidence::derive(&input) {
        if let Some(claimed) = e.claimed.filter(|c| *c > e.evidence) {
            after.answers[e.attribute] = Answer::Level(e.evidence);
            changes.push(Change {
                attribute: r.attributes[e.attribute].id.clone(),
                line: program.locations.answer.get(e.attribute).copied().flatten(),
                from: r.levels[claimed].id.clone(),
                to: r.levels[e.evidence].id.clone(),
            });
        }
    }
    if changes.is_empty() {
        return Ok(None);
    }
    let text = crate::questionnaire::edit::edit(&src.text, src.syntax, r, &assessment, &after)
        .map_err(|why| {
            Diagnostic::new(src.name.clone(), format!("cannot be fixed in place: {why}"))
                .help("nothing was written; set the levels the evidence table shows by hand")
        })?;
    Ok(Some((text, changes)))
}

/// `--fix` (write, say what changed, then report what is left) or `--diff` (print the change as
/// a unified diff; exit 1 when there is one).
pub(super) fn run(
    ctx: &Run,
    paths: &[PathBuf],
    shown: &mut Shown,
    finish: &dyn Fn(&[Report], &Shown) -> Result<()>,
) -> Result<Outcome> {
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    let mut would_change = false;
    for path in paths {
        let src = match read_program(path, ctx.args) {
            Ok(s) => s,
            Err(d) => {
                let (report, _, _) = ctx.check(path);
                reports.push(report);
                errors.push(d);
                continue;
            }
        };
        let mut src = src;
        let updates = match ctx.updates(path) {
            Ok(u) => u,
            Err(d) => {
                reports.push(Report::Unreadable(InputErrorView::new(&d)));
                errors.push(d);
                continue;
            }
        };
        match fixed(ctx, &src, updates.as_ref()) {
            Ok(None) => {}
            Ok(Some((text, changes))) => {
                would_change = true;
                if ctx.args.diff {
                    emit(&unified_diff(&src.name, &src.text, &text))?;
                } else {
                    write_fixed(path, &text)?;
                    for c in &changes {
                        let at = c.line.map(|l| format!(":{l}")).unwrap_or_default();
                        note(&format!(
                            "fixed {}{at}: {} {} → {} (what the file's facts support)",
                            src.name, c.attribute, c.from, c.to
                        ));
                    }
                    src.text = text;
                }
            }
            Err(d) if d.origin == src.name && d.message.starts_with("cannot be fixed") => {
                warn(&d.to_string())
            }
            Err(_) => {}
        }
        if ctx.args.diff {
            continue;
        }
        match load_program(&src, ctx.rubric) {
            Ok((a, program, _)) => {
                let view = ctx.view(&src, &a, &program, updates.as_ref());
                shown.sources.push((src.name.clone(), src.text.clone()));
                reports.push(Report::Checked(Box::new(view)));
            }
            Err(d) => {
                reports.push(Report::Unreadable(InputErrorView::new(&d)));
                errors.push(d);
            }
        }
    }
    if ctx.args.diff {
        if !errors.is_empty() {
            return Err(Error::Input(errors));
        }
        return Ok(if would_change {
            Outcome::CheckFailed
        } else {
            Outcome::Success
        });
    }
    finish(&reports, shown)?;
    outcome(&reports, errors, ctx.args.no_fail)
}

fn write_fixed(path: &Path, text: &str) -> Result<()> {
    crate::save::write_atomic(path, text.as_bytes()).map_err(|e| Error::write(path, e))
}

/// A unified diff of `before` and `after` (the lines that differ, with up to three lines of
/// context), as `git diff` and `patch` read it.
pub fn unified_diff(name: &str, before: &str, after: &str) -> String {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    // The editor changes values within lines; where the line count differs, one hunk covers
    // everything between the common start and end.
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    // (start in a, end in a, start in b, end in b) of each changed run.
    let mut runs: Vec<(usize, usize, usize, usize)> = Vec::new();
    if a_mid.len() == b_mid.len() {
        let mut k = 0;
        while k < a_mid.len() {
            if a_mid[k] == b_mid[k] {
                k += 1;
                continue;
            }
            let start = k;
            while k < a_mid.len() && a_mid[k] != b_mid[k] {
                k += 1;
            }
            runs.push((prefix + start, prefix + k, prefix + start, prefix + k));
        }
    } else {
        runs.push((prefix, a.len() - suffix, prefix, b.len() - suffix));
    }
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    let ctx = 3;
    let mut k = 0;
    while k < runs.len() {
        // Runs within twice the context of each other share a hunk.
        let mut j = k;
        while j + 1 < runs.len() && runs[j + 1].0 <= runs[j].1 + 2 * ctx {
            j += 1;
        }
        let a0 = runs[k].0.saturating_sub(ctx);
        let a1 = (runs[j].1 + ctx).min(a.len());
        let shift = runs[k].2 as isize - runs[k].0 as isize;
        let b0 = (a0 as isize + shift) as usize;
        let b1 = (runs[j].3 + ctx).min(b.len()).max(b0);
        let _ = writeln!(out, "@@ -{},{} +{},{} @@", a0 + 1, a1 - a0, b0 + 1, b1 - b0);
        let mut ai = a0;
        for r in &runs[k..=j] {
            for line in &a[ai..r.0] {
                push_line(&mut out, ' ', line);
            }
            for line in &a[r.0..r.1] {
                push_line(&mut out, '-', line);
            }
            for line in &b[r.2..r.3] {
                push_line(&mut out, '+', line);
            }
            ai = r.1;
        }
        for line in &a[ai..a1] {
            push_line(&mut out, ' ', line);
        }
        k = j + 1;
    }
    out
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_shows_each_changed_line_with_three_lines_of_context() {
        let before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
        let after = "a\nb\nC\nd\ne\nf\ng\nh\ni\nj\nK\nl\n";
        assert_eq!(
            unified_diff("p.yaml", before, after),
            "--- a/p.yaml\n+++ b/p.yaml\n@@ -1,6 +1,6 @@\n a\n b\n-c\n+C\n d\n e\n f\n@@ -8,5 +8,5 @@\n h\n i\n j\n-k\n+K\n l\n"
        );
    }

    #[test]
    fn the_source_line_has_a_caret_under_the_column_or_the_first_character() {
        let text = "answers:\n  training: emerging\n";
        assert_eq!(
            source_line(text, 2, None).unwrap(),
            "2 |   training: emerging\n  |   ^"
        );
        assert_eq!(
            source_line(text, 2, Some(13)).unwrap(),
            "2 |   training: emerging\n  |             ^"
        );
        assert_eq!(source_line(text, 3, None), None);
    }
}
