//! `explain ATTRIBUTE [ANSWERS]`: every level of one attribute, where the answers put it, what the
//! next level asks for, and the scoring rule applied to it step by step (layout over
//! [`ExplainView`]).

use super::table::{new_table, tone_text};
use crate::style::{wrap, Style};
use crate::view::explain::{ExplainView, Standing};
use comfy_table::Cell;
use std::fmt::Write;

/// Text from a rubric file, safe for a terminal.
fn t(s: &str) -> String {
    crate::escape::terminal(s).into_owned()
}

pub fn render(v: &ExplainView, style: &Style) -> String {
    let width = style.width;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        style.bold(&t(&v.name)),
        style.dim(&t(&format!("({}) · {}", v.id, v.section)))
    );
    if let Some(q) = &v.question {
        let _ = writeln!(out, "{}", wrap(&t(q), width, "", ""));
    }
    if let Some(line) = &v.stage {
        let _ = writeln!(out, "{}", style.dim(&wrap(&t(line), width, "", "")));
    }
    let mut table = new_table(style);
    table.set_header(vec!["", "Level", "Description"]);
    crate::render::table::keep_header_words(&mut table);
    for l in &v.levels {
        table.add_row(vec![
            Cell::new(l.marker),
            Cell::new(tone_text(
                style,
                l.level.tone,
                &t(&format!("{} {}", l.level.value, l.level.name)),
            )),
            Cell::new(t(&l.description)),
        ]);
    }
    let _ = writeln!(out, "{table}");
    if let Some(note) = &v.note {
        let _ = writeln!(
            out,
            "{}",
            wrap(&t(&format!("Note: {note}")), width, "", "  ")
        );
    }
    if let Some(line) = &v.lowered {
        let _ = writeln!(out, "\n{}", wrap(&t(line), width, "", ""));
    }
    what_next(&mut out, v, style);
    let _ = writeln!(out, "\n{}", style.bold("How it counts"));
    let _ = writeln!(out, "{}", wrap(&v.rule, width, "", ""));
    if let Some(rule) = v.measured {
        let _ = writeln!(out, "\n{}", style.bold("How the evidence is measured"));
        let _ = writeln!(out, "{}", wrap(rule, width, "", ""));
    }
    if let Some(a) = &v.applied {
        let _ = writeln!(out, "\n{}", style.bold("Applied to these answers"));
        let _ = writeln!(out, "{}", wrap(&a.section, width, "  ", "    "));
        if a.marked {
            let _ = writeln!(
                out,
                "{}",
                wrap("[ ] marks this attribute.", width, "  ", "  ")
            );
        }
        let _ = writeln!(out, "{}", wrap(&a.overall, width, "  ", "    "));
    }
    out
}

/// Where the answer stands against the target, and the attribute's tips.
fn what_next(out: &mut String, v: &ExplainView, style: &Style) {
    let width = style.width;
    match &v.standing {
        Standing::Unanswered(said) | Standing::AtTarget(said) => {
            let _ = writeln!(out, "\n{said}");
        }
        Standing::Next {
            heading,
            description,
            in_file,
        } => {
            let _ = writeln!(out, "\n{}", style.bold(heading));
            let _ = writeln!(out, "{}", wrap(&t(description), width, "  ", "  "));
            if let Some(e) = in_file {
                let _ = writeln!(
                    out,
                    "{}",
                    wrap(&t(&format!("In the program file: {e}")), width, "  ", "  ")
                );
            }
        }
        Standing::NoAnswers => {}
    }
    let _ = writeln!(out, "\n{}", style.bold("Tips"));
    for group in &v.tips {
        let indent = match &group.reach {
            None => "",
            Some(level) => {
                let _ = writeln!(out, "To reach {level}:");
                "  "
            }
        };
        for tip in &group.tips {
            let _ = writeln!(
                out,
                "{}",
                wrap(
                    &t(tip),
                    width,
                    &format!("{indent}- "),
                    &format!("{indent}  ")
                )
            );
        }
    }
}
