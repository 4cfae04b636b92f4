//! Exports that would turn into wrong answers if read hopefully: each case is built the way the
//! products write their files (Google Forms: every cell quoted, CRLF; Microsoft Forms: `;` CSV,
//! UTF-16 "Unicode text", xlsx) and then damaged the way real files are (a stray quote, a cut
//! download, a renamed question, a double submission …). Each must be refused or said, never
//! read as answers with exit 0.

use crate::common::Pm;
use crate::import::{answers_of, files_in, form_json, google_csv, people, questions};
use std::path::Path;

fn google() -> String {
    let form = form_json();
    let n = questions(&form).len();
    google_csv(&form, &people(n))
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

/// `import EXPORT --out DIR/out` with `extra`; the run and the folder.
fn import(export: &str, dir: &Path, extra: &[&str]) -> (crate::common::Ran, std::path::PathBuf) {
    let out = dir.join("out");
    let mut args = vec!["import", export, "--out", out.to_str().unwrap()];
    args.extend(extra);
    (Pm::new(args).run(), out)
}

#[test]
fn a_stray_quote_that_shifts_the_cells_of_a_row_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    // A closing quote lost after the organization: it and the next answer become one cell.
    let csv = google().replacen("\"Acme Corp\",\"", "\"Acme Corp,\"", 1);
    let export = write(dir.path(), "responses.csv", &csv);
    let (r, out) = import(&export, dir.path(), &[]);
    r.exits(2)
        .says("responses.csv:2: row 2: 21 cells, the header has 22")
        .says("a quote is missing or stray in this row or one above it")
        .says("read as separated by commas (,)");
    assert!(!out.exists(), "nothing written, not even the folder");
    Pm::new(["score", &export])
        .run()
        .exits(2)
        .says("row 2: 21 cells, the header has 22");
}

#[test]
fn a_download_cut_short_is_refused_wherever_it_was_cut() {
    let dir = tempfile::tempdir().unwrap();
    let csv = google();
    let last = csv.trim_end().rfind("\r\n").unwrap() + 2;
    // Inside a quoted cell of the last row.
    let inside = last + csv[last..].find(" · ").unwrap();
    let export = write(dir.path(), "cut-in-cell.csv", &csv[..inside]);
    let (r, out) = import(&export, dir.path(), &[]);
    r.exits(2)
        .says("the file ends inside a quoted cell that starts on line 4")
        .says("the download was cut short");
    assert!(!out.exists());
    // Between two cells of the last row: too few cells.
    let between = last + csv[last..].find("\",\"").unwrap() + 2;
    let export = write(dir.path(), "cut-between.csv", &csv[..between]);
    Pm::new(["score", &export])
        .run()
        .exits(2)
        .says("row 4: 2 cells, the header has 22");
    // Excel "Unicode text" (UTF-16 with tabs) one byte short.
    let utf16 = std::fs::read("tests/fixtures/forms/unicode-text.txt").unwrap();
    let export = write(dir.path(), "cut.txt", &utf16[..utf16.len() - 1]);
    let (r, _) = import(&export, dir.path(), &[]);
    r.exits(2)
        .says("the file ends in the middle of a character (an odd number of bytes)");
}

#[test]
fn a_renamed_or_deleted_question_is_named_with_the_closest_header() {
    let dir = tempfile::tempdir().unwrap();
    let form = form_json();
    let qs = questions(&form);
    let title = &qs.iter().find(|q| q.0 == "organizational-use").unwrap().1;
    let british = title.replace("Organizational", "Organisational");
    let csv = google().replacen(title.as_str(), &british, 1);
    let export = write(dir.path(), "responses.csv", &csv);
    let expected = format!(
        "no column for Organizational Use of Personas (organizational-use); closest header: \
         \"{british}\""
    );
    let (r, out) = import(&export, dir.path(), &[]);
    r.exits(2).says(&expected).says("map it with --map");
    assert!(!out.exists());
    Pm::new(["score", &export])
        .run()
        .exits(2)
        .says(&expected)
        .says("--allow-missing");
    // On purpose: a warning, and the attribute unanswered for everyone.
    let r = Pm::new(["score", &export, "--allow-missing", "--format", "json"])
        .run()
        .exits(0)
        .says("warning: ")
        .says("1 attribute has no column");
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["respondents"], 3, "{}", r.out);
    // A column deleted altogether: named, with no header close to it.
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(google().as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let k = rows[0].iter().position(|h| h == title).unwrap();
    for row in &mut rows {
        row.remove(k);
    }
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in &rows {
        w.write_record(row).unwrap();
    }
    let export = write(dir.path(), "deleted.csv", w.into_inner().unwrap());
    Pm::new(["score", &export])
        .run()
        .exits(2)
        .says("no column for Organizational Use of Personas; no header is close to it");
}

