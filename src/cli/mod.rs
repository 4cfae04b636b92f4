//! Command-line interface: every command and flag, with the help text people read.

mod choices;

pub use choices::*;

use crate::import::collect::Keep;
use crate::import::when::Order as DateOrder;
use crate::plan::Order as PlanOrder;
use crate::schema::SchemaOutput;
use crate::source::Syntax;
use crate::style::ColorChoice;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const MAIN_EXAMPLES: &str = "\
Examples:
  persona-maturity score examples/answers/acme.yaml
  persona-maturity score answers.toml --format json
  persona-maturity explain depth-of-personas answers.yaml
  persona-maturity rubric show";

/// Measure how mature your buyer-persona program is, see what to do next, and keep it from
/// slipping.
///
/// Scores a self-assessment against the Persona Optimization Framework (Cintell & The Marketing
/// Advisory Network, 2016): 4 sections, 17 attributes, 4 levels from Experimenting to Fully
/// Optimized. The framework is built in; --rubric loads a team's own.
#[derive(Debug, Parser)]
#[command(name = "persona-maturity", version, after_help = format!("{MAIN_EXAMPLES}\n\n{}", crate::outcome::exit_codes_help()))]
pub struct Cli {
    /// Use this rubric file (YAML or TOML) instead of the built-in Persona Optimization Framework.
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        env = "PERSONA_MATURITY_RUBRIC"
    )]
    pub rubric: Option<PathBuf>,

    /// When to colour output: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long, global = true, value_parser = COLOR_CHOICES, default_value = "auto", value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score answers files (one, or several combined) and show next steps and what moved.
    #[command(after_help = format!("\
Examples:
  persona-maturity score examples/answers/acme.yaml
  persona-maturity score answers.toml --format json
  persona-maturity score answers.yaml --target advancing --top 10
  persona-maturity score q4.yaml --baseline q2.yaml             # what moved since last time
  persona-maturity score marketing.yaml sales.yaml product.yaml # several respondents, combined
  persona-maturity score responses/ --format html > report.html # a folder, as one HTML page
  persona-maturity score responses.csv                          # a form export, one row each
  cat answers.yaml | persona-maturity score - --input-format yaml

{}", crate::outcome::exit_codes_help()))]
    Score(ScoreArgs),

    /// Answer the questionnaire in the terminal; every answer is saved as you go.
    #[command(after_help = format!("\
Examples:
  persona-maturity assess                                  # writes persona-assessment.yaml here
  persona-maturity assess --out q4.yaml --respondent \"Sam Lee\" --role sales
  persona-maturity assess --out q4-sales.yaml              # the file exists: resume or start over
  persona-maturity assess --notes                          # an optional note after each answer
  printf '3\\n2\\ns\\n' | persona-maturity assess --out a.yaml   # one answer a line

