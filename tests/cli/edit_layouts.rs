//! The promise `assess` makes about a file a person keeps: changing answers rewrites only the
//! values that changed (a level, a note, the date), every other byte (comments, layout, line
//! breaks) stays; or, where that cannot be done exactly, the file as it was is kept as
//! `FILE.bak` and the person is told so.
//!
//! Answers files are generated the way people write them, in YAML and in TOML, with LF or CRLF
//! line breaks: answers as scalars, flow maps on one line or several, block maps and
//! `[answers.ID]` tables, notes plain, quoted or as block scalars, and comments in every place
//! (inside multi-line answers, before and after levels and notes, on a block scalar's header,
//! between answers), a YAML file's `---`, `%YAML` and `...` markers. Random answers change, through the same save a questionnaire session makes;
//! the oracle knows where each value lies in the generated text.

use persona_maturity::hooks::assessment::{Answer, Assessment};
use persona_maturity::hooks::questionnaire::file::AnswersFile;
use persona_maturity::hooks::rubric::Rubric;
use persona_maturity::hooks::source::{Date, Source, Syntax};
use proptest::prelude::*;

/// What a stretch of the generated text is: a value the edit may rewrite when one of its
/// reasons changed, or text that must stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// A scalar answer's whole value (the level, and the note when one is added).
    Whole(usize),
    Level(usize),
    Note(usize),
    /// Where a note is added or removed: the key, its value and what joins them to the rest.
    NoteRegion(usize),
    Date,
}

#[derive(Debug, Clone)]
enum Seg {
    Lit(String),
    Value(Vec<Slot>, String),
}

/// The generated text, piece by piece.
struct Builder {
    segs: Vec<Seg>,
    eol: &'static str,
    comments: usize,
    /// Changes that may be refused and answered with a copy (a comment would go with them):
    /// attributes whose note removal cannot keep every comment.
    may_back_up: Vec<usize>,
}

impl Builder {
    fn lit(&mut self, s: &str) {
        self.segs.push(Seg::Lit(s.replace('\n', self.eol)));
    }

    fn value(&mut self, slots: &[Slot], s: &str) {
        self.segs
            .push(Seg::Value(slots.to_vec(), s.replace('\n', self.eol)));
    }

    /// A comment that can be told from every other: `# c7 …` with characters that look like
    /// syntax.
    fn comment(&mut self) -> String {
        self.comments += 1;
        let tails = [
            "checked with Jo",
            "keep: \"this\" {note}",
            "level: advancing?",
            "- not an item, # not a new one",
            "'quoted'",
        ];
        format!(
            "# c{} {}",
            self.comments,
            tails[self.comments % tails.len()]
        )
    }

    fn text(&self) -> String {
        self.segs
            .iter()
            .map(|s| match s {
                Seg::Lit(t) | Seg::Value(_, t) => t.as_str(),
            })
            .collect()
    }
}

/// One attribute as the generated file writes it.
#[derive(Debug, Clone)]
struct Written {
    /// Not written at all (not reached).
    absent: bool,
    /// `None`: unsure.
    level: Option<usize>,
    note: Option<String>,
    /// The answer's form (YAML: scalar, flow, flow over lines, block map; TOML: string, inline
    /// table, `[answers.ID]` table).
    form: usize,
    /// The note's form (plain, quoted, block scalar / TOML basic, literal, multi-line).
    note_form: usize,
    /// Which of the comment places get a comment.
    comments: u8,
    /// `unsure` written as the word, `~`, or nothing (YAML scalars).
    unsure_style: usize,
}

fn written() -> impl Strategy<Value = Written> {
    (
        proptest::bool::weighted(0.15),
        proptest::option::weighted(0.8, 0usize..4),
        // Plain words that read as text (never `true` or `null`).
        proptest::option::weighted(0.4, "[a-z]{1,8}( [a-z]{1,8}){0,3}")
            .prop_map(|n| n.map(|n| format!("see {n}"))),
        0usize..4,
        0usize..3,
        any::<u8>(),
        0usize..3,
    )
        .prop_map(
            |(absent, level, note, form, note_form, comments, unsure_style)| Written {
                absent,
                level,
                note,
                form,
                note_form,
                comments,
                unsure_style,
            },
        )
}

