//! The editing invariant, on generated program files: YAML with a block or a flow `database:`
//! (nested block counts, flow counts, percentages), TOML with a `[database]` table, dotted keys
//! or an inline table; comments above, below, inside and at the ends of lines; LF or CRLF; with
//! or without a final line break. After an update every comment is still there, in order, every
//! line outside the `database` entry is byte for byte as it was, the file reads back with exactly
//! the new figures, and a second update with the same figures changes nothing.

use super::tests::figures;
use super::*;
use proptest::prelude::*;

/// How one side (customers or prospects) is written before the update.
#[derive(Debug, Clone, Copy)]
enum Side {
    /// `customers_mapped_pct: 60`
    Pct,
    /// `customers: { records: 5, mapped: 1 }`
    Flow,
    /// `customers:` then `records:` and `mapped:` on lines of their own (YAML), or
    /// `customers.records = 5` (TOML).
    Nested,
}

/// A generated `database` entry.
#[derive(Debug, Clone)]
struct Db {
    sides: [Side; 2],
    /// `measured_on` and `source` written before the update.
    measured: bool,
    source: bool,
    /// The entries in reverse order.
    reverse: bool,
    /// Which lines carry a comment at their end, and which are preceded by a comment line.
    trailing: [bool; 6],
    above: [bool; 6],
}

fn db() -> impl Strategy<Value = Db> {
    let side = prop_oneof![Just(Side::Pct), Just(Side::Flow), Just(Side::Nested)];
    (
        [side.clone(), side],
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<[bool; 6]>(),
        any::<[bool; 6]>(),
    )
        .prop_map(|(sides, measured, source, reverse, trailing, above)| Db {
            sides,
            measured,
            source: source && measured,
            reverse,
            trailing,
            above,
        })
}

/// The file's layout around the entry.
#[derive(Debug, Clone)]
struct Layout {
    /// 0: YAML block, 1: YAML flow on one line, 2: YAML flow over lines, 3: no `database`;
    /// TOML: 0 `[database]`, 1 inline table, 2 dotted keys, 3 none.
    style: u8,
    indent: usize,
    crlf: bool,
    final_break: bool,
    /// Where the entry goes: 0 first, 1 between the sections, 2 last.
    place: u8,
    /// YAML: the document opened with `---`.
    marker: bool,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        0u8..4,
        prop::sample::select(vec![2usize, 4]),
        any::<bool>(),
        any::<bool>(),
        0u8..3,
        any::<bool>(),
    )
        .prop_map(|(style, indent, crlf, final_break, place, marker)| Layout {
            style,
            indent,
            crlf,
            final_break,
            place,
            marker,
        })
}

/// `# note N` when `on`, for a line's end.
fn tail(on: bool, n: usize) -> String {
    if on {
        format!("   # note {n}")
    } else {
        String::new()
    }
}

/// The YAML entries of `database`, each as its lines (a nested block's lines indented by `pad`).
fn yaml_entries(d: &Db, pad: &str, flow: bool) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (n, (side, name)) in d.sides.iter().zip(["customers", "prospects"]).enumerate() {
        let c = tail(d.trailing[n] && !flow, n);
        out.push(match (side, flow) {
            (Side::Pct, _) => vec![format!("{name}_mapped_pct: {}{c}", 60 + n)],
            (Side::Flow, _) | (Side::Nested, true) => {
                vec![format!("{name}: {{records: {}, mapped: 1}}{c}", 5 + n)]
            }
            (Side::Nested, false) => {
                let mut lines = vec![format!("{name}:{c}")];
                if d.above[n + 3] {
                    lines.push(format!("{pad}{pad}# counted {n}"));
                }
                lines.push(format!(
                    "{pad}{pad}records: {}{}",
                    5 + n,
                    tail(d.trailing[n + 3], 9)
                ));
                lines.push(format!("{pad}{pad}mapped: 1"));
                lines
            }
        });
    }
    if d.measured {
        out.push(vec![format!(
            "measured_on: 2026-01-01{}",
            tail(d.trailing[2] && !flow, 2)
        )]);
    }
    if d.source {
        out.push(vec!["source: crm".to_string()]);
    }
    if d.reverse {
        out.reverse();
    }
    out
}