Keys (in the terminal one key each; without a terminal one a line):
  1-4        choose that level at once (↑↓ and Enter work too)
  s          not sure: leave it unanswered for now
  b          back to the previous question
  r          review every answer and change any of them
  q, Esc     save and quit; run the same command to carry on
  ?          help for this question
  Ctrl-Z     suspend (the shell's fg carries on)
  Ctrl-C     stop (answers given so far are saved, a note being typed too), exit 130
After the last question, the review list: change any answer (and come back to the list), carry
on where you left the questions for it (c), answer the not-sure ones (n), or finish (f) and see
the summary. A paste lands whole in a note or a name (a note keeps its line breaks); anywhere
else it is ignored, never read as keys.

Without a terminal, an existing file needs --resume or --start-over; input that ends before every
question is reached saves what was answered and exits 3 (nothing answered: no file written).

{}", crate::outcome::exit_codes_help()))]
    Assess(AssessArgs),

    /// Check a persona program file in CI: policy, persona lint, and claims against evidence.
    #[command(after_help = format!("\
Examples:
  persona-maturity check persona-program.yaml
  persona-maturity check persona-program.yaml --format github        # annotations in GitHub Actions
  persona-maturity check persona-program.yaml --format markdown >> \"$GITHUB_STEP_SUMMARY\"
  persona-maturity check persona-program.yaml --format junit > persona-check.xml
  persona-maturity check persona-program.yaml --output sarif=persona.sarif --output junit=persona-check.xml
                                               # the report on the terminal, and files for CI
  persona-maturity check persona-program.yaml --baseline base.yaml   # fail on any regression
  persona-maturity check persona-program.yaml --today 2026-11-22 --fail-on warning

Rules (default severity): {}

{}", crate::rule::Rule::ALL.iter().map(|r| format!("{} ({})", r.id(), r.default_severity().as_str())).collect::<Vec<_>>().join(", "), crate::outcome::exit_codes_help()))]
    Check(CheckArgs),

    /// Print the questionnaire for a form builder (Google Forms, Microsoft Forms), or as one page.
    #[command(after_help = "\
Examples:
  persona-maturity form                        # text to copy into the form, question by question
  persona-maturity form --format markdown > questionnaire.md
  persona-maturity form --format json          # for a script that builds the form
  persona-maturity --rubric my-rubric.yaml form
  persona-maturity form --format html --organization Acme --out persona-questionnaire.html
                                               # one page to email: filled in offline, sent back

Then collect the responses, download them (Google Forms: Responses › Download responses (.csv);
Microsoft Forms: Responses › Open results in Excel) and run:
  persona-maturity import responses.csv --out responses/
  persona-maturity score responses/")]
    Form(FormArgs),

    /// Turn a form export (CSV, or Excel .xlsx) into one answers file per response.
    #[command(after_help = format!("\
Examples:
  persona-maturity import responses.csv --out responses/
  persona-maturity import \"Persona maturity(1-12).xlsx\" --out responses/
  persona-maturity import responses.csv --print-map > map.yaml   # what each column was read as
  persona-maturity import responses.csv --map map.yaml --out responses/
  persona-maturity score responses.csv          # or score the export directly, without files

Columns are matched by their header, in any order: a header naming an attribute (as `form`
prints it, or containing its name) holds its answers; the name, email, role, organization and
timestamp come from columns whose whole header says so (`form`'s titles, the service's own
Timestamp and Email address, or a plain label such as Name, Team or Company), never from one
that only mentions it (\"Company size\"); the rest are listed and left out. A cell is a level
only when it is an option `form` printed, a level number alone (1-4), a level name alone, a
number with that level's name (\"2 · Emerging\"), or a name followed by \" — \", \" - \" or
\": \" and words about it; any other text (\"Emerging I think\", \"Advancing?\", 3.7) is named
by row as not a level. \"Not sure\", \"n/a\" and empty cells are unanswered. Of one person's
submissions the latest by its timestamp counts, compared in UTC where the timestamp names its
offset (\"2:40 AM GMT+2\" is before \"2:10 AM GMT+1\").

{}", crate::outcome::exit_codes_help()))]
    Import(ImportArgs),

    /// Show progress over time: every committed version of an assessment, scored, from git.
    #[command(after_help = format!("\
Examples:
  persona-maturity history answers.yaml                 # every version, oldest first
  persona-maturity history persona-program.yaml --by quarter
  persona-maturity history responses/ --since 2026-01-01   # a folder of respondents, combined
  persona-maturity history answers.yaml --format html > progress.html   # with a line chart

A version's date is the file's own `date:` (it survives rebases and squashes), else the commit's.
Uncommitted changes add a last point, the working copy. Needs git on PATH.

{}", crate::outcome::exit_codes_help()))]
    History(HistoryArgs),

    /// Turn the gap to a target level into a dated quarter-by-quarter roadmap.
    #[command(after_help = format!("\
Examples:
  persona-maturity plan answers.yaml                          # to the top level, 3 steps a quarter
  persona-maturity plan answers.yaml --target advancing --per-quarter 2
  persona-maturity plan responses/ --format markdown > roadmap.md
  persona-maturity plan answers.yaml --format csv > roadmap.csv   # for Jira, Asana, a spreadsheet
  persona-maturity plan persona-program.yaml --format targets  # paste under policy: (check enforces it)

Each attribute moves one level at a time, at most N steps a quarter, never two steps of one
attribute in a quarter: the largest remaining gap first, then the foundation sections first.

{}", crate::outcome::exit_codes_help()))]
    Plan(PlanArgs),

    /// Measure the evidence from the systems of record: Database Completeness from a CRM's
    /// contacts export, Qualitative Interviews from an interview log.
    #[command(subcommand)]
    Evidence(EvidenceCommand),

    /// Print a commented persona program template that passes `check` as written.
    #[command(after_help = "\
Examples:
  persona-maturity init > persona-program.yaml
  persona-maturity init --format toml > persona-program.toml
  persona-maturity --rubric my-rubric.yaml init > persona-program.yaml   # with your rubric's ids")]
    Init {
        /// Template syntax.
        #[arg(long, short, value_parser = SYNTAXES, default_value = "yaml")]
        format: Syntax,
    },

    /// Print the JSON Schema of answers and program files (for editors), or of a JSON output.
    #[command(after_help = "\
Examples:
  persona-maturity schema > persona-program.schema.json
  # then, first line of persona-program.yaml (YAML language server):
  # yaml-language-server: $schema=./persona-program.schema.json
  persona-maturity schema --output check > check-report.schema.json   # for a consumer of check's JSON")]
    Schema {
        /// The JSON output to describe instead of the input file: `score`, `check`, `history`,
        /// `plan`, `evidence-crm` or `evidence-interviews` (each with --format json)
        #[arg(long, value_parser = SCHEMA_OUTPUTS, value_name = "COMMAND")]
        output: Option<SchemaOutput>,
    },

    /// Show or validate a rubric.
    #[command(subcommand)]
    Rubric(RubricCommand),

    /// Explain one attribute: all its levels, where your answers put it, what next, how it counts.
    #[command(after_help = "\
Examples:
  persona-maturity explain depth-of-personas
  persona-maturity explain depth-of-personas examples/answers/acme.yaml
  cat answers.yaml | persona-maturity explain training - --input-format yaml")]
    Explain(ExplainArgs),

    /// List the rules `check` applies, or explain one (why, an example, the fix).
    #[command(after_help = "\
Examples:
  persona-maturity rules                       # every rule with its default severity
  persona-maturity rules evidence-overclaim    # one rule: why, an example, how to fix or waive
  persona-maturity rules --format json         # for scripts")]
    Rules(RulesArgs),

    /// Print shell completions.
    #[command(after_help = "\
Examples:
  persona-maturity completions bash > ~/.local/share/bash-completion/completions/persona-maturity
  persona-maturity completions zsh > ~/.zfunc/_persona-maturity")]
    Completions {
        /// The shell to print completions for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print a manual page (roff): the tool's, or a command's; --all writes every page.
    #[command(after_help = "\
Examples:
  persona-maturity man > persona-maturity.1 && man ./persona-maturity.1
  persona-maturity man check > persona-maturity-check.1
  persona-maturity man rubric show
  persona-maturity man --all /usr/local/share/man/man1    # for packagers: every page")]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (e.g. `check`, `rubric show`); none: the tool's page.
    #[arg(value_name = "COMMAND", conflicts_with = "all", value_parser = Known(&COMMAND_NAMES), hide_possible_values = true)]
    pub command: Vec<String>,

    /// Write every page (the tool's and each command's) into this folder.
    #[arg(long, value_name = "DIR")]
    pub all: Option<PathBuf>,
}

/// The built-in rubric's level ids, offered by shell completion for `--target` (any level of a
/// custom rubric is accepted too; a test keeps these equal to the built-in rubric's).
pub const LEVEL_IDS: [&str; 4] = ["experimenting", "emerging", "advancing", "fully-optimized"];

/// The built-in rubric's attribute ids, offered by completion for `explain`.
pub const ATTRIBUTE_IDS: [&str; 17] = [
    "internal-persona-ownership",
    "sharing-personas",
    "budget-allocation",
    "training",
    "executive-sponsorship",
    "qualitative-interviews",
    "quantitative-survey",
    "data-analysis",
    "industry-research",
    "number-of-personas",
    "depth-of-personas",
    "organizational-use",
    "database-segmentation",
    "database-completeness",
    "frequency-of-updates",
    "accessibility-and-storage",
    "use-of-data-to-refine",
];

/// Command names (and `rubric`'s), offered by completion for `man`.
pub const COMMAND_NAMES: [&str; 20] = [
    "score",
    "assess",
    "check",
    "form",
    "import",
    "history",
    "plan",
    "evidence",
    "crm",
    "interviews",
    "init",
    "schema",
    "rubric",
    "show",
    "validate",
    "explain",
    "rules",
    "completions",
    "man",
    "help",
];

/// Any text, with known values for shell completion: the command decides what is valid (a
/// custom rubric's level, with "did you mean"), completion offers the usual ones.
#[derive(Clone, Copy)]
pub struct Known(pub &'static [&'static str]);

impl clap::builder::TypedValueParser for Known {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            self.0.iter().map(|v| clap::builder::PossibleValue::new(*v)),
        ))
    }
}

