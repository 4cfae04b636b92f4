//! `form`: the questionnaire for a form builder, or as one offline page.

use super::load_rubric;
use crate::cli::{FormArgs, Format};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::form::Form;
use crate::outcome::Outcome;
use crate::output::emit;
use crate::render;
use crate::source::Date;
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
    if args.format != Format::Html {
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
        Format::Table => render::form::text(&form),
        Format::Markdown => render::form::markdown_doc(&form),
        Format::Json => render::form::json(&form),
        Format::Csv => render::form::csv(&form),
        Format::Html => render::form_page::page(&form, &{
            let mut p = render::form_page::Prefill {
                organization: args.organization.clone(),
                role: args.role.clone(),
                from: args.from.clone(),
                return_to: args.return_to.clone(),
                due,
                form_id: String::new(),
                made: render::form_page::made_now(),
                score_hint: crate::escape::comment(&crate::view::score_command(
                    rubric_path,
                    "<this file>",
                )),
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
        other => other.not_offered("form"),
    };
    match &args.out {
        None => emit(&text)?,
        Some(path) => {
            if path.is_dir() {
                return Err(
                    Diagnostic::new("--out", format!("`{}` is a folder", path.display()))
                        .help("give a file name, e.g. --out persona-questionnaire.html")
                        .into(),
                );
            }
            crate::save::write_atomic(path, text.as_bytes()).map_err(|e| Error::write(path, e))?;
            crate::output::to_stderr(&format!("Wrote {}.", path.display()));
        }
    }
    Ok(Outcome::Success)
}

/// The furthest a due date may be: a year from today. A questionnaire is due in weeks; a date
/// further off is a typo (2072 for 2027, 9999-12-31) that would put nonsense at the top of the page.
const DUE_HORIZON_DAYS: u64 = 366;

/// `--due`: a date, today or later, and within a year (a page that says it was due last month,
/// or is due in 9999, confuses everyone).
fn due_date(typed: &str, today: Date) -> Result<Date, Diagnostic> {
    let d = Date::parse(typed).map_err(|e| Diagnostic::new("--due", e))?;
    if d.0 < today.0 {
        return Err(Diagnostic::new(
            "--due",
            format!("{typed} is in the past (today is {today})"),
        )
        .help("give the date answers are due, today or later, as YYYY-MM-DD"));
    }
    let horizon = today.0 + chrono::Days::new(DUE_HORIZON_DAYS);
    if d.0 > horizon {
        return Err(Diagnostic::new(
            "--due",
            format!("{typed} is more than a year away (today is {today})"),
        )
        .help(format!(
            "give the date answers are due, by {} at the latest, as YYYY-MM-DD",
            horizon.format("%Y-%m-%d")
        )));
    }
    Ok(d)
}

/// Characters a one-line value may not hold: line breaks of every kind (YAML and browsers break
/// lines at NEL, U+2028 and U+2029 too), other control characters, and the bidirectional
/// overrides and isolates that make text read in another order than it is stored.
fn forbidden(c: char) -> Option<&'static str> {
    match c {
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{0b}' | '\u{0c}' => {
            Some("a line break")
        }
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Some("a bidirectional override (it makes the text show in another order)")
        }
        c if c.is_control() => Some("a control character"),
        _ => None,
    }
}

/// A value shown on the page and written to every answers file: not empty, on one line, shown
/// as stored, not longer than an answers file takes.
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
    if let Some((c, what)) = value.chars().find_map(|c| forbidden(c).map(|w| (c, w))) {
        return Err(
            Diagnostic::new(flag, format!("has {what} in it (U+{:04X})", c as u32))
                .help("give it on one line, as plain text"),
        );
    }
    Ok(())
}

