//! `evidence crm` and `evidence interviews`, run as a marketing-operations lead runs them: on
//! exports generated here the way HubSpot and Salesforce write them, with known figures, and on
//! interview logs; `--update` on commented program files; and the promise that no contact's name
//! or email ever leaves the export, in any format or message.

use crate::common::Pm;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A contact as a CRM holds it. Names and emails are distinctive, so a leak is found by a search.
struct Contact {
    first: String,
    last: String,
    email: String,
    stage: String,
    persona: String,
}

const FIRST: &str = "Zenobia";
const LAST: &str = "Quillfeather";
const DOMAIN: &str = "@contacts.invalid";

/// Unmapped persona cells as CRMs leave them: empty, blanks, placeholders.
const UNMAPPED: [&str; 5] = ["", " ", "n/a", "-", "Unknown"];

/// `customers` and `prospects` as (records, mapped), with the stage values of the CRM: the
/// customer stages and the prospect stages take turns.
fn contacts(
    customers: (usize, usize),
    prospects: (usize, usize),
    customer_stages: &[&str],
    prospect_stages: &[&str],
) -> Vec<Contact> {
    let personas = ["Operations Olivia", "Finance Fred", "IT Ian"];
    let mut out = Vec::new();
    let mut k = 0;
    for ((records, mapped), stages) in [(customers, customer_stages), (prospects, prospect_stages)]
    {
        for i in 0..records {
            k += 1;
            out.push(Contact {
                first: format!("{FIRST}{k}"),
                last: format!("{LAST}{k}"),
                email: format!("zenobia.quillfeather{k}{DOMAIN}"),
                stage: stages[i % stages.len()].to_string(),
                persona: if i < mapped {
                    personas[i % personas.len()].to_string()
                } else {
                    UNMAPPED[i % UNMAPPED.len()].to_string()
                },
            });
        }
    }
    out
}

fn hubspot_people(customers: (usize, usize), prospects: (usize, usize)) -> Vec<Contact> {
    contacts(
        customers,
        prospects,
        &["Customer", "Evangelist"],
        &[
            "Lead",
            "Subscriber",
            "Marketing Qualified Lead",
            "Opportunity",
            "Other",
            "",
        ],
    )
}

fn quoted(v: &str) -> String {
    format!("\"{}\"", v.replace('"', "\"\""))
}

