//! Changing an answers file the way a careful person would: only what changed, in place, keeping
//! comments, key order and layout. YAML is edited line by line (the `answers` block, the top-level
//! `organization`, `date` and `respondent`); TOML through `toml_edit`. Every edit is checked by
//! reading the new text back: when it does not read back as exactly the intended assessment, or
//! the file's layout is beyond a safe edit (flow-style `answers`, anchors, several documents), the
//! caller is told why and rewrites the file whole.

use crate::assessment::{Answer, Assessment};
use crate::rubric::Rubric;
use crate::source::yaml_text::{Kind, Lines};
use crate::source::{Source, Syntax};

/// `text` with `before` changed into `after`, or why that cannot be done in place.
pub fn edit(
    text: &str,
    syntax: Syntax,
    rubric: &Rubric,
    before: &Assessment,
    after: &Assessment,
) -> Result<String, String> {
    let new = match syntax {
        Syntax::Yaml => yaml(text, rubric, before, after)?,
        Syntax::Toml => toml(text, rubric, before, after)?,
    };
    let src = Source::from_text("<edited>", new.clone(), syntax);
    let (read, _) = Assessment::load(&src, rubric).map_err(|e| e.to_string())?;
    if read != *after {
        return Err("the edited file would not read back as the answers given".to_string());
    }
    Ok(new)
}

/// A string as YAML or TOML reads it: the one quoting rule
/// ([`escape::yaml_quoted`](crate::escape::yaml_quoted)).
fn quoted(s: &str) -> String {
    crate::escape::yaml_quoted(s)
}

fn level_word(rubric: &Rubric, a: Answer) -> Option<&str> {
    match a {
        Answer::Level(l) => Some(rubric.levels[l].id.as_str()),
        Answer::Unsure => Some("unsure"),
        Answer::Missing => None,
    }
}

// ---- YAML ----

/// The value written after the `:` on line `k` (the token before `after` in its tokens), without
/// its comment.
fn inline_value<'a>(view: &Lines<'a>, k: usize, after: usize) -> &'a str {
    let line = view.line(k);
    let colon = view.col(k, &view.tokens(k)[after - 1]);
    let rest = &line[colon + 1..];
    rest.strip_suffix(view.comment(k)).unwrap_or(rest).trim()
}

