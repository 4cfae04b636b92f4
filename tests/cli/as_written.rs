//! Every person counted once, every answer read as written: each case is an export written the
//! way Google Forms or Microsoft Forms writes it (or a folder of answers files as a team keeps
//! it), damaged or mixed the way real ones are, and what the tool must make of it.

use crate::common::Pm;
use crate::products::{
    answers_file, at, edit_cell, form_questions, google_column, google_csv, google_timestamp,
    microsoft_xlsx, team, Locale, Submission,
};
use serde_json::Value;
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

fn json(r: &crate::common::Ran) -> Value {
    serde_json::from_str(&r.out).unwrap_or_else(|e| panic!("{e}: {r}\n{}", r.out))
}

/// `score ARGS --format json`.
fn score(args: &[&str]) -> crate::common::Ran {
    let mut a = vec!["score"];
    a.extend(args);
    a.extend(["--format", "json"]);
    Pm::new(a).run()
}

/// A folder of three answers files of another team.
fn other_folder(dir: &Path) -> String {
    let qs = form_questions();
    let mut people = team(&qs, 3, &["product"]);
    for (k, p) in people.iter_mut().enumerate() {
        p.name = Some(format!("Other {k}"));
    }
    for (k, p) in people.iter().enumerate() {
        write(
            dir,
            &format!("others/other-{k}.yaml"),
            answers_file(&qs, p, false),
        );
    }
    dir.join("others").to_str().unwrap().to_string()
}

/// The byte where row `row` (as a spreadsheet counts: the header is row 1) starts.
fn row_start(csv: &str, row: usize) -> usize {
    let mut at = 0;
    for _ in 1..row {
        at += csv[at..].find("\r\n").unwrap() + 2;
    }
    at
}

#[test]
fn a_broken_export_contributes_nothing_not_even_its_first_rows() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let csv = google_csv(
        &qs,
        &team(&qs, 24, &["Sales", "Marketing"]),
        Locale::Us,
        &[],
    );
    let others = other_folder(dir.path());
    let row20 = row_start(&csv, 20);
    let dot = row20 + csv[row20..].find('·').unwrap();
    let mut cut = csv.as_bytes()[..dot + 1].to_vec();
    assert!(std::str::from_utf8(&cut).is_err(), "cut inside a character");
    let mut nul = csv.clone().into_bytes();
    nul.insert(dot, 0);
    let stray = format!(
        "{}{}",
        &csv[..row20],
        csv[row20..].replacen("\",\"", ",\"", 1)
    );
    let unclosed = format!(
        "{}{}",
        &csv[..row20],
        csv[row20..].replacen("\",\"", ",", 1)
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "cut.csv",
            std::mem::take(&mut cut),
            "the file ends inside a quoted cell",
        ),
        ("stray.csv", stray.into_bytes(), "the header has 22"),
        ("unclosed.csv", unclosed.into_bytes(), "the header has 22"),
        ("nul.csv", nul, "holds a NUL byte"),
    ];
    for (name, bytes, says) in cases {
        let export = write(dir.path(), name, &bytes);
        let r = score(&[&export, &others]).exits(2).says(says);
        assert!(r.err.contains("nothing was read from this file"), "{r}");
        assert_eq!(json(&r)["respondents"], 3, "{name}: only the folder: {r}");
        // Left out on purpose: still nothing of it.
        let r = score(&[&export, &others, "--skip-invalid"]).exits(0);
        assert_eq!(json(&r)["respondents"], 3, "{name}: {r}");
        assert!(json(&r)["sources"].get(&export).is_none(), "{name}");
    }
}