/// A HubSpot contacts export: every cell quoted, CRLF, its header.
fn hubspot_csv(people: &[Contact]) -> Vec<u8> {
    let mut s = String::from(
        "\"Record ID\",\"First Name\",\"Last Name\",\"Email\",\"Lifecycle Stage\",\"Persona\",\"Contact owner\",\"Create Date\"\r\n",
    );
    for (k, p) in people.iter().enumerate() {
        let cells = [
            (1000 + k).to_string(),
            p.first.clone(),
            p.last.clone(),
            p.email.clone(),
            p.stage.clone(),
            p.persona.clone(),
            "Dana Reyes".to_string(),
            "2026-03-14 10:02".to_string(),
        ];
        s.push_str(
            &cells
                .iter()
                .map(|c| quoted(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        s.push_str("\r\n");
    }
    s.into_bytes()
}

/// The same export as HubSpot's XLSX.
fn hubspot_xlsx(people: &[Contact], path: &Path) {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "Record ID",
        "First Name",
        "Last Name",
        "Email",
        "Lifecycle Stage",
        "Persona",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (k, p) in people.iter().enumerate() {
        let row = k as u32 + 1;
        sheet.write_number(row, 0, (1000 + k) as f64).unwrap();
        for (c, v) in [&p.first, &p.last, &p.email, &p.stage, &p.persona]
            .iter()
            .enumerate()
        {
            if !v.is_empty() {
                sheet.write_string(row, c as u16 + 1, v.as_str()).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// A Salesforce report export: a byte-order mark, every cell quoted, CRLF, the account `Type`
/// and a custom `Persona` column.
fn salesforce_csv(people: &[Contact]) -> Vec<u8> {
    let mut s = String::from(
        "\u{feff}\"First Name\",\"Last Name\",\"Title\",\"Email\",\"Account Name\",\"Type\",\"Persona\",\"Contact Owner\"\r\n",
    );
    for p in people {
        let cells = [
            p.first.as_str(),
            p.last.as_str(),
            "Head of Operations",
            p.email.as_str(),
            "Northwind Traders",
            p.stage.as_str(),
            p.persona.as_str(),
            "Sam Lee",
        ];
        s.push_str(
            &cells
                .iter()
                .map(|c| quoted(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        s.push_str("\r\n");
    }
    s.into_bytes()
}

fn salesforce_people(customers: (usize, usize), prospects: (usize, usize)) -> Vec<Contact> {
    contacts(
        customers,
        prospects,
        &["Customer - Direct", "Customer - Channel"],
        &["Prospect", "Other", ""],
    )
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn json_of(args: &[&str]) -> Value {
    let mut a: Vec<&str> = args.to_vec();
    a.extend(["--format", "json"]);
    if !args.contains(&"--today") {
        a.extend(["--today", "2026-12-01"]);
    }
    let r = Pm::new(a).run().exits(0);
    serde_json::from_str(&r.out).unwrap()
}

/// The figures a JSON report gives: (customers records, mapped), (prospects records, mapped).
fn figures(v: &Value) -> ((u64, u64), (u64, u64)) {
    let side = |s: &str| {
        (
            v[s]["records"].as_u64().unwrap(),
            v[s]["mapped"].as_u64().unwrap(),
        )
    };
    (side("customers"), side("prospects"))
}

#[test]
fn a_hubspot_csv_export_gives_exactly_its_figures_and_level() {
    let dir = tempfile::tempdir().unwrap();
    let people = hubspot_people((1_000, 920), (5_000, 2_600));
    let csv = write(dir.path(), "hubspot-contacts.csv", &hubspot_csv(&people));
    let v = json_of(&["evidence", "crm", csv.to_str().unwrap()]);
    assert_eq!(figures(&v), ((1_000, 920), (5_000, 2_600)));
    assert_eq!(v["kind"], "hubspot");
    assert_eq!(v["level"], "fully-optimized");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["total"]["records"], 6_000);
    // 80 unmapped customers, a fifth of each kind of blank.
    assert_eq!(v["customers"]["unmapped"]["empty"], 16);
    assert_eq!(v["customers"]["unmapped"]["blank"], 16);
    assert_eq!(v["customers"]["unmapped"]["placeholder"], 48);
    let values: Vec<&str> = v["persona_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_str().unwrap())
        .collect();
    assert_eq!(values.len(), 3, "{values:?}");
    // The table says the same, as the README's routine shows it.
    let r = Pm::new([
        "evidence",
        "crm",
        csv.to_str().unwrap(),
        "--today",
        "2026-12-01",
    ])
    .dir(dir.path())
    .run()
    .exits(0);
    insta::assert_snapshot!("evidence_crm_hubspot_table", r.out);
}

#[test]
fn a_hubspot_workbook_gives_the_same_figures_as_its_csv() {
    let dir = tempfile::tempdir().unwrap();
    let people = hubspot_people((300, 271), (700, 350));
    let xlsx = dir.path().join("hubspot-crm-exports-all-contacts.xlsx");
    hubspot_xlsx(&people, &xlsx);
    let csv = write(dir.path(), "all-contacts.csv", &hubspot_csv(&people));
    let mut a = json_of(&["evidence", "crm", xlsx.to_str().unwrap()]);
    let mut b = json_of(&["evidence", "crm", csv.to_str().unwrap()]);
    assert_eq!(figures(&a), ((300, 271), (700, 350)));
    assert_eq!(a["level"], "fully-optimized");
    a["source"] = Value::Null;
    b["source"] = Value::Null;
    assert_eq!(a, b);
}

#[test]
fn a_salesforce_report_with_a_bom_is_recognised_and_its_types_read() {
    let dir = tempfile::tempdir().unwrap();
    let people = salesforce_people((400, 200), (1_600, 800));
    let csv = write(
        dir.path(),
        "report1764547200000.csv",
        &salesforce_csv(&people),
    );
    let v = json_of(&["evidence", "crm", csv.to_str().unwrap()]);
    assert_eq!(v["kind"], "salesforce");
    assert_eq!(figures(&v), ((400, 200), (1_600, 800)));
    assert_eq!(v["level"], "advancing");
    assert_eq!(v["stage_column"], "Type");
    // Named explicitly, as for any CRM, the same figures.
    let w = json_of(&[
        "evidence",
        "crm",
        csv.to_str().unwrap(),
        "--persona-column",
        "persona",
        "--stage-column",
        "TYPE",
        "--customer-values",
        "customer-direct,Customer - Channel",
    ]);
    assert_eq!(figures(&w), ((400, 200), (1_600, 800)));
    // Partners left out of both sides.
    let x = json_of(&[
        "evidence",
        "crm",
        csv.to_str().unwrap(),
        "--exclude-values",
        "Other",
    ]);
    assert_eq!(x["excluded"], 533);
    assert_eq!(x["prospects"]["records"], 1_600 - 533);
}

/// Records and mapped records of one side of an export.
type Side = (usize, usize);

/// Exports of exact counts on each side of a threshold, and the level each gives.
#[test]
fn the_thresholds_decide_on_both_sides_at_10_50_and_90_percent() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(Side, Side, &str); 10] = [
        // The whole database: exactly 10% is not more than 10%.
        ((100, 10), (900, 90), "experimenting"),
        ((100, 10), (900, 91), "emerging"),
        // Half of the whole database, customers and prospects as one, whichever side holds it.
        ((100, 50), (900, 450), "advancing"),
        ((100, 49), (900, 450), "emerging"),
        ((100, 50), (900, 449), "emerging"),
        ((100, 0), (900, 500), "advancing"),
        ((100, 100), (900, 399), "emerging"),
        // Customers at 90%, prospects at half.
        ((100, 90), (900, 450), "fully-optimized"),
        ((100, 89), (900, 900), "advancing"),
        // Prospects under half: not Fully Optimized, though the whole (54.9%) is Advancing.
        ((100, 100), (900, 449), "advancing"),
    ];
    for (k, (c, p, level)) in cases.iter().enumerate() {
        let csv = write(
            dir.path(),
            &format!("t{k}.csv"),
            &hubspot_csv(&hubspot_people(*c, *p)),
        );
        let v = json_of(&["evidence", "crm", csv.to_str().unwrap()]);
        assert_eq!(
            figures(&v),
            ((c.0 as u64, c.1 as u64), (p.0 as u64, p.1 as u64))
        );
        assert_eq!(v["level"], *level, "customers {c:?}, prospects {p:?}");
    }
}

const PROGRAM_YAML: &str = "\
# Acme's persona program: reviewed in the monthly ops meeting.
rubric: persona-optimization-framework
organization: Acme Analytics
answers:
  database-completeness: advancing   # Dana: from the CRM
  qualitative-interviews: emerging
personas:
  - id: ops-olivia
    name: Operations Olivia
    kind: buyer
    buying_role: user
    sources: [customer-interviews]
  - id: fin
    name: Finance Fred
    kind: buyer
    buying_role: economic-buyer
    crm_values: [\"Finance Fred\", \"FinFred\"]
  - id: ceo-cara
    kind: buyer
    buying_role: champion
database:                      # how much of the CRM carries a persona
  # typed by hand last quarter
  customers_mapped_pct: 60     # customers
  prospects_mapped_pct: 40
policy:
  max_evidence_age_days: 45    # we measure monthly
";

#[test]
fn update_writes_the_figures_into_a_commented_yaml_program_and_check_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let program = write(dir.path(), "persona-program.yaml", PROGRAM_YAML.as_bytes());
    let people = hubspot_people((1_000, 920), (5_000, 2_600));
    let csv = write(dir.path(), "contacts.csv", &hubspot_csv(&people));
    let r = Pm::new([
        "evidence",
        "crm",
        csv.to_str().unwrap(),
        "--update",
        program.to_str().unwrap(),
        "--today",
        "2026-12-01",
    ])
    .run()
    .exits(0);
    assert!(
        r.err.contains("database: now holds the figures"),
        "{}",
        r.err
    );
    assert!(
        r.err.contains("the figures support Fully Optimized"),
        "{}",
        r.err
    );
    let text = std::fs::read_to_string(&program).unwrap();
    assert_eq!(
        text,
        PROGRAM_YAML.replace(
            "  customers_mapped_pct: 60     # customers\n  prospects_mapped_pct: 40\n",
            "  customers: { records: 1000, mapped: 920 }     # customers\n  prospects: { records: 5000, mapped: 2600 }\n  measured_on: 2026-12-01\n  source: hubspot\n"
        )
    );
    assert!(!dir.path().join("persona-program.yaml.bak").exists());
    // The persona values met the program's personas: `IT Ian` names none, `ceo-cara` has no
    // records.
    let v = json_of(&[
        "evidence",
        "crm",
        csv.to_str().unwrap(),
        "--program",
        program.to_str().unwrap(),
    ]);
    assert_eq!(v["program"]["unmatched_values"][0]["value"], "IT Ian");
    assert_eq!(
        v["program"]["personas_without_records"],
        serde_json::json!(["ceo-cara"])
    );
    // check shows the measurement as the evidence's basis.
    let r = Pm::new([
        "check",
        program.to_str().unwrap(),
        "--today",
        "2026-12-20",
        "--format",
        "json",
    ])
    .run();
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let db = v["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["attribute"] == "database-completeness")
        .unwrap()
        .clone();
    assert_eq!(
        db["basis"],
        "920 of 1,000 customers (92.0%) and 2,600 of 5,000 prospects (52.0%) carry a persona; \
         58.6% of the whole database, measured 2026-12-01 from a HubSpot export"
    );
    assert_eq!(db["evidence"], "fully-optimized");
    // Measured again a month later: only the figures change.
    let later = hubspot_people((1_010, 940), (5_100, 2_700));
    std::fs::write(&csv, hubspot_csv(&later)).unwrap();
    Pm::new([
        "evidence",
        "crm",
        csv.to_str().unwrap(),
        "--update",
        program.to_str().unwrap(),
        "--today",
        "2027-01-02",
        "--format",
        "json",
    ])
    .run()
    .exits(0);
    assert_eq!(
        std::fs::read_to_string(&program).unwrap(),
        text.replace("records: 1000, mapped: 920", "records: 1010, mapped: 940")
            .replace("records: 5000, mapped: 2600", "records: 5100, mapped: 2700")
            .replace("2026-12-01", "2027-01-02")
    );
}

const PROGRAM_TOML: &str = "\
# Acme's persona program (TOML)
rubric = \"persona-optimization-framework\"

[answers]
database-completeness = \"emerging\" # from the CRM

[database]                  # CRM coverage
customers = { records = 10, mapped = 1 }   # last month
prospects_mapped_pct = 12   # hand-typed

[policy]
require_complete = false
";

#[test]
fn update_keeps_a_toml_programs_comments() {
    let dir = tempfile::tempdir().unwrap();
    let program = write(dir.path(), "persona-program.toml", PROGRAM_TOML.as_bytes());
    let people = salesforce_people((100, 95), (400, 180));
    let csv = write(dir.path(), "report.csv", &salesforce_csv(&people));
    let r = Pm::new([
        "evidence",
        "crm",
        csv.to_str().unwrap(),
        "--update",
        program.to_str().unwrap(),
        "--today",
        "2026-12-01",
    ])
    .run()
    .exits(0);
    assert!(r.err.contains("from a Salesforce report"), "{}", r.err);
    let text = std::fs::read_to_string(&program).unwrap();
    assert_eq!(
        text,
        "# Acme's persona program (TOML)\nrubric = \"persona-optimization-framework\"\n\n[answers]\n\
         database-completeness = \"emerging\" # from the CRM\n\n[database]                  # CRM coverage\n\
         customers = { records = 100, mapped = 95 }   # last month\n\
         prospects = { records = 400, mapped = 180 }   # hand-typed\nmeasured_on = 2026-12-01\nsource = \"salesforce\"\n\n\
         [policy]\nrequire_complete = false\n"
    );
    let r = Pm::new([
        "check",
        program.to_str().unwrap(),
        "--today",
        "2026-12-02",
        "--format",
        "json",
    ])
    .run();
    assert!(
        r.out
            .contains("measured 2026-12-01 from a Salesforce report"),
        "{}",
        r.out
    );
}

/// `evidence crm EXPORT --update PROGRAM --today DAY`, which must edit the file in place.
fn update_in_place(dir: &Path, program: &Path, counts: [(usize, usize); 2], day: &str) {
    let csv = write(
        dir,
        "contacts.csv",
        &hubspot_csv(&hubspot_people(counts[0], counts[1])),
    );
    let r = Pm::new([
        "evidence",
        "crm",
        csv.to_str().unwrap(),
        "--update",
        program.to_str().unwrap(),
        "--today",
        day,
    ])
    .run()
    .exits(0);
    assert!(
        r.err.contains("the rest of the file is as it was"),
        "{}",
        r.err
    );
    let copies: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".bak"))
        .collect();
    assert!(copies.is_empty(), "a copy was kept: {copies:?}");
}

#[test]
fn a_block_database_with_nested_counts_is_edited_value_by_value_month_after_month() {
    let dir = tempfile::tempdir().unwrap();
    let before = PROGRAM_YAML.replace(
        "  customers_mapped_pct: 60     # customers\n  prospects_mapped_pct: 40\n",
        "  customers:\n    # exported by Sam\n    records: 1200   # counted by hand\n    mapped: 1104\n  \
         prospects:\n    records: 18000\n    mapped: 9900\n  measured_on: 2026-11-01   # last run\n  \
         source: crm\n",
    );
    let program = write(dir.path(), "persona-program.yaml", before.as_bytes());
    update_in_place(
        dir.path(),
        &program,
        [(1_000, 920), (5_000, 2_600)],
        "2026-12-01",
    );
    let first = std::fs::read_to_string(&program).unwrap();
    assert_eq!(
        first,
        before
            .replace("records: 1200   # counted", "records: 1000   # counted")
            .replace("mapped: 1104", "mapped: 920")
            .replace("records: 18000", "records: 5000")
            .replace("mapped: 9900", "mapped: 2600")
            .replace("2026-11-01   # last run", "2026-12-01   # last run")
            .replace("source: crm", "source: hubspot")
    );
    // A month later: the numbers and the day change, nothing else.
    update_in_place(
        dir.path(),
        &program,
        [(1_010, 940), (5_000, 2_600)],
        "2027-01-02",
    );
    assert_eq!(
        std::fs::read_to_string(&program).unwrap(),
        first
            .replace("records: 1000", "records: 1010")
            .replace("mapped: 920", "mapped: 940")
            .replace("2026-12-01", "2027-01-02")
    );
}

#[test]
fn a_database_last_in_a_file_without_a_final_line_break_gains_no_blank_line() {
    let dir = tempfile::tempdir().unwrap();
    let cut = PROGRAM_YAML.find("policy:").unwrap();
    let before = PROGRAM_YAML[..cut].replace(
        "  customers_mapped_pct: 60     # customers\n  prospects_mapped_pct: 40\n",
        "  customers_mapped_pct: 60\n  prospects_mapped_pct: 40   # guess",
    );
    let program = write(dir.path(), "persona-program.yaml", before.as_bytes());
    update_in_place(
        dir.path(),
        &program,
        [(1_000, 920), (5_000, 2_600)],
        "2026-12-01",
    );
    assert_eq!(
        std::fs::read_to_string(&program).unwrap(),
        before.replace(
            "  customers_mapped_pct: 60\n  prospects_mapped_pct: 40   # guess",
            "  customers: { records: 1000, mapped: 920 }\n  \
             prospects: { records: 5000, mapped: 2600 }   # guess\n  measured_on: 2026-12-01\n  \
             source: hubspot"
        )
    );
}

#[test]
fn a_toml_percentage_replaced_keeps_the_comment_at_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let before = PROGRAM_TOML.replace(
        "customers = { records = 10, mapped = 1 }   # last month\n",
        "# from the board deck\ncustomers_mapped_pct = 78   # Sam's estimate, Q3\n",
    );
    let program = write(dir.path(), "persona-program.toml", before.as_bytes());
    update_in_place(
        dir.path(),
        &program,
        [(1_000, 920), (5_000, 2_600)],
        "2026-12-01",
    );
    let text = std::fs::read_to_string(&program).unwrap();
    assert!(
        text.contains(
            "[database]                  # CRM coverage\n# from the board deck\n\
             customers = { records = 1000, mapped = 920 }   # Sam's estimate, Q3\n\
             prospects = { records = 5000, mapped = 2600 }   # hand-typed\n\
             measured_on = 2026-12-01\nsource = \"hubspot\"\n"
        ),
        "{text}"
    );
}

#[test]
fn a_layout_beyond_an_exact_edit_is_written_whole_with_a_copy_kept_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let text = "answers: { training: emerging }\ndatabase:\n  customers_mapped_pct: &p 50\n  prospects_mapped_pct: *p\n";
    let program = write(dir.path(), "persona-program.yaml", text.as_bytes());
    let csv = write(
        dir.path(),
        "contacts.csv",
        &hubspot_csv(&hubspot_people((10, 9), (10, 5))),
    );
    let r = Pm::new([
        "evidence",
        "crm",
        csv.to_str().unwrap(),
        "--update",
        program.to_str().unwrap(),
        "--today",
        "2026-12-01",
    ])
    .run()
    .exits(0);
    assert!(r.err.contains("could not be edited exactly"), "{}", r.err);
    assert!(r.err.contains("persona-program.yaml.bak"), "{}", r.err);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("persona-program.yaml.bak")).unwrap(),
        text
    );
    Pm::new(["check", program.to_str().unwrap(), "--today", "2026-12-02"])
        .run()
        .exits(0);
}

#[test]
fn a_program_that_does_not_read_is_not_touched_and_the_export_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = "answers: { trainng: emerging }\n";
    let program = write(dir.path(), "persona-program.yaml", text.as_bytes());
    let csv = write(
        dir.path(),
        "contacts.csv",
        &hubspot_csv(&hubspot_people((10, 9), (10, 5))),
    );
    Pm::new([
        "evidence",
        "crm",
        csv.to_str().unwrap(),
        "--update",
        program.to_str().unwrap(),
    ])
    .run()
    .exits(2)
    .says("did you mean `training`");
    assert_eq!(std::fs::read_to_string(&program).unwrap(), text);
}

/// Every format of every report, and every error, searched for the exports' names and emails.
#[test]
fn no_name_or_email_of_a_contact_leaves_the_export_in_any_output_or_message() {
    let dir = tempfile::tempdir().unwrap();
    let people = hubspot_people((50, 40), (150, 60));
    let csv = write(dir.path(), "contacts.csv", &hubspot_csv(&people));
    let xlsx = dir.path().join("contacts.xlsx");
    hubspot_xlsx(&people, &xlsx);
    let sf = write(
        dir.path(),
        "report.csv",
        &salesforce_csv(&salesforce_people((20, 10), (30, 5))),
    );
    let program = write(dir.path(), "persona-program.yaml", PROGRAM_YAML.as_bytes());
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut run = |args: Vec<String>, code: i32| {
        let r = Pm::new(&args).run().exits(code);
        outputs.push((args.join(" "), format!("{}\n{}", r.out, r.err)));
    };
    let s = |p: &Path| p.to_str().unwrap().to_string();
    for export in [&csv, &xlsx, &sf] {
        for format in ["table", "json", "markdown", "csv", "html"] {
            run(
                vec![
                    "evidence".into(),
                    "crm".into(),
                    s(export),
                    "--format".into(),
                    format.into(),
                    "--program".into(),
                    s(&program),
                ],
                0,
            );
        }
    }
    run(
        vec![
            "evidence".into(),
            "crm".into(),
            s(&csv),
            "--update".into(),
            s(&program),
        ],
        0,
    );
    // A persona column chosen wrongly whose header has no word of people's data: `Contact`, the
    // full names, in every format, matched to a program, and with --update (which writes
    // nothing).
    let extra = write(dir.path(), "extra.csv", &with_people_columns(&people));
    let contact = |more: &[&str]| -> Vec<String> {
        let mut args = vec![
            "evidence".to_string(),
            "crm".into(),
            s(&extra),
            "--persona-column".into(),
            "Contact".into(),
        ];
        args.extend(more.iter().map(|a| a.to_string()));
        args
    };
    for format in ["table", "json", "markdown", "csv", "html"] {
        run(contact(&["--format", format]), 2);
        run(contact(&["--format", format, "--program", &s(&program)]), 2);
    }
    let updated = std::fs::read_to_string(&program).unwrap();
    run(contact(&["--update", &s(&program)]), 2);
    assert_eq!(std::fs::read_to_string(&program).unwrap(), updated);
    // The CRM's users, in columns whose headers name them (Salesforce's `Created By`, `Last
    // Modified By`, `Assigned To`, a `Sales Rep`, an `Owner Name`): refused, in every format.
    let users = write(
        dir.path(),
        "users.csv",
        &with_user_columns(
            &salesforce_people((20, 10), (30, 5)),
            &[
                "Created By",
                "Last Modified By",
                "Assigned To",
                "Sales Rep",
                "Owner Name",
            ],
        ),
    );
    for (k, (flag, column)) in [
        ("--stage-column", "Created By"),
        ("--persona-column", "Last Modified By"),
        ("--stage-column", "Assigned To"),
        ("--persona-column", "Sales Rep"),
        ("--stage-column", "Owner Name"),
        ("--stage-column", "Created Byy"),
    ]
    .into_iter()
    .enumerate()
    {
        let format = ["table", "json", "markdown", "csv", "html"][k % 5];
        run(
            vec![
                "evidence".into(),
                "crm".into(),
                s(&users),
                flag.into(),
                column.into(),
                "--format".into(),
                format.into(),
            ],
            2,
        );
    }
    // Errors: a personal column named as the persona's, emails in the persona column, a cell
    // that is not UTF-8 in the middle of an email, a row cut short, a column that is not there.
    run(
        vec![
            "evidence".into(),
            "crm".into(),
            s(&csv),
            "--persona-column".into(),
            "Email".into(),
        ],
        2,
    );
    run(
        vec![
            "evidence".into(),
            "crm".into(),
            s(&csv),
            "--persona-column".into(),
            "Contact owner".into(),
        ],
        2,
    );
    let mut emails_as_personas = hubspot_csv(&people);
    let header_end = emails_as_personas
        .windows(2)
        .position(|w| w == b"\r\n")
        .unwrap();
    let head = String::from_utf8(emails_as_personas[..header_end].to_vec())
        .unwrap()
        .replace("\"Email\"", "\"Persona\"")
        .replace(
            "\"Persona\",\"Contact owner\"",
            "\"Buyer type\",\"Contact owner\"",
        );
    emails_as_personas.splice(..header_end, head.into_bytes());
    let bad = write(dir.path(), "emails.csv", &emails_as_personas);
    run(vec!["evidence".into(), "crm".into(), s(&bad)], 2);
    let mut latin1 = hubspot_csv(&people);
    let at = latin1.windows(8).position(|w| w == b"quillfea").unwrap();
    latin1[at + 3] = 0xE9;
    let bad = write(dir.path(), "latin1.csv", &latin1);
    run(vec!["evidence".into(), "crm".into(), s(&bad)], 2);
    let mut cut = hubspot_csv(&people);
    cut.extend_from_slice(format!("\"9999\",\"{FIRST}X\",\"{LAST}X\"\r\n").as_bytes());
    let bad = write(dir.path(), "cut.csv", &cut);
    run(vec!["evidence".into(), "crm".into(), s(&bad)], 2);
    let mut footer = salesforce_csv(&salesforce_people((5, 5), (5, 5)));
    footer.extend_from_slice(
        format!("\r\n\"Generated By:  {FIRST} {LAST}  12/1/2026\"\r\n").as_bytes(),
    );
    let bad = write(dir.path(), "footer.csv", &footer);
    run(vec!["evidence".into(), "crm".into(), s(&bad)], 2);
    run(
        vec![
            "evidence".into(),
            "crm".into(),
            s(&csv),
            "--stage-column".into(),
            "Lifecycle".into(),
        ],
        2,
    );
    // A stage column chosen wrongly whose header has no word of people's data: full names, phone
    // numbers, handles; of a HubSpot export (its defaults as customer values), with customer
    // values named, and of an export the tool does not know (whose error lists a stage column's
    // values).
    let unknown = write(
        dir.path(),
        "unknown.csv",
        &String::from_utf8(with_people_columns(&people))
            .unwrap()
            .replacen("\"Record ID\"", "\"Id\"", 1)
            .into_bytes(),
    );
    for (export, column, customers) in [
        (&extra, "Contact", None),
        (&extra, "Contact", Some("Customer")),
        (&extra, "Tel", None),
        (&extra, "Handle", None),
        (&unknown, "Contact", None),
        (&unknown, "Tel", None),
        (&unknown, "Handle", Some("Customer")),
    ] {
        let mut args = vec![
            "evidence".to_string(),
            "crm".into(),
            s(export),
            "--stage-column".into(),
            column.into(),
        ];
        if let Some(c) = customers {
            args.extend(["--customer-values".into(), c.into()]);
        }
        run(args, 2);
    }
    for (args, text) in &outputs {
        for needle in [FIRST, LAST, DOMAIN, "zenobia", "quillfeather", "555"] {
            assert!(
                !text.to_lowercase().contains(&needle.to_lowercase()),
                "`persona-maturity {args}` shows {needle}:\n{text}"
            );
        }
    }
    // The column of names is refused for what it holds, in every format and with a program.
    let refused: Vec<&(String, String)> = outputs
        .iter()
        .filter(|(args, _)| args.contains("extra.csv --persona-column Contact"))
        .collect();
    assert_eq!(refused.len(), 11);
    for (args, text) in refused {
        assert!(
            text.contains(
                "extra.csv: column `Contact` does not read as a persona column: 200 different \
                 values"
            ) && text.contains("in 200 records with a persona, 200 of them with a rare value"),
            "{args}: {text}"
        );
    }
    // The errors still say where: the row and the column.
    let footer_err = &outputs[outputs.len() - 9].1;
    assert!(footer_err.contains("Details Only"), "{footer_err}");
    // The stage columns of people's data are refused for what they hold, not for another reason.
    let says: Vec<&str> = outputs[outputs.len() - 7..]
        .iter()
        .map(|(_, text)| text.as_str())
        .collect();
    for (k, text) in says.iter().enumerate() {
        let why = match k {
            0 | 1 | 4 => "does not read as a stage column: 200 different values in 200 records",
            2 | 5 => "column `Tel`: holds a phone number",
            _ => "column `Handle`: holds a value with an `@`",
        };
        assert!(text.contains(why), "{k}: {text}");
    }
}

/// A HubSpot export with three more columns of people's data whose headers have no word of it:
/// `Contact` (the full name), `Tel` (a phone number) and `Handle` (`@` and the name).
fn with_people_columns(people: &[Contact]) -> Vec<u8> {
    let text = String::from_utf8(hubspot_csv(people)).unwrap();
    let mut lines: Vec<String> = text.split("\r\n").map(String::from).collect();
    lines[0].push_str(",\"Contact\",\"Tel\",\"Handle\"");
    for (k, p) in people.iter().enumerate() {
        lines[k + 1].push_str(&format!(
            ",{},{},{}",
            quoted(&format!("{} {}", p.first, p.last)),
            quoted(&format!("+1 (555) 01{k:02}-{:04}", 1000 + k)),
            quoted(&format!("@{}", p.first.to_lowercase()))
        ));
    }
    lines.join("\r\n").into_bytes()
}

#[test]
fn the_json_reports_follow_their_published_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "contacts.csv",
        &hubspot_csv(&hubspot_people((30, 20), (70, 20))),
    );
    let program = write(dir.path(), "persona-program.yaml", PROGRAM_YAML.as_bytes());
    let log = write(
        dir.path(),
        "interviews.csv",
        b"date,kind,persona,notes\n2026-10-01,customer,ops-olivia,x\n2026-11-01,lost-deal,,y\n",
    );
    for (schema, args) in [
        (
            "evidence-crm",
            vec!["evidence", "crm", csv.to_str().unwrap()],
        ),
        (
            "evidence-crm",
            vec![
                "evidence",
                "crm",
                csv.to_str().unwrap(),
                "--program",
                program.to_str().unwrap(),
            ],
        ),
        (
            "evidence-interviews",
            vec!["evidence", "interviews", log.to_str().unwrap()],
        ),
    ] {
        let s = Pm::new(["schema", "--output", schema]).run().exits(0);
        let schema: Value = serde_json::from_str(&s.out).unwrap();
        let v = json_of(&args);
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{args:?}: {errors:?}");
    }
}

const LOG: &str = "date,kind,persona,notes\r\n\
2026-01-10,customer,ops-olivia,\"Ann Lee: \"\"renewal was painful\"\"\"\r\n\
2026-01-20,prospect,fin,\r\n\
2026-02-01,churned,fin,cancelled in January\r\n\
2026-04-02,customer,ops-olivia,\r\n\
2026-04-15,lost-deal,fin,chose a competitor\r\n\
2026-07-09,customer,fin,\r\n\
2026-07-30,churned,ops-olivia,\r\n\
2026-10-01,customer,ops-olivia,\r\n\
2026-10-20,lost-deal,fin,\r\n\
2026-11-02,internal,,sales kickoff\r\n\
2025-06-01,customer,,before the window\r\n\
2026-12-05,customer,,booked\r\n";

#[test]
fn an_interview_log_gives_its_level_and_the_counts_behind_it() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(dir.path(), "interviews.csv", LOG.as_bytes());
    let v = json_of(&[
        "evidence",
        "interviews",
        log.to_str().unwrap(),
        "--today",
        "2026-11-22",
    ]);
    assert_eq!(v["level"], "fully-optimized");
    assert_eq!(v["window"]["total"], 10);
    assert_eq!(v["window"]["by_kind"]["customer"], 4);
    assert_eq!(v["before_window"], 1);
    assert_eq!(v["after_today"], 1);
    assert_eq!(v["personas"]["ops-olivia"], 4);
    // Two months later the window has moved: the period from 2026-04-20 to 2026-07-19 holds a
    // customer but no lost deal or churned customer: Advancing.
    let v = json_of(&[
        "evidence",
        "interviews",
        log.to_str().unwrap(),
        "--today",
        "2027-01-19",
    ]);
    assert_eq!(v["level"], "advancing", "{v:#}");
    let r = Pm::new([
        "evidence",
        "interviews",
        log.to_str().unwrap(),
        "--today",
        "2026-11-22",
    ])
    .dir(dir.path())
    .run()
    .exits(0);
    assert!(
        !r.out.contains("Ann Lee") && !r.out.contains("competitor") && !r.out.contains("cancelled")
    );
    insta::assert_snapshot!("evidence_interviews_table", r.out);
}