/// A line holding only a comment.
fn comment_only(view: &Lines, k: usize) -> bool {
    !view.tokens(k).is_empty() && view.indent(k).is_none()
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The line where top-level `key:` is written, and the index of what follows its `:`.
fn top_key(view: &Lines, key: &str) -> Option<(usize, usize)> {
    (0..view.len()).find_map(|k| {
        let (name, after) = view.key_at(k, 0)?;
        (name == key).then_some((k, after))
    })
}

/// One past the last line of the answer that starts on line `k`: the lines after it that are
/// more indented than `indent`, or continue its value, up to the next answer or a comment at the
/// answers' column; blank lines at its end are not its own.
fn entry_end(view: &Lines, lines: &[String], k: usize, indent: usize, block_end: usize) -> usize {
    let mut end = k + 1;
    let mut last = end;
    while end < block_end {
        match view.indent(end) {
            Some(i) if i <= indent => break,
            None if comment_only(view, end) && indent_of(&lines[end]) <= indent => break,
            _ => {}
        }
        end += 1;
        if !lines[end - 1].trim().is_empty() {
            last = end;
        }
    }
    last
}

struct Entry {
    attribute: usize,
    start: usize,
    /// One past its last line.
    end: usize,
}

/// The answers written under `answers:` (a block map at line `answers_at`), each with its lines;
/// a layout beyond a safe edit is refused.
fn yaml_entries(
    view: &Lines,
    lines: &[String],
    rubric: &Rubric,
    answers_at: usize,
) -> Result<(Vec<Entry>, usize), String> {
    // The block: up to the next line with content at column 0.
    let block_end = (answers_at + 1..lines.len())
        .find(|&k| view.indent(k) == Some(0))
        .unwrap_or(lines.len());
    let k_indent = (answers_at + 1..block_end)
        .find_map(|k| view.indent(k))
        .unwrap_or(2);
    let mut entries: Vec<Entry> = Vec::new();
    let mut k = answers_at + 1;
    while k < block_end {
        let Some(indent) = view.indent(k) else {
            k += 1;
            continue;
        };
        if indent != k_indent {
            return Err(format!("line {} is indented unlike the answers", k + 1));
        }
        let (key, _) = view
            .key_at(k, k_indent)
            .ok_or("an answer is not `id: level`")?;
        let attribute = rubric
            .attribute_index(key)
            .ok_or("an answer names an unknown attribute")?;
        let end = entry_end(view, lines, k, k_indent, block_end);
        let anchored = (k..end)
            .flat_map(|j| view.tokens(j))
            .any(|t| matches!(t.kind, Kind::Anchor | Kind::Alias));
        if anchored {
            return Err("an answer uses an anchor or alias".to_string());
        }
        entries.push(Entry {
            attribute,
            start: k,
            end,
        });
        k = end;
    }
    Ok((entries, k_indent))
}

fn yaml(
    text: &str,
    rubric: &Rubric,
    before: &Assessment,
    after: &Assessment,
) -> Result<String, String> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let ends_with_eol = text.ends_with('\n');
    let view = Lines::new(text);
    let mut lines: Vec<String> = (0..view.len()).map(|k| view.line(k).to_string()).collect();
    if ends_with_eol {
        lines.pop();
    }
    let marked = (0..view.len())
        .flat_map(|k| view.tokens(k))
        .any(|t| matches!(t.kind, Kind::DocumentMarker | Kind::Directive));
    if marked {
        return Err("the file has document markers".to_string());
    }
    let (answers_at, after_colon) =
        top_key(&view, "answers").ok_or("no `answers:` line at the top level")?;
    match inline_value(&view, answers_at, after_colon) {
        "" => {}
        "{}" => lines[answers_at] = format!("answers:{}", view.comment(answers_at)),
        _ => return Err("`answers` is written in flow style".to_string()),
    }
    let (entries, k_indent) = yaml_entries(&view, &lines, rubric, answers_at)?;
    // (start, end, new lines); applied bottom up, later ones first where they start together, so
    // line numbers above stay right.
    let mut edits: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let pad = " ".repeat(k_indent);
    for i in 0..rubric.attributes.len() {
        let (a, b) = (after.answers[i], before.answers[i]);
        let (na, nb) = (&after.notes[i], &before.notes[i]);
        if a == b && na == nb {
            continue;
        }
        let Some(word) = level_word(rubric, a) else {
            return Err("an answer would be removed".to_string());
        };
        let value = match na {
            Some(note) => format!("{{ level: {word}, note: {} }}", quoted(note)),
            None => word.to_string(),
        };
        let id = &rubric.attributes[i].id;
        match entries.iter().find(|e| e.attribute == i) {
            Some(e) => {
                let comment = view.comment(e.start);
                edits.push((e.start, e.end, vec![format!("{pad}{id}: {value}{comment}")]));
            }
            None => {
                let at = insertion_point(rubric, &entries, &view, i, answers_at);
                edits.push((at, at, vec![format!("{pad}{id}: {value}")]));
            }
        }
    }
    top_level_edits(&view, &lines, before, after, answers_at, &mut edits)?;
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by(|&x, &y| (edits[y].0, edits[y].1, y).cmp(&(edits[x].0, edits[x].1, x)));
    let mut edits: Vec<Option<(usize, usize, Vec<String>)>> = edits.into_iter().map(Some).collect();
    for k in order {
        let Some((start, end, new)) = edits[k].take() else {
            continue;
        };
        lines.splice(start..end, new);
    }
    let mut out = lines.join(eol);
    if ends_with_eol {
        out.push_str(eol);
    }
    Ok(out)
}