#[test]
fn other_text_and_numbers_between_levels_are_not_levels() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let people = team(&qs, 6, &["Sales"]);
    let mut csv = google_csv(&qs, &people, Locale::Us, &[]);
    // Google Forms' "Other" option: whatever the person typed, in place of an option.
    for (row, other) in [
        (2, "3 people share it informally"),
        (3, "Emerging markets team keeps them"),
        (4, "4 or 5 k$ a year"),
        // Doubt typed into a text question: a question mark is not a level said plainly.
        (5, "Advancing?"),
    ] {
        csv = edit_cell(&csv, row, google_column(0), other);
    }
    let export = write(dir.path(), "responses.csv", &csv);
    let r = score(&[&export])
        .exits(2)
        .says("row 2 (Person 0): column \"1. Internal Persona Ownership\": \"3 people share it informally\" is not a level")
        .says("\"Emerging markets team keeps them\" is not a level")
        .says("\"4 or 5 k$ a year\" is not a level")
        .says("\"Advancing?\" is not a level")
        .says("4 rows could not be read and are left out of the report above");
    assert_eq!(json(&r)["respondents"], 2, "{r}");
    // Microsoft Forms: a number typed in a text question, kept by Excel as a number.
    let xlsx = dir.path().join("responses.xlsx");
    let ms = team(&qs, 3, &["Sales"]);
    // The first question's column holds numbers: 3, 3.7, 2.
    let qs_less: Vec<_> = qs[1..].to_vec();
    let ms_less: Vec<Submission> = ms
        .iter()
        .map(|s| Submission {
            levels: s.levels[1..].to_vec(),
            ..s.clone()
        })
        .collect();
    microsoft_xlsx(
        &xlsx,
        &qs_less,
        &ms_less,
        &[(qs[0].1.as_str(), vec!["3".into(), "3.7".into(), "2".into()])],
    );
    let r = score(&[xlsx.to_str().unwrap()])
        .exits(2)
        .says("\"3.7\" is not a level");
    assert_eq!(json(&r)["respondents"], 2, "{r}");
}

#[test]
fn options_pasted_under_the_wrong_question_refuse_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let mut swapped = qs.clone();
    // Question 4 (Training) was given question 3's options (Budget Allocation).
    swapped[3].2 = qs[2].2.clone();
    let csv = google_csv(&swapped, &team(&qs, 4, &["Sales"]), Locale::Us, &[]);
    let export = write(dir.path(), "responses.csv", &csv);
    Pm::new(["score", &export])
        .run()
        .exits(2)
        .says("column 9 (I) \"4. Training\" holds")
        .says("an option of question 3 (Budget Allocation), not of Training")
        .says(
            "the options were pasted under the wrong question of the form: its answers cannot be \
             told apart from that question's; nothing was read from this file",
        )
        .says("prints for it, and collect its answers again");
    let out = dir.path().join("out");
    Pm::new(["import", &export, "--out", out.to_str().unwrap()])
        .run()
        .exits(2)
        .says("an option of question 3 (Budget Allocation)");
    assert!(!out.exists());
}

#[test]
fn day_first_timestamps_are_read_day_first_decided_once_for_the_column() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let mut people = team(&qs, 3, &["Sales"]);
    // English (UK): 3 November and 13 November 2025.
    people[0].when = at(2025, 11, 3, 14, 14, 7);
    people[1].when = at(2025, 11, 13, 9, 0, 0);
    people[2].when = at(2025, 11, 12, 16, 30, 0);
    let csv = google_csv(&qs, &people, Locale::Gb, &[]);
    assert!(csv.contains("\"03/11/2025 14:14:07\""), "{csv}");
    let export = write(dir.path(), "responses.csv", &csv);
    let r = score(&[&export]).exits(0);
    let v = json(&r);
    assert_eq!(v["date"], "2025-11-13", "{r}");
    // The report's second line says the range: every date in November.
    let table = Pm::new(["score", &export]).run().exits(0);
    assert!(
        table.out.contains("answered 2025-11-03 to 2025-11-13"),
        "{}",
        table.out
    );
    // Imported: each file's date, day-first.
    let out = dir.path().join("out");
    Pm::new(["import", &export, "--out", out.to_str().unwrap()])
        .run()
        .exits(0);
    let text = std::fs::read_to_string(out.join("person-2.yaml")).unwrap();
    assert!(text.contains("date: 2025-11-12"), "{text}");
    // Nothing in the column decides: month-first, with a warning naming both readings.
    let mut open = team(&qs, 2, &["Sales"]);
    open[0].when = at(2025, 11, 3, 14, 14, 7);
    open[1].when = at(2025, 10, 5, 14, 14, 7);
    let export = write(
        dir.path(),
        "open.csv",
        google_csv(&qs, &open, Locale::Gb, &[]),
    );
    let r = score(&[&export])
        .exits(0)
        .says("can be read day-first or month-first")
        .says("is 11 March 2025 or 3 November 2025")
        .says("--dates day-first");
    assert_eq!(json(&r)["date"], "2025-05-10");
    let r = score(&[&export, "--dates", "day-first"]).exits(0);
    assert_eq!(json(&r)["date"], "2025-11-03");
    assert!(!r.err.contains("day-first or month-first"), "{r}");
    // A date after today is never kept silently.
    let mut late = team(&qs, 1, &["Sales"]);
    late[0].when = at(2099, 1, 5, 10, 0, 0);
    let export = write(
        dir.path(),
        "late.csv",
        google_csv(&qs, &late, Locale::Us, &[]),
    );
    score(&[&export])
        .exits(0)
        .says("is 2099-01-05, after today");
}