#[test]
fn json_internal_share_is_rounded_as_reports_round_and_null_with_no_interviews() {
    let dir = tempfile::tempdir().unwrap();
    let share = |name: &str, rows: &str| -> Value {
        let log = write(dir.path(), name, format!("date,kind\n{rows}").as_bytes());
        let v = json_of(&[
            "evidence",
            "interviews",
            log.to_str().unwrap(),
            "--today",
            "2026-11-22",
        ]);
        v["internal_share"].clone()
    };
    let full = write(dir.path(), "interviews.csv", LOG.as_bytes());
    let v = json_of(&[
        "evidence",
        "interviews",
        full.to_str().unwrap(),
        "--today",
        "2026-11-22",
    ]);
    assert_eq!(v["internal_share"], serde_json::json!(0.1));
    // 1 of 3 is 0.333, not 0.3333333333333333; exactly half is 0.5 (not under half: Emerging).
    assert_eq!(
        share(
            "third.csv",
            "2026-10-01,internal\n2026-10-02,customer\n2026-10-03,lost-deal\n"
        ),
        serde_json::json!(0.333)
    );
    assert_eq!(
        share("half.csv", "2026-10-01,internal\n2026-10-02,customer\n"),
        serde_json::json!(0.5)
    );
    // 2 of 3 rounded down, as a share is never shown above what it is.
    assert_eq!(
        share(
            "two.csv",
            "2026-10-01,internal\n2026-10-02,internal\n2026-10-03,customer\n"
        ),
        serde_json::json!(0.666)
    );
    // No interview in the window (one before it): no share, not a share of 0.
    let none = write(dir.path(), "none.csv", b"date,kind\n2025-01-10,internal\n");
    let v = json_of(&[
        "evidence",
        "interviews",
        none.to_str().unwrap(),
        "--today",
        "2026-11-22",
    ]);
    assert_eq!(v["window"]["total"], 0);
    assert_eq!(v["internal_share"], Value::Null);
    // The published schema says so, and the JSON follows it.
    let s = Pm::new(["schema", "--output", "evidence-interviews"])
        .run()
        .exits(0);
    let schema: Value = serde_json::from_str(&s.out).unwrap();
    assert_eq!(
        schema["properties"]["internal_share"]["type"],
        serde_json::json!(["number", "null"])
    );
    assert!(
        s.out.contains("null with no interviews in the window"),
        "{}",
        s.out
    );
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&v), "{v:#}");
}