/// One `--output FORMAT=FILE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpec {
    pub format: Format,
    pub path: PathBuf,
}

fn parse_output(s: &str) -> Result<OutputSpec, String> {
    let names = CHECK_FORMATS.names();
    let Some((format, path)) = s.split_once('=') else {
        return Err(format!(
            "expected FORMAT=FILE, e.g. junit=persona-check.xml (formats: {})",
            names.join(", ")
        ));
    };
    let format = CHECK_FORMATS.find(format.trim()).ok_or_else(|| {
        let hint = crate::suggest::did_you_mean(format, names.iter().copied())
            .map(|d| format!("; {d}"))
            .unwrap_or_default();
        format!(
            "unknown format `{format}` (formats: {}){hint}",
            names.join(", ")
        )
    })?;
    if path.is_empty() || path == "-" {
        return Err("expected a file name after `=` (standard output is for --format)".to_string());
    }
    Ok(OutputSpec {
        format,
        path: PathBuf::from(path),
    })
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Answers files (.yaml, .yml or .toml) or folders of them (searched recursively), form
    /// exports (.csv, .xlsx: one respondent per row), or - for standard input. Several files, a
    /// folder or an export are combined.
    #[arg(value_name = "FILE|FOLDER", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short, value_parser = SCORE_FORMATS, default_value = "table")]
    pub format: Format,

    /// The level next steps aim for (id or name, e.g. advancing); default: the top level.
    #[arg(long, value_name = "LEVEL", value_parser = Known(&LEVEL_IDS), hide_possible_values = true)]
    pub target: Option<String>,

    /// How many next steps the table shows (other formats list all).
    #[arg(long, value_name = "N", default_value_t = crate::view::DEFAULT_TOP)]
    pub top: usize,

    /// Syntax of the answers when it cannot be told from the file name (standard input, a pipe);
    /// also used for a --baseline whose name does not tell
    #[arg(long, value_parser = SYNTAXES, value_name = "SYNTAX")]
    pub input_format: Option<Syntax>,

    /// Compare with an earlier assessment (a file, or a folder combined the same way).
    #[arg(long, value_name = "FILE|FOLDER")]
    pub baseline: Option<PathBuf>,

    /// When combining, leave out files (and export rows) that cannot be read and still exit 0
    /// (they are listed on standard error either way).
    #[arg(long)]
    pub skip_invalid: bool,

    /// When combining: how many people were asked to answer; the report gives the response
    /// rate (respondents of invited).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub invited: Option<u64>,

    /// For form exports: a map file saying what columns and cell texts mean (see `import`).
    #[arg(long, value_name = "MAP")]
    pub map: Option<PathBuf>,

    /// When one person answered more than once, in any of the inputs (same email; or, without
    /// one, the same name, role and organization): count the latest submission (by its
    /// timestamp or date), the first, or all of them.
    #[arg(long, value_parser = KEEP_CHOICES, default_value = "latest", value_name = "WHICH")]
    pub keep: Keep,

    #[command(flatten)]
    pub form: FormReading,

    /// Count a role as a team: `--role-alias SDR=sales` (repeatable), for roles typed freely
    /// ("Mktg", "Marketing Ops", "SDR"). Roles that differ only in case, a filler word, a plural,
    /// a common abbreviation or one letter are one team without it.
    #[arg(long = "role-alias", value_name = "ROLE=TEAM")]
    pub role_alias: Vec<String>,

    /// For form exports: a free-text column (its header) to show in the report as a comment
    /// (repeatable). Columns headed like "Any comments?" and per-question comment columns are
    /// read without it.
    #[arg(long = "comments", value_name = "COLUMN")]
    pub comments: Vec<String>,

    /// For a program file: the day its facts are weighed on (YYYY-MM-DD; default: the system
    /// date), as `check --today`.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

#[derive(Debug, Args)]
pub struct FormArgs {
    /// Output format.
    #[arg(long, short, value_parser = FORM_FORMATS, default_value = "table")]
    pub format: Format,

    /// With --format html: the organization, filled in on the page.
    #[arg(long, value_name = "NAME")]
    pub organization: Option<String>,

    /// With --format html: the role or team, filled in on the page (e.g. one page per team).
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,

    /// With --format html: who asks, shown at the top (e.g. "Ana, Marketing Ops").
    #[arg(long, value_name = "NAME")]
    pub from: Option<String>,

    /// With --format html: the one email address to send answers to; the page's Email button
    /// writes to it.
    #[arg(long, value_name = "EMAIL")]
    pub return_to: Option<String>,

    /// With --format html: the date answers are due (YYYY-MM-DD, today or later), shown at the
    /// top.
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,

    /// With --format html: the page's identity, under which a browser keeps its answers (letters,
    /// digits, `-`, `_`, `.`); default: new for every page generated. Give the same id to a
    /// corrected page to keep the answers already given on the old one.
    #[arg(long, value_name = "ID")]
    pub form_id: Option<String>,

    /// Write to FILE instead of standard output: whole or not at all (a refused option or a
    /// failed write leaves an existing FILE as it was, and never an empty one).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The export: a CSV file (Google Forms "Download responses (.csv)", or any CSV with one row
    /// per respondent) or an Excel workbook (.xlsx, Microsoft Forms "Open results in Excel").
    #[arg(value_name = "EXPORT")]
    pub export: PathBuf,

    /// The folder to write one answers file per response into (created if missing).
    #[arg(long, short, value_name = "DIR", required_unless_present = "print_map")]
    pub out: Option<PathBuf>,

    /// Syntax of the answers files written.
    #[arg(long, short, value_parser = SYNTAXES, default_value = "yaml", value_name = "SYNTAX")]
    pub format: Syntax,

    /// A map file (YAML or TOML) saying what columns and cell texts mean, for a form worded
    /// differently; start from --print-map.
    #[arg(long, value_name = "MAP")]
    pub map: Option<PathBuf>,

    /// Print the map inferred from the export (every column, and the cell texts that are not
    /// levels) instead of writing files.
    #[arg(long)]
    pub print_map: bool,

    /// Replace answers files already in the folder.
    #[arg(long)]
    pub force: bool,

    /// Leave out rows with cells that are not levels and still exit 0 (they are listed on
    /// standard error either way).
    #[arg(long)]
    pub skip_invalid: bool,

    /// A free-text column (its header) to keep as a comment in every answers file written
    /// (repeatable). A column whose header names an attribute and says "comment" or "note" is
    /// that attribute's note without asking.
    #[arg(long = "comments", value_name = "COLUMN")]
    pub comments: Vec<String>,

    /// The organization for responses that do not name one.
    #[arg(long, value_name = "NAME")]
    pub organization: Option<String>,

    /// When one person submitted more than once (same email; or, without one, the same name,
    /// role and organization): count the latest submission (by its timestamp), the first, or
    /// all of them.
    #[arg(long, value_parser = KEEP_CHOICES, default_value = "latest", value_name = "WHICH")]
    pub keep: Keep,

    #[command(flatten)]
    pub form: FormReading,
}

/// How a form export is read, for every command that reads one (`score`, `import`, `plan`).
#[derive(Debug, Args)]
pub struct FormReading {
    /// For form exports: how a date written 03/11/2026 reads (3 November: day-first; 11 March:
    /// month-first); default: decided from the whole column, said when it cannot be.
    #[arg(long, value_parser = DATE_ORDERS, value_name = "ORDER")]
    pub dates: Option<DateOrder>,

    /// Read a form export even when an attribute of the questionnaire has no column (every
    /// respondent then leaves it unanswered); without it, that is an error naming the closest
    /// header.
    #[arg(long)]
    pub allow_missing: bool,
}

/// How `history --by` thins the versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Period {
    /// The last version of each quarter.
    Quarter,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// An answers file, a program file or a folder of respondents, inside a git repository.
    #[arg(value_name = "FILE|FOLDER")]
    pub path: PathBuf,

    /// Output format.
    #[arg(long, short, value_parser = HISTORY_FORMATS, default_value = "table")]
    pub format: Format,

    /// Keep one version per period: the last of each.
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub by: Option<Period>,

    /// Leave out versions dated before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Leave out versions that cannot be read and still exit 0 (they are listed on standard
    /// error either way).
    #[arg(long)]
    pub skip_invalid: bool,

    /// Hold the history against a plan: the JSON of `plan --format json`, or a program file
    /// (its policy's targets). Each step is judged at its due date and today: done, late,
    /// slipped (reached, then lost), missed or pending.
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<PathBuf>,

    /// Read the history as it stood on this day (YYYY-MM-DD): versions after it are left out
    /// and the plan is judged on it, to reproduce a past review; default: the system date.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The current answers: an answers or program file, a folder of them, or a form export
    /// (several are combined, as `score` does).
    #[arg(value_name = "FILE|FOLDER", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short, value_parser = PLAN_FORMATS, default_value = "table")]
    pub format: Format,

    /// The level to plan toward: one for every attribute (`--target advancing`), or one
    /// attribute's (`--target training=fully-optimized`, repeatable); default: the top level.
    #[arg(long, value_name = "[ATTRIBUTE=]LEVEL", value_parser = Known(&LEVEL_IDS), hide_possible_values = true)]
    pub target: Vec<String>,

    /// Who takes an attribute's steps: `--owner training=ana@acme.example` (repeatable). A
    /// program file's targets may name owners too; this wins. Carried into `--format targets`,
    /// and named by `check` when a step is overdue.
    #[arg(long, value_name = "ATTRIBUTE=NAME")]
    pub owner: Vec<String>,

    /// The order steps are taken in: what the work depends on, largest gap first, quick wins
    /// (smallest gap) first, or rubric order. Whichever, no step is planned before the steps it
    /// rests on (a step to a level waits for every attribute of an earlier stage to reach it).
    #[arg(long, value_parser = PLAN_ORDERS, default_value = "stages", value_name = "ORDER")]
    pub order: PlanOrder,

    /// Most steps in one quarter.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
    pub per_quarter: u16,

    /// The plan's first day (YYYY-MM-DD); it starts in that day's quarter. Default: the first day
    /// of the next quarter.
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,

    /// Syntax of the answers when it cannot be told from the file name (standard input, a pipe).
    #[arg(long, value_parser = SYNTAXES, value_name = "SYNTAX")]
    pub input_format: Option<Syntax>,

    /// When combining, leave out files that cannot be read and still exit 0.
    #[arg(long)]
    pub skip_invalid: bool,

    /// For form exports: a map file saying what columns and cell texts mean (see `import`).
    #[arg(long, value_name = "MAP")]
    pub map: Option<PathBuf>,

    /// When one person submitted more than once (same email; or, without one, the same name,
    /// role and organization): count the latest submission (by its timestamp), the first, or
    /// all of them.
    #[arg(long, value_parser = KEEP_CHOICES, default_value = "latest", value_name = "WHICH")]
    pub keep: Keep,

    #[command(flatten)]
    pub form: FormReading,

    /// For a program file: the day its facts are weighed on (YYYY-MM-DD; default: the system
    /// date), as `check --today`.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The answers file to write (.yaml, .yml or .toml); resumed when it exists.
    #[arg(
        long,
        short,
        value_name = "FILE",
        default_value = "persona-assessment.yaml"
    )]
    pub out: PathBuf,

    /// Your name, saved in the file.
    #[arg(long, value_name = "NAME")]
    pub respondent: Option<String>,

    /// Your role or team (e.g. marketing, sales, product), saved in the file.
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,

    /// The organization assessed, saved in the file.
    #[arg(long, value_name = "NAME")]
    pub organization: Option<String>,

    /// Ask for an optional one-line note after each answer (and after "not sure": "ask finance").
    #[arg(long)]
    pub notes: bool,

    /// When the file exists, resume without asking (every question reached: the review list, or
    /// without a terminal the not-sure and unanswered questions).
    #[arg(long, conflicts_with = "start_over")]
    pub resume: bool,

    /// When the file exists, start over without asking: its answers are cleared (name, role and
    /// organization stay) after a copy of the file is kept beside it (FILE.bak).
    #[arg(long)]
    pub start_over: bool,

    /// At the end, also print the full report (as `score` prints it) before the summary.
    #[arg(long)]
    pub report: bool,

    /// The level the full report's next steps aim for (with --report); default: the top level.
    #[arg(long, value_name = "LEVEL", value_parser = Known(&LEVEL_IDS), hide_possible_values = true)]
    pub target: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Persona program files (.yaml, .yml or .toml), or - for standard input; none: the
    /// persona-program.yaml (.yml, .toml) in this folder or the nearest one above it, up to the
    /// repository's root. Several files are checked in one run: every report covers each of
    /// them, and the exit code is the worst.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The name reports give standard input (`check - --stdin-filename persona-program.yaml`),
    /// so annotations point at the real file; its extension also tells the syntax.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Output format.
    #[arg(long, short, value_parser = CHECK_FORMATS, default_value = "table")]
    pub format: Format,

    /// Also write the report in FORMAT to FILE (repeatable): one run gives the terminal its
    /// report and CI its files, e.g. --output junit=persona-check.xml --output sarif=persona.sarif
    #[arg(long, value_name = "FORMAT=FILE", value_parser = parse_output)]
    pub output: Vec<OutputSpec>,

    /// A previous version of the file (e.g. from the main branch): any attribute that went down,
    /// or a lower overall score, is a `regression`.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Today's date for date-based rules (YYYY-MM-DD); default: the system date.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,

    /// The lowest severity that fails the check.
    #[arg(long, value_enum, default_value = "error", value_name = "SEVERITY")]
    pub fail_on: FailOn,

    /// Always exit 0 unless the input is bad (report only).
    #[arg(long)]
    pub no_fail: bool,

    /// The level next steps aim for; default: the top level.
    #[arg(long, value_name = "LEVEL", value_parser = Known(&LEVEL_IDS), hide_possible_values = true)]
    pub target: Option<String>,

    /// Syntax when it cannot be told from the file name (standard input, a pipe); also used for a
    /// --baseline whose name does not tell
    #[arg(long, value_parser = SYNTAXES, value_name = "SYNTAX")]
    pub input_format: Option<Syntax>,

    /// Measure Frequency of Updates from the program file's git history: how often each buyer
    /// persona's last_updated moved in its committed versions (without it, one date can only
    /// cap a claim). In CI, fetch the whole history (actions/checkout: fetch-depth: 0).
    #[arg(long)]
    pub history: bool,

    /// Set each answer above its evidence to the level the file's facts support, in place
    /// (comments and layout kept); print what changed, then check what is left.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Show what --fix would change, as a unified diff, without writing; exit 1 when it would
    /// change something.
    #[arg(long)]
    pub diff: bool,

    /// Human output: one line per finding (FILE:LINE: severity rule: message) and the verdict,
    /// without the scorecard and evidence tables.
    #[arg(long)]
    pub concise: bool,

    /// Human output: only the findings that fail the check, one line each; nothing when it
    /// passes.
    #[arg(long, short, conflicts_with = "concise")]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Measure Database Completeness from a CRM's contacts export: how many customer and
    /// prospect records carry a persona, and the level that gives.
    #[command(after_help = format!("\