/// A YAML program file: its lines, and the range of the `database` entry's lines.
fn yaml_program(d: &Db, l: &Layout) -> Vec<String> {
    let pad = " ".repeat(l.indent);
    let answers = vec![
        "answers:".to_string(),
        format!("{pad}# the core"),
        format!("{pad}training: emerging   # Dana"),
        format!("{pad}budget-allocation: advancing"),
    ];
    let policy = vec![
        "# the team's bar".to_string(),
        "policy:".to_string(),
        format!("{pad}require_complete: false   # for now"),
    ];
    let mut db = Vec::new();
    match l.style {
        0 => {
            db.push(format!("database:{}", tail(d.above[5], 7)));
            for (n, entry) in yaml_entries(d, &pad, false).into_iter().enumerate() {
                if d.above[n % 3] {
                    db.push(format!("{pad}# before entry {n}"));
                }
                db.extend(entry.into_iter().map(|line| format!("{pad}{line}")));
            }
            if d.trailing[5] {
                db.push(format!("{pad}# after the entries"));
            }
        }
        1 | 2 => {
            let entries: Vec<String> = yaml_entries(d, &pad, true)
                .into_iter()
                .map(|e| e.concat())
                .collect();
            if l.style == 1 {
                db.push(format!(
                    "database: {{{}}}{}",
                    entries.join(", "),
                    tail(d.trailing[0], 7)
                ));
            } else {
                let last = entries.len() - 1;
                for (n, e) in entries.iter().enumerate() {
                    let open = if n == 0 { "database: {" } else { "" };
                    let lead = if n == 0 { String::new() } else { pad.clone() };
                    let end = if n == last {
                        format!("}}{}", tail(d.trailing[1], 8))
                    } else {
                        format!(",{}", tail(d.trailing[n % 6], n))
                    };
                    db.push(format!("{lead}{open}{e}{end}"));
                }
            }
        }
        _ => {}
    }
    let mut lines = vec!["# Acme's program".to_string(), String::new()];
    if l.marker {
        lines.push("---".to_string());
    }
    let sections = match l.place {
        0 => [db, answers, policy],
        1 => [answers, db, policy],
        _ => [answers, policy, db],
    };
    for s in sections {
        lines.extend(s);
    }
    lines
}

/// The TOML lines of `database`'s entries, keys as written inside the table (`prefix` before
/// each: `database.` for dotted keys at the top).
fn toml_entries(d: &Db, prefix: &str, inline: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (n, (side, name)) in d.sides.iter().zip(["customers", "prospects"]).enumerate() {
        let c = if inline {
            String::new()
        } else {
            tail(d.trailing[n], n)
        };
        let above = d.above[n] && !inline;
        if above {
            out.push(format!("# about the {name}"));
        }
        match side {
            Side::Pct => out.push(format!("{prefix}{name}_mapped_pct = {}{c}", 60 + n)),
            Side::Flow => out.push(format!(
                "{prefix}{name} = {{ records = {}, mapped = 1 }}{c}",
                5 + n
            )),
            Side::Nested if inline => out.push(format!(
                "{prefix}{name} = {{ records = {}, mapped = 1 }}",
                5 + n
            )),
            Side::Nested => {
                out.push(format!("{prefix}{name}.records = {}{c}", 5 + n));
                out.push(format!("{prefix}{name}.mapped = 1"));
            }
        }
    }
    if d.measured {
        let c = if inline {
            String::new()
        } else {
            tail(d.trailing[2], 2)
        };
        out.push(format!("{prefix}measured_on = 2026-01-01{c}"));
    }
    if d.source {
        out.push(format!("{prefix}source = \"crm\""));
    }
    out
}

/// A TOML program file's lines.
fn toml_program(d: &Db, l: &Layout) -> Vec<String> {
    let mut top = vec![
        "# Acme's program".to_string(),
        "organization = \"Acme\"   # legal name".to_string(),
    ];
    let answers = vec![
        String::new(),
        "# the core".to_string(),
        "[answers]".to_string(),
        "training = \"emerging\"   # Dana".to_string(),
    ];
    let mut table = Vec::new();
    match l.style {
        0 => {
            table.push(String::new());
            table.push(format!("[database]{}", tail(d.above[5], 7)));
            table.extend(toml_entries(d, "", false));
        }
        1 => {
            let entries = toml_entries(d, "", true).join(", ");
            top.push(format!(
                "database = {{ {entries} }}{}",
                tail(d.trailing[5], 7)
            ));
        }
        2 => top.extend(toml_entries(d, "database.", false)),
        _ => {}
    }
    let mut lines = top;
    if l.place == 0 {
        lines.extend(table);
        lines.extend(answers);
    } else {
        lines.extend(answers);
        lines.extend(table);
    }
    if d.trailing[4] {
        lines.push("# the end".to_string());
    }
    lines
}