#[test]
fn check_measures_qualitative_interviews_from_the_log_the_program_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("research")).unwrap();
    write(
        &dir.path().join("research"),
        "interviews.csv",
        b"date,kind\n2026-10-01,customer\n2026-10-02,internal\n",
    );
    let program = write(
        dir.path(),
        "persona-program.yaml",
        b"answers:\n  qualitative-interviews: advancing\nevidence: { interviews: research/interviews.csv }\n",
    );
    let r = Pm::new([
        "check",
        program.to_str().unwrap(),
        "--today",
        "2026-11-22",
        "--format",
        "json",
    ])
    .run()
    .exits(1);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "evidence-overclaim")
        .unwrap()
        .clone();
    assert_eq!(f["subject"], "qualitative-interviews");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("interview log: 2 interviews in the 12 months to 2026-11-22"),
        "{f}"
    );
    assert!(
        f["remediation"]
            .as_str()
            .unwrap()
            .contains("a non-customer interview"),
        "{f}"
    );
    // A log that is not there, or does not read: exit 2 naming it.
    let missing = write(
        dir.path(),
        "p2.yaml",
        b"answers: {}\nevidence:\n  interviews: research/nope.csv\n",
    );
    Pm::new(["check", missing.to_str().unwrap()])
        .run()
        .exits(2)
        .says("evidence.interviews: `research/nope.csv` does not exist");
    write(
        &dir.path().join("research"),
        "bad.csv",
        b"date,kind\n2026-10-01,custmer\n",
    );
    let bad = write(
        dir.path(),
        "p3.yaml",
        b"answers: {}\nevidence:\n  interviews: research/bad.csv\n",
    );
    Pm::new(["check", bad.to_str().unwrap()])
        .run()
        .exits(2)
        .says("did you mean `customer`");
}

