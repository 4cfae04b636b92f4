//! Respondents written the way the real products write them: a Google Forms "Download
//! responses (.csv)" (every cell quoted, CRLF, the Timestamp as the form's language writes it),
//! a Microsoft Forms workbook (date cells, numbers as numbers), and answers files in YAML and
//! TOML as `assess`, the offline page and `import` write them.

use crate::import::{form_json, questions, Question};
use chrono::{NaiveDate, NaiveDateTime};
use std::path::Path;

/// One respondent's submission.
#[derive(Debug, Clone)]
pub struct Submission {
    pub name: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub organization: Option<String>,
    /// The time on the respondent's clock, as the export writes it.
    pub when: NaiveDateTime,
    /// The offset from UTC of that clock, in minutes east (Google Forms in English (US) writes
    /// it after the time: `GMT+1`, `GMT-4`, `GMT+5:30`; other exports write none).
    pub gmt: i32,
    /// Per question, the level index (`None`: "Not sure").
    pub levels: Vec<Option<usize>>,
}

/// The language a Google form is set to, which decides how its Timestamp is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    /// English (US): `2026/11/03 2:14:07 PM GMT+1`.
    Us,
    /// English (UK): `03/11/2026 14:14:07`.
    Gb,
}

/// A timestamp as Google Forms writes it in `locale`, the form's time zone one hour east of
/// UTC.
pub fn google_timestamp(when: NaiveDateTime, locale: Locale) -> String {
    google_timestamp_at(when, 60, locale)
}

/// A timestamp as Google Forms writes it in `locale`, at `gmt` minutes east of UTC: `GMT+2`,
/// `GMT-4`, `GMT+5:30`, `GMT` (English (UK) writes no zone).
pub fn google_timestamp_at(when: NaiveDateTime, gmt: i32, locale: Locale) -> String {
    match locale {
        Locale::Us => {
            let zone = match (gmt / 60, gmt.abs() % 60) {
                (0, 0) => String::new(),
                (h, 0) => format!("{h:+}"),
                (_, m) => format!(
                    "{}{}:{m:02}",
                    if gmt < 0 { '-' } else { '+' },
                    gmt.abs() / 60
                ),
            };
            format!("{} GMT{zone}", when.format("%Y/%m/%d %-I:%M:%S %p"))
        }
        Locale::Gb => when.format("%d/%m/%Y %H:%M:%S").to_string(),
    }
}

/// A moment on a day, for building submissions.
pub fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, s)
        .unwrap()
}

/// The form's questions (from `form --format json`), fetched once per test.
pub fn form_questions() -> Vec<Question> {
    questions(&form_json())
}

/// The cell a choice gives: the option text `form` printed, or "Not sure".
fn option(q: &Question, level: Option<usize>) -> String {
    match level {
        Some(l) => q.2[l].1.clone(),
        None => q.2[q.2.len() - 1].1.clone(),
    }
}