#[test]
fn a_person_who_submitted_twice_is_counted_once_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let csv = google();
    let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
    // Dana submits again on another day, every answer "Not sure" but one: the latest counts.
    let form = form_json();
    let qs = questions(&form);
    let mut again: Vec<String> = vec![
        "2026/03/20 09:00:00 AM GMT+1".into(),
        "DANA@example.com".into(),
        "Dana Reyes".into(),
        "Marketing".into(),
        "Acme Corp".into(),
    ];
    again.extend(qs.iter().map(|q| q.2[q.2.len() - 1].1.clone()));
    again[5] = qs[0].2[3].1.clone();
    let again_line: Vec<String> = again
        .iter()
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect();
    let csv = format!("{}\r\n{}\r\n", lines.join("\r\n"), again_line.join(","));
    let export = write(dir.path(), "responses.csv", &csv);
    let r = Pm::new(["score", &export, "--format", "json"])
        .run()
        .exits(0)
        .says("1 person submitted more than once; the latest submission of each is counted")
        .says("responses.csv: rows 2, 5 (row 5 counted)");
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["respondents"], 3);
    let all = Pm::new(["score", &export, "--format", "json", "--keep", "all"])
        .run()
        .exits(0);
    let v: serde_json::Value = serde_json::from_str(&all.out).unwrap();
    assert_eq!(v["respondents"], 4);
    // import writes one file for Dana, with her latest answers; --keep first her first ones.
    let (r, out) = import(&export, dir.path(), &[]);
    r.exits(0)
        .says("1 submission by people who submitted again left out (--keep latest)");
    assert_eq!(files_in(&out).len(), 3);
    let dana = answers_of(&out.join("dana-reyes.yaml"));
    assert_eq!(dana[&qs[0].0], qs[0].2[3].0.clone().unwrap());
    assert_eq!(dana[&qs[1].0], "unsure");
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
    .exits(0);
    assert_ne!(
        answers_of(&first.join("dana-reyes.yaml"))[&qs[1].0],
        "unsure"
    );
}

#[test]
fn several_levels_in_one_cell_are_a_cell_error() {
    let dir = tempfile::tempdir().unwrap();
    let form = form_json();
    let qs = questions(&form);
    // Google Forms Checkboxes: the options ticked, joined with ", ".
    let one = &qs[0].2[1].1;
    let both = format!("{one}, {}", qs[0].2[3].1);
    let csv = google().replacen(&format!("\"{one}\""), &format!("\"{both}\""), 1);
    assert_ne!(csv, google(), "the cell was replaced");
    let export = write(dir.path(), "responses.csv", &csv);
    Pm::new(["score", &export])
        .run()
        .exits(2)
        .says("several levels in one cell");
    // Microsoft Forms "Multiple answers", saved as CSV with semicolons.
    let mut header = vec!["ID".to_string(), "Name".to_string()];
    header.extend(qs.iter().map(|q| q.1.clone()));
    let mut row = vec!["1".to_string(), "Ana".to_string()];
    row.extend(qs.iter().map(|_| "Emerging".to_string()));
    // Microsoft Forms quotes a cell that holds the separator.
    row[2] = "\"Experimenting;Advancing;\"".to_string();
    let text = format!(
        "{}\r\n{}\r\n",
        header
            .iter()
            .map(|h| format!("\"{h}\""))
            .collect::<Vec<_>>()
            .join(";"),
        row.join(";")
    );
    let export = write(dir.path(), "ms.csv", text);
    Pm::new(["score", &export])
        .run()
        .exits(2)
        .says("row 2 (Ana): column")
        .says("several levels in one cell: \"Experimenting;Advancing;\"");
}

/// A minimal export with every question: one row per entry of `cells` (the same text in every
/// answer cell), names `P1`, `P2` ….
fn every_question(cells: &[&str], sep: &str) -> String {
    let form = form_json();
    let qs = questions(&form);
    let mut out = String::from("\"Name\"");
    for q in &qs {
        out.push_str(&format!("{sep}\"{}\"", q.1));
    }
    out.push_str("\r\n");
    for (k, c) in cells.iter().enumerate() {
        out.push_str(&format!("\"P{}\"", k + 1));
        for _ in &qs {
            out.push_str(&format!("{sep}\"{c}\""));
        }
        out.push_str("\r\n");
    }
    out
}