/// A person's name and email as a research team writes them into an interview log.
const PERSON: &str = "Zoë Müller zoe@privacy-leak.example";

/// An interview log whose second row is bad, with a person's data in it, CSV and YAML.
fn bad_logs(dir: &Path) -> Vec<(&'static str, String)> {
    let csv = |row: &str| format!("date,kind,persona,notes\r\n{row}\r\n");
    let yaml = |entry: &str| format!("interviews:\n  - {{ {entry} }}\n");
    let logs = [
        (
            "date.csv",
            csv(&format!("2026-13-45,customer,ops,\"{PERSON}\"")),
        ),
        (
            "kind.csv",
            csv(&format!("2026-01-01,{PERSON},ops,\"{PERSON}\"")),
        ),
        (
            "date.yaml",
            yaml(&format!(
                "date: 2026-02-30, kind: customer, notes: \"{PERSON}\""
            )),
        ),
        (
            "kind.yaml",
            yaml(&format!(
                "date: 2026-01-01, kind: \"{PERSON}\", notes: \"{PERSON}\""
            )),
        ),
        // The person's email or phone number typed as the persona interviewed.
        (
            "persona.csv",
            csv("2026-01-01,customer,zoe@privacy-leak.example,"),
        ),
        ("phone.csv", csv("2026-01-01,customer,+49 (30) 7000-1234,")),
        // An address as Outlook pastes it, a number with words before it.
        (
            "named.csv",
            csv("2026-01-01,customer,Zoë Müller <zoe@privacy-leak.example>,"),
        ),
        ("ext.csv", csv("2026-01-01,customer,ext. 70001234,")),
        (
            "persona.yaml",
            yaml("date: 2026-01-01, kind: customer, persona: zoe@privacy-leak.example"),
        ),
    ];
    std::fs::create_dir_all(dir.join("research")).unwrap();
    logs.iter()
        .map(|(name, text)| {
            write(&dir.join("research"), name, text.as_bytes());
            (*name, format!("research/{name}"))
        })
        .collect()
}

/// Neither the name nor the email of the person in `bad_logs`.
fn leaks(text: &str) -> bool {
    text.contains("Zoë")
        || text.contains("Müller")
        || text.contains("privacy-leak")
        || text.contains("7000")
}

#[test]
fn no_error_about_an_interview_log_shows_its_line_or_a_cell_in_any_command_or_format() {
    let dir = tempfile::tempdir().unwrap();
    for (name, log) in bad_logs(dir.path()) {
        for format in ["table", "json", "markdown", "csv", "html"] {
            let r = Pm::new(["evidence", "interviews", &log, "--format", format])
                .dir(dir.path())
                .run()
                .exits(2);
            assert!(!leaks(&r.out) && !leaks(&r.err), "{name}: {}", r.err);
            assert!(
                r.err.contains("(the cell is not shown)"),
                "{name}: {}",
                r.err
            );
            // The row (or entry) and the column are named.
            if name.starts_with("p") {
                let at = if name.ends_with(".yaml") {
                    "interviews[0], `persona`: holds "
                } else {
                    "row 2, `persona`: holds "
                };
                assert!(r.err.contains(at), "{name}: {}", r.err);
            }
        }
        let program = format!("p-{name}.yaml");
        write(
            dir.path(),
            &program,
            format!("answers:\n  qualitative-interviews: advancing\nevidence: {{ interviews: {log} }}\n").as_bytes(),
        );
        let formats = [
            "table", "json", "markdown", "github", "junit", "html", "sarif", "gitlab",
        ];
        for format in formats {
            let r = Pm::new(["check", &program, "--concise", "--format", format])
                .dir(dir.path())
                .run()
                .exits(2);
            assert!(
                !leaks(&r.out) && !leaks(&r.err),
                "{name} {format}: {}{}",
                r.out,
                r.err
            );
            let both = format!("{}{}", r.out, r.err);
            assert!(both.contains(&log), "{name} {format}: {both}");
        }
        let r = Pm::new(["plan", &program]).dir(dir.path()).run().exits(2);
        assert!(!leaks(&r.out) && !leaks(&r.err), "{name} plan: {}", r.err);
        assert!(r.err.contains(&log), "{name} plan: {}", r.err);
    }
}

#[test]
fn a_bad_kind_is_not_quoted_and_a_near_miss_gets_the_kind_it_is_close_to() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "log.csv",
        b"date,kind\r\n2026-10-01,custmer\r\n",
    );
    let r = Pm::new(["evidence", "interviews", log.to_str().unwrap()])
        .run()
        .exits(2);
    assert!(
        r.err
            .contains("row 2, `kind`: not a kind of interview (the cell is not shown)"),
        "{}",
        r.err
    );
    assert!(r.err.contains("did you mean `customer`?"), "{}", r.err);
    assert!(!r.err.contains("custmer"), "{}", r.err);
    // A misspelt column name: the column to rename, and what to.
    let log = write(
        dir.path(),
        "head.csv",
        b"date,knd,persona,notes\r\n2026-10-01,customer,,\r\n",
    );
    Pm::new(["evidence", "interviews", log.to_str().unwrap()])
        .run()
        .exits(2)
        .says("the header has no `kind` column")
        .says("rename the column `knd` to `kind`");
}

#[test]
fn plan_says_what_the_log_must_show_for_the_next_level() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("research")).unwrap();
    write(
        &dir.path().join("research"),
        "interviews.csv",
        b"date,kind,persona,notes\r\n2026-10-02,internal,,\r\n",
    );
    let program = write(
        dir.path(),
        "persona-program.yaml",
        b"answers:\n  qualitative-interviews: emerging\nevidence:\n  interviews: research/interviews.csv\n",
    );
    let r = Pm::new([
        "plan",
        program.to_str().unwrap(),
        "--target",
        "qualitative-interviews=advancing",
        "--target",
        "experimenting",
        "--format",
        "json",
        "--start",
        "2027-01-01",
    ])
    .run()
    .exits(0);
    assert!(
        r.out.contains(
            "the interview log holds, in the last 12 months, customer and non-customer interviews"
        ),
        "{}",
        r.out
    );
}

#[test]
fn a_header_only_export_is_refused_and_update_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let full = hubspot_csv(&hubspot_people((3, 2), (4, 1)));
    let header_end = full.windows(2).position(|w| w == b"\r\n").unwrap() + 2;
    let export = write(dir.path(), "contacts.csv", &full[..header_end]);
    let program = write(dir.path(), "persona-program.yaml", PROGRAM_YAML.as_bytes());
    Pm::new([
        "evidence",
        "crm",
        export.to_str().unwrap(),
        "--update",
        program.to_str().unwrap(),
    ])
    .run()
    .exits(2)
    .says("no contacts after the header");
    assert_eq!(std::fs::read_to_string(&program).unwrap(), PROGRAM_YAML);
}

#[test]
fn plan_stops_at_an_interview_log_that_is_not_there() {
    let dir = tempfile::tempdir().unwrap();
    let program = write(
        dir.path(),
        "persona-program.yaml",
        b"answers:\n  qualitative-interviews: emerging\nevidence:\n  interviews: research/nope.csv\n",
    );
    Pm::new(["plan", program.to_str().unwrap()])
        .run()
        .exits(2)
        .says("evidence.interviews: `research/nope.csv` does not exist");
}

#[test]
fn stale_evidence_fires_after_the_policys_days_and_not_on_the_day() {
    let program = "answers: { training: emerging }\ndatabase:\n  customers: { records: 10, mapped: 9 }\n  prospects: { records: 10, mapped: 5 }\n  measured_on: 2026-09-01\n  source: hubspot\n";
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "persona-program.yaml", program.as_bytes());
    let rules = |today: &str| -> Vec<String> {
        let r = Pm::new([
            "check",
            p.to_str().unwrap(),
            "--today",
            today,
            "--format",
            "json",
        ])
        .run();
        let v: Value = serde_json::from_str(&r.out).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    // 90 days after 2026-09-01 is 2026-11-30.
    assert!(!rules("2026-11-30").contains(&"stale-evidence".to_string()));
    assert!(rules("2026-12-01").contains(&"stale-evidence".to_string()));
    let custom = format!("{program}policy: {{ max_evidence_age_days: 30 }}\n");
    std::fs::write(&p, custom).unwrap();
    assert!(!rules("2026-10-01").contains(&"stale-evidence".to_string()));
    assert!(rules("2026-10-02").contains(&"stale-evidence".to_string()));
}

#[test]
fn a_progress_line_shows_only_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "contacts.csv",
        &hubspot_csv(&hubspot_people((10_000, 9_000), (10_000, 5_000))),
    );
    // Standard error is a pipe here: nothing but the report, even when shown at once.
    let r = Pm::new(["evidence", "crm", csv.to_str().unwrap()])
        .env("PERSONA_MATURITY_PROGRESS_AFTER_MS", "0")
        .run()
        .exits(0);
    assert_eq!(r.err, "");
}