#[test]
fn a_reading_that_would_date_a_submission_after_today_is_ruled_out() {
    // 12/11 read month-first is 11 December: after today, it must be 12 November. The day is
    // found relative to today (none exists from 13 December to 31 December: the unit test of
    // the decision covers those days).
    let today = chrono::Local::now().date_naive();
    let found = (1..365).map(|d| today - chrono::Days::new(d)).find(|x| {
        use chrono::Datelike;
        let (m, d) = (x.month(), x.day());
        d <= 12
            && d != m
            && chrono::NaiveDate::from_ymd_opt(x.year(), d, m).is_some_and(|s| s > today)
    });
    let Some(x) = found else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let mut people = team(&qs, 1, &["Sales"]);
    people[0].when = x.and_hms_opt(10, 0, 0).unwrap();
    let export = write(
        dir.path(),
        "responses.csv",
        google_csv(&qs, &people, Locale::Gb, &[]),
    );
    let r = score(&[&export])
        .exits(0)
        .says("are read day-first: read month-first")
        .says("would be after today");
    assert_eq!(json(&r)["date"], x.to_string());
}

#[test]
fn name_role_and_organization_come_from_their_own_columns_only() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let mut people = team(&qs, 24, &["Sales", "Marketing", "Product"]);
    for p in &mut people {
        p.email = None;
    }
    let extra = [
        ("Company size", vec!["201-500".to_string(); 24]),
        (
            "Which team do you work with most?",
            vec!["Sales".to_string(); 24],
        ),
        ("Your manager's name", vec!["Alex Boss".to_string(); 24]),
    ];
    let export = write(
        dir.path(),
        "responses.csv",
        google_csv(&qs, &people, Locale::Us, &extra),
    );
    let r = score(&[&export]).exits(0);
    let v = json(&r);
    assert_eq!(v["respondents"], 24, "no one collapsed into one: {r}");
    assert_eq!(v["organization"], "Acme");
    assert_eq!(v["roles"]["marketing"], 8, "{}", v["roles"]);
    assert_eq!(v["roles"]["sales"], 8);
    let out = dir.path().join("out");
    Pm::new(["import", &export, "--out", out.to_str().unwrap()])
        .run()
        .exits(0)
        .says("\"Company size\" (not read as the organization: --map says if it is)")
        .says("\"Your manager's name\" (not read as the name");
    // Two columns as sure as each other for the role: refused, and --print-map says which.
    let two = google_csv(
        &qs,
        &people,
        Locale::Us,
        &[("Team", vec!["Sales".into(); 24])],
    )
    .replacen("\"Your role or team\"", "\"Role\"", 1);
    let export = write(dir.path(), "two.csv", two);
    Pm::new(["score", &export])
        .run()
        .exits(2)
        .says("columns 4 (D) \"Role\" and 23 (W) \"Team\" could both be the respondent's role");
    let map = Pm::new(["import", &export, "--print-map"]).run().exits(0);
    assert!(
        map.out.contains(
            "\"Role\": role   # two columns could be the role: set one of them to ignore"
        ),
        "{}",
        map.out
    );
}

