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
        Some(d) => Some(due_date(d, Date::today())?),
        None => None,
    };
    for (flag, value) in [
        ("--organization", &args.organization),
        ("--role", &args.role),
        ("--from", &args.from),
    ] {
        if let Some(v) = value {
            check_label(flag, v)?;
        }
    }
    if let Some(to) = &args.return_to {
        check_address(to)?;
    }
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

/// `--due`: a date, today or later (a page that says it was due last month confuses everyone).
fn due_date(typed: &str, today: Date) -> Result<Date, Diagnostic> {
    let d = Date::parse(typed).map_err(|e| Diagnostic::new("--due", e))?;
    if d.0 < today.0 {
        return Err(Diagnostic::new(
            "--due",
            format!("{typed} is in the past (today is {today})"),
        )
        .help("give the date answers are due, today or later, as YYYY-MM-DD"));
    }
    Ok(d)
}

/// A value shown on the page and written to every answers file: not empty, not longer than an
/// answers file takes.
fn check_label(flag: &str, value: &str) -> Result<(), Diagnostic> {
    let max = crate::assessment::MAX_LABEL_CHARS;
    if value.trim().is_empty() {
        return Err(Diagnostic::new(flag, "the value is empty")
            .help(format!("give a value, or leave {flag} out")));
    }
    if value.chars().count() > max {
        return Err(Diagnostic::new(
            flag,
            format!("is longer than {max} characters (an answers file takes no more)"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(
            Diagnostic::new(flag, "has a line break or a control character")
                .help("give it on one line"),
        );
    }
    Ok(())
}

/// `--return-to`: one email address, `name@domain.tld` (what a mail program takes in `To`).
fn check_address(to: &str) -> Result<(), Diagnostic> {
    let bad = |why: &str| {
        Diagnostic::new(
            "--return-to",
            format!("`{to}` is not an email address ({why})"),
        )
        .help("expected one address such as ana@acme.example")
    };
    let Some((local, domain)) = to.split_once('@') else {
        return Err(bad("no @"));
    };
    if local.is_empty() || domain.is_empty() {
        return Err(bad("nothing before or after the @"));
    }
    if let Some(c) = to
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || ",;<>()[]\\\"".contains(*c))
    {
        return Err(bad(&format!("`{}` in it", c.escape_default())));
    }
    if domain.contains('@') {
        return Err(bad("more than one @"));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return Err(bad(
            "the part after the @ is not a domain such as acme.example",
        ));
    }
    if to.len() > 254 {
        return Err(bad("longer than 254 characters"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_one_name_at_a_domain() {
        for ok in [
            "ana@acme.example",
            "a.b+persona@mail.acme.co.uk",
            "ANA@ACME.EXAMPLE",
        ] {
            assert!(check_address(ok).is_ok(), "{ok}");
        }
        for (bad, why) in [
            ("notanemail", "no @"),
            ("@acme.example", "nothing before"),
            ("ana@", "nothing before or after"),
            ("ana@acme", "not a domain"),
            ("ana@acme.", "not a domain"),
            ("ana@@acme.example", "more than one @"),
            ("ana@b@acme.example", "more than one @"),
            ("ana @acme.example", "` ` in it"),
            ("ana@acme.example,bo@acme.example", "`,` in it"),
            ("Ana <ana@acme.example>", "in it"),
        ] {
            let e = check_address(bad).unwrap_err().to_string();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn a_due_date_is_today_or_later() {
        let today = Date::parse("2026-12-07").unwrap();
        assert!(due_date("2026-12-07", today).is_ok());
        assert!(due_date("2027-01-15", today).is_ok());
        let e = due_date("2026-12-06", today).unwrap_err().to_string();
        assert!(
            e.contains("2026-12-06 is in the past (today is 2026-12-07)"),
            "{e}"
        );
    }
}