#[test]
fn explain_prints_the_exact_counting_rules_and_rules_explains_stale_evidence() {
    let r = Pm::new(["explain", "qualitative-interviews"])
        .run()
        .exits(0);
    assert!(r.out.contains("How the evidence is measured"), "{}", r.out);
    insta::assert_snapshot!("explain_qualitative_interviews", r.out);
    let r = Pm::new(["explain", "database-completeness"]).run().exits(0);
    let words = r.out.split_whitespace().collect::<Vec<_>>().join(" ");
    for rule in [
        "Advancing, \"at least half of the prospect and customer database\": 50% or more of the whole",
        "customers 90% or more and prospects 50% or more",
    ] {
        assert!(words.contains(rule), "{rule}: {}", r.out);
    }
    let r = Pm::new(["rules", "stale-evidence"]).run().exits(0);
    insta::assert_snapshot!("rules_stale_evidence", r.out);
}

#[test]
fn check_shows_the_measured_evidence_in_its_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("research")).unwrap();
    write(
        &dir.path().join("research"),
        "interviews.csv",
        LOG.as_bytes(),
    );
    let program = "\
# Acme's persona program
answers:
  database-completeness: fully-optimized
  qualitative-interviews: fully-optimized
database:
  customers: { records: 1000, mapped: 899 }
  prospects: { records: 5000, mapped: 2600 }
  measured_on: 2026-08-01
  source: hubspot
evidence:
  interviews: research/interviews.csv
";
    let p = write(dir.path(), "persona-program.yaml", program.as_bytes());
    let r = Pm::new(["check", "persona-program.yaml", "--today", "2026-11-22"])
        .dir(dir.path())
        .run()
        .exits(1);
    assert!(p.exists());
    insta::assert_snapshot!("check_with_measured_evidence", r.out);
}

/// A HubSpot export whose customers are the stage `Client` (a CRM set up its own way), and the
/// prospects `Lead` and `Opportunity`.
fn client_export(dir: &Path) -> PathBuf {
    let people = contacts((40, 30), (60, 20), &["Client"], &["Lead", "Opportunity"]);
    write(dir, "contacts.csv", &hubspot_csv(&people))
}

#[test]
fn a_misspelt_customer_or_exclude_value_is_an_error_with_did_you_mean_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let csv = client_export(dir.path());
    let program = write(dir.path(), "persona-program.yaml", PROGRAM_YAML.as_bytes());
    let export = csv.to_str().unwrap();
    for (flag, typed, says, near) in [
        ("--customer-values", "Clinet", "`Clinet`", "Client"),
        ("--customer-values", "clinet", "`clinet`", "Client"),
        (
            "--exclude-values",
            "Oportunity",
            "`Oportunity`",
            "Opportunity",
        ),
    ] {
        let mut args = vec![export, "--update", program.to_str().unwrap(), flag, typed];
        if flag == "--exclude-values" {
            args.extend(["--customer-values", "Client"]);
        }
        let r = Pm::new(["evidence", "crm"].iter().chain(&args))
            .run()
            .exits(2)
            .says(&format!(
                "contacts.csv: {flag} {says}: no record's `Lifecycle Stage` is {says}"
            ))
            .says(&format!("did you mean `{near}`?"))
            .says("`Lifecycle Stage` holds: `Client` (40), `Lead` (30), `Opportunity` (30)");
        assert_eq!(r.out, "", "{r}");
        assert_eq!(std::fs::read_to_string(&program).unwrap(), PROGRAM_YAML);
    }
    // Case and punctuation aside, as stage values are matched: `CLIENT` is `Client`.
    let v = json_of(&["evidence", "crm", export, "--customer-values", "CLIENT"]);
    assert_eq!(figures(&v), ((40, 30), (60, 20)));
    // A Salesforce type misspelt: the did-you-mean is the export's own spelling.
    let sf = write(
        dir.path(),
        "report.csv",
        &salesforce_csv(&salesforce_people((20, 10), (30, 15))),
    );
    Pm::new([
        "evidence",
        "crm",
        sf.to_str().unwrap(),
        "--customer-values",
        "Customer - Direkt,Customer - Channel",
    ])
    .run()
    .exits(2)
    .says("--customer-values `Customer - Direkt`: no record's `Type` is `Customer - Direkt`")
    .says("did you mean `Customer - Direct`?");
}

#[test]
fn a_value_typed_that_is_absent_and_close_to_nothing_is_a_warning_and_no_customers_an_error() {
    let dir = tempfile::tempdir().unwrap();
    // A HubSpot export with no `Evangelist` this month.
    let people = contacts((40, 30), (60, 20), &["Customer"], &["Lead", "Opportunity"]);
    let csv = write(dir.path(), "contacts.csv", &hubspot_csv(&people));
    let export = csv.to_str().unwrap();
    // HubSpot's defaults absent are never an error nor a warning.
    let r = Pm::new(["evidence", "crm", export, "--format", "json"])
        .run()
        .exits(0);
    assert_eq!(r.err, "");
    // Named by the team, `Evangelist` absent this month: measured, and said on standard error.
    let program = write(dir.path(), "persona-program.yaml", PROGRAM_YAML.as_bytes());
    let r = Pm::new([
        "evidence",
        "crm",
        export,
        "--customer-values",
        "Customer,Evangelist",
        "--exclude-values",
        "Employee",
        "--update",
        program.to_str().unwrap(),
        "--format",
        "json",
    ])
    .run()
    .exits(0)
    .says(
        "warning: --customer-values `Evangelist`: no record has it, and no stage value of the \
         export is close to it",
    )
    .says("warning: --exclude-values `Employee`: no record has it");
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(figures(&v), ((40, 30), (60, 20)));
    assert_ne!(std::fs::read_to_string(&program).unwrap(), PROGRAM_YAML);
    // No customer value named is carried: there are no customers as told.
    let before = std::fs::read_to_string(&program).unwrap();
    Pm::new([
        "evidence",
        "crm",
        export,
        "--customer-values",
        "Paying,Evangelist",
        "--update",
        program.to_str().unwrap(),
    ])
    .run()
    .exits(2)
    .says(
        "contacts.csv: --customer-values: no record's `Lifecycle Stage` is `Paying` or \
         `Evangelist`: the export has no customers by these values",
    )
    .says("`Lifecycle Stage` holds: `Customer` (40), `Lead` (30), `Opportunity` (30)");
    assert_eq!(std::fs::read_to_string(&program).unwrap(), before);
}

#[test]
fn an_unknown_exports_stage_values_are_listed_but_a_column_of_names_is_refused_unshown() {
    let dir = tempfile::tempdir().unwrap();
    let people = contacts((40, 30), (60, 20), &["Active"], &["Trial", "Churned"]);
    let csv = String::from_utf8(with_people_columns(&people))
        .unwrap()
        .replacen("\"Record ID\"", "\"Id\"", 1)
        .replacen("\"Lifecycle Stage\"", "\"Status\"", 1);
    let csv = write(dir.path(), "contacts.csv", csv.as_bytes());
    let export = csv.to_str().unwrap();
    Pm::new(["evidence", "crm", export, "--stage-column", "Status"])
        .run()
        .exits(2)
        .says("which values of `Status` are customers?")
        .says("`Status` holds: `Active` (40), `Churned` (30), `Trial` (30)");
    let r = Pm::new(["evidence", "crm", export, "--stage-column", "Contact"])
        .run()
        .exits(2)
        .says(
            "contacts.csv: column `Contact` does not read as a stage column: 100 different \
             values in 100 records (the values are not shown: they may be people's data, such \
             as names)",
        )
        .says("name the column of the lifecycle stage or type: --stage-column COLUMN");
    assert!(!r.err.contains(FIRST) && !r.err.contains("holds:"), "{r}");
}

/// A HubSpot export (every cell quoted, CRLF) whose contacts carry `personas`, one a record,
/// `n` records of each, customers and prospects taking turns.
fn with_personas(personas: &[(String, usize)]) -> Vec<u8> {
    let mut people = Vec::new();
    for (persona, n) in personas {
        for _ in 0..*n {
            let k = people.len();
            people.push(Contact {
                first: format!("{FIRST}{k}"),
                last: format!("{LAST}{k}"),
                email: format!("zenobia.quillfeather{k}{DOMAIN}"),
                stage: if k % 2 == 0 { "Customer" } else { "Lead" }.to_string(),
                persona: persona.clone(),
            });
        }
    }
    hubspot_csv(&people)
}

#[test]
fn real_persona_columns_pass_however_small_large_or_misspelt() {
    let dir = tempfile::tempdir().unwrap();
    let twelve = [
        "Operations Olivia",
        "Finance Fred",
        "IT Ian",
        "Marketing Maria",
        "Sales Sam",
        "Founder Fiona",
        "Procurement Pat",
        "Legal Lena",
        "Support Steve",
        "Data Dana",
        "Engineer Eli",
        "Student Stu",
    ];
    let mut typos: Vec<(String, usize)> = twelve.iter().map(|p| (p.to_string(), 165)).collect();
    // 20 one-off misspellings: a letter left out.
    for k in 0..20 {
        let p = twelve[k % 12];
        let at = 1 + k / 12 * 2;
        typos.push((format!("{}{}", &p[..at], &p[at + 1..]), 1));
    }
    // Measured: every value listed, every record mapped.
    let measured = |name: &str, personas: &[(String, usize)], values: usize, records: u64| {
        let export = write(dir.path(), &format!("{name}.csv"), &with_personas(personas));
        let v = json_of(&["evidence", "crm", export.to_str().unwrap()]);
        let listed = v["persona_values"].as_array().unwrap().len();
        assert_eq!(listed, values, "{name}");
        assert_eq!(v["total"]["mapped"], records, "{name}");
    };
    let small = [("Operations Olivia", 2), ("Finance Fred", 1), ("IT Ian", 1)];
    measured("small", &small.map(|(p, n)| (p.to_string(), n)), 3, 4);
    let forty: Vec<(String, usize)> = (0..40).map(|k| (format!("Persona {k}"), 250)).collect();
    measured("forty", &forty, 40, 10_000);
    measured("typos", &typos, 32, 2_000);
}

