//! One person across inputs when one side has an email and the other none, and the same result
//! whatever the order of the inputs when an imported file and its export row disagree; what a
//! folder holds that is not read is named. Every
//! export is written as Google Forms writes it (every cell quoted, CRLF, `2026/11/01 10:00:00 AM
//! GMT+1`, or `01/11/2026 10:00:00` in English (UK)).

use crate::common::Pm;
use crate::products::{at, form_questions, google_csv, Locale, Submission};
use serde_json::Value;
use std::path::Path;

fn person(
    name: &str,
    email: Option<&str>,
    when: chrono::NaiveDateTime,
    level: usize,
) -> Submission {
    Submission {
        name: Some(name.to_string()),
        email: email.map(str::to_string),
        role: Some("Sales".to_string()),
        organization: Some("Acme".to_string()),
        when,
        gmt: 60,
        levels: vec![Some(level); form_questions().len()],
    }
}

fn export(path: &Path, subs: &[Submission], locale: Locale) {
    std::fs::write(path, google_csv(&form_questions(), subs, locale, &[])).unwrap();
}

fn import(export: &Path, out: &Path) {
    Pm::new([
        "import",
        export.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .run()
    .exits(0);
}

/// `score ARGS --format json`: the report, and standard error.
fn score(dir: &Path, args: &[&str]) -> (Value, String) {
    let mut all = vec!["score"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let r = Pm::new(&all).dir(dir).run().exits(0);
    (serde_json::from_str(&r.out).unwrap(), r.err)
}

/// How many respondents gave each level to the first question.
fn first_counts(v: &Value) -> Vec<u64> {
    ["experimenting", "emerging", "advancing", "fully-optimized"]
        .iter()
        .map(|id| v["attributes"][0]["counts"][id].as_u64().unwrap())
        .collect()
}

#[test]
fn an_edited_response_downloaded_again_into_the_imported_folder_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bo = person(
        "Bo Chen",
        Some("bo@acme.example"),
        at(2026, 11, 1, 10, 0, 0),
        0,
    );
    let cy = person(
        "Cy Diaz",
        Some("cy@acme.example"),
        at(2026, 11, 2, 10, 0, 0),
        1,
    );
    export(&d.join("e1.csv"), &[bo.clone(), cy.clone()], Locale::Us);
    import(&d.join("e1.csv"), &d.join("R"));
    // Bo edited their response: new answers, a later time, the old row gone.
    let edited = Submission {
        when: at(2026, 11, 5, 10, 0, 0),
        levels: vec![Some(3); bo.levels.len()],
        ..bo
    };
    export(&d.join("R/responses (1).csv"), &[edited, cy], Locale::Us);
    let (v, err) = score(d, &["R"]);
    assert_eq!(v["respondents"], 2, "{err}");
    // Bo's edit counts, not the file imported before it.
    assert_eq!(first_counts(&v), [0, 1, 0, 1], "{err}");
    assert!(
        err.contains("R/responses (1).csv row 2 (counted), R/bo-chen.yaml"),
        "{err}"
    );
}

#[test]
fn a_row_with_the_email_left_blank_is_the_same_person_as_their_row_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let rows = [
        person(
            "Bo Chen",
            Some("bo@acme.example"),
            at(2026, 11, 1, 10, 0, 0),
            0,
        ),
        person("Bo Chen", None, at(2026, 11, 3, 10, 0, 0), 3),
    ];
    export(&d.join("e.csv"), &rows, Locale::Us);
    let (v, err) = score(d, &["e.csv"]);
    assert_eq!(v["respondents"], 1, "{err}");
    assert_eq!(v["repeated_submissions"]["left_out"], 1, "{err}");
    assert_eq!(first_counts(&v), [0, 0, 0, 1], "{err}");
    // `import` tells them apart the same way: one file, the later answers.
    import(&d.join("e.csv"), &d.join("R"));
    let files: Vec<_> = std::fs::read_dir(d.join("R")).unwrap().collect();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(d.join("R/bo-chen.yaml")).unwrap();
    assert!(
        text.contains("internal-persona-ownership: fully-optimized"),
        "{text}"
    );

    // Two different emails under one name are two people, and that name's row with no email
    // a third: which of the two it belongs to cannot be told.
    let rows = [
        person(
            "Bo Chen",
            Some("bo@acme.example"),
            at(2026, 11, 1, 10, 0, 0),
            0,
        ),
        person(
            "Bo Chen",
            Some("bo@globex.example"),
            at(2026, 11, 2, 10, 0, 0),
            1,
        ),
        person("Bo Chen", None, at(2026, 11, 3, 10, 0, 0), 3),
    ];
    export(&d.join("two.csv"), &rows, Locale::Us);
    let (v, err) = score(d, &["two.csv"]);
    assert_eq!(v["respondents"], 3, "{err}");
    import(&d.join("two.csv"), &d.join("T"));
    assert_eq!(std::fs::read_dir(d.join("T")).unwrap().count(), 3);
}

#[test]
fn a_file_and_its_export_row_read_two_ways_give_one_result_in_either_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // English (UK): `11/10/2026` and `06/11/2026` leave day and month open, so the first
    // download is read month-first (with a warning): Xi's row 2 (11 October, or 10 November)
    // reads as their latest, and is the file imported.
    let xi = |when, level| person("Xi Wu", Some("xi@acme.example"), when, level);
    let first = [
        xi(at(2026, 10, 11, 10, 0, 0), 0),
        xi(at(2026, 11, 6, 10, 0, 0), 3),
    ];
    export(&d.join("A.csv"), &first, Locale::Gb);
    import(&d.join("A.csv"), &d.join("R"));
    let file = std::fs::read_to_string(d.join("R/xi-wu.yaml")).unwrap();
    assert!(file.contains("date: 2026-11-10"), "{file}");
    // The later download has a day over 12: day-first. Row 3 (6 November) is Xi's latest.
    let mut later = first.to_vec();
    later.push(person("Zo Ek", None, at(2026, 11, 14, 10, 0, 0), 1));
    export(&d.join("B.csv"), &later, Locale::Gb);
    let (one, err) = score(d, &["R", "B.csv"]);
    let (other, _) = score(d, &["B.csv", "R"]);
    assert_eq!(one["attributes"], other["attributes"], "{err}");
    assert_eq!(one["respondents"], 2, "{err}");
    // Xi counted by row 3, as the export reads it; the file's other reading is said.
    assert_eq!(first_counts(&one), [0, 1, 0, 1], "{err}");
    assert!(
        err.contains("the time the file records differs from the export's"),
        "{err}"
    );
}