/// A change to one attribute: its new level (`None`: unsure) and note.
type Change = (usize, Option<usize>, Option<String>);

fn changes() -> impl Strategy<Value = Vec<Change>> {
    proptest::collection::vec(
        (
            0usize..17,
            proptest::option::weighted(0.8, 0usize..4),
            proptest::option::weighted(
                0.5,
                "[a-zA-Z0-9 ,.'\"#:{}\\[\\]|&*!%@`ü-]{1,25}(\n[a-z #:\"]{1,12})?",
            ),
        ),
        1..5,
    )
}

const LEVELS: [&str; 4] = ["experimenting", "emerging", "advancing", "fully-optimized"];

fn level_text(level: Option<usize>) -> &'static str {
    level.map_or("unsure", |l| LEVELS[l])
}

/// A YAML answers file, and what it holds.
fn yaml_file(r: &Rubric, w: &[Written], crlf: bool) -> Builder {
    let mut b = Builder {
        segs: Vec::new(),
        eol: if crlf { "\r\n" } else { "\n" },
        comments: 0,
        may_back_up: Vec::new(),
    };
    // The one document's markers (yamllint asks for `---`): none, `---`, a `%YAML` directive and
    // `---`, or `---` and a closing `...`; drawn from the comment bits already generated.
    let markers = w.iter().map(|x| usize::from(x.comments)).sum::<usize>() % 4;
    match markers {
        1 | 3 => b.lit("---\n"),
        2 => {
            let c = b.comment();
            b.lit(&format!("%YAML 1.2\n--- {c}\n"));
        }
        _ => {}
    }
    let c = b.comment();
    b.lit(&format!("{c}\nrubric: persona-optimization-framework   "));
    let c = b.comment();
    b.lit(&format!(
        "{c}\norganization: Acme\nrespondent: {{ name: Dana, role: marketing }}\ndate: "
    ));
    b.value(&[Slot::Date], "2026-01-05");
    let c = b.comment();
    b.lit(&format!("  {c}\nanswers:\n"));
    for (i, x) in w.iter().enumerate() {
        if x.absent {
            continue;
        }
        let id = &r.attributes[i].id;
        let has = |k: u8| x.comments & (1 << k) != 0;
        if has(7) {
            let c = b.comment();
            b.lit(&format!("  {c}\n"));
        }
        let level = level_text(x.level);
        let form = if x.note.is_some() && x.form == 0 {
            1
        } else {
            x.form
        };
        match form {
            0 => {
                b.lit(&format!("  {id}:"));
                match (x.level, x.unsure_style) {
                    (None, 1) => b.value(&[Slot::Whole(i)], " ~"),
                    (None, 2) => b.value(&[Slot::Whole(i)], ""),
                    _ => b.value(&[Slot::Whole(i)], &format!(" {level}")),
                }
                if has(0) {
                    let c = b.comment();
                    b.lit(&format!("   {c}"));
                }
                b.lit("\n");
            }
            1 => {
                b.lit(&format!("  {id}: {{ level: "));
                b.value(&[Slot::Level(i)], level);
                note_in_flow(&mut b, i, x.note.as_deref());
                b.lit(" }");
                if has(0) {
                    let c = b.comment();
                    b.lit(&format!("  {c}"));
                }
                b.lit("\n");
            }
            2 => {
                // A flow map over lines, a comment after its `{` and after each entry.
                let c = b.comment();
                b.lit(&format!("  {id}: {{   {c}\n      level: "));
                b.value(&[Slot::Level(i)], level);
                match &x.note {
                    Some(n) => {
                        let c = b.comment();
                        b.lit(&format!(",   {c}\n      note: "));
                        b.value(&[Slot::Note(i)], &yaml_quoted(n));
                        b.may_back_up.push(i);
                    }
                    None => b.value(&[Slot::NoteRegion(i)], ""),
                }
                let c = b.comment();
                b.lit(&format!("   {c}\n    }}\n"));
            }
            _ => block_map(&mut b, i, id, x),
        }
    }
    let c = b.comment();
    b.lit(&format!("{c}\n"));
    if markers == 3 {
        b.lit("...\n");
    }
    b
}

fn yaml_quoted(s: &str) -> String {
    persona_maturity::hooks::escape::yaml_quoted(s)
}