Examples:
  persona-maturity evidence crm hubspot-contacts.csv              # a HubSpot export, as downloaded
  persona-maturity evidence crm contacts.xlsx --program persona-program.yaml
                                      # persona values against the program's personas
  persona-maturity evidence crm contacts.csv --update persona-program.yaml
                                      # write the figures into the program's database:
  persona-maturity evidence crm report.csv --persona-column \"Buyer Persona\" \\
      --stage-column Type --customer-values \"Customer - Direct,Customer - Channel\"
  persona-maturity evidence crm contacts.csv --format csv | tail -1 >> completeness.csv
                                      # one row a month in a tracking sheet

HubSpot exports are recognised by their header (Record ID, Lifecycle Stage): customers are the
stages Customer and Evangelist, every other stage is a prospect. Salesforce reports by their Type
column: customers are Customer - Direct and Customer - Channel. Empty, blank and placeholder
persona cells (-, none, n/a, unknown, null) are unmapped. Only counts and the persona and stage
values are reported: no name, email or other cell of a contact, in any output or message.

{}", crate::outcome::exit_codes_help()))]
    Crm(CrmArgs),

    /// Measure Qualitative Interviews from an interview log (date, kind, persona, notes).
    #[command(after_help = format!("\
Examples:
  persona-maturity evidence interviews research/interviews.csv
  persona-maturity evidence interviews research/interviews.yaml --today 2026-11-22 --format json

