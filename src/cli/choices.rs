//! The values flags take, owned by the CLI: one [`Format`] enum and each command's list of the
//! formats it renders, and the tables that name the domain's choices (a syntax, `--keep`,
//! `--dates`, `--order`, `--color`, `schema --output`) for clap, so the domain types know nothing
//! of clap. Each list is what `--help`, shell completion and the manual page show, and what clap
//! accepts (with its "possible values" and "a similar value exists" for anything else).

use crate::import::collect::Keep;
use crate::import::when::Order as DateOrder;
use crate::plan::Order as PlanOrder;
use crate::schema::SchemaOutput;
use crate::source::Syntax;
use crate::style::ColorChoice;

/// Every output format a command can render, by one name each. A command accepts the ones it
/// renders (its list below: `SCORE_FORMATS`, `CHECK_FORMATS`, …), and `human` and `text` are
/// other names for `table` wherever it is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For a person at a terminal (`human`, `text`).
    Table,
    Json,
    Markdown,
    Csv,
    Html,
    Github,
    Junit,
    Sarif,
    Gitlab,
    Targets,
    Yaml,
}

impl Format {
    /// A format outside the command's list reached its renderer: clap refuses it before, so
    /// this is a fault in the tool, never in the input.
    pub fn not_offered(self, command: &str) -> ! {
        unreachable!(
            "`{command}` has no --format {}: clap accepts only its list",
            self.name()
        )
    }

    pub const fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Github => "github",
            Format::Junit => "junit",
            Format::Sarif => "sarif",
            Format::Gitlab => "gitlab",
            Format::Targets => "targets",
            Format::Yaml => "yaml",
        }
    }
}

/// One value a flag takes: the value, its name, what it means (shown by `--help`) and other
/// names it is accepted by.
#[derive(Debug, Clone, Copy)]
pub struct Choice<T: 'static> {
    pub value: T,
    pub name: &'static str,
    pub help: &'static str,
    pub aliases: &'static [&'static str],
}

/// A value named `name`, meaning `help`.
const fn choice<T>(value: T, name: &'static str, help: &'static str) -> Choice<T> {
    Choice {
        value,
        name,
        help,
        aliases: &[],
    }
}

/// A format, as a command renders it (`help`: what it is in that command).
const fn format(value: Format, help: &'static str) -> Choice<Format> {
    Choice {
        value,
        name: value.name(),
        help,
        aliases: match value {
            Format::Table => &["human", "text"],
            _ => &[],
        },
    }
}

/// The values a flag takes, as clap parses, lists, completes and documents them: the CLI's own
/// table over a domain type (which knows nothing of clap), or over [`Format`].
#[derive(Clone, Copy)]
pub struct Choices<T: 'static>(pub &'static [Choice<T>]);

impl<T: Copy> Choices<T> {
    fn possible(&self) -> impl Iterator<Item = clap::builder::PossibleValue> + '_ {
        self.0.iter().map(|c| {
            let v = clap::builder::PossibleValue::new(c.name).aliases(c.aliases.iter().copied());
            if c.help.is_empty() {
                v
            } else {
                v.help(c.help)
            }
        })
    }

    /// The value a name (or another name for it) stands for, in any case.
    pub fn find(&self, name: &str) -> Option<T> {
        self.0
            .iter()
            .find(|c| {
                c.name.eq_ignore_ascii_case(name)
                    || c.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
            })
            .map(|c| c.value)
    }

    /// The names, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|c| c.name).collect()
    }
}

impl<T: Copy + Send + Sync + 'static> clap::builder::TypedValueParser for Choices<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        // clap's own parser: its message, "possible values" and "a similar value exists".
        let name =
            clap::builder::PossibleValuesParser::new(self.possible()).parse_ref(cmd, arg, value)?;
        self.find(&name)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(self.possible()))
    }
}

const JSON: &str = "Stable machine-readable JSON (see schema_version)";

/// `score --format`.
pub const SCORE_FORMATS: Choices<Format> = Choices(&[
    format(Format::Table, "Tables and next steps for a terminal"),
    format(Format::Json, JSON),
    format(
        Format::Markdown,
        "Markdown for a wiki page or a pull-request comment",
    ),
    format(Format::Csv, "One row per attribute, for spreadsheets"),
    format(
        Format::Html,
        "One self-contained HTML page with a radar chart (prints to A4/Letter)",
    ),
]);