/// The edits to `organization`, `date` and `respondent`: in place where they are written, else
/// above the answers block and the comments that introduce it (below a comment that heads the
/// whole file).
fn top_level_edits(
    view: &Lines,
    lines: &[String],
    before: &Assessment,
    after: &Assessment,
    answers_at: usize,
    edits: &mut Vec<(usize, usize, Vec<String>)>,
) -> Result<(), String> {
    let above = match comment_block_above(view, answers_at) {
        0 => answers_at,
        k => k,
    };
    let mut insert_above: Vec<String> = Vec::new();
    for (key, was, now) in [
        (
            "organization",
            before.organization.as_deref().map(quoted),
            after.organization.as_deref().map(quoted),
        ),
        (
            "date",
            before.date.map(|d| d.to_string()),
            after.date.map(|d| d.to_string()),
        ),
    ] {
        if was == now {
            continue;
        }
        let Some(now) = now else {
            return Err(format!("`{key}` would be removed"));
        };
        match top_key(view, key) {
            Some((at, after_colon)) => {
                if inline_value(view, at, after_colon).is_empty() {
                    return Err(format!("`{key}` is not on one line"));
                }
                let comment = view.comment(at);
                edits.push((at, at + 1, vec![format!("{key}: {now}{comment}")]));
            }
            None => insert_above.push(format!("{key}: {now}")),
        }
    }
    if before.respondent != after.respondent {
        let r = &after.respondent;
        let fields: Vec<String> = [("name", &r.name), ("role", &r.role)]
            .iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| format!("{k}: {}", quoted(v))))
            .collect();
        let flow = format!("respondent: {{ {} }}", fields.join(", "));
        match top_key(view, "respondent") {
            Some((at, after_colon)) => {
                // The block's lines (a map under the key) go with it.
                let mut end = at + 1;
                while end < lines.len() && lines[end].starts_with(' ') {
                    end += 1;
                }
                let inline = inline_value(view, at, after_colon);
                if !(inline.is_empty() || inline.starts_with('{')) {
                    return Err("`respondent` is not a map".to_string());
                }
                edits.push((at, end, vec![format!("{flow}{}", view.comment(at))]));
            }
            None => insert_above.push(flow),
        }
    }
    if !insert_above.is_empty() {
        edits.push((above, above, insert_above));
    }
    Ok(())
}

/// The first line of the comments directly above line `at` (or `at` itself).
fn comment_block_above(view: &Lines, at: usize) -> usize {
    let mut k = at;
    while k > 0 && comment_only(view, k - 1) {
        k -= 1;
    }
    k
}

/// Where a new answer for attribute `i` goes: after the answer before it in rubric order when
/// that is in the same section, else before the next one in its section, else after the one
/// before, else above the first one's comments, else right under `answers:`.
fn insertion_point(
    rubric: &Rubric,
    entries: &[Entry],
    view: &Lines,
    i: usize,
    answers_at: usize,
) -> usize {
    let section = |a: usize| rubric.attributes[a].section;
    let prev = entries
        .iter()
        .filter(|e| e.attribute < i)
        .max_by_key(|e| e.attribute);
    let next = entries
        .iter()
        .filter(|e| e.attribute > i)
        .min_by_key(|e| e.attribute);
    match (prev, next) {
        (Some(p), _) if section(p.attribute) == section(i) => p.end,
        (_, Some(n)) if section(n.attribute) == section(i) => n.start,
        (Some(p), _) => p.end,
        (None, Some(n)) => comment_block_above(view, n.start).max(answers_at + 1),
        (None, None) => answers_at + 1,
    }
}

// ---- TOML ----