/// `, note: "…"` inside a one-line flow map, or the place where one goes.
fn note_in_flow(b: &mut Builder, i: usize, note: Option<&str>) {
    match note {
        Some(n) => {
            b.value(&[Slot::NoteRegion(i)], ", note: ");
            b.value(&[Slot::NoteRegion(i), Slot::Note(i)], &yaml_quoted(n));
        }
        None => b.value(&[Slot::NoteRegion(i)], ""),
    }
}

/// An answer as a block map: `level:` and `note:` on lines of their own, comments around them.
fn block_map(b: &mut Builder, i: usize, id: &str, x: &Written) {
    let has = |k: u8| x.comments & (1 << k) != 0;
    b.lit(&format!("  {id}:"));
    if has(0) {
        let c = b.comment();
        b.lit(&format!("   {c}"));
    }
    b.lit("\n");
    if has(1) {
        let c = b.comment();
        b.lit(&format!("    {c}\n"));
    }
    b.lit("    level: ");
    b.value(&[Slot::Level(i)], level_text(x.level));
    if has(2) {
        let c = b.comment();
        b.lit(&format!(" {c}"));
    }
    // A note added goes on a line of its own after the level's.
    b.value(&[Slot::NoteRegion(i)], "");
    b.lit("\n");
    if has(3) {
        let c = b.comment();
        b.lit(&format!("    {c}\n"));
    }
    if let Some(n) = &x.note {
        let nr = [Slot::NoteRegion(i)];
        let both = [Slot::NoteRegion(i), Slot::Note(i)];
        b.value(&nr, "    note: ");
        match x.note_form {
            0 => b.value(&both, n),
            1 => b.value(&both, &yaml_quoted(n)),
            _ => {
                // A block scalar: its header, a comment on it, then its lines.
                b.value(&both, "|");
                if has(4) {
                    b.value(&nr, "  ");
                    let c = b.comment();
                    b.lit(&c);
                }
                let lines: Vec<String> = n.split(' ').map(|w| format!("      {w}")).collect();
                b.value(&both, &format!("\n{}", lines.join("\n")));
                b.value(&nr, "\n");
                if has(5) {
                    let c = b.comment();
                    b.lit(&format!("    {c}\n"));
                }
                return;
            }
        }
        if has(4) {
            b.value(&nr, " ");
            let c = b.comment();
            b.lit(&c);
        }
        b.value(&nr, "\n");
    }
    if has(5) {
        let c = b.comment();
        b.lit(&format!("    {c}\n"));
    }
}

/// A TOML answers file, and what it holds.
fn toml_file(r: &Rubric, w: &[Written], crlf: bool) -> Builder {
    let mut b = Builder {
        segs: Vec::new(),
        eol: if crlf { "\r\n" } else { "\n" },
        comments: 0,
        may_back_up: Vec::new(),
    };
    let c = b.comment();
    b.lit(&format!(
        "{c}\nrubric = \"persona-optimization-framework\"   "
    ));
    let c = b.comment();
    b.lit(&format!("{c}\norganization = \"Acme\"\ndate = "));
    b.value(&[Slot::Date], "2026-01-05");
    let c = b.comment();
    b.lit(&format!(
        "  {c}\n\n[respondent]\nname = \"Dana\"\n\n[answers]   "
    ));
    let c = b.comment();
    b.lit(&format!("{c}\n"));
    let mut tables = Vec::new();
    for (i, x) in w.iter().enumerate() {
        if x.absent {
            continue;
        }
        let id = &r.attributes[i].id;
        let has = |k: u8| x.comments & (1 << k) != 0;
        let level = format!("\"{}\"", level_text(x.level));
        let form = if x.note.is_some() && x.form == 0 {
            1
        } else {
            x.form % 3
        };
        if form == 2 {
            tables.push(i);
            continue;
        }
        if has(7) {
            let c = b.comment();
            b.lit(&format!("{c}\n"));
        }
        b.lit(&format!("{id} = "));
        if form == 0 {
            b.value(&[Slot::Whole(i)], &level);
        } else {
            b.lit("{ level = ");
            b.value(&[Slot::Level(i)], &level);
            match &x.note {
                Some(n) => {
                    b.value(&[Slot::NoteRegion(i)], ", note = ");
                    b.value(&[Slot::NoteRegion(i), Slot::Note(i)], &format!("\"{n}\""));
                }
                None => b.value(&[Slot::NoteRegion(i)], ""),
            }
            b.lit(" }");
        }
        if has(0) {
            let c = b.comment();
            b.lit(&format!("  {c}"));
        }
        b.lit("\n");
    }
    for i in tables {
        toml_table(&mut b, i, &r.attributes[i].id, &w[i]);
    }
    let c = b.comment();
    b.lit(&format!("{c}\n"));
    b
}