#[test]
fn a_persona_column_of_names_is_refused_unshown_and_the_programs_personas_are_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    // 40 contacts, each with a persona value of its own: refused, with the way out.
    let own: Vec<(String, usize)> = (0..40).map(|k| (format!("Persona {k}"), 1)).collect();
    let export = write(dir.path(), "contacts.csv", &with_personas(&own));
    let r = Pm::new(["evidence", "crm", export.to_str().unwrap()])
        .run()
        .exits(2)
        .says(
            "contacts.csv: column `Persona` does not read as a persona column: 40 different \
             values in 40 records with a persona, 40 of them with a rare value (the values are \
             not shown: they may be people's data, such as names)",
        )
        .says("name the column of the persona field: --persona-column COLUMN")
        .says("with --program FILE, the values that name the program's personas are not counted");
    assert!(!r.err.contains("Persona 1"), "{r}");
    // They are the program's personas: measured.
    let mut program = String::from("answers: {}\npersonas:\n");
    for k in 0..40 {
        program.push_str(&format!(
            "  - {{ id: p{k}, name: Persona {k}, kind: buyer }}\n"
        ));
    }
    let program = write(dir.path(), "persona-program.yaml", program.as_bytes());
    let v = json_of(&[
        "evidence",
        "crm",
        export.to_str().unwrap(),
        "--program",
        program.to_str().unwrap(),
    ]);
    assert_eq!(v["total"]["mapped"], 40);
    assert_eq!(v["program"]["unmatched_values"], serde_json::json!([]));
}

#[test]
fn json_pct_is_the_share_the_table_shows_and_null_for_a_side_with_no_records() {
    let dir = tempfile::tempdir().unwrap();
    // No customer stage at all; 251 of 2,500 prospects mapped: 10.04%, shown so as not to read as
    // exactly 10%; 91 of 900 is 10.11…%, shown as 10.1.
    let none = write(
        dir.path(),
        "prospects.csv",
        &hubspot_csv(&contacts((0, 0), (2_500, 251), &["Customer"], &["Lead"])),
    );
    let v = json_of(&["evidence", "crm", none.to_str().unwrap()]);
    assert_eq!(v["customers"]["records"], 0);
    assert_eq!(v["customers"]["pct"], Value::Null);
    assert_eq!(v["prospects"]["pct"], serde_json::json!(10.04));
    assert_eq!(v["total"]["pct"], serde_json::json!(10.04));
    let some = write(
        dir.path(),
        "some.csv",
        &hubspot_csv(&contacts((9, 9), (891, 82), &["Customer"], &["Lead"])),
    );
    let v = json_of(&["evidence", "crm", some.to_str().unwrap()]);
    assert_eq!(v["total"]["pct"], serde_json::json!(10.1));
    assert_eq!(v["customers"]["pct"], serde_json::json!(100.0));
    // Every other format: a dash for the side with no records, never 0.0%; the CSV cell empty.
    let path = none.to_str().unwrap();
    let out = |format: &str| {
        Pm::new([
            "evidence",
            "crm",
            path,
            "--format",
            format,
            "--today",
            "2026-12-01",
        ])
        .run()
        .exits(0)
        .out
    };
    let table = out("table");
    let row = table.lines().find(|l| l.contains("Customers")).unwrap();
    assert!(row.contains(" – ") && !row.contains("0.0%"), "{table}");
    assert!(
        table.contains("Why: 0 of 0 customers (no records) and 251 of 2,500 prospects (10.04%)"),
        "{table}"
    );
    assert!(out("markdown").contains("| Customers | 0 | 0 | – | 0 | 0 | 0 |"));
    assert!(out("html").contains("<td>Customers</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">–</td>"));
    assert_eq!(
        out("csv").lines().nth(1).unwrap(),
        "2026-12-01,hubspot,0,0,,2500,251,10.04,2500,251,10.04,emerging"
    );
    // The published schema says so, and the JSON follows it.
    let s = Pm::new(["schema", "--output", "evidence-crm"])
        .run()
        .exits(0);
    let schema: Value = serde_json::from_str(&s.out).unwrap();
    let v = json_of(&["evidence", "crm", path]);
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&v), "{v:#}");
    assert!(s.out.contains("null with no records"), "{}", s.out);
}

#[test]
fn one_record_one_customer_and_one_cell_are_singular() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "contacts.csv",
        &hubspot_csv(&contacts((1, 1), (1, 0), &["Customer"], &["Lead"])),
    );
    let r = Pm::new(["evidence", "crm", csv.to_str().unwrap()])
        .run()
        .exits(0);
    assert!(
        r.out
            .contains("A HubSpot export, 2 records (1 customer, 1 prospect)"),
        "{}",
        r.out
    );
    assert!(
        r.out
            .contains("Why: 1 of 1 customer (100.0%) and 0 of 1 prospect (0.0%) carry a persona"),
        "{}",
        r.out
    );
    // A Salesforce report with its footer: the footer's first row has one cell.
    let mut footer = salesforce_csv(&salesforce_people((5, 5), (5, 5)));
    footer.extend_from_slice(b"\r\n\"Generated By:  Sam Lee  12/1/2026\"\r\n");
    let bad = write(dir.path(), "footer.csv", &footer);
    Pm::new(["evidence", "crm", bad.to_str().unwrap()])
        .run()
        .exits(2)
        .says("row 13: 1 cell, the header has 8")
        .says("Details Only");
    // An interview log with one period of four holding a buyer interview.
    let log = write(
        dir.path(),
        "interviews.csv",
        b"date,kind\n2026-10-01,customer\n",
    );
    let r = Pm::new([
        "evidence",
        "interviews",
        log.to_str().unwrap(),
        "--today",
        "2026-11-22",
    ])
    .run()
    .exits(0);
    let words = r.out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("1 of the 4 three-month periods holds a buyer interview"),
        "{}",
        r.out
    );
}

/// `--update` on a copy of the sample program: the path, to check it is untouched.
fn program_in(dir: &Path) -> PathBuf {
    write(dir, "persona-program.yaml", PROGRAM_YAML.as_bytes())
}

#[test]
fn an_empty_customer_or_exclude_value_is_an_error_never_the_records_with_no_stage() {
    let dir = tempfile::tempdir().unwrap();
    // A sixth of the prospects have no stage (HubSpot's empty lifecycle stage).
    let csv = write(
        dir.path(),
        "contacts.csv",
        &hubspot_csv(&hubspot_people((50, 40), (150, 60))),
    );
    let program = program_in(dir.path());
    let export = csv.to_str().unwrap();
    for (flag, typed, help) in [
        (
            "--customer-values",
            "Customer,Evangelist,",
            "leave the empty value out: --customer-values \"Customer,Evangelist\"",
        ),
        (
            "--customer-values",
            "Customer,,Evangelist",
            "leave the empty value out: --customer-values \"Customer,Evangelist\"",
        ),
        (
            "--customer-values",
            "",
            "name the stage values: --customer-values \"A,B\"",
        ),
        (
            "--exclude-values",
            "Other, ",
            "leave the empty value out: --exclude-values \"Other\"",
        ),
    ] {
        let r = Pm::new([
            "evidence",
            "crm",
            export,
            flag,
            typed,
            "--update",
            program.to_str().unwrap(),
        ])
        .run()
        .exits(2)
        .says(&format!(
            "error: {flag}: an empty value (a comma at the end, two commas together, or \"\"): a \
             record with no stage is always a prospect, never a customer or left out"
        ))
        .says(help);
        assert_eq!(r.out, "", "{typed}: {r}");
        assert_eq!(std::fs::read_to_string(&program).unwrap(), PROGRAM_YAML);
    }
    // Without the empty value: the 25 records with no stage stay prospects.
    let v = json_of(&[
        "evidence",
        "crm",
        export,
        "--customer-values",
        "Customer,Evangelist",
    ]);
    assert_eq!(v["customers"]["records"], 50);
    assert_eq!(v["prospects"]["records"], 150);
}

