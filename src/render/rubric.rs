//! `rubric show`: the framework, section by section, readable in a terminal.

use super::table::{new_table, tone_text};
use crate::rubric::Rubric;
use crate::style::Tone;
use crate::style::{wrap, Style};
use comfy_table::Cell;
use std::fmt::Write;

/// Text from a rubric file, safe for a terminal.
fn t(s: &str) -> String {
    crate::escape::terminal(s).into_owned()
}

pub fn render(rubric: &Rubric, style: &Style) -> String {
    let n = rubric.levels.len();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&wrap(
            &t(&format!("{} {}", rubric.name, rubric.version)),
            style.width,
            "",
            ""
        ))
    );
    let mut meta = vec![format!("id {}", rubric.id)];
    if let Some(s) = &rubric.source {
        meta.push(match rubric.year {
            Some(y) => format!("{s} ({y})"),
            None => s.clone(),
        });
    }
    let _ = writeln!(
        out,
        "{}",
        style.dim(&wrap(&t(&meta.join(" · ")), style.width, "", ""))
    );
    let levels: Vec<String> = rubric
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{} {}", i + 1, style.level(i, n, &t(&l.name))))
        .collect();
    let line = format!(
        "{} sections, {} attributes, {} levels (lowest first): {}",
        rubric.sections.len(),
        rubric.attributes.len(),
        n,
        levels.join(" < ")
    );
    let _ = writeln!(out, "{}", wrap(&line, style.width, "", "  "));
    for section in &rubric.sections {
        let _ = writeln!(out, "\n{}", style.bold(&t(&section.name.to_uppercase())));
        let mut table = new_table(style);
        table.set_header(vec!["Attribute", "Level", "Description"]);
        crate::render::table::keep_header_words(&mut table);
        for (k, a) in rubric.attributes[section.attributes.clone()]
            .iter()
            .enumerate()
        {
            if k > 0 {
                table.add_row(vec!["", "", ""]);
            }
            for (li, d) in a.descriptions.iter().enumerate() {
                let first = if li == 0 {
                    Cell::new(format!("{}\n{}", t(&a.name), t(&a.id)))
                } else if li == 1 && a.note.is_some() {
                    Cell::new(style.dim("see note below"))
                } else {
                    Cell::new("")
                };
                table.add_row(vec![
                    first,
                    Cell::new(tone_text(
                        style,
                        Tone::of(li, n),
                        &t(&rubric.levels[li].name),
                    )),
                    Cell::new(t(d)),
                ]);
            }
        }
        let _ = writeln!(out, "{table}");
        for a in &rubric.attributes[section.attributes.clone()] {
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