#[test]
fn the_latest_submission_is_the_latest_by_its_timestamp_not_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let mut people = team(&qs, 8, &["Sales"]);
    // Row 2 (dated 12 Nov) and row 8 (dated 4 Nov) are the same person: the export was sorted
    // by name, not by time.
    people[0].when = at(2025, 11, 12, 10, 0, 0);
    people[6] = Submission {
        when: at(2025, 11, 4, 10, 0, 0),
        levels: vec![Some(0); qs.len()],
        ..people[0].clone()
    };
    let export = write(
        dir.path(),
        "responses.csv",
        google_csv(&qs, &people, Locale::Us, &[]),
    );
    let r = score(&[&export]).exits(0).says("rows 2, 8 (row 2 counted)");
    let v = json(&r);
    assert_eq!(v["respondents"], 7);
    let out = dir.path().join("out");
    Pm::new(["import", &export, "--out", out.to_str().unwrap()])
        .run()
        .exits(0)
        .says("Person 0: rows 2, 8 (row 2 counted)");
    let text = std::fs::read_to_string(out.join("person-0.yaml")).unwrap();
    assert!(text.contains("date: 2025-11-12"), "{text}");
    let first = dir.path().join("first");
    Pm::new([
        "import",
        &export,
        "--out",
        first.to_str().unwrap(),
        "--keep",
        "first",
    ])
    .run()
    .exits(0)
    .says("(row 8 counted)");
}

#[test]
fn an_imported_file_holds_no_email_and_is_recognised_beside_its_export() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let people = team(&qs, 24, &["Sales", "Marketing"]);
    let export = write(
        dir.path(),
        "responses.csv",
        google_csv(&qs, &people, Locale::Us, &[]),
    );
    let out = dir.path().join("responses");
    Pm::new(["import", &export, "--out", out.to_str().unwrap()])
        .run()
        .exits(0);
    for f in std::fs::read_dir(&out).unwrap() {
        let p = f.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(!text.contains("acme.example"), "{}: {text}", p.display());
        assert!(
            !p.to_str().unwrap().contains("acme-example"),
            "{}",
            p.display()
        );
        assert!(text.contains("; response "), "{text}");
    }
    // Given together, the export and the folder imported from it are the same 24 people.
    let o = out.to_str().unwrap();
    let r = score(&[&export, o])
        .exits(0)
        .says("24 responses were read more than once");
    assert_eq!(json(&r)["respondents"], 24, "{r}");
    assert_eq!(json(&r)["duplicates"], 24);
    // So are an export and a copy of it downloaded again, renamed.
    let again = write(
        dir.path(),
        "responses (1).csv",
        std::fs::read(&export).unwrap(),
    );
    let r = score(&[&export, &again, o]).exits(0);
    assert_eq!(json(&r)["respondents"], 24, "{r}");
    // And the folder alone gives what the export gives.
    let a = json(&score(&[o]).exits(0));
    let b = json(&score(&[&export]).exits(0));
    assert_eq!(a["attributes"], b["attributes"]);
}

#[test]
fn copies_re_downloads_and_a_path_given_twice_count_once() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let mut sam = team(&qs, 1, &["Sales"]).remove(0);
    sam.name = Some("Sam Lee".into());
    sam.levels = vec![Some(0); qs.len()];
    sam.when = at(2025, 11, 3, 0, 0, 0);
    let later = Submission {
        levels: vec![Some(3); qs.len()],
        when: at(2025, 11, 12, 0, 0, 0),
        ..sam.clone()
    };
    let f = dir.path().join("answers");
    write(&f, "sam.yaml", answers_file(&qs, &sam, false));
    write(&f, "old/sam.yaml", answers_file(&qs, &sam, false));
    let folder = f.to_str().unwrap();
    let r = score(&[folder])
        .exits(0)
        .says("1 response was read more than once")
        .says("old/sam.yaml");
    let v = json(&r);
    assert_eq!(v["respondents"], 1);
    assert_eq!(v["overall"]["score"], 1.0, "a backup copy changes nothing");
    // The same path twice.
    let one = f.join("sam.yaml");
    let one = one.to_str().unwrap();
    assert_eq!(json(&score(&[one, one]).exits(0))["respondents"], 1);
    // A re-download with later answers: the latest counts, and the files are named.
    write(&f, "sam (1).toml", answers_file(&qs, &later, true));
    let r = score(&[folder])
        .exits(0)
        .says("1 person submitted more than once")
        .says("sam (1).toml (counted)");
    let v = json(&r);
    assert_eq!(v["respondents"], 1);
    assert_eq!(v["overall"]["score"], 4.0);
    assert_eq!(v["repeated_submissions"]["left_out"], 1);
    let r = score(&[folder, "--keep", "first"]).exits(0);
    assert_eq!(json(&r)["overall"]["score"], 1.0);
    let r = score(&[folder, "--keep", "all"]).exits(0);
    assert_eq!(json(&r)["respondents"], 2, "copies still count once: {r}");
}

