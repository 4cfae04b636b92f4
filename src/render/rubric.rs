//! `rubric show`: the framework, section by section, readable in a terminal.

use super::table::{new_table, tone_text};
use crate::style::{wrap, Style};
use crate::view::rubric::RubricView;
use comfy_table::Cell;
use std::fmt::Write;

/// Text from a rubric file, safe for a terminal.
fn t(s: &str) -> String {
    crate::escape::terminal(s).into_owned()
}

pub fn render(v: &RubricView, style: &Style) -> String {
    let n = v.levels.len();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&wrap(&t(&v.title), style.width, "", ""))
    );
    let _ = writeln!(
        out,
        "{}",
        style.dim(&wrap(&t(&v.meta), style.width, "", ""))
    );
    let levels: Vec<String> = v
        .levels
        .iter()
        .map(|l| format!("{} {}", l.value, style.level(l.index, n, &t(&l.name))))
        .collect();
    let line = format!(
        "{} sections, {} attributes, {} levels (lowest first): {}",
        v.sections.len(),
        v.attributes,
        n,
        levels.join(" < ")
    );
    let _ = writeln!(out, "{}", wrap(&line, style.width, "", "  "));
    for section in &v.sections {
        let _ = writeln!(out, "\n{}", style.bold(&t(&section.name.to_uppercase())));
        let mut table = new_table(style);
        table.set_header(vec!["Attribute", "Level", "Description"]);
        crate::render::table::keep_header_words(&mut table);
        for (k, a) in section.attributes.iter().enumerate() {
            if k > 0 {
                table.add_row(vec!["", "", ""]);
            }
            for (li, (d, level)) in a.descriptions.iter().zip(&v.levels).enumerate() {
                let first = if li == 0 {
                    Cell::new(format!("{}\n{}", t(&a.name), t(&a.id)))
                } else if li == 1 && a.note.is_some() {
                    Cell::new(style.dim("see note below"))
                } else {
                    Cell::new("")
                };
                table.add_row(vec![
                    first,
                    Cell::new(tone_text(style, level.tone, &t(&level.name))),
                    Cell::new(t(d)),
                ]);
            }
        }
        let _ = writeln!(out, "{table}");
        for a in &section.attributes {
            if let Some(note) = &a.note {
                let _ = writeln!(
                    out,
                    "{}",
                    wrap(
                        &t(&format!("Note on {}: {note}", a.name)),
                        style.width,
                        "",
                        "  "
                    )
                );
            }
        }
    }
    out
}