#[test]
fn a_file_edited_by_hand_beside_its_export_counts_as_edited_in_either_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bo = person(
        "Bo Chen",
        Some("bo@acme.example"),
        at(2026, 11, 1, 10, 0, 0),
        0,
    );
    export(&d.join("e.csv"), &[bo], Locale::Us);
    import(&d.join("e.csv"), &d.join("R"));
    let path = d.join("R/bo-chen.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace(
        "internal-persona-ownership: experimenting",
        "internal-persona-ownership: fully-optimized",
    );
    assert_ne!(edited, text);
    std::fs::write(&path, edited).unwrap();
    for args in [["R", "e.csv"], ["e.csv", "R"]] {
        let (v, err) = score(d, &args);
        assert_eq!(v["respondents"], 1, "{err}");
        assert_eq!(first_counts(&v), [0, 0, 0, 1], "{args:?}: {err}");
        assert!(
            err.contains(
                "(the answers in R/bo-chen.yaml differ from the export's: edited since it was \
                 imported, they are counted)"
            ),
            "{err}"
        );
    }
}

#[test]
fn a_zip_or_a_spreadsheet_not_read_in_a_folder_is_named_with_how_to_include_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bo = person(
        "Bo Chen",
        Some("bo@acme.example"),
        at(2026, 11, 1, 10, 0, 0),
        0,
    );
    export(&d.join("e.csv"), &[bo], Locale::Us);
    import(&d.join("e.csv"), &d.join("R"));
    // Google Forms downloads its responses as a zip; others save .xls and .ods.
    std::fs::write(
        d.join("R/Persona maturity (Responses).csv.zip"),
        b"PK\x03\x04",
    )
    .unwrap();
    std::fs::write(d.join("R/old.xls"), b"\xD0\xCF\x11\xE0").unwrap();
    std::fs::write(d.join("R/team.ods"), b"PK\x03\x04").unwrap();
    let r = Pm::new(["score", "R"]).dir(d).run().exits(0);
    for said in [
        "note: R/Persona maturity (Responses).csv.zip: skipped: a zip file: unzip it first, then \
         read the .csv inside",
        "note: R/old.xls: skipped: an old Excel workbook (.xls) is not read\n  open it in Excel \
         and save it as .xlsx, or as CSV UTF-8",
        "note: R/team.ods: skipped: a .ods spreadsheet is not read\n  save the sheet as .xlsx, \
         or as CSV UTF-8",
    ] {
        assert!(r.err.contains(said), "{said:?}\n{r}");
    }
    assert!(r.out.contains("combined from 1 respondent"), "{}", r.out);
    // A folder holding only the zip: the error names it.
    std::fs::create_dir(d.join("Z")).unwrap();
    std::fs::rename(
        d.join("R/Persona maturity (Responses).csv.zip"),
        d.join("Z/responses.zip"),
    )
    .unwrap();
    Pm::new(["score", "Z"])
        .dir(d)
        .run()
        .exits(2)
        .says("Z: no answers files (.yaml, .yml or .toml) or form exports with responses found\n  Z/responses.zip was skipped (see the note above)");
}