#[test]
fn rows_are_named_as_a_spreadsheet_shows_them_and_listed_in_numeric_order() {
    let dir = tempfile::tempdir().unwrap();
    // Row 2's name holds a line break: row 3 starts on line 4.
    let mut cells = vec!["3"; 12];
    cells[1] = "9";
    let csv = every_question(&cells, ",").replacen("\"P1\"", "\"P1\nsecond line\"", 1);
    let export = write(dir.path(), "responses.csv", &csv);
    Pm::new(["score", &export])
        .run()
        .exits(2)
        .says("responses.csv: row 3 (P2): column");
    // Twelve bad rows: row 2 before row 10.
    let csv = every_question(&["9"; 12], ",");
    let export = write(dir.path(), "bad.csv", &csv);
    let r = Pm::new(["score", &export, "--skip-invalid"]).run();
    let at = |row: &str| r.err.find(&format!(": row {row} (")).unwrap();
    assert!(
        at("2") < at("3") && at("9") < at("10") && at("10") < at("13"),
        "{}",
        r.err
    );
}

#[test]
fn another_encoding_or_a_nul_byte_is_refused_at_the_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    // Windows-1252: only the answer cells have a non-ASCII byte (0xB7, the middle dot).
    let csv = every_question(&["3 \u{b7} Advancing"], ",");
    let cp1252: Vec<u8> = csv
        .chars()
        .map(|c| if c == '\u{b7}' { 0xB7 } else { c as u8 })
        .collect();
    let export = write(dir.path(), "cp1252.csv", cp1252);
    let (r, out) = import(&export, dir.path(), &[]);
    r.exits(2)
        .says("row 2: not UTF-8 text: byte 0xB7 in cell 2 after \"3 \"")
        .says("CSV UTF-8");
    assert!(!out.exists());
    let csv = every_question(&["3"], ",").replacen("\"P1\"", "\"P\u{0}1\"", 1);
    let export = write(dir.path(), "nul.csv", csv);
    Pm::new(["score", &export])
        .run()
        .exits(2)
        .says("row 2: cell 1 holds a NUL byte");
}

#[test]
fn the_separator_is_the_one_that_splits_every_row_alike() {
    let dir = tempfile::tempdir().unwrap();
    // Questions whose titles hold more `;` than the header has `,`; rows separated by commas.
    let csv = every_question(&["3", "2"], ",")
        .replace("\"Name\"", "\"Name; first; last; as you like; please\"");
    let export = write(dir.path(), "responses.csv", &csv);
    let r = Pm::new(["score", &export, "--format", "json"])
        .run()
        .exits(0);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["respondents"], 2);
    // A `;` file from Excel reads as well.
    let export = write(dir.path(), "excel.csv", every_question(&["3", "2"], ";"));
    Pm::new(["score", &export]).run().exits(0);
}

#[test]
fn spreadsheets_and_archives_score_cannot_read_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    for (name, says) in [
        ("responses.zip", "unzip it first"),
        ("responses.xls", "save it as .xlsx, or as CSV UTF-8"),
        ("responses.ods", "a .ods spreadsheet is not read"),
        (
            "responses.txt",
            "is read as an export; this one is not UTF-16: if it is CSV, rename it to .csv",
        ),
    ] {
        let p = write(dir.path(), name, "x");
        Pm::new(["score", &p]).run().exits(2).says(says);
    }
    let p = write(dir.path(), "responses.zip", "x");
    let (r, _) = import(&p, dir.path(), &[]);
    r.exits(2).says("unzip it first");
}

#[test]
fn a_date_that_cannot_be_read_is_said_once_with_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let csv = google().replacen("2026/03/14 10:02:11 AM GMT+1", "last Tuesday", 1);
    let export = write(dir.path(), "responses.csv", &csv);
    Pm::new(["score", &export])
        .run()
        .exits(0)
        .says("row 2: the date \"last Tuesday\" could not be read; 1 response is without a date");
}

