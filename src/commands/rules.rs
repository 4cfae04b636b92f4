//! `rules [RULE]`: the rules `check` applies, or one explained.

use crate::cli::{RulesArgs, RulesFormat};
use crate::diagnostic::Diagnostic;
use crate::outcome::Outcome;
use crate::output::emit;
use crate::rule::Rule;
use crate::style::Console;
use anyhow::Result;

pub fn run(args: &RulesArgs, console: &Console) -> Result<Outcome> {
    let rule = match &args.rule {
        Some(typed) => Some(find(typed)?),
        None => None,
    };
    let text = match (args.format, rule) {
        (RulesFormat::Human, None) => crate::render::rules::list(&console.stdout),
        (RulesFormat::Human, Some(r)) => crate::render::rules::explain(r, &console.stdout),
        (RulesFormat::Json, r) => crate::render::rules::json(r),
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
