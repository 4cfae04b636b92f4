//! `evidence crm EXPORT` and `evidence interviews LOG`: the evidence measured from the systems of
//! record, reported in a format, and (`--update`) written into a program file.

use super::{load_rubric, today};
use crate::check::records::Tally;
use crate::cli::{CrmArgs, EvidenceCommand, Format, InterviewsArgs};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::evidence::crm::{Counter, Options, Vocabulary};
use crate::evidence::update::{Figures, Written};
use crate::outcome::Outcome;
use crate::output::{emit, note, warn};
use crate::program::CrmSource;
use crate::render::evidence as r;
use crate::rubric::Rubric;
use crate::style::Console;
use crate::view::evidence::EvidenceView;
use std::path::Path;

pub fn run(cmd: EvidenceCommand, rubric_path: Option<&Path>, console: &Console) -> Result<Outcome> {
    match cmd {
        EvidenceCommand::Crm(args) => crm(&args, rubric_path, console),
        EvidenceCommand::Interviews(args) => interviews(&args, rubric_path, console),
    }
}

/// The rubric, which must be the framework's shape for its evidence rules: four levels and the
/// attribute measured.
fn framework(rubric_path: Option<&Path>, attribute: &str) -> Result<Rubric> {
    let rubric = load_rubric(rubric_path)?;
    if rubric.levels.len() != 4 || rubric.attribute_index(attribute).is_none() {
        return Err(Diagnostic::new(
            "--rubric",
            format!(
                "the evidence rules are the Persona Optimization Framework's: they need its four \
                 levels and the attribute `{attribute}`, which this rubric does not have"
            ),
        )
        .help("leave --rubric out (and PERSONA_MATURITY_RUBRIC unset) for `evidence`")
        .into());
    }
    Ok(rubric)
}

/// The report in `format`.
fn render(
    format: Format,
    v: &EvidenceView,
    console: &Console,
    json: impl FnOnce() -> String,
) -> String {
    match format {
        Format::Table => r::table(v, &console.stdout),
        Format::Json => json(),
        Format::Markdown => r::markdown(v),
        Format::Csv => r::csv(v),
        Format::Html => r::html(v),
        other => other.not_offered("evidence"),
    }
}

/// The program file named by --program or --update (one file: both may name it).
fn program_path(args: &CrmArgs) -> Result<Option<&Path>, Diagnostic> {
    match (&args.program, &args.update) {
        (Some(p), Some(u)) if p != u => Err(Diagnostic::new(
            "--program",
            "names another file than --update; --update matches the personas of the file it \
             updates",
        )
        .help("give one of them")),
        (p, u) => Ok(p.as_deref().or(u.as_deref())),
    }
}

/// Option values with the blanks around them taken off.
fn trimmed(values: &[String]) -> Vec<String> {
    values.iter().map(|v| v.trim().to_string()).collect()
}

fn crm(args: &CrmArgs, rubric_path: Option<&Path>, console: &Console) -> Result<Outcome> {
    let rubric = framework(rubric_path, "database-completeness")?;
    let on = today(args.today.as_deref())?;
    let options = Options {
        persona_column: args.persona_column.clone(),
        stage_column: args.stage_column.clone(),
        // `"Customer, Evangelist"`: the blank after a comma is not part of a value.
        customer_values: args.customer_values.as_ref().map(|v| trimmed(v)),
        exclude_values: trimmed(&args.exclude_values),
        vocabulary: None,
    };
    options.check()?;
    // The program is read first: a bad one fails before a long export is read.
    let program = match program_path(args)? {
        Some(p) => {
            let src = crate::source::Source::read(program_syntax(p)?, None)?;
            let (_, program, warnings) =
                crate::assessment::Assessment::load_program(&src, &rubric)?;
            for w in warnings {
                warn(&w);
            }
            Some(program)
        }
        None => None,
    };
    let name = args.export.display().to_string();
    if crate::import::read::Kind::for_import(&args.export).is_none() {
        return Err(Diagnostic::new(
            &name,
            "unknown file extension; expected a CRM export (.csv, .tsv, .txt or .xlsx)",
        )
        .help("HubSpot: Contacts › Export (CSV or XLSX); Salesforce: a report › Export › Details Only")
        .into());
    }
    let vocabulary = program
        .as_ref()
        .and_then(|p| p.personas.as_deref())
        .map(Vocabulary::new);
    let options = Options {
        vocabulary: vocabulary.clone(),
        ..options
    };
    let mut progress = crate::progress::Progress::new(&format!("reading {name}"));
    let mut counter = Counter::new(&name, options).on_progress(|rows| progress.rows(rows));
    let read = crate::import::read::read(&args.export, &name, &mut counter);
    let source = counter.source();
    let m = read
        .map_err(|d| footer_help(crate::evidence::redact::scrub(d), source))
        .and_then(|()| counter.finish());
    progress.done();
    let m = m.map_err(Diagnostic::private)?;
    for (flag, value) in &m.absent_values {
        warn(&crate::view::evidence::absent_value(flag, value));
    }
    let matches = vocabulary.as_ref().map(|v| v.matches(&m));
    let view = EvidenceView::crm(&rubric, &name, &m, on, matches.as_ref());
    if let Some(path) = &args.update {
        update(path, &rubric, &m, on, view.level.index)?;
    }
    let text = render(args.format, &view, console, || {
        r::crm_json(&view, &m, on, matches.as_ref())
    });
    emit(&text)?;
    Ok(Outcome::Success)
}