#[test]
fn print_map_works_when_columns_conflict_and_names_identical_headers_by_position() {
    let dir = tempfile::tempdir().unwrap();
    let form = form_json();
    let qs = questions(&form);
    let title = &qs[3].1;
    // The same question twice (a form copied and edited): both columns are `training`.
    let csv = every_question(&["3"], ",").replacen("\"Name\"", &format!("\"Name\",\"{title}\""), 1);
    let csv = csv.replacen("\"P1\"", "\"P1\",\"1\"", 1);
    let export = write(dir.path(), "responses.csv", &csv);
    let r = Pm::new(["score", &export]).run().exits(2);
    let r = r.says("both hold the answers to").says("--print-map");
    drop(r);
    let map = Pm::new(["import", &export, "--print-map"]).run().exits(0);
    assert!(map.out.contains("\"column 2\": "), "{}", map.out);
    assert!(map.out.contains("set one of them to ignore"), "{}", map.out);
    // Say the first copy is not read, by its position.
    let fixed = map.out.replacen(
        &format!("\"column 2\": {}", qs[3].0),
        "\"column 2\": ignore",
        1,
    );
    let map_path = write(dir.path(), "map.yaml", fixed);
    let r = Pm::new(["score", &export, "--map", &map_path, "--format", "json"])
        .run()
        .exits(0);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let training = v["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == qs[3].0)
        .unwrap();
    assert_eq!(
        training["level"], "advancing",
        "the second copy, 3, is read"
    );
}

#[test]
fn thousands_of_bad_rows_are_counted_past_the_first_twenty() {
    let dir = tempfile::tempdir().unwrap();
    let cells = vec!["9"; 5000];
    let export = write(dir.path(), "bad.csv", every_question(&cells, ","));
    let (r, _) = import(&export, dir.path(), &[]);
    let r = r.exits(2).says("… and 4980 more rows with problems");
    let rows = |err: &str| {
        let mut v: Vec<String> = err
            .lines()
            .filter_map(|l| l.split(": row ").nth(1))
            .map(|l| l.split(' ').next().unwrap().to_string())
            .collect();
        v.dedup();
        v.len()
    };
    assert_eq!(rows(&r.err), 20, "{}", r.err);
    let r = Pm::new(["score", &export]).run().exits(2);
    assert!(rows(&r.err) <= 20, "{}", r.err);
}

#[test]
fn an_unfinished_import_blocks_another_and_is_refused_by_score() {
    let dir = tempfile::tempdir().unwrap();
    let export = write(dir.path(), "responses.csv", google());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(
        out.join("dana-reyes.yaml"),
        "answers: {training: advancing}\n",
    )
    .unwrap();
    std::fs::write(
        out.join(".persona-import.unfinished"),
        "# …\ndana-reyes.yaml\n",
    )
    .unwrap();
    // A marker of the older form, which lists only files: not obeyed, and said so.
    let (r, _) = import(&export, dir.path(), &["--force"]);
    r.exits(2)
        .says("an import into this folder was stopped before it finished")
        .says("an older version of this tool wrote it");
    Pm::new(["score", out.to_str().unwrap()])
        .run()
        .exits(2)
        .says("an import into this folder has not finished");
}

#[test]
fn a_failure_part_way_undoes_the_files_already_written() {
    let dir = tempfile::tempdir().unwrap();
    // Sixty good rows, then a row cut short.
    let cells = vec!["3"; 60];
    let mut csv = every_question(&cells, ",");
    csv.push_str("\"P61\",\"3\"\r\n");
    let export = write(dir.path(), "responses.csv", &csv);
    // The export's dates are read first (their order is decided on the whole column): the cut
    // row is found before any file is written.
    let (r, out) = import(&export, dir.path(), &[]);
    r.exits(2)
        .says("row 62: 2 cells, the header has 18")
        .says("nothing was read from this file");
    assert!(!out.exists(), "{:?}", out.read_dir().map(|d| d.count()));
    // With the order given, rows are written as they are read, and undone.
    let (r, out) = import(&export, dir.path(), &["--dates", "day-first"]);
    r.exits(2)
        .says("row 62: 2 cells, the header has 18")
        .says("nothing was written to the folder");
    assert!(!out.exists(), "{:?}", out.read_dir().map(|d| d.count()));
}

#[test]
fn a_full_disk_part_way_says_what_happened_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("small");
    std::fs::create_dir(&out).unwrap();
    // A 64 KiB file system: a few dozen answers files fit, 300 do not.
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&out)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs as root and can mount a tmpfs"
        );
        eprintln!("skipped: cannot mount a small file system here");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(&out);
    let cells = vec!["3"; 300];
    let export = write(dir.path(), "responses.csv", every_question(&cells, ","));
    let r = Pm::new(["import", &export, "--out", out.to_str().unwrap()])
        .run()
        .exits(74)
        .says("nothing was written to the folder")
        .says("caused by: No space left on device");
    assert_eq!(files_in(&out), Vec::<String>::new(), "{}", r.err);
}