/// A Google Forms export: Timestamp, Email address (collected), the respondent questions, the
/// questions, and `extra` columns (header, then a cell per submission) at the end.
pub fn google_csv(
    qs: &[Question],
    subs: &[Submission],
    locale: Locale,
    extra: &[(&str, Vec<String>)],
) -> String {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut header: Vec<String> = [
        "Timestamp",
        "Email address",
        "Your name",
        "Your role or team",
        "Your organization",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(qs.iter().map(|q| q.1.clone()));
    header.extend(extra.iter().map(|(h, _)| h.to_string()));
    w.write_record(&header).unwrap();
    for (k, s) in subs.iter().enumerate() {
        let mut row = vec![
            google_timestamp_at(s.when, s.gmt, locale),
            s.email.clone().unwrap_or_default(),
            s.name.clone().unwrap_or_default(),
            s.role.clone().unwrap_or_default(),
            s.organization.clone().unwrap_or_default(),
        ];
        row.extend(qs.iter().zip(&s.levels).map(|(q, l)| option(q, *l)));
        row.extend(extra.iter().map(|(_, cells)| cells[k].clone()));
        w.write_record(&row).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// A Microsoft Forms workbook ("Open results in Excel"): ID, Start time, Completion time (date
/// cells), Email, Name, then the questions, the role and organization questions and any
/// `extra` columns, whose cells are numbers when they read as one (as Excel keeps them).
pub fn microsoft_xlsx(
    path: &Path,
    qs: &[Question],
    subs: &[Submission],
    extra: &[(&str, Vec<String>)],
) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Sheet1").unwrap();
    let date = Format::new().set_num_format("m/d/yy h:mm:ss");
    let mut header: Vec<String> = ["ID", "Start time", "Completion time", "Email", "Name"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(qs.iter().map(|q| q.1.clone()));
    header.push("Your role or team".into());
    header.push("Your organization".into());
    header.extend(extra.iter().map(|(h, _)| h.to_string()));
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    let cell = |sheet: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, text: &str| match text
        .parse::<f64>()
    {
        Ok(n) => {
            sheet.write_number(r, c, n).unwrap();
        }
        Err(_) => {
            sheet.write_string(r, c, text).unwrap();
        }
    };
    for (k, s) in subs.iter().enumerate() {
        let r = k as u32 + 1;
        sheet.write_number(r, 0, (k + 1) as f64).unwrap();
        let when =
            ExcelDateTime::parse_from_str(&s.when.format("%Y-%m-%dT%H:%M:%S").to_string()).unwrap();
        sheet
            .write_datetime_with_format(r, 1, &when, &date)
            .unwrap();
        sheet
            .write_datetime_with_format(r, 2, &when, &date)
            .unwrap();
        sheet
            .write_string(r, 3, s.email.as_deref().unwrap_or("anonymous"))
            .unwrap();
        sheet
            .write_string(r, 4, s.name.as_deref().unwrap_or("Anonymous"))
            .unwrap();
        for (c, (q, l)) in qs.iter().zip(&s.levels).enumerate() {
            sheet.write_string(r, 5 + c as u16, option(q, *l)).unwrap();
        }
        let after = 5 + qs.len() as u16;
        sheet
            .write_string(r, after, s.role.as_deref().unwrap_or(""))
            .unwrap();
        sheet
            .write_string(r, after + 1, s.organization.as_deref().unwrap_or(""))
            .unwrap();
        for (x, (_, cells)) in extra.iter().enumerate() {
            cell(sheet, r, after + 2 + x as u16, &cells[k]);
        }
    }
    book.save(path).unwrap();
}

/// An answers file as `assess` writes it, in YAML (`toml`: TOML).
pub fn answers_file(qs: &[Question], s: &Submission, toml: bool) -> String {
    let level_ids = ["experimenting", "emerging", "advancing", "fully-optimized"];
    let quote = |t: &str| format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\""));
    let mut out = String::from("rubric = \"persona-optimization-framework@1.0.0\"\n");
    if !toml {
        out = "rubric: persona-optimization-framework@1.0.0\n".to_string();
    }
    let date = s.when.date().format("%Y-%m-%d").to_string();
    if toml {
        if let Some(o) = &s.organization {
            out.push_str(&format!("organization = {}\n", quote(o)));
        }
        out.push_str(&format!("date = {date}\n"));
        out.push_str("\n[respondent]\n");
        if let Some(n) = &s.name {
            out.push_str(&format!("name = {}\n", quote(n)));
        }
        if let Some(r) = &s.role {
            out.push_str(&format!("role = {}\n", quote(r)));
        }
        out.push_str("\n[answers]\n");
        for (q, l) in qs.iter().zip(&s.levels) {
            let v = l.map_or("unsure", |l| level_ids[l]);
            out.push_str(&format!("{} = \"{v}\"\n", q.0));
        }
    } else {
        if let Some(o) = &s.organization {
            out.push_str(&format!("organization: {}\n", quote(o)));
        }
        if s.name.is_some() || s.role.is_some() {
            out.push_str("respondent:\n");
            if let Some(n) = &s.name {
                out.push_str(&format!("  name: {}\n", quote(n)));
            }
            if let Some(r) = &s.role {
                out.push_str(&format!("  role: {}\n", quote(r)));
            }
        }
        out.push_str(&format!("date: {date}\nanswers:\n"));
        for (q, l) in qs.iter().zip(&s.levels) {
            let v = l.map_or("unsure", |l| level_ids[l]);
            out.push_str(&format!("  {}: {v}\n", q.0));
        }
    }
    out
}

/// The export with one cell changed: `row` as a spreadsheet counts (the header is row 1), `col`
/// from 0; written back as Google Forms writes it.
pub fn edit_cell(csv: &str, row: usize, col: usize, text: &str) -> String {
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    rows[row - 1][col] = text.to_string();
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for r in &rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// The column of question `i` in a [`google_csv`] export (after the five respondent columns).
pub const fn google_column(i: usize) -> usize {
    5 + i
}

/// `n` different people of one organization, each with their own answers.
pub fn team(qs: &[Question], n: usize, roles: &[&str]) -> Vec<Submission> {
    (0..n)
        .map(|k| Submission {
            name: Some(format!("Person {k}")),
            email: Some(format!("person{k}@acme.example")),
            role: Some(roles[k % roles.len()].to_string()),
            organization: Some("Acme".into()),
            when: at(2026, 3, 1 + (k % 27) as u32, 9 + (k % 8) as u32, 14, 7),
            gmt: 60,
            levels: (0..qs.len())
                .map(|i| match (i * 7 + k * 3) % 5 {
                    4 => None,
                    l => Some(l),
                })
                .collect(),
        })
        .collect()
}