#[test]
fn a_file_without_an_organization_leaves_the_one_named() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let mut people = team(&qs, 3, &["Sales"]);
    people[2].organization = None;
    for (k, p) in people.iter().enumerate() {
        write(
            dir.path(),
            &format!("p{k}.yaml"),
            answers_file(&qs, p, false),
        );
    }
    let d = dir.path().to_str().unwrap();
    let v = json(&score(&[d]).exits(0));
    assert_eq!(v["organization"], "Acme");
    assert_eq!(v["organization_unknown"], 1);
    assert!(v.get("organizations").is_none(), "{v}");
    let table = Pm::new(["score", d]).run().exits(0);
    assert!(table.out.contains("· Acme\n"), "{}", table.out);
    assert!(
        table
            .out
            .replace('\n', " ")
            .contains("1 respondent named no organization"),
        "{}",
        table.out
    );
    assert!(
        !table.out.contains("several organizations"),
        "{}",
        table.out
    );
}

#[test]
fn comments_reach_the_combined_report_in_every_format_by_team() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let people = team(&qs, 3, &["Sales", "Marketing"]);
    let training = qs.iter().find(|q| q.0 == "training").unwrap();
    let extra = [
        (
            format!("{} — comments", training.1),
            vec![
                "Only sales took it".to_string(),
                String::new(),
                "Twice a year".to_string(),
            ],
        ),
        (
            "Any comments?".to_string(),
            vec![
                String::new(),
                "Great start, slow rollout".to_string(),
                String::new(),
            ],
        ),
    ];
    let extra: Vec<(&str, Vec<String>)> =
        extra.iter().map(|(h, c)| (h.as_str(), c.clone())).collect();
    let export = write(
        dir.path(),
        "responses.csv",
        google_csv(&qs, &people, Locale::Us, &extra),
    );
    let v = json(&score(&[&export]).exits(0));
    let comments = v["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 3, "{}", v["comments"]);
    assert!(comments.contains(&serde_json::json!({
        "attribute": "training", "role": "sales", "text": "Only sales took it"
    })));
    assert!(comments.contains(&serde_json::json!({
        "attribute": null, "role": "marketing", "text": "Great start, slow rollout"
    })));
    let table = Pm::new(["score", &export]).run().exits(0).out;
    assert!(table.contains("Comments (3)"), "{table}");
    assert!(table.contains("- sales: Only sales took it"), "{table}");
    assert!(table.contains("On the whole questionnaire"), "{table}");
    let md = Pm::new(["score", &export, "--format", "markdown"])
        .run()
        .exits(0)
        .out;
    assert!(md.contains("## Comments"), "{md}");
    assert!(
        md.contains("- **marketing**: Great start, slow rollout"),
        "{md}"
    );
    let html = Pm::new(["score", &export, "--format", "html"])
        .run()
        .exits(0)
        .out;
    assert!(html.contains("<h2>Comments</h2>"), "{html}");
    assert!(html.contains("Only sales took it"));
    let csv = Pm::new(["score", &export, "--format", "csv"])
        .run()
        .exits(0)
        .out;
    assert!(csv.contains("sales: Only sales took it"), "{csv}");
    assert!(
        csv.contains("(the whole questionnaire)") && csv.contains("marketing: Great start"),
        "{csv}"
    );
    // Imported, the folder says the same.
    let out = dir.path().join("out");
    Pm::new(["import", &export, "--out", out.to_str().unwrap()])
        .run()
        .exits(0);
    let f = json(&score(&[out.to_str().unwrap()]).exits(0));
    assert_eq!(f["comments"], v["comments"]);
}