The log is a table (CSV or .xlsx) with the columns date and kind (persona and notes optional; notes
are never read), or YAML: interviews: [{{ date, kind, persona, notes }}]. Kinds: customer,
prospect, non-customer, lost-deal, churned, partner, internal. The counting rule (the 12 months
to today in four 3-month periods): persona-maturity explain qualitative-interviews.

{}", crate::outcome::exit_codes_help()))]
    Interviews(InterviewsArgs),
}

#[derive(Debug, Args)]
pub struct CrmArgs {
    /// The contacts export: CSV (any separator; UTF-8, or UTF-16 with a byte-order mark) or an
    /// Excel workbook (.xlsx).
    #[arg(value_name = "EXPORT")]
    pub export: PathBuf,

    /// Output format.
    #[arg(long, short, value_parser = EVIDENCE_FORMATS, default_value = "table")]
    pub format: Format,

    /// The column holding each contact's persona (its header); default: `Persona`.
    #[arg(long, value_name = "COLUMN")]
    pub persona_column: Option<String>,

    /// The column telling customers from prospects (its header); default: HubSpot's `Lifecycle
    /// Stage`, Salesforce's `Type`. Another column holding none of the default customer values
    /// needs --customer-values.
    #[arg(long, value_name = "COLUMN")]
    pub stage_column: Option<String>,