/// An answer as an `[answers.ID]` table, comments around its keys.
fn toml_table(b: &mut Builder, i: usize, id: &str, x: &Written) {
    let has = |k: u8| x.comments & (1 << k) != 0;
    b.lit(&format!("\n[answers.{id}]"));
    if has(0) {
        let c = b.comment();
        b.lit(&format!("   {c}"));
    }
    b.lit("\n");
    if has(1) {
        let c = b.comment();
        b.lit(&format!("{c}\n"));
    }
    b.lit("level = ");
    b.value(&[Slot::Level(i)], &format!("\"{}\"", level_text(x.level)));
    if has(2) {
        let c = b.comment();
        b.lit(&format!("  {c}"));
    }
    b.lit("\n");
    // A note added goes after the level's line.
    b.value(&[Slot::NoteRegion(i)], "");
    if let Some(n) = &x.note {
        let nr = [Slot::NoteRegion(i)];
        let both = [Slot::NoteRegion(i), Slot::Note(i)];
        if has(3) {
            // A comment above the note belongs to it: removing the note may not keep it.
            let c = b.comment();
            b.lit(&format!("{c}\n"));
            b.may_back_up.push(i);
        }
        b.value(&nr, "note = ");
        match x.note_form {
            0 => b.value(&both, &format!("\"{n}\"")),
            1 => b.value(&both, &format!("'{n}'")),
            _ => b.value(&both, &format!("\"\"\"\n{}\"\"\"", n.replace(' ', "\n"))),
        }
        if has(4) {
            b.value(&nr, "  ");
            let c = b.comment();
            b.lit(&c);
            b.may_back_up.push(i);
        }
        b.value(&nr, "\n");
    }
    if has(5) {
        let c = b.comment();
        b.lit(&format!("{c}\n"));
    }
}

/// Whether `text` is `pattern`: its literal pieces in order, anything where a value may change.
fn matches(text: &str, pattern: &[Option<String>]) -> bool {
    let mut at = 0;
    let mut wild = false;
    for (k, p) in pattern.iter().enumerate() {
        match p {
            None => wild = true,
            Some(lit) => {
                let last = k + 1 == pattern.len();
                let found = if last && wild {
                    text.len()
                        .checked_sub(lit.len())
                        .filter(|&s| s >= at && text[s..] == **lit)
                } else if wild {
                    text[at..].find(lit.as_str()).map(|s| s + at)
                } else {
                    text[at..].starts_with(lit.as_str()).then_some(at)
                };
                let Some(s) = found else { return false };
                at = s + lit.len();
                wild = false;
            }
        }
    }
    wild || at == text.len()
}

/// The UTF-8 byte-order mark Notepad puts at the start of a file.
const BOM: &str = "\u{feff}";

/// The assessment `before` with `changes` made.
fn changed(before: &Assessment, changes: &[Change]) -> Assessment {
    let mut after = before.clone();
    for (i, level, note) in changes {
        after.answers[*i] = level.map_or(Answer::Unsure, Answer::Level);
        after.notes[*i] = note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
    }
    after
}

/// The file's text after its byte-order mark, which must be there exactly when the generated
/// file had one.
fn after_bom(bytes: Vec<u8>, bom: bool) -> Result<String, TestCaseError> {
    let text = String::from_utf8(bytes).unwrap();
    prop_assert_eq!(
        text.starts_with(BOM),
        bom,
        "the byte-order mark is kept, and only there"
    );
    Ok(text.strip_prefix(BOM).unwrap_or(&text).to_string())
}