#[test]
fn roles_typed_freely_are_grouped_and_can_be_aliased() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let roles = [
        "Marketing",
        "marketing team",
        "Mktg",
        "Marketing Ops",
        "SDR",
        "Sales",
        "Sales",
    ];
    let people = team(&qs, roles.len(), &roles);
    let export = write(
        dir.path(),
        "responses.csv",
        google_csv(&qs, &people, Locale::Us, &[]),
    );
    let r = score(&[&export])
        .exits(0)
        .says("\"marketing\", \"marketing team\", \"mktg\" counted as one team, \"marketing\"")
        .says("one respondent each: \"marketing ops\", \"sdr\"")
        .says("--role-alias");
    let v = json(&r);
    assert_eq!(v["roles"]["marketing"], 3, "{}", v["roles"]);
    let r = score(&[
        &export,
        "--role-alias",
        "SDR=sales",
        "--role-alias",
        "Marketing Ops=marketing",
    ])
    .exits(0);
    let v = json(&r);
    assert_eq!(v["roles"]["marketing"], 4, "{}", v["roles"]);
    assert_eq!(v["roles"]["sales"], 3);
    assert!(v["roles"].get("sdr").is_none());
}

#[test]
fn one_bad_cell_is_one_row_left_out_not_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let people = team(&qs, 24, &["Sales"]);
    let csv = google_csv(&qs, &people, Locale::Us, &[]);
    let bad = edit_cell(&csv, 5, google_column(2), "Expert at it");
    let export = write(dir.path(), "responses.csv", bad);
    let r = Pm::new(["score", &export]).run().exits(2).says(
        "1 row could not be read and is left out of the report above (the other 23 rows are read)",
    );
    assert!(!r.err.contains("1 file could not be read"), "{r}");
}

#[test]
fn score_reads_a_unicode_text_export_as_import_does() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::fs::read("tests/fixtures/forms/unicode-text.txt").unwrap();
    let txt = write(dir.path(), "responses.txt", &fixture);
    let r = score(&[&txt]).exits(0);
    let v = json(&r);
    assert_eq!(v["respondents"], 3, "{r}");
    // In a folder too (a UTF-8 notes.txt beside it is not read).
    write(dir.path(), "notes.txt", "call Dana about the survey\n");
    let folder = dir.path().to_str().unwrap();
    assert_eq!(json(&score(&[folder]).exits(0))["respondents"], 3);
    // Google's own timestamp, read from the US export too.
    assert_eq!(
        google_timestamp(at(2026, 11, 3, 14, 14, 7), Locale::Us),
        "2026/11/03 2:14:07 PM GMT+1"
    );
}

#[test]
fn the_latest_submission_is_the_latest_instant_whatever_the_offset_written() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let mut people = team(&qs, 4, &["Sales"]);
    // A form that collects no email: people are known by name, role and organization.
    for p in &mut people {
        p.email = None;
    }
    // Across the clock change at the end of summer time: row 2 at 2:40 AM GMT+2 (00:40 UTC)
    // was submitted before row 5 at 2:10 AM GMT+1 (01:10 UTC), though its clock says later.
    people[0].when = at(2026, 10, 25, 2, 40, 22);
    people[0].gmt = 120;
    people[0].levels = vec![Some(0); qs.len()];
    people.push(Submission {
        when: at(2026, 10, 25, 2, 10, 5),
        gmt: 60,
        levels: vec![Some(3); qs.len()],
        ..people[0].clone()
    });
    let csv = google_csv(&qs, &people, Locale::Us, &[]);
    assert!(csv.contains("\"2026/10/25 2:40:22 AM GMT+2\""), "{csv}");
    assert!(csv.contains("\"2026/10/25 2:10:05 AM GMT+1\""), "{csv}");
    let export = write(dir.path(), "responses.csv", &csv);
    let r = score(&[&export]).exits(0).says("rows 2, 6 (row 6 counted)");
    let v = json(&r);
    assert_eq!(v["respondents"], 4);
    assert_eq!(
        v["attributes"][0]["counts"]["fully-optimized"].as_u64(),
        Some(
            people[1..4]
                .iter()
                .filter(|p| p.levels[0] == Some(3))
                .count() as u64
                + 1
        )
    );
    // `import` keeps the same one, and its file records the offset with the time.
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    Pm::new(["import", &export, "--out", o])
        .run()
        .exits(0)
        .says("Person 0: rows 2, 6 (row 6 counted)");
    let text = std::fs::read_to_string(out.join("person-0.yaml")).unwrap();
    assert!(
        text.contains("submitted 2026-10-25 02:10:05 +01:00."),
        "{text}"
    );
    assert!(text.contains("fully-optimized"), "{text}");
    // A file imported from the later row beside an export holding only the earlier one: the
    // file counts, by the instant it records.
    let earlier = write(
        dir.path(),
        "earlier.csv",
        google_csv(&qs, &people[..4], Locale::Us, &[]),
    );
    let r = score(&[&earlier, o]).exits(0).says("(counted)");
    let v = json(&r);
    assert_eq!(v["respondents"], 4, "{r}");
    assert_eq!(v["repeated_submissions"]["left_out"], 1, "{r}");
    assert!(
        r.err.contains("person-0.yaml (counted)"),
        "the imported later submission counts: {r}"
    );
    // Between offsets: 11:30 PM GMT-5 on the 3rd is after 2:00 AM GMT+1 on the 4th.
    let mut two = vec![people[0].clone(), people[0].clone()];
    two[0].when = at(2026, 11, 3, 23, 30, 0);
    two[0].gmt = -300;
    two[0].levels = vec![Some(2); qs.len()];
    two[1].when = at(2026, 11, 4, 2, 0, 0);
    two[1].gmt = 60;
    two[1].levels = vec![Some(1); qs.len()];
    let travel = write(
        dir.path(),
        "travel.csv",
        google_csv(&qs, &two, Locale::Us, &[]),
    );
    let r = score(&[&travel]).exits(0).says("rows 2, 3 (row 2 counted)");
    let v = json(&r);
    assert_eq!(v["overall"]["level"], "advancing", "{r}");
    // The day the report gives is the day the respondent's clock said (04:30 UTC on the 4th).
    let table = Pm::new(["score", &travel]).run().exits(0);
    assert!(table.out.contains("on 2026-11-03"), "{}", table.out);
}