    /// The stage values that are customers, comma-separated (every other value is a prospect);
    /// default: HubSpot's Customer,Evangelist or Salesforce's Customer - Direct,Customer - Channel.
    /// A value no record has is an error when it is close to one the export has (a typo). An
    /// empty value is an error: a record with no stage is always a prospect.
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub customer_values: Option<Vec<String>>,

    /// Stage values counted as neither customers nor prospects (partners, employees),
    /// comma-separated. A value no record has is an error when it is close to one the export has
    /// (a typo); an empty one, or one also in --customer-values, is an error. A default customer
    /// value named here is left out.
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub exclude_values: Vec<String>,

    /// A program file: its personas are matched to the export's persona values (by a persona's
    /// crm_values, else its name or id, ignoring case and spacing).
    #[arg(long, value_name = "FILE")]
    pub program: Option<PathBuf>,

    /// Write the figures (record counts, measured_on, the kind of export) into this program
    /// file's database:, in place with its comments kept; also matches its personas.
    #[arg(long, value_name = "FILE")]
    pub update: Option<PathBuf>,

    /// The day the export was made (YYYY-MM-DD), written as measured_on; default: today.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

#[derive(Debug, Args)]
pub struct InterviewsArgs {
    /// The interview log: .csv, .xlsx, .yaml or .yml.
    #[arg(value_name = "LOG")]
    pub log: PathBuf,

