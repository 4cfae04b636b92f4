//! `rules [RULE]`: the rules `check` applies, or one explained.

use crate::cli::{Format, RulesArgs};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::outcome::Outcome;
use crate::output::emit;
use crate::rule::Rule;
use crate::style::Console;

pub fn run(args: &RulesArgs, console: &Console) -> Result<Outcome> {
    let rule = match &args.rule {
        Some(typed) => Some(find(typed)?),
        None => None,
    };
    let text = match (args.format, rule) {
        (Format::Table, None) => crate::render::rules::list(&console.stdout),
        (Format::Table, Some(r)) => crate::render::rules::explain(r, &console.stdout),
        (Format::Json, r) => crate::render::rules::json(r),
        (other, _) => other.not_offered("rules"),
    };
    emit(&text)?;
    Ok(Outcome::Success)
}

/// The rule a user named, or an error with the closest id.
pub fn find(typed: &str) -> Result<Rule, Diagnostic> {
    Rule::from_id(typed.trim()).ok_or_else(|| {
        Diagnostic::new("rules", format!("unknown rule `{typed}`"))
            .help_opt(crate::suggest::did_you_mean(
                typed,
                Rule::ALL.iter().map(|r| r.id()),
            ))
            .help("list them with `persona-maturity rules`")
    })
}