#[test]
fn a_value_both_customer_and_excluded_is_an_error_and_an_excluded_default_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "contacts.csv",
        &hubspot_csv(&hubspot_people((50, 40), (150, 60))),
    );
    let program = program_in(dir.path());
    let export = csv.to_str().unwrap();
    let r = Pm::new([
        "evidence",
        "crm",
        export,
        "--customer-values",
        "Customer,Evangelist",
        "--exclude-values",
        "customer",
        "--update",
        program.to_str().unwrap(),
    ])
    .run()
    .exits(2)
    .says(
        "error: --exclude-values: `customer` is also named by --customer-values: a stage value \
         is counted as customers or left out, not both",
    );
    assert_eq!(r.out, "");
    assert_eq!(std::fs::read_to_string(&program).unwrap(), PROGRAM_YAML);
    // HubSpot's default `Evangelist`, not typed, gives way to the exclusion typed: the 25
    // Evangelists are left out, and the report says so.
    let v = json_of(&["evidence", "crm", export, "--exclude-values", "Evangelist"]);
    assert_eq!(v["customers"]["records"], 25);
    assert_eq!(v["excluded"], 25);
    assert_eq!(v["customer_values"], serde_json::json!(["Customer"]));
    let r = Pm::new(["evidence", "crm", export, "--exclude-values", "Evangelist"])
        .run()
        .exits(0);
    assert!(r.out.contains("values `Customer`;"), "{}", r.out);
    assert!(
        r.out
            .contains("left out: `Lifecycle Stage` values `Evangelist`"),
        "{}",
        r.out
    );
    // The same for Salesforce's types, written otherwise.
    let sf = write(
        dir.path(),
        "report.csv",
        &salesforce_csv(&salesforce_people((20, 10), (30, 15))),
    );
    let sf = sf.to_str().unwrap();
    let v = json_of(&[
        "evidence",
        "crm",
        sf,
        "--exclude-values",
        "customer-channel",
    ]);
    assert_eq!(v["customers"]["records"], 10);
    assert_eq!(v["excluded"], 10);
    // Every default left out: no customers at all, an error.
    Pm::new([
        "evidence",
        "crm",
        export,
        "--exclude-values",
        "Customer,Evangelist",
    ])
    .run()
    .exits(2)
    .says(
        "error: --exclude-values: leaves out every customer value of a HubSpot export \
         (Customer, Evangelist): the export would have no customers",
    )
    .says("name the customer values: --customer-values A,B");
}

/// A HubSpot export with a `Lead Status` column beside its lifecycle stage: customers'
/// `Connected`, prospects' `New` and `Open`.
fn with_lead_status(people: &[Contact]) -> Vec<u8> {
    let text = String::from_utf8(hubspot_csv(people)).unwrap();
    let mut lines: Vec<String> = text.split("\r\n").map(String::from).collect();
    lines[0].push_str(",\"Lead Status\"");
    for (k, p) in people.iter().enumerate() {
        let status = if ["Customer", "Evangelist"].contains(&p.stage.as_str()) {
            "Connected"
        } else if k % 2 == 0 {
            "New"
        } else {
            "Open"
        };
        lines[k + 1].push_str(&format!(",{}", quoted(status)));
    }
    lines.join("\r\n").into_bytes()
}

#[test]
fn a_stage_column_chosen_without_customer_values_that_holds_no_default_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "contacts.csv",
        &with_lead_status(&hubspot_people((40, 30), (60, 20))),
    );
    let program = program_in(dir.path());
    let export = csv.to_str().unwrap();
    let r = Pm::new([
        "evidence",
        "crm",
        export,
        "--stage-column",
        "Lead Status",
        "--update",
        program.to_str().unwrap(),
    ])
    .run()
    .exits(2)
    .says(
        "contacts.csv: --stage-column `Lead Status`: no record's value is `Customer` or \
         `Evangelist` (the customer values without --customer-values): which values of `Lead \
         Status` are customers?",
    )
    .says("`Lead Status` holds: `Connected` (40), `New` (30), `Open` (30)")
    // The example names the column's own most common values, not values it does not hold.
    .says("name them: --customer-values \"Connected,New\"");
    assert_eq!(r.out, "");
    assert_eq!(std::fs::read_to_string(&program).unwrap(), PROGRAM_YAML);
    // Named: measured by them.
    let v = json_of(&[
        "evidence",
        "crm",
        export,
        "--stage-column",
        "Lead Status",
        "--customer-values",
        "Connected",
    ]);
    assert_eq!(figures(&v), ((40, 30), (60, 20)));
    // The lifecycle stage named as it is read without the option: as without it.
    let v = json_of(&[
        "evidence",
        "crm",
        export,
        "--stage-column",
        "lifecycle stage",
    ]);
    assert_eq!(figures(&v), ((40, 30), (60, 20)));
    // A chosen column of names is refused for what it holds, none of its values listed.
    let extra = write(
        dir.path(),
        "extra.csv",
        &with_people_columns(&hubspot_people((40, 30), (60, 20))),
    );
    let r = Pm::new([
        "evidence",
        "crm",
        extra.to_str().unwrap(),
        "--stage-column",
        "Contact",
    ])
    .run()
    .exits(2)
    .says("column `Contact` does not read as a stage column: 100 different values");
    assert!(!r.err.contains(FIRST), "{}", r.err);
}

/// A Salesforce report with the CRM's users in columns whose headers name them: who created,
/// changed, was assigned or owns a record. The cells are people's names.
fn with_user_columns(people: &[Contact], headers: &[&str]) -> Vec<u8> {
    let text = String::from_utf8(salesforce_csv(people)).unwrap();
    let mut lines: Vec<String> = text.split("\r\n").map(String::from).collect();
    for h in headers {
        lines[0].push_str(&format!(",{}", quoted(h)));
    }
    for (k, p) in people.iter().enumerate() {
        for _ in headers {
            lines[k + 1].push_str(&format!(",{}", quoted(&format!("{} {}", p.first, p.last))));
        }
    }
    lines.join("\r\n").into_bytes()
}

#[test]
fn the_crms_users_columns_are_refused_and_never_offered_nor_shown() {
    let dir = tempfile::tempdir().unwrap();
    let headers = [
        "Created By",
        "Last Modified By",
        "Modified By",
        "Assigned To",
        "Owner Name",
        "Sales Rep",
        "Account Owner",
        "Record Owner",
        "Case Owner",
    ];
    let sf = write(
        dir.path(),
        "report.csv",
        &with_user_columns(&salesforce_people((20, 10), (30, 15)), &headers),
    );
    let sf = sf.to_str().unwrap();
    for h in headers {
        for flag in ["--stage-column", "--persona-column"] {
            let r = Pm::new(["evidence", "crm", sf, flag, h])
                .run()
                .exits(2)
                .says(&format!(
                "report.csv: {flag}: column `{h}` holds people's personal data, not a persona or \
                 a stage"
            ));
            assert!(!r.err.contains(FIRST) && !r.out.contains(FIRST), "{r}");
        }
        // A near miss is not pointed at the column.
        let r = Pm::new(["evidence", "crm", sf, "--stage-column", &format!("{h}x")])
            .run()
            .exits(2)
            .says("the export has no such column");
        assert!(!r.err.contains("did you mean"), "{h}: {}", r.err);
        assert!(!r.err.contains(FIRST), "{r}");
    }
}

#[test]
fn messages_suggest_only_what_evidence_crm_takes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "contacts.csv",
        &hubspot_csv(&hubspot_people((4, 2), (6, 2))),
    );
    let program = write(dir.path(), "program", PROGRAM_YAML.as_bytes());
    for flag in ["--update", "--program"] {
        let r = Pm::new([
            "evidence",
            "crm",
            csv.to_str().unwrap(),
            flag,
            program.to_str().unwrap(),
        ])
        .run()
        .exits(2)
        .says("program: unknown file extension; a program file ends in .yaml, .yml or .toml")
        .says("rename the file (or copy it), e.g. to persona-program.yaml");
        assert!(!r.err.contains("--input-format"), "{}", r.err);
    }
    assert_eq!(std::fs::read_to_string(&program).unwrap(), PROGRAM_YAML);
    #[cfg(unix)]
    {
        use std::time::Duration;
        for (args, name) in [
            (vec!["evidence", "crm"], "contacts-pipe.csv"),
            (vec!["evidence", "interviews"], "log-pipe.csv"),
        ] {
            let fifo = dir.path().join(name);
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            assert!(made.unwrap().success());
            let out = crate::common::pm()
                .args(&args)
                .arg(&fifo)
                .timeout(Duration::from_secs(20))
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{err}");
            assert!(
                err.contains("is a named pipe and nothing is writing to it"),
                "{err}"
            );
            assert!(err.contains("name the export file itself"), "{err}");
            assert!(!err.contains("`-`"), "{err}");
        }
    }
}

/// A persona cell holding an address with a name (as Outlook pastes it) or a phone number with
/// words before it is refused in every format without showing it; HubSpot's `(No value)`, `#N/A`
/// and a dash are placeholders, not personas.
#[test]
fn an_address_or_a_number_inside_a_persona_cell_is_refused_and_no_value_is_unmapped() {
    let dir = tempfile::tempdir().unwrap();
    for (k, cell) in ["Jane Zqdoe <jane.zqdoe@acme.example>", "call 555-123-4567"]
        .iter()
        .enumerate()
    {
        let mut people = hubspot_people((4, 4), (4, 2));
        people[1].persona = cell.to_string();
        let csv = write(dir.path(), &format!("leak{k}.csv"), &hubspot_csv(&people));
        for format in ["table", "json", "markdown", "csv", "html"] {
            let r = Pm::new(["evidence", "crm", csv.to_str().unwrap(), "--format", format])
                .run()
                .exits(2);
            for part in ["Zqdoe", "acme.example", "555-123", "4567"] {
                assert!(
                    !r.out.contains(part) && !r.err.contains(part),
                    "{format}: {}",
                    r.err
                );
            }
            assert!(r.err.contains("row 3"), "{}", r.err);
        }
    }
    let mut people = hubspot_people((6, 6), (2, 2));
    for (p, placeholder) in people.iter_mut().zip(["(No value)", "#N/A", "\u{2014}"]) {
        p.persona = placeholder.to_string();
    }
    let csv = write(dir.path(), "novalue.csv", &hubspot_csv(&people));
    let r = Pm::new(["evidence", "crm", csv.to_str().unwrap(), "--format", "json"])
        .run()
        .exits(0);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["customers"]["records"], 6);
    assert_eq!(v["customers"]["mapped"], 3, "{}", r.out);
    assert_eq!(v["customers"]["unmapped"]["placeholder"], 3);
}