#[test]
fn a_crm_export_in_a_folder_with_a_column_headed_like_a_question_is_not_read_as_a_form() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bo = person(
        "Bo Chen",
        Some("bo@acme.example"),
        at(2026, 11, 1, 10, 0, 0),
        0,
    );
    export(&d.join("e.csv"), &[bo], Locale::Us);
    import(&d.join("e.csv"), &d.join("R"));
    // A CRM's contacts, exported as CRMs write CSV, with a "Training" field.
    let mut crm = String::from(
        "\"Record ID\",\"First Name\",\"Last Name\",\"Email\",\"Lifecycle Stage\",\"Persona\",\"Training\"\r\n",
    );
    for k in 1..=60 {
        crm.push_str(&format!(
            "\"{k}\",\"Casey\",\"Rossi {k}\",\"c{k}@example.com\",\"Customer\",\"Ops Olivia\",\"\"\r\n"
        ));
    }
    std::fs::write(d.join("R/contacts.csv"), crm).unwrap();
    let (v, err) = score(d, &["R", "--allow-missing"]);
    assert_eq!(v["respondents"], 1, "{err}");
    assert!(
        err.contains(
            "note: R/contacts.csv: not read: only 1 of the questionnaire's 17 questions has a \
             column (\"Training\"), so it is not taken for a form export"
        ),
        "{err}"
    );
    // A later download of the form saved beside the files is still read.
    let cy = person("Cy Diaz", None, at(2026, 11, 2, 10, 0, 0), 2);
    export(&d.join("R/responses (1).csv"), &[cy], Locale::Us);
    let (v, err) = score(d, &["R", "--allow-missing"]);
    assert_eq!(v["respondents"], 2, "{err}");
    // Named on the command line, a table is read as the user says it is an export.
    let (v, err) = score(d, &["R/contacts.csv", "--allow-missing"]);
    assert!(v["respondents"].as_u64().unwrap() > 1, "{err}");
}