/// The program file of --program or --update, which is read by its extension: `evidence crm`
/// has no --input-format, so one without says to rename it.
fn program_syntax(path: &Path) -> Result<&Path, Diagnostic> {
    if crate::source::Syntax::from_path(path).is_some() {
        return Ok(path);
    }
    let d = Diagnostic::new(
        path.display().to_string(),
        "unknown file extension; a program file ends in .yaml, .yml or .toml",
    );
    Err(if path.as_os_str() == "-" {
        d.help("name the program file itself: it is not read from standard input here")
    } else {
        d.help("rename the file (or copy it), e.g. to persona-program.yaml")
    })
}

/// A row with fewer cells than the header at the end of a Salesforce report is its footer.
fn footer_help(d: Diagnostic, source: Option<CrmSource>) -> Diagnostic {
    if source == Some(CrmSource::Salesforce) && d.message.contains(", the header has") {
        d.help(
            "a Salesforce report exported with its footer (Generated By, Confidential Information) \
             has such rows below the records: export it as \"Details Only\", or delete the lines \
             after the last record",
        )
    } else {
        d
    }
}

/// Write the figures into the program file and say how, and what they mean for its answer.
fn update(
    path: &Path,
    rubric: &Rubric,
    m: &crate::evidence::crm::Measurement,
    on: crate::source::Date,
    level: usize,
) -> Result<()> {
    let figures = Figures {
        customers: (m.customers.records, m.customers.mapped),
        prospects: (m.prospects.records, m.prospects.mapped),
        measured_on: on,
        source: m.source,
    };
    let shown = path.display().to_string();
    let done = crate::evidence::update::update(path, rubric, &figures)?;
    match &done.written {
        Written::InPlace => note(&format!(
            "{shown}: database: now holds the figures measured {on} from {} (the rest of the \
             file is as it was)",
            m.source.described()
        )),
        Written::Whole { reason, backup } => warn(&format!(
            "{shown} could not be edited exactly ({reason}): written whole, the old one kept as \
             {}",
            backup.display()
        )),
    }
    let ai = rubric
        .attribute_index("database-completeness")
        .unwrap_or_default();
    let name = |l: usize| rubric.levels[l].name.as_str();
    match done.assessment.answers[ai].level() {
        Some(claimed) if claimed > level => warn(&format!(
            "{shown} claims {} for Database Completeness; the figures support {}: `check` \
             reports it as evidence-overclaim until the answer or the database changes",
            name(claimed),
            name(level)
        )),
        Some(claimed) if claimed < level => note(&format!(
            "the figures support {} for Database Completeness; {shown} answers {}: raise the \
             answer if the rest of the level's text holds",
            name(level),
            name(claimed)
        )),
        _ => {}
    }
    Ok(())
}

fn interviews(
    args: &InterviewsArgs,
    rubric_path: Option<&Path>,
    console: &Console,
) -> Result<Outcome> {
    let rubric = framework(rubric_path, "qualitative-interviews")?;
    let today = today(args.today.as_deref())?;
    let name = args.log.display().to_string();
    let log = crate::evidence::interviews::read(&args.log, &name)?;
    let t = Tally::new(&log, today);
    let mut personas: Vec<(String, u64)> = Vec::new();
    for i in &log {
        let Some(p) = &i.persona else { continue };
        if i.date <= t.from() || i.date > today {
            continue;
        }
        match personas.iter_mut().find(|(q, _)| q == p) {
            Some(e) => e.1 += 1,
            None => personas.push((p.clone(), 1)),
        }
    }
    personas.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let view = EvidenceView::interviews(&rubric, &name, &t, &personas);
    let counts = crate::view::evidence::InterviewCounts::new(&rubric, &t);
    let text = render(args.format, &view, console, || {
        r::interviews_json(&view, &counts, &personas)
    });
    emit(&text)?;
    Ok(Outcome::Success)
}
