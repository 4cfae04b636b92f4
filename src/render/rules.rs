//! `rules`: every rule `check` applies with its default severity, or one rule explained (what it
//! checks, why, a program file that fires it, how to fix it, how to waive it).

use super::table::new_table;
use crate::rule::Rule;
use crate::rule_help::{help, help_uri, waive};
use crate::style::{wrap, Style};
use serde::Serialize;
use std::fmt::Write;

pub fn list(style: &Style) -> String {
    let mut table = new_table(style);
    table.set_header(vec!["Rule", "Default", "Fires when"]);
    crate::render::table::keep_header_words(&mut table);
    for r in Rule::ALL {
        table.add_row(vec![r.id(), r.default_severity().as_str(), r.summary()]);
    }
    format!(
        "{table}\n{}\n",
        wrap(
            "Explain one with `persona-maturity rules RULE`. A program's policy.severity changes a \
             default (or turns a rule off); policy.waivers silence a rule until a date.",
            style.width,
            "",
            ""
        )
    )
}

pub fn explain(r: Rule, style: &Style) -> String {
    let h = help(r);
    let w = style.width;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        style.bold(r.id()),
        style.dim(&format!("· {} by default", r.default_severity().as_str()))
    );
    let _ = writeln!(
        out,
        "{}\n",
        wrap(&format!("Fires when {}.", r.summary()), w, "", "")
    );
    let _ = writeln!(out, "{}", style.bold("Why"));
    let _ = writeln!(out, "{}\n", wrap(h.why, w, "  ", "  "));
    let _ = writeln!(out, "{}", style.bold("Example (persona-program.yaml)"));
    for line in h.example.lines() {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out, "\n{}", style.bold("Fix"));
    let _ = writeln!(out, "{}\n", wrap(h.fix, w, "  ", "  "));
    let _ = writeln!(
        out,
        "{}",
        style.bold(if r.waivable() {
            "Waive"
        } else {
            "Cannot be waived"
        })
    );
    for line in waive(r.id()).lines() {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out, "\nMore: {}", help_uri(r.id()));
    out
}

#[derive(Serialize)]
struct JsonRules {
    schema_version: u32,
    rules: Vec<JsonRule>,
}

#[derive(Serialize)]
struct JsonRule {
    id: &'static str,
    /// A readable name, distinct from the id.
    name: &'static str,
    /// Whether a waiver or policy.severity may silence it (`invalid-input` may not).
    waivable: bool,
    default_severity: &'static str,
    summary: &'static str,
    why: &'static str,
    example: &'static str,
    fix: &'static str,
    help_uri: String,
}

/// Every rule, or the one named, with its whole help.
pub fn json(only: Option<Rule>) -> String {
    let rules = Rule::ALL
        .iter()
        .filter(|r| only.is_none_or(|o| o == **r))
        .map(|&r| {
            let h = help(r);
            JsonRule {
                id: r.id(),
                name: r.name(),
                waivable: r.waivable(),
                default_severity: r.default_severity().as_str(),
                summary: r.summary(),
                why: h.why,
                example: h.example,
                fix: h.fix,
                help_uri: help_uri(r.id()),
            }
        })
        .collect();
    let doc = JsonRules {
        schema_version: crate::render::json::SCHEMA_VERSION,
        rules,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