/// A second session on the file a first one saved (resumed: opened again, answers changed):
/// the save goes through (no false "changed outside this session") and reads back.
fn resume_and_change(
    path: &std::path::Path,
    syntax: Syntax,
    bom: bool,
    again: &[Change],
) -> Result<(), TestCaseError> {
    let r = Rubric::builtin();
    let (mut file, existing) = AnswersFile::open(path, &r)
        .map_err(|e| TestCaseError::fail(format!("the saved file does not open again: {e}")))?;
    let before = existing.unwrap().0;
    let after = changed(&before, again);
    let today = Date::parse("2026-03-03").unwrap();
    file.save(&after, &r, today)
        .map_err(|e| TestCaseError::fail(format!("a resumed session cannot save: {e}")))?;
    let new = after_bom(std::fs::read(path).unwrap(), bom)?;
    let back = Assessment::load(&Source::from_text("a", new.clone(), syntax), &r)
        .unwrap()
        .0;
    prop_assert_eq!(&back.answers, &after.answers, "{}", new);
    prop_assert_eq!(&back.notes, &after.notes, "{}", new);
    Ok(())
}

fn check(
    syntax: Syntax,
    crlf: bool,
    w: Vec<Written>,
    changes: Vec<Change>,
) -> Result<(), TestCaseError> {
    check_file(syntax, crlf, false, w, changes, &[])
}

