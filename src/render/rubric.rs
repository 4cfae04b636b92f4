//! `rubric show`: the framework, section by section, readable in a terminal.

use super::table::{new_table, tone_color};
use crate::rubric::Rubric;
use crate::style::Tone;
use crate::style::{wrap, Style};
use comfy_table::{Attribute as CellAttr, Cell};
use std::fmt::Write;

pub fn render(rubric: &Rubric, style: &Style) -> String {
    let n = rubric.levels.len();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!("{} {}", rubric.name, rubric.version))
    );
    let mut meta = vec![format!("id {}", rubric.id)];
    if let Some(s) = &rubric.source {
        meta.push(match rubric.year {
            Some(y) => format!("{s} ({y})"),
            None => s.clone(),
        });
    }
    let _ = writeln!(out, "{}", style.dim(&meta.join(" · ")));
    let levels: Vec<String> = rubric
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{} {}", i + 1, style.level(i, n, &l.name)))
        .collect();
    let _ = writeln!(
        out,
        "{} sections, {} attributes, {} levels (lowest first): {}",
        rubric.sections.len(),
        rubric.attributes.len(),
        n,
        levels.join(" < ")
    );
    for section in &rubric.sections {
        let _ = writeln!(out, "\n{}", style.bold(&section.name.to_uppercase()));
        let mut t = new_table(style);
        t.set_header(vec!["Attribute", "Level", "Description"]);
        for (k, a) in rubric.attributes[section.attributes.clone()]
            .iter()
            .enumerate()
        {
            if k > 0 {
                t.add_row(vec!["", "", ""]);
            }
            for (li, d) in a.descriptions.iter().enumerate() {
                let first = if li == 0 {
                    Cell::new(format!("{}\n{}", a.name, a.id))
                } else if li == 1 && a.note.is_some() {
                    Cell::new("see note below").add_attribute(CellAttr::Dim)
                } else {
                    Cell::new("")
                };
                t.add_row(vec![
                    first,
                    Cell::new(&rubric.levels[li].name).fg(tone_color(Tone::of(li, n))),
                    Cell::new(d),
                ]);
            }
        }
        let _ = writeln!(out, "{t}");
        for a in &rubric.attributes[section.attributes.clone()] {
            if let Some(note) = &a.note {
                let _ = writeln!(
                    out,
                    "{}",
                    wrap(
                        &format!("Note on {}: {note}", a.name),
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
