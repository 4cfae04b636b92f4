//! The hostile-input suite: every file in tests/hostile/ and every input the suite generates (large
//! ones, and those whose hostile form only a program writes well: aliases of long strings,
//! workbooks with lying counts), one test each, run through the command that reads it. Each must
//! end with exit 2 and the exact message in its snapshot (or, for input that is merely large but
//! valid, a correct result), never a panic, and within its bounds: the tool runs as a child whose
//! address space is limited to `MEMORY` (an allocation past it aborts the child, which fails the
//! test), and which is killed after `HANG`, a wall-clock cap that only catches a hang (every
//! input takes well under a second in a release build; these machines are shared, so no timing
//! is asserted). `bash benches/hostile.sh` measures time and memory of the same inputs.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The address space a run may use (RLIMIT_AS): a debug build reading any of these inputs needs
/// under 100 MiB; the attacks this suite keeps out reached 150 MB to 96 GB.
const MEMORY: u64 = 128 << 20;

/// The one input allowed more: a valid program whose report holds 40,000 findings (35 MB of SARIF,
/// built whole before it is written), within a limit on bytes too (1 MiB of program, 10,000
/// personas).
const MEMORY_40000_FINDINGS: u64 = 256 << 20;

/// Longer than any input takes, even in a debug build on a busy machine: only a hang reaches it.
const HANG: Duration = Duration::from_secs(60);

/// What a run under the limits gave.
struct Limited {
    code: Option<i32>,
    out: String,
    err: String,
}

/// Run the binary from the repository root with `args`, its address space limited to `memory`
/// bytes and its time to `HANG`.
fn run_limited(args: &[&str], memory: u64) -> Limited {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_persona-maturity"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("PERSONA_MATURITY_RUBRIC")
        // Threads and malloc arenas reserve address space by the core count: fixed here so that
        // the limit means the same on every machine.
        .env("RAYON_NUM_THREADS", "2")
        .env("MALLOC_ARENA_MAX", "2")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let limit = rustix::process::Rlimit {
        current: Some(memory),
        maximum: Some(memory),
    };
    // SAFETY: the hook runs in the child between fork and exec; it only calls setrlimit(2), which
    // is async-signal-safe, allocates nothing and takes no lock.
    unsafe {
        cmd.pre_exec(move || {
            rustix::process::setrlimit(rustix::process::Resource::As, limit)
                .map_err(std::io::Error::from)
        });
    }
    let mut child = cmd.spawn().expect("the binary starts");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            String::from_utf8_lossy(&v).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "persona-maturity {} ran for more than {HANG:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Limited {
        code: status.code(),
        out: out.join().unwrap(),
        err: err.join().unwrap(),
    }
}

/// The command that reads a hostile file, from its name (benches/hostile.sh follows the same
/// rules).
fn command(name: &str, path: &str) -> Vec<String> {
    let args: Vec<&str> = if name.starts_with("rubric-") {
        vec!["rubric", "validate", path]
    } else if name.starts_with("program-sarif-") {
        vec!["check", path, "--today", "2026-11-22", "--format", "sarif"]
    } else if name.starts_with("program-") {
        vec!["check", path, "--today", "2026-11-22", "--format", "json"]
    } else if name.starts_with("export-") {
        // The hostile exports ask a few questions only: what they test is past the columns.
        vec!["score", path, "--format", "json", "--allow-missing"]
    } else {
        vec!["score", path, "--format", "json"]
    };
    args.into_iter().map(String::from).collect()
}

/// Short base-36 keys, so 100,000 of them fit under the file-size limit.
fn key(mut k: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut s = Vec::new();
    loop {
        s.push(DIGITS[k % 36]);
        k /= 36;
        if k == 0 {
            break;
        }
    }
    s.reverse();
    format!("k{}", String::from_utf8(s).unwrap())
}

/// The folder of generated inputs (benches/hostile.sh reads them there too).
fn generated_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-generated")
}

