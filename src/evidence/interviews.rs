//! Reading a research team's interview log: a table (CSV, or an `.xlsx` sheet) with a header
//! naming `date` and `kind` (and optionally `persona`; other columns, such as `notes`, are not
//! read), or YAML (`interviews: [{ date, kind, persona, notes }]`). Tables go through the export
//! reader with its byte limits, YAML through the program file's reader with its own.
//!
//! Only the date, the kind and the persona of an interview are kept: notes and any other column
//! may name the people interviewed, and nothing of them is read into memory or repeated in a
//! message. An error names the row (or entry) and the column.

use super::redact::scrub;
use crate::diagnostic::Diagnostic;
use crate::import::read::{Row, Visit};
use crate::program::{Interview, InterviewKind};
use crate::source::{Date, Source, Syntax};
use crate::words::plain_words;
use serde::Deserialize;
use std::path::Path;

/// Most interviews a log may hold.
pub const MAX_INTERVIEWS: usize = 100_000;

/// The interviews of the log at `path`, named `name` in messages.
pub fn read(path: &Path, name: &str) -> Result<Vec<Interview>, Diagnostic> {
    read_any(path, name).map_err(Diagnostic::private)
}

/// `read`, its errors not yet marked as about a file of people's data.
fn read_any(path: &Path, name: &str) -> Result<Vec<Interview>, Diagnostic> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("yaml" | "yml") => read_yaml(path, name),
        Some("csv" | "tsv" | "txt" | "xlsx") => {
            let mut log = Table {
                name: name.to_string(),
                columns: None,
                interviews: Vec::new(),
            };
            crate::import::read::read(path, name, &mut log).map_err(scrub)?;
            if log.columns.is_none() {
                return Err(Diagnostic::new(name, "file is empty"));
            }
            Ok(log.interviews)
        }
        _ => Err(Diagnostic::new(
            name,
            "unknown file extension; an interview log is .csv, .xlsx, .yaml or .yml",
        )
        .help("a table with the columns date, kind, persona, notes (one interview a row)")),
    }
}

