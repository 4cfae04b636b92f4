//! `form`: the questionnaire for a form builder, or as one offline page.

use super::load_rubric;
use crate::cli::{FormArgs, FormFormat};
use crate::diagnostic::Diagnostic;
use crate::form::Form;
use crate::outcome::Outcome;
use crate::output::emit;
use crate::render;
use crate::source::Date;
use anyhow::Result;
use std::path::Path;

pub fn run(args: &FormArgs, rubric_path: Option<&Path>) -> Result<Outcome> {
    let page_only = [
        ("--organization", args.organization.is_some()),
        ("--role", args.role.is_some()),
        ("--from", args.from.is_some()),
        ("--return-to", args.return_to.is_some()),
        ("--due", args.due.is_some()),
        ("--form-id", args.form_id.is_some()),
    ];
    if args.format != FormFormat::Html {
        if let Some((flag, _)) = page_only.iter().find(|(_, given)| *given) {
            return Err(Diagnostic::new(
                *flag,
                "fills in the page of --format html; the other formats are the questions only",
            )
            .help("add --format html")
            .into());
        }
    }
    let due = match &args.due {
        Some(d) => Some(Date::parse(d).map_err(|e| Diagnostic::new("--due", e))?),
        None => None,
    };
    if let Some(id) = &args.form_id {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
        if !ok {
            return Err(
                Diagnostic::new("--form-id", format!("`{id}` is not a form id"))
                    .help("expected 1 to 64 letters, digits, `-`, `_` or `.`")
                    .into(),
            );
        }
    }
    let rubric = load_rubric(rubric_path)?;
    let form = Form::new(&rubric);
    let text = match args.format {
        FormFormat::Text => render::form::text(&form),
        FormFormat::Markdown => render::form::markdown_doc(&form),
        FormFormat::Json => render::form::json(&form),
        FormFormat::Csv => render::form::csv(&form),
        FormFormat::Html => render::form_page::page(&form, &{
            let mut p = render::form_page::Prefill {
                organization: args.organization.clone(),
                role: args.role.clone(),
                from: args.from.clone(),
                return_to: args.return_to.clone(),
                due,
                form_id: String::new(),
            };
            p.form_id = match &args.form_id {
                Some(id) => id.clone(),
                None => {
                    let stamp = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_nanos())
                        .unwrap_or_default();
                    render::form_page::form_id(
                        &format!("{}@{}", rubric.id, rubric.version),
                        &p,
                        stamp,
                    )
                }
            };
            p
        }),
    };
    emit(&text)?;
    Ok(Outcome::Success)
}