#[test]
fn a_person_whose_latest_submission_cannot_be_read_is_left_out_not_counted_by_an_older_one() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let mut people = team(&qs, 4, &["Sales"]);
    people[0].when = at(2026, 11, 2, 9, 0, 0);
    people[0].levels = vec![Some(0); qs.len()];
    people.push(Submission {
        when: at(2026, 11, 12, 9, 0, 0),
        levels: vec![Some(3); qs.len()],
        ..people[0].clone()
    });
    // Row 6, Person 0's latest, holds a cell that is not a level.
    let csv = google_csv(&qs, &people, Locale::Us, &[]);
    let bad = edit_cell(&csv, 6, google_column(2), "Expert at it");
    let export = write(dir.path(), "responses.csv", &bad);
    let r = score(&[&export, "--skip-invalid"])
        .exits(0)
        .says("warning: skipped ")
        .says("row 6 (Person 0)")
        .says("1 person is left out: the latest submission could not be read")
        .says("Person 0: ")
        .says("row 6 could not be read; ")
        .says("row 2 not counted in its place")
        .says("rows 2, 6 (row 6 could not be read: none counted)");
    let v = json(&r);
    assert_eq!(
        v["respondents"], 3,
        "row 2's stale answers are not counted: {r}"
    );
    assert_eq!(
        v["attributes"][0]["counts"]["experimenting"]
            .as_u64()
            .unwrap(),
        people[1..4]
            .iter()
            .filter(|p| p.levels[0] == Some(0))
            .count() as u64,
        "{r}"
    );
    // Without --skip-invalid, the same report and exit 2.
    let r = score(&[&export]).exits(2);
    assert_eq!(json(&r)["respondents"], 3, "{r}");
    // `import` writes no file for Person 0, and says why.
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let r = Pm::new(["import", &export, "--out", o, "--skip-invalid"])
        .run()
        .exits(0)
        .says("1 person is left out: the latest submission could not be read")
        .says("Person 0: row 6, the latest, could not be read; row 2 not counted in its place")
        .says("3 answers files written");
    assert!(!out.join("person-0.yaml").exists(), "{r}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 3);
    // The folder scores as the export does.
    assert_eq!(json(&score(&[o]).exits(0))["respondents"], 3);
    // When the row that cannot be read is the older one, the latest counts as usual.
    let mut swapped = people.clone();
    swapped[0].when = at(2026, 11, 20, 9, 0, 0);
    let csv = google_csv(&qs, &swapped, Locale::Us, &[]);
    let older_bad = write(
        dir.path(),
        "older-bad.csv",
        edit_cell(&csv, 6, google_column(2), "Expert at it"),
    );
    let r = score(&[&older_bad, "--skip-invalid"])
        .exits(0)
        .says("rows 2, 6 (row 2 counted)");
    assert!(!r.err.contains("left out: the latest"), "{r}");
    assert_eq!(json(&r)["respondents"], 4);
    let out2 = dir.path().join("out2");
    Pm::new([
        "import",
        &older_bad,
        "--out",
        out2.to_str().unwrap(),
        "--skip-invalid",
    ])
    .run()
    .exits(0)
    .says("4 answers files written");
    let text = std::fs::read_to_string(out2.join("person-0.yaml")).unwrap();
    assert!(text.contains("date: 2026-11-20"), "{text}");
}

