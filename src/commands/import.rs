//! `import`: a form export (Google Forms CSV, Microsoft Forms .xlsx, any CSV with one row per
//! respondent) into one answers file per response, in a folder `score` combines.

use super::load_rubric;
use crate::app::{emit, report, to_stderr, warn};
use crate::cli::ImportArgs;
use crate::diagnostic::Diagnostic;
use crate::import::{map, read, Cell, Column, Kind, Levels, Map, Plan, Response, Row, Visit};
use crate::outcome::Outcome;
use crate::rubric::Rubric;
use crate::source::Syntax;
use anyhow::Result;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Most distinct unreadable cell texts `--print-map` lists.
const MAX_UNKNOWN_LISTED: usize = 200;

/// Reads an export into responses (and the cell texts that were not levels).
pub struct Collect<'a> {
    pub name: &'a str,
    pub rubric: &'a Rubric,
    pub map: Option<&'a Map>,
    pub levels: Levels<'a>,
    pub organization: Option<&'a str>,
    pub plan: Option<Plan>,
    pub responses: Vec<Response>,
    pub unknown: Vec<String>,
    seen_unknown: HashSet<String>,
}

impl<'a> Collect<'a> {
    pub fn new(
        name: &'a str,
        rubric: &'a Rubric,
        map: Option<&'a Map>,
        organization: Option<&'a str>,
    ) -> Self {
        Collect {
            name,
            rubric,
            map,
            levels: Levels::new(rubric, map),
            organization,
            plan: None,
            responses: Vec::new(),
            unknown: Vec::new(),
            seen_unknown: HashSet::new(),
        }
    }
}

impl Visit for Collect<'_> {
    fn header(&mut self, headers: Vec<String>, line: u64) -> Result<(), Diagnostic> {
        self.plan = Some(Plan::new(self.name, headers, line, self.rubric, self.map)?);
        Ok(())
    }

    fn row(&mut self, row: &Row) -> Result<(), Diagnostic> {
        let Some(plan) = &self.plan else {
            return Ok(());
        };
        let r = plan.response(self.name, row, self.rubric, &self.levels, self.organization)?;
        if !r.problems.is_empty() {
            for (k, c) in plan.columns.iter().enumerate() {
                if !matches!(c, Column::Attribute(_)) {
                    continue;
                }
                let text = row.text(self.name, k)?.trim();
                if self.levels.read(text) == Cell::Unknown
                    && self.unknown.len() < MAX_UNKNOWN_LISTED
                    && self.seen_unknown.insert(text.to_string())
                {
                    self.unknown.push(text.to_string());
                }
            }
        }
        self.responses.push(r);
        Ok(())
    }
}

/// A file name from a person's name or email: lowercase letters and digits (accents dropped,
/// other scripts kept), the rest as single hyphens, at most 60 characters.
pub fn slug(s: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in s.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.chars().count() >= 60 {
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

/// The file name of each response, unique (ignoring case): the name, else the email, else the
/// response id, else `response-N` (N counting data rows from 1).
pub fn file_names(responses: &[&Response], ext: &str) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    responses
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let base = [
                r.assessment.respondent.name.as_deref(),
                r.email.as_deref(),
                r.id.as_deref()
                    .map(|id| format!("response-{id}"))
                    .as_deref(),
            ]
            .into_iter()
            .flatten()
            .map(slug)
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| format!("response-{}", k + 1));
            let mut name = format!("{base}.{ext}");
            let mut n = 2;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{base}-{n}.{ext}");
                n += 1;
            }
            name
        })
        .collect()
}

/// Read an export, or say why not: an unknown extension is named before anything is opened.
pub fn read_export(
    path: &Path,
    rubric: &Rubric,
    map: Option<&Map>,
    organization: Option<&str>,
) -> Result<(Plan, Vec<Response>, Vec<String>), Diagnostic> {
    let name = path.display().to_string();
    if Kind::for_import(path).is_none() {
        return Err(Diagnostic::new(
            &name,
            "unknown file extension; expected a form export (.csv, .tsv, .txt or .xlsx)",
        )
        .help("Google Forms: \"Download responses (.csv)\"; Microsoft Forms: \"Open results in Excel\""));
    }
    let mut c = Collect::new(&name, rubric, map, organization);
    read::read(path, &name, &mut c)?;
    let Some(plan) = c.plan else {
        return Err(Diagnostic::new(&name, "file is empty"));
    };
    Ok((plan, c.responses, c.unknown))
}

/// Warnings about the columns: those not read, and map entries for headers not there.
pub fn warn_columns(name: &str, plan: &Plan, map: Option<&Map>) {
    let quiz = plan.quiz.iter().filter(|q| **q).count();
    let others: Vec<&str> = plan
        .headers
        .iter()
        .zip(&plan.columns)
        .zip(&plan.quiz)
        .filter(|((_, c), quiz)| **c == Column::Ignored && !**quiz)
        .map(|((h, _), _)| h.as_str())
        .collect();
    if !others.is_empty() || quiz > 0 {
        let mut shown: Vec<String> = others
            .iter()
            .take(20)
            .map(|h| crate::import::quoted(h))
            .collect();
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
                "--map: column {} is not in {name}",
                crate::import::quoted(h)
            ));
        }
    }
}