#[test]
fn no_cell_can_add_a_key_to_an_imported_file() {
    let dir = tempfile::tempdir().unwrap();
    let csv = google()
        .replacen(
            "dana@example.com",
            "x@y.z\u{2028}organization: Injected #",
            1,
        )
        .replacen("Dana Reyes", "Dana\u{85}role: admin\u{2029}Reyes", 1);
    let export = write(dir.path(), "responses.csv", &csv);
    let (r, out) = import(&export, dir.path(), &[]);
    r.exits(0);
    for f in files_in(&out) {
        let text = std::fs::read_to_string(out.join(&f)).unwrap();
        let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(doc["organization"], "Acme Corp", "{f}:\n{text}");
        assert_ne!(doc["respondent"]["role"], "admin", "{f}:\n{text}");
    }
    let r = Pm::new(["score", out.to_str().unwrap(), "--format", "json"])
        .run()
        .exits(0);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["organization"], "Acme Corp", "{}", r.out);
}

/// The one YAML quoting rule, run on one list of strings by the tool and by the offline page's
/// script (under node): the same text on both sides.
#[test]
fn the_page_and_the_tool_quote_yaml_alike() {
    let strings: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/yaml-quoting.json").unwrap())
            .unwrap();
    let rust: Vec<String> = strings
        .iter()
        .map(|s| persona_maturity::hooks::escape::yaml_quoted(s))
        .collect();
    // Every string reads back as itself.
    for (s, q) in strings.iter().zip(&rust) {
        let back: String = serde_yaml::from_str(q).unwrap();
        assert_eq!(&back, s, "{q}");
        let toml_back: toml::Value = toml::from_str(&format!("v = {q}")).unwrap();
        assert_eq!(toml_back["v"].as_str(), Some(s.as_str()), "{q}");
    }
    let script = std::fs::read_to_string("src/render/form_page.js").unwrap();
    let start = script.find("  function quote(s) {").unwrap();
    let end = start + script[start..].find("\n  }\n").unwrap() + 4;
    let program = format!(
        "{}\nconst input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n\
         process.stdout.write(JSON.stringify(input.map(quote)));\n",
        &script[start..end]
    );
    let node = std::process::Command::new("node")
        .arg("-e")
        .arg(&program)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut node) = node else {
        assert!(std::env::var_os("CI").is_none(), "node is needed under CI");
        eprintln!("skipped: node is not installed");
        return;
    };
    use std::io::Write;
    node.stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&strings).unwrap().as_bytes())
        .unwrap();
    let out = node.wait_with_output().unwrap();
    let js: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(js, rust);
}

#[test]
fn free_text_columns_are_kept_as_notes_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    let form = form_json();
    let qs = questions(&form);
    let training = qs.iter().find(|q| q.0 == "training").unwrap();
    // A comment column on an attribute, and a general one.
    let mut csv = every_question(&["3", "2"], ",");
    csv = csv.replacen(
        "\"Name\"",
        &format!("\"Name\",\"{} — comments\",\"Any comments?\"", training.1),
        1,
    );
    csv = csv.replacen(
        "\"P1\"",
        "\"P1\",\"Only sales took it\",\"Great start\nbut slow: # not a key\"",
        1,
    );
    csv = csv.replacen("\"P2\"", "\"P2\",\"\",\"\"", 1);
    let export = write(dir.path(), "responses.csv", &csv);
    let (r, out) = import(&export, dir.path(), &["--comments", "Any comments?"]);
    r.exits(0);
    let text = std::fs::read_to_string(out.join("p1.yaml")).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(
        doc["answers"]["training"]["note"], "Only sales took it",
        "{text}"
    );
    assert_eq!(doc["answers"]["training"]["level"], "advancing", "{text}");
    assert!(
        text.contains("# Any comments?:\n#   Great start\n#   but slow: # not a key\n"),
        "{text}"
    );
    assert!(doc.get("but slow").is_none());
    // A column headed as comments is kept without --comments.
    let again = dir.path().join("again");
    std::fs::create_dir(&again).unwrap();
    let (r, out) = import(&export, &again, &[]);
    r.exits(0);
    let text = std::fs::read_to_string(out.join("p1.yaml")).unwrap();
    assert!(
        text.contains("# Any comments?:\n#   Great start\n"),
        "{text}"
    );
}