#[test]
fn an_export_in_a_folder_is_read_and_its_rows_count_once_beside_the_files_imported_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let qs = form_questions();
    let people = team(&qs, 4, &["Sales", "Marketing"]);
    // The first download held three people; it was imported.
    let first = write(
        dir.path(),
        "download-1/responses.csv",
        google_csv(&qs, &people[..3], Locale::Us, &[]),
    );
    let folder = dir.path().join("responses");
    let f = folder.to_str().unwrap();
    Pm::new(["import", &first, "--out", f]).run().exits(0);
    // A later download, with a fourth person, saved beside the imported files.
    write(
        &folder,
        "responses (1).csv",
        google_csv(&qs, &people, Locale::Us, &[]),
    );
    let r = score(&[f])
        .exits(0)
        .says("3 responses were read more than once")
        // Each row named by its export, not by the folder it was found in.
        .says("responses (1).csv row 2, ");
    let v = json(&r);
    assert_eq!(v["respondents"], 4, "the fourth person counts: {r}");
    // Given again beside the folder, nothing changes.
    let whole = write(
        dir.path(),
        "responses.csv",
        google_csv(&qs, &people, Locale::Us, &[]),
    );
    assert_eq!(json(&score(&[f, &whole]).exits(0))["respondents"], 4);
    // A folder holding only an export is read as the export is.
    let only = dir.path().join("only");
    write(
        &only,
        "responses.csv",
        google_csv(&qs, &people, Locale::Us, &[]),
    );
    let a = json(&score(&[only.to_str().unwrap()]).exits(0));
    let b = json(&score(&[&whole]).exits(0));
    assert_eq!(a["respondents"], 4);
    assert_eq!(a["attributes"], b["attributes"]);
    // A table that is no form export (an interview log) is named and left alone; Excel's lock
    // file of an open workbook is not read.
    write(
        &only,
        "interviews.csv",
        "\"date\",\"persona\",\"interviewer\"\r\n\"2026-10-01\",\"Ops Olivia\",\"Ana\"\r\n",
    );
    write(&only, "~$responses.xlsx", b"\x00lock");
    let r = score(&[only.to_str().unwrap()])
        .exits(0)
        .says("interviews.csv: not read: no column names a question of the questionnaire");
    assert_eq!(json(&r)["respondents"], 4);
    // A folder with nothing to read names what it looked for.
    let empty = dir.path().join("empty");
    write(
        &empty,
        "interviews.csv",
        "\"date\",\"persona\"\r\n\"2026-10-01\",\"Ops\"\r\n",
    );
    Pm::new(["score", empty.to_str().unwrap()])
        .run()
        .exits(2)
        .says("interviews.csv: not read")
        .says("no answers files (.yaml, .yml or .toml) or form exports with responses found");
}

#[test]
fn standard_input_takes_an_answers_file_and_says_how_to_score_an_export() {
    let qs = form_questions();
    let csv = google_csv(&qs, &team(&qs, 2, &["Sales"]), Locale::Us, &[]);
    for flags in [&[][..], &["--input-format", "yaml"][..]] {
        let mut args = vec!["score", "-"];
        args.extend(flags);
        let (code, _, err) = crate::common::run_stdin(&args, &csv);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("persona-maturity score responses.csv"),
            "{flags:?}: {err}"
        );
    }
    let (_, _, err) = crate::common::run_stdin(&["score", "-", "--input-format", "yaml"], &csv);
    assert!(
        err.contains("standard input holds a form export; standard input takes one answers file"),
        "{err}"
    );
}