pub fn run(args: &ImportArgs, rubric_path: Option<&Path>) -> Result<Outcome> {
    let rubric = load_rubric(rubric_path)?;
    let map = match &args.map {
        Some(p) => Some(Map::load(p, &rubric)?),
        None => None,
    };
    let name = args.export.display().to_string();
    let (plan, responses, unknown) = read_export(
        &args.export,
        &rubric,
        map.as_ref(),
        args.organization.as_deref(),
    )?;
    if args.print_map {
        emit(&map::print(&name, &plan, &rubric, map.as_ref(), &unknown))?;
        return Ok(Outcome::Success);
    }
    let Some(out) = &args.out else {
        anyhow::bail!(
            "import needs --out DIR (the folder to write the answers files into), or --print-map"
        );
    };
    warn_columns(&name, &plan, map.as_ref());
    let undated = responses.iter().filter(|r| r.date_unread).count();
    if undated > 0 {
        warn(&format!(
            "{name}: the date of {} could not be read; {} written without one",
            crate::words::count(undated, "response", "responses"),
            crate::words::pick(undated, "it is", "they are")
        ));
    }
    let (bad, good): (Vec<&Response>, Vec<&Response>) =
        responses.iter().partition(|r| !r.problems.is_empty());
    for r in &bad {
        for p in &r.problems {
            report(p);
        }
    }
    if responses.is_empty() {
        warn(&format!(
            "{name}: no responses yet (only the header); nothing written"
        ));
        return Ok(Outcome::Success);
    }
    let ext = match args.format {
        Syntax::Yaml => "yaml",
        Syntax::Toml => "toml",
    };
    let names = file_names(&good, ext);
    if out.exists() && !out.is_dir() {
        return Ok(Outcome::Input(vec![Diagnostic::new(
            out.display().to_string(),
            "exists and is not a folder; --out names the folder the answers files go into",
        )]));
    }
    let paths: Vec<PathBuf> = names.iter().map(|n| out.join(n)).collect();
    let existing: Vec<&PathBuf> = paths.iter().filter(|p| p.exists()).collect();
    if !existing.is_empty() && !args.force {
        let shown: Vec<String> = existing
            .iter()
            .take(10)
            .map(|p| p.display().to_string())
            .collect();
        return Ok(Outcome::Input(vec![Diagnostic::new(
            out.display().to_string(),
            format!(
                "{} already there; nothing was written",
                crate::words::count(existing.len(), "answers file is", "answers files are")
            ),
        )
        .help(format!(
            "{}{}",
            shown.join(", "),
            if existing.len() > 10 { ", …" } else { "" }
        ))
        .help(
            "import into another folder with --out, or pass --force to replace them",
        )]));
    }
    std::fs::create_dir_all(out)
        .map_err(|e| anyhow::anyhow!("{}: cannot create the folder: {e}", out.display()))?;
    let mut written = String::new();
    for (r, path) in good.iter().zip(&paths) {
        let who = r
            .email
            .as_deref()
            .map(|e| format!(" ({})", crate::escape::visible(e).replace('\n', " ")))
            .unwrap_or_default();
        let header = format!(
            "# Imported by `persona-maturity import` from {}, line {}{who}.\n\
             # Score every response together: persona-maturity score {}\n",
            crate::escape::visible(&name).replace('\n', " "),
            r.line,
            crate::escape::visible(&out.display().to_string()).replace('\n', " "),
        );
        let text = r.assessment.to_text(&rubric, args.format, &header);
        crate::save::write_atomic(path, text.as_bytes())
            .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", path.display()))?;
        written.push_str(&format!("{}\n", path.display()));
    }
    emit(&written)?;
    let summary = format!(
        "{} read from {name}: {} written to {}{}",
        crate::words::count(responses.len(), "response", "responses"),
        crate::words::count(good.len(), "answers file", "answers files"),
        out.display(),
        if bad.is_empty() {
            String::new()
        } else {
            format!(
                ", {} left out (the errors above)",
                crate::words::count(bad.len(), "row", "rows")
            )
        }
    );
    to_stderr(&summary);
    to_stderr(&format!(
        "Score them together: persona-maturity score {}",
        crate::questionnaire::session::shell_quote(&out.display().to_string())
    ));
    if !bad.is_empty() && !args.skip_invalid {
        return Ok(Outcome::Input(vec![Diagnostic::new(
            name,
            format!(
                "{} could not be read and {} not written",
                crate::words::count(bad.len(), "row", "rows"),
                crate::words::pick(bad.len(), "was", "were")
            ),
        )
        .help("fix the cells named above (or map them with --map), or pass --skip-invalid to leave those rows out on purpose")]));
    }
    Ok(Outcome::Success)
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
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("CON"), "con-answers");
        assert_eq!(slug("!!!"), "");
        assert!(slug(&"a".repeat(500)).chars().count() <= 60);
    }
}