    /// Output format.
    #[arg(long, short, value_parser = EVIDENCE_FORMATS, default_value = "table")]
    pub format: Format,

    /// Today's date, the end of the 12-month window (YYYY-MM-DD); default: the system date.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// Print the rubric: every section, attribute and level description.
    #[command(after_help = "\
Examples:
  persona-maturity rubric show
  persona-maturity rubric show --format yaml > my-rubric.yaml   # a starting point for your own
  persona-maturity --rubric my-rubric.yaml rubric show")]
    Show {
        /// Output format.
        #[arg(long, short, value_parser = RUBRIC_FORMATS, default_value = "table")]
        format: Format,
    },
    /// Check a rubric file for errors (exit 2) and warnings.
    #[command(after_help = "\
Examples:
  persona-maturity rubric validate my-rubric.yaml
  persona-maturity rubric validate                # the built-in rubric (or --rubric FILE)
  persona-maturity rubric validate my-rubric.yaml --strict")]
    Validate {
        /// The rubric file; default: --rubric FILE, or the built-in rubric.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Treat warnings as failures (exit 1).
        #[arg(long)]
        strict: bool,
    },
}

/// The lowest severity that fails `check` (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any finding fails.
    Info,
    /// Warnings and errors fail.
    Warning,
    /// Only errors fail.
    Error,
}