/// [`check`], the file written with a byte-order mark first when `bom`; then a second session
/// resumes it and makes the changes `again`.
fn check_file(
    syntax: Syntax,
    crlf: bool,
    bom: bool,
    w: Vec<Written>,
    changes: Vec<Change>,
    again: &[Change],
) -> Result<(), TestCaseError> {
    let r = Rubric::builtin();
    let b = match syntax {
        Syntax::Yaml => yaml_file(&r, &w, crlf),
        Syntax::Toml => toml_file(&r, &w, crlf),
    };
    let text = b.text();
    let ext = if syntax == Syntax::Yaml {
        "yaml"
    } else {
        "toml"
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("a.{ext}"));
    let on_disk = if bom {
        format!("{BOM}{text}")
    } else {
        text.clone()
    };
    std::fs::write(&path, &on_disk).unwrap();
    // What the generated file holds, as the tool reads it.
    let before = Assessment::load(&Source::from_text("a", text.clone(), syntax), &r)
        .map_err(|e| TestCaseError::fail(format!("generated file does not load: {e}\n{text}")))?
        .0;
    for (i, x) in w.iter().enumerate() {
        let expected = match (x.absent, x.level) {
            (true, _) => Answer::Missing,
            (false, None) => Answer::Unsure,
            (false, Some(l)) => Answer::Level(l),
        };
        prop_assert_eq!(before.answers[i], expected, "{}", text);
    }
    let after = changed(&before, &changes);
    let (mut file, _) = AnswersFile::open(&path, &r).unwrap();
    let today = Date::parse("2026-02-02").unwrap();
    file.save(&after, &r, today)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let new = after_bom(std::fs::read(&path).unwrap(), bom)?;
    let mut expected = after.clone();
    if after.answers != before.answers || after.notes != before.notes {
        expected.date = Some(today);
    }
    let back = Assessment::load(&Source::from_text("a", new.clone(), syntax), &r)
        .unwrap()
        .0;
    prop_assert_eq!(&back, &expected, "{}", new);

    let bak = dir.path().join(format!("a.{ext}.bak"));
    // Which values changed, and why.
    let changed = |s: &Slot| match *s {
        Slot::Whole(i) => {
            before.answers[i] != after.answers[i] || before.notes[i] != after.notes[i]
        }
        Slot::Level(i) => before.answers[i] != after.answers[i],
        Slot::Note(i) => {
            before.notes[i] != after.notes[i]
                && before.notes[i].is_some()
                && after.notes[i].is_some()
        }
        Slot::NoteRegion(i) => before.notes[i].is_some() != after.notes[i].is_some(),
        Slot::Date => expected.date != before.date,
    };
    if bak.exists() {
        // Allowed only where an exact edit would lose a comment: and then said, with the copy.
        let allowed = b
            .may_back_up
            .iter()
            .any(|&i| before.notes[i].is_some() && after.notes[i].is_none());
        prop_assert!(
            allowed,
            "a copy was kept for an edit that can be exact:\n{}\n{:?}",
            text,
            file.notes
        );
        prop_assert_eq!(std::fs::read_to_string(&bak).unwrap(), on_disk.clone());
        prop_assert!(
            file.notes
                .iter()
                .any(|n| n.contains("a.") && n.contains(".bak")),
            "the copy is not said: {:?}",
            file.notes
        );
        return resume_and_change(&path, syntax, bom, again);
    }
    prop_assert!(file.notes.is_empty(), "{:?}", file.notes);
    // Answers written anew (not in the file before) are lines of their own: set them aside.
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut rest = new.clone();
    for (i, x) in w.iter().enumerate() {
        if x.absent && after.answers[i] != Answer::Missing {
            let id = &r.attributes[i].id;
            let start = match syntax {
                Syntax::Yaml => format!("  {id}: "),
                Syntax::Toml => format!("{id} = "),
            };
            let at = rest
                .split_inclusive('\n')
                .scan(0, |pos, l| {
                    let p = *pos;
                    *pos += l.len();
                    Some((p, l))
                })
                .find(|(_, l)| l.starts_with(&start));
            let (at, line) =
                at.ok_or_else(|| TestCaseError::fail(format!("{id} not added:\n{new}")))?;
            prop_assert!(line.ends_with(eol), "{:?}", line);
            rest.replace_range(at..at + line.len(), "");
        }
    }
    let mut pattern: Vec<Option<String>> = Vec::new();
    for s in &b.segs {
        let piece = match s {
            Seg::Value(slots, _) if slots.iter().any(changed) => None,
            Seg::Lit(t) | Seg::Value(_, t) => Some(t.clone()),
        };
        match (pattern.last_mut(), piece) {
            (Some(Some(prev)), Some(t)) => prev.push_str(&t),
            (Some(None), None) => {}
            (_, p) => pattern.push(p),
        }
    }
    prop_assert!(
        matches(&rest, &pattern),
        "bytes outside the changed values moved.\nbefore:\n{}\nafter:\n{}\npattern: {:?}",
        text,
        new,
        pattern
    );
    resume_and_change(&path, syntax, bom, again)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The invariant, in YAML: every byte outside the changed values stays, or a copy is kept and
    /// said.
    #[test]
    fn a_yaml_edit_keeps_every_byte_but_the_changed_values(
        w in proptest::collection::vec(written(), 17),
        crlf in any::<bool>(),
        changes in changes(),
    ) {
        check(Syntax::Yaml, crlf, w, changes)?;
    }

    /// The same in TOML.
    #[test]
    fn a_toml_edit_keeps_every_byte_but_the_changed_values(
        w in proptest::collection::vec(written(), 17),
        crlf in any::<bool>(),
        changes in changes(),
    ) {
        check(Syntax::Toml, crlf, w, changes)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// A file saved by Notepad (a byte-order mark first), with LF or CRLF, in YAML or TOML: a
    /// session changes it under the same invariant, keeps the mark, and the next session resumes
    /// and changes it again (never a false "changed outside this session").
    #[test]
    fn a_file_with_a_byte_order_mark_is_edited_resumed_and_edited_again(
        toml in any::<bool>(),
        w in proptest::collection::vec(written(), 17),
        crlf in any::<bool>(),
        changes in changes(),
        again in changes(),
    ) {
        let syntax = if toml { Syntax::Toml } else { Syntax::Yaml };
        check_file(syntax, crlf, true, w, changes, &again)?;
    }
}

#[test]
fn the_pattern_matcher_tells_kept_bytes_from_changed_ones() {
    let p = |v: &[Option<&str>]| v.iter().map(|x| x.map(str::to_string)).collect::<Vec<_>>();
    assert!(matches(
        "a: 1 # c\n",
        &p(&[Some("a: "), None, Some(" # c\n")])
    ));
    assert!(!matches("a: 1\n", &p(&[Some("a: "), None, Some(" # c\n")])));
    assert!(!matches(
        "a: 1 # c\nb",
        &p(&[Some("a: "), None, Some(" # c\n")])
    ));
    assert!(matches("xy", &p(&[Some("x"), None])));
    assert!(!matches("x", &p(&[Some("xy")])));
}