/// The kinds, as a message lists them.
fn kinds() -> String {
    InterviewKind::ALL
        .iter()
        .map(|k| k.id())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A date as a log writes it: `YYYY-MM-DD`, or followed by a time (a spreadsheet's date cell).
fn date_of(text: &str) -> Option<Date> {
    let t = text.trim();
    let day = match t.get(..10) {
        Some(d) if t.len() == 10 || t[10..].starts_with([' ', 'T']) => d,
        _ => return None,
    };
    Date::parse(day).ok()
}

/// One interview from its cells; `at` says where, for an error ("row 4", "entry 3").
fn interview(
    name: &str,
    at: &str,
    line: Option<usize>,
    date: &str,
    kind: &str,
    persona: Option<&str>,
) -> Result<Interview, Diagnostic> {
    let wrong = |column: &str, what: String| {
        Diagnostic::new(name, format!("{at}, `{column}`: {what}")).at(line, None)
    };
    let date = date_of(date).ok_or_else(|| {
        wrong(
            "date",
            if date.trim().is_empty() {
                "empty; expected the interview's date, YYYY-MM-DD".to_string()
            } else {
                "not a date; expected YYYY-MM-DD, e.g. 2026-11-02 (the cell is not shown)"
                    .to_string()
            },
        )
    })?;
    let kind = InterviewKind::from_text(kind).ok_or_else(|| {
        wrong(
            "kind",
            if kind.trim().is_empty() {
                "empty; expected the kind of interview".to_string()
            } else {
                // The cell may hold anything a person typed (a name, an email): never shown. A
                // "did you mean" names a kind, and only when the cell is close to one.
                "not a kind of interview (the cell is not shown)".to_string()
            },
        )
        .help(format!("expected one of: {}", kinds()))
        .help_opt(crate::suggest::did_you_mean(
            &plain_words(kind).replace(' ', "-"),
            InterviewKind::ALL.iter().map(|k| k.id()),
        ))
    })?;
    let persona = persona.map(str::trim).filter(|p| !p.is_empty());
    // People's data, never shown (the report lists the personas): an email address or a phone
    // number in the persona column, refused as `evidence crm` refuses it.
    let personal = persona.and_then(|p| {
        if super::crm::looks_like_email(p) {
            Some("holds an email address, not a persona (the cell is not shown)")
        } else if super::crm::looks_like_number(p) {
            Some("holds a phone number or another long number, not a persona (the cell is not shown)")
        } else {
            None
        }
    });
    if let Some(what) = personal {
        return Err(wrong("persona", what.to_string()).help(
            "the persona column holds the persona interviewed (its id or name), not the person",
        ));
    }
    Ok(Interview {
        date,
        kind,
        persona: persona.map(String::from),
    })
}

/// Where a table log's columns are.
struct Columns {
    date: usize,
    kind: usize,
    persona: Option<usize>,
}

/// A table log read row by row.
struct Table {
    name: String,
    columns: Option<Columns>,
    interviews: Vec<Interview>,
}

impl Visit for Table {
    fn header(&mut self, headers: Vec<String>, line: u64) -> Result<(), Diagnostic> {
        let words: Vec<String> = headers.iter().map(|h| plain_words(h)).collect();
        let find = |w: &str| words.iter().position(|x| x == w);
        let needed = |w: &str| {
            find(w).ok_or_else(|| {
                Diagnostic::new(&self.name, format!("the header has no `{w}` column"))
                    .at(Some(line as usize), None)
                    .help("an interview log's header: date,kind,persona,notes")
                    .help_opt(
                        crate::suggest::closest(w, headers.iter().map(|h| h.trim()))
                            .map(|h| format!("rename the column `{h}` to `{w}`")),
                    )
            })
        };
        self.columns = Some(Columns {
            date: needed("date")?,
            kind: needed("kind")?,
            persona: find("persona"),
        });
        Ok(())
    }

    fn row(&mut self, row: &Row) -> Result<(), Diagnostic> {
        let Some(c) = &self.columns else {
            return Ok(());
        };
        if self.interviews.len() >= MAX_INTERVIEWS {
            return Err(Diagnostic::new(
                &self.name,
                format!("more than {MAX_INTERVIEWS} interviews; is this an interview log?"),
            )
            .at(Some(row.line as usize), None));
        }
        let text = |k: usize| row.text(&self.name, k);
        let persona = match c.persona {
            Some(k) => Some(text(k)?),
            None => None,
        };
        let i = interview(
            &self.name,
            &format!("row {}", row.cells.row),
            Some(row.line as usize),
            text(c.date)?,
            text(c.kind)?,
            persona,
        )?;
        self.interviews.push(i);
        Ok(())
    }
}

/// A YAML log: `interviews:` and a list of entries.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLog {
    interviews: Vec<RawInterview>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInterview {
    #[serde(default)]
    date: Option<Text>,
    #[serde(default)]
    kind: Option<Text>,
    #[serde(default)]
    persona: Option<Text>,
    /// Read past, never kept.
    #[serde(default, rename = "notes")]
    _notes: Option<serde::de::IgnoredAny>,
}

/// Any scalar, as text (YAML reads `2026-10-01` as text, a number as a number).
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Text, E> {
                Ok(Text(String::new()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

fn read_yaml(path: &Path, name: &str) -> Result<Vec<Interview>, Diagnostic> {
    let mut src = Source::read(path, Some(Syntax::Yaml)).map_err(scrub)?;
    src.name = name.to_string();
    let raw: RawLog = src.parse().map_err(scrub)?;
    if raw.interviews.len() > MAX_INTERVIEWS {
        return Err(Diagnostic::new(
            name,
            format!("more than {MAX_INTERVIEWS} interviews; is this an interview log?"),
        ));
    }
    let lines = src
        .locator()
        .lines_of_items("interviews", raw.interviews.len());
    raw.interviews
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let text = |t: &Option<Text>| t.as_ref().map_or("", |t| t.0.as_str()).to_string();
            interview(
                name,
                &format!("interviews[{k}]"),
                lines[k],
                &text(&r.date),
                &text(&r.kind),
                r.persona.as_ref().map(|p| p.0.as_str()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        (dir, p)
    }

    #[test]
    fn a_csv_log_is_read_by_its_header_in_any_order() {
        let (_d, p) = write(
            "log.csv",
            "notes,Kind,Date,Persona\r\n\"Ann Lee said \"\"no\"\"\",Lost deal,2026-10-01,ops-olivia\r\nx,customer,2026-10-02 14:00:00,\r\n",
        );
        let log = read(&p, "log.csv").unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].kind, InterviewKind::LostDeal);
        assert_eq!(log[0].persona.as_deref(), Some("ops-olivia"));
        assert_eq!(log[1].date, Date::parse("2026-10-02").unwrap());
        assert_eq!(log[1].persona, None);
    }

    #[test]
    fn errors_name_the_row_and_column_never_the_notes_or_a_bad_date() {
        let (_d, p) = write(
            "log.csv",
            "date,kind,notes\n2026-10-01,customer,ok\nAnn Lee,customer,x\n",
        );
        let e = read(&p, "log.csv").unwrap_err();
        assert!(e.message.starts_with("row 3, `date`: not a date"), "{e}");
        assert!(!e.to_string().contains("Ann"), "{e}");
        let (_d, p) = write("log.csv", "date,kind\n2026-10-01,custmer\n");
        let e = read(&p, "log.csv").unwrap_err();
        assert!(
            e.help.iter().any(|h| h.contains("did you mean `customer`")),
            "{e}"
        );
        let (_d, p) = write("log.csv", "day,kind\n2026-10-01,customer\n");
        let e = read(&p, "log.csv").unwrap_err();
        assert!(e.message.contains("no `date` column"), "{e}");
    }

    #[test]
    fn a_yaml_log_reads_the_same_and_names_its_entries() {
        let (_d, p) = write(
            "log.yaml",
            "interviews:\n  - { date: 2026-10-01, kind: churned, notes: \"Ann Lee\" }\n  - date: 2026-10-03\n    kind: internal\n    persona: ops-olivia\n",
        );
        let log = read(&p, "log.yaml").unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(log[1].kind, InterviewKind::Internal);
        let (_d, p) = write(
            "log.yaml",
            "interviews:\n  - { date: 2026-10-01, kind: customer }\n  - { date: \"Ann Lee\", kind: customer }\n",
        );
        let e = read(&p, "log.yaml").unwrap_err();
        assert!(e.message.starts_with("interviews[1], `date`"), "{e}");
        assert_eq!(e.line, Some(3));
        assert!(!e.to_string().contains("Ann"), "{e}");
    }
}
