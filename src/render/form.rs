//! The questionnaire for a form builder (`form`): text to copy (one line per option, nothing
//! wrapped, so a line pasted is an option), Markdown, JSON for scripts, CSV for spreadsheets.

use crate::escape::{csv_text, markdown, visible};
use crate::form::{Form, RESPONDENT_FIELDS};
use serde::Serialize;

/// Text to copy into a form builder, question by question.
pub fn text(f: &Form) -> String {
    let r = &f.rubric;
    let mut out = String::new();
    let rule = |out: &mut String, label: &str| {
        let dashes = 72usize.saturating_sub(label.chars().count() + 5).max(3);
        out.push_str(&format!("\n--- {label} {}\n", "-".repeat(dashes)));
    };
    out.push_str(&format!(
        "The persona maturity questionnaire, for Google Forms or Microsoft Forms\n\
         {} {} · {} questions\n\
         \n\
         Copy each part below into the form, line for line:\n\
         - the respondent questions as \"Short answer\" (Google Forms) or \"Text\" (Microsoft Forms),\n\
         \x20 but the role as \"Dropdown\" (Google Forms) or \"Choice\" (Microsoft Forms) with your\n\
         \x20 teams as its options (edit the list below): typed roles (\"Mktg\", \"Marketing Ops\")\n\
         \x20 split one team into several in the report;\n\
         - each numbered question as \"Multiple choice\" (Google Forms) or \"Choice\" (Microsoft\n\
         \x20 Forms): its first line is the title, the paragraph under it the description, and the\n\
         \x20 last {} lines its options, one a line (Google Forms: paste them all into the first\n\
         \x20 option and it makes one option per line). Keep the titles and options as written:\n\
         \x20 `persona-maturity import` recognises them in the responses you download;\n\
         - a section's name as the title of a new section (optional: one page per section).\n\
         Then: persona-maturity import responses.csv --out responses/\n",
        visible(&r.name),
        visible(&r.version),
        f.questions.len(),
        r.levels + 1,
    ));
    rule(&mut out, "Form title");
    out.push_str(&format!("{}\n", f.title));
    rule(&mut out, "Form description");
    out.push_str(&format!("{}\n", visible(&f.intro)));
    rule(&mut out, "Respondent questions (Short answer / Text)");
    for field in RESPONDENT_FIELDS.iter().filter(|f| f.id != "role") {
        out.push_str(&format!("{}\n", field.title));
    }
    rule(&mut out, "Respondent question (Dropdown / Choice)");
    for field in RESPONDENT_FIELDS.iter().filter(|f| f.id == "role") {
        out.push_str(&format!("{}\n\n", field.title));
        for team in crate::form::SUGGESTED_TEAMS {
            out.push_str(&format!("{team}\n"));
        }
    }
    for (s, section) in f.sections.iter().enumerate() {
        rule(
            &mut out,
            &format!("Section {} of {} (optional)", s + 1, f.sections.len()),
        );
        out.push_str(&format!("{}\n", one_line(&section.name)));
        for q in f.section_questions(s) {
            rule(
                &mut out,
                &format!(
                    "Question {} of {} (Multiple choice / Choice)",
                    q.number,
                    f.questions.len()
                ),
            );
            out.push_str(&format!("{}\n\n", one_line(&q.title)));
            out.push_str(&format!("{}\n", visible(&q.description)));
            if let Some(note) = &q.note {
                out.push_str(&format!("Note: {}\n", visible(note)));
            }
            out.push('\n');
            for c in &q.choices {
                out.push_str(&format!("{}\n", one_line(&c.text)));
            }
        }
    }
    out
}

/// Option text on one line (a line break would make two options when pasted).
fn one_line(s: &str) -> String {
    visible(&s.replace(['\n', '\r'], " ")).into_owned()
}

