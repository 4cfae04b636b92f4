//! Collecting answers with a form: `form` prints the questionnaire, a form service's export comes
//! back through `import` (one answers file per response) and `score` (the export directly).
//! Exports are built here the way Google Forms and Microsoft Forms write them, from the form's
//! own JSON, and the realistic fixtures in tests/fixtures/forms/ cover their quirks.

use crate::common::Pm;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const FORMS: &str = "tests/fixtures/forms";

pub(crate) fn form_json() -> Value {
    let r = Pm::new(["form", "--format", "json"]).run().exits(0);
    serde_json::from_str(&r.out).unwrap()
}

/// A question of the form: attribute id, title, options (level id or none, text).
pub(crate) type Question = (String, String, Vec<(Option<String>, String)>);

/// The form's questions.
pub(crate) fn questions(form: &Value) -> Vec<Question> {
    form["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["attribute"].as_str().unwrap().to_string(),
                q["title"].as_str().unwrap().to_string(),
                q["options"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| {
                        (
                            o["level"].as_str().map(String::from),
                            o["text"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

/// A respondent: name, email, role, and per question the option chosen (index into options;
/// the last is "Not sure").
pub(crate) struct Person {
    pub name: &'static str,
    pub email: &'static str,
    pub role: &'static str,
    pub choices: Vec<usize>,
}

pub(crate) fn people(n_questions: usize) -> Vec<Person> {
    let pick =
        |seed: usize| -> Vec<usize> { (0..n_questions).map(|q| (q * 7 + seed * 3) % 5).collect() };
    vec![
        Person {
            name: "Dana Reyes",
            email: "dana@example.com",
            role: "Marketing",
            choices: pick(1),
        },
        Person {
            name: "Sam \"Sammy\" O'Lee: #1, sales",
            email: "sam@example.com",
            role: "Sales",
            choices: pick(2),
        },
        Person {
            name: "Zoë Núñez 李",
            email: "zoe@example.com",
            role: "product",
            choices: pick(3),
        },
    ]
}

/// The answers file's `answers` as attribute id → level id (or `unsure`).
pub(crate) fn answers_of(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    doc["answers"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().unwrap().to_string(),
                v.as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn expected(qs: &[Question], p: &Person) -> BTreeMap<String, String> {
    qs.iter()
        .zip(&p.choices)
        .map(|((id, _, opts), &c)| {
            (
                id.clone(),
                opts[c].0.clone().unwrap_or_else(|| "unsure".to_string()),
            )
        })
        .collect()
}

/// A Google Forms "Download responses (.csv)": every field quoted, CRLF.
pub(crate) fn google_csv(form: &Value, people: &[Person]) -> String {
    let qs = questions(form);
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut header = vec!["Timestamp".to_string(), "Email address".to_string()];
    header.extend(
        form["respondent_fields"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["id"] != "email")
            .map(|f| f["title"].as_str().unwrap().to_string()),
    );
    header.extend(qs.iter().map(|q| q.1.clone()));
    w.write_record(&header).unwrap();
    for (k, p) in people.iter().enumerate() {
        let mut row = vec![
            format!("2026/03/1{} 10:02:11 AM GMT+1", k + 4),
            p.email.to_string(),
            p.name.to_string(),
            p.role.to_string(),
            "Acme Corp".to_string(),
        ];
        row.extend(qs.iter().zip(&p.choices).map(|(q, &c)| q.2[c].1.clone()));
        w.write_record(&row).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn a_google_forms_export_built_from_form_comes_back_with_nothing_lost() {
    let form = form_json();
    let qs = questions(&form);
    let people = people(qs.len());
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("Persona maturity (Responses).csv");
    std::fs::write(&export, google_csv(&form, &people)).unwrap();
    let out = dir.path().join("responses");
    let r = Pm::new([
        "import",
        export.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .run()
    .exits(0)
    .says("3 responses read");
    assert_eq!(r.out.lines().count(), 3, "one path a file: {}", r.out);
    let names = [
        "dana-reyes.yaml",
        "sam-sammy-o-lee-1-sales.yaml",
        "zoe-nunez-李.yaml",
    ];
    for (p, name) in people.iter().zip(names) {
        let path = out.join(name);
        assert!(path.exists(), "{name} missing; wrote:\n{}", r.out);
        assert_eq!(answers_of(&path), expected(&qs, p), "{name}");
        let doc: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(doc["respondent"]["name"].as_str(), Some(p.name));
        assert_eq!(doc["respondent"]["role"].as_str(), Some(p.role));
        assert_eq!(doc["organization"].as_str(), Some("Acme Corp"));
        assert_eq!(
            doc["rubric"].as_str(),
            Some("persona-optimization-framework@1.0.0")
        );
    }
    let doc: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(out.join(names[0])).unwrap()).unwrap();
    assert_eq!(doc["date"].as_str(), Some("2026-03-14"));

    // The export scored directly gives the report of the imported folder.
    let folder = Pm::new(["score", out.to_str().unwrap(), "--format", "json"])
        .run()
        .exits(0);
    let direct = Pm::new(["score", export.to_str().unwrap(), "--format", "json"])
        .run()
        .exits(0);
    let mut a: Value = serde_json::from_str(&folder.out).unwrap();
    let mut b: Value = serde_json::from_str(&direct.out).unwrap();
    assert_eq!(b["respondents"], 3);
    a["source"] = Value::Null;
    b["source"] = Value::Null;
    assert_eq!(a, b);
}

#[test]
fn a_microsoft_forms_workbook_with_date_cells_comes_back_with_nothing_lost() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let form = form_json();
    let qs = questions(&form);
    let people = people(qs.len());
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("Persona maturity(1-3).xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Sheet1").unwrap();
    let date = Format::new().set_num_format("m/d/yy h:mm:ss");
    // Columns as Microsoft Forms writes them, then the questions in another order.
    let mut header: Vec<String> = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Last modified time",
        "Your role or team",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let order: Vec<usize> = (0..qs.len()).rev().collect();
    header.extend(order.iter().map(|&i| qs[i].1.clone()));
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    for (k, p) in people.iter().enumerate() {
        let row = k as u32 + 1;
        sheet.write_number(row, 0, (k + 1) as f64).unwrap();
        let when = ExcelDateTime::from_ymd(2026, 3, 14 + k as u8)
            .unwrap()
            .and_hms(10, 2, 11)
            .unwrap();
        sheet
            .write_datetime_with_format(row, 1, &when, &date)
            .unwrap();
        sheet
            .write_datetime_with_format(row, 2, &when, &date)
            .unwrap();
        // The second respondent answered anonymously.
        let (email, name) = if k == 1 {
            ("anonymous", "Anonymous")
        } else {
            (p.email, p.name)
        };
        sheet.write_string(row, 3, email).unwrap();
        sheet.write_string(row, 4, name).unwrap();
        sheet.write_string(row, 6, p.role).unwrap();
        for (c, &i) in order.iter().enumerate() {
            sheet
                .write_string(row, 7 + c as u16, &qs[i].2[p.choices[i]].1)
                .unwrap();
        }
    }
    book.save(&xlsx).unwrap();
    let out = dir.path().join("out");
    Pm::new([
        "import",
        xlsx.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "toml",
    ])
    .run()
    .exits(0)
    .says("2 columns not read: \"Start time\", \"Last modified time\"");
    let files = ["dana-reyes.toml", "response-2.toml", "zoe-nunez-李.toml"];
    for (k, (p, name)) in people.iter().zip(files).enumerate() {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        let doc: toml::Table = text.parse().unwrap();
        let answers: BTreeMap<String, String> = doc["answers"]
            .as_table()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect();
        assert_eq!(answers, expected(&qs, p), "{name}");
        assert_eq!(
            doc["date"].as_datetime().map(|d| d.to_string()),
            Some(format!("2026-03-{}", 14 + k)),
            "{name}: the Excel date cell is the answers file's date"
        );
    }
    // Scored directly, the workbook is three respondents.
    let r = Pm::new(["score", xlsx.to_str().unwrap(), "--format", "json"])
        .run()
        .exits(0);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["respondents"], 3);
}

/// Import a fixture into a fresh folder; the run and the folder.
fn import_fixture(name: &str, extra: &[&str]) -> (crate::common::Ran, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "import".to_string(),
        format!("{FORMS}/{name}"),
        "--out".to_string(),
        dir.path().to_str().unwrap().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    (Pm::new(args).run(), dir)
}

pub(crate) fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn every_realistic_export_imports_the_same_three_people() {
    // The same three responses, as each service or tool writes them.
    let reference = {
        let (r, dir) = import_fixture("google-forms.csv", &[]);
        r.exits(0);
        let files = files_in(dir.path());
        let answers: Vec<_> = files
            .iter()
            .map(|f| answers_of(&dir.path().join(f)))
            .collect();
        (files, answers)
    };
    assert_eq!(
        reference.0,
        [
            "dana-reyes.yaml",
            "sam-sammy-lee.yaml",
            "zoe-o-brien-product-1.yaml"
        ]
    );
    assert_eq!(
        reference.1[0]["use-of-data-to-refine"], "unsure",
        "Not sure"
    );
    for (fixture, names) in [
        // BOM, "Email Address", reordered columns, an extra column with a line break, a row
        // without a name (named by its email).
        (
            "google-forms-older.csv",
            [
                "dana-reyes.yaml",
                // Never named from the email: the file may be shared.
                "response-2.yaml",
                "zoe-o-brien-product-1.yaml",
            ],
        ),
        // A quiz: a total score and per question score and feedback columns.
        (
            "google-forms-quiz.csv",
            [
                "dana-reyes.yaml",
                "sam-sammy-lee.yaml",
                "zoe-o-brien-product-1.yaml",
            ],
        ),
        // Microsoft Forms saved as CSV (BOM, ID, times, an anonymous response named by its ID).
        (
            "microsoft-forms.csv",
            [
                "dana-reyes.yaml",
                "response-2.yaml",
                "zoe-o-brien-product-1.yaml",
            ],
        ),
        // Excel "Unicode text": UTF-16 with tabs.
        (
            "unicode-text.txt",
            [
                "dana-reyes.yaml",
                "sam-sammy-lee.yaml",
                "zoe-o-brien-product-1.yaml",
            ],
        ),
    ] {
        let (r, dir) = import_fixture(fixture, &[]);
        let r = r.exits(0);
        assert_eq!(files_in(dir.path()), names, "{fixture}\n{r}");
        for (k, f) in names.iter().enumerate() {
            assert_eq!(
                answers_of(&dir.path().join(f)),
                reference.1[k],
                "{fixture}: {f}"
            );
        }
    }
}

#[test]
fn a_spreadsheet_someone_filled_in_is_read_by_level_numbers_and_names() {
    // A sheet with four of the seventeen questions: said, and read on purpose.
    let (r, _dir) = import_fixture("spreadsheet.csv", &[]);
    r.exits(2)
        .says("13 attributes of the questionnaire have no column; nothing was read")
        .says("or pass --allow-missing");
    let (r, dir) = import_fixture("spreadsheet.csv", &["--allow-missing"]);
    r.exits(0)
        .says("13 attributes have no column; every respondent leaves them unanswered");
    let ana = answers_of(&dir.path().join("ana-silva.yaml"));
    assert_eq!(ana["training"], "advancing");
    assert_eq!(ana["budget-allocation"], "advancing");
    assert_eq!(ana["executive-sponsorship"], "emerging");
    assert_eq!(ana["frequency-of-updates"], "unsure");
    let bo = answers_of(&dir.path().join("bo-chen.yaml"));
    assert_eq!(bo["training"], "emerging");
    assert_eq!(bo["budget-allocation"], "experimenting");
    assert_eq!(bo["executive-sponsorship"], "fully-optimized");
    let text = std::fs::read_to_string(dir.path().join("bo-chen.yaml")).unwrap();
    assert!(text.contains("role: Sales"), "{text}");
}

#[test]
fn cells_that_are_not_levels_are_named_with_their_line_and_the_other_rows_still_written() {
    let (r, dir) = import_fixture("not-levels.csv", &["--allow-missing"]);
    let r = r
        .exits(2)
        .says(
            "error: tests/fixtures/forms/not-levels.csv: row 2 (Dana Reyes): column \"1. \
             Internal Persona Ownership\": \"Emergin\" is not a level (did you mean \
             \"Emerging\"?)",
        )
        .says("not-levels.csv: row 3 (Sam Lee): column \"4. Training\": \"5\" is not a level")
        .says("2 rows could not be read and were not written")
        .says(
            "the other rows are written: fix the cells named above (or map them with --map) and \
             import again with --force, or, to leave those rows out on purpose, import again \
             with --skip-invalid --force",
        );
    assert_eq!(files_in(dir.path()), ["kim-park.yaml"], "{r}");
    // The command it suggests works on the folder the failed import wrote to.
    Pm::new([
        "import",
        &format!("{FORMS}/not-levels.csv"),
        "--out",
        dir.path().to_str().unwrap(),
        "--allow-missing",
        "--skip-invalid",
        "--force",
    ])
    .run()
    .exits(0);
    assert_eq!(files_in(dir.path()), ["kim-park.yaml"]);
    // On purpose: the same, exit 0.
    let (r, dir) = import_fixture("not-levels.csv", &["--skip-invalid", "--allow-missing"]);
    let r = r
        .exits(0)
        .says("warning: skipped ")
        .says("row 3 (Sam Lee): column \"4. Training\": \"5\" is not a level");
    assert!(
        !r.err.contains("error:"),
        "left out on purpose, not an error: {r}"
    );
    assert_eq!(files_in(dir.path()), ["kim-park.yaml"]);
    // `score` on the export: the rows are named by row and respondent, and left out.
    Pm::new([
        "score",
        &format!("{FORMS}/not-levels.csv"),
        "--allow-missing",
    ])
    .run()
    .exits(2)
    .says("tests/fixtures/forms/not-levels.csv: row 2 (Dana Reyes): column");
}

#[test]
fn existing_answers_files_are_never_replaced_without_force() {
    let (r, dir) = import_fixture("google-forms.csv", &[]);
    r.exits(0);
    let dana = dir.path().join("dana-reyes.yaml");
    std::fs::write(&dana, "# my own edits\nanswers: {training: advancing}\n").unwrap();
    std::fs::remove_file(dir.path().join("sam-sammy-lee.yaml")).unwrap();
    let out = dir.path().to_str().unwrap();
    Pm::new(["import", &format!("{FORMS}/google-forms.csv"), "--out", out])
        .run()
        .exits(2)
        .says("2 answers files are already there; nothing was written")
        .says("--force");
    assert!(std::fs::read_to_string(&dana)
        .unwrap()
        .contains("my own edits"));
    assert!(
        !dir.path().join("sam-sammy-lee.yaml").exists(),
        "nothing written, not even the new one"
    );
    Pm::new([
        "import",
        &format!("{FORMS}/google-forms.csv"),
        "--out",
        out,
        "--force",
    ])
    .run()
    .exits(0);
    assert!(!std::fs::read_to_string(&dana)
        .unwrap()
        .contains("my own edits"));
    assert!(dir.path().join("sam-sammy-lee.yaml").exists());
}

#[test]
fn a_form_in_its_own_words_is_read_through_a_map_started_from_print_map() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("survey.csv");
    std::fs::write(
        &export,
        "Respondent,Who owns personas?,How often are personas refreshed?,Training\n\
         Ana,Nobody really,Every year,Sometimes\n\
         Bo,A project lead,Never,Don't know\n",
    )
    .unwrap();
    let ex = export.to_str().unwrap();
    // Only `Training` is recognised; the map printed lists every column and the unread cells.
    let r = Pm::new(["import", ex, "--print-map"]).run().exits(0);
    assert!(
        r.out.contains("  \"Who owns personas?\": ignore\n"),
        "{}",
        r.out
    );
    assert!(r.out.contains("  \"Training\": training\n"), "{}", r.out);
    assert!(r.out.contains("  \"Sometimes\": ~\n"), "{}", r.out);
    // Step 1: say which columns are which; step 2: --print-map again lists their cells.
    let map_path = dir.path().join("map.yaml");
    let columns = r
        .out
        .replace(
            "\"Who owns personas?\": ignore",
            "\"Who owns personas?\": internal-persona-ownership",
        )
        .replace(
            "\"How often are personas refreshed?\": ignore",
            "\"How often are personas refreshed?\": frequency-of-updates",
        )
        .replace("\"Respondent\": ignore", "\"Respondent\": name")
        .replace("\"Sometimes\": ~", "\"Sometimes\": emerging");
    std::fs::write(&map_path, &columns).unwrap();
    let r = Pm::new([
        "import",
        ex,
        "--map",
        map_path.to_str().unwrap(),
        "--print-map",
    ])
    .run()
    .exits(0);
    assert!(
        r.out.contains("  \"Sometimes\": emerging\n"),
        "kept: {}",
        r.out
    );
    assert!(r.out.contains("  \"Nobody really\": ~\n"), "{}", r.out);
    let map = r
        .out
        .replace("\"Don't know\": ~", "\"Don't know\": unsure")
        .replace("\"Nobody really\": ~", "\"Nobody really\": experimenting")
        .replace("\"A project lead\": ~", "\"A project lead\": emerging")
        .replace("\"Every year\": ~", "\"Every year\": advancing")
        .replace("\"Never\": ~", "\"Never\": experimenting");
    std::fs::write(&map_path, &map).unwrap();
    let out = dir.path().join("out");
    Pm::new([
        "import",
        ex,
        "--map",
        map_path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--allow-missing",
    ])
    .run()
    .exits(0);
    let ana = answers_of(&out.join("ana.yaml"));
    assert_eq!(ana["internal-persona-ownership"], "experimenting");
    assert_eq!(ana["frequency-of-updates"], "advancing");
    assert_eq!(ana["training"], "emerging");
    let bo = answers_of(&out.join("bo.yaml"));
    assert_eq!(bo["training"], "unsure");
    // A map entry that names no attribute: the map file, its line, and a suggestion.
    std::fs::write(&map_path, "columns:\n  Training: trainng\n").unwrap();
    Pm::new([
        "import",
        ex,
        "--map",
        map_path.to_str().unwrap(),
        "--out",
        "x",
    ])
    .run()
    .exits(2)
    .says("map.yaml:2: columns: \"Training\": `trainng` is not an attribute id")
    .says("did you mean `training`?");
}

#[test]
fn a_survey_whose_headers_name_no_attribute_still_gets_a_map_to_fill_in() {
    // A survey in its own words, downloaded as Google writes it: every cell quoted, CRLF.
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("survey.csv");
    std::fs::write(
        &export,
        "\"Timestamp\",\"Name\",\"Who owns our personas?\",\"How often refreshed?\"\r\n\
         \"2026/11/09 9:12:01 AM GMT+1\",\"Rita\",\"A project lead\",\"Yearly\"\r\n",
    )
    .unwrap();
    let ex = export.to_str().unwrap();
    // Without --print-map it is refused, and the error says how to start a map.
    Pm::new(["import", ex, "--out", "x"])
        .run()
        .exits(2)
        .says("no header names an attribute")
        .says("--print-map > map.yaml");
    // With it, the map lists every column and every attribute still to place.
    let r = Pm::new(["import", ex, "--print-map"]).run().exits(0);
    assert!(
        r.out.contains("  \"Who owns our personas?\": ignore\n"),
        "{}",
        r.out
    );
    assert!(
        r.out
            .contains("(internal-persona-ownership): set the header that holds it"),
        "{}",
        r.out
    );
    // Filled in, the next --print-map lists the cell texts to give levels.
    let map_path = dir.path().join("map.yaml");
    std::fs::write(
        &map_path,
        r.out.replace(
            "\"Who owns our personas?\": ignore",
            "\"Who owns our personas?\": internal-persona-ownership",
        ),
    )
    .unwrap();
    let r = Pm::new([
        "import",
        ex,
        "--map",
        map_path.to_str().unwrap(),
        "--print-map",
    ])
    .run()
    .exits(0);
    assert!(r.out.contains("  \"A project lead\": ~\n"), "{}", r.out);
}

#[test]
fn form_prints_every_question_and_every_level_description_verbatim() {
    let rubric: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string("rubric/persona-optimization-framework.yaml").unwrap(),
    )
    .unwrap();
    let text = Pm::new(["form"]).run().exits(0).out;
    let md = Pm::new(["form", "--format", "markdown"]).run().exits(0).out;
    let csv_out = Pm::new(["form", "--format", "csv"]).run().exits(0).out;
    let cells: Vec<String> = csv::Reader::from_reader(csv_out.as_bytes())
        .records()
        .flat_map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>())
        .collect();
    let mut n = 0;
    for section in rubric["sections"].as_sequence().unwrap() {
        for a in section["attributes"].as_sequence().unwrap() {
            n += 1;
            let title = format!("{n}. {}", a["name"].as_str().unwrap());
            assert!(text.contains(&format!("\n{title}\n")), "{title}");
            for (k, level) in ["experimenting", "emerging", "advancing", "fully-optimized"]
                .iter()
                .enumerate()
            {
                let d = a["levels"][level].as_str().unwrap();
                let name = ["Experimenting", "Emerging", "Advancing", "Fully Optimized"][k];
                let option = format!("{} · {name} — {d}", k + 1);
                assert!(text.contains(&format!("\n{option}\n")), "{option}");
                assert!(cells.contains(&option), "csv: {option}");
                // Markdown keeps "sales & marketing" as written.
                assert!(md.contains(&format!("- {option}")), "md: {option}");
            }
        }
    }
    assert_eq!(n, 17);
    assert_eq!(text.matches("\nNot sure\n").count(), 17);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv_out.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        rows.len(),
        4 + 17,
        "respondent questions, then one row a question"
    );
}

#[test]
fn form_json_has_the_documented_shape_and_works_with_a_custom_rubric() {
    let v = form_json();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["rubric"]["id"], "persona-optimization-framework");
    let fields: Vec<&str> = v["respondent_fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "email", "role", "organization"]);
    let q = &v["questions"][0];
    assert_eq!(q["attribute"], "internal-persona-ownership");
    assert_eq!(q["section"], "core-attributes");
    assert_eq!(q["title"], "1. Internal Persona Ownership");
    assert_eq!(q["options"].as_array().unwrap().len(), 5);
    assert_eq!(q["options"][4]["level"], Value::Null);
    let r = Pm::new([
        "--rubric",
        "tests/fixtures/rubrics/three-levels.yaml",
        "form",
        "--format",
        "json",
    ])
    .run()
    .exits(0);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_ne!(v["rubric"]["id"], "persona-optimization-framework");
    let options = v["questions"][0]["options"].as_array().unwrap();
    assert_eq!(options.len(), 4, "three levels and Not sure");
    assert!(options[2]["text"].as_str().unwrap().starts_with("3 · "));
}

#[test]
fn the_form_text_is_reviewed_like_code() {
    let text = Pm::new(["form"]).run().exits(0).out;
    // The start and one whole question: the layout people copy from.
    let head: String = text.lines().take(40).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!("form_text_head", head);
    let md = Pm::new(["form", "--format", "markdown"]).run().exits(0).out;
    let head: String = md.lines().take(30).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!("form_markdown_head", head);
}

/// Answers files of a custom rubric score only with it: the command they and the summary give
/// says `--rubric`.
#[test]
fn import_with_a_custom_rubric_says_to_score_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("c.csv");
    std::fs::write(
        &csv,
        "Timestamp,Your name,Editorial Calendar,Audience,Analytics\r\n\
         2026-11-02 10:00:00,Dana Reyes,Repeatable,Optimized,Ad hoc\r\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let rubric = "tests/fixtures/rubrics/three-levels.yaml";
    let r = crate::common::Pm::new([
        "--rubric",
        rubric,
        "import",
        csv.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .run()
    .exits(0);
    assert!(
        r.err.contains(&format!(
            "Score them together: persona-maturity score --rubric {rubric} {}",
            out.display()
        )),
        "{}",
        r.err
    );
    let file = std::fs::read_to_string(out.join("dana-reyes.yaml")).unwrap();
    assert!(
        file.contains(&format!(
            "# Score every response together: persona-maturity score --rubric {rubric} "
        )),
        "{file}"
    );
    crate::common::Pm::new(["--rubric", rubric, "score", out.to_str().unwrap()])
        .run()
        .exits(0);
}