/// Write a generated input (through a temporary file, so a bench reading the folder never sees
/// half of one); its path.
fn write_generated(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = generated_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// A YAML file of `personas` lines after a header.
fn lines(header: &str, count: usize, line: impl Fn(usize) -> String) -> Vec<u8> {
    let mut s = String::from(header);
    for k in 0..count {
        s.push_str(&line(k));
        s.push('\n');
    }
    s.into_bytes()
}

/// A workbook whose parts are written here as given (the XML of a sheet and of its shared
/// strings), zipped with the usual compression: the hostile forms no spreadsheet program writes.
fn workbook(shared_strings: &str, sheet: &str) -> Vec<u8> {
    const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets><sheet name="Form1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#),
        ),
        (
            "xl/sharedStrings.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?>{shared_strings}"#),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>{sheet}</sheetData></worksheet>"#),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A cell holding shared string `k`, and one holding inline text.
fn shared(column: &str, row: usize, k: usize) -> String {
    format!(r#"<c r="{column}{row}" t="s"><v>{k}</v></c>"#)
}

fn inline(column: &str, row: usize, text: &str) -> String {
    format!(r#"<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// Column letters of a 0-based column.
fn column(mut c: usize) -> String {
    let mut s = Vec::new();
    c += 1;
    while c > 0 {
        s.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// A shared-string table holding `strings`, claiming `claim` of them.
fn sst(strings: &[&str], claim: &str) -> String {
    let items: String = strings
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" {claim}>{items}</sst>"#
    )
}

/// The bytes of a generated input, by name.
fn generate(name: &str) -> Vec<u8> {
    match name {
        // 2 MiB: a valid file padded with a comment.
        "huge-2mib.yaml" => format!(
            "answers:\n  training: emerging\n# {}\n",
            "x".repeat(2 * 1024 * 1024)
        )
        .into_bytes(),
        // Flow style keeps 100,000 entries under the file-size limit, so the map limit answers.
        "answers-100000-entries.yaml" => {
            let mut map = String::from("answers: {");
            for k in 0..100_000 {
                map.push_str(&format!("{}: x,", key(k)));
            }
            map.push_str("}\n");
            map.into_bytes()
        }
        "long-note.yaml" => format!(
            "answers:\n  training:\n    level: emerging\n    note: \"{}\"\n",
            "a very long note ".repeat(55_000)
        )
        .into_bytes(),
        "long-attribute-id.yaml" => format!(
            "answers:\n  {}: emerging\n",
            "sharing-personas-".repeat(30_000)
        )
        .into_bytes(),
        "program-100000-personas.yaml" => lines(
            "answers:\n  training: emerging\npersonas:\n",
            100_000,
            |k| format!("  - {{ id: p{k}, kind: negative }}"),
        ),
        // Large but valid: 10,000 personas, the most a program may hold (short ones: 1 MiB is
        // the file limit).
        "program-10000-personas-valid.yaml" => lines(
            "date: 2026-11-01\nanswers:\n  training: emerging\n  number-of-personas: experimenting\n\
             personas:\n",
            10_000,
            |k| format!("  - {{ id: p{k}, kind: buyer, buying_role: user, last_updated: 2026-10-01 }}"),
        ),
        // 3,000 personas that are all one persona with a 10,000-item `covers` list, through
        // aliases: 151 KB that would expand to 30 million values.
        "program-personas-alias-covers.yaml" => {
            let covers = ["demographics", "goals-priorities"].repeat(5_000).join(", ");
            let mut bomb = format!(
                "answers:\n  training: emerging\npersonas:\n  - &p {{ id: same, covers: [{covers}] }}\n"
            );
            for _ in 1..3_000 {
                bomb.push_str("  - *p\n");
            }
            bomb.into_bytes()
        }
        // A 500 KB name, anchored, and 150,000 aliases of it as disqualifiers: 950 KB that
        // would be 75 GB of text.
        "program-alias-long-string.yaml" => format!(
            "answers:\n  training: emerging\npersonas:\n  - id: p0\n    name: &s {}\n    \
             kind: negative\n    disqualifiers: [{}]\n",
            "x".repeat(500_000),
            vec!["*s"; 150_000].join(",")
        )
        .into_bytes(),
        // 20,000 personas, each named by an alias of one 400 KB name.
        "program-alias-names.yaml" => lines(
            &format!(
                "answers:\n  training: emerging\npersonas:\n  - {{ id: p0, kind: buyer, name: &s {} }}\n",
                "y".repeat(400_000)
            ),
            20_000,
            |k| format!("  - {{ id: p{}, name: *s }}", k + 1),
        ),
        // A rubric whose 4,000 levels are all named by an alias of a 200 KB name.
        "rubric-alias-long-name.yaml" => lines(
            &format!("id: x\nversion: '1'\nname: &n {}\nlevels:\n", "n".repeat(200_000)),
            4_000,
            |k| format!("  - {{ id: l{k}, name: *n }}"),
        )
        .into_iter()
        .chain(b"sections: []\n".iter().copied())
        .collect(),
        // 1 MB of nested block sequences, and of nested complex keys, on one line: half a
        // million levels the parser would build before serde's recursion limit answers.
        "nested-block-sequences.yaml" => format!("{}x\n", "- ".repeat(500_000)).into_bytes(),
        "nested-complex-keys.yaml" => {
            format!("answers:\n  training: emerging\n{}x\n", "? ".repeat(500_000)).into_bytes()
        }
        // A bracket bomb behind an anchor, 80 KB: the nesting limit must hold whatever precedes
        // it.
        "deep-nesting-anchor-80kb.yaml" => {
            format!("answers: &a {}{}\n", "[".repeat(40_000), "]".repeat(40_000)).into_bytes()
        }
        // A form export with a 2 MiB answer, and one whose only row never ends (17 MiB, no
        // newline).
        "export-2mib-cell.csv" => format!(
            "Your name,4. Training\nDana,\"{}\"\n",
            "3".repeat(2 * 1024 * 1024)
        )
        .into_bytes(),
        "export-endless-row.csv" => format!(
            "Your name,4. Training\nDana,{}",
            "x".repeat(17 * 1024 * 1024)
        )
        .into_bytes(),
        // Just under the row limit of junk where a level belongs: refused as fast as it is read.
        "export-16mib-junk-level.csv" => format!(
            "Your name,4. Training\nDana,\"{}\"\n",
            "z".repeat((16 << 20) - 64)
        )
        .into_bytes(),
        // One response, then 100 MB of empty lines: read at the speed of reading.
        "export-100mb-blank-lines-valid.csv" => {
            let mut v = b"Your name,4. Training\nDana,emerging\n".to_vec();
            v.resize(v.len() + 100_000_000, b'\n');
            v
        }
        // A workbook of 2 KB whose shared-string table claims four billion strings.
        "export-sst-claimed-count.xlsx" => workbook(
            &sst(
                &["Your name", "4. Training", "Dana"],
                r#"count="4000000000" uniqueCount="4000000000""#,
            ),
            &format!(
                r#"<row r="1">{}{}</row><row r="2">{}<c r="B2"><v>2</v></c></row>"#,
                shared("A", 1, 0),
                shared("B", 1, 1),
                shared("A", 2, 2)
            ),
        ),
        // 17 KB: one 2 MB shared string used by 4,999 header cells (10 GB of text).
        "export-sst-amplification.xlsx" => {
            let big = "a".repeat(2_000_000);
            let mut header = shared("A", 1, 1);
            for c in 1..5_000 {
                header.push_str(&shared(&column(c), 1, 0));
            }
            workbook(
                &sst(&[&big, "Your name"], r#"count="5000" uniqueCount="2""#),
                &format!(r#"<row r="1">{header}</row>"#),
            )
        }
        // One cell of 200 MB, written inline in the sheet, and as a shared string.
        "export-200mb-cell.xlsx" => {
            let huge = "b".repeat(200_000_000);
            workbook(
                &sst(&["Your name"], r#"count="1" uniqueCount="1""#),
                &format!(
                    r#"<row r="1">{}{}</row><row r="2">{}{}</row>"#,
                    shared("A", 1, 0),
                    inline("B", 1, "4. Training"),
                    inline("A", 2, "Dana"),
                    inline("B", 2, &huge)
                ),
            )
        }
        "export-200mb-shared-string.xlsx" => {
            let huge = "b".repeat(200_000_000);
            workbook(
                &sst(&["Your name", &huge], r#"count="2" uniqueCount="2""#),
                &format!(
                    r#"<row r="1">{}{}</row><row r="2">{}{}</row>"#,
                    shared("A", 1, 0),
                    inline("B", 1, "4. Training"),
                    inline("A", 2, "Dana"),
                    shared("B", 2, 1)
                ),
            )
        }
        // 10,000 personas with four warnings each, as SARIF: linear in the findings.
        "program-sarif-10000-personas-40000-findings-valid.yaml" => lines(
            "date: 2026-11-01\nanswers:\n  training: emerging\npersonas:\n",
            10_000,
            |k| format!("  - {{ id: p{k}, kind: buyer, covers: [demographics], last_updated: 2020-01-01 }}"),
        ),
        _ => panic!("no generator for {name}"),
    }
}

/// Run the command that reads one hostile input (`tests/hostile/NAME`, or generated when
/// `generated`), check what it must do, and snapshot its message.
fn case(name: &str, generated: bool) {
    let root = env!("CARGO_MANIFEST_DIR");
    let (path, shown) = if generated {
        (
            write_generated(name, &generate(name)),
            format!("<generated>/{name}"),
        )
    } else {
        (
            Path::new(root).join("tests/hostile").join(name),
            format!("tests/hostile/{name}"),
        )
    };
    let args = command(name, path.to_str().unwrap());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let memory = if name.starts_with("program-sarif-") {
        MEMORY_40000_FINDINGS
    } else {
        MEMORY
    };
    let ran = run_limited(&args, memory);
    let err = ran
        .err
        .replace(path.to_str().unwrap(), &shown)
        .replace(&format!("{root}/"), "");
    assert!(!err.contains("panicked"), "{name} panicked: {err}");
    let Some(code) = ran.code else {
        panic!(
            "{name}: killed by a signal (over {} MiB of memory?): {err}",
            memory >> 20
        );
    };
    let report = if name.contains("-valid.") || name == "null-answers-map.yaml" {
        // Large or odd but valid: a real result, not an error.
        let v: serde_json::Value = serde_json::from_str(&ran.out).expect("JSON result");
        assert!(code == 0 || code == 1, "{name}: exit {code}: {err}");
        let what = if name == "null-answers-map.yaml" {
            format!("{} answered", v["coverage"]["answered"])
        } else if name.starts_with("program-sarif-") {
            format!(
                "{} results",
                v["runs"][0]["results"].as_array().unwrap().len()
            )
        } else if name.starts_with("program-") {
            format!("{} findings", v["findings"].as_array().unwrap().len())
        } else {
            format!("{} respondents", v["respondents"])
        };
        format!("{shown} ({}) → exit {code}, valid: {what}\n{err}", args[0])
    } else {
        assert_eq!(code, 2, "{name}: expected exit 2, got {code}: {err}");
        assert!(
            err.lines().any(|l| l.starts_with("error: ")),
            "{name}: {err}"
        );
        if args[0] == "check" {
            // `check` still writes its report: the input error as its one finding.
            let v: serde_json::Value = serde_json::from_str(&ran.out).unwrap();
            assert_eq!(v["input_error"], true, "{name}: {}", ran.out);
            assert_eq!(
                v["findings"][0]["rule"], "invalid-input",
                "{name}: {}",
                ran.out
            );
        } else {
            assert!(ran.out.is_empty(), "{name}: printed a result: {}", ran.out);
        }
        format!("{shown} ({}) → exit {code}\n{err}", args[0])
    };
    insta::assert_snapshot!(format!("hostile__{name}"), report);
}

/// One test per file in tests/hostile/ (`file`) and per generated input (`generated`).
macro_rules! cases {
    (
        files { $($f:ident: $file:literal;)* }
        generated { $($g:ident: $gen:literal;)* }
    ) => {
        $( #[test] fn $f() { case($file, false) } )*
        $( #[test] fn $g() { case($gen, true) } )*

        /// The files the tests above read from tests/hostile/.
        const FILES: &[&str] = &[$($file),*];
    };
}

cases! {
    files {
        alias_bomb_in_note: "alias-bomb-in-note.yaml";
        alias_bomb: "alias-bomb.yaml";
        binary_garbage: "binary-garbage.yaml";
        datetime_as_level: "datetime-as-level.toml";
        deep_nesting_after_comment: "deep-nesting-after-comment.yaml";
        deep_nesting_anchor: "deep-nesting-anchor.yaml";
        deep_nesting_block: "deep-nesting-block.yaml";
        deep_nesting_document_marker: "deep-nesting-document-marker.yaml";
        deep_nesting_flow: "deep-nesting-flow.yaml";
        deep_nesting_tag: "deep-nesting-tag.yaml";
        deep_nesting_toml: "deep-nesting.toml";
        duplicate_keys_toml: "duplicate-keys.toml";
        duplicate_keys_yaml: "duplicate-keys.yaml";
        empty: "empty.yaml";
        export_broken_zip: "export-broken-zip.xlsx";
        export_empty: "export-empty.csv";
        export_header_only: "export-header-only.csv";
        export_latin1: "export-latin1.csv";
        export_no_attribute_columns: "export-no-attribute-columns.csv";
        export_not_a_workbook: "export-not-a-workbook.xlsx";
        export_two_training_columns: "export-two-training-columns.csv";
        export_utf16_no_bom: "export-utf16-no-bom.csv";
        export_zip_bomb_lying_size: "export-zip-bomb-lying-size.xlsx";
        export_zip_bomb: "export-zip-bomb.xlsx";
        id_unicode_lookalike: "id-unicode-lookalike.yaml";
        id_with_spaces: "id-with-spaces.yaml";
        impossible_date_toml: "impossible-date.toml";
        impossible_date_yaml: "impossible-date.yaml";
        latin1: "latin1.yaml";
        level_unicode_lookalike: "level-unicode-lookalike.yaml";
        map_where_string_expected: "map-where-string-expected.yaml";
        nul_bytes: "nul-bytes.yaml";
        null_answers_map: "null-answers-map.yaml";
        null_everywhere: "null-everywhere.yaml";
        number_for_level: "number-for-level.yaml";
        only_comments: "only-comments.toml";
        program_deep_nesting_tag: "program-deep-nesting-tag.yaml";
        program_negative_percentage: "program-negative-percentage.yaml";
        program_over_100_percentage: "program-over-100-percentage.yaml";
        program_percentage_as_string: "program-percentage-as-string.toml";
        program_personas_alias_bomb: "program-personas-alias-bomb.yaml";
        program_personas_not_a_list: "program-personas-not-a-list.yaml";
        rubric_0_levels: "rubric-0-levels.yaml";
        rubric_1_level: "rubric-1-level.yaml";
        rubric_100_levels: "rubric-100-levels.yaml";
        rubric_alias_bomb: "rubric-alias-bomb.yaml";
        rubric_deep_nesting_anchor: "rubric-deep-nesting-anchor.yaml";
        string_for_answers: "string-for-answers.yaml";
        truncated_toml: "truncated.toml";
        truncated_yaml: "truncated.yaml";
        two_documents: "two-documents.yaml";
        utf16_be: "utf16-be.toml";
        utf16_le: "utf16-le.yaml";
        wrong_type_answers: "wrong-type-answers.toml";
        wrong_type_date: "wrong-type-date.toml";
        wrong_type_organization: "wrong-type-organization.toml";
        wrong_type_respondent: "wrong-type-respondent.toml";
    }
    generated {
        huge_2mib: "huge-2mib.yaml";
        answers_100000_entries: "answers-100000-entries.yaml";
        long_note: "long-note.yaml";
        long_attribute_id: "long-attribute-id.yaml";
        program_100000_personas: "program-100000-personas.yaml";
        program_10000_personas_valid: "program-10000-personas-valid.yaml";
        program_personas_alias_covers: "program-personas-alias-covers.yaml";
        program_alias_long_string: "program-alias-long-string.yaml";
        program_alias_names: "program-alias-names.yaml";
        rubric_alias_long_name: "rubric-alias-long-name.yaml";
        nested_block_sequences: "nested-block-sequences.yaml";
        nested_complex_keys: "nested-complex-keys.yaml";
        deep_nesting_anchor_80kb: "deep-nesting-anchor-80kb.yaml";
        export_2mib_cell: "export-2mib-cell.csv";
        export_endless_row: "export-endless-row.csv";
        export_16mib_junk_level: "export-16mib-junk-level.csv";
        export_100mb_blank_lines_valid: "export-100mb-blank-lines-valid.csv";
        export_sst_claimed_count: "export-sst-claimed-count.xlsx";
        export_sst_amplification: "export-sst-amplification.xlsx";
        export_200mb_cell: "export-200mb-cell.xlsx";
        export_200mb_shared_string: "export-200mb-shared-string.xlsx";
        program_sarif_10000_personas_40000_findings_valid: "program-sarif-10000-personas-40000-findings-valid.yaml";
    }
}

#[test]
fn every_file_in_tests_hostile_has_its_own_test() {
    let mut on_disk: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FILES.iter().map(|f| f.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "add a line to `cases!` for each file in tests/hostile/"
    );
}

/// The limit itself holds: a valid run that needs more than it is given is stopped (a test of
/// the harness, so that a passing case means what it says).
#[test]
fn the_memory_limit_stops_a_run_that_needs_more() {
    let name = "program-10000-personas-valid.yaml";
    let path = write_generated(&format!("harness-{name}"), &generate(name));
    let args = command(name, path.to_str().unwrap());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let ran = run_limited(&args, MEMORY);
    assert_eq!(ran.code, Some(0), "{}", ran.err);
    let starved = run_limited(&args, 32 << 20);
    assert_eq!(starved.code, None, "not stopped: {}", starved.err);
    assert!(starved.err.contains("memory allocation"), "{}", starved.err);
}