/// The same, as Markdown (for a wiki page or a document to send round).
pub fn markdown_doc(f: &Form) -> String {
    let r = &f.rubric;
    let mut out = format!("# {}\n\n", markdown(&f.title));
    out.push_str(&format!("{}\n\n", markdown(&f.intro)));
    out.push_str(&format!(
        "*Built from the {} {} by `persona-maturity form`. In Google Forms each question is \
         \"Multiple choice\", in Microsoft Forms \"Choice\"; keep the titles and options as \
         written so that `persona-maturity import` recognises them.*\n\n",
        markdown(&r.name),
        markdown(&r.version)
    ));
    out.push_str("## About you\n\n");
    for field in RESPONDENT_FIELDS {
        let kind = if field.id == "role" {
            format!(
                "dropdown of your teams, for example {}",
                crate::form::SUGGESTED_TEAMS.join(", ")
            )
        } else {
            "short answer".to_string()
        };
        out.push_str(&format!(
            "- **{}** ({}): {}\n",
            markdown(field.title),
            markdown(&kind),
            markdown(field.hint)
        ));
    }
    for (s, section) in f.sections.iter().enumerate() {
        out.push_str(&format!("\n## {}\n", markdown(&section.name)));
        for q in f.section_questions(s) {
            out.push_str(&format!("\n### {}\n\n", markdown(&q.title)));
            out.push_str(&format!("{}\n\n", markdown(&q.description)));
            if let Some(note) = &q.note {
                out.push_str(&format!("*Note: {}*\n\n", markdown(note)));
            }
            for c in &q.choices {
                out.push_str(&format!("- {}\n", markdown(&c.text)));
            }
        }
    }
    out
}

#[derive(Serialize)]
struct JsonForm<'a> {
    schema_version: u32,
    rubric: JsonRubric<'a>,
    title: &'a str,
    intro: &'a str,
    respondent_fields: Vec<JsonField>,
    questions: Vec<JsonQuestion<'a>>,
}

#[derive(Serialize)]
struct JsonRubric<'a> {
    id: &'a str,
    version: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct JsonField {
    id: &'static str,
    title: &'static str,
    hint: &'static str,
}

#[derive(Serialize)]
struct JsonQuestion<'a> {
    number: usize,
    attribute: &'a str,
    section: &'a str,
    title: &'a str,
    description: &'a str,
    note: Option<&'a str>,
    options: Vec<JsonOption<'a>>,
}

#[derive(Serialize)]
struct JsonOption<'a> {
    /// The level id; null for "Not sure".
    level: Option<&'a str>,
    text: &'a str,
}

/// JSON for scripts that build a form (e.g. with a form service's API).
pub fn json(f: &Form) -> String {
    let r = &f.rubric;
    let doc = JsonForm {
        schema_version: crate::render::json::SCHEMA_VERSION,
        rubric: JsonRubric {
            id: &r.id,
            version: &r.version,
            name: &r.name,
        },
        title: &f.title,
        intro: &f.intro,
        respondent_fields: RESPONDENT_FIELDS
            .iter()
            .map(|field| JsonField {
                id: field.id,
                title: field.title,
                hint: field.hint,
            })
            .collect(),
        questions: f
            .questions
            .iter()
            .map(|q| JsonQuestion {
                number: q.number,
                attribute: &q.attribute_id,
                section: &q.section_id,
                title: &q.title,
                description: &q.description,
                note: q.note.as_deref(),
                options: q
                    .choices
                    .iter()
                    .map(|c| JsonOption {
                        level: c.level.map(|l| q.levels[l].id.as_str()),
                        text: &c.text,
                    })
                    .collect(),
            })
            .collect(),
    };
    crate::render::json::to_pretty(&doc)
}

/// One row per question (respondent questions first): its type, title, description and options.
pub fn csv(f: &Form) -> String {
    let r = &f.rubric;
    let mut w = csv::Writer::from_writer(Vec::new());
    let options = r.levels + 1;
    let mut header: Vec<String> = [
        "number",
        "type",
        "section",
        "attribute",
        "title",
        "description",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend((1..=options).map(|k| format!("option_{k}")));
    let _ = w.write_record(&header);
    for field in RESPONDENT_FIELDS {
        let mut row = vec![
            String::new(),
            "short answer".to_string(),
            String::new(),
            field.id.to_string(),
            field.title.to_string(),
            field.hint.to_string(),
        ];
        row.resize(header.len(), String::new());
        let _ = w.write_record(&row);
    }
    for q in &f.questions {
        let mut description = q.description.clone();
        if let Some(note) = &q.note {
            description.push_str(&format!("\nNote: {note}"));
        }
        let mut row = vec![
            q.number.to_string(),
            "multiple choice".to_string(),
            csv_text(&q.section_name),
            csv_text(&q.attribute_id),
            csv_text(&q.title),
            csv_text(&description),
        ];
        row.extend(q.choices.iter().map(|c| csv_text(&c.text)));
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