/// `check --format` and `--output FORMAT=FILE`.
pub const CHECK_FORMATS: Choices<Format> = Choices(&[
    format(
        Format::Table,
        "Verdict, findings, scorecard and evidence for a terminal",
    ),
    format(Format::Json, JSON),
    format(
        Format::Markdown,
        "Markdown for a step summary or a pull-request comment",
    ),
    format(
        Format::Github,
        "GitHub Actions workflow commands (annotations on the program file)",
    ),
    format(
        Format::Junit,
        "JUnit XML: one test case per rule and subject evaluated",
    ),
    format(
        Format::Html,
        "One self-contained HTML page: verdict, findings, radar chart and scorecard",
    ),
    format(
        Format::Sarif,
        "SARIF 2.1.0 for code scanning (GitHub: upload with github/codeql-action/upload-sarif)",
    ),
    format(
        Format::Gitlab,
        "GitLab Code Quality (Code Climate JSON) for merge requests: artifacts:reports:codequality",
    ),
]);

/// `form --format`.
pub const FORM_FORMATS: Choices<Format> = Choices(&[
    format(
        Format::Table,
        "Text to copy into a form builder: one line per title, description and option",
    ),
    format(
        Format::Markdown,
        "Markdown, for a wiki page or a document to send round",
    ),
    format(Format::Json, "JSON for scripts (see schema_version)"),
    format(Format::Csv, "One row per question, for spreadsheets"),
    format(
        Format::Html,
        "One offline page to send round: filled in in any browser, returned as an answers file",
    ),
]);

/// `history --format`.
pub const HISTORY_FORMATS: Choices<Format> = Choices(&[
    format(
        Format::Table,
        "A row per version, and what moved, for a terminal",
    ),
    format(
        Format::Markdown,
        "Markdown for a wiki page or a pull-request comment",
    ),
    format(Format::Csv, "A row per version, for spreadsheets"),
    format(Format::Json, JSON),
    format(
        Format::Html,
        "One self-contained page with a line chart against the level bands",
    ),
]);

/// `plan --format`.
pub const PLAN_FORMATS: Choices<Format> = Choices(&[
    format(Format::Table, "Quarter by quarter, for a terminal"),
    format(
        Format::Markdown,
        "A planning document, with the tips for each step and an owner to fill in",
    ),
    format(
        Format::Csv,
        "One row per step, to import into Jira, Asana or a spreadsheet",
    ),
    format(Format::Json, JSON),
    format(
        Format::Targets,
        "The `targets:` of a program file's policy: `check` then fails when a step is overdue",
    ),
]);

/// `evidence crm --format` and `evidence interviews --format`.
pub const EVIDENCE_FORMATS: Choices<Format> = Choices(&[
    format(
        Format::Table,
        "The level, why, what the next level needs and the counts, for a terminal",
    ),
    format(Format::Json, JSON),
    format(
        Format::Markdown,
        "Markdown for a wiki page, a pull-request comment or a step summary",
    ),
    format(
        Format::Csv,
        "One row (with its header) to append to a tracking sheet, month after month",
    ),
    format(Format::Html, "One self-contained HTML page"),
]);

/// `rubric show --format`.
pub const RUBRIC_FORMATS: Choices<Format> = Choices(&[
    format(Format::Table, "Tables for a terminal"),
    format(
        Format::Yaml,
        "The rubric file format, ready to edit into your own",
    ),
    format(Format::Json, "The same data as JSON"),
]);

/// `rules --format`.
pub const RULES_FORMATS: Choices<Format> = Choices(&[
    format(Format::Table, "Text for a terminal"),
    format(Format::Json, "Machine-readable JSON (see schema_version)"),
]);

/// Document syntaxes (`--input-format`, `init --format`, `import --format`).
pub const SYNTAXES: Choices<Syntax> = Choices(&[
    choice(Syntax::Yaml, "yaml", ""),
    choice(Syntax::Toml, "toml", ""),
]);

/// `--color`.
pub const COLOR_CHOICES: Choices<ColorChoice> = Choices(&[
    choice(
        ColorChoice::Auto,
        "auto",
        "Colour when writing to a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb say otherwise \
         (CLICOLOR_FORCE forces it)",
    ),
    choice(ColorChoice::Always, "always", ""),
    choice(ColorChoice::Never, "never", ""),
]);