fn join(lines: &[String], l: &Layout) -> String {
    let eol = if l.crlf { "\r\n" } else { "\n" };
    let mut text = lines.join(eol);
    if l.final_break {
        text.push_str(eol);
    }
    text
}

/// The comments of a text, in order (generated files have no `#` inside a value).
fn comments(text: &str) -> Vec<String> {
    text.split('\n')
        .filter_map(|line| line.find('#').map(|k| line[k..].trim_end().to_string()))
        .collect()
}

/// Whether a line holds something other than blanks and a comment.
fn content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// The lines of `text` outside its `database` entry: from its first line to its last line with
/// content (a comment line after it is outside). Without their CR: the file's last line gains
/// its line break when an entry is added after it (that no LF goes bare is checked apart).
fn outside(text: &str, syntax: Syntax) -> Vec<String> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let starts = |l: &str| match syntax {
        Syntax::Yaml => l.starts_with("database:"),
        Syntax::Toml => l.starts_with("[database]") || l.starts_with("database"),
    };
    let Some(first) = lines.iter().position(|l| starts(l)) else {
        return lines.iter().map(|l| l.to_string()).collect();
    };
    let mut last = first;
    let table = lines[first].starts_with('[');
    // A table's blank line above it goes with it (`toml_edit` sets a table it adds apart so).
    let first = match syntax {
        Syntax::Toml if table && first > 0 && lines[first - 1].trim().is_empty() => first - 1,
        _ => first,
    };
    for (k, l) in lines.iter().enumerate().skip(last + 1) {
        let inside = match syntax {
            Syntax::Yaml => !content(l) || l.starts_with(' '),
            Syntax::Toml if table => !l.starts_with('['),
            Syntax::Toml => !content(l) || l.starts_with("database."),
        };
        if !inside {
            break;
        }
        if content(l) {
            last = k;
        }
    }
    lines
        .iter()
        .enumerate()
        .filter(|(k, _)| *k < first || *k > last)
        .map(|(_, l)| l.to_string())
        .collect()
}

/// Holds the invariant for one file.
fn holds(text: &str, syntax: Syntax) -> Result<(), TestCaseError> {
    let edit = |t: &str| match syntax {
        Syntax::Yaml => yaml(t, &figures()),
        Syntax::Toml => toml(t, &figures()),
    };
    let new = edit(text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    let before: RawAnswers = Source::from_text("p", text.to_string(), syntax)
        .parse()
        .map_err(|e| TestCaseError::fail(format!("generated file does not read: {e}\n{text}")))?;
    let after: RawAnswers = Source::from_text("p", new.clone(), syntax)
        .parse()
        .map_err(|e| TestCaseError::fail(format!("{e}\n{new}")))?;
    let mut wanted = before;
    wanted.database = Some(figures().raw());
    prop_assert_eq!(
        serde_json::to_value(&after).unwrap(),
        serde_json::to_value(&wanted).unwrap(),
        "{}",
        new
    );
    prop_assert_eq!(comments(text), comments(&new), "{}\n----\n{}", text, new);
    prop_assert_eq!(
        outside(text, syntax),
        outside(&new, syntax),
        "{}\n----\n{}",
        text,
        new
    );
    // No blank line appears (but the one setting apart a TOML table added whole).
    let blank = |t: &str| t.split('\n').filter(|l| l.trim().is_empty()).count();
    let added = usize::from(syntax == Syntax::Toml && !text.contains("database"));
    prop_assert_eq!(
        blank(&new),
        blank(text) + added,
        "a blank line appeared:\n{}",
        new
    );
    if text.contains("\r\n") {
        prop_assert!(
            !new.replace("\r\n", "").contains('\n'),
            "a bare LF:\n{:?}",
            new
        );
    }
    let again = edit(&new).map_err(|e| TestCaseError::fail(format!("{e}\n{new}")))?;
    prop_assert_eq!(&again, &new, "a second update changed the file");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_yaml_update_changes_only_the_database(d in db(), l in layout()) {
        holds(&join(&yaml_program(&d, &l), &l), Syntax::Yaml)?;
    }

    #[test]
    fn a_toml_update_changes_only_the_database(d in db(), l in layout()) {
        holds(&join(&toml_program(&d, &l), &l), Syntax::Toml)?;
    }
}