fn toml(
    text: &str,
    rubric: &Rubric,
    before: &Assessment,
    after: &Assessment,
) -> Result<String, String> {
    use toml_edit::{DocumentMut, InlineTable, Item, Value};
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    // Replace a value, keeping the comment and spacing around it.
    fn set(item: &mut Item, v: Value) {
        let decor = item.as_value().map(|x| x.decor().clone());
        *item = Item::Value(v);
        if let (Some(d), Some(v)) = (decor, item.as_value_mut()) {
            *v.decor_mut() = d;
        }
    }
    if before.organization != after.organization {
        let now = after
            .organization
            .as_deref()
            .ok_or("`organization` would be removed")?;
        set(&mut doc["organization"], Value::from(now));
    }
    if before.date != after.date {
        let now = after.date.ok_or("`date` would be removed")?;
        let as_text = doc.get("date").and_then(Item::as_str).is_some();
        let value = if as_text {
            Value::from(now.to_string())
        } else {
            let date = toml_edit::Date {
                year: now.0.format("%Y").to_string().parse().unwrap_or(1),
                month: now.0.format("%m").to_string().parse().unwrap_or(1),
                day: now.0.format("%d").to_string().parse().unwrap_or(1),
            };
            Value::from(toml_edit::Datetime {
                date: Some(date),
                time: None,
                offset: None,
            })
        };
        set(&mut doc["date"], value);
    }
    if before.respondent != after.respondent {
        let r = &after.respondent;
        match doc.get_mut("respondent") {
            Some(item) if item.is_table_like() => {
                for (k, v) in [("name", &r.name), ("role", &r.role)] {
                    if let Some(v) = v {
                        set(&mut item[k], Value::from(v.as_str()));
                    }
                }
            }
            Some(_) => return Err("`respondent` is not a table".to_string()),
            None => {
                let mut t = InlineTable::new();
                for (k, v) in [("name", &r.name), ("role", &r.role)] {
                    if let Some(v) = v {
                        t.insert(k, Value::from(v.as_str()));
                    }
                }
                doc.insert("respondent", Item::Value(Value::InlineTable(t)));
            }
        }
    }
    let answers = doc
        .get_mut("answers")
        .filter(|a| a.is_table_like())
        .ok_or("no `answers` table")?;
    for i in 0..rubric.attributes.len() {
        let (a, b) = (after.answers[i], before.answers[i]);
        let (na, nb) = (&after.notes[i], &before.notes[i]);
        if a == b && na == nb {
            continue;
        }
        let word = level_word(rubric, a).ok_or("an answer would be removed")?;
        let value = match na {
            Some(note) => {
                let mut t = InlineTable::new();
                t.insert("level", Value::from(word));
                t.insert("note", Value::from(note.as_str()));
                Value::InlineTable(t)
            }
            None => Value::from(word),
        };
        set(&mut answers[rubric.attributes[i].id.as_str()], value);
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Date;

    fn load(text: &str, syntax: Syntax) -> Assessment {
        let src = Source::from_text("t", text, syntax);
        Assessment::load(&src, &Rubric::builtin()).unwrap().0
    }

    const YAML: &str = concat!(
        "# Acme: marketing's view.\n",
        "rubric: persona-optimization-framework@1.0.0\n",
        "organization: Acme Analytics   # the whole company\n",
        "respondent: { name: Dana Reyes, role: marketing }\n",
        "date: 2026-11-02\n",
        "answers:\n",
        "  # Core Attributes\n",
        "  internal-persona-ownership: advancing   # Dana's KPI\n",
        "  sharing-personas: { level: emerging, note: \"Only enterprise\" }\n",
        "  training: unsure\n",
        "  # Creating\n",
        "  data-analysis: experimenting\n",
    );

    #[test]
    fn a_changed_yaml_answer_is_edited_in_place_keeping_comments_and_order() {
        let r = Rubric::builtin();
        let before = load(YAML, Syntax::Yaml);
        let mut after = before.clone();
        after.answers[0] = Answer::Level(3);
        after.answers[3] = Answer::Level(1);
        after.notes[3] = Some("ask HR: \"onboarding\" #1".into());
        after.date = Some(Date::parse("2026-11-23").unwrap());
        let new = edit(YAML, Syntax::Yaml, &r, &before, &after).unwrap();
        let expected = YAML
            .replace(
                "internal-persona-ownership: advancing   # Dana's KPI",
                "internal-persona-ownership: fully-optimized   # Dana's KPI",
            )
            .replace(
                "training: unsure",
                "training: { level: emerging, note: \"ask HR: \\\"onboarding\\\" #1\" }",
            )
            .replace("date: 2026-11-02", "date: 2026-11-23");
        assert_eq!(new, expected);
    }

    #[test]
    fn yaml_read_by_the_shared_tokenizer_keeps_comments_and_whole_entries() {
        let r = Rubric::builtin();
        // An apostrophe in plain text is not a quote, so the comment after it is kept; a note
        // written as a block scalar with a blank line, a `#` and a `- ` inside is one entry.
        let text = concat!(
            "answers:\n",
            "  internal-persona-ownership: { level: advancing, note: it's ours }   # keep\n",
            "  sharing-personas:\n",
            "    level: emerging\n",
            "    note: |\n",
            "      first\n",
            "\n",
            "      # not a comment\n",
            "      - not an item\n",
            "  # Core, continued\n",
            "  training: unsure\n",
        );
        let before = load(text, Syntax::Yaml);
        assert_eq!(
            before.notes[1].as_deref(),
            Some("first\n\n# not a comment\n- not an item")
        );
        let mut after = before.clone();
        after.answers[0] = Answer::Level(3);
        after.answers[1] = Answer::Level(2);
        after.notes[1] = None;
        let new = edit(text, Syntax::Yaml, &r, &before, &after).unwrap();
        assert_eq!(
            new,
            concat!(
                "answers:\n",
                "  internal-persona-ownership: { level: fully-optimized, note: \"it's ours\" }   # keep\n",
                "  sharing-personas: advancing\n",
                "  # Core, continued\n",
                "  training: unsure\n",
            )
        );
    }

    #[test]
    fn line_separators_in_a_name_are_quoted_and_edited_in_place() {
        let r = Rubric::builtin();
        let before = load(YAML, Syntax::Yaml);
        let mut after = before.clone();
        after.organization = Some("Acme\u{85}West\u{2028}Coast".into());
        after.respondent.name = Some("Dana\u{2029}Reyes".into());
        let new = edit(YAML, Syntax::Yaml, &r, &before, &after).unwrap();
        assert!(
            new.contains("organization: \"Acme\\u0085West\\u2028Coast\"   # the whole company\n"),
            "{new}"
        );
        assert!(
            new.contains("respondent: { name: \"Dana\\u2029Reyes\", role: \"marketing\" }\n"),
            "{new}"
        );
        assert_eq!(new.lines().count(), YAML.lines().count());
    }

    #[test]
    fn a_new_yaml_answer_goes_next_to_its_section_neighbours() {
        let r = Rubric::builtin();
        let before = load(YAML, Syntax::Yaml);
        let mut after = before.clone();
        after.answers[2] = Answer::Level(0); // budget-allocation: after sharing-personas
        after.answers[5] = Answer::Unsure; // qualitative-interviews: before data-analysis, under "# Creating"
        let new = edit(YAML, Syntax::Yaml, &r, &before, &after).unwrap();
        assert!(new.contains(
            "  sharing-personas: { level: emerging, note: \"Only enterprise\" }\n  budget-allocation: experimenting\n  training: unsure\n"
        ), "{new}");
        assert!(
            new.contains(
                "  # Creating\n  qualitative-interviews: unsure\n  data-analysis: experimenting\n"
            ),
            "{new}"
        );
    }

    #[test]
    fn metadata_missing_from_a_yaml_file_is_added_above_the_answers() {
        let r = Rubric::builtin();
        let text = "# my answers\nanswers:\n  training: emerging\n";
        let before = load(text, Syntax::Yaml);
        let mut after = before.clone();
        after.organization = Some("Acme: \"West\"".into());
        after.respondent.name = Some("Sam".into());
        after.date = Some(Date::parse("2026-11-23").unwrap());
        let new = edit(text, Syntax::Yaml, &r, &before, &after).unwrap();
        assert_eq!(
            new,
            "# my answers\norganization: \"Acme: \\\"West\\\"\"\ndate: 2026-11-23\nrespondent: { name: \"Sam\" }\nanswers:\n  training: emerging\n"
        );
    }

    #[test]
    fn layouts_beyond_a_safe_edit_are_refused_with_a_reason() {
        let r = Rubric::builtin();
        for text in [
            "answers: { training: emerging }\n",
            "---\nanswers:\n  training: emerging\n",
            "answers:\n  training: &a emerging\n  sharing-personas: *a\n",
        ] {
            let before = load(text, Syntax::Yaml);
            let mut after = before.clone();
            after.answers[0] = Answer::Level(1);
            assert!(
                edit(text, Syntax::Yaml, &r, &before, &after).is_err(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_toml_file_keeps_its_comments_and_its_date_stays_a_date() {
        let r = Rubric::builtin();
        let text = "# Northwind\nrubric = \"persona-optimization-framework\"\ndate = 2026-10-15 # last review\n\n[respondent]\nname = \"Sam Lee\"\n\n[answers]\ntraining = \"emerging\" # keep\nsharing-personas = { level = \"advancing\", note = \"x\" }\n";
        let before = load(text, Syntax::Toml);
        let mut after = before.clone();
        after.answers[3] = Answer::Level(2);
        after.answers[0] = Answer::Unsure;
        after.respondent.role = Some("sales".into());
        after.date = Some(Date::parse("2026-11-23").unwrap());
        let new = edit(text, Syntax::Toml, &r, &before, &after).unwrap();
        assert!(new.contains("date = 2026-11-23 # last review\n"), "{new}");
        assert!(new.contains("training = \"advancing\" # keep\n"), "{new}");
        assert!(new.contains("role = \"sales\""), "{new}");
        assert!(new.starts_with("# Northwind\n"), "{new}");
        assert!(
            new.contains("internal-persona-ownership = \"unsure\""),
            "{new}"
        );
    }
}