impl From<FailOn> for crate::rule::Severity {
    fn from(f: FailOn) -> Self {
        match f {
            FailOn::Info => crate::rule::Severity::Info,
            FailOn::Warning => crate::rule::Severity::Warning,
            FailOn::Error => crate::rule::Severity::Error,
        }
    }
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// The rule to explain, e.g. evidence-overclaim; none: list them all.
    #[arg(value_name = "RULE", value_parser = Known(crate::rule::Rule::IDS), hide_possible_values = true)]
    pub rule: Option<String>,

    /// Output format.
    #[arg(long, short, value_parser = RULES_FORMATS, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The attribute id, e.g. depth-of-personas.
    #[arg(value_name = "ATTRIBUTE", value_parser = Known(&ATTRIBUTE_IDS), hide_possible_values = true)]
    pub attribute: String,

    /// An answers file, to show where it stands and how its scores are computed; - reads
    /// standard input.
    #[arg(value_name = "ANSWERS")]
    pub answers: Option<PathBuf>,

    /// Syntax of the answers when it cannot be told from the file name (standard input, a pipe).
    #[arg(long, value_parser = SYNTAXES, value_name = "SYNTAX")]
    pub input_format: Option<Syntax>,

    /// The level "what next" aims for; default: the top level.
    #[arg(long, value_name = "LEVEL", value_parser = Known(&LEVEL_IDS), hide_possible_values = true)]
    pub target: Option<String>,

    /// For a program file: the day its facts are weighed on (YYYY-MM-DD; default: the system
    /// date), as `check --today`.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

#[cfg(test)]
mod known_values {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_completion_lists_match_the_rubric_the_rules_and_the_commands() {
        let rubric = crate::rubric::Rubric::builtin();
        let levels: Vec<&str> = rubric.levels.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(levels, LEVEL_IDS);
        let attributes: Vec<&str> = rubric.attributes.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(attributes, ATTRIBUTE_IDS);
        let rules: Vec<&str> = crate::rule::Rule::ALL.iter().map(|r| r.id()).collect();
        assert_eq!(rules, crate::rule::Rule::IDS);
        let mut cmd = Cli::command();
        cmd.build();
        let mut names: Vec<String> = Vec::new();
        for sub in cmd.get_subcommands() {
            names.push(sub.get_name().to_string());
            if sub.get_name() == "rubric" || sub.get_name() == "evidence" {
                names.extend(
                    sub.get_subcommands()
                        .map(|s| s.get_name().to_string())
                        .filter(|n| n != "help"),
                );
            }
        }
        let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut known = COMMAND_NAMES.to_vec();
        names.sort();
        known.sort();
        assert_eq!(names, known);
    }
}
