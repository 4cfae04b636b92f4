//! `form`: the questionnaire for a form builder, or as one offline page.

use super::load_rubric;
use crate::app::emit;
use crate::cli::{FormArgs, FormFormat};
use crate::form::Form;
use crate::outcome::Outcome;
use crate::render;
use anyhow::Result;
use std::path::Path;

pub fn run(args: &FormArgs, rubric_path: Option<&Path>) -> Result<Outcome> {
    if args.format != FormFormat::Html && (args.organization.is_some() || args.role.is_some()) {
        anyhow::bail!(
            "--organization and --role fill in the page of --format html; the other formats are \
             the questions only"
        );
    }
    let rubric = load_rubric(rubric_path)?;
    let form = Form::new(&rubric);
    let text = match args.format {
        FormFormat::Text => render::form::text(&form),
        FormFormat::Markdown => render::form::markdown_doc(&form),
        FormFormat::Json => render::form::json(&form),
        FormFormat::Csv => render::form::csv(&form),
        FormFormat::Html => render::form_page::page(
            &form,
            &render::form_page::Prefill {
                organization: args.organization.clone(),
                role: args.role.clone(),
            },
        ),
    };
    emit(&text)?;
    Ok(Outcome::Success)
}