/// clap's own help and errors, coloured as the run's console decided.
pub fn clap_color(choice: ColorChoice) -> clap::ColorChoice {
    match choice {
        ColorChoice::Auto => clap::ColorChoice::Auto,
        ColorChoice::Always => clap::ColorChoice::Always,
        ColorChoice::Never => clap::ColorChoice::Never,
    }
}

/// `--keep`.
pub const KEEP_CHOICES: Choices<Keep> = Choices(&[
    choice(
        Keep::Latest,
        "latest",
        "The one submitted last, by its timestamp or date (of two at the same moment, the one \
         read later: later on the command line, then the later row or file path)",
    ),
    choice(Keep::First, "first", "The first one"),
    choice(Keep::All, "all", "Every one, each as a respondent"),
]);

/// `--dates`.
pub const DATE_ORDERS: Choices<DateOrder> = Choices(&[
    choice(
        DateOrder::DayFirst,
        "day-first",
        "`03/11/2026` is 3 November (English UK, most of Europe, Latin America…)",
    ),
    choice(
        DateOrder::MonthFirst,
        "month-first",
        "`03/11/2026` is 11 March (English US)",
    ),
]);

/// `plan --order`.
pub const PLAN_ORDERS: Choices<PlanOrder> = Choices(&[
    choice(
        PlanOrder::Stages,
        "stages",
        "What the work depends on (as `score`'s next steps): each level across the stages in \
         order (ownership, research, written personas, sharing and training, use, maintenance), \
         the largest gap within a stage",
    ),
    choice(
        PlanOrder::Gap,
        "gap",
        "The largest remaining gap first, then rubric order",
    ),
    choice(
        PlanOrder::QuickWins,
        "quick-wins",
        "The smallest remaining gap first: what is nearly there, then rubric order",
    ),
    choice(
        PlanOrder::Rubric,
        "rubric",
        "Rubric order: the foundation sections first",
    ),
]);

/// `schema --output`.
pub const SCHEMA_OUTPUTS: Choices<SchemaOutput> = Choices(&[
    choice(SchemaOutput::Score, "score", "`score --format json`"),
    choice(SchemaOutput::Check, "check", "`check --format json`"),
    choice(SchemaOutput::History, "history", "`history --format json`"),
    choice(SchemaOutput::Plan, "plan", "`plan --format json`"),
    choice(
        SchemaOutput::EvidenceCrm,
        "evidence-crm",
        "`evidence crm --format json`",
    ),
    choice(
        SchemaOutput::EvidenceInterviews,
        "evidence-interviews",
        "`evidence interviews --format json`",
    ),
]);

#[cfg(test)]
mod tests {
    use super::*;

    const LISTS: [(&str, Choices<Format>); 8] = [
        ("`score`", SCORE_FORMATS),
        ("`check`", CHECK_FORMATS),
        ("`history`", HISTORY_FORMATS),
        ("`plan`", PLAN_FORMATS),
        ("`evidence crm`, `evidence interviews`", EVIDENCE_FORMATS),
        ("`form`", FORM_FORMATS),
        ("`rubric show`", RUBRIC_FORMATS),
        ("`rules`", RULES_FORMATS),
    ];

    #[test]
    fn every_command_offers_table_first_under_all_three_names() {
        for (command, list) in LISTS {
            assert_eq!(list.0[0].value, Format::Table, "{command}");
            for name in ["table", "human", "text", "TABLE"] {
                assert_eq!(list.find(name), Some(Format::Table), "{command} {name}");
            }
            let mut names = list.names();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), list.0.len(), "{command}: a name twice");
            for c in list.0 {
                assert_eq!(c.name, c.value.name(), "{command}");
            }
        }
        assert_eq!(SCORE_FORMATS.find("sarif"), None);
        assert_eq!(CHECK_FORMATS.find("Sarif"), Some(Format::Sarif));
    }

    /// The README's table of formats is each command's list, in its order.
    #[test]
    fn the_readme_lists_each_commands_formats() {
        let readme = include_str!("../../README.md");
        for (command, list) in LISTS {
            let row = readme
                .lines()
                .find(|l| l.starts_with(&format!("| {command} |")))
                .unwrap_or_else(|| panic!("no README row for {command}"));
            let cell = row
                .trim_end_matches(" |")
                .rsplit(" | ")
                .next()
                .unwrap_or("");
            let listed: Vec<&str> = cell
                .split(", ")
                .map(|f| f.split(" (").next().unwrap_or(f))
                .collect();
            assert_eq!(listed, list.names(), "{row}");
        }
    }
}