/// `--return-to`: one email address, `name@domain.tld` (what a mail program takes in `To`, and
/// nothing that would change the Email link: no `?`, `&` or `=` after the @, no second address).
fn check_address(to: &str) -> Result<(), Diagnostic> {
    let bad = |why: &str| {
        Diagnostic::new(
            "--return-to",
            format!(
                "`{}` is not an email address ({why})",
                crate::escape::visible(to)
            ),
        )
        .help("expected one address such as ana@acme.example")
    };
    if to.len() > 254 {
        return Err(bad("longer than 254 characters"));
    }
    let Some((local, domain)) = to.rsplit_once('@') else {
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
    if local.contains('@') {
        return Err(bad("more than one @"));
    }
    // The part before the @: RFC 5322's dot-atom (letters, digits and ! # $ % & ' * + - / = ? ^
    // _ ` { | } ~, in words joined by single dots).
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(bad(
            "a dot at the start or end of the name, or two dots together",
        ));
    }
    if let Some(c) = local
        .chars()
        .find(|c| !(c.is_alphanumeric() || ".!#$%&'*+-/=?^_`{|}~".contains(*c)))
    {
        return Err(bad(&format!("`{}` before the @", c.escape_default())));
    }
    // The domain: labels of letters, digits and inner hyphens, joined by dots; the last one not
    // all digits (an address on a bare number is no domain).
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_bad = || bad("the part after the @ is not a domain such as acme.example");
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty() || l.len() > 63) {
        return Err(domain_bad());
    }
    for l in &labels {
        if let Some(c) = l.chars().find(|c| !(c.is_alphanumeric() || *c == '-')) {
            return Err(bad(&format!("`{}` in the domain", c.escape_default())));
        }
        if l.starts_with('-') || l.ends_with('-') {
            return Err(bad("a domain part that starts or ends with `-`"));
        }
    }
    let tld = labels[labels.len() - 1];
    if tld.chars().count() < 2 || tld.chars().all(|c| c.is_ascii_digit()) {
        return Err(domain_bad());
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
            "o'brien@acme.example",
            "ana@xn--mnchen-3ya.de",
            "ana@münchen.de",
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
            ("ana@acme.example&body=x", "`&` in the domain"),
            ("ana@acme.example?cc=bo@acme.example", "more than one @"),
            ("ana@-acme.example", "starts or ends with `-`"),
            ("ana@acme-.example", "starts or ends with `-`"),
            (".ana@acme.example", "a dot at the start"),
            ("ana.@acme.example", "a dot at the start or end"),
            ("a..na@acme.example", "two dots together"),
            ("ana@acme.e", "not a domain"),
            ("ana@10.0.0.1", "not a domain"),
            ("ana@acme..example", "not a domain"),
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
        // Within a year: 2027-12-08 is the last day taken.
        assert!(due_date("2027-12-08", today).is_ok());
        for far in ["2027-12-09", "2072-01-15", "9999-12-31"] {
            let e = due_date(far, today).unwrap_err();
            let text = format!("{e}");
            assert!(text.contains("is more than a year away"), "{text}");
        }
    }

    #[test]
    fn a_one_line_value_holds_no_line_break_control_or_bidi_override() {
        for ok in [
            "Acme",
            "Zoë Ó Súilleabháin",
            "Ana, Marketing Ops",
            "李雷",
            "שלום",
        ] {
            assert!(check_label("--from", ok).is_ok(), "{ok}");
        }
        for (bad, why) in [
            ("Acme\nCorp", "a line break"),
            ("Acme\u{85}Corp", "a line break"),
            ("Acme\u{2028}Corp", "a line break"),
            ("Acme\u{2029}Corp", "a line break"),
            ("Ana\u{202e}spO", "bidirectional override"),
            ("Ana\u{202a}x", "bidirectional override"),
            ("Ana\u{2066}x\u{2069}", "bidirectional override"),
            ("Ana\u{7}", "a control character"),
        ] {
            let e = check_label("--organization", bad).unwrap_err().to_string();
            assert!(e.contains(why), "{bad:?}: {e}");
        }
    }
}