#[test]
fn a_team_lead_sees_sources_organizations_response_rate_means_and_teams() {
    let dir = tempfile::tempdir().unwrap();
    // An export, and a folder of files from another organization.
    let export = write(dir.path(), "responses.csv", google());
    let folder = dir.path().join("globex");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("kim.yaml"),
        "organization: Globex\nrespondent: {name: Kim, role: Sales}\nanswers: {training: fully-optimized}\n",
    )
    .unwrap();
    let f = folder.to_str().unwrap();
    let r = Pm::new(["score", &export, f, "--invited", "8", "--format", "json"])
        .run()
        .exits(0);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["respondents"], 4);
    assert_eq!(v["sources"][&export], 3, "{}", r.out);
    assert_eq!(v["sources"][f], 1, "{}", r.out);
    assert_eq!(v["organizations"]["Acme Corp"], 3);
    assert_eq!(v["organizations"]["Globex"], 1);
    assert_eq!(v["invited"], 8);
    assert_eq!(v["response_rate"], 0.5);
    let training = v["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "training")
        .unwrap();
    assert!(training["mean"].is_number(), "{training}");
    // The same in words, and a table per team, in Markdown.
    let r = Pm::new([
        "score",
        &export,
        f,
        "--invited",
        "8",
        "--format",
        "markdown",
    ])
    .run()
    .exits(0);
    for text in [
        "4 of 8 invited answered (50%)",
        "organizations: Acme Corp (3), Globex (1)",
        // Named, not by the folders they are in: the report is forwarded.
        "from responses.csv (3), globex (1)",
        "## By team",
        "| Mean |",
    ] {
        assert!(r.out.contains(text), "{text}:\n{}", r.out);
    }
    let r = Pm::new(["score", &export, f, "--format", "csv"])
        .run()
        .exits(0);
    let header = r.out.lines().next().unwrap();
    // Teams by size, then by name: sales has two respondents (Sam, and Kim of Globex).
    assert!(
        header.ends_with(",mean,median:sales,median:marketing,median:product"),
        "{header}"
    );
}

#[test]
fn two_imports_into_one_folder_never_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let cells = vec!["3"; 400];
    let export = write(dir.path(), "responses.csv", every_question(&cells, ","));
    let out = dir.path().join("out");
    let bin = env!("CARGO_BIN_EXE_persona-maturity");
    let start = || {
        std::process::Command::new(bin)
            .args(["import", &export, "--out", out.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (start(), start());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let codes = [a.status.code(), b.status.code()];
    // One writes every file, the other nothing; or both stop, and nothing is left.
    let files = files_in(&out);
    match codes {
        [Some(0), Some(2)] | [Some(2), Some(0)] => {
            assert_eq!(files.len(), 400);
            let loser = if codes[0] == Some(2) { &a } else { &b };
            let err = String::from_utf8_lossy(&loser.stderr);
            assert!(
                err.contains("nothing was written") || err.contains("another import"),
                "{err}"
            );
        }
        [Some(2), Some(2)] => assert!(files.is_empty(), "{files:?}"),
        other => panic!("{other:?}"),
    }
    for f in &files {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(text.contains("answers:"), "{f} is complete");
    }
}

#[test]
fn an_import_killed_part_way_leaves_a_folder_score_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let cells = vec!["3"; 30_000];
    let export = write(dir.path(), "responses.csv", every_question(&cells, ","));
    let out = dir.path().join("out");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_persona-maturity"))
        .args(["import", &export, "--out", out.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some files are written (into the import's staging folder), then kill it.
    let written = || -> usize {
        std::fs::read_dir(&out)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
            .map(|e| std::fs::read_dir(e.path()).map_or(0, |d| d.count()))
            .sum()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline && written() < 50 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    if status.success() {
        eprintln!("skipped: the import finished before it could be killed");
        return;
    }
    assert!(out.join(".persona-import.unfinished").exists());
    Pm::new(["score", out.to_str().unwrap()])
        .run()
        .exits(2)
        .says("an import into this folder has not finished");
}

#[test]
fn a_comments_column_that_is_not_in_the_export_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let export = write(dir.path(), "responses.csv", google());
    let (r, _) = import(&export, dir.path(), &["--comments", "Any comments?"]);
    r.exits(0)
        .says("column \"Any comments?\" (named by --map or --comments) is not in");
}
